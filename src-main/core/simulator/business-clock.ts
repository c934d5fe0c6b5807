/**
 * The simulator's calendar (docs/vendors/simulator.md §4): which business day an instant belongs to and what the
 * clock on the wall says then.
 *
 * - Wall calendar (the default): simulated time of day is local time in the supervisor's zone, so the center is
 *   busy at 10:00 and quiet at 03:00, and a message about a "huddle at 10:45" means 10:45 on the supervisor's
 *   clock. Each local date is modelled from its own midnight with randomness keyed by the date, so the state at
 *   an instant depends only on (seed, date, time of day): a restart resumes the same floor.
 * - Replay calendar: a reference day that starts at a chosen time of day when the simulator is created (a demo
 *   at any hour, the browser e2e). Every start replays the same day.
 *
 * Model time inside a day is ms elapsed since its local midnight. On a day the UTC offset changes (23 or 25 h
 * long), local time of day runs ahead of or behind elapsed time after the change: {@link localMsOfDay} and
 * {@link elapsedOfLocal} convert.
 */

import { clockMinutes, isValidTimeZone, localTimeZone, wallClock } from '../../../src-shared/business-day'

export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS

export interface SimDay {
  /** Seeds the day's randomness: the same key, the same day. Wall: days since 1970-01-01 of the local date. */
  key: number
  /** "2026-03-10" (wall) or "replay day 1" */
  label: string
  /** epoch ms of the local midnight that starts the day */
  start: number
  /** epoch ms of the next local midnight (23, 24 or 25 h later) */
  end: number
  /** ms after `start` at which the UTC offset changes within the day; Infinity when it does not */
  shiftAt: number
  /** how far local time jumps then: +1 h in spring, −1 h in autumn */
  shiftMs: number
}

export interface SimCalendar {
  /** The business day instant `t` (epoch ms) falls in. */
  dayAt(t: number): SimDay
  /** For the connection test: "Europe/Helsinki" or "replaying a day from 10:30". */
  description: string
}

/** Local ms since midnight (as a clock on the wall shows it) at `elapsed` ms after the day's start. */
export function localMsOfDay(day: SimDay, elapsed: number): number {
  return elapsed >= day.shiftAt ? elapsed + day.shiftMs : elapsed
}

/**
 * Elapsed ms after the day's start at which the wall clock first shows `localMs`; a time the clock skips (spring)
 * maps to the instant of the jump.
 */
export function elapsedOfLocal(day: SimDay, localMs: number): number {
  return localMs < day.shiftAt ? localMs : Math.max(day.shiftAt, localMs - day.shiftMs)
}

export interface BusinessTime {
  day: SimDay
  /** whole seconds since local midnight */
  secondOfDay: number
  /** "HH:MM" */
  label: string
}

export function businessTimeIn(day: SimDay, t: number): BusinessTime {
  const secondOfDay = Math.floor(localMsOfDay(day, t - day.start) / 1000)
  return { day, secondOfDay, label: clockLabel(secondOfDay) }
}

/** "HH:MM" of a second of day (wraps past midnight). */
export function clockLabel(secondOfDay: number): string {
  const s = ((Math.floor(secondOfDay) % 86_400) + 86_400) % 86_400
  return `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor((s % 3600) / 60))}`
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** "HH:MM" (00:00–23:59) as seconds since midnight, or null. */
export function parseClockTime(text: string): number | null {
  const minutes = clockMinutes(text)
  return minutes === null ? null : minutes * 60
}

interface LocalParts {
  y: number
  mo: number
  d: number
  /** the wall clock written as if it were UTC (epoch ms, whole seconds) */
  wall: number
}

/**
 * The wall calendar of an IANA zone, or null when this system does not know the zone. Days are computed with
 * Intl only when the simulator crosses into a new one.
 */
export function wallCalendar(timeZone: string): SimCalendar | null {
  if (!isValidTimeZone(timeZone)) return null
  const local = (t: number): LocalParts => {
    const withMs = wallClock(timeZone, t)
    const date = new Date(withMs)
    const wall = withMs - (((withMs % 1000) + 1000) % 1000)
    return { y: date.getUTCFullYear(), mo: date.getUTCMonth() + 1, d: date.getUTCDate(), wall }
  }
  /** UTC offset at `t` (ms, whole seconds). */
  const offsetAt = (t: number): number => local(t).wall - Math.floor(t / 1000) * 1000
  const dateKey = (p: LocalParts): number => Date.UTC(p.y, p.mo - 1, p.d) / DAY_MS
  /** The first instant in (lo, hi] for which `ok` holds, given it fails at lo and holds at hi (1 ms precision). */
  const firstWhere = (lo: number, hi: number, ok: (t: number) => boolean): number => {
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2)
      if (ok(mid)) hi = mid
      else lo = mid
    }
    return hi
  }
  /** Epoch ms of the first instant of the local date `key` (days since 1970), near `hint`. */
  const startOf = (key: number, hint: number): number => {
    const midnightWall = key * DAY_MS
    const guess = midnightWall - offsetAt(hint)
    const t = midnightWall - offsetAt(guess)
    // Midnight itself may not exist (a zone that springs forward at 00:00): the day starts at the jump.
    const onOrAfter = (x: number) => dateKey(local(x)) >= key
    if (onOrAfter(t) && !onOrAfter(t - 1)) return t
    return firstWhere(t - 3 * HOUR_MS, t + 3 * HOUR_MS, onOrAfter)
  }
  return {
    description: timeZone,
    dayAt(t: number): SimDay {
      const p = local(t)
      const key = dateKey(p)
      const start = startOf(key, t)
      const end = startOf(key + 1, start + DAY_MS)
      const before = offsetAt(start)
      const after = offsetAt(end - 1)
      const shiftAt =
        before === after ? Infinity : firstWhere(start, end - 1, (x) => offsetAt(x) === after) - start
      return {
        key,
        label: `${p.y}-${pad2(p.mo)}-${pad2(p.d)}`,
        start,
        end,
        shiftAt,
        shiftMs: shiftAt === Infinity ? 0 : after - before,
      }
    },
  }
}

