/**
 * Retry-After in both forms (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns ms from `now`, or
 * undefined when absent or unreadable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | undefined | null, now: number): number | undefined {
  if (value === undefined || value === null) return undefined
  const v = value.trim()
  if (v === '') return undefined
  if (/^\d+$/.test(v)) return Number(v) * 1000
  // Only an HTTP-date (IMF-fixdate or the obsolete forms: all name a month and a time); Date.parse alone
  // would read "-5" as a year.
  if (!/[A-Za-z]{3}/.test(v) || !/\d{1,2}:\d{2}:\d{2}/.test(v)) return undefined
  const at = Date.parse(v)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}
