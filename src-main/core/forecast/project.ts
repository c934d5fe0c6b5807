/**
 * Time to breach, the maths (docs/ARCHITECTURE.md §3.11): from a queue's or chat room's recent observations, where
 * its waiting count, longest wait and service level are heading, and when a level will be crossed. Pure: every
 * instant comes from the observations and the `now` the caller passes.
 *
 * - Waiting: W(h) = W₀ + (λ − d)·h, the arrivals λ minus the departures d (answered + abandoned) per second over the
 *   last RATE_WINDOW_MS, from the vendor's today counters; without counters, the slope of the waiting count.
 * - Longest wait: the age of the oldest contact waiting. It grows 1 s per second until that contact leaves; each
 *   departure from the head hands the title to the next contact, who arrived 1/λ later on average, so
 *   L(h) = L₀ + g·h with g = 1 − d/λ (at most 1). When nobody is available to answer (no agent available, no free
 *   chat slot) and the queue is not draining, g = 1: "if nobody becomes available". Without counters, g is the slope
 *   of the longest wait. Nobody waiting: it stays 0.
 * - Service level: the least-squares slope over the last TREND_WINDOW_MS, continued.
 */
import type { RuleOp } from '../../../src-shared/config'

/** One poll of one queue or chat room, as the forecast needs it. */
export interface Observation {
  /** epoch ms of the data (the snapshot's asOf) */
  at: number
  waiting: number | null
  longestWaitSec: number | null
  serviceLevelPct: number | null
  /** Today's arrivals so far (a queue's today.received, a room's today.chats), or null. */
  received: number | null
  /** Today's departures so far: answered + abandoned (missed), or null. */
  departed: number | null
  /** Agents available (a queue) or free chat slots (a room), or null when the vendor does not say. */
  available: number | null
}

/** The three figures a forecast can follow. */
export type ForecastFigure = 'waiting' | 'longestWait' | 'serviceLevel'
export type ForecastBasis = 'trend' | 'no_agent'

/** Arrival and departure rates are taken over this much of the past. */
export const RATE_WINDOW_MS = 3 * 60_000
/** Slopes (service level; waiting and longest wait without counters) over this much. */
export const TREND_WINDOW_MS = 2 * 60_000
/** Fewer seconds of observations than this: no forecast (one poll says nothing about a trend). */
export const MIN_SPAN_MS = 30_000
/** Observations older than this are dropped by the tracker. */
export const KEEP_MS = Math.max(RATE_WINDOW_MS, TREND_WINDOW_MS)

/** A figure's course: value(h) is its value h seconds after `at`. */
export interface Course {
  at: number
  start: number
  /** units per second */
  slope: number
  /** g = 1 because nobody is available (longest wait only) */
  basis: ForecastBasis
  min: number
  max: number
}

export function courseValue(c: Course, hSec: number): number {
  return Math.min(c.max, Math.max(c.min, c.start + c.slope * Math.max(0, hSec)))
}

function within(obs: readonly Observation[], sinceMs: number): Observation[] {
  return obs.filter((o) => o.at >= sinceMs)
}

/** Least-squares slope (units per second) of the non-null values, or null with fewer than 2 over MIN_SPAN_MS. */
export function slopeOf(points: readonly (readonly [number, number | null])[]): number | null {
  const xs: number[] = []
  const ys: number[] = []
  for (const [t, v] of points) {
    if (v === null || !Number.isFinite(v)) continue
    xs.push(t / 1000)
    ys.push(v)
  }
  if (xs.length < 2) return null
  const first = xs[0] ?? 0
  const last = xs[xs.length - 1] ?? 0
  if ((last - first) * 1000 < MIN_SPAN_MS) return null
  const n = xs.length
  const mx = xs.reduce((a, b) => a + b, 0) / n
  const my = ys.reduce((a, b) => a + b, 0) / n
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx
    sxy += dx * ((ys[i] ?? 0) - my)
    sxx += dx * dx
  }
  return sxx === 0 ? null : sxy / sxx
}

/** Arrivals and departures per second over the rate window, or null (no counters, too short, or a reset). */
export function ratesOf(obs: readonly Observation[]): { arrivals: number; departures: number } | null {
  const last = obs[obs.length - 1]
  if (last === undefined || last.received === null || last.departed === null) return null
  const first = within(obs, last.at - RATE_WINDOW_MS).find((o) => o.received !== null && o.departed !== null)
  if (first === undefined || first.received === null || first.departed === null) return null
  const span = (last.at - first.at) / 1000
  if (span * 1000 < MIN_SPAN_MS) return null
  const arrived = last.received - first.received
  const departed = last.departed - first.departed
  // Counters that went back: a new day (or a vendor reset) in the window; its rates say nothing.
  if (arrived < 0 || departed < 0) return null
  return { arrivals: arrived / span, departures: departed / span }
}

/**
 * Where `figure` is heading from the last observation, or null when it cannot be told (no value now, too little
 * history). Observations oldest first.
 */
