import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { loadObject, saveObject } from './local-storage'
import type { ViewId } from './route'
import { useRouteStore } from './route'

/** What a wallboard can rotate through. */
export const WALLBOARD_PANELS = ['overview', 'queues', 'agents', 'messages'] as const
export type WallboardPanel = (typeof WALLBOARD_PANELS)[number]

export const DEFAULT_WALLBOARD_PANELS: readonly WallboardPanel[] = ['overview', 'queues', 'agents']
export const DEFAULT_ROTATE_SEC = 20
const MIN_ROTATE_SEC = 5
const MAX_ROTATE_SEC = 3_600

export interface WallboardSettings {
  panels: WallboardPanel[]
  /** Seconds each panel shows; 0 = no rotation (one panel, or rotation switched off with every=0). */
  everySec: number
}

/**
 * Wallboard settings live in the URL, so a TV's bookmark is its configuration:
 * `#/wallboard?views=overview,queues&every=20`. Unknown views are skipped; a bad or missing value takes the default.
 */
export function parseWallboard(hash: string): WallboardSettings {
  const q = hash.indexOf('?')
  const params = new URLSearchParams(q >= 0 ? hash.slice(q + 1) : '')
  const asked = (params.get('views') ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
  const panels: WallboardPanel[] = []
  for (const v of asked) {
    const p = WALLBOARD_PANELS.find((x) => x === v)
    if (p && !panels.includes(p)) panels.push(p)
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

export function wallboardHash(settings: WallboardSettings): string {
  return `#/wallboard?views=${settings.panels.join(',')}&every=${settings.everySec}`
}

export const WALLBOARD_STORAGE_KEY = 'floorwalker.wallboard.v1'

/**
 * The rotation (which panel shows now, moving on every `everySec` seconds), and entering and leaving wallboard
 * mode. The last wallboard settings are remembered, so the button opens the wallboard as it was last set up.
 */
export const useWallboardStore = defineStore('wallboard', () => {
  const route = useRouteStore()
  const settings = ref<WallboardSettings>(
    parseWallboard(typeof window === 'undefined' ? '' : window.location.hash),
  )
  let returnTo: ViewId = 'overview'
  const index = ref(0)
  const panel = computed<WallboardPanel>(
    () => settings.value.panels[index.value % settings.value.panels.length] ?? 'overview',
  )

  function next(): void {
    index.value = (index.value + 1) % settings.value.panels.length
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
    const onHash = (): void => {
      const s = parseWallboard(window.location.hash)
      saveObject(WALLBOARD_STORAGE_KEY, { hash: wallboardHash(s) })
      if (JSON.stringify(s) === JSON.stringify(settings.value)) return
      settings.value = s
      index.value = 0
      schedule()
    }
    window.addEventListener('hashchange', onHash)
    onHash()
    schedule()
    return () => {
      window.removeEventListener('hashchange', onHash)
      if (timer !== null) clearInterval(timer)
    }
  }

  /** Open the wallboard (full screen where the browser allows it: only from a click or a key press). */
  function enter(): void {
    if (route.view !== 'wallboard') returnTo = route.view
    const saved = loadObject(WALLBOARD_STORAGE_KEY)?.hash
    const hash =
      typeof saved === 'string' ? wallboardHash(parseWallboard(saved)) : wallboardHash(settings.value)
    window.location.hash = hash
    route.go('wallboard')
    const root = document.documentElement
    if (!document.fullscreenElement && typeof root.requestFullscreen === 'function')
      root.requestFullscreen().catch(() => {
        // Refused (not from a user gesture, or a kiosk browser): the wallboard works in the window too.
      })
  }

  function exit(): void {
    if (document.fullscreenElement && typeof document.exitFullscreen === 'function')
      document.exitFullscreen().catch(() => {})
    route.go(returnTo)
  }

  return { settings, index, panel, next, start, enter, exit }
})
