import { describe, expect, it } from 'vitest'
import { formatDecimal, formatFieldValue, pluralOf } from './number'

describe('formatDecimal', () => {
  it('keeps whole numbers and rounds others to one decimal, with the language’s decimal mark', () => {
    expect(formatDecimal(7)).toBe('7')
    expect(formatDecimal(72.54)).toBe('72.5')
    expect(formatDecimal(72.54, 'pl')).toBe('72,5')
  })
})

describe('formatFieldValue', () => {
  it('reads the unit from the field name', () => {
    expect(formatFieldValue('longestWaitSec', 130)).toBe('2 min 10 s')
    expect(formatFieldValue('serviceLevelPct', 72.5)).toBe('72.5%')
    expect(formatFieldValue('waiting', 8)).toBe('8')
    expect(formatFieldValue('waiting', null)).toBe('no data')
  })
  it('in Polish', () => {
    expect(formatFieldValue('longestWaitSec', 3900, 'pl')).toBe('1 godz. 5 min')
    expect(formatFieldValue('serviceLevelPct', 72.5, 'pl')).toBe('72,5%')
    expect(formatFieldValue('waiting', null, 'pl')).toBe('brak danych')
  })
})

describe('pluralOf', () => {
  it('gives Polish its three forms', () => {
    expect([1, 3, 5, 22, 25].map((n) => pluralOf(n, 'pl'))).toEqual(['one', 'few', 'many', 'few', 'many'])
    expect([1, 3].map((n) => pluralOf(n, 'en'))).toEqual(['one', 'other'])
  })
})
