/**
 * How the renderer's files are served, in one place for both servers: the desktop app's `app://floorwalker/`
 * protocol handler (src-main/shell/app-protocol.ts) and the headless runner's `--serve` (src-main/headless/
 * web-bridge.ts). Chiefly the one Content-Security-Policy of the board, sent as a response header.
 */

/**
 * Who serves the page, which decides the one thing the policies differ in, `connect-src`:
 * - `desktop`: the app's protocol handler. Everything reaches main through the preload bridge, so the page opens
 *   no connection at all.
 * - `web`: the headless runner. The page talks to the WebSocket bridge of the server that served it ('self' covers
 *   ws: and wss: to the same host and port in CSP Level 3), and nothing else.
 * - `dev`: the electron-vite dev server, whose hot-reload socket is allowed as well (an unpackaged build only).
 */
export type RendererServer = { kind: 'desktop' } | { kind: 'web' } | { kind: 'dev'; url: string }

/**
 * The board's Content-Security-Policy: scripts only from the page's own origin, no eval, no plugins, no frames, no
 * forms, no workers. Styles allow inline because Vue binds style attributes and ECharts' tooltips set them.
 */
export function contentSecurityPolicy(server: RendererServer): string {
  let connect = "'none'"
  if (server.kind === 'web') connect = "'self'"
  if (server.kind === 'dev') {
    // The dev server's own host and port (an unparsable URL gets no socket).
    const dev = /^(https?):\/\/([^/?#\s]+)/i.exec(server.url)
    const hmr = dev ? ` ${dev[1]?.toLowerCase() === 'https' ? 'wss' : 'ws'}://${dev[2]}` : ''
    connect = `'self'${hmr}`
  }
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "media-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "worker-src 'none'",
  ].join('; ')
}

/** Content types of the files the renderer build produces. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
}

export function contentTypeOf(path: string): string {
  const dot = path.lastIndexOf('.')
  return (dot >= 0 ? CONTENT_TYPES[path.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream'
}

/** The headers of one of the renderer's files (`path` names the file, for its type and caching). */
export function rendererResponseHeaders(path: string, server: RendererServer): Record<string, string> {
  return {
    'content-type': contentTypeOf(path),
    'content-security-policy': contentSecurityPolicy(server),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // The page itself must follow a new build at once; its assets carry a content hash in their names.
    'cache-control': path.endsWith('.html') ? 'no-cache' : 'public, max-age=3600',
  }
}
