import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { useRouter } from 'vue-router'
import { findSavedView, type SavedView } from '../../src-shared/views'
import type { ViewId } from '../router'
import { viewOf } from '../router'
import { loadObject, saveObject } from './local-storage'
import { useSavedViewsStore } from './saved-views'

/** What a wallboard can rotate through. */
export const WALLBOARD_PANELS = ['overview', 'queues', 'agents', 'messages'] as const
export type WallboardPanel = (typeof WALLBOARD_PANELS)[number]

export const DEFAULT_WALLBOARD_PANELS: readonly WallboardPanel[] = ['overview', 'queues', 'agents']

/** A wallboard entry: a built-in panel, or a saved view by id or name (`saved:<ref>`, docs/ARCHITECTURE.md §5). */
export type WallboardEntry = WallboardPanel | `saved:${string}`

export function savedRefOf(entry: WallboardEntry): string | null {
  return entry.startsWith('saved:') ? entry.slice('saved:'.length) : null
}
export const DEFAULT_ROTATE_SEC = 20
const MIN_ROTATE_SEC = 5
const MAX_ROTATE_SEC = 3_600

export interface WallboardSettings {
  panels: WallboardEntry[]
  /** Seconds each panel shows; 0 = no rotation (one panel, or rotation switched off with every=0). */
  everySec: number
}

/**
 * Wallboard settings live in the URL, so a TV's bookmark is its configuration:
 * `#/wallboard?views=overview,queues&every=20`. A name that is not a built-in panel is a saved view's id or name
 * (`views=overview,sales-breaks`); one that names no saved view is skipped when the views are known. A bad or
 * missing value takes the default.
 */
