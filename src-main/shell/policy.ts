/**
 * The security policy of the window, as pure functions (no electron import, so they are unit-tested under plain
 * Node): where our renderer lives, which URLs count as ours, the CSP, the webPreferences, and which links may
 * leave the app. window.ts and ipc.ts apply them.
 */
import { contentSecurityPolicy as sharedContentSecurityPolicy } from '../../src-shared/renderer-csp'

/**
 * The renderer's own origin in the desktop app: a privileged custom scheme (src-main/shell/app-protocol.ts serves
 * out/renderer from it) instead of file://, so the page has a real origin ('self' in the CSP means our files and
 * nothing else on disk), a secure context, and one URL shape for the sender and navigation checks.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'floorwalker'
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/** Where the renderer is loaded from: our protocol (the built files), or the electron-vite dev server. */
export type RendererLocation = { kind: 'app'; indexUrl: string } | { kind: 'dev'; url: string }

export const APP_LOCATION = { kind: 'app', indexUrl: APP_INDEX_URL } as const satisfies RendererLocation

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * Whether `url` is a page of ours: anything on `app://floorwalker/` (the protocol handler serves our built files and
 * nothing else; the router uses the hash), or any page of the dev server's origin.
 */
export function isAppUrl(url: string | null | undefined, location: RendererLocation): boolean {
  if (!url) return false
  const u = parse(url)
  if (!u) return false
  if (location.kind === 'app') {
    // A custom scheme has no `origin` in the URL standard ("null"), so compare scheme and host.
    return (
      u.protocol === `${APP_SCHEME}:` &&
      u.host.toLowerCase() === APP_HOST &&
      u.username === '' &&
      u.password === ''
    )
  }
  const dev = parse(location.url)
  return dev !== null && u.origin === dev.origin
}

/** Links the user may open in the system browser: https only (never file:, javascript:, custom schemes, http). */
export function isAllowedExternalUrl(url: string, opts: { allowHttp?: boolean } = {}): boolean {
  const u = parse(url)
  const scheme =
    u !== null && (u.protocol === 'https:' || (opts.allowHttp === true && u.protocol === 'http:'))
  return u !== null && scheme && u.hostname !== '' && u.username === '' && u.password === ''
}

/** The renderer's Content-Security-Policy (one definition, src-shared/renderer-csp.ts). */
export function contentSecurityPolicy(location: RendererLocation): string {
  return sharedContentSecurityPolicy(location.kind === 'dev' ? location : { kind: 'desktop' })
}

/**
 * Responses that get our CSP through the session's header hook: the dev server's. The app's protocol handler sends
 * the CSP with every file itself.
 */
export function needsCsp(url: string, location: RendererLocation): boolean {
  if (location.kind === 'app') return false
  const u = parse(url)
  const dev = parse(location.url)
  return u !== null && dev !== null && u.origin === dev.origin
}

/** The webPreferences of every window we open (Electron security checklist). */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  } as const
}

/** The facts about an IPC sender that decide whether we trust it. */
export interface SenderFacts {
  /** The id of the webContents that sent the message. */
  webContentsId: number
  /** The URL of the frame that sent it, or null when the frame is gone (navigated or destroyed). */
  frameUrl: string | null
  /** Whether that frame is the top-level frame (not an iframe). */
  isMainFrame: boolean
}

/**
 * Only the main frame of our own window, showing our own page, may call main. Sub-frames, other windows and
 * pages that navigated elsewhere are refused (VS Code's and Fiddle's sender checks).
 */
export function isTrustedSender(
  sender: SenderFacts,
  expected: { webContentsId: number | null; location: RendererLocation },
): boolean {
  if (expected.webContentsId === null || sender.webContentsId !== expected.webContentsId) return false
  if (!sender.isMainFrame) return false
  return isAppUrl(sender.frameUrl, expected.location)
}
