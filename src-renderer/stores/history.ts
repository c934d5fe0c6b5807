import { messageOf } from '../../src-shared/result'
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { HistorySeries } from '../../src-shared/live'
import type { Point } from '../charts/history-merge'
import { mergePoints, trimPoints } from '../charts/history-merge'
import type { TrendRange } from '../charts/ranges'
import { rangeStart } from '../charts/ranges'
import { useClient } from '../api'
import { startMeasure } from '../perf'
import { useBusinessDaysStore } from './business-days'
import { useClockStore } from './clock'
import { useLiveStore } from './live'

/** At most one refresh per this many ms, however often patches arrive: history moves one point per poll. */
export const HISTORY_REFRESH_MS = 5_000
/** The contract's limit on keys per `history:get`. */
const KEYS_PER_CALL = 200

interface Held {
  points: Point[]
  /** Epoch ms from which `points` is complete. */
  from: number
}

interface Subscription {
  keys: string[]
  range: TrendRange
}

export interface HistorySubscription {
  setRange(range: TrendRange): void
  dispose(): void
}

/**
 * History series for the charts on screen. Components subscribe to the series keys they draw and the range they
 * show; the store fetches each series once for its window (`history:get`), then only what is new, at most once
 * per {@link HISTORY_REFRESH_MS} while patches keep coming, and not at all while the page is hidden. Points
 * live outside Vue's reactivity; `version` changes when any series changed. Nothing is watched while nothing is
 * subscribed.
 */
export const useHistoryStore = defineStore('history', () => {
  const client = useClient()
  const businessDays = useBusinessDaysStore()
  const live = useLiveStore()
  const clock = useClockStore()

  const held = new Map<string, Held>()
  const subs = new Set<Subscription>()
  const version = ref(0)
  const error = ref<string | null>(null)

  let inFlight: Promise<void> | null = null
  /** A refresh asked for while one was running: null = none, else whether it was urgent. */
  let again: boolean | null = null
  let lastRun = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  let soon = false

  function points(key: string): readonly Point[] {
    return held.get(key)?.points ?? []
  }

  /** The window each subscribed key needs: the widest of the ranges it is shown in. */
  function windows(now: number): Map<string, number> {
    const need = new Map<string, number>()
    for (const s of subs) {
      // "Today" as wide as the earliest business day of any connection (src-shared/business-day.ts).
      const start = rangeStart(s.range, now, (t) => businessDays.startOf([], t))
      for (const key of s.keys) need.set(key, Math.min(need.get(key) ?? Infinity, start))
    }
    return need
  }

  /** `history:get` in chunks the contract allows. */
  async function fetch(keys: string[], sinceMs: number): Promise<HistorySeries[]> {
    const out: HistorySeries[] = []
    for (let i = 0; i < keys.length; i += KEYS_PER_CALL) {
      out.push(...(await client.invoke('history:get', { keys: keys.slice(i, i + KEYS_PER_CALL), sinceMs })))
    }
    return out
  }

  async function run(): Promise<void> {
    lastRun = Date.now()
    const need = windows(clock.now)
    for (const key of [...held.keys()]) if (!need.has(key)) held.delete(key)
    // Keys without data for their window are fetched whole, grouped by window start; the rest incrementally from
    // the earliest last point among them.
    const fullByStart = new Map<number, string[]>()
    const incremental: string[] = []
    let since = Infinity
    for (const [key, start] of need) {
      const h = held.get(key)
      if (!h || h.from > start) {
        const list = fullByStart.get(start) ?? []
        list.push(key)
        fullByStart.set(start, list)
      } else {
        incremental.push(key)
        since = Math.min(since, h.points.at(-1)?.[0] ?? h.from)
      }
    }
    let measured: (() => void) | null = null
    try {
      const full: { start: number; series: HistorySeries[] }[] = []
      for (const [start, keys] of fullByStart) full.push({ start, series: await fetch(keys, start) })
      const fresh = incremental.length ? await fetch(incremental, since) : []
      // The charts' part of a refresh: from the data in hand until every chart on screen has drawn it.
      measured = startMeasure('fw:history')
      for (const { start, series } of full)
        for (const s of series) held.set(s.key, { points: trimPoints(s.points, start), from: start })
      for (const s of fresh) {
        const h = held.get(s.key)
        if (h) h.points = mergePoints(h.points, s.points)
      }
      // Windows slide with the clock: points that left every window go.
      for (const [key, start] of windows(clock.now)) {
        const h = held.get(key)
        if (!h) continue
        h.points = trimPoints(h.points, start)
        h.from = Math.max(h.from, start)
      }
      error.value = null
    } catch (err) {
      error.value = messageOf(err)
    }
    version.value += 1
    measured?.()
  }

  function visible(): boolean {
    return typeof document === 'undefined' || document.visibilityState !== 'hidden'
  }

  /** Refresh now (new keys, a wider range) or, for patches, once the minimum interval has passed. */
  function refresh(urgent: boolean): void {
    if (subs.size === 0 || !visible()) return
    if (inFlight) {
      again = (again ?? false) || urgent
      return
    }
    const wait = urgent ? 0 : Math.max(0, lastRun + HISTORY_REFRESH_MS - Date.now())
    if (wait === 0) {
      if (timer !== null) clearTimeout(timer)
      timer = null
      inFlight = run().finally(() => {
        inFlight = null
        if (again !== null) {
          const urgentAgain = again
          again = null
          refresh(urgentAgain)
        }
      })
      return
    }
    if (timer === null)
      timer = setTimeout(() => {
        timer = null
        refresh(false)
      }, wait)
  }

  /** Several charts mounting together make one request. */
  function refreshSoon(): void {
    if (soon) return
    soon = true
    void Promise.resolve().then(() => {
      soon = false
      refresh(true)
    })
  }

  let detach: (() => void) | null = null

  /** While anything is subscribed: follow patches (bounded) and the page coming back into view. */
  function attach(): () => void {
    const stop = watch(
      () => live.seq,
      () => refresh(false),
    )
    const onVisibility = (): void => {
      if (visible()) refresh(true)
    }
    const doc = typeof document === 'undefined' ? null : document
    doc?.addEventListener('visibilitychange', onVisibility)
    return () => {
      stop()
      doc?.removeEventListener('visibilitychange', onVisibility)
      if (timer !== null) clearTimeout(timer)
      timer = null
    }
  }

  function subscribe(keys: string[], range: TrendRange): HistorySubscription {
    const sub: Subscription = { keys: [...keys], range }
    subs.add(sub)
    detach ??= attach()
    refreshSoon()
    return {
      setRange(next) {
        if (next === sub.range) return
        sub.range = next
        refreshSoon()
      },
      dispose() {
        if (!subs.delete(sub)) return
        if (subs.size === 0) {
          detach?.()
          detach = null
        }
        for (const key of sub.keys) {
          if (![...subs].some((s) => s.keys.includes(key))) held.delete(key)
        }
      },
    }
  }

  return { version, error, points, subscribe, refresh }
})
