import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { memoryLogger } from '../core/runtime/logger'
import {
  SAVE_AFTER_MS,
  WINDOW_STATE_FILE,
  fileWindowStateStore,
  placeWindow,
  trackWindowState,
  type Rect,
  type WindowState,
} from './window-state'

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 860 }
/** A monitor to the right of the laptop, taller. */
const monitor: Rect = { x: 1440, y: -200, width: 2560, height: 1400 }
const preferred = { width: 1360, height: 860 }

describe('where the window opens', () => {
  it('first start: the preferred size, no larger than the primary display, placed by the OS', () => {
    expect(placeWindow(null, [laptop], laptop, preferred)).toEqual({
      bounds: { width: 1360, height: 860 },
      maximized: false,
    })
    const small: Rect = { x: 0, y: 0, width: 1024, height: 700 }
    expect(placeWindow(null, [small], small, preferred).bounds).toEqual({ width: 1024, height: 700 })
  })

  it('where it was, on the display that still exists, maximized or not', () => {
    const saved: WindowState = { bounds: { x: 1600, y: 0, width: 1200, height: 900 }, maximized: true }
    expect(placeWindow(saved, [laptop, monitor], laptop, preferred)).toEqual(saved)
  })

  it('its display gone (off the dock): centred on the primary display, shrunk to fit', () => {
    const saved: WindowState = { bounds: { x: 1600, y: 0, width: 2000, height: 1200 }, maximized: false }
    expect(placeWindow(saved, [laptop], laptop, preferred)).toEqual({
      bounds: { x: 0, y: 0, width: 1440, height: 860 },
      maximized: false,
    })
    const narrow: WindowState = { bounds: { x: 3000, y: 100, width: 800, height: 600 }, maximized: true }
    expect(placeWindow(narrow, [laptop], laptop, preferred)).toEqual({
      bounds: { x: 320, y: 130, width: 800, height: 600 },
      maximized: true,
    })
  })

  it('hanging off the edge of its display: moved in so its title bar can be reached', () => {
    const saved: WindowState = { bounds: { x: 1000, y: -50, width: 800, height: 600 }, maximized: false }
    // Most of it is on the laptop (440 px of 800 wide).
    expect(placeWindow(saved, [laptop], laptop, preferred).bounds).toEqual({
      x: 640,
      y: 0,
      width: 800,
      height: 600,
    })
    // With the monitor there, it stays across both: the larger part decides, and it is moved onto that one.
    expect(placeWindow(saved, [laptop, monitor], laptop, preferred).bounds).toEqual({
      x: 640,
      y: 0,
      width: 800,
      height: 600,
    })
  })
})

describe('window-state.json', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fw-winstate-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  const clock = { now: () => Date.UTC(2026, 11, 5, 9, 0) }

  it('keeps what was saved, and knows nothing before the first save', async () => {
    const store = fileWindowStateStore(dir, clock, memoryLogger())
    expect(await store.load()).toBeNull()
    const state: WindowState = { bounds: { x: -1200, y: 40, width: 1100, height: 700 }, maximized: false }
    void store.save(state)
    await store.flush()
    expect(JSON.parse(readFileSync(join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual(state)
    expect(await fileWindowStateStore(dir, clock, memoryLogger()).load()).toEqual(state)
  })

  it('a file that does not validate is moved aside and reported; the window opens as new', async () => {
    writeFileSync(join(dir, WINDOW_STATE_FILE), '{"bounds":{"x":"left"},"maximized":false}')
    const log = memoryLogger()
    expect(await fileWindowStateStore(dir, clock, log).load()).toBeNull()
    expect(log.lines.some((l) => l.includes('the saved window position could not be used'))).toBe(true)
    expect(readdirSync(dir).some((f) => f.startsWith(`${WINDOW_STATE_FILE}.corrupt`))).toBe(true)
  })
})

describe('tracking the window', () => {
  type Event = 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close'
  function fakeWindow() {
    const listeners = new Map<Event, Set<() => void>>()
    const w = {
      bounds: { x: 10, y: 20, width: 1000, height: 700 } as Rect,
      maximized: false,
      destroyed: false,
      getNormalBounds: () => ({ ...w.bounds }),
      isMaximized: () => w.maximized,
      isDestroyed: () => w.destroyed,
      on: (e: Event, fn: () => void) => listeners.set(e, (listeners.get(e) ?? new Set()).add(fn)),
      removeListener: (e: Event, fn: () => void) => listeners.get(e)?.delete(fn),
      emit: (e: Event) => listeners.get(e)?.forEach((fn) => fn()),
      count: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
    }
    return w
  }
  function fakeClock() {
    const timers = new Map<number, () => void>()
    let next = 0
    return {
      setTimer(ms: number, fn: () => void) {
        expect(ms).toBe(SAVE_AFTER_MS)
        const id = next++
        timers.set(id, fn)
        return () => void timers.delete(id)
      },
      fire() {
        const fns = [...timers.values()]
        timers.clear()
        fns.forEach((fn) => fn())
      },
      pending: () => timers.size,
    }
  }

  it('writes once after a drag settles, at once on close, and only what changed', () => {
    const win = fakeWindow()
    const clock = fakeClock()
    const saved: WindowState[] = []
    trackWindowState(win, { save: async (s) => void saved.push(s) }, clock)
    win.bounds = { ...win.bounds, x: 50 }
    win.emit('move')
    win.bounds = { ...win.bounds, x: 90 }
    win.emit('move')
    expect(clock.pending()).toBe(1)
    expect(saved).toEqual([])
    clock.fire()
    expect(saved).toEqual([{ bounds: { x: 90, y: 20, width: 1000, height: 700 }, maximized: false }])
    win.maximized = true
    win.emit('maximize')
    win.emit('close')
    expect(clock.pending()).toBe(0)
    expect(saved.at(-1)).toEqual({ bounds: { x: 90, y: 20, width: 1000, height: 700 }, maximized: true })
    win.emit('close')
    expect(saved).toHaveLength(2)
  })

  it('the disposer writes what is pending and stops listening', () => {
    const win = fakeWindow()
    const clock = fakeClock()
    const saved: WindowState[] = []
    const stop = trackWindowState(win, { save: async (s) => void saved.push(s) }, clock)
    expect(win.count()).toBe(5)
    win.bounds = { ...win.bounds, width: 1200 }
    win.emit('resize')
    stop()
    expect(saved).toEqual([{ bounds: { x: 10, y: 20, width: 1200, height: 700 }, maximized: false }])
    expect(win.count()).toBe(0)
    expect(clock.pending()).toBe(0)
    stop()
  })

  it('a destroyed window is not asked for its bounds', () => {
    const win = fakeWindow()
    const clock = fakeClock()
    const saved: WindowState[] = []
    const stop = trackWindowState(win, { save: async (s) => void saved.push(s) }, clock)
    win.emit('resize')
    win.destroyed = true
    win.getNormalBounds = () => {
      throw new Error('Object has been destroyed')
    }
    stop()
    expect(saved).toEqual([])
  })
})
