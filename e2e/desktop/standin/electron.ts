/**
 * A test-only stand-in for Electron's main-process `electron` module, for the subset Floorwalker uses, built from
 * Electron's API documentation (https://www.electronjs.org/docs/latest/api/: app, browser-window, web-contents,
 * ipc-main, protocol, session, net, client-request, notification, tray, menu, power-monitor, shell, dialog).
 * The app's built main process (`out/main/index.js`) runs on it unchanged under Node (electron-loader.mjs hands each
 * started app its own instance); a window is a real Chromium page driven by Playwright, the built preload runs in
 * it under Electron's sandbox rules (renderer-sandbox.ts), and its ipcRenderer reaches the app's real ipcMain
 * handlers through Playwright bindings.
 *
 * What the OS would do (a click on a notification or the tray, sleep and wake, the network going away, the user
 * closing the window, a second launch) is driven by the test through `StandinControl`; what the app asks of the OS
 * (notifications, tray icon and tooltip, links opened, dialogs, sounds) is recorded there.
 *
 * Anything the stand-in does not implement throws on use (a property the app reads, an event it listens to, a
 * module it imports), so the app can never silently run on a no-op.
 *
 * Timing is not Electron's, and start-up measured here (bench/startup-desktop.ts) is an upper bound of the app's:
 * every request of the page goes through Playwright's request routing (a DevTools round trip per file, its body
 * base64-encoded) where Electron answers app:// in process; every invoke and message crosses DevTools-protocol
 * bindings (one JSON string for plain data, see jsonExact; Playwright's tagged format otherwise) where Electron's
 * IPC is one in-process message; the preload runs as an init script; the app's main process shares its event loop
 * with Playwright's client and the test, so main's work also delays the routing and bindings of its own window;
 * and Chromium runs headless with software rendering, launched by Playwright with a fresh connection per start.
 */
import { EventEmitter } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { request as httpRequest, type ClientRequest as NodeClientRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Frame, type Page, type Route } from '@playwright/test'
import { sandboxedPreloadScript } from './sandbox-script'

/** Where a started app's stand-in instances are found by electron-module.mjs. */
const INSTANCES = Symbol.for('floorwalker.electron-standin')
type Registry = Map<string, Record<string, unknown>>
function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>
  return (g[INSTANCES] ??= new Map())
}

/** A main-process object the stand-in hands out: reading a property it does not have throws instead of undefined. */
function strict<T extends object>(target: T, name: string): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (typeof prop === 'symbol' || prop in t) return Reflect.get(t, prop, receiver) as unknown
      // Probes by `await`, JSON and inspection, not API use.
      if (prop === 'then' || prop === 'toJSON' || prop === 'inspect' || prop === 'constructor')
        return undefined
      throw new Error(
        `electron stand-in: ${name}.${prop} is not provided (add it, following Electron's docs)`,
      )
    },
  })
}

/** A module or class of Electron's the stand-in does not provide: any use of it throws. */
function missing(name: string): unknown {
  const fail = (): never => {
    throw new Error(`electron stand-in: electron.${name} is not provided (add it, following Electron's docs)`)
  }
  return new Proxy(function unavailable() {}, {
    get: (_t, prop) => (prop === Symbol.toPrimitive || prop === 'then' ? undefined : fail()),
    apply: fail,
    construct: fail,
  })
}

/**
 * Main's IPC answers and messages as one JSON string, when JSON gives the page exactly what Electron's structured
 * clone would: plain objects and dense arrays (each reached once), strings, finite numbers other than -0, booleans,
 * null. Otherwise null, and the value goes in Playwright's own format, which carries the rest (undefined, Date,
 * NaN, shared and cyclic references). Why: Playwright tags every object, key and string of a binding's answer and
 * rebuilds it in the page one by one; for the board's 2,000-agent `live:get` (about 1.1 MB as JSON) that took
 * seconds each way on a loaded machine, where one JSON string takes a fraction of a second. Electron sends its IPC
 * in process; this is the harness's cost, not the app's.
 */
export function jsonExact(value: unknown): string | null {
  const seen = new Set<object>()
  const exact = (v: unknown): boolean => {
    if (v === null) return true
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return true
      case 'number':
        return Number.isFinite(v) && !Object.is(v, -0)
      case 'object': {
        if (seen.has(v)) return false
        seen.add(v)
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) if (!(i in v) || !exact(v[i])) return false
          return true
        }
        const proto = Object.getPrototypeOf(v) as unknown
        if (proto !== Object.prototype && proto !== null) return false
        for (const k of Object.keys(v)) if (!exact((v as Record<string, unknown>)[k])) return false
        return true
      }
      default:
        return false
    }
  }
  return exact(value) ? JSON.stringify(value) : null
}

/** An EventEmitter that refuses events it never emits, so a listener can never wait for nothing. */
class StrictEmitter extends EventEmitter {
  constructor(
    private readonly emitterName: string,
    private readonly knownEvents: readonly string[],
  ) {
    super()
  }
  private check(event: string | symbol): void {
    if (typeof event === 'string' && !this.knownEvents.includes(event))
      throw new Error(
        `electron stand-in: ${this.emitterName} never emits '${event}' (known: ${this.knownEvents.join(', ')})`,
      )
  }
  override on(event: string | symbol, listener: (...args: never[]) => void): this {
    this.check(event)
    return super.on(event, listener as (...args: unknown[]) => void)
  }
  override once(event: string | symbol, listener: (...args: never[]) => void): this {
    this.check(event)
    return super.once(event, listener as (...args: unknown[]) => void)
  }
  override addListener(event: string | symbol, listener: (...args: never[]) => void): this {
    return this.on(event, listener)
  }
}

/** Electron's cancellable Event (the first argument of app, window and webContents events). */
function cancellable(extra: Record<string, unknown> = {}): {
  preventDefault(): void
  readonly defaultPrevented: boolean
} {
  let prevented = false
  return Object.assign(
    {
      preventDefault: () => {
        prevented = true
      },
      get defaultPrevented() {
        return prevented
      },
    },
    extra,
  )
}

/** A recorded call the app made on the OS, in order. */
export interface Recorded {
  api: string
  args: unknown[]
  /** epoch ms */
  at: number
}

export interface RecordedNotification {
  title: string
  body: string
  urgency: string | undefined
  silent: boolean | undefined
  timeoutType: string | undefined
  icon: string | undefined
  /** epoch ms it was shown */
  at: number
  /** Still on screen: not closed by the app, dismissed by the user or replaced by a second show(). */
  readonly onScreen: boolean
  /** What the user does to it on the desktop (only while it is on screen). */
  click(): void
  /** The user dismisses it. */
  dismiss(): void
}

export interface RecordedMenuItem {
  label: string | undefined
  type: string
  role: string | undefined
  enabled: boolean
  submenu: RecordedMenuItem[] | null
  click(): void
}

export interface StandinWindow {
  readonly id: number
  /** The Chromium page showing this window's web contents. */
  readonly page: Page
  isVisible(): boolean
  isDestroyed(): boolean
  isFocused(): boolean
  /** The user closes the window (its close button): 'close' is emitted and may be prevented. */
  userClose(): Promise<void>
  /** Events and payloads main sent to this window with webContents.send, oldest first. */
  readonly sent: { channel: string; payload: unknown[] }[]
}

export interface StandinOptions {
  /** Unique per started app (names its stand-in instance). */
  id: string
  /** Electron's `app.getAppPath()`: the folder with package.json and out/. */
  appPath: string
  /** The fake home for the default paths (never the real one). */
  home: string
  /** Chromium's profile for the default session (Electron keeps it in userData; kept apart here, see the spec). */
  chromiumProfile: string
  chromium: { executablePath: string; args: string[] }
  /** What app.isPackaged answers: true for the app as supervisors install it. */
  packaged: boolean
  /** Electron's `process.argv` of this instance. */
  argv: string[]
}

