import { describe, expect, it } from 'vitest'
import { isTrendRange, rangeStart, startOfLocalDay } from './ranges'

const NOW = Date.UTC(2025, 2, 3, 14, 30, 0)

describe('rangeStart', () => {
  it('reaches back 15 minutes, one hour and eight hours', () => {
    expect(rangeStart('15m', NOW)).toBe(NOW - 900_000)
    expect(rangeStart('1h', NOW)).toBe(NOW - 3_600_000)
    expect(rangeStart('8h', NOW)).toBe(NOW - 28_800_000)
  })

  it('starts "today" at the local midnight', () => {
    expect(rangeStart('today', NOW, () => 42)).toBe(42)
    const midnight = startOfLocalDay(NOW)
    const d = new Date(midnight)
    expect([d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()]).toEqual([0, 0, 0, 0])
    expect(NOW - midnight).toBeGreaterThanOrEqual(0)
    expect(NOW - midnight).toBeLessThan(86_400_000)
  })

  it('recognises only known ranges', () => {
    expect(isTrendRange('8h')).toBe(true)
    expect(isTrendRange('2h')).toBe(false)
    expect(isTrendRange(null)).toBe(false)
  })
})
