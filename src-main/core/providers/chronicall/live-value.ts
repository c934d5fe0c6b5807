/**
 * Chronicall's live values (docs/vendors/chronicall.md §4.3): a DURATION or AVERAGE_DURATION keeps counting
 * between updates at the rate of its counters; these read one value object and give the formula the model
 * ticks by (model `liveValueAt`).
 */
import type { MetricKind, MetricLive } from '../../../../src-shared/model'
import { parseChronicallTime } from './parse'

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  return null
}

/** DURATION in ms at `atMs` (server clock), the vendor's formula (docs/vendors/chronicall.md §4.3). */
export function durationMsAt(
  v: { finishedDuration: number; numCountingUp: number; numCountingDown: number; lastUpdateMs: number },
  atMs: number,
): number {
  return v.finishedDuration + (v.numCountingUp - v.numCountingDown) * (atMs - v.lastUpdateMs)
}

/**
 * AVERAGE_DURATION in ms at `atMs`; null when count is 0 (docs/vendors/chronicall.md §4.3, formula inferred
 * by analogy).
 */
export function averageMsAt(
  v: {
    durationSum: number
    count: number
    numCountingUp: number
    numCountingDown: number
    lastUpdateMs: number
  },
  atMs: number,
): number | null {
  if (v.count === 0) return null
  return (v.durationSum + (v.numCountingUp - v.numCountingDown) * (atMs - v.lastUpdateMs)) / v.count
}

export interface ReadValue {
  type: string | null
  kind: MetricKind | null
  status: 'ok' | 'no_data'
  /** Seconds for durations, as of `serverAsOf`. */
  value: number | string | boolean | null
  live: MetricLive | null
  /** epoch ms UTC (server clock) */
  updatedAt: number | null
  /** A `type` this code does not know. */
  unknownType: boolean
}

export const KIND_BY_TYPE: Record<string, MetricKind> = {
  COUNT: 'count',
  BOOLEAN: 'boolean',
  STRING: 'string',
  DURATION: 'duration',
  AVERAGE_DURATION: 'avg_duration',
}

/**
 * Read one value object. `serverAsOf` is the snapshot instant on the server's clock; `skewMs` = server clock −
 * local clock, so `live.sinceMs` is in local-clock terms and the renderer can tick it with its own clock.
 */
export function readValue(v: Record<string, unknown>, serverAsOf: number, skewMs: number): ReadValue {
  const updatedAt = parseChronicallTime(v['lastUpdateTime'])
  const type = typeof v['type'] === 'string' ? v['type'] : null
  // Only lastUpdateTime and no type: the vendor document's "no value yet" case
  // (docs/vendors/chronicall.md §4.2).
  if (type === null)
    return { type, kind: null, status: 'no_data', value: null, live: null, updatedAt, unknownType: false }
  const base: ReadValue = {
    type,
    kind: KIND_BY_TYPE[type] ?? null,
    status: 'ok',
    value: null,
    live: null,
    updatedAt,
    unknownType: false,
  }
  switch (type) {
    case 'COUNT':
      return { ...base, value: num(v['count']) }
    case 'BOOLEAN':
      return { ...base, value: typeof v['value'] === 'boolean' ? v['value'] : null }
    case 'STRING':
      return { ...base, value: typeof v['value'] === 'string' ? v['value'] : null }
    case 'DURATION':
    case 'AVERAGE_DURATION': {
      const avg = type === 'AVERAGE_DURATION'
      const baseMs = num(avg ? v['durationSum'] : v['finishedDuration'])
      const count = avg ? num(v['count']) : 1
      const rate = (num(v['numCountingUp']) ?? 0) - (num(v['numCountingDown']) ?? 0)
      if (baseMs === null || count === null) return base
      if (count === 0) return base
      if (updatedAt === null) return { ...base, value: baseMs / 1000 / count }
      // The Date header has whole seconds, so asOf can fall just before lastUpdateTime: never run time backwards.
      const elapsed = Math.max(0, serverAsOf - updatedAt)
      const valueMs = (baseMs + rate * elapsed) / count
      return {
        ...base,
        value: valueMs / 1000,
        live: { baseSec: baseMs / 1000, ratePerSec: rate, sinceMs: updatedAt - skewMs, divisor: count },
      }
    }
    default: {
      const raw = v['value'] ?? v['count'] ?? null
      const value =
        typeof raw === 'number' || typeof raw === 'string' || typeof raw === 'boolean' ? raw : null
      return { ...base, value, unknownType: true }
    }
  }
}