/** The desktop, as the test drives and reads it. */
export interface StandinControl {
  readonly electron: Record<string, unknown>
  /** Emit 'ready' (Chromium launched): the app's whenReady() resolves. */
  boot(): Promise<void>
  /** Resolves with the exit code once the app has quit (after 'quit') or exited. */
  readonly exited: Promise<number>
  /** Every OS-facing call the app made, in order. */
  readonly calls: Recorded[]
  readonly notifications: RecordedNotification[]
  readonly windows: StandinWindow[]
  /** Resolves with the first window's page once it has loaded. */
  firstWindow(): Promise<StandinWindow>
  tray(): {
    image: string | null
    tooltip: string
    title: string
    menu: RecordedMenuItem[]
    click(): void
    destroyed: boolean
  } | null
  applicationMenu(): RecordedMenuItem[] | null
  /** The OS says the machine goes to sleep / woke up (powerMonitor). */
  power(event: 'suspend' | 'resume' | 'lock-screen' | 'unlock-screen'): void
  /** The network goes away or comes back (net.isOnline; Chromium's own offline state for the window). */
  setOnline(online: boolean): Promise<void>
  /** The user quits (the tray's Quit, Ctrl+Q): app.quit(). */
  quit(): void
  /** The user launches the app again while this one runs: 'second-instance' in this one. */
  secondInstance(argv: string[], cwd: string, data?: unknown): void
  /** Links the app opened in the system browser. */
  readonly openedExternal: string[]
  /** What the user picks in the next save dialogs, in order: a path, or null to cancel (none left: cancel). */
  readonly saveDialogAnswers: (string | null)[]
  /** Errors the stand-in saw: preload errors, crashed pages, calls after exit. */
  readonly problems: string[]
  /** WebSockets any window opened (the desktop board needs none: its bridge is the preload). */
  readonly webSockets: string[]
  /** What the app's protocol handlers answered to the windows' requests. */
  readonly served: { url: string; status: number; headers: Record<string, string> }[]
}

/** A `app://host/path` URL as Chromium sees it here (see toChromiumUrl). */
const STANDIN_SUFFIX = '.standin.invalid'

