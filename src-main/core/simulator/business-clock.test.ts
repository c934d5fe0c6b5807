import { describe, expect, it } from 'vitest'
import { arrivalCurve, arrivalCurveMaxInHour, businessTimeAt, WARM_UP_MS } from './business-clock'

const START = Date.UTC(2026, 5, 1, 23, 50, 0)
const HOUR = 3_600_000

describe('business clock', () => {
  it('maps startAt to 09:30 of day 0 and advances with real time', () => {
    expect(businessTimeAt(START, START)).toEqual({ day: 0, secondOfDay: 9.5 * 3600, label: '09:30' })
    expect(businessTimeAt(START, START + 61_000).label).toBe('09:31')
    expect(businessTimeAt(START, START + 14.5 * HOUR)).toEqual({ day: 1, secondOfDay: 0, label: '00:00' })
    expect(businessTimeAt(START, START - WARM_UP_MS).label).toBe('08:00')
  })

  it('peaks late in the morning and is quiet early and at night', () => {
    expect(arrivalCurve(11)).toBe(1)
    expect(arrivalCurve(8)).toBeCloseTo(0.25, 10)
    expect(arrivalCurve(8.5)).toBeCloseTo(0.375, 10)
    expect(arrivalCurve(3)).toBeCloseTo(0.02, 10)
    expect(arrivalCurve(24 + 11)).toBe(1)
    expect(arrivalCurve(12.5)).toBeLessThan(arrivalCurve(11))
    expect(arrivalCurve(14)).toBeGreaterThan(arrivalCurve(13))
  })

  it('bounds each hour from above (what thinning relies on)', () => {
    for (let h = 0; h < 24; h++) {
      const max = arrivalCurveMaxInHour(h)
      for (let m = 0; m <= 60; m++) expect(arrivalCurve(h + m / 60)).toBeLessThanOrEqual(max + 1e-12)
    }
    expect(arrivalCurveMaxInHour(10)).toBe(1)
  })
})
