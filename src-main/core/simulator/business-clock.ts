/**
 * The simulator's "business day" clock. A demo can start at any wall-clock hour and should still look like a
 * busy contact center, so simulated time of day does not follow the wall clock: `opts.startAt` is 09:30 of
 * business day 0 and business time then advances one-for-one with real time (startAt + 1 h is 10:30, and so
 * on; day 1 begins 14.5 h after startAt). The model itself starts earlier, at 08:00 of day 0
 * (startAt − 90 min), so at startAt the center is already warm: agents mid-shift, queues with callers, today's
 * counters under way. Arrival rates and shifts follow this clock; "today" counters reset at business midnight.
 */

export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS

/** Business time of day at `opts.startAt`: 09:30. */
export const START_OF_DEMO_MS = 9.5 * HOUR_MS
/** Business time of day the model starts at (the warm-up origin): 08:00. */
export const MODEL_ORIGIN_MS = 8 * HOUR_MS
/** How long the model runs before `opts.startAt`. */
export const WARM_UP_MS = START_OF_DEMO_MS - MODEL_ORIGIN_MS

/** Business ms since midnight of day 0 at instant `t` (epoch ms). Keeps counting past 24 h (day 1, 2, ...). */
export function businessMsAt(startAt: number, t: number): number {
  return START_OF_DEMO_MS + (t - startAt)
}

export interface BusinessTime {
  /** 0 for the day the demo starts in. */
  day: number
  /** seconds since business midnight of `day` */
  secondOfDay: number
  /** "HH:MM" */
  label: string
}

export function businessTimeAt(startAt: number, t: number): BusinessTime {
  return businessTimeOfMs(businessMsAt(startAt, t))
}

/** Day, second of day and "HH:MM" of a business time given in ms since midnight of day 0. */
export function businessTimeOfMs(ms: number): BusinessTime {
  const day = Math.floor(ms / DAY_MS)
  const secondOfDay = Math.floor((ms - day * DAY_MS) / 1000)
  const hh = Math.floor(secondOfDay / 3600)
  const mm = Math.floor((secondOfDay % 3600) / 60)
  return { day, secondOfDay, label: `${pad2(hh)}:${pad2(mm)}` }
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
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
  let max = Math.max(arrivalCurve(hour), arrivalCurve(hour + 1))
  for (const [h, v] of CURVE) if (h > hour && h < hour + 1) max = Math.max(max, v)
  return max
}
