import { beforeEach, describe, expect, it, vi } from 'vitest'
import { memoryLogger } from '../core/runtime/logger'
import { APP_LOCATION, type RendererLocation } from './policy'
import type { WindowPlacement } from './window-state'

type Fn = (...args: never[]) => unknown
const electron = vi.hoisted(() => {
  class FakeEmitter {
    handlers = new Map<string, Fn[]>()
    on(name: string, fn: Fn) {
      this.handlers.set(name, [...(this.handlers.get(name) ?? []), fn])
      return this
    }
    once(name: string, fn: Fn) {
      return this.on(name, fn)
    }
    emit(name: string, ...args: unknown[]) {
      for (const fn of this.handlers.get(name) ?? []) (fn as (...a: unknown[]) => unknown)(...args)
    }
  }
  const state = {
    windows: [] as unknown[],
    opened: [] as string[],
    headersListener: null as null | ((d: unknown, cb: (r: unknown) => void) => void),
    permissionRequest: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
    permissionCheck: null as null | (() => boolean),
  }
  class FakeWebContents extends FakeEmitter {
    openHandler: ((d: { url: string }) => { action: string }) | null = null
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.openHandler = h
    }
  }
  class FakeBrowserWindow extends FakeEmitter {
    webContents = new FakeWebContents()
    loaded: string | null = null
    visible = false
    hidden = 0
    constructor(readonly options: Record<string, unknown>) {
      super()
      state.windows.push(this)
    }
    loadURL(url: string) {
      this.loaded = url
      return Promise.resolve()
    }
    show() {
      this.visible = true
    }
    hide() {
      this.hidden++
      this.visible = false
    }
    maximized = false
    maximize() {
      this.maximized = true
      this.visible = true
    }
  }
  return { state, FakeBrowserWindow, FakeEmitter }
})
vi.mock('electron', () => ({
  BrowserWindow: electron.FakeBrowserWindow,
  shell: {
    openExternal: async (url: string) => {
      electron.state.opened.push(url)
    },
  },
  session: {
    defaultSession: {
      webRequest: {
        onHeadersReceived: (l: typeof electron.state.headersListener) => (electron.state.headersListener = l),
      },
      setPermissionRequestHandler: (h: typeof electron.state.permissionRequest) =>
        (electron.state.permissionRequest = h),
      setPermissionCheckHandler: (h: typeof electron.state.permissionCheck) =>
        (electron.state.permissionCheck = h),
    },
  },
}))

const { createMainWindow, secureSession } = await import('./window')

const location: RendererLocation = APP_LOCATION
const dev: RendererLocation = { kind: 'dev', url: 'http://localhost:5173/' }
type Win = InstanceType<typeof electron.FakeBrowserWindow>

function open(hideOnClose = true, placement?: WindowPlacement) {
  const log = memoryLogger()
  const win = createMainWindow({
    preload: '/app/out/preload/index.cjs',
    location,
    icon: '/app/resources/icon.png',
    log,
    hideOnClose: () => hideOnClose,
    ...(placement ? { placement } : {}),
  }) as unknown as Win
  return { win, log }
}

function navigation(url: string) {
  const e = {
    url,
    prevented: false,
    preventDefault() {
      this.prevented = true
    },
  }
  return e
}

beforeEach(() => {
  electron.state.windows.length = 0
  electron.state.opened.length = 0
})

