/**
 * "What would this rule have fired?": the rule's state machine (evaluate.ts) run over the history ring the charts
 * use (engine/live-store.ts records it), point by point. A gap (a failed poll) is no data, exactly as live.
 * Only fields the ring keeps can be previewed: agents' time in state, metrics and data age are not kept.
 */
import type { RulePreview, RulePreviewEvent } from '../../../src-shared/alerts'
import { alertId } from '../../../src-shared/alerts'
import type { RuleConfig, RuleEntity } from '../../../src-shared/config'
import { formatSpan } from '../../../src-shared/format/duration'
import { historyKey, rowKey, type HistoryKind, type HistorySeries } from '../../../src-shared/live'
import type { ProviderSnapshot } from '../../../src-shared/model'
import { dayPoints, type HistoryDay, type MinuteStat } from '../persistence/history-day-file'
import { seriesCourse, TREND_WINDOW_MS, worstWithin } from '../forecast/project'
import { FIGURE_OF } from '../forecast/tracker'
import { endTracked, stepTracked, type Tracked } from './evaluate'
import { serviceLevelGap } from '../../../src-shared/targets'
import { ruleWatchesConnection } from '../../../src-shared/rules/scope'
import { GAP_FIELD, scopedChatRooms, scopedQueues } from './readings'
import { inWindow, type TimezoneOffset } from './schedule'

/** Series the history ring keeps per entity (live-store.ts `recordHistory`). */
export const HISTORY_FIELDS: Partial<Record<RuleEntity, readonly string[]>> = {
  // The gap is replayed from the service-level series against the target in effect now.
  queue: ['waiting', 'longestWaitSec', 'serviceLevelPct', GAP_FIELD],
  chatRoom: ['waitingChats', 'maxWaitNowSec'],
}

/** The answer for a rule that cannot be previewed here, saying why. */
export function unsupportedPreview(detail: string): Omit<RulePreview, 'watching'> {
  return {
    supported: false,
    detail,
    from: null,
    to: null,
    entities: 0,
    firings: 0,
    events: [],
    truncated: false,
  }
}

export function previewSupported(rule: Pick<RuleConfig, 'entity' | 'field'>): boolean {
  return HISTORY_FIELDS[rule.entity]?.includes(rule.field) ?? false
}

export interface PreviewEntity {
  connection: string
  entityId: string
  name: string | null
  /** [epoch ms, value | null], oldest first; null = a gap. */
  points: readonly (readonly [number, number | null])[]
}

/**
 * One point of a rule's replay, as live evaluation takes it: outside the rule's schedule the alert ends (resolved
 * if it had fired); inside, the pending/hysteresis step (evaluate.ts), with a `firing` event when it fires or
 * changes severity and a `resolved` one when it clears. Shared by the queue/room preview and the agent preview
 * (preview-agents.ts).
 */
export function replayPoint(
  rule: RuleConfig,
  tracked: Tracked | null,
  at: number,
  value: number | null,
  tz: TimezoneOffset,
  event: (at: number, state: RulePreviewEvent['state'], t: Tracked, value: number | null) => void,
): { tracked: Tracked | null; fired: boolean } {
  if (rule.schedule !== undefined && !inWindow(rule.schedule, at, tz)) {
    if (tracked !== null && endTracked(tracked) === 'resolved') event(at, 'resolved', tracked, value)
    return { tracked: null, fired: false }
  }
  const step = stepTracked(rule, tracked, value, at)
  if ((step.transition === 'fired' || step.transition === 'severity') && step.next)
    event(at, 'firing', step.next, value)
  if (step.transition === 'resolved' && tracked) event(at, 'resolved', tracked, value)
  return { tracked: step.next, fired: step.transition === 'fired' }
}

export const PREVIEW_EVENT_LIMIT = 500

/**
 * A forecast rule's readings over history: at each point, the worst value forecast within the horizon from the
 * series up to that point (forecast/project.ts `seriesCourse`: the history keeps no counters, so the preview follows
 * the figure's own slope, where the live forecast also weighs arrivals, answers and agents available).
 */
export function forecastPoints(
  rule: Pick<RuleConfig, 'entity' | 'field' | 'op' | 'forecast'>,
  points: readonly (readonly [number, number | null])[],
): (readonly [number, number | null])[] {
  const horizon = rule.forecast?.horizonSec
  const figure =
    rule.entity === 'queue' || rule.entity === 'chatRoom' ? FIGURE_OF[rule.entity][rule.field] : undefined
  if (horizon === undefined || figure === undefined) return points.slice()
  let start = 0
  return points.map(([at, value], i) => {
    if (value === null) return [at, null] as const
    while (start < i && (points[start]?.[0] ?? at) < at - TREND_WINDOW_MS) start++
    const course = seriesCourse(points.slice(start, i + 1), figure)
    return [at, course === null ? value : worstWithin(course, rule.op, at, horizon)] as const
  })
}

function unsupportedDetail(rule: Pick<RuleConfig, 'entity' | 'field'>): string {
  const kept = Object.entries(HISTORY_FIELDS)
    .map(([kind, fields]) => `${kind} ${fields.join(', ')}`)
    .join('; ')
  return `the history keeps no ${rule.entity} ${rule.field} values, so this rule cannot be previewed (history has: ${kept})`
}

