/**
 * The security policy of the window, as pure functions (no electron import, so they are unit-tested under plain
 * Node): where our renderer lives, which URLs count as ours, the CSP, the webPreferences, and which links may
 * leave the app. window.ts and ipc.ts apply them.
 */

/** Where the renderer is loaded from: the built files, or the electron-vite dev server. */
export type RendererLocation = { kind: 'file'; indexUrl: string } | { kind: 'dev'; url: string }

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * Whether `url` is our renderer page: the exact index.html file (any query or hash: the router uses the hash),
 * or any page of the dev server's origin. Any other file on disk is not ours, even in the same folder.
 */
export function isAppUrl(url: string | null | undefined, location: RendererLocation): boolean {
  if (!url) return false
  const u = parse(url)
  if (!u) return false
  if (location.kind === 'file') {
    const index = parse(location.indexUrl)
    return index !== null && u.protocol === 'file:' && u.host === index.host && u.pathname === index.pathname
  }
  const dev = parse(location.url)
  return dev !== null && u.origin === dev.origin
}

/** Links the user may open in the system browser: https only (never file:, javascript:, custom schemes, http). */
export function isAllowedExternalUrl(url: string): boolean {
  const u = parse(url)
  return u !== null && u.protocol === 'https:' && u.hostname !== '' && u.username === '' && u.password === ''
}

/**
 * The Content-Security-Policy of the renderer. Everything reaches main through the preload bridge, so the page
 * needs no network at all: scripts only from our own files, no eval, no plugins, no frames, no forms.
 * Styles allow inline because Vue's scoped CSS in dev and ECharts' tooltips set style attributes.
 */
export function contentSecurityPolicy(location: RendererLocation): string {
  const connect = ["'self'"]
  if (location.kind === 'dev') {
    const dev = parse(location.url)
    // Vite's hot-reload socket.
    if (dev) connect.push(`${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`)
  }
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "media-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "worker-src 'none'",
  ].join('; ')
}

/** Responses that get our CSP header: the renderer's own documents, nothing else. */
export function needsCsp(url: string, location: RendererLocation): boolean {
  const u = parse(url)
  if (!u) return false
  if (location.kind === 'file') return u.protocol === 'file:'
  const dev = parse(location.url)
  return dev !== null && u.origin === dev.origin
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
