/**
 * The business day (docs/ARCHITECTURE.md §5, `businessDay`): per connection a start time and an IANA time zone,
 * used for every "today" figure Floorwalker computes itself (the trends' "today" range, catch-up summaries, the
 * shift report). Vendor-counted "today" figures stay the vendor's.
 *
 * Pure date maths over `Intl` (no DOM, no Node): wall clocks in a zone, the instant a business day starts, DST
 * included. A start that falls in a spring-forward gap starts the day when the clocks jump (02:30 on a day that
 * skips 02:00–03:00 starts at 03:00); a start that occurs twice in the autumn starts at the first one.
 */

/** A connection's business day: when it starts (HH:MM, 24-hour) and in which IANA zone (null: this computer's). */
export interface BusinessDay {
  start: string
  timeZone: string | null
}

/** Midnight in this computer's zone: the business day of a connection that sets none. */
export const DEFAULT_BUSINESS_DAY: BusinessDay = { start: '00:00', timeZone: null }

const DAY_MS = 86_400_000
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/

const formats = new Map<string, Intl.DateTimeFormat>()

function formatFor(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formats.set(zone, f)
  }
  return f
}

/** This computer's IANA zone (what `timeZone: null` means here); UTC where the runtime names none. */
export function localTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** Whether `zone` is an IANA time zone this runtime knows ("Europe/Warsaw", "UTC"). */
export function isValidTimeZone(zone: string): boolean {
  if (zone.trim() === '' || zone !== zone.trim()) return false
  try {
    formatFor(zone)
    return true
  } catch {
    return false
  }
}

/**
 * Whether `zone` is a tz database name ("Europe/Helsinki", "UTC") this runtime knows. Stricter than
 * isValidTimeZone: newer engines also take offsets such as "+02:00", which vendors that want names refuse.
 */
export function isTimeZoneName(zone: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone) && isValidTimeZone(zone)
}

/** Minutes after midnight of a 24-hour "HH:MM" clock time ("06:30" → 390), or null when it is not one. */
export function clockMinutes(text: string): number | null {
  const m = HHMM.exec(text.trim())
  return m === null ? null : Number(m[1]) * 60 + Number(m[2])
}

/** Why `start` is not a business-day start time, or null when it is one. */
export function startTimeProblem(start: string): string | null {
  return HHMM.test(start) ? null : 'must be HH:MM (24-hour), e.g. "06:00"'
}

/** Minutes after midnight of an HH:MM start. */
function startMinutes(start: string): number {
  const m = HHMM.test(start) ? clockMinutes(start) : null
  if (m === null) throw new RangeError(`business day start "${start}": ${startTimeProblem(start) ?? ''}`)
  return m
}

/**
 * The wall clock in `zone` at instant `t`, as if that wall time were UTC (epoch ms), so wall-clock arithmetic is
 * plain arithmetic.
 */
export function wallClock(zone: string, t: number): number {
  const parts = formatFor(zone).formatToParts(new Date(t))
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const ms = ((t % 1000) + 1000) % 1000
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) + ms
}

/** The UTC offset of `zone` at `t` (ms; +3600000 for CET). */
function offsetAt(zone: string, t: number): number {
  return wallClock(zone, t) - t
}

/**
 * The first instant whose wall clock in `zone` is at or after `wall` (a wall time written as UTC epoch ms): the
 * instant itself when it exists once, the earlier one when the clocks went back over it, the moment the clocks
 * jumped when they skipped it.
 */
export function instantOfWall(zone: string, wall: number): number {
  // Offsets change by at most a day's worth around a wall time: look at the offsets half a day either side.
  const before = wall - offsetAt(zone, wall - DAY_MS / 2)
  const after = wall - offsetAt(zone, wall + DAY_MS / 2)
  const exact = [before, after].filter((c) => wallClock(zone, c) === wall)
  if (exact.length > 0) return Math.min(...exact)
  // Skipped (a spring-forward gap): the first instant at or after the wall time is when the clocks jumped.
  let lo = Math.min(before, after)
  let hi = Math.max(before, after)
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2)
    if (wallClock(zone, mid) >= wall) hi = mid
    else lo = mid
  }
  return hi
}

function zoneOf(day: BusinessDay): string {
  return day.timeZone ?? localTimeZone()
}

/** The instant (epoch ms) the business day `now` falls in started. */
export function businessDayStart(day: BusinessDay, now: number): number {
  const zone = zoneOf(day)
  const wallNow = wallClock(zone, now)
  const startWall = Math.floor(wallNow / DAY_MS) * DAY_MS + startMinutes(day.start) * 60_000
  const today = instantOfWall(zone, startWall)
  return today <= now ? today : instantOfWall(zone, startWall - DAY_MS)
}

/** The instant (epoch ms) of the local midnight that starts the calendar day `t` falls in, in `zone`. */
export function startOfDay(zone: string, t: number): number {
  return businessDayStart({ start: '00:00', timeZone: zone }, t)
}

/** The instant (epoch ms) the business day after the one `now` falls in starts. */
export function nextBusinessDayStart(day: BusinessDay, now: number): number {
  const zone = zoneOf(day)
  const start = businessDayStart(day, now)
  const startWall = Math.floor(wallClock(zone, start) / 60_000) * 60_000
  // The start's own wall time can be later than HH:MM (a skipped start); the next day is counted from HH:MM.
  const dayWall = Math.floor(startWall / DAY_MS) * DAY_MS + startMinutes(day.start) * 60_000
  return instantOfWall(zone, dayWall + DAY_MS)
}

/** The business day `now` falls in: when it started and when the next one starts (epoch ms). */
export function businessDayRange(day: BusinessDay, now: number): { from: number; to: number } {
  return { from: businessDayStart(day, now), to: nextBusinessDayStart(day, now) }
}

/**
 * The calendar date ("2026-03-29") that names the business day `now` falls in: the date on which it started, in its
 * zone. A day starting at 22:00 on the 4th is "the 4th" until 22:00 on the 5th.
 */
export function businessDate(day: BusinessDay, now: number): string {
  const wall = wallClock(zoneOf(day), businessDayStart(day, now))
  return new Date(wall).toISOString().slice(0, 10)
}

/** The business-day starts in (from, to], oldest first: the days a span (a catch-up gap) crosses into. */
export function businessDayStartsBetween(day: BusinessDay, from: number, to: number): number[] {
  const out: number[] = []
  let s = businessDayStart(day, to)
  // A span of years is no gap worth listing every day of: the latest 31 starts are enough to say so.
  while (s > from && out.length < 31) {
    out.unshift(s)
    s = businessDayStart(day, s - 1)
  }
  return out
}

/** `t` as ISO 8601 local time in `zone` with its offset, e.g. `2026-12-05T16:00:00+01:00` (whole seconds). */
export function isoInZone(zone: string, t: number): string {
  const wall = wallClock(zone, t)
  const offsetMin = Math.round((wall - t) / 60_000)
  const sign = offsetMin < 0 ? '-' : '+'
  const abs = Math.abs(offsetMin)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${new Date(wall).toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}
