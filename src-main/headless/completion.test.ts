import { describe, expect, it } from 'vitest'
import { emptySnapshot } from '../core/testing/scripted-adapter'
import { OnceTracker } from './completion'

describe('--once bookkeeping', () => {
  it('is done when every connection delivered ok or partial data', () => {
    const t = new OnceTracker(['a', 'b'])
    t.snapshot(emptySnapshot('a', 1, { health: 'warming_up' }))
    expect(t.done()).toBe(false)
    t.snapshot(emptySnapshot('a', 2, { health: 'partial' }))
    t.snapshot(emptySnapshot('b', 2))
    expect(t.done()).toBe(true)
    expect(t.allDelivered()).toBe(true)
  })

  it('stops waiting for terminal failures only', () => {
    const t = new OnceTracker(['a', 'b'])
    t.failure('a', { code: 'unavailable', detail: '503' })
    expect(t.done()).toBe(false)
    t.failure('a', { code: 'auth', detail: '401' })
    t.failure('b', { code: 'rate_limited', detail: 'limit', terminal: true })
    expect(t.done()).toBe(true)
    expect(t.allDelivered()).toBe(false)
    expect(t.pending()).toEqual(['a', 'b'])
  })

  it('a connection that delivered stays delivered', () => {
    const t = new OnceTracker(['a'])
    t.snapshot(emptySnapshot('a', 1))
    t.failure('a', { code: 'auth', detail: '401' })
    expect(t.allDelivered()).toBe(true)
  })
})
