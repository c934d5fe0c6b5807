/**
 * Vendor clocks (docs/ARCHITECTURE.md §3.2, "Vendor clocks"): the data time is our clock at arrival, never the
 * vendor's Date header. The header only measures how far the vendor's clock is from ours; a vendor-stamped time is
 * corrected by at most {@link SKEW_WINDOW_MS}, and a skew beyond it is a warning on the connection.
 */

/** The largest vendor clock difference corrected without a word: an NTP-synced server is within a second. */
export const SKEW_WINDOW_MS = 5 * 60_000

/** A Date header as epoch ms, or null when absent or unreadable. */
export function readDateHeader(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null
  const t = Date.parse(value)
  return Number.isNaN(t) ? null : t
}

/**
 * Vendor clock − our clock, ms, from one exchange. The header has whole seconds and was stamped between our send
 * and our receipt, so it only bounds the skew to [date − receivedAt, date + 1000 − sentAt]; a skew inside those
 * bounds is 0 (no evidence of any), else the nearest bound.
 */
export function skewOf(date: number, sentAt: number, receivedAt: number): number {
  const lo = date - receivedAt
  const hi = date + 1000 - sentAt
  if (lo > 0) return lo
  if (hi < 0) return hi
  return 0
}

/** The correction a vendor-stamped time may get: the skew, bounded by the window. */
export function boundedSkew(skewMs: number): number {
  return Math.max(-SKEW_WINDOW_MS, Math.min(SKEW_WINDOW_MS, skewMs))
}

/** "2 h 5 min", "7 min", "45 s". */
function span(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000)
  if (s < 60) return `${s} s`
  const m = Math.round(s / 60)
  if (m < 60) return `${m} min`
  const h = Math.floor(m / 60)
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`
}

/** The warning for a skew beyond the window, or null within it. */
export function skewWarning(skewMs: number): string | null {
  if (Math.abs(skewMs) <= SKEW_WINDOW_MS) return null
  return `the vendor's clock is ${span(skewMs)} ${skewMs > 0 ? 'ahead of' : 'behind'} this computer's; data times are taken from this computer, and times the vendor stamps may be off`
}
