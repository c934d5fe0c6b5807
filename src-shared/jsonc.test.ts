import { describe, expect, it } from 'vitest'
import { formatJsoncError, parseJsonc } from './jsonc'

describe('parseJsonc', () => {
  it('reads JSON, and JSONC comments, trailing commas and a byte order mark', () => {
    expect(parseJsonc('{"a": [1, 2.5, "x", true, null]}')).toEqual({
      ok: true,
      value: { a: [1, 2.5, 'x', true, null] },
    })
    expect(parseJsonc('\uFEFF// c\n{ /* b */ "a": [1,], }')).toEqual({ ok: true, value: { a: [1] } })
  })

  it('names a duplicate key with its path, line and column', () => {
    const r = parseJsonc('{\n  "a": [ { "b": 1,\n    "b": 2 } ]\n}')
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map(formatJsoncError)).toEqual([
      'line 3, column 5 (a[0].b): duplicate key "b" (a[0].b is given twice; keep one)',
    ])
  })

  it('the same key in two objects is not a duplicate', () => {
    expect(parseJsonc('[{"a":1},{"a":2}]')).toEqual({ ok: true, value: [{ a: 1 }, { a: 2 }] })
  })

  it('keeps "__proto__" as an own key, never as a prototype', () => {
    const r = parseJsonc('{"__proto__": {"x": 1}}')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const v = r.value as Record<string, unknown>
    expect(Object.keys(v)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype)
    expect((v as { x?: unknown }).x).toBeUndefined()
  })

  it('says where the text is cut short', () => {
    const r = parseJsonc('{"a": [1, 2')
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.errors.map(formatJsoncError)[0]).toBe(
        'line 1, column 12: "]" expected (the text may be cut short)',
      )
  })

  it('refuses an empty document, deep nesting and huge text without throwing', () => {
    expect(parseJsonc('  // only a comment')).toMatchObject({
      ok: false,
      errors: [{ message: 'the file is empty (no JSON value)' }],
    })
    expect(parseJsonc('['.repeat(65) + ']'.repeat(65))).toMatchObject({
      ok: false,
      errors: [{ message: 'nested deeper than 64 levels' }],
    })
    expect(parseJsonc('['.repeat(64) + ']'.repeat(64)).ok).toBe(true)
  })
})
