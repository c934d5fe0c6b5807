import { messageOf } from '../../src-shared/result'
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { RulePreview } from '../../src-shared/alerts'
import type { StoredHistoryDay } from '../../src-shared/ipc/contract'
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
import { loadObject, saveObject } from './local-storage'

/** At most one refresh per this many ms, however often patches arrive: history moves one point per poll. */
export const HISTORY_REFRESH_MS = 5_000
/** The contract's limit on keys per `history:get`. */
const KEYS_PER_CALL = 200
/** How far back the "last week" overlay looks. */
export const WEEK_MS = 7 * 86_400_000
/** Past days are kept per minute: their overlay is asked again at most this often (a new minute to draw). */
export const PAST_REFRESH_MS = 60_000
/** The contract's longest `history:past` span. */
const PAST_SPAN_MS = 26 * 3_600_000
/** Where the overlay switch is kept in this browser profile. */
export const LAST_WEEK_STORAGE_KEY = 'floorwalker.trends.lastWeek'

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
  /** The "last week" overlay: series of the same window a week earlier, points moved a week later. */
  const pastHeld = new Map<string, Held>()
  const pastSubs = new Set<Subscription>()
  let lastPastRun = -Infinity
  const lastWeek = ref(loadObject(LAST_WEEK_STORAGE_KEY)?.on === true)
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

  /** The overlay's points of `key`: the same window one week earlier, drawn where this week's are. */
  function pastPoints(key: string): readonly Point[] {
    return pastHeld.get(key)?.points ?? []
  }

  function setLastWeek(on: boolean): void {
    lastWeek.value = on
    saveObject(LAST_WEEK_STORAGE_KEY, { on })
  }

  /** The window each subscribed key needs: the widest of the ranges it is shown in. */
  function windows(now: number, from: ReadonlySet<Subscription> = subs): Map<string, number> {
    const need = new Map<string, number>()
    for (const s of from) {
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

  /**
   * The overlay's series (`history:past`, the day files main keeps): asked whole when a key or a wider window is
   * new, else at most every {@link PAST_REFRESH_MS}, as the window slides into the next minute.
   */
  async function runPast(): Promise<void> {
    const now = clock.now
    const need = windows(now, pastSubs)
    for (const key of [...pastHeld.keys()]) if (!need.has(key)) pastHeld.delete(key)
    const fresh = [...need].every(([key, start]) => (pastHeld.get(key)?.from ?? Infinity) <= start)
    if (need.size === 0 || (fresh && Date.now() - lastPastRun < PAST_REFRESH_MS)) return
    lastPastRun = Date.now()
    const byStart = new Map<number, string[]>()
    for (const [key, start] of need) byStart.set(start, [...(byStart.get(start) ?? []), key])
    for (const [start, keys] of byStart) {
      // Up to the end of this minute a week ago (the day files hold one point per minute, at its start).
      const to = now - WEEK_MS + 60_000
      const from = Math.max(start - WEEK_MS, to - PAST_SPAN_MS)
      for (let i = 0; i < keys.length; i += KEYS_PER_CALL) {
        const got = await client.invoke('history:past', { keys: keys.slice(i, i + KEYS_PER_CALL), from, to })
        for (const s of got) {
          pastHeld.set(s.key, {
            points: s.points.map(([t, v]): Point => [t + WEEK_MS, v]),
            from: start,
          })
        }
      }
    }
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
      await runPast()
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
    if (subs.size + pastSubs.size === 0 || !visible()) return
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

  /**
   * Draw the "last week" overlay of `keys` over `range`: the same window one week earlier, from the history days
   * main keeps on disk (empty where none is kept).
   */
  function subscribePast(keys: string[], range: TrendRange): HistorySubscription {
    return subscribeTo(pastSubs, pastHeld, keys, range)
  }

  function subscribe(keys: string[], range: TrendRange): HistorySubscription {
    return subscribeTo(subs, held, keys, range)
  }

  function subscribeTo(
    set: Set<Subscription>,
    cache: Map<string, Held>,
    keys: string[],
    range: TrendRange,
  ): HistorySubscription {
    const sub: Subscription = { keys: [...keys], range }
    set.add(sub)
    detach ??= attach()
    refreshSoon()
    return {
      setRange(next) {
        if (next === sub.range) return
        sub.range = next
        refreshSoon()
      },
      dispose() {
        if (!set.delete(sub)) return
        if (subs.size + pastSubs.size === 0) {
          detach?.()
          detach = null
        }
        for (const key of sub.keys) {
          if (![...set].some((s) => s.keys.includes(key))) cache.delete(key)
        }
      },
    }
  }

  /** The business days main keeps on disk (`history:days`), oldest first; loaded by {@link loadDays}. */
  const days = ref<StoredHistoryDay[]>([])
  async function loadDays(): Promise<void> {
    try {
      days.value = await client.invoke('history:days', null)
    } catch (err) {
      error.value = messageOf(err)
    }
  }

  /** What `rule` would have fired over a stored past day (`rules:preview` with `day`). */
  function previewDay(rule: Record<string, unknown>, day: string): Promise<RulePreview> {
    return client.invoke('rules:preview', { rule, day })
  }

  return {
    days,
    loadDays,
    previewDay,
    version,
    error,
    points,
    pastPoints,
    lastWeek,
    setLastWeek,
    subscribe,
    subscribePast,
    refresh,
  }
})
