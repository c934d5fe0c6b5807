import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { HistorySeries } from '../../src-shared/live'
import { liveState, patch, T0 } from '../testing/fixtures'
import { createTestApp } from '../testing/mount'
import { useClockStore } from './clock'
import { HISTORY_REFRESH_MS, LAST_WEEK_STORAGE_KEY, useHistoryStore, WEEK_MS } from './history'
import { useLiveStore } from './live'

/** A fake main holding series; answers history:get like main does (points at or after sinceMs). */
function setup() {
  const t = createTestApp()
  const series = new Map<string, [number, number | null][]>()
  const asked: { keys: string[]; sinceMs: number }[] = []
  t.fake.handle('history:get', ({ keys, sinceMs }): HistorySeries[] => {
    asked.push({ keys, sinceMs })
    return keys.map((key) => ({ key, points: (series.get(key) ?? []).filter(([at]) => at >= sinceMs) }))
  })
  const live = useLiveStore()
  live.replaceAll(liveState({ serverNow: T0 }))
  return { ...t, series, asked, live, clock: useClockStore(), history: useHistoryStore() }
}

const K = 'queue|eu:sales|waiting'
const L = 'queue|eu:sales|longestWaitSec'

describe('useHistoryStore', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('fetches the window of the range on subscribe, in one call for series that mount together', async () => {
    const { history, series, asked } = setup()
    series.set(K, [
      [T0 - 7_200_000, 9],
      [T0 - 1_800_000, 2],
      [T0 - 5_000, null],
      [T0, 4],
    ])
    series.set(L, [[T0, 60]])
    history.subscribe([K], '1h')
    history.subscribe([L], '1h')
    await vi.waitFor(() => expect(history.version).toBe(1))
    expect(asked).toEqual([{ keys: [K, L], sinceMs: T0 - 3_600_000 }])
    expect(history.points(K)).toEqual([
      [T0 - 1_800_000, 2],
      [T0 - 5_000, null],
      [T0, 4],
    ])
    expect(history.points(L)).toEqual([[T0, 60]])
  })

  it('then fetches only what is new, at most once per refresh interval however many patches arrive', async () => {
    const { history, series, asked, live } = setup()
    series.set(K, [[T0, 1]])
    history.subscribe([K], '15m')
    await vi.waitFor(() => expect(history.version).toBe(1))

    series.set(K, [
      [T0, 1],
      [T0 + 2_000, 2],
    ])
    for (let seq = 2; seq <= 6; seq++) live.applyPatch(patch(seq))
    // (waitFor moves fake time on while it polls: count from the first fetch, made at T0)
    await vi.advanceTimersByTimeAsync(T0 + HISTORY_REFRESH_MS - 1 - Date.now())
    expect(asked).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    await vi.waitFor(() => expect(history.version).toBe(2))
    expect(asked).toHaveLength(2)
    // incremental: from the last point held
    expect(asked[1]).toEqual({ keys: [K], sinceMs: T0 })
    expect(history.points(K)).toEqual([
      [T0, 1],
      [T0 + 2_000, 2],
    ])
  })

  it('refetches the whole window when the range widens, and drops series nobody shows', async () => {
    const { history, series, asked } = setup()
    series.set(K, [
      [T0 - 7_000_000, 5],
      [T0, 1],
    ])
    const sub = history.subscribe([K], '15m')
    await vi.waitFor(() => expect(history.version).toBe(1))
    expect(history.points(K)).toEqual([[T0, 1]])

    sub.setRange('8h')
    await vi.waitFor(() => expect(history.version).toBe(2))
    expect(asked[1]).toEqual({ keys: [K], sinceMs: T0 - 8 * 3_600_000 })
    expect(history.points(K)).toEqual([
      [T0 - 7_000_000, 5],
      [T0, 1],
    ])

    sub.dispose()
    expect(history.points(K)).toEqual([])
  })

  it('stops following patches once nothing is subscribed', async () => {
    const { history, series, asked, live } = setup()
    series.set(K, [[T0, 1]])
    const sub = history.subscribe([K], '1h')
    await vi.waitFor(() => expect(asked).toHaveLength(1))
    sub.dispose()
    live.applyPatch(patch(2))
    await vi.advanceTimersByTimeAsync(HISTORY_REFRESH_MS * 2)
    expect(asked).toHaveLength(1)
  })

  it('keeps what it has and says why when a fetch fails', async () => {
    const { history, fake } = setup()
    fake.handle('history:get', () => {
      throw new Error('engine busy')
    })
    history.subscribe([K], '1h')
    await vi.waitFor(() => expect(history.error).toBe('engine busy'))
    expect(history.points(K)).toEqual([])
  })

  it('draws last week’s same window from the stored days, a week later, and remembers the switch', async () => {
    const { history, series, fake } = setup()
    series.set(K, [[T0, 4]])
    const past: { keys: string[]; from: number; to: number }[] = []
    fake.handle('history:past', (a): HistorySeries[] => {
      past.push(a)
      return a.keys.map((key) => ({
        key,
        points: [
          [T0 - WEEK_MS - 120_000, 7],
          [T0 - WEEK_MS - 60_000, null],
          [T0 - WEEK_MS, 3],
        ],
      }))
    })
    history.subscribe([K], '1h')
    const sub = history.subscribePast([K], '1h')
    await vi.waitFor(() => expect(history.pastPoints(K)).toHaveLength(3))
    expect(past).toEqual([{ keys: [K], from: T0 - WEEK_MS - 3_600_000, to: T0 - WEEK_MS + 60_000 }])
    expect(history.pastPoints(K)).toEqual([
      [T0 - 120_000, 7],
      [T0 - 60_000, null],
      [T0, 3],
    ])
    sub.dispose()
    expect(history.pastPoints(K)).toEqual([])

    const stored = new Map<string, string>()
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => stored.set(k, v),
    })
    try {
      expect(history.lastWeek).toBe(false)
      history.setLastWeek(true)
      expect(JSON.parse(stored.get(LAST_WEEK_STORAGE_KEY) ?? '{}')).toEqual({ on: true })
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
