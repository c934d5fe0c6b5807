import { describe, expect, it } from 'vitest'
import { HISTORY_SPAN_MS, History, MAX_SERIES_PER_CONNECTION } from './history'

describe('History bounds', () => {
  it('frees the series of entities gone for the whole span, so rotating ids do not grow memory', () => {
    const h = new History()
    const t0 = Date.UTC(2026, 11, 5, 8, 0, 0)
    const step = 10_000
    const polls = HISTORY_SPAN_MS / step + 100
    for (let i = 0; i < polls; i++) {
      // Every poll a brand-new queue id, plus one queue that stays.
      h.record(
        'c',
        step,
        t0 + i * step,
        new Map([
          [`c:q:stay:waiting`, 1],
          [`c:q:${i}:waiting`, i],
        ]),
      )
    }
    // At most one span's worth of ids (plus the one that stays) is held, never every id ever seen.
    expect(h.seriesCount('c')).toBeLessThanOrEqual(
      Math.min(MAX_SERIES_PER_CONNECTION, HISTORY_SPAN_MS / step + 2),
    )
    expect(h.get(['c:q:0:waiting'], 0)[0]!.points).toEqual([])
    expect(h.get(['c:q:stay:waiting'], 0)[0]!.points.length).toBeGreaterThan(0)
  })

  it('keeps at most MAX_SERIES_PER_CONNECTION series per connection, others untouched', () => {
    const h = new History()
    const t0 = Date.UTC(2026, 11, 5, 8, 0, 0)
    const many = new Map<string, number | null>()
    for (let i = 0; i < MAX_SERIES_PER_CONNECTION + 500; i++) many.set(`c:q:${i}:waiting`, i)
    h.record('c', 10_000, t0, many)
    h.record('d', 10_000, t0, new Map([['d:q:1:waiting', 1]]))
    expect(h.seriesCount('c')).toBe(MAX_SERIES_PER_CONNECTION)
    expect(h.seriesCount('d')).toBe(1)
    h.drop('c')
    expect(h.seriesCount('c')).toBe(0)
    expect(h.keys()).toEqual(['d:q:1:waiting'])
  })
})
