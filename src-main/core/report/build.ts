/**
 * The shift report as a pure function of what main holds (docs/ARCHITECTURE.md §3.10): the config (business days),
 * the latest snapshot of each connection, the history ring, the agents' observed states and the alert list, at an
 * instant the caller passes (no clock here).
 */
import { alertIdentity, type AlertList, type AlertSeverity } from '../../../src-shared/alerts'
import { businessDate, businessDayStart } from '../../../src-shared/business-day'
import { businessDayOf, type ConnectionConfig, type RuleEntity } from '../../../src-shared/config'
import { historyKey, rowKey, type HistorySeries } from '../../../src-shared/live'
import type { ProviderSnapshot } from '../../../src-shared/model'
import {
  zeroStates,
  type ReportAgent,
  type ReportAlert,
  type ReportChatRoom,
  type ReportConnection,
  type ReportCount,
  type ReportPeak,
  type ReportQueue,
  type ShiftReport,
} from '../../../src-shared/report'
import type { StateSegment } from './state-log'

type Points = HistorySeries['points']

export interface ReportInput {
  /** Now (epoch ms): the end of a default period. */
  now: number
  /** Explicit bounds; null = this shift (from the business-day start, or the last export if later) until now. */
  requested: { from: number | null; to: number | null }
  lastExportAt: number | null
  connections: readonly ConnectionConfig[]
  /** The latest snapshot of each connection, by id. */
  snapshots: ReadonlyMap<string, ProviderSnapshot>
  /** History series by key since `sinceMs` (the engine's ring). */
  history: (keys: string[], sinceMs: number) => HistorySeries[]
  /** The observed states of an agent (row key), and the agent row keys seen on a connection. */
  states: { segments(key: string): readonly StateSegment[]; keys(connection: string): string[] }
  alerts: Pick<AlertList, 'active' | 'history' | 'rules'>
  /** The zone a business day without one is counted in (this computer's). */
  localTimeZone: string
}

/** Fields where lower is worse: an alert's peak on them is the lowest value. */
const LOWER_IS_WORSE = new Set(['serviceLevelPct', 'agentsAvailable', 'agentsLoggedIn', 'freeCapacity'])

function inRange(points: Points, from: number, to: number): [number, number][] {
  return points.filter((p): p is [number, number] => p[1] !== null && p[0] >= from && p[0] <= to)
}

/** The highest (or lowest) value in [from, to] and when it was first reached. */
export function peakOf(points: Points, from: number, to: number, lowest = false): ReportPeak {
  let best: [number, number] | null = null
  for (const p of inRange(points, from, to)) {
    if (best === null || (lowest ? p[1] < best[1] : p[1] > best[1])) best = p
  }
  return best === null ? { value: null, at: null } : { value: best[1], at: best[0] }
}

function meanOf(points: Points, from: number, to: number): number | null {
  const v = inRange(points, from, to)
  return v.length === 0 ? null : v.reduce((n, p) => n + p[1], 0) / v.length
}

function lastOf(points: Points, from: number, to: number): number | null {
  return inRange(points, from, to).at(-1)?.[1] ?? null
}

/**
 * What a day counter grew by in [from, to]: the growth between consecutive values (across gaps: the counter kept
 * counting), a drop counted as a restart from zero (the vendor's day rolled over). The baseline is the last value
 * before `from`, else the first one inside. Null when no value lies inside the period.
 */
export function countOf(points: Points, from: number, to: number): number | null {
  let prev: number | null = null
  let total: number | null = null
  for (const [t, v] of points) {
    if (v === null) continue
    if (t < from) {
      prev = v
      continue
    }
    if (t > to) break
    if (prev !== null) total = (total ?? 0) + (v >= prev ? v - prev : v)
    else total = total ?? 0
    prev = v
  }
  return total
}

/** Seconds of overlap of [a, b) with [from, to). */
function overlapSec(a: number, b: number, from: number, to: number): number {
  return Math.max(0, Math.min(b, to) - Math.max(a, from)) / 1000
}

