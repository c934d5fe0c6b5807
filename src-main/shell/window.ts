/**
 * The one window factory: sandboxed, context-isolated, no Node in the page, a strict CSP, and nothing may
 * navigate, open windows or ask for permissions. Links to https pages open in the system browser.
 */
import { BrowserWindow, session, shell, type Session, type WebContents } from 'electron'
import type { Disposer, Logger } from '../core/ports'
import { logRendererErrors } from './renderer-errors'
import type { WindowPlacement } from './window-state'
import {
  contentSecurityPolicy,
  isAllowedExternalUrl,
  isAppUrl,
  needsCsp,
  secureWebPreferences,
  type RendererLocation,
} from './policy'

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (`out/preload/index.cjs`). */
  preload: string
  location: RendererLocation
  /** Absolute path of the window icon (Linux / Windows). */
  icon: string
  log: Logger
  /** Asked when the user closes the window: true hides it to the tray instead (the app keeps watching). */
  hideOnClose: () => boolean
  /** Where it opens (window-state.ts: where it was left, on a display that exists); absent: the default size. */
  placement?: WindowPlacement
}

/** The size a first start opens at (smaller displays: the work area). */
export const DEFAULT_WINDOW_SIZE = { width: 1360, height: 860 }

/**
 * Open a link in the system browser if it is an https URL; anything else is dropped (and logged). `allowHttp`: a
 * vendor console link, which main has already built from the connection's template (an on-premises server may
 * answer on plain http).
 */
export function openExternalSafely(url: string, log: Logger, opts: { allowHttp?: boolean } = {}): void {
  if (!isAllowedExternalUrl(url, opts)) {
    log.warn('refused to open a link', { url: url.slice(0, 200) })
    return
  }
  void shell
    .openExternal(url)
    .catch((e: unknown) => log.warn('could not open a link', { error: (e as Error).message }))
}

/**
 * Session-wide rules: every permission request (camera, geolocation, notifications, clipboard, ...) denied — the
 * board needs none; desktop notifications come from main — and, for the dev server only, our CSP added to its
 * documents (the app's own protocol sends the CSP with every file).
 */
export function secureSession(location: RendererLocation, ses: Session = session.defaultSession): Disposer {
  const devCsp = location.kind === 'dev'
  if (devCsp) {
    const csp = contentSecurityPolicy(location)
    ses.webRequest.onHeadersReceived((details, callback) => {
      if (!needsCsp(details.url, location)) return callback({})
      const headers = { ...details.responseHeaders }
      for (const k of Object.keys(headers))
        if (k.toLowerCase() === 'content-security-policy') delete headers[k]
      callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } })
    })
  }
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  return () => {
    if (devCsp) ses.webRequest.onHeadersReceived(null)
    ses.setPermissionRequestHandler(null)
    ses.setPermissionCheckHandler(null)
  }
}

/** Navigation, redirects, new windows and webviews: denied; https links go to the system browser. */
export function guardWebContents(contents: WebContents, location: RendererLocation, log: Logger): void {
  const onNavigate = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url, location)) return
    event.preventDefault()
    log.warn('blocked a navigation away from the app', { url: url.slice(0, 200) })
    if (isAllowedExternalUrl(url)) openExternalSafely(url, log)
  }
  contents.on('will-navigate', (event) => onNavigate(event, event.url))
  contents.on('will-redirect', (event) => onNavigate(event, event.url))
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url, log)
    return { action: 'deny' }
  })
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const placement = opts.placement ?? { bounds: DEFAULT_WINDOW_SIZE, maximized: false }
  const win = new BrowserWindow({
    ...placement.bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Floorwalker',
    icon: opts.icon,
    backgroundColor: '#14171c',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(opts.preload),
  })
  guardWebContents(win.webContents, opts.location, opts.log)
  logRendererErrors(win.webContents, opts.log)
  win.once('ready-to-show', () => {
    // maximize() also shows the window; show() then focuses it.
    if (placement.maximized) win.maximize()
    win.show()
  })
  win.on('close', (event) => {
    if (!opts.hideOnClose()) return
    event.preventDefault()
    win.hide()
  })
  win.webContents.on('render-process-gone', (_e, details) => {
    opts.log.error('the renderer process ended', { reason: details.reason, exitCode: details.exitCode })
  })
  const load =
    opts.location.kind === 'dev' ? win.loadURL(opts.location.url) : win.loadURL(opts.location.indexUrl)
  load.catch((e: unknown) => opts.log.error('could not load the board', { error: (e as Error).message }))
  return win
}

/** Bring a window to the front (tray "Open board", a second app instance). */
export function showWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore()
  if (!win.isVisible()) win.show()
  win.focus()
}
