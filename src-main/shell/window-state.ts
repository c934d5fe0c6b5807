/**
 * The board window opens where it was left: size, position and maximized state, kept in `window-state.json` in the
 * user-data folder. This is where the window was, not a preference: it stays out of settings.json (and so out of
 * config exports and the headless config). A saved position on a display that is gone (a laptop off its dock) is
 * moved onto one that exists, and a window larger than its display is shrunk to fit.
 */
import { join } from 'node:path'
import { z } from 'zod'
import { AtomicJsonFile } from '../core/persistence/atomic-file'
import type { Clock, Disposer, Logger } from '../core/ports'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  /** The window's normal (not maximized) bounds, in screen DIPs. */
  bounds: Rect
  maximized: boolean
}

/** Where to open: exact bounds, or only a size (the OS centres it) when nothing usable was saved. */
export interface WindowPlacement {
  bounds: Rect | { width: number; height: number }
  maximized: boolean
}

export const WINDOW_STATE_FILE = 'window-state.json'

const int = z.number().int().min(-100_000).max(100_000)
const size = z.number().int().min(1).max(100_000)
const stateSchema = z.strictObject({
  bounds: z.strictObject({ x: int, y: int, width: size, height: size }),
  maximized: z.boolean(),
})

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w > 0 && h > 0 ? w * h : 0
}

/** `v` within [min, max]; `min` when the range is empty. */
function clamp(v: number, min: number, max: number): number {
  return Math.max(min, Math.min(v, max))
}

/**
 * Where the window opens. `displays` are the work areas (the screen without task bars and docks) of the displays
 * that exist now; `primary` is the one to use when the saved bounds are on none of them.
 */
export function placeWindow(
  saved: WindowState | null,
  displays: readonly Rect[],
  primary: Rect,
  preferred: { width: number; height: number },
): WindowPlacement {
  if (saved === null) {
    return {
      bounds: {
        width: Math.min(preferred.width, primary.width),
        height: Math.min(preferred.height, primary.height),
      },
      maximized: false,
    }
  }
  const s = saved.bounds
  // The display that shows most of the window; none at all: the window would open out of sight.
  let area: Rect | null = null
  let best = 0
  for (const d of displays) {
    const o = overlap(s, d)
    if (o > best) {
      best = o
      area = d
    }
  }
  const onto = area ?? primary
  const width = Math.min(s.width, onto.width)
  const height = Math.min(s.height, onto.height)
  const bounds =
    area === null
      ? // Gone with its display: centred on the primary one.
        {
          x: onto.x + Math.round((onto.width - width) / 2),
          y: onto.y + Math.round((onto.height - height) / 2),
          width,
          height,
        }
      : // Partly off its display: moved in, so the title bar and edges can be reached.
        {
          x: clamp(s.x, onto.x, onto.x + onto.width - width),
          y: clamp(s.y, onto.y, onto.y + onto.height - height),
          width,
          height,
        }
  return { bounds, maximized: saved.maximized }
}

/** The window calls this needs (an Electron BrowserWindow has them all). */
export interface TrackedWindow {
  getNormalBounds(): Rect
  isMaximized(): boolean
  isDestroyed(): boolean
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', fn: () => void): unknown
  removeListener(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', fn: () => void): unknown
}

export interface WindowStateStore {
  load(): Promise<WindowState | null>
  save(state: WindowState): Promise<void>
  /** Resolves when every save so far is on disk (quit waits for it). */
  flush(): Promise<void>
}

/** `window-state.json` in `dir`, written atomically; a bad file is moved aside and the window opens as new. */
export function fileWindowStateStore(dir: string, clock: Pick<Clock, 'now'>, log: Logger): WindowStateStore {
  const file = new AtomicJsonFile<WindowState>({
    path: join(dir, WINDOW_STATE_FILE),
    validate: (raw) => {
      const r = stateSchema.safeParse(raw)
      return r.success ? { ok: true, value: r.data } : { ok: false, error: r.error.issues[0]?.message ?? '' }
    },
    now: clock.now,
    backup: false,
    log,
  })
  let last: Promise<void> = Promise.resolve()
  return {
    async load() {
      try {
        const r = await file.read()
        for (const p of r.problems) log.warn('the saved window position could not be used', { ...p })
        return r.status === 'ok' ? r.value : null
      } catch (e) {
        log.warn('could not read the saved window position', { error: (e as Error).message })
        return null
      }
    },
    save(state) {
      const saving = file.write(state).then((r) => {
        if (!r.ok) log.warn('could not save the window position', { detail: r.detail })
      })
      last = saving
      return saving
    },
    flush: () => last,
  }
}

/** How long moving or resizing must pause before the position is written (a drag fires many events). */
export const SAVE_AFTER_MS = 1000

/**
 * Keep the window's state: written a moment after it moves, resizes, maximizes or restores, and at once when it
 * closes (or hides to the tray). The disposer writes what is pending and stops listening.
 */
export function trackWindowState(
  win: TrackedWindow,
  store: Pick<WindowStateStore, 'save'>,
  clock: Pick<Clock, 'setTimer'>,
): Disposer {
  let last: string | null = null
  let pending: Disposer | null = null
  const saveNow = () => {
    pending?.()
    pending = null
    if (win.isDestroyed()) return
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() }
    const text = JSON.stringify(state)
    if (text === last) return
    last = text
    void store.save(state)
  }
  const later = () => {
    pending?.()
    pending = clock.setTimer(SAVE_AFTER_MS, saveNow)
  }
  const events = ['resize', 'move', 'maximize', 'unmaximize'] as const
  for (const e of events) win.on(e, later)
  win.on('close', saveNow)
  let disposed = false
  return () => {
    if (disposed) return
    disposed = true
    if (pending) saveNow()
    if (win.isDestroyed()) return
    for (const e of events) win.removeListener(e, later)
    win.removeListener('close', saveNow)
  }
}
