/**
 * Retry delays after failures: exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff
 * And Jitter"): delay = random(0, min(cap, base · 2^attempt)), never below the connection's own interval (a
 * vendor's minimum cadence, e.g. 8x8's 10 s cache, holds for retries too) and never below Retry-After. Transport
 * failures where nothing answered retry at the interval (see below).
 */
import type { ProviderFailure } from '../providers/types'
import type { Random } from '../ports'

export const BACKOFF_CAP_MS = 60_000
/** Failures that a retry will not fix soon (bad credentials, a wrong URL): retry slowly, no storm. */
export const SLOW_RETRY_MS = 5 * 60_000
const BASE_MS = 2_000

export function backoffDelayMs(
  failure: ProviderFailure,
  consecutiveFailures: number,
  intervalMs: number,
  random: Random,
): number {
  if (
    failure.code === 'auth' ||
    failure.code === 'forbidden' ||
    failure.code === 'config' ||
    failure.terminal
  ) {
    return Math.max(SLOW_RETRY_MS, failure.retryAfterMs ?? 0)
  }
  const floor = Math.min(intervalMs, BACKOFF_CAP_MS)
  // Nothing answered at all (connection refused, DNS, no route): the request never reached the vendor's servers, so
  // a retry at the connection's own cadence costs the vendor nothing, and the board is fresh within one interval of
  // the vendor coming back. A whole machine without network is caught by the engine, which then stops polling.
  if (failure.code === 'network') return Math.max(floor, Math.min(failure.retryAfterMs ?? 0, 3_600_000))
  const exp = Math.min(BACKOFF_CAP_MS, BASE_MS * 2 ** Math.max(0, consecutiveFailures - 1))
  const jittered = random() * exp
  // Retry-After is the vendor telling us when; honour it even above the cap (bounded to an hour).
  return Math.max(floor, jittered, Math.min(failure.retryAfterMs ?? 0, 3_600_000))
}
