import { describe, expect, it } from 'vitest'
import { ageParts, formatAge, formatClock, formatSpan } from './duration'

describe('formatClock', () => {
  it('shows minutes and seconds under an hour, hours beyond', () => {
    expect(formatClock(0)).toBe('0:00')
    expect(formatClock(42.9)).toBe('0:42')
    expect(formatClock(245)).toBe('4:05')
    expect(formatClock(3729)).toBe('1:02:09')
    expect(formatClock(90_000)).toBe('25:00:00')
  })
  it('shows a dash for unknown and clamps negatives', () => {
    expect(formatClock(null)).toBe('—')
    expect(formatClock(Number.NaN)).toBe('—')
    expect(formatClock(-3)).toBe('0:00')
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

describe('formatSpan', () => {
  it('words a span to the second under an hour', () => {
    expect(formatSpan(45)).toBe('45 s')
    expect(formatSpan(120)).toBe('2 min')
    expect(formatSpan(130)).toBe('2 min 10 s')
    expect(formatSpan(3600)).toBe('1 h')
    expect(formatSpan(3900)).toBe('1 h 5 min')
    expect(formatSpan(-4)).toBe('0 s')
  })
  it('words it in Polish', () => {
    expect(formatSpan(130, 'pl')).toBe('2 min 10 s')
    expect(formatSpan(3900, 'pl')).toBe('1 godz. 5 min')
    expect(formatSpan(7200, 'pl')).toBe('2 godz.')
  })
})

describe('formatAge', () => {
  it('is coarser the older the data', () => {
    expect(formatAge(45_400)).toBe('45 s')
    expect(formatAge(14 * 60_000 + 30_000)).toBe('14 min')
    expect(formatAge(3 * 3600_000)).toBe('3 h')
    expect(formatAge(3 * 3600_000 + 5 * 60_000)).toBe('3 h 5 min')
    expect(formatAge(50 * 3600_000)).toBe('2 days')
  })
  it('words it in Polish', () => {
    expect(formatAge(3 * 3600_000 + 5 * 60_000, 'pl')).toBe('3 godz. 5 min')
    expect(formatAge(50 * 3600_000, 'pl')).toBe('2 dni')
  })
})
