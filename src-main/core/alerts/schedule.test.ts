import { describe, expect, it } from 'vitest'
import { inWindow, localTime } from './schedule'

// Monday 23 Nov 2026 in UTC; the offset function says where we are.
const at = (day: number, hh: number, mm = 0) => Date.UTC(2026, 10, 23 + day, hh, mm)
const utc = () => 0
const helsinki = () => 120

describe('local time windows', () => {
  it('reads the local weekday and minute through the injected offset', () => {
    expect(localTime(at(0, 9, 30), utc)).toEqual({ day: 1, minute: 570 })
    expect(localTime(at(0, 23, 0), helsinki)).toEqual({ day: 2, minute: 60 })
  })

  it('applies from ≤ t < to on the listed days', () => {
    const w = { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }
    expect(inWindow(w, at(0, 8, 59), utc)).toBe(false)
    expect(inWindow(w, at(0, 9, 0), utc)).toBe(true)
    expect(inWindow(w, at(0, 16, 59), utc)).toBe(true)
    expect(inWindow(w, at(0, 17, 0), utc)).toBe(false)
    // Saturday
    expect(inWindow(w, at(5, 12, 0), utc)).toBe(false)
    // 07:30 UTC is 09:30 in Helsinki
    expect(inWindow(w, at(0, 7, 30), helsinki)).toBe(true)
  })

  it('spans midnight when to < from, counting the night as the day it started', () => {
    const w = { days: [5], from: '22:00', to: '06:00' }
    // Friday 23:00 and Saturday 05:59 are in; Saturday 22:00 and Friday 05:00 are not.
    expect(inWindow(w, at(4, 23, 0), utc)).toBe(true)
    expect(inWindow(w, at(5, 5, 59), utc)).toBe(true)
    expect(inWindow(w, at(5, 6, 0), utc)).toBe(false)
    expect(inWindow(w, at(5, 22, 0), utc)).toBe(false)
    expect(inWindow(w, at(4, 5, 0), utc)).toBe(false)
  })

  it('treats from = to as the whole day, and no days as every day', () => {
    expect(inWindow({ days: [1], from: '00:00', to: '00:00' }, at(0, 3, 0), utc)).toBe(true)
    expect(inWindow({ days: [1], from: '00:00', to: '00:00' }, at(1, 3, 0), utc)).toBe(false)
    expect(inWindow({ from: '12:00', to: '13:00' }, at(6, 12, 30), utc)).toBe(true)
  })
})
