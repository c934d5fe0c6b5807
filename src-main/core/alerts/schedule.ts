/**
 * Local-time windows (rule schedules, quiet hours). The local time comes from an injected offset function, so
 * tests are deterministic and a daylight-saving change is the offset function's business.
 */
import type { AlertPrefs, RuleConfig } from '../../../src-shared/config'

/** Minutes east of UTC at instant `epochMs` (Helsinki in summer: 180; New York in winter: -300). */
export type TimezoneOffset = (epochMs: number) => number

/** The machine's own time zone. */
export const systemTimezoneOffset: TimezoneOffset = (t) => -new Date(t).getTimezoneOffset()

export interface LocalWindow {
  /** 0 = Sunday ... 6 = Saturday; absent = every day. The day a window starts on (it may end after midnight). */
  days?: readonly number[]
  /** HH:MM, 24-hour. */
  from: string
  to: string
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':')
  return Number(h) * 60 + Number(m)
}

/** Local weekday and minute of day of `epochMs`. */
export function localTime(epochMs: number, offset: TimezoneOffset): { day: number; minute: number } {
  const local = new Date(epochMs + offset(epochMs) * 60_000)
  return { day: local.getUTCDay(), minute: local.getUTCHours() * 60 + local.getUTCMinutes() }
}

/**
 * Whether `epochMs` falls inside the window: from ≤ t < to; when to < from the window spans midnight and the
 * part after midnight belongs to the previous day's window; from = to is the whole day.
 */
export function inWindow(w: LocalWindow, epochMs: number, offset: TimezoneOffset): boolean {
  const { day, minute } = localTime(epochMs, offset)
  const from = minutesOf(w.from)
  const to = minutesOf(w.to)
  const onDay = (d: number) => w.days === undefined || w.days.includes(d)
  if (from === to) return onDay(day)
  if (from < to) return onDay(day) && minute >= from && minute < to
  if (minute >= from) return onDay(day)
  if (minute < to) return onDay((day + 6) % 7)
  return false
}

/** Whether `rule` is active at `now` (no schedule: always). */
export function ruleInSchedule(
  rule: Pick<RuleConfig, 'schedule'>,
  now: number,
  offset: TimezoneOffset,
): boolean {
  return rule.schedule === undefined || inWindow(rule.schedule, now, offset)
}

/** Whether the user's quiet hours hold at `now`. */
export function inQuietHours(
  prefs: Pick<AlertPrefs, 'quietHours'>,
  now: number,
  offset: TimezoneOffset,
): boolean {
  return prefs.quietHours !== null && inWindow(prefs.quietHours, now, offset)
}
