import type { Clock } from '../ports'

export interface ManualClock extends Clock {
  /** Move `now()` forward; timers are not affected (they are real). */
  advance(ms: number): void
  set(t: number): void
}

/**
 * A clock for provider tests against a live sandbox: `now()` moves only when the test says so (synchronously),
 * while timers are real, short ones (the sandbox kit's delay fault and push tickers wait on them). For tests that
 * must control timers too, use FakeClock.
 */
export function manualClock(start: number): ManualClock {
  let t = start
  return {
    now: () => t,
    setTimer(ms, fn) {
      const h = setTimeout(fn, Math.max(0, ms))
      return () => clearTimeout(h)
    },
    advance(ms) {
      t += ms
    },
    set(v) {
      t = v
    },
  }
}