export function parseWallboard(location: string): WallboardSettings {
  const q = location.indexOf('?')
  const params = new URLSearchParams(q >= 0 ? location.slice(q + 1) : '')
  const asked = (params.get('views') ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
  const panels: WallboardEntry[] = []
  for (const v of asked) {
    const p: WallboardEntry = WALLBOARD_PANELS.find((x) => x === v) ?? `saved:${v}`
    if (!panels.includes(p)) panels.push(p)
  }
  const every = Number(params.get('every'))
  const everySec =
    params.get('every') === '0'
      ? 0
      : Number.isFinite(every) && every > 0
        ? Math.min(MAX_ROTATE_SEC, Math.max(MIN_ROTATE_SEC, Math.round(every)))
        : DEFAULT_ROTATE_SEC
  return { panels: panels.length ? panels : [...DEFAULT_WALLBOARD_PANELS], everySec }
}

/** The route of these settings (`/wallboard?views=…&every=…`). */
export function wallboardPath(settings: WallboardSettings): string {
  const views = settings.panels.map((p) => encodeURIComponent(savedRefOf(p) ?? p)).join(',')
  return `/wallboard?views=${views}&every=${settings.everySec}`
}

/** One panel as shown: a built-in one, or a saved view found by its id or name. */
export type ShownPanel = { kind: 'builtin'; panel: WallboardPanel } | { kind: 'saved'; view: SavedView }

/**
 * The panels a wallboard shows: built-ins as asked, saved views that exist (skipped once the list is known and
 * they are not in it, kept waiting before), the default panels when nothing asked for is left.
 */
export function resolvePanels(
  entries: readonly WallboardEntry[],
  views: readonly SavedView[] | null,
): { shown: ShownPanel[]; missing: string[] } {
  const shown: ShownPanel[] = []
  const missing: string[] = []
  for (const e of entries) {
    const ref = savedRefOf(e)
    if (ref === null) shown.push({ kind: 'builtin', panel: e as WallboardPanel })
    else if (views !== null) {
      const v = findSavedView(views, ref)
      if (v && !shown.some((s) => s.kind === 'saved' && s.view.id === v.id))
        shown.push({ kind: 'saved', view: v })
      else if (!v) missing.push(ref)
    }
  }
  if (shown.length === 0 && (views !== null || entries.every((e) => savedRefOf(e) === null)))
    for (const p of DEFAULT_WALLBOARD_PANELS) shown.push({ kind: 'builtin', panel: p })
  return { shown, missing }
}

export function wallboardHash(settings: WallboardSettings): string {
  return `#${wallboardPath(settings)}`
}

export const WALLBOARD_STORAGE_KEY = 'floorwalker.wallboard.v1'

/**
 * The rotation (which panel shows now, moving on every `everySec` seconds), and entering and leaving wallboard
 * mode. The last wallboard settings are remembered, so the button opens the wallboard as it was last set up.
 */
export const useWallboardStore = defineStore('wallboard', () => {
  const router = useRouter()
  const route = router.currentRoute
  const savedViews = useSavedViewsStore()
  const settings = ref<WallboardSettings>(parseWallboard(route.value.fullPath))
  let returnTo: ViewId = 'overview'
  const index = ref(0)
  const resolved = computed(() =>
    resolvePanels(settings.value.panels, savedViews.loaded ? savedViews.list : null),
  )
  const shown = computed(() => resolved.value.shown)
  const shownPanel = computed<ShownPanel | null>(
    () => shown.value[index.value % Math.max(1, shown.value.length)] ?? null,
  )
  /** The built-in panel showing (a saved view shows as its page's panel). */
  const panel = computed<WallboardPanel>(() => {
    const p = shownPanel.value
    if (p === null) return 'overview'
    return p.kind === 'builtin' ? p.panel : p.view.page
  })

  function next(): void {
    index.value = (index.value + 1) % Math.max(1, shown.value.length)
  }

  /** Rotate and follow URL changes; returns the disposer. */
  function start(): () => void {
    let timer: ReturnType<typeof setInterval> | null = null
    const schedule = (): void => {
      if (timer !== null) clearInterval(timer)
      timer = null
      if (settings.value.everySec > 0 && settings.value.panels.length > 1)
        timer = setInterval(next, settings.value.everySec * 1000)
    }
    const stopViews = savedViews.start()
    const onRoute = (fullPath: string): void => {
      const s = parseWallboard(fullPath)
      saveObject(WALLBOARD_STORAGE_KEY, { hash: wallboardHash(s) })
      if (JSON.stringify(s) === JSON.stringify(settings.value)) return
      settings.value = s
      index.value = 0
      schedule()
    }
    // Only the wallboard's own URL holds its settings; leaving it keeps them.
    const stopWatch = watch(
      () => (route.value.name === 'wallboard' ? route.value.fullPath : null),
      (fullPath) => {
        if (fullPath !== null) onRoute(fullPath)
      },
      { immediate: true, flush: 'sync' },
    )
    schedule()
    return () => {
      stopWatch()
      stopViews()
      if (timer !== null) clearInterval(timer)
    }
  }

  /**
   * Open the wallboard (full screen where the browser allows it: only from a click or a key press). Resolves once
   * the wallboard is shown.
   */
  function enter(): Promise<void> {
    const from = viewOf(route.value)
    if (from !== 'wallboard') returnTo = from
    const saved = loadObject(WALLBOARD_STORAGE_KEY)?.hash
    const shown = router
      .push(wallboardPath(typeof saved === 'string' ? parseWallboard(saved) : settings.value))
      .then(() => undefined)
    const root = document.documentElement
    if (!document.fullscreenElement && typeof root.requestFullscreen === 'function')
      root.requestFullscreen().catch(() => {
        // Refused (not from a user gesture, or a kiosk browser): the wallboard works in the window too.
      })
    return shown
  }

  /** Leave for the view the wallboard was opened from; resolves once it is shown. */
  function exit(): Promise<void> {
    if (document.fullscreenElement && typeof document.exitFullscreen === 'function')
      document.exitFullscreen().catch(() => {})
    return router.push({ name: returnTo }).then(() => undefined)
  }

  return { settings, index, panel, shown, shownPanel, resolved, next, start, enter, exit }
})