/**
 * A reference day replayed from `secondOfDay` at `startAt` (epoch ms): day 0 is the same whatever the date, the
 * next ones follow every 24 h.
 */
export function replayCalendar(startAt: number, secondOfDay: number): SimCalendar {
  const anchor = startAt - secondOfDay * 1000
  return {
    description: `replaying a day from ${clockLabel(secondOfDay)}`,
    dayAt(t: number): SimDay {
      const k = Math.floor((t - anchor) / DAY_MS)
      const start = anchor + k * DAY_MS
      return {
        key: k,
        label: `replay day ${k + 1}`,
        start,
        end: start + DAY_MS,
        shiftAt: Infinity,
        shiftMs: 0,
      }
    },
  }
}

/**
 * The calendar a simulator's options ask for (`startTime` "HH:MM" replays, else the wall clock of `timezone` or of
 * this machine), or why there is none. `now`: the instant a replay starts at.
 */
export function calendarFor(o: { timezone?: string; startTime?: string }, now: number): SimCalendar | string {
  if (o.startTime !== undefined) {
    const second = parseClockTime(o.startTime)
    if (second === null) return `simulator: startTime "${o.startTime}" is not a time of day (HH:MM)`
    return replayCalendar(now, second)
  }
  const zone = o.timezone ?? localTimeZone()
  return wallCalendar(zone) ?? `simulator: "${zone}" is not a time zone this system knows`
}

/**
 * Relative arrival intensity by business hour of day (0–24), 1 at the late-morning peak: a ramp from 08:00, the
 * 10:30–11:30 peak, a lunch dip, a second peak after lunch and a long evening tail. Contacts trickle in at night
 * too (nobody answers them: they abandon, emails pile up for the morning).
 */
const CURVE: readonly (readonly [number, number])[] = [
  [0, 0.02],
  [7, 0.02],
  [8, 0.25],
  [9, 0.5],
  [10, 0.85],
  [10.5, 1],
  [11.5, 1],
  [12, 0.85],
  [13, 0.8],
  [14, 0.95],
  [15, 0.85],
  [16, 0.7],
  [17, 0.45],
  [18, 0.28],
  [18.5, 0.18],
  [19, 0.12],
  [20, 0.06],
  [21, 0.02],
  [24, 0.02],
]

function curveAtKnots(hourOfDay: number): number {
  for (let i = 1; i < CURVE.length; i++) {
    const [h1, v1] = CURVE[i] as readonly [number, number]
    if (hourOfDay <= h1) {
      const [h0, v0] = CURVE[i - 1] as readonly [number, number]
      return v0 + ((v1 - v0) * (hourOfDay - h0)) / (h1 - h0)
    }
  }
  return (CURVE[CURVE.length - 1] as readonly [number, number])[1]
}

/**
 * The curve sampled every minute. Every knot sits on a whole minute, so interpolating between samples gives the
 * same piecewise-linear curve without a search (the model evaluates it for every candidate arrival).
 */
const BY_MINUTE: readonly number[] = Array.from({ length: 24 * 60 + 1 }, (_, m) => curveAtKnots(m / 60))

export function arrivalCurve(hourOfDay: number): number {
  const h = ((hourOfDay % 24) + 24) % 24
  const x = h * 60
  const i = Math.floor(x)
  const a = BY_MINUTE[i] ?? 0
  const b = BY_MINUTE[i + 1] ?? a
  return a + (b - a) * (x - i)
}

/** The curve's maximum over business hour [hour, hour + 1): the bound thinning needs for that hour. */
export function arrivalCurveMaxInHour(hour: number): number {
  const h = ((Math.floor(hour) % 24) + 24) % 24
  let max = Math.max(arrivalCurve(h), arrivalCurve(h + 1))
  for (const [k, v] of CURVE) if (k > h && k < h + 1) max = Math.max(max, v)
  return max
}