export function createElectronStandin(opts: StandinOptions): StandinControl {
  const calls: Recorded[] = []
  const record = (api: string, ...args: unknown[]) => calls.push({ api, args, at: Date.now() })
  const problems: string[] = []
  const notifications: RecordedNotification[] = []
  const windows: StandinWindow[] = []
  const openedExternal: string[] = []
  const saveDialogAnswers: (string | null)[] = []
  const webSockets: string[] = []
  const served: { url: string; status: number; headers: Record<string, string> }[] = []
  const pkg = JSON.parse(readFileSync(join(opts.appPath, 'package.json'), 'utf8')) as {
    name: string
    productName?: string
    version: string
  }

  let ready = false
  let exited = false
  let exitCode = 0
  let online = true
  let context: BrowserContext | null = null
  let resolveExited: (code: number) => void = () => undefined
  const exitedPromise = new Promise<number>((resolve) => (resolveExited = resolve))
  let firstWindowResolve: (w: StandinWindow) => void = () => undefined
  const firstWindowPromise = new Promise<StandinWindow>((resolve) => (firstWindowResolve = resolve))

  const alive = (api: string) => {
    if (exited) {
      const msg = `${api} called after the app exited`
      problems.push(msg)
      throw new Error(`electron stand-in: ${msg}`)
    }
  }

  // --- paths --------------------------------------------------------------------------------------------------------
  const appData = join(opts.home, '.config')
  const paths = new Map<string, string>([
    ['home', opts.home],
    ['appData', appData],
    ['userData', join(appData, pkg.productName ?? pkg.name)],
    ['temp', join(opts.home, 'tmp')],
    ['desktop', join(opts.home, 'Desktop')],
    ['documents', join(opts.home, 'Documents')],
    ['downloads', join(opts.home, 'Downloads')],
    ['exe', join(opts.appPath, 'floorwalker')],
    ['module', join(opts.appPath, 'floorwalker')],
  ])
  let logsPath: string | null = null

  // --- privileged schemes and protocol.handle ------------------------------------------------------------------------
  const privileged = new Map<string, Record<string, boolean>>()
  const handlers = new Map<string, (request: Request) => Response | Promise<Response>>()
  /**
   * Chromium outside Electron cannot register a scheme, and never sends a request for an unknown one. A standard,
   * secure custom scheme is therefore shown to Chromium as an https origin of its own (`app://floorwalker/x` →
   * `https://floorwalker.app.standin.invalid/x`: a secure context, 'self' is that origin alone), whose every request
   * is answered by the app's own `protocol.handle` handler; main sees only the app:// URLs.
   */
  const toChromiumUrl = (url: string): string => {
    const u = new URL(url)
    const scheme = u.protocol.slice(0, -1)
    const p = privileged.get(scheme)
    if (!p) return url
    if (!p.standard || !p.secure)
      throw new Error(
        `electron stand-in: scheme '${scheme}' must be standard and secure to be shown in a window`,
      )
    return `https://${u.host}.${scheme}${STANDIN_SUFFIX}${u.pathname}${u.search}${u.hash}`
  }
  const fromChromiumUrl = (url: string): string => {
    let u: URL
    try {
      u = new URL(url)
    } catch {
      return url
    }
    if (u.protocol !== 'https:' || !u.hostname.endsWith(STANDIN_SUFFIX)) return url
    const [host, scheme] = u.hostname.slice(0, -STANDIN_SUFFIX.length).split(/\.(?=[^.]+$)/)
    return `${scheme}://${host}${u.pathname}${u.search}${u.hash}`
  }

  const protocol = strict(
    {
      registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]) {
        record('protocol.registerSchemesAsPrivileged', schemes)
        // "This method can only be used before the ready event of the app module gets emitted and can be called
        // only once." (electronjs.org/docs/latest/api/protocol)
        if (ready)
          throw new Error('protocol.registerSchemesAsPrivileged must be called before the app is ready')
        if (privileged.size > 0)
          throw new Error('protocol.registerSchemesAsPrivileged can be called only once')
        for (const s of schemes) privileged.set(s.scheme, s.privileges ?? {})
      },
      handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
        alive('protocol.handle')
        record('protocol.handle', scheme)
        if (!ready) throw new Error('protocol.handle: the app is not ready yet')
        if (handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`)
        handlers.set(scheme, handler)
      },
      unhandle(scheme: string) {
        record('protocol.unhandle', scheme)
        handlers.delete(scheme)
      },
      isProtocolHandled(scheme: string) {
        return handlers.has(scheme)
      },
    },
    'protocol',
  )

  // --- sessions -----------------------------------------------------------------------------------------------------
  type HeadersListener = (
    details: { url: string; method: string; statusCode: number; responseHeaders: Record<string, string[]> },
    callback: (r: { cancel?: boolean; responseHeaders?: Record<string, string | string[]> }) => void,
  ) => void
  type PermissionRequestHandler = (
    wc: unknown,
    permission: string,
    callback: (granted: boolean) => void,
  ) => void
  type PermissionCheckHandler = (wc: unknown, permission: string) => boolean
  interface SessionState {
    partition: string
    headersReceived: HeadersListener | null
    permissionRequest: PermissionRequestHandler | null
    permissionCheck: PermissionCheckHandler | null
  }
  const sessions = new Map<string, ReturnType<typeof makeSession>>()
  function makeSession(partition: string) {
    const state: SessionState = {
      partition,
      headersReceived: null,
      permissionRequest: null,
      permissionCheck: null,
    }
    const s = strict(
      {
        webRequest: strict(
          {
            onHeadersReceived(a: unknown, b?: unknown) {
              // onHeadersReceived([filter, ]listener): null removes it.
              const listener = (b === undefined ? a : b) as HeadersListener | null
              record(
                `session(${partition}).webRequest.onHeadersReceived`,
                listener === null ? null : 'listener',
              )
              state.headersReceived = listener
            },
          },
          'session.webRequest',
        ),
        setPermissionRequestHandler(h: PermissionRequestHandler | null) {
          record(`session(${partition}).setPermissionRequestHandler`, h === null ? null : 'handler')
          state.permissionRequest = h
        },
        setPermissionCheckHandler(h: PermissionCheckHandler | null) {
          record(`session(${partition}).setPermissionCheckHandler`, h === null ? null : 'handler')
          state.permissionCheck = h
        },
        /** What Chromium would get asked when a page wants `permission` (default: granted, as in Electron). */
        __permission(permission: string): Promise<{ requested: boolean; checked: boolean }> {
          return new Promise((resolve) => {
            const checked = state.permissionCheck ? state.permissionCheck(null, permission) : true
            if (!state.permissionRequest) resolve({ requested: true, checked })
            else
              state.permissionRequest(null, permission, (granted) => resolve({ requested: granted, checked }))
          })
        },
        __state: state,
      },
      `session(${partition})`,
    )
    return s
  }
  const sessionFor = (partition: string) => {
    let s = sessions.get(partition)
    if (!s) {
      s = makeSession(partition)
      sessions.set(partition, s)
    }
    return s
  }
  const session = strict(
    {
      get defaultSession() {
        if (!ready) throw new Error('session.defaultSession is only available once the app is ready')
        return sessionFor('')
      },
      fromPartition(partition: string) {
        if (!ready) throw new Error('session.fromPartition is only available once the app is ready')
        record('session.fromPartition', partition)
        return sessionFor(partition)
      },
    },
    'session',
  )

  // --- ipcMain ------------------------------------------------------------------------------------------------------
  type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown
  const invokeHandlers = new Map<string, InvokeHandler>()
  const ipcEmitter = new EventEmitter()
  const ipcMain = strict(
    Object.assign(ipcEmitter, {
      handle(channel: string, fn: InvokeHandler) {
        alive('ipcMain.handle')
        if (invokeHandlers.has(channel))
          throw new Error(`Attempted to register a second handler for '${channel}'`)
        invokeHandlers.set(channel, fn)
      },
      handleOnce(channel: string, fn: InvokeHandler) {
        if (invokeHandlers.has(channel))
          throw new Error(`Attempted to register a second handler for '${channel}'`)
        invokeHandlers.set(channel, (e, ...a) => {
          invokeHandlers.delete(channel)
          return fn(e, ...a)
        })
      },
      removeHandler(channel: string) {
        record('ipcMain.removeHandler', channel)
        invokeHandlers.delete(channel)
      },
    }),
    'ipcMain',
  )

  // --- webContents and BrowserWindow -------------------------------------------------------------------------------
  let nextId = 1
  const WEB_CONTENTS_EVENTS = [
    'did-finish-load',
    'did-fail-load',
    'dom-ready',
    'will-navigate',
    'will-redirect',
    'will-attach-webview',
    'render-process-gone',
    'preload-error',
    'destroyed',
    'console-message',
    // Electron emits these when the renderer hangs and recovers; the stand-in's pages never hang.
    'unresponsive',
    'responsive',
  ] as const
  const WINDOW_EVENTS = [
    'close',
    'closed',
    'ready-to-show',
    'show',
    'hide',
    'focus',
    'blur',
    'resize',
    'move',
    'maximize',
    'unmaximize',
  ] as const

  /**
   * One display, as `screen` reports it (electronjs.org/docs/latest/api/structures/display): the work area leaves
   * room for a 40 px panel. Windows are placed on it; the OS window manager itself is not simulated.
   */
  const DISPLAY = {
    id: 1,
    label: 'stand-in display',
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
    size: { width: 1920, height: 1080 },
    workAreaSize: { width: 1920, height: 1040 },
    scaleFactor: 1,
    rotation: 0,
    internal: false,
  }

  interface WindowParts {
    win: BrowserWindowStandin
    page: Page
    contents: WebContentsStandin
  }
  const byPage = new Map<Page, WindowParts>()
  let focused: BrowserWindowStandin | null = null

  /** Electron's WebFrameMain for a Chromium frame, with the URL main would see. */
  const frameMain = (frame: Frame): Record<string, unknown> => {
    const parent = frame.parentFrame()
    return strict(
      {
        url: fromChromiumUrl(frame.url()),
        name: frame.name(),
        get parent() {
          return parent ? frameMain(parent) : null
        },
        get top() {
          return frameMain(frame.page().mainFrame())
        },
        isDestroyed: () => frame.isDetached(),
        detached: frame.isDetached(),
      },
      'WebFrameMain',
    )
  }

  class WebContentsStandin extends StrictEmitter {
    readonly id = nextId++
    private loading = false
    private destroyed = false
    private windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null
    /** webContents.send messages not yet taken by the page, and the page's waiting long poll. */
    private queue: [string, unknown[]][] = []
    private waiter: ((batch: [string, unknown[]][]) => void) | null = null
    readonly sent: { channel: string; payload: unknown[] }[] = []
    constructor(readonly page: Page) {
      super('webContents', WEB_CONTENTS_EVENTS)
    }
    /** Electron serializes with the structured clone algorithm: functions and the like throw here too. */
    send(channel: string, ...args: unknown[]): void {
      alive('webContents.send')
      if (this.destroyed) throw new Error('Object has been destroyed')
      const payload = structuredClone(args)
      this.sent.push({ channel, payload })
      this.queue.push([channel, payload])
      this.flush()
    }
    private flush(): void {
      if (!this.waiter || this.queue.length === 0) return
      const w = this.waiter
      this.waiter = null
      w(this.queue.splice(0))
    }
    /**
     * The page's long poll for main's messages (the preload's ipcRenderer listens through it). The newest call is the
     * live document's (a reloaded page starts its own); same-document navigations (the board's hash routes) keep it.
     * A batch of plain data goes as one JSON string (see jsonExact).
     */
    __next(): Promise<[string, unknown[]][] | string> {
      return new Promise<[string, unknown[]][]>((resolve) => {
        this.waiter = resolve
        this.flush()
      }).then((batch) => jsonExact(batch) ?? batch)
    }
    isLoading(): boolean {
      return this.loading
    }
    __setLoading(v: boolean): void {
      this.loading = v
    }
    isDestroyed(): boolean {
      return this.destroyed
    }
    __destroy(): void {
      if (this.destroyed) return
      this.destroyed = true
      this.emit('destroyed')
    }
    getURL(): string {
      return fromChromiumUrl(this.page.url())
    }
    setWindowOpenHandler(h: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
      record('webContents.setWindowOpenHandler')
      this.windowOpenHandler = h
    }
    __windowOpen(url: string): 'allow' | 'deny' {
      // Without a handler Electron opens the window; the stand-in opens no second windows, so it says so.
      if (!this.windowOpenHandler)
        throw new Error('electron stand-in: a page opened a window and no handler decides')
      return this.windowOpenHandler({ url: fromChromiumUrl(url) }).action
    }
    get mainFrame() {
      return frameMain(this.page.mainFrame())
    }
    get session() {
      return sessionFor('')
    }
    /**
     * `contents.printToPDF(options)`: "Prints the window's web page as PDF" and resolves with "the generated PDF data"
     * (a Buffer). Electron has Chromium print the page (the DevTools Page.printToPDF under Playwright's page.pdf()),
     * so the page is printed here by the same Chromium with Electron's options and documented defaults: Letter,
     * portrait, margins 1 cm (0.4 in), scale 1, no backgrounds, no header or footer, print media. A `pageSize` that is
     * not one of Electron's names nor `{width, height}` in inches is refused, as Electron refuses it.
     */
    async printToPDF(options: PrintToPdfOptions = {}): Promise<Buffer> {
      alive('webContents.printToPDF')
      if (this.destroyed) throw new Error('Object has been destroyed')
      record('webContents.printToPDF', options)
      const size = options.pageSize ?? 'Letter'
      if (typeof size === 'string' && !PAGE_SIZES.includes(size))
        throw new Error(`Unsupported pageSize: ${size}`)
      const m = options.margins ?? {}
      const inches = (v: number | undefined, fallback: number) => `${v ?? fallback}in`
      return this.page.pdf({
        landscape: options.landscape ?? false,
        displayHeaderFooter: options.displayHeaderFooter ?? false,
        printBackground: options.printBackground ?? false,
        scale: options.scale ?? 1,
        ...(typeof size === 'string'
          ? { format: size }
          : { width: `${size.width}in`, height: `${size.height}in` }),
        margin: {
          top: inches(m.top, 0.4),
          bottom: inches(m.bottom, 0.4),
          left: inches(m.left, 0.4),
          right: inches(m.right, 0.4),
        },
        pageRanges: options.pageRanges ?? '',
        headerTemplate: options.headerTemplate,
        footerTemplate: options.footerTemplate,
        preferCSSPageSize: options.preferCSSPageSize ?? false,
        tagged: options.generateTaggedPDF ?? false,
        outline: options.generateDocumentOutline ?? false,
      })
    }
  }

  /** Electron's printToPDF options (electronjs.org/docs/latest/api/web-contents#contentsprinttopdfoptions). */
  interface PrintToPdfOptions {
    landscape?: boolean
    displayHeaderFooter?: boolean
    printBackground?: boolean
    scale?: number
    pageSize?: string | { width: number; height: number }
    margins?: { top?: number; bottom?: number; left?: number; right?: number }
    pageRanges?: string
    headerTemplate?: string
    footerTemplate?: string
    preferCSSPageSize?: boolean
    generateTaggedPDF?: boolean
    generateDocumentOutline?: boolean
  }
  const PAGE_SIZES = ['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'Legal', 'Letter', 'Tabloid', 'Ledger']

  interface WindowOptions {
    show?: boolean
    title?: string
    icon?: string
    webPreferences?: {
      preload?: string
      contextIsolation?: boolean
      sandbox?: boolean
      nodeIntegration?: boolean
      nodeIntegrationInSubFrames?: boolean
      partition?: string
      session?: unknown
      [k: string]: unknown
    }
    [k: string]: unknown
  }

  let sandboxEverywhere = false

  class BrowserWindowStandin extends StrictEmitter {
    readonly id: number
    readonly webContents: WebContentsStandin
    private visible = false
    private destroyed = false
    private minimized = false
    private maximized = false
    private shownOnce = false
    /** The normal (not maximized) bounds: the options' x/y/width/height, centred on the display without x/y. */
    private bounds = { x: 0, y: 0, width: 800, height: 600 }
    readonly options: WindowOptions
    constructor(options: WindowOptions = {}) {
      super('BrowserWindow', WINDOW_EVENTS)
      alive('new BrowserWindow')
      if (!ready) throw new Error('Cannot create BrowserWindow before app is ready')
      if (!context) throw new Error('electron stand-in: Chromium is not running')
      record('new BrowserWindow', options)
      this.options = options
      const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback)
      const width = num(options['width'], 800)
      const height = num(options['height'], 600)
      const area = DISPLAY.workArea
      this.bounds = {
        x: num(options['x'], area.x + Math.round((area.width - width) / 2)),
        y: num(options['y'], area.y + Math.round((area.height - height) / 2)),
        width,
        height,
      }
      const prefs = options.webPreferences ?? {}
      // The stand-in can only show what it can run faithfully: a sandboxed, context-isolated renderer without Node.
      const sandboxed = sandboxEverywhere || prefs.sandbox === true
      if (!sandboxed || prefs.contextIsolation === false || prefs.nodeIntegration === true)
        throw new Error(
          'electron stand-in: only sandboxed, context-isolated windows without Node integration can be shown',
        )
      if (prefs.nodeIntegrationInSubFrames) throw new Error('electron stand-in: no preloads in sub-frames')
      if (prefs.partition !== undefined || prefs.session !== undefined)
        throw new Error('electron stand-in: windows use the default session only')
      const page = pendingPages.shift()
      if (!page) throw new Error('electron stand-in: no page prepared for the window (a bug in the stand-in)')
      this.webContents = strict(new WebContentsStandin(page), 'webContents')
      this.id = this.webContents.id
      const self = strict(this, 'BrowserWindow')
      byPage.set(page, { win: self, page, contents: this.webContents })
      installWindow(self, page, prefs.preload ?? null)
      const view = windowView(self, page)
      windows.push(view)
      if (windows.length === 1) this.webContents.once('did-finish-load', () => firstWindowResolve(view))
      return self
    }
    loadURL(url: string): Promise<void> {
      alive('BrowserWindow.loadURL')
      record('BrowserWindow.loadURL', url)
      const wc = this.webContents
      wc.__setLoading(true)
      const target = toChromiumUrl(url)
      return wc.page.goto(target, { waitUntil: 'load' }).then(
        () => undefined,
        (e: unknown) => {
          wc.__setLoading(false)
          // Electron rejects with ERR_* codes; a failed load is also 'did-fail-load'.
          wc.emit('did-fail-load', cancellable(), -2, (e as Error).message, url, true)
          throw new Error(`ERR_FAILED (-2) loading '${url}': ${(e as Error).message}`)
        },
      )
    }
    show(): void {
      alive('BrowserWindow.show')
      record('BrowserWindow.show', this.id)
      if (this.destroyed) throw new Error('Object has been destroyed')
      const was = this.visible
      this.visible = true
      this.minimized = false
      this.shownOnce = true
      if (!was) this.emit('show')
      this.focusIt()
    }
    hide(): void {
      record('BrowserWindow.hide', this.id)
      if (!this.visible) return
      this.visible = false
      if (focused === this.self()) {
        focused = null
        this.emit('blur')
      }
      this.emit('hide')
    }
    focus(): void {
      record('BrowserWindow.focus', this.id)
      // Focusing a hidden window shows it on Linux and Windows.
      if (!this.visible) this.show()
      else this.focusIt()
    }
    private focusIt(): void {
      const me = this.self()
      if (focused === me) return
      if (focused) focused.emit('blur')
      focused = me
      void this.webContents.page.bringToFront().catch(() => undefined)
      this.emit('focus')
    }
    private self(): BrowserWindowStandin {
      return byPage.get(this.webContents.page)?.win ?? this
    }
    isVisible(): boolean {
      return this.visible
    }
    isFocused(): boolean {
      return focused === this.self()
    }
    isMinimized(): boolean {
      return this.minimized
    }
    getBounds(): { x: number; y: number; width: number; height: number } {
      return this.maximized ? { ...DISPLAY.workArea } : { ...this.bounds }
    }
    getNormalBounds(): { x: number; y: number; width: number; height: number } {
      return { ...this.bounds }
    }
    setBounds(b: Partial<{ x: number; y: number; width: number; height: number }>): void {
      record('BrowserWindow.setBounds', b)
      const before = this.bounds
      this.bounds = { ...before, ...b }
      if (before.width !== this.bounds.width || before.height !== this.bounds.height) this.emit('resize')
      if (before.x !== this.bounds.x || before.y !== this.bounds.y) this.emit('move')
    }
    isMaximized(): boolean {
      return this.maximized
    }
    /** "This will also show (but not focus) the window if it isn't being displayed already." */
    maximize(): void {
      record('BrowserWindow.maximize', this.id)
      if (!this.maximized) {
        this.maximized = true
        this.emit('maximize')
      }
      if (!this.visible) {
        this.visible = true
        this.shownOnce = true
        this.emit('show')
      }
    }
    unmaximize(): void {
      record('BrowserWindow.unmaximize', this.id)
      if (!this.maximized) return
      this.maximized = false
      this.emit('unmaximize')
    }
    minimize(): void {
      record('BrowserWindow.minimize', this.id)
      this.minimized = true
    }
    restore(): void {
      record('BrowserWindow.restore', this.id)
      this.minimized = false
      if (!this.visible) this.show()
    }
    isDestroyed(): boolean {
      return this.destroyed
    }
    /** Try to close the window: 'close' may be prevented (electronjs.org/docs/latest/api/browser-window). */
    close(): Promise<boolean> {
      record('BrowserWindow.close', this.id)
      if (this.destroyed) return Promise.resolve(true)
      const e = cancellable()
      this.emit('close', e)
      if (e.defaultPrevented) return Promise.resolve(false)
      return this.destroy().then(() => true)
    }
    async destroy(): Promise<void> {
      if (this.destroyed) return
      this.destroyed = true
      this.visible = false
      if (focused === this.self()) focused = null
      byPage.delete(this.webContents.page)
      await this.webContents.page.close().catch(() => undefined)
      this.webContents.__destroy()
      this.emit('closed')
      onWindowClosed()
    }
    __shownOnce(): boolean {
      return this.shownOnce
    }
  }

  /** Pages opened for windows about to be constructed (Chromium work is async, the constructor is not). */
  const pendingPages: Page[] = []

  function installWindow(win: BrowserWindowStandin, page: Page, preload: string | null): void {
    const wc = win.webContents
    const preloadScript = preload ? preloadInitScript(preload) : null
    if (preloadScript) void page.addInitScript({ content: preloadScript })
    page.on('domcontentloaded', () => {
      wc.emit('dom-ready', cancellable())
      // ready-to-show: "the renderer process has rendered the page for the first time", once per window.
      if (!win.__shownOnce() && !readyToShowSent.has(win)) {
        readyToShowSent.add(win)
        win.emit('ready-to-show', cancellable())
      }
    })
    page.on('load', () => {
      wc.__setLoading(false)
      wc.emit('did-finish-load', cancellable())
    })
    page.on('crash', () => {
      problems.push(`the renderer of window ${win.id} crashed`)
      wc.emit('render-process-gone', cancellable(), { reason: 'crashed', exitCode: 1 })
    })
    page.on('websocket', (ws) => webSockets.push(ws.url()))
    page.on('popup', (popup) => void popup.close())
  }
  const readyToShowSent = new WeakSet<BrowserWindowStandin>()

  /**
   * The built preload, run under Electron's sandbox rules in the window's top frame only (nodeIntegrationInSubFrames
   * is off). The bindings it talks through are taken off the page's global object before any page script runs.
   */
  function preloadInitScript(preloadPath: string): string {
    const preloadSource = readFileSync(preloadPath, 'utf8')
    const host = `(() => {
      const b = { invoke: window.__fwIpcInvoke, send: window.__fwIpcSend, next: window.__fwIpcNext, error: window.__fwPreloadError };
      for (const k of ['__fwIpcInvoke', '__fwIpcSend', '__fwIpcNext', '__fwPreloadError']) delete window[k];
      return {
        mainWorld: window,
        contextIsolation: true,
        preloadPath: ${JSON.stringify(preloadPath)},
        process: { platform: 'linux', type: 'renderer', sandboxed: true, contextIsolated: true, argv: [], env: {}, versions: { electron: ${JSON.stringify(ELECTRON_VERSION)} } },
        builtins: { setTimeout: setTimeout.bind(window), clearTimeout: clearTimeout.bind(window), setInterval: setInterval.bind(window), clearInterval: clearInterval.bind(window), structuredClone: structuredClone.bind(window), URL, URLSearchParams, console },
        ipc: {
          invoke: (channel, args) => b.invoke(channel, args).then((r) => (r.ok && typeof r.json === 'string' ? { ok: true, value: JSON.parse(r.json) } : r)),
          send: (channel, args) => { void b.send(channel, args) },
          preloadError: (path, error) => { void b.error(path, error) },
          listen: (deliver) => {
            const loop = () => b.next().then((got) => { const batch = typeof got === 'string' ? JSON.parse(got) : got; for (const [c, a] of batch) deliver(c, a); loop() }, () => undefined);
            loop();
          },
        },
      };
    })()`
    const script = sandboxedPreloadScript({ preloadPath, preloadSource, hostExpression: host })
    return `if (window === window.top) {\n${script}\n} else {\n for (const k of ['__fwIpcInvoke', '__fwIpcSend', '__fwIpcNext', '__fwPreloadError']) delete window[k];\n}`
  }

  /** The bindings joining every window's ipcRenderer to ipcMain, with the sender facts Electron gives main. */
  async function installBindings(ctx: BrowserContext): Promise<void> {
    const partsOf = (page: Page) => {
      const p = byPage.get(page)
      if (!p) throw new Error('a page that is no window of the app called main')
      return p
    }
    const eventFor = (page: Page, frame: Frame, extra: Record<string, unknown> = {}) => {
      const { contents } = partsOf(page)
      return strict(
        {
          sender: contents,
          senderFrame: frameMain(frame),
          frameId: frame === page.mainFrame() ? 1 : 2,
          processId: 1,
          type: 'frame',
          ...extra,
        },
        'IpcMainEvent',
      )
    }
    await ctx.exposeBinding('__fwIpcInvoke', async (source, channel: string, args: unknown[]) => {
      const handler = invokeHandlers.get(channel)
      if (!handler) return { ok: false, error: `Error: No handler registered for '${channel}'` }
      try {
        const value = structuredClone(await handler(eventFor(source.page, source.frame), ...args))
        const json = jsonExact(value)
        return json === null ? { ok: true, value } : { ok: true, json }
      } catch (e) {
        return { ok: false, error: String(e) }
      }
    })
    await ctx.exposeBinding('__fwIpcSend', (source, channel: string, args: unknown[]) => {
      const event = eventFor(source.page, source.frame, { returnValue: undefined, reply: () => undefined })
      ipcEmitter.emit(channel, event, ...args)
    })
    await ctx.exposeBinding('__fwIpcNext', (source) => partsOf(source.page).contents.__next())
    await ctx.exposeBinding(
      '__fwPreloadError',
      (source, path: string, error: { message: string; stack: string | null }) => {
        const { contents } = partsOf(source.page)
        problems.push(`preload error in ${path}: ${error.message}`)
        const err = Object.assign(new Error(error.message), { stack: error.stack ?? undefined })
        contents.emit('preload-error', cancellable(), path, err)
      },
    )
  }

  /** Every request of a window: the app's protocol handlers answer custom schemes; session hooks see the rest. */
  async function installRouting(ctx: BrowserContext): Promise<void> {
    await ctx.route(
      () => true,
      async (route: Route) => {
        const req = route.request()
        const url = fromChromiumUrl(req.url())
        // will-navigate: a navigation of the top frame that the page starts (not loadURL) is asked first.
        let framePage: Page | null = null
        try {
          framePage = req.frame().page()
        } catch {
          // A popup's first request comes before its frame exists.
        }
        const parts = framePage ? byPage.get(framePage) : undefined
        // A new window (window.open, target=_blank): the opener's window open handler decides. The stand-in opens
        // no second windows, so the popup never loads and is closed; the app runs one window, the opener.
        if (req.isNavigationRequest() && !parts) {
          const windowsNow = [...byPage.values()]
          if (windowsNow.length !== 1)
            problems.push('a popup opened while the app had no single window to own it')
          else if (windowsNow[0]?.contents.__windowOpen(req.url()) === 'allow')
            problems.push('the app allowed a new window, which the stand-in does not model')
          return route.abort('blockedbyclient')
        }
        if (
          parts &&
          req.isNavigationRequest() &&
          req.frame() === parts.page.mainFrame() &&
          !parts.contents.isLoading()
        ) {
          const e = cancellable({ url, isMainFrame: true })
          parts.contents.emit('will-navigate', e, url)
          if (e.defaultPrevented) return route.abort('aborted')
        }
        const scheme = new URL(url).protocol.slice(0, -1)
        if (privileged.has(scheme)) {
          const handler = handlers.get(scheme)
          if (!handler) return route.abort('failed')
          const body = req.postDataBuffer()
          const request = new Request(url, {
            method: req.method(),
            // The headers the page sent (Playwright's provisional ones): a custom scheme's request never passes
            // Chromium's HTTP stack, which is where allHeaders() would add cookies and the like, and asking for them
            // costs a protocol round trip per file of the page.
            headers: req.headers(),
            ...(body && req.method() !== 'GET' && req.method() !== 'HEAD'
              ? { body: new Uint8Array(body) }
              : {}),
          })
          const response = await handler(request)
          const headers: Record<string, string> = {}
          response.headers.forEach((v, k) => (headers[k] = v))
          served.push({ url, status: response.status, headers })
          return route.fulfill({
            status: response.status,
            headers,
            body: Buffer.from(await response.arrayBuffer()),
          })
        }
        const listener = sessionFor('').__state.headersReceived
        if (!listener || (scheme !== 'http' && scheme !== 'https')) return route.continue()
        const response = await route.fetch()
        const responseHeaders: Record<string, string[]> = {}
        for (const { name, value } of response.headersArray()) (responseHeaders[name] ??= []).push(value)
        const decided = await new Promise<{
          cancel?: boolean
          responseHeaders?: Record<string, string | string[]>
        }>((resolve) =>
          listener({ url, method: req.method(), statusCode: response.status(), responseHeaders }, resolve),
        )
        if (decided.cancel) return route.abort('blockedbyclient')
        const out: Record<string, string> = {}
        for (const [k, v] of Object.entries(decided.responseHeaders ?? responseHeaders))
          out[k] = Array.isArray(v) ? v.join(', ') : v
        return route.fulfill({ response, headers: out })
      },
    )
  }

  function windowView(win: BrowserWindowStandin, page: Page): StandinWindow {
    return {
      id: win.id,
      page,
      isVisible: () => win.isVisible(),
      isDestroyed: () => win.isDestroyed(),
      isFocused: () => win.isFocused(),
      userClose: () => win.close().then(() => undefined),
      sent: win.webContents.sent,
    }
  }

  // --- app ----------------------------------------------------------------------------------------------------------
  const APP_EVENTS = [
    'will-finish-launching',
    'ready',
    'window-all-closed',
    'before-quit',
    'will-quit',
    'quit',
    'activate',
    'second-instance',
    'web-contents-created',
    'browser-window-created',
    'browser-window-focus',
    'browser-window-blur',
  ] as const
  let resolveReady: () => void = () => undefined
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve))
  let quitting = false
  let singleInstance = false
  const locks = lockRegistry()

  class App extends StrictEmitter {
    readonly commandLine = strict(
      {
        appendSwitch: (name: string, value?: string) => record('app.commandLine.appendSwitch', name, value),
        hasSwitch: () => false,
        getSwitchValue: () => '',
      },
      'app.commandLine',
    )
    constructor() {
      super('app', APP_EVENTS)
    }
    get isPackaged() {
      return opts.packaged
    }
    whenReady(): Promise<void> {
      return readyPromise
    }
    isReady(): boolean {
      return ready
    }
    getName(): string {
      return pkg.productName ?? pkg.name
    }
    getVersion(): string {
      return pkg.version
    }
    getAppPath(): string {
      return opts.appPath
    }
    getPath(name: string): string {
      if (name === 'logs') return logsPath ?? join(this.getPath('userData'), 'logs')
      if (name === 'sessionData') return paths.get('sessionData') ?? this.getPath('userData')
      const p = paths.get(name)
      if (p === undefined) throw new Error(`Failed to get '${name}' path`)
      return p
    }
    setPath(name: string, path: string): void {
      record('app.setPath', name, path)
      if (!paths.has(name) && name !== 'sessionData' && name !== 'logs')
        throw new Error(`Failed to set path '${name}'`)
      paths.set(name, path)
    }
    setAppLogsPath(path?: string): void {
      record('app.setAppLogsPath', path)
      logsPath = path ?? join(this.getPath('userData'), 'logs')
    }
    getLocale(): string {
      return 'en-US'
    }
    getSystemLocale(): string {
      return 'en-US'
    }
    getPreferredSystemLanguages(): string[] {
      return ['en-US']
    }
    setAppUserModelId(id: string): void {
      // Windows only; recorded so the test can see it was set.
      record('app.setAppUserModelId', id)
    }
    enableSandbox(): void {
      record('app.enableSandbox')
      if (ready) throw new Error('app.enableSandbox() can only be called before app is ready')
      sandboxEverywhere = true
    }
    requestSingleInstanceLock(additionalData?: unknown): boolean {
      record('app.requestSingleInstanceLock')
      const dir = this.getPath('userData')
      const holder = locks.get(dir)
      if (holder && holder !== control) {
        holder.secondInstance(opts.argv, process.cwd(), additionalData)
        return false
      }
      locks.set(dir, control)
      singleInstance = true
      return true
    }
    hasSingleInstanceLock(): boolean {
      return singleInstance
    }
    releaseSingleInstanceLock(): void {
      const dir = this.getPath('userData')
      if (locks.get(dir) === control) locks.delete(dir)
      singleInstance = false
    }
    /** "Try to close all windows. The before-quit event will be emitted first. If all windows are successfully
     * closed, the will-quit event will be emitted and by default the application will terminate." */
    quit(): void {
      record('app.quit')
      if (exited) return
      void doQuit()
    }
    exit(code = 0): void {
      record('app.exit', code)
      if (exited) return
      void finish(code)
    }
    relaunch(): void {
      throw new Error('electron stand-in: app.relaunch is not provided')
    }
    focus(): void {
      record('app.focus')
    }
  }
  const app = strict(new App(), 'app')

  const quitOrder: string[] = []
  async function doQuit(): Promise<void> {
    if (quitting) return
    quitting = true
    try {
      const before = cancellable()
      quitOrder.push('before-quit')
      app.emit('before-quit', before)
      if (before.defaultPrevented) return
      for (const w of [...byPage.values()].map((p) => p.win)) {
        const closed = await w.close()
        if (!closed) return
      }
      const will = cancellable()
      quitOrder.push('will-quit')
      app.emit('will-quit', will)
      if (will.defaultPrevented) return
      await finish(exitCode, true)
    } finally {
      quitting = false
    }
  }
  async function finish(code: number, emitQuit = false): Promise<void> {
    if (exited) return
    if (emitQuit) {
      quitOrder.push('quit')
      app.emit('quit', cancellable(), code)
    }
    exited = true
    exitCode = code
    const dir = paths.get('userData') as string
    if (locks.get(dir) === control) locks.delete(dir)
    for (const p of [...byPage.values()]) p.contents.__destroy()
    byPage.clear()
    await context?.close().catch(() => undefined)
    context = null
    registry().delete(opts.id)
    resolveExited(code)
  }
  function onWindowClosed(): void {
    if (byPage.size > 0 || quitting || exited) return
    // "If you do not subscribe to this event and all windows are closed, the default behavior is to quit the app"
    if (app.listenerCount('window-all-closed') === 0) app.quit()
    else app.emit('window-all-closed', cancellable())
  }

  // Windows need a page before their constructor returns: one is always prepared ahead.
  async function preparePage(): Promise<void> {
    if (!context) return
    const page = await context.newPage()
    pendingPages.push(page)
  }
  // The first page of the persistent context is taken by the first window; more are opened on demand.
  const windowFactory = new Proxy(BrowserWindowStandin, {
    construct(target, args: [WindowOptions?]) {
      const win = Reflect.construct(target, args) as BrowserWindowStandin
      app.emit('browser-window-created', cancellable(), win)
      app.emit('web-contents-created', cancellable(), win.webContents)
      void preparePage()
      return win
    },
    get(target, prop, receiver) {
      if (prop === 'getAllWindows') return () => [...byPage.values()].map((p) => p.win)
      if (prop === 'getFocusedWindow') return () => focused
      if (prop === 'fromWebContents')
        return (wc: unknown) => [...byPage.values()].find((p) => p.contents === wc)?.win ?? null
      if (typeof prop === 'symbol' || prop in target || prop === 'prototype')
        return Reflect.get(target, prop, receiver) as unknown
      throw new Error(`electron stand-in: BrowserWindow.${String(prop)} is not provided`)
    },
  })

  // --- Tray, Menu, nativeImage -----------------------------------------------------------------------------------
  class NativeImageStandin {
    constructor(readonly path: string | null) {}
    isEmpty(): boolean {
      return this.path === null || !existsSync(this.path)
    }
    getSize() {
      return { width: this.isEmpty() ? 0 : 16, height: this.isEmpty() ? 0 : 16 }
    }
    toPNG(): Buffer {
      return this.path && existsSync(this.path) ? readFileSync(this.path) : Buffer.alloc(0)
    }
  }
  const nativeImage = strict(
    {
      // "If the path does not exist … an empty image is returned" (electronjs.org/docs/latest/api/native-image): no throw.
      createFromPath: (path: string) => strict(new NativeImageStandin(path), 'NativeImage'),
      createEmpty: () => strict(new NativeImageStandin(null), 'NativeImage'),
    },
    'nativeImage',
  )
  const imagePath = (img: unknown): string | null => {
    if (typeof img === 'string') return img
    if (img instanceof NativeImageStandin) return img.path
    throw new Error('electron stand-in: an image must be a path or a nativeImage')
  }

  interface MenuTemplateItem {
    label?: string
    type?: string
    role?: string
    enabled?: boolean
    click?: (item: unknown, win: unknown, event: unknown) => void
    submenu?: MenuTemplateItem[] | MenuStandin
    [k: string]: unknown
  }
  class MenuStandin {
    readonly items: MenuTemplateItem[]
    constructor(template: MenuTemplateItem[]) {
      this.items = template
    }
    static buildFromTemplate(template: MenuTemplateItem[]): MenuStandin {
      for (const item of template) {
        if (item.click !== undefined && typeof item.click !== 'function')
          throw new TypeError('Invalid template for MenuItem: click must be a function')
        if (!item.label && !item.role && item.type !== 'separator' && !item.submenu)
          throw new TypeError('Invalid template for MenuItem: must have at least one of label, role or type')
      }
      return strict(new MenuStandin(template), 'Menu')
    }
    static setApplicationMenu(menu: MenuStandin | null): void {
      record('Menu.setApplicationMenu', menu === null ? null : describeMenu(menu))
      applicationMenu = menu
    }
    static getApplicationMenu(): MenuStandin | null {
      return applicationMenu
    }
  }
  let applicationMenu: MenuStandin | null = null
  const describeMenu = (menu: MenuStandin): RecordedMenuItem[] =>
    menu.items.map((item) => ({
      label: item.label,
      type: item.type ?? (item.submenu ? 'submenu' : 'normal'),
      role: item.role,
      enabled: item.enabled !== false,
      submenu: item.submenu
        ? describeMenu(item.submenu instanceof MenuStandin ? item.submenu : new MenuStandin(item.submenu))
        : null,
      click: () => {
        if (item.enabled === false) throw new Error(`menu item '${item.label ?? item.role}' is disabled`)
        if (!item.click) throw new Error(`menu item '${item.label ?? item.role}' has no click handler`)
        item.click(item, focused, { triggeredByAccelerator: false })
      },
    }))

  let tray: TrayStandin | null = null
  /** Where the stand-in's tray icon sits: in the 40 px panel below the display's work area. */
  const TRAY_BOUNDS = { x: 1880, y: 1052, width: 16, height: 16 }
  class TrayStandin extends StrictEmitter {
    image: string | null
    tooltip = ''
    title = ''
    menu: MenuStandin | null = null
    destroyed = false
    constructor(image: unknown) {
      super('Tray', ['click', 'right-click', 'double-click', 'balloon-click'])
      alive('new Tray')
      if (!ready) throw new Error('electron stand-in: a Tray can only be created once the app is ready')
      this.image = imagePath(image)
      record('new Tray', this.image)
    }
    setImage(image: unknown): void {
      alive('Tray.setImage')
      this.image = imagePath(image)
      record('Tray.setImage', this.image)
    }
    setToolTip(text: string): void {
      alive('Tray.setToolTip')
      this.tooltip = text
      record('Tray.setToolTip', text)
    }
    setTitle(title: string): void {
      alive('Tray.setTitle')
      this.title = title
      record('Tray.setTitle', title)
    }
    setContextMenu(menu: MenuStandin | null): void {
      alive('Tray.setContextMenu')
      this.menu = menu
      record('Tray.setContextMenu', menu ? describeMenu(menu) : null)
    }
    destroy(): void {
      record('Tray.destroy')
      this.destroyed = true
    }
    isDestroyed(): boolean {
      return this.destroyed
    }
  }
  const TrayClass = new Proxy(TrayStandin, {
    construct: (target, args: [unknown]) => {
      const created = Reflect.construct(target, args) as TrayStandin
      tray = created
      return strict(created, 'Tray')
    },
  })

  // --- Notification ---------------------------------------------------------------------------------------------
  interface NotificationOptions {
    title?: string
    body?: string
    urgency?: string
    silent?: boolean
    timeoutType?: string
    icon?: unknown
    [k: string]: unknown
  }
  /** The values Electron documents; anything else it ignores, which the stand-in reports as a problem. */
  const NOTIFICATION_VALUES: Record<string, readonly string[]> = {
    urgency: ['normal', 'critical', 'low'],
    timeoutType: ['default', 'never'],
  }
  /**
   * Electron's Notification (electronjs.org/docs/latest/api/notification) as Linux has it: the options and instance
   * properties, show() (a second show() replaces the one on screen), close(), and 'show' / 'click' / 'close'
   * events. The notification daemon is the test: it records what would be on screen and clicks or dismisses it.
   * 'close' comes only from the user's dismissal (the docs do not promise it otherwise), and 'failed', 'reply' and
   * 'action' are macOS / Windows events that never come here.
   */
  class NotificationStandin extends StrictEmitter {
    static isSupported(): boolean {
      return true
    }
    title: string
    body: string
    silent: boolean
    urgency: string
    timeoutType: string
    private readonly icon: unknown
    private current: { closed: boolean } | null = null
    constructor(options: NotificationOptions = {}) {
      super('Notification', ['show', 'click', 'close', 'failed', 'reply', 'action'])
      alive('new Notification')
      if (!ready) throw new Error('electron stand-in: notifications need the app to be ready')
      const allowed = [
        'title',
        'subtitle',
        'body',
        'silent',
        'icon',
        'urgency',
        'timeoutType',
        'closeButtonText',
      ]
      for (const k of Object.keys(options))
        if (!allowed.includes(k))
          throw new Error(`electron stand-in: Notification option '${k}' is not provided`)
      for (const [k, values] of Object.entries(NOTIFICATION_VALUES)) {
        const v = options[k]
        if (v !== undefined && !values.includes(String(v)))
          problems.push(
            `Notification ${k} '${String(v)}' is not one of ${values.join(', ')}: Electron ignores it`,
          )
      }
      this.title = options.title ?? ''
      this.body = options.body ?? ''
      this.silent = options.silent ?? false
      // "Default is 'low'" (the urgency property, Linux).
      this.urgency = options.urgency ?? 'low'
      this.timeoutType = options.timeoutType ?? 'default'
      this.icon = options.icon
    }
    show(): void {
      alive('Notification.show')
      // "If the notification has been shown before, this method will dismiss the previously shown notification
      // and create a new one with identical properties."
      if (this.current) this.current.closed = true
      const shownNow = { closed: false }
      this.current = shownNow
      const icon = this.icon === undefined ? undefined : (imagePath(this.icon) ?? undefined)
      const n: RecordedNotification = {
        title: this.title,
        body: this.body,
        urgency: this.urgency,
        silent: this.silent,
        timeoutType: this.timeoutType,
        icon,
        at: Date.now(),
        get onScreen() {
          return !shownNow.closed
        },
        click: () => {
          if (exited) throw new Error('the app has exited: nobody receives the click')
          if (shownNow.closed) throw new Error(`the notification '${n.title}' is no longer on screen`)
          this.emit('click', cancellable())
        },
        dismiss: () => {
          if (shownNow.closed) return
          shownNow.closed = true
          this.emit('close', cancellable())
        },
      }
      record('Notification.show', { title: n.title, body: n.body, urgency: n.urgency })
      notifications.push(n)
      this.emit('show', cancellable())
    }
    /** "Dismisses the notification." */
    close(): void {
      record('Notification.close', this.title)
      if (this.current) this.current.closed = true
    }
  }
  const NotificationClass = new Proxy(NotificationStandin, {
    construct: (target, args: [NotificationOptions?]) =>
      strict(Reflect.construct(target, args) as NotificationStandin, 'Notification'),
  })

  // --- powerMonitor, nativeTheme, shell, dialog -------------------------------------------------------------------
  /**
   * powerMonitor: "This module cannot be used until the ready event of the app module is emitted"
   * (electronjs.org/docs/latest/api/power-monitor). Its events come from the test (`control.power`), as the OS
   * sends them: 'suspend' before the machine sleeps, 'resume' when it wakes.
   */
  class PowerMonitorStandin extends StrictEmitter {
    override on(event: string | symbol, listener: (...args: never[]) => void): this {
      if (!ready) throw new Error('electron stand-in: powerMonitor cannot be used before the app is ready')
      return super.on(event, listener)
    }
    override once(event: string | symbol, listener: (...args: never[]) => void): this {
      if (!ready) throw new Error('electron stand-in: powerMonitor cannot be used before the app is ready')
      return super.once(event, listener)
    }
    override off(event: string | symbol, listener: (...args: never[]) => void): this {
      record('powerMonitor.off', event)
      return super.off(event, listener as (...args: unknown[]) => void)
    }
    override removeListener(event: string | symbol, listener: (...args: never[]) => void): this {
      return this.off(event, listener)
    }
  }
  const powerMonitor = strict(
    new PowerMonitorStandin('powerMonitor', [
      'suspend',
      'resume',
      'lock-screen',
      'unlock-screen',
      'on-ac',
      'on-battery',
      'shutdown',
    ]),
    'powerMonitor',
  )
  const nativeTheme = strict(
    Object.assign(new StrictEmitter('nativeTheme', ['updated']), {
      shouldUseDarkColors: false,
      shouldUseHighContrastColors: false,
      themeSource: 'system' as 'system' | 'light' | 'dark',
    }),
    'nativeTheme',
  )
  const shell = strict(
    {
      openExternal(url: string): Promise<void> {
        alive('shell.openExternal')
        record('shell.openExternal', url)
        openedExternal.push(url)
        return Promise.resolve()
      },
      beep(): void {
        record('shell.beep')
      },
      openPath(path: string): Promise<string> {
        record('shell.openPath', path)
        return Promise.resolve('')
      },
      showItemInFolder(path: string): void {
        record('shell.showItemInFolder', path)
      },
    },
    'shell',
  )
  const dialog = strict(
    {
      showMessageBox(a: unknown, b?: unknown): Promise<{ response: number; checkboxChecked: boolean }> {
        const options = (b ?? a) as Record<string, unknown>
        record('dialog.showMessageBox', options)
        return Promise.resolve({ response: 0, checkboxChecked: false })
      },
      /**
       * "Resolve with an object containing: canceled — whether or not the dialog was canceled; filePath — if the
       * dialog is canceled, this will be an empty string." The user's answer is the test's
       * (`control.saveDialogAnswers`, in order); with none left the user cancels.
       */
      showSaveDialog(a: unknown, b?: unknown): Promise<{ canceled: boolean; filePath: string }> {
        const options = (b ?? a) as Record<string, unknown>
        record('dialog.showSaveDialog', options)
        const answer = saveDialogAnswers.shift() ?? null
        return Promise.resolve(
          answer === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: answer },
        )
      },
      showErrorBox(title: string, content: string): void {
        record('dialog.showErrorBox', title, content)
        problems.push(`error box: ${title}: ${content}`)
      },
    },
    'dialog',
  )

  // --- net ------------------------------------------------------------------------------------------------------
  interface NetRequestOptions {
    method?: string
    url: string
    session?: unknown
    redirect?: 'follow' | 'error' | 'manual'
    cache?: string
    [k: string]: unknown
  }
  const offlineError = () => new Error('net::ERR_INTERNET_DISCONNECTED')
  /**
   * Electron's ClientRequest over Node's http: the same events (response, redirect, error), redirects handed to
   * the app with redirect 'manual', and IncomingMessage's statusCode, rawHeaders and data/end/error/aborted.
   * Chromium's network stack itself (system proxy, PAC, the OS certificate store) is not reproduced.
   */
  class ClientRequestStandin extends StrictEmitter {
    private readonly headers: Record<string, string> = {}
    private readonly chunks: Buffer[] = []
    private req: NodeClientRequest | null = null
    private aborted = false
    constructor(private readonly o: NetRequestOptions) {
      super('ClientRequest', ['response', 'redirect', 'error', 'finish', 'abort', 'close', 'login'])
      if (!ready) throw new Error('net.request: the app is not ready yet')
      if (o.session !== undefined && ![...sessions.values()].includes(o.session as never))
        throw new Error('net.request: session must be an Electron session')
      if (o.redirect !== 'manual')
        throw new Error("electron stand-in: net.request models redirect: 'manual' only")
    }
    setHeader(name: string, value: string): void {
      this.headers[name] = value
    }
    write(chunk: string | Buffer): void {
      this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    }
    end(): void {
      if (!online) {
        setImmediate(() => this.emit('error', offlineError()))
        return
      }
      const u = new URL(this.o.url)
      const send = u.protocol === 'https:' ? httpsRequest : httpRequest
      const req = send(u, { method: this.o.method ?? 'GET', headers: this.headers })
      this.req = req
      req.on('response', (res) => {
        record('net.request answered', { url: this.o.url, status: res.statusCode, aborted: this.aborted })
        if (this.aborted) return
        const status = res.statusCode ?? 0
        if (status >= 300 && status < 400 && res.headers.location) {
          const headers: Record<string, string[]> = {}
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
            (headers[(res.rawHeaders[i] as string).toLowerCase()] ??= []).push(
              res.rawHeaders[i + 1] as string,
            )
          res.resume()
          this.emit(
            'redirect',
            status,
            this.o.method ?? 'GET',
            new URL(res.headers.location, u).href,
            headers,
          )
          return
        }
        this.emit('response', res)
      })
      req.on('error', (e) => {
        record('net.request failed', { url: this.o.url, error: e.message, aborted: this.aborted })
        if (!this.aborted) this.emit('error', e)
      })
      req.end(this.chunks.length > 0 ? Buffer.concat(this.chunks) : undefined)
    }
    abort(): void {
      record('net.request aborted', { url: this.o.url })
      if (this.aborted) return
      this.aborted = true
      this.req?.destroy()
      this.emit('abort')
    }
  }
  const net = strict(
    {
      request(options: NetRequestOptions | string) {
        alive('net.request')
        const o = typeof options === 'string' ? { url: options } : options
        record('net.request', { method: o.method ?? 'GET', url: o.url })
        return strict(new ClientRequestStandin(o), 'ClientRequest')
      },
      fetch(input: string | Request, init?: RequestInit): Promise<Response> {
        alive('net.fetch')
        if (!ready) throw new Error('net.fetch: the app is not ready yet')
        record('net.fetch', typeof input === 'string' ? input : input.url)
        if (!online) return Promise.reject(new TypeError('Failed to fetch', { cause: offlineError() }))
        return fetch(input, init)
      },
      // "The net API can be used only after the application emits the ready event. Trying to use the module
      // before the ready event will throw an error." (electronjs.org/docs/latest/api/net) The answer is what the
      // test set with control.setOnline: false is "a pretty strong indicator" of no network, as in Electron.
      isOnline(): boolean {
        if (!ready) throw new Error('net.isOnline: the app is not ready yet')
        return online
      },
      get online() {
        if (!ready) throw new Error('net.online: the app is not ready yet')
        return online
      },
    },
    'net',
  )

  // --- the module ---------------------------------------------------------------------------------------------------
  const provided: Record<string, unknown> = {
    app,
    BrowserWindow: windowFactory,
    dialog,
    ipcMain,
    Menu: MenuStandin,
    nativeImage,
    nativeTheme,
    net,
    Notification: NotificationClass,
    powerMonitor,
    protocol,
    screen: strict(
      {
        getAllDisplays: () => [structuredClone(DISPLAY)],
        getPrimaryDisplay: () => structuredClone(DISPLAY),
      },
      'screen',
    ),
    session,
    shell,
    Tray: TrayClass,
  }
  const ALL = [
    'autoUpdater',
    'BaseWindow',
    'BrowserView',
    'clipboard',
    'contentTracing',
    'crashReporter',
    'desktopCapturer',
    'globalShortcut',
    'inAppPurchase',
    'MenuItem',
    'MessageChannelMain',
    'netLog',
    'powerSaveBlocker',
    'pushNotifications',
    'safeStorage',
    'ShareMenu',
    'systemPreferences',
    'TouchBar',
    'utilityProcess',
    'View',
    'webContents',
    'WebContentsView',
    'webFrameMain',
  ]
  const electron: Record<string, unknown> = { ...provided }
  for (const name of ALL) electron[name] = missing(name)
  registry().set(opts.id, electron)

  const control: StandinControl & { quitOrder: string[] } = {
    electron,
    quitOrder,
    async boot() {
      // An app that quit before ready (the second instance) never gets a browser.
      if (exited) return
      // Chromium starts before 'ready', as Electron's browser process does.
      context = await chromium.launchPersistentContext(opts.chromiumProfile, {
        executablePath: opts.chromium.executablePath,
        args: opts.chromium.args,
        viewport: { width: 1360, height: 860 },
        // Electron's Chromium says nothing about automation; neither does ours to the page.
        bypassCSP: false,
      })
      await installBindings(context)
      await installRouting(context)
      const first = context.pages()[0] ?? (await context.newPage())
      pendingPages.push(first)
      app.emit('will-finish-launching')
      ready = true
      record('app ready')
      app.emit('ready', cancellable(), {})
      resolveReady()
    },
    exited: exitedPromise,
    calls,
    notifications,
    windows,
    async firstWindow() {
      const w = await firstWindowPromise
      return w
    },
    tray() {
      if (!tray) return null
      const t = tray
      return {
        image: t.image,
        tooltip: t.tooltip,
        title: t.title,
        menu: t.menu ? describeMenu(t.menu) : [],
        // 'click' (event: KeyboardEvent, bounds: Rectangle, position: Point), as on Windows and macOS; a Linux
        // app indicator may never send it (the menu is what every desktop shows).
        click: () =>
          t.emit(
            'click',
            cancellable({ altKey: false, shiftKey: false, ctrlKey: false, metaKey: false }),
            { ...TRAY_BOUNDS },
            { x: TRAY_BOUNDS.x + 8, y: TRAY_BOUNDS.y + 8 },
          ),
        destroyed: t.destroyed,
      }
    },
    applicationMenu() {
      return applicationMenu ? describeMenu(applicationMenu) : null
    },
    power(event) {
      record(`powerMonitor '${event}' (from the OS)`)
      powerMonitor.emit(event, cancellable())
    },
    async setOnline(value) {
      record(`network ${value ? 'online' : 'offline'} (from the OS)`)
      online = value
      await context?.setOffline(!value)
    },
    quit() {
      app.quit()
    },
    secondInstance(argv, cwd, data) {
      app.emit('second-instance', cancellable(), argv, cwd, data ?? null)
    },
    openedExternal,
    saveDialogAnswers,
    problems,
    webSockets,
    served,
  }
  return control
}

/** The Electron release whose behaviour the stand-in follows (package.json pins the real one). */
const ELECTRON_VERSION = '45'

/** Which running app holds the single-instance lock of a userData folder (this process's apps only). */
function lockRegistry(): Map<string, { secondInstance(argv: string[], cwd: string, data?: unknown): void }> {
  const key = Symbol.for('floorwalker.electron-standin.locks')
  const g = globalThis as unknown as Record<
    symbol,
    Map<string, { secondInstance(argv: string[], cwd: string, data?: unknown): void }> | undefined
  >
  return (g[key] ??= new Map())
}