export function courseOf(obs: readonly Observation[], figure: ForecastFigure): Course | null {
  const last = obs[obs.length - 1]
  if (last === undefined) return null
  const trend = within(obs, last.at - TREND_WINDOW_MS)
  const rates = ratesOf(obs)
  const waitingSlope = () =>
    rates !== null ? rates.arrivals - rates.departures : slopeOf(trend.map((o) => [o.at, o.waiting]))
  switch (figure) {
    case 'waiting': {
      if (last.waiting === null) return null
      const slope = waitingSlope()
      if (slope === null) return null
      return { at: last.at, start: last.waiting, slope, basis: 'trend', min: 0, max: Infinity }
    }
    case 'serviceLevel': {
      if (last.serviceLevelPct === null) return null
      const slope = slopeOf(trend.map((o) => [o.at, o.serviceLevelPct]))
      if (slope === null) return null
      return { at: last.at, start: last.serviceLevelPct, slope, basis: 'trend', min: 0, max: 100 }
    }
    case 'longestWait': {
      if (last.longestWaitSec === null) return null
      const base = { at: last.at, start: last.longestWaitSec, min: 0, max: Infinity }
      // Nobody waiting: nobody to grow old.
      if (last.waiting === 0) return { ...base, slope: 0, basis: 'trend' }
      const net = waitingSlope()
      if (net === null) return null
      // Nobody available and nobody answered (or gone) for the whole rate window: the oldest contact waits on.
      if (last.available === 0 && net >= 0 && (rates === null || rates.departures === 0))
        return { ...base, slope: 1, basis: 'no_agent' }
      if (rates !== null) {
        // No arrivals and no departures: the oldest contact just waits on.
        const g =
          rates.arrivals > 0 ? 1 - rates.departures / rates.arrivals : rates.departures > 0 ? -Infinity : 1
        return { ...base, slope: Math.min(1, g === -Infinity ? -1 : g), basis: 'trend' }
      }
      const s = slopeOf(trend.map((o) => [o.at, o.longestWaitSec]))
      if (s === null) return null
      return { ...base, slope: Math.min(1, s), basis: 'trend' }
    }
  }
}

export function isUpwardOp(op: RuleOp): boolean {
  return op === '>' || op === '>='
}

function passes(op: RuleOp, v: number, level: number): boolean {
  switch (op) {
    case '>':
      return v > level
    case '>=':
      return v >= level
    case '<':
      return v < level
    case '<=':
      return v <= level
  }
}

/**
 * Seconds from `now` until the course crosses `level` with `op`: 0 when it already has, null when it is not
 * heading there (or only beyond `horizonSec`).
 */
export function secondsToCross(
  c: Course,
  op: RuleOp,
  level: number,
  now: number,
  horizonSec: number,
): number | null {
  const elapsed = Math.max(0, (now - c.at) / 1000)
  const v = courseValue(c, elapsed)
  if (passes(op, v, level)) return 0
  const up = isUpwardOp(op)
  if (up ? c.slope <= 0 : c.slope >= 0) return null
  // Past the course's bounds (a service level below 0) it never gets.
  if (up ? level >= c.max : level <= c.min) return null
  const h = (level - v) / c.slope
  // The strict operators need to get past the level, not onto it: a second more.
  const inSec = Math.ceil(h) + (op === '>' || op === '<' ? (Number.isInteger(h) ? 1 : 0) : 0)
  return inSec <= horizonSec ? inSec : null
}

/**
 * What a forecast rule reads: the worst value the figure reaches between now and `horizonSec` ahead (the larger
 * for a ">" rule, the smaller for "<"), so the rule's levels, hysteresis and pending period apply unchanged.
 */
export function worstWithin(c: Course, op: RuleOp, now: number, horizonSec: number): number {
  const elapsed = Math.max(0, (now - c.at) / 1000)
  const a = courseValue(c, elapsed)
  const b = courseValue(c, elapsed + horizonSec)
  return isUpwardOp(op) ? Math.max(a, b) : Math.min(a, b)
}

/**
 * The course of a figure from its own series alone (the history ring keeps no counters and no agent counts): its
 * least-squares slope over the TREND_WINDOW_MS before the last point, a wait growing at most 1 s per second. Rule
 * previews use it.
 */
export function seriesCourse(
  points: readonly (readonly [number, number | null])[],
  figure: ForecastFigure,
): Course | null {
  const last = points[points.length - 1]
  if (last === undefined || last[1] === null) return null
  const from = last[0] - TREND_WINDOW_MS
  const s = slopeOf(points.filter((p) => p[0] >= from))
  if (s === null) return null
  const bounds = figure === 'serviceLevel' ? { min: 0, max: 100 } : { min: 0, max: Infinity }
  return {
    at: last[0],
    start: last[1],
    slope: figure === 'longestWait' ? Math.min(1, s) : s,
    basis: 'trend',
    ...bounds,
  }
}
