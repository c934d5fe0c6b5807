import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { T0 } from '../testing/fixtures'
import { createTestApp } from '../testing/mount'
import { useClockStore } from './clock'

describe('useClockStore', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 + 300 })
    createTestApp()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("ticks once per second on main's second boundaries", () => {
    const clock = useClockStore()
    clock.sync(T0 + 10_500) // main is 10.2 s ahead
    const stop = clock.start()
    expect(clock.now).toBe(T0 + 10_500)
    vi.advanceTimersByTime(400)
    expect(clock.now).toBe(T0 + 10_500) // not yet on the next second of main's clock
    vi.advanceTimersByTime(200)
    expect(Math.floor(clock.now / 1000)).toBe(Math.floor((T0 + 11_000) / 1000))
    vi.advanceTimersByTime(3_000)
    expect(Math.floor(clock.now / 1000)).toBe(Math.floor((T0 + 14_000) / 1000))
    stop()
    const frozen = clock.now
    vi.advanceTimersByTime(5_000)
    expect(clock.now).toBe(frozen)
  })

  it('computes elapsed time, growing waits and live metric values from its now', () => {
    const clock = useClockStore()
    clock.sync(T0)
    expect(clock.elapsedSec(T0 - 65_000)).toBe(65)
    expect(clock.elapsedSec(null)).toBeNull()
    expect(clock.elapsedSec(T0 + 5_000)).toBe(0)
    // 40 s longest wait as of 10 s ago: 50 s now while someone waits, 40 s when nobody does.
    expect(clock.tickingSec(40, T0 - 10_000, true)).toBe(50)
    expect(clock.tickingSec(40, T0 - 10_000, false)).toBe(40)
    expect(clock.tickingSec(null, T0 - 10_000, true)).toBeNull()
    // Two calls counting up since 5 s ago on a 100 s base, averaged over 4: (100 + 2 * 5) / 4
    expect(clock.liveValue({ baseSec: 100, ratePerSec: 2, sinceMs: T0 - 5_000, divisor: 4 })).toBe(27.5)
  })

  it('does not step back for patch jitter but follows a real clock change', () => {
    const clock = useClockStore()
    clock.sync(T0 + 1_000)
    clock.sync(T0 + 900) // a patch that travelled 100 ms longer
    expect(clock.now).toBe(T0 + 1_000)
    clock.sync(T0 - 60_000) // main's clock was set back a minute
    expect(clock.now).toBe(T0 - 60_000)
  })
})
