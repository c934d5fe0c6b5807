/**
 * The Store (docs/ARCHITECTURE.md §3.4): the latest snapshot per connection flattened into rows keyed
 * `<connection>:<id>`, the merged live view, staleness, the history ring, and `{seq, upserts, removed}`
 * patches so the renderer is sent only what changed.
 */
import {
  COLLECTION_NAMES,
  historyKey,
  rowKey,
  type CollectionName,
  type ConnectionStatus,
  type LiveCollections,
  type LivePatch,
  type LiveRow,
  type LiveState,
  type RowBase,
} from '../../../src-shared/live'
import { sameTeamNames } from '../../../src-shared/teams'
import {
  AGENT_STATES,
  stateSinceFrom,
  type Agent,
  type AgentState,
  type ChatRoom,
  type Metric,
  type ProviderSnapshot,
  type Queue,
} from '../../../src-shared/model'
import type { HistorySample } from '../providers/types'
import { History } from './history'

type EntityCollection = Exclude<CollectionName, 'connections'>
const ENTITY_COLLECTIONS = COLLECTION_NAMES.filter((c): c is EntityCollection => c !== 'connections')

type Row = RowBase & Record<string, unknown>

/**
 * A row as the live view sends it (`live:get`, `live:patch`): without `raw`, the vendor's fields, which are
 * debugging detail, often larger than the row and ticking; `live:row` gives one row with them.
 */
function onTheWire(row: unknown): unknown {
  const r = row as { raw?: unknown }
  return r.raw === null || r.raw === undefined ? row : { ...r, raw: null }
}

/**
 * What makes a row "changed" (a row that did not change is not sent again: every board on a TV receives every
 * patch, docs/BENCHMARKS.md "bridge"). asOf changes every poll, and an agent's timeInStateSec grows with it while
 * its stateSince stays put: the renderer ticks agents from stateSince, so an agent whose only news is a newer asOf
 * is not re-sent (with thousands of agents that is most of a tick). `raw` is left out everywhere: vendors put
 * ticking counters there (8x8's time-in-status), it is debugging detail, and the stored row keeps the newest.
 * - Queues and rooms where someone waits always go: their longest wait ticks from asOf. Otherwise only a change
 *   of a figure sends them.
 * - Agents: see {@link sameAgent}.
 * - A live metric is a line (value at t = (base + rate × (t − since)) / divisor): a new anchor on the same line is
 *   no news, so its fingerprint is the line, not the anchor (nor `updatedAt`).
 * null: no fingerprint, always sent.
 */
