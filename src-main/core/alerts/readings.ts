/**
 * What a rule sees: per connection, whether its data may be used, and per entity in the rule's scope the watched
 * field's value now.
 *
 * Values between polls:
 * - An agent's time in state grows with the clock: (now − stateSince) / 1000, so "break over 15 min" fires at
 *   15 min even when the vendor is polled once a minute.
 * - A Chronicall-style live metric ticks by its own formula (model `liveValueAt`).
 * - Queue and chat-room waits do NOT tick: the longest waiter may have been answered since the last poll, and an
 *   extrapolated wait would raise alerts the next poll contradicts. The error is at most one poll interval.
 * - A connection's data age grows with the clock.
 * - `serviceLevelGapPct` is the target in effect minus the service level (now, else today's), in percentage points.
 */
import type { RuleWatch } from '../../../src-shared/alerts'
import type { RuleConfig } from '../../../src-shared/config'
import { reasonIn, reasonSet } from '../../../src-shared/rules/reasons'
import { ruleCovers, ruleWatchesConnection } from '../../../src-shared/rules/scope'
import type { ConnectionStatus } from '../../../src-shared/live'
import {
  liveValueAt,
  stateSinceFrom,
  type Agent,
  type ChatRoom,
  type ConnectionState,
  type Metric,
  type ProviderSnapshot,
  type Queue,
} from '../../../src-shared/model'
import { chatRoomServiceLevel, queueServiceLevel, serviceLevelGap } from '../../../src-shared/targets'
import { STALE_AFTER_INTERVALS } from '../engine'
import { worstWithin } from '../forecast/project'
import type { ForecastTracker } from '../forecast/tracker'
import type { Person } from '../../../src-shared/people'
import { personWatchCount, type PeopleWatch, type PersonAgent } from './people-rules'

/** What person rules read: the people of this evaluation and the watch that knows their anomalies. */
export interface PeopleContext {
  watch: PeopleWatch
  people: readonly Person<PersonAgent>[]
}

/**
 * The service level's distance below the target in effect: derived from the two (target − service level), the one
 * rule field that is not a vendor figure as it came (docs/ARCHITECTURE.md §3.6).
 */
export const GAP_FIELD = 'serviceLevelGapPct'

/** States in which a connection's numbers are not to be trusted, whatever their age. */
const FAILING: ReadonlySet<ConnectionState> = new Set([
  'stale',
  'auth_failed',
  'offline',
  'unreachable',
  'rate_limited',
  'error',
])

export interface WatchedConnection {
  id: string
  label: string
  status: ConnectionStatus
  /** The last snapshot with data (warming-up snapshots carry none), or null. */
  snapshot: ProviderSnapshot | null
  /** Entity values may be used: a snapshot younger than the staleness limit, and the connection not failing. */
  fresh: boolean
  /** Failing or stale: its entity alerts are inhibited (its connection alert speaks for them). */
  down: boolean
  /** epoch ms the service first saw it: its data age before the first good snapshot. */
  firstSeen: number
}

export function watchConnection(
  status: ConnectionStatus,
  snapshot: ProviderSnapshot | null,
  firstSeen: number,
  now: number,
): WatchedConnection {
  const limitMs = STALE_AFTER_INTERVALS * status.pollSeconds * 1000
  const old = snapshot !== null && now - snapshot.asOf > limitMs
  const down = FAILING.has(status.state) || status.stale || old
  return {
    id: status.id,
    label: status.label,
    status,
    snapshot,
    fresh: snapshot !== null && !down,
    down,
    firstSeen,
  }
}

export interface Reading {
  entityId: string
  name: string | null
  /** null: the entity is there but the field has no value (not provided, or not a number). */
  value: number | null
}