export function agentFigures(
  segments: readonly StateSegment[],
  from: number,
  to: number,
): Pick<ReportAgent, 'observedSec' | 'notReadyByReasonSec' | 'unobservedSec'> {
  const observedSec = zeroStates()
  const notReadyByReasonSec: Record<string, number> = {}
  let seen = 0
  for (const g of segments) {
    const s = overlapSec(g.from, g.to, from, to)
    if (s <= 0) continue
    observedSec[g.state] += s
    seen += s
    if (g.state === 'not_ready' && g.reason !== null) {
      notReadyByReasonSec[g.reason] = (notReadyByReasonSec[g.reason] ?? 0) + s
    }
  }
  return { observedSec, notReadyByReasonSec, unobservedSec: Math.max(0, (to - from) / 1000 - seen) }
}

function count(points: Points | undefined, from: number, to: number, vendorToday: number | null | undefined) {
  return {
    period: points === undefined ? null : countOf(points, from, to),
    vendorToday: vendorToday ?? null,
  } satisfies ReportCount
}

export function buildShiftReport(input: ReportInput): ShiftReport {
  const { now, requested } = input
  const to = Math.min(requested.to ?? now, now)
  const connections = input.connections.map((c) => reportConnection(input, c, to))
  const from = requested.from ?? Math.min(to, ...connections.map((c) => c.from))
  const periods = new Map(connections.map((c) => [c.id, c]))
  const ops = new Map(input.alerts.rules.map((r) => [r.rule, r.op]))
  const alerts: ReportAlert[] = []
  const fired = [
    ...input.alerts.active.flatMap((a) =>
      a.state === 'firing' && a.firedAt !== null
        ? [{ ...a, firedAt: a.firedAt, resolvedAt: null as number | null, reason: null as string | null }]
        : [],
    ),
    ...input.alerts.history.map((h) => ({
      ...h,
      resolvedAt: h.resolvedAt as number | null,
      reason: h.reason as string | null,
    })),
  ]
  for (const a of fired) {
    const period = periods.get(a.connection) ?? { from, to }
    if (a.firedAt > period.to || (a.resolvedAt ?? Infinity) < period.from) continue
    const end = Math.min(a.resolvedAt ?? to, to)
    const op = ops.get(a.rule)
    const lowest = op === undefined ? LOWER_IS_WORSE.has(a.field) : op === '<' || op === '<='
    alerts.push({
      ...alertIdentity(a),
      firedAt: a.firedAt,
      peak: a.peak as AlertSeverity,
      peakValue: alertPeakValue(input, a.connection, a.entity, a.entityId, a.field, a.firedAt, end, lowest),
      ackBy: a.ack?.by ?? null,
      ackAt: a.ack?.at ?? null,
      clearedAt: a.resolvedAt,
      endReason: a.reason,
    })
  }
  alerts.sort((a, b) => a.firedAt - b.firedAt || a.id.localeCompare(b.id))
  return {
    generatedAt: now,
    requested: { from: requested.from, to: requested.to },
    from,
    to,
    lastExportAt: input.lastExportAt,
    connections,
    alerts,
  }
}

/** The worst value of the watched field while the alert fired, where Floorwalker keeps it; else null. */
function alertPeakValue(
  input: ReportInput,
  connection: string,
  entity: RuleEntity,
  entityId: string,
  field: string,
  firedAt: number,
  end: number,
  lowest: boolean,
): number | null {
  const key = rowKey(connection, entityId)
  if (entity === 'queue' || entity === 'chatRoom') {
    const [series] = input.history([historyKey(entity, key, field)], 0)
    return peakOf(series?.points ?? [], firedAt, end, lowest).value
  }
  if (entity === 'agent' && field === 'timeInStateSec') {
    // The stretch in one state the alert fired during: its length when the alert ended is the longest it got.
    const g = input.states.segments(key).find((s) => s.from <= firedAt && s.to >= firedAt)
    return g === undefined ? null : (Math.min(g.to, end) - g.from) / 1000
  }
  return null
}