function fingerprint(c: EntityCollection, e: object): string | null {
  if (c === 'queues' || c === 'chatRooms') {
    const waiting = c === 'queues' ? (e as Queue).waiting : (e as ChatRoom).waitingChats
    if (waiting !== null && waiting > 0) return null
    const { raw: _raw, ...figures } = e as Queue | ChatRoom
    return JSON.stringify(figures)
  }
  if (c === 'metrics') {
    const { raw: _raw, updatedAt: _updated, live, value, ...rest } = e as Metric
    // The line's value at t = 0 (whole seconds): the same for every anchor on one line.
    const line =
      live === null
        ? null
        : [Math.round(live.baseSec - (live.ratePerSec * live.sinceMs) / 1000), live.ratePerSec, live.divisor]
    return JSON.stringify([rest, line ?? value])
  }
  return JSON.stringify(e)
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Agents are compared field by field with the row we hold, not by a fingerprint string: with thousands of agents
 * a poll, building a string per agent was most of the cost of telling the changed ones apart (docs/BENCHMARKS.md,
 * store patch). Today's seconds (logged in, available, on break, in wrap-up, talk) grow every second like time in
 * state: only the counts are news, and the board ticks the running one from the row's asOf. The contact in
 * progress is compared by when it began (a contact's seconds grow like time in state), and hold by its flag. The agent drawer asks for the whole row (`live:row`) while it is open.
 */
function sameAgent(row: Row, a: Agent): boolean {
  const r = row as unknown as Agent
  if (
    r.state !== a.state ||
    r.rawState !== a.rawState ||
    r.stateReason !== a.stateReason ||
    r.onHold !== a.onHold ||
    !sameInstant(r.contactSince, a.contactSince) ||
    r.name !== a.name ||
    r.email !== a.email ||
    r.media !== a.media ||
    r.openInteractions !== a.openInteractions ||
    r.freeCapacity !== a.freeCapacity ||
    !sameIds(r.groupIds, a.groupIds) ||
    !sameTeamNames(r.groupNames, a.groupNames) ||
    !sameIds(r.queueIds, a.queueIds)
  )
    return false
  if (r.today === null || a.today === null) return r.today === a.today
  return (
    r.today.handled === a.today.handled &&
    r.today.rejected === a.today.rejected &&
    r.today.missed === a.today.missed &&
    r.today.avgHandleSec === a.today.avgHandleSec
  )
}

function agentSince(a: Agent, asOf: number): number | null {
  return a.stateSince ?? stateSinceFrom(asOf, a.timeInStateSec)
}

/** Vendors give whole seconds in state against a millisecond asOf: allow that rounding. */
function sameInstant(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1_500
  return a === b
}

interface Slot {
  rows: Map<string, Row>
  /** JSON of each row, to tell a changed row from an unchanged one. */
  prints: Map<string, string>
}

export class LiveStore {
  private seq = 0
  private paused = false
  private readonly statuses = new Map<string, ConnectionStatus>()
  private readonly statusPrints = new Map<string, string>()
  private readonly slots: Record<EntityCollection, Slot> = Object.fromEntries(
    ENTITY_COLLECTIONS.map((c) => [c, { rows: new Map(), prints: new Map() }]),
  ) as Record<EntityCollection, Slot>
  /** connection → the keys it owns per collection */
  private readonly owned = new Map<string, Record<EntityCollection, Set<string>>>()
  readonly history = new History()
  private pending: {
    upserts: Map<CollectionName, Map<string, unknown>>
    removed: Map<CollectionName, Set<string>>
  } = { upserts: new Map(), removed: new Map() }

  /**
   * Fold a snapshot in (`record: false`: rows only, no history point). A `warming_up` snapshot carries no
   * entities: the rows we had stay (marked by the connection's status) rather than blinking away.
   */
  applySnapshot(s: ProviderSnapshot, intervalMs: number, opts: { record?: boolean } = {}): void {
    if (s.health === 'warming_up') return
    const base = { connection: s.connection, provider: s.provider, asOf: s.asOf }
    const owned = this.ownedBy(s.connection)
    const seen = new Set<string>()
    /**
     * Fold one collection. A row is built only when something changed: with thousands of agents and a tenth
     * of them changing per poll, building (and diffing) whole rows for the rest was most of a tick.
     */
    const fold = <E extends object>(c: EntityCollection, items: readonly E[], idOf: (e: E) => string) => {
      const slot = this.slots[c]
      seen.clear()
      const agent = c === 'agents'
      for (const e of items) {
        const key = rowKey(s.connection, idOf(e))
        seen.add(key)
        const print = agent ? null : fingerprint(c, e)
        const prev = slot.rows.get(key)
        // An agent's stateSince, derived where the adapter left it out, so time in state ticks between polls.
        const since = agent ? agentSince(e as unknown as Agent, s.asOf) : undefined
        if (
          prev !== undefined &&
          (agent
            ? sameAgent(prev, e as unknown as Agent) && sameInstant(prev['stateSince'], since)
            : print !== null && slot.prints.get(key) === print && prev['stateSince'] === undefined)
        ) {
          // Not sent, but kept newest (a board that loads the whole view gets these).
          prev.asOf = s.asOf
          prev['raw'] = (e as { raw: unknown }).raw
          if (c === 'agents') {
            prev['timeInStateSec'] = (e as unknown as Agent).timeInStateSec
            prev['contactSec'] = (e as unknown as Agent).contactSec
            prev['today'] = (e as unknown as Agent).today
          }
          if (c === 'metrics') {
            const m = e as unknown as Metric
            prev['value'] = m.value
            prev['live'] = m.live
            prev['updatedAt'] = m.updatedAt
          }
          continue
        }
        const row = (agent
          ? { ...e, stateSince: since, ...base, key }
          : { ...e, ...base, key }) as unknown as Row
        slot.rows.set(key, row)
        // A row sent without a fingerprint must not match an older one later.
        if (print !== null) slot.prints.set(key, print)
        else slot.prints.delete(key)
        owned[c].add(key)
        this.markUpsert(c, key, row)
      }
      // Every key seen is owned: when as many are owned as were seen, nothing went away (the usual poll).
      if (owned[c].size === seen.size) return
      for (const key of owned[c]) {
        if (seen.has(key)) continue
        slot.rows.delete(key)
        slot.prints.delete(key)
        owned[c].delete(key)
        this.markRemoved(c, key)
      }
    }
    fold('agents', s.agents, (a) => a.id)
    fold('queues', s.queues, (q) => q.id)
    fold('chatRooms', s.chatRooms, (r) => r.id)
    fold('chatMessages', s.chatMessages, (m) => m.id)
    fold('metrics', s.metrics, (m) => m.key)
    // A snapshot restored from the cache brings its own history: recording it again would duplicate the last point.
    if (opts.record !== false) this.recordHistory(s, intervalMs)
  }

  /** Rows whose only change is a newer asOf are not re-sent; the connection status carries lastOkAt. */
  setStatus(status: ConnectionStatus): void {
    const print = JSON.stringify(status)
    if (this.statusPrints.get(status.id) === print) return
    this.statuses.set(status.id, status)
    this.statusPrints.set(status.id, print)
    this.markUpsert('connections', status.id, status)
  }

  getStatus(id: string): ConnectionStatus | undefined {
    return this.statuses.get(id)
  }

  setPaused(paused: boolean): void {
    if (this.paused === paused) return
    this.paused = paused
    this.pending.upserts.set('connections', this.pending.upserts.get('connections') ?? new Map())
  }

  /** Forget a connection entirely (removed from the config). */
  removeConnection(id: string): void {
    const owned = this.owned.get(id)
    if (owned) {
      for (const c of ENTITY_COLLECTIONS) {
        for (const key of owned[c]) {
          this.slots[c].rows.delete(key)
          this.slots[c].prints.delete(key)
          this.markRemoved(c, key)
        }
      }
      this.owned.delete(id)
    }
    if (this.statuses.delete(id)) {
      this.statusPrints.delete(id)
      this.markRemoved('connections', id)
    }
    this.history.drop(id)
  }

  /** The patch of everything changed since the last call, or null if nothing did. */
  takePatch(now: number): LivePatch | null {
    const { upserts, removed } = this.pending
    if (upserts.size === 0 && removed.size === 0) return null
    this.pending = { upserts: new Map(), removed: new Map() }
    this.seq += 1
    const patch: LivePatch = { seq: this.seq, serverNow: now, paused: this.paused, upserts: {}, removed: {} }
    for (const [c, rows] of upserts) {
      if (rows.size > 0) (patch.upserts as Record<string, unknown[]>)[c] = [...rows.values()].map(onTheWire)
    }
    for (const [c, keys] of removed) {
      if (keys.size > 0) patch.removed[c] = [...keys]
    }
    return patch
  }

  /** The whole view; pending changes are folded into it and will not be sent again as a patch. */
  getState(now: number): LiveState {
    const patch = this.takePatch(now)
    const state: LiveState = {
      seq: patch?.seq ?? this.seq,
      serverNow: now,
      paused: this.paused,
      connections: [...this.statuses.values()],
      agents: [],
      queues: [],
      chatRooms: [],
      chatMessages: [],
      metrics: [],
    }
    for (const c of ENTITY_COLLECTIONS) {
      ;(state as unknown as Record<EntityCollection, unknown[]>)[c] = [...this.slots[c].rows.values()].map(
        onTheWire,
      )
    }
    return state
  }

  /** One row as it stands now, `raw` and all (`live:row`: the agent drawer), or null. */
  row(key: string): LiveRow | null {
    for (const c of ENTITY_COLLECTIONS) {
      const row = this.slots[c].rows.get(key)
      if (row) return { collection: c, row } as unknown as LiveRow
    }
    return null
  }

  /** Rows of one collection (read-only use). */
  rows<C extends EntityCollection>(c: C): Iterable<LiveCollections[C][number]> {
    return this.slots[c].rows.values() as Iterable<LiveCollections[C][number]>
  }

  private ownedBy(connection: string): Record<EntityCollection, Set<string>> {
    let o = this.owned.get(connection)
    if (!o) {
      o = {
        agents: new Set(),
        queues: new Set(),
        chatRooms: new Set(),
        chatMessages: new Set(),
        metrics: new Set(),
      }
      this.owned.set(connection, o)
    }
    return o
  }

  private markUpsert(c: CollectionName, key: string, row: unknown): void {
    let m = this.pending.upserts.get(c)
    if (!m) this.pending.upserts.set(c, (m = new Map()))
    m.set(key, row)
    this.pending.removed.get(c)?.delete(key)
  }

  private markRemoved(c: CollectionName, key: string): void {
    this.pending.upserts.get(c)?.delete(key)
    let s = this.pending.removed.get(c)
    if (!s) this.pending.removed.set(c, (s = new Set()))
    s.add(key)
  }

  /**
   * Put the past a source knows into the history (a provider's backfill, recorded once before its first poll),
   * so trends are full at first start. Samples are oldest first and end before `until` (epoch ms, when they were
   * taken); up to `until` they replace what the history held (a board saved by the previous run, restart gap
   * included, which the source reproduces).
   */
  backfill(connection: string, intervalMs: number, samples: readonly HistorySample[], until: number): void {
    if (samples.length === 0) return
    this.history.backfill(connection, intervalMs, seriesOfSamples(connection, samples), until)
  }

  private recordHistory(s: ProviderSnapshot, intervalMs: number): void {
    this.history.record(s.connection, intervalMs, s.asOf, historyValuesOf(s))
  }
}

/** Samples (oldest first) as history series: key → [asOf, value] points. */
export function seriesOfSamples(
  connection: string,
  samples: readonly HistorySample[],
): Map<string, [number, number | null][]> {
  const series = new Map<string, [number, number | null][]>()
  for (const sample of samples) {
    for (const [key, value] of historyValues(connection, sample)) {
      let points = series.get(key)
      if (!points) series.set(key, (points = []))
      points.push([sample.asOf, value])
    }
  }
  return series
}

/** The history points one snapshot gives (team mode publishes them as samples): series key → value. */
export function historyValuesOf(s: ProviderSnapshot): Map<string, number | null> {
  return historyValues(s.connection, sampleOf(s))
}

/** The history figures of a snapshot: agent-state counts per group, and for the whole connection under "*". */
function sampleOf(s: ProviderSnapshot): HistorySample {
  const counts = new Map<string, Record<AgentState, number>>()
  const bump = (group: string, state: AgentState) => {
    let g = counts.get(group)
    if (!g) {
      g = Object.fromEntries(AGENT_STATES.map((st) => [st, 0])) as Record<AgentState, number>
      counts.set(group, g)
    }
    g[state] += 1
  }
  for (const a of s.agents) {
    bump('*', a.state)
    for (const g of a.groupIds) bump(g, a.state)
  }
  return {
    asOf: s.asOf,
    queues: s.queues,
    chatRooms: s.chatRooms,
    agentStates: [...counts].map(([group, c]) => ({ group, counts: c })),
  }
}

/** History key → value of one sample (the keys the charts ask for, src-shared/live.ts `historyKey`). */
function historyValues(connection: string, s: HistorySample): Map<string, number | null> {
  const values = new Map<string, number | null>()
  for (const q of s.queues) {
    const k = rowKey(connection, q.id)
    values.set(historyKey('queue', k, 'waiting'), q.waiting)
    values.set(historyKey('queue', k, 'longestWaitSec'), q.longestWaitSec)
    values.set(historyKey('queue', k, 'serviceLevelPct'), q.serviceLevelPct)
    // The vendor's day counters, where it gives them, for counts over a period of our own (the shift report).
    for (const f of ['received', 'answered', 'abandoned'] as const) {
      const v = q.today?.[f]
      if (typeof v === 'number') values.set(historyKey('queue', k, f), v)
    }
  }
  for (const r of s.chatRooms) {
    const k = rowKey(connection, r.id)
    values.set(historyKey('chatRoom', k, 'waitingChats'), r.waitingChats)
    values.set(historyKey('chatRoom', k, 'maxWaitNowSec'), r.maxWaitNowSec)
    for (const f of ['chats', 'answered', 'missed'] as const) {
      const v = r.today?.[f]
      if (typeof v === 'number') values.set(historyKey('chatRoom', k, f), v)
    }
  }
  for (const { group, counts } of s.agentStates) {
    for (const state of AGENT_STATES) {
      values.set(historyKey('agentStates', rowKey(connection, group), state), counts[state])
    }
  }
  return values
}