export function previewRule(
  rule: RuleConfig,
  entities: readonly PreviewEntity[],
  timezoneOffset: TimezoneOffset,
  limit = PREVIEW_EVENT_LIMIT,
): Omit<RulePreview, 'watching'> {
  if (!previewSupported(rule)) return unsupportedPreview(unsupportedDetail(rule))
  const events: RulePreviewEvent[] = []
  let firings = 0
  let from: number | null = null
  let to: number | null = null
  for (const e of entities) {
    const id = alertId(rule.id, e.connection, e.entityId)
    const event = (at: number, state: RulePreviewEvent['state'], t: Tracked, value: number | null) =>
      events.push({
        at,
        alert: id,
        connection: e.connection,
        entityId: e.entityId,
        entityName: e.name,
        state,
        severity: t.severity,
        value,
      })
    let tracked: Tracked | null = null
    for (const [at, value] of rule.forecast === undefined ? e.points : forecastPoints(rule, e.points)) {
      from = from === null ? at : Math.min(from, at)
      to = to === null ? at : Math.max(to, at)
      const step = replayPoint(rule, tracked, at, value, timezoneOffset, event)
      if (step.fired) firings += 1
      tracked = step.tracked
    }
  }
  events.sort((a, b) => a.at - b.at)
  const n = entities.length
  const span = from !== null && to !== null ? ` over ${formatSpan((to - from) / 1000)} of history` : ''
  const detail =
    n === 0
      ? 'no entity in the rule’s scope has history yet'
      : `${n} ${rule.entity === 'queue' ? (n === 1 ? 'queue' : 'queues') : n === 1 ? 'chat room' : 'chat rooms'} examined${span}: ` +
        `${firings === 0 ? 'it would not have fired' : `it would have fired ${firings} ${firings === 1 ? 'time' : 'times'}`}` +
        (rule.forecast === undefined
          ? ''
          : ` (on the value forecast ${formatSpan(rule.forecast.horizonSec)} ahead)`)
  return {
    supported: true,
    detail,
    from,
    to,
    entities: n,
    firings,
    events: events.slice(0, limit),
    truncated: events.length > limit,
  }
}

const HISTORY_KIND: Partial<Record<RuleConfig['entity'], HistoryKind>> = {
  queue: 'queue',
  chatRoom: 'chatRoom',
}

/**
 * The preview over what the engine keeps: the entities of the latest snapshots in the rule's scope and their
 * history series since `sinceMs`.
 */
export function previewFromHistory(
  rule: RuleConfig,
  snapshots: ReadonlyMap<string, ProviderSnapshot>,
  history: (keys: string[], sinceMs: number) => HistorySeries[],
  sinceMs: number,
  tz: TimezoneOffset,
): Omit<RulePreview, 'watching'> {
  const kind = HISTORY_KIND[rule.entity]
  if (!previewSupported(rule) || kind === undefined) return previewRule(rule, [], tz)
  const gap = rule.field === GAP_FIELD
  const found: {
    connection: string
    entityId: string
    name: string
    key: string
    target: number | null
  }[] = []
  for (const [connection, s] of snapshots) {
    if (!ruleWatchesConnection(rule, connection)) continue
    const rows = rule.entity === 'queue' ? scopedQueues(rule, s) : scopedChatRooms(rule, s)
    for (const row of rows) {
      found.push({
        connection,
        entityId: row.id,
        name: row.name,
        key: historyKey(kind, rowKey(connection, row.id), gap ? 'serviceLevelPct' : rule.field),
        target: row.serviceLevelTargetPct ?? null,
      })
    }
  }
  const series = new Map(
    history(
      found.map((f) => f.key),
      sinceMs,
    ).map((s) => [s.key, s.points]),
  )
  const entities: PreviewEntity[] = found.map((f) => ({
    connection: f.connection,
    entityId: f.entityId,
    name: f.name,
    points: gap
      ? (series.get(f.key) ?? []).map(([t, v]) => [t, serviceLevelGap(f.target, v)] as const)
      : (series.get(f.key) ?? []),
  }))
  return previewRule(rule, entities, tz)
}

/**
 * The history of a stored past day (persistence/history-day-file.ts) as a preview reads it: one point per minute,
 * the minute's highest value for a rule that fires above its level and its lowest for one that fires below, so a
 * breach inside a minute is judged as live polls would have seen it at worst. `days`: that date's day of each
 * connection that has one.
 */
export function pastDayHistory(
  rule: Pick<RuleConfig, 'op'>,
  days: readonly HistoryDay[],
): (keys: string[], sinceMs: number) => HistorySeries[] {
  const stat: MinuteStat = rule.op === '>' || rule.op === '>=' ? 'hi' : 'lo'
  const byConnection = new Map(days.map((d) => [d.connection, d]))
  return (keys, sinceMs) =>
    keys.map((key) => {
      const row = key.split('|')[1] ?? ''
      const day = byConnection.get(row.slice(0, Math.max(0, row.indexOf(':'))))
      return { key, points: day ? dayPoints(day, key, stat, Math.max(day.from, sinceMs)) : [] }
    })
}
