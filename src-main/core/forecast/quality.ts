/**
 * How good the forecast is, measured over a replayed day (docs/ARCHITECTURE.md §3.11, docs/BENCHMARKS.md): for each
 * breach of a level, how far ahead it was forecast (lead time), and how many forecasts did not come true.
 *
 * - A breach starts when the figure crosses the level, and ends when it is back past the clear level (the rule's
 *   hysteresis).
 * - A forecast is a stretch of polls at which the level was not crossed yet and was forecast to be within the
 *   horizon; stretches apart by at most MERGE_GAP_MS are one. It came true when a breach started before its last
 *   poll plus the horizon. A stretch shorter than the target's hold (a rule's pending period) is not counted: a rule
 *   with that forSec would not have fired on it.
 * - A breach's lead time is its start minus the start of the forecast that came true for it; 0 when none did.
 */
import type { RuleOp } from '../../../src-shared/config'
import type { ProviderSnapshot } from '../../../src-shared/model'
import { secondsToCross } from './project'
import { ForecastTracker, type ForecastEntity } from './tracker'

export interface QualityTarget {
  entity: ForecastEntity
  field: string
  op: RuleOp
  level: number
  /** Where a breach ends (strictly past it on the clear side); default the level. */
  clear?: number
  horizonSec: number
  /** A forecast counts once it has held this long, as a rule with this pending period (forSec) would; default 10. */
  holdSec?: number
}

export interface Breach {
  entityId: string
  startedAt: number
  /** null: the forecast did not see it coming */
  forecastAt: number | null
  leadSec: number
}

export interface ForecastStretch {
  entityId: string
  from: number
  to: number
  cameTrue: boolean
}

export interface QualityResult {
  target: QualityTarget
  breaches: Breach[]
  forecasts: ForecastStretch[]
}

export const MERGE_GAP_MS = 10_000

function valueOf(s: ProviderSnapshot, entity: ForecastEntity, id: string, field: string): number | null {
  const row = entity === 'queue' ? s.queues.find((q) => q.id === id) : s.chatRooms.find((r) => r.id === id)
  const v = row === undefined ? undefined : (row as unknown as Record<string, unknown>)[field]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

const crossed = (op: RuleOp, v: number, level: number) =>
  op === '>' ? v > level : op === '>=' ? v >= level : op === '<' ? v < level : v <= level

/** Replay `snapshots` (one connection, in order) and score the forecast of every target on every entity. */
export function measureForecast(
  snapshots: Iterable<ProviderSnapshot>,
  targets: readonly QualityTarget[],
): QualityResult[] {
  const tracker = new ForecastTracker()
  interface EntityState {
    breached: boolean
    stretch: { from: number; to: number } | null
  }
  const state = targets.map(() => new Map<string, EntityState>())
  const results: QualityResult[] = targets.map((target) => ({ target, breaches: [], forecasts: [] }))
  const held = (t: QualityTarget, s: { from: number; to: number }) =>
    s.to - s.from >= (t.holdSec ?? 10) * 1000
  const close = (r: QualityResult, id: string, st: EntityState) => {
    if (st.stretch === null) return
    if (held(r.target, st.stretch)) r.forecasts.push({ entityId: id, ...st.stretch, cameTrue: false })
    st.stretch = null
  }
  let connection: string | null = null
  for (const s of snapshots) {
    connection ??= s.connection
    tracker.note(s)
    const now = s.asOf
    targets.forEach((t, i) => {
      const r = results[i]
      const states = state[i]
      if (r === undefined || states === undefined) return
      const ids = t.entity === 'queue' ? s.queues.map((q) => q.id) : s.chatRooms.map((c) => c.id)
      for (const id of ids) {
        let st = states.get(id)
        if (st === undefined) states.set(id, (st = { breached: false, stretch: null }))
        const v = valueOf(s, t.entity, id, t.field)
        if (v === null) continue
        const up = t.op === '>' || t.op === '>='
        if (st.breached) {
          const clear = t.clear ?? t.level
          if (up ? v < clear : v > clear) st.breached = false
          continue
        }
        if (crossed(t.op, v, t.level)) {
          st.breached = true
          let forecastAt: number | null = null
          if (
            st.stretch !== null &&
            held(t, st.stretch) &&
            now - st.stretch.to <= MERGE_GAP_MS + t.horizonSec * 1000
          ) {
            forecastAt = st.stretch.from
            r.forecasts.push({ entityId: id, ...st.stretch, cameTrue: true })
            st.stretch = null
          }
          const last = r.forecasts[r.forecasts.length - 1]
          // A forecast that stopped a moment before the breach still saw it coming.
          if (forecastAt === null && last !== undefined && last.entityId === id && !last.cameTrue) {
            if (now - last.to <= t.horizonSec * 1000) {
              last.cameTrue = true
              forecastAt = last.from
            }
          }
          close(r, id, st)
          r.breaches.push({
            entityId: id,
            startedAt: now,
            forecastAt,
            leadSec: forecastAt === null ? 0 : (now - forecastAt) / 1000,
          })
          continue
        }
        const c = tracker.course(s.connection, t.entity, id, t.field)
        const inSec = c === null ? null : secondsToCross(c, t.op, t.level, now, t.horizonSec)
        if (inSec !== null && inSec > 0) {
          if (st.stretch !== null && now - st.stretch.to <= MERGE_GAP_MS) st.stretch.to = now
          else {
            close(r, id, st)
            st.stretch = { from: now, to: now }
          }
        }
      }
    })
  }
  // Stretches still open at the end: a breach after the replay cannot be told; they count as not come true.
  results.forEach((r, i) => {
    for (const [id, st] of state[i] ?? []) close(r, id, st)
    r.forecasts.sort((a, b) => a.from - b.from)
  })
  void connection
  return results
}

/** Precision: forecasts that came true ÷ all forecasts (null when there were none). */
export function precisionOf(r: QualityResult): number | null {
  if (r.forecasts.length === 0) return null
  return r.forecasts.filter((f) => f.cameTrue).length / r.forecasts.length
}
