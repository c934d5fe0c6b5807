import { describe, expect, it } from 'vitest'
import { ageParts, formatDuration } from './duration'

describe('formatDuration', () => {
  it('shows minutes and seconds under an hour, hours beyond', () => {
    expect(formatDuration(0)).toBe('0:00')
    expect(formatDuration(42.9)).toBe('0:42')
    expect(formatDuration(245)).toBe('4:05')
    expect(formatDuration(3729)).toBe('1:02:09')
    expect(formatDuration(90_000)).toBe('25:00:00')
  })
  it('shows a dash for unknown and clamps negatives', () => {
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(Number.NaN)).toBe('—')
    expect(formatDuration(-3)).toBe('0:00')
  })
})

describe('ageParts', () => {
  it('picks a unit that keeps the number small', () => {
    expect(ageParts(4_200)).toEqual({ n: 4, unit: 'seconds' })
    expect(ageParts(59_000)).toEqual({ n: 59, unit: 'seconds' })
    expect(ageParts(119_000)).toEqual({ n: 1, unit: 'minutes' })
    expect(ageParts(180_000)).toEqual({ n: 3, unit: 'minutes' })
    expect(ageParts(3 * 3600_000)).toEqual({ n: 3, unit: 'hours' })
    expect(ageParts(3 * 86400_000)).toEqual({ n: 3, unit: 'days' })
    expect(ageParts(-5)).toEqual({ n: 0, unit: 'seconds' })
  })
})
