/**
 * "Today so far" as Thulium's report wants it: `date_from` / `date_to` are wall-clock times in the system's
 * zone written `YYYY-MM-DD HH:MM:SS` (docs/vendors/thulium.md §3, §6.6; the zone is not documented, so it is
 * an option).
 */

export interface ReportWindow {
  /** `YYYY-MM-DD 00:00:00` of today in the zone. */
  dateFrom: string
  /** `YYYY-MM-DD HH:MM:SS` now in the zone. */
  dateTo: string
  /** `YYYY-MM-DD`: the `series` label today's rows carry with `aggregate_by=day`. */
  today: string
  timeZone: string
}

/** This machine's IANA zone (the default when the connection sets none). */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

/** The window from local midnight to `now` (epoch ms) in `timeZone`, or null when the zone is unknown. */
export function reportWindow(now: number, timeZone: string): ReportWindow | null {
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
  } catch {
    return null
  }
  const parts: Record<string, string> = {}
  for (const p of format.formatToParts(new Date(now))) parts[p.type] = p.value
  const today = `${parts['year']}-${parts['month']}-${parts['day']}`
  return {
    dateFrom: `${today} 00:00:00`,
    dateTo: `${today} ${parts['hour']}:${parts['minute']}:${parts['second']}`,
    today,
    timeZone,
  }
}
