import { describe, expect, it } from 'vitest'
import { fail, mapError, mapResult, ok, type Result } from './result'

describe('Result', () => {
  it('builds the two shapes', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 })
    expect(fail('no')).toEqual({ ok: false, error: 'no' })
  })

  it('narrows on ok', () => {
    const r = fail('bad') as Result<number, string>
    if (r.ok) throw new Error('expected a failure')
    expect(r.error.toUpperCase()).toBe('BAD')
  })

  it('maps a value and passes a failure through', () => {
    const two = ok(2) as Result<number, string>
    expect(mapResult(two, (v) => v * 10)).toEqual(ok(20))
    const f = fail('bad') as Result<number, string>
    expect(mapResult(f, (v) => v * 10)).toBe(f)
  })

  it('maps a failure and passes a value through', () => {
    const f = fail('bad') as Result<number, string>
    expect(mapError(f, (e) => `config: ${e}`)).toEqual(fail('config: bad'))
    const s = ok(1) as Result<number, string>
    expect(mapError(s, (e) => `config: ${e}`)).toBe(s)
  })
})
