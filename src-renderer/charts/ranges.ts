/**
 * The time windows a trend can show. The history ring keeps eight hours (docs/ARCHITECTURE.md §3.4), so
 * "today" shows at most that much of a long day: the axis still starts at midnight, and what the ring no
 * longer holds is empty.
 */
export const TREND_RANGES = ['15m', '1h', '8h', 'today'] as const
export type TrendRange = (typeof TREND_RANGES)[number]

export const DEFAULT_TREND_RANGE: TrendRange = '1h'

const SPAN_MS: Record<Exclude<TrendRange, 'today'>, number> = {
  '15m': 15 * 60_000,
  '1h': 3600_000,
  '8h': 8 * 3600_000,
}

/** Local midnight of the day `now` (epoch ms) falls in, in the supervisor's time zone. */
export function startOfLocalDay(now: number): number {
  const d = new Date(now)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

/** Where the window of `range` starts when it ends at `now` (epoch ms). */
export function rangeStart(range: TrendRange, now: number, startOfDay = startOfLocalDay): number {
  return range === 'today' ? startOfDay(now) : now - SPAN_MS[range]
}

export function isTrendRange(v: unknown): v is TrendRange {
  return typeof v === 'string' && (TREND_RANGES as readonly string[]).includes(v)
}