function numeric(row: object, field: string): number | null {
  const v = (row as Record<string, unknown>)[field]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** A rule's reasons folded once per rule object (the rules are read every second; agents number thousands). */
const foldedReasons = new WeakMap<RuleConfig, ReadonlySet<string> | null>()
function reasonsOf(rule: RuleConfig): ReadonlySet<string> | null {
  let set = foldedReasons.get(rule)
  if (set === undefined) foldedReasons.set(rule, (set = reasonSet(rule.reasons)))
  return set
}

/** The agent is in an agent rule's scope: its ids, state, groups and reasons (src-shared/rules/reasons.ts). */
export function agentMatches(rule: RuleConfig, a: Agent): boolean {
  if (rule.ids !== undefined && !rule.ids.includes(a.id)) return false
  if (rule.state !== undefined && a.state !== rule.state) return false
  if (rule.groups !== undefined && !a.groupIds.some((g) => rule.groups?.includes(g))) return false
  if (rule.reasons !== undefined && !reasonIn(reasonsOf(rule), a.stateReason)) return false
  return true
}

export function agentTimeInState(a: Agent, asOf: number, now: number): number | null {
  const since = a.stateSince ?? stateSinceFrom(asOf, a.timeInStateSec)
  if (since === null) return null
  return Math.max(0, (now - since) / 1000)
}

export function metricValue(m: Metric, now: number): number | null {
  if (m.status !== 'ok') return null
  if (m.live !== null) return liveValueAt(m.live, now)
  if (typeof m.value === 'number') return Number.isFinite(m.value) ? m.value : null
  // A boolean metric compares as 1 (true) / 0 (false).
  if (typeof m.value === 'boolean') return m.value ? 1 : 0
  return null
}

/**
 * Queues of a snapshot in a queue rule's scope (src-shared/rules/scope.ts). A queue whose media nobody could tell is
 * `unknown` and is taken only by a rule that names `unknown` (or names no media): never dropped for lack of a label.
 */
export function scopedQueues(rule: RuleConfig, s: ProviderSnapshot): Queue[] {
  return s.queues.filter((q) =>
    ruleCovers(rule, 'queue', { connection: s.connection, id: q.id, media: q.media }),
  )
}

/** Chat rooms of a snapshot in a chat-room rule's scope (src-shared/rules/scope.ts). */
export function scopedChatRooms(rule: RuleConfig, s: ProviderSnapshot): ChatRoom[] {
  return s.chatRooms.filter((r) => ruleCovers(rule, 'chatRoom', { connection: s.connection, id: r.id }))
}

/**
 * The entities of `c` a rule watches and their values now. Connection rules always have a reading (the data age;
 * null while polling is paused on purpose); entity rules need fresh data: call only when `c.fresh`.
 */
export function readingsFor(
  rule: RuleConfig,
  c: WatchedConnection,
  now: number,
  forecast?: ForecastTracker,
  people?: PeopleContext,
): Reading[] {
  if (rule.entity === 'person') return people ? people.watch.readings(rule, c, people.people, now) : []
  const readings = readingsNow(rule, c, now)
  const horizon = rule.forecast?.horizonSec
  if (horizon === undefined || forecast === undefined) return readings
  if (rule.entity !== 'queue' && rule.entity !== 'chatRoom') return readings
  const kind = rule.entity
  // A forecast rule reads the worst value between now and its horizon (docs/ARCHITECTURE.md §3.11); where the course
  // cannot be told yet (a minute after start), the value now.
  return readings.map((r) => {
    if (r.value === null) return r
    const course = forecast.course(c.id, kind, r.entityId, rule.field)
    return course === null ? r : { ...r, value: worstWithin(course, rule.op, now, horizon) }
  })
}

/** A queue's or chat room's reading: the watched field, or its service level's gap below the target in effect. */
function waitReading<R extends Queue | ChatRoom>(
  rule: RuleConfig,
  row: R,
  serviceLevel: (row: R) => number | null,
): Reading {
  return {
    entityId: row.id,
    name: row.name,
    value:
      rule.field === GAP_FIELD
        ? serviceLevelGap(row.serviceLevelTargetPct, serviceLevel(row))
        : numeric(row, rule.field),
  }
}

function readingsNow(rule: RuleConfig, c: WatchedConnection, now: number): Reading[] {
  if (rule.entity === 'connection') {
    const since = c.status.lastOkAt ?? c.snapshot?.asOf ?? c.firstSeen
    // Paused on purpose, or the first poll after a pause, a wake-up or the network's return has not answered yet:
    // the data is old by choice or for a moment, and "connection down" would be a false alarm.
    const holding = c.status.paused || c.status.state === 'paused' || c.status.reason === 'resuming'
    const value = holding ? null : Math.max(0, (now - since) / 1000)
    return [{ entityId: c.id, name: c.label, value }]
  }
  const s = c.snapshot
  if (s === null) return []
  switch (rule.entity) {
    case 'queue':
      return scopedQueues(rule, s).map((q) => waitReading(rule, q, queueServiceLevel))
    case 'chatRoom':
      return scopedChatRooms(rule, s).map((r) => waitReading(rule, r, chatRoomServiceLevel))
    case 'agent':
      return s.agents
        .filter((a) => agentMatches(rule, a))
        .map((a) => ({ entityId: a.id, name: a.name, value: agentTimeInState(a, s.asOf, now) }))
    case 'person':
      // Read across connections (readingsFor, people-rules.ts).
      return []
    case 'metric':
      return s.metrics
        .filter((m) => rule.ids === undefined || rule.ids.includes(m.key) || rule.ids.includes(m.metricId))
        .map((m) => ({ entityId: m.key, name: m.name ?? m.metricId, value: metricValue(m, now) }))
  }
}

/**
 * Per connection a rule looks at, how many entities it watches in the latest data and how many of them have a
 * value: what the rule editor shows, so a rule that watches nothing somewhere says so.
 */
export function watchCounts(
  rule: RuleConfig,
  conns: ReadonlyMap<string, WatchedConnection>,
  now: number,
  people?: PeopleContext,
): RuleWatch[] {
  const out: RuleWatch[] = []
  for (const c of conns.values()) {
    if (!ruleWatchesConnection(rule, c.id)) continue
    if (rule.entity === 'person') {
      const n = people ? personWatchCount(rule, c, people.people) : { entities: 0, withValue: 0 }
      out.push({ connection: c.id, ...n, fresh: c.fresh })
      continue
    }
    const readings = readingsFor(rule, c, now, undefined, people)
    out.push({
      connection: c.id,
      entities: readings.length,
      withValue:
        rule.entity === 'connection' ? readings.length : readings.filter((r) => r.value !== null).length,
      fresh: c.fresh,
    })
  }
  return out.sort((a, b) => a.connection.localeCompare(b.connection))
}
