import { describe, expect, it } from 'vitest'
import { flattenRaw } from './raw-fields'

describe('flattenRaw', () => {
  it('lists nested vendor fields as dotted and indexed paths', () => {
    expect(
      flattenRaw({
        'agent-id': 7,
        status: { code: 'NR', reason: 'Lunch' },
        queues: ['115', '116'],
        on: true,
        x: null,
      }).fields,
    ).toEqual([
      { path: 'agent-id', value: '7' },
      { path: 'status.code', value: 'NR' },
      { path: 'status.reason', value: 'Lunch' },
      { path: 'queues[0]', value: '115' },
      { path: 'queues[1]', value: '116' },
      { path: 'on', value: 'true' },
      { path: 'x', value: 'null' },
    ])
  })

  it('shows empty containers and bare values, and nothing for no raw record', () => {
    expect(flattenRaw({ a: {}, b: [] }).fields).toEqual([
      { path: 'a', value: '{}' },
      { path: 'b', value: '[]' },
    ])
    expect(flattenRaw('plain').fields).toEqual([{ path: '(value)', value: 'plain' }])
    expect(flattenRaw(null)).toEqual({ fields: [], truncated: false })
  })

  it('caps the list and says so', () => {
    const raw = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, i]))
    const { fields, truncated } = flattenRaw(raw, 10)
    expect(fields).toHaveLength(10)
    expect(fields[9]).toEqual({ path: 'f9', value: '9' })
    expect(truncated).toBe(true)
  })

  it('stops descending past a safe depth', () => {
    const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } }
    expect(flattenRaw(deep).fields).toEqual([{ path: 'a.b.c.d.e.f', value: '{"g":1}' }])
  })
})
