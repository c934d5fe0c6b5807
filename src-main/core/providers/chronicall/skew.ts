/** How far the Chronicall server's clock is from ours, from the Date headers of its answers. */

/**
 * Skew (server clock − local clock) from one response. The Date header has whole seconds and the server stamped
 * it somewhere between our send and our receipt, so it only bounds the skew: [date − receivedAt, date + 1000 −
 * sentAt]. We keep the previous estimate when it fits the bounds and move it to the nearest bound when it does not.
 */
export function estimateSkew(
  samples: readonly { date: number | null; sentAt: number; receivedAt: number }[],
  previous: number,
): number {
  let lo = -Infinity
  let hi = Infinity
  let last: { lo: number; hi: number } | null = null
  for (const s of samples) {
    if (s.date === null) continue
    const b = { lo: s.date - s.receivedAt, hi: s.date + 1000 - s.sentAt }
    last = b
    lo = Math.max(lo, b.lo)
    hi = Math.min(hi, b.hi)
  }
  if (last === null) return previous
  // Bounds that do not overlap (a clock jump mid-cycle): trust the newest response alone.
  if (lo > hi) ({ lo, hi } = last)
  return Math.min(Math.max(previous, lo), hi)
}
