import { describe, expect, it } from 'vitest'
import { BACKOFF_CAP_MS, SLOW_RETRY_MS, backoffDelayMs } from './backoff'

describe('backoffDelayMs', () => {
  const unavailable = { code: 'unavailable' as const, detail: 'HTTP 503' }

  it('grows exponentially up to the cap, with full jitter', () => {
    const top = (n: number) => backoffDelayMs(unavailable, n, 1_000, () => 0.999999)
    expect(top(1)).toBeCloseTo(2_000, -1)
    expect(top(2)).toBeCloseTo(4_000, -1)
    expect(top(3)).toBeCloseTo(8_000, -1)
    expect(top(10)).toBeLessThanOrEqual(BACKOFF_CAP_MS)
    expect(top(10)).toBeGreaterThan(BACKOFF_CAP_MS - 10)
  })

  it('never retries faster than the connection interval (8x8 caches for 10 s)', () => {
    expect(backoffDelayMs(unavailable, 1, 10_000, () => 0)).toBe(10_000)
    expect(backoffDelayMs(unavailable, 1, 1_000, () => 0)).toBe(1_000)
  })

  it('honours Retry-After even above the cap', () => {
    expect(backoffDelayMs({ ...unavailable, retryAfterMs: 120_000 }, 1, 1_000, () => 0.5)).toBe(120_000)
  })

  it('retries at the interval, without growth, when nothing answered (the vendor never saw the request)', () => {
    const refused = { code: 'network' as const, detail: 'could not connect (ECONNREFUSED)' }
    expect([1, 2, 5, 20].map((n) => backoffDelayMs(refused, n, 10_000, () => 0.999))).toEqual([
      10_000, 10_000, 10_000, 10_000,
    ])
    expect(backoffDelayMs({ ...refused, retryAfterMs: 30_000 }, 3, 10_000, () => 0)).toBe(30_000)
  })

  it('retries slowly on failures a retry will not fix', () => {
    expect(backoffDelayMs({ code: 'auth', detail: '401' }, 1, 5_000, () => 0)).toBe(SLOW_RETRY_MS)
    expect(backoffDelayMs({ code: 'rate_limited', detail: '409', terminal: true }, 1, 5_000, () => 0)).toBe(
      SLOW_RETRY_MS,
    )
  })
})