function reportConnection(input: ReportInput, c: ConnectionConfig, to: number): ReportConnection {
  const bd = businessDayOf(c)
  const day = { start: bd.start, timeZone: bd.timeZone ?? input.localTimeZone }
  const startedAt = businessDayStart(day, to)
  const shiftFrom = Math.max(startedAt, input.lastExportAt ?? -Infinity)
  const from = Math.min(input.requested.from ?? shiftFrom, to)
  const snap = input.snapshots.get(c.id)
  let historyFrom: number | null = null
  const seen = (points: Points) => {
    const first = inRange(points, from, to)[0]
    if (first && (historyFrom === null || first[0] < historyFrom)) historyFrom = first[0]
  }
  const series = (kind: 'queue' | 'chatRoom', key: string, fields: readonly string[]) => {
    const got = input.history(
      fields.map((f) => historyKey(kind, key, f)),
      0,
    )
    const out = new Map<string, Points>()
    fields.forEach((f, i) => {
      const points = got[i]?.points ?? []
      seen(points)
      if (points.length > 0) out.set(f, points)
    })
    return out
  }

  const queues: ReportQueue[] = (snap?.queues ?? []).map((q) => {
    const key = rowKey(c.id, q.id)
    const h = series('queue', key, [
      'waiting',
      'longestWaitSec',
      'serviceLevelPct',
      'received',
      'answered',
      'abandoned',
    ])
    const sl = h.get('serviceLevelPct') ?? []
    return {
      key,
      id: q.id,
      name: q.name,
      media: q.media,
      serviceLevel: {
        last: lastOf(sl, from, to),
        lowest: peakOf(sl, from, to, true),
        mean: meanOf(sl, from, to),
      },
      serviceLevelToday: q.today?.serviceLevelPct ?? null,
      serviceLevelTargetPct: q.serviceLevelTargetPct,
      peakWaiting: peakOf(h.get('waiting') ?? [], from, to),
      longestWaitSec: peakOf(h.get('longestWaitSec') ?? [], from, to),
      received: count(h.get('received'), from, to, q.today?.received),
      answered: count(h.get('answered'), from, to, q.today?.answered),
      abandoned: count(h.get('abandoned'), from, to, q.today?.abandoned),
    }
  })

  const chatRooms: ReportChatRoom[] = (snap?.chatRooms ?? []).map((r) => {
    const key = rowKey(c.id, r.id)
    const h = series('chatRoom', key, ['waitingChats', 'maxWaitNowSec', 'chats', 'answered', 'missed'])
    return {
      key,
      id: r.id,
      name: r.name,
      peakWaiting: peakOf(h.get('waitingChats') ?? [], from, to),
      longestWaitSec: peakOf(h.get('maxWaitNowSec') ?? [], from, to),
      serviceLevelToday: r.today?.serviceLevelPct ?? null,
      chats: count(h.get('chats'), from, to, r.today?.chats),
      answered: count(h.get('answered'), from, to, r.today?.answered),
      missed: count(h.get('missed'), from, to, r.today?.missed),
    }
  })

  const live = new Map((snap?.agents ?? []).map((a) => [rowKey(c.id, a.id), a]))
  const agentKeys = new Set([...live.keys(), ...input.states.keys(c.id)])
  const agents: ReportAgent[] = []
  for (const key of agentKeys) {
    const a = live.get(key)
    const segments = input.states.segments(key)
    const figures = agentFigures(segments, from, to)
    const observed = (to - from) / 1000 - figures.unobservedSec
    if (a === undefined && observed <= 0) continue
    agents.push({
      key,
      id: a?.id ?? key.slice(c.id.length + 1),
      name: a?.name ?? null,
      state: a?.state ?? segments.at(-1)?.state ?? null,
      ...figures,
      vendorToday: a?.today
        ? {
            handled: a.today.handled,
            rejected: a.today.rejected,
            loginSec: a.today.loginSec,
            availableSec: a.today.availableSec,
            breakSec: a.today.breakSec,
            wrapUpSec: a.today.wrapUpSec,
          }
        : null,
    })
  }
  const byName = <T extends { name: string | null; id: string }>(x: T, y: T) =>
    (x.name ?? x.id).localeCompare(y.name ?? y.id)
  queues.sort(byName)
  chatRooms.sort(byName)
  agents.sort(byName)

  return {
    id: c.id,
    label: c.label,
    provider: c.provider,
    businessDay: { start: day.start, timeZone: day.timeZone, date: businessDate(day, to), startedAt },
    from,
    to,
    historyFrom,
    queues,
    chatRooms,
    agents,
  }
}