describe('createMainWindow', () => {
  it('opens one sandboxed, isolated window on our page, shown when ready', () => {
    const { win } = open()
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(win.options.show).toBe(false)
    expect(win.loaded).toBe('app://floorwalker/index.html')
    win.emit('ready-to-show')
    expect(win.visible).toBe(true)
  })

  it('opens at the default size the first time, and where it was left (maximized again) after', () => {
    const first = open().win
    expect(first.options).toMatchObject({ width: 1360, height: 860 })
    expect(first.options).not.toHaveProperty('x')
    const { win } = open(true, { bounds: { x: -1200, y: 40, width: 1000, height: 700 }, maximized: true })
    expect(win.options).toMatchObject({ x: -1200, y: 40, width: 1000, height: 700 })
    expect(win.maximized).toBe(false)
    win.emit('ready-to-show')
    expect(win.maximized).toBe(true)
    expect(win.visible).toBe(true)
  })

  it("writes the page's errors to the log", () => {
    const { win, log } = open()
    win.webContents.emit('console-message', {
      level: 'error',
      message: 'Uncaught Error: boom',
      lineNumber: 3,
      sourceId: 'app://floorwalker/assets/index.js',
    })
    expect(log.lines.some((l) => l.includes('Uncaught Error: boom'))).toBe(true)
  })

  it('blocks navigation away from the app; https targets go to the system browser', async () => {
    const { win } = open()
    const ours = navigation('app://floorwalker/index.html#/agents')
    win.webContents.emit('will-navigate', ours)
    expect(ours.prevented).toBe(false)
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'http://plain.example/',
      'file:///app/out/renderer/index.html',
      'app://elsewhere/index.html',
    ]) {
      const e = navigation(url)
      win.webContents.emit('will-navigate', e)
      expect(e.prevented, url).toBe(true)
    }
    const redirect = navigation('https://elsewhere.example/')
    win.webContents.emit('will-redirect', redirect)
    expect(redirect.prevented).toBe(true)
    await Promise.resolve()
    expect(electron.state.opened).toEqual(['https://evil.example/', 'https://elsewhere.example/'])
  })

  it('denies every new window, opening https links externally and nothing else', async () => {
    const { win } = open()
    expect(win.webContents.openHandler?.({ url: 'https://docs.example.com/' })).toEqual({ action: 'deny' })
    expect(win.webContents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(win.webContents.openHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    await Promise.resolve()
    expect(electron.state.opened).toEqual(['https://docs.example.com/'])
  })

  it('refuses webviews', () => {
    const { win } = open()
    const e = navigation('')
    win.webContents.emit('will-attach-webview', e)
    expect(e.prevented).toBe(true)
  })

  it('closing hides to the tray while the app keeps running, and really closes when quitting', () => {
    const { win } = open(true)
    const e = navigation('')
    win.emit('close', e)
    expect(e.prevented).toBe(true)
    expect(win.hidden).toBe(1)
    const quitting = open(false).win
    const e2 = navigation('')
    quitting.emit('close', e2)
    expect(e2.prevented).toBe(false)
  })
})

describe('secureSession', () => {
  it('leaves the app protocol’s own CSP alone: no header hook for the built app', () => {
    electron.state.headersListener = null
    const dispose = secureSession(location)
    expect(electron.state.headersListener).toBeNull()
    dispose()
  })

  it('in dev, adds our CSP to the dev server’s documents only, replacing any other', () => {
    secureSession(dev)
    const results: unknown[] = []
    electron.state.headersListener?.(
      {
        url: 'http://localhost:5173/',
        responseHeaders: { 'content-security-policy': ['*'], x: ['1'] },
      },
      (r) => results.push(r),
    )
    electron.state.headersListener?.({ url: 'https://vendor.example/api', responseHeaders: {} }, (r) =>
      results.push(r),
    )
    const first = results[0] as { responseHeaders: Record<string, string[]> }
    expect(Object.keys(first.responseHeaders)).toEqual(['x', 'Content-Security-Policy'])
    expect(first.responseHeaders['Content-Security-Policy']?.[0]).toMatch(
      /^default-src 'none'; script-src 'self';.*connect-src 'self' ws:\/\/localhost:5173;/,
    )
    expect(results[1]).toEqual({})
  })

  it('denies every permission request and check', () => {
    secureSession(location)
    const answers: boolean[] = []
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      electron.state.permissionRequest?.({}, p, (ok) => answers.push(ok))
    }
    expect(answers).toEqual([false, false, false, false, false])
    expect(electron.state.permissionCheck?.()).toBe(false)
  })
})
