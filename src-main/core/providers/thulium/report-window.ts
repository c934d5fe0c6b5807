/**
 * "Today so far" as Thulium's report wants it: `date_from` / `date_to` are wall-clock times in the system's
 * zone written `YYYY-MM-DD HH:MM:SS` (docs/vendors/thulium.md §3, §6.6; the zone is not documented, so it is
 * an option).
 */

import { isValidTimeZone, wallClock } from '../../../../src-shared/business-day'

export interface ReportWindow {
  /** `YYYY-MM-DD 00:00:00` of today in the zone. */
  dateFrom: string
  /** `YYYY-MM-DD HH:MM:SS` now in the zone. */
  dateTo: string
  /** `YYYY-MM-DD`: the `series` label today's rows carry with `aggregate_by=day`. */
  today: string
  timeZone: string
}

/** The window from local midnight to `now` (epoch ms) in `timeZone`, or null when the zone is unknown. */
export function reportWindow(now: number, timeZone: string): ReportWindow | null {
  if (!isValidTimeZone(timeZone)) return null
  // "2026-12-05T14:03:09.123Z": the wall clock in the zone, written as if it were UTC.
  const wall = new Date(wallClock(timeZone, now)).toISOString()
  const today = wall.slice(0, 10)
  return {
    dateFrom: `${today} 00:00:00`,
    dateTo: `${today} ${wall.slice(11, 19)}`,
    today,
    timeZone,
  }
}
