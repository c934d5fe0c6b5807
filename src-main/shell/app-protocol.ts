/**
 * The renderer's files from `app://floorwalker/` (Electron: protocol.registerSchemesAsPrivileged before ready, then
 * protocol.handle). Only the built renderer folder is reachable, only by GET/HEAD, and every file carries the
 * board's CSP and security headers (src-shared/renderer-csp.ts) as response headers.
 */
import { readFile } from 'node:fs/promises'
import { isAbsolute, relative, resolve } from 'node:path'
import { protocol } from 'electron'
import { rendererResponseHeaders } from '../../src-shared/renderer-csp'
import type { Disposer, Logger } from '../core/ports'
import { APP_HOST, APP_SCHEME } from './policy'

/**
 * Must run before the app is ready (Electron allows it once). standard: relative URLs, an origin and web storage;
 * secure: a secure context like https; supportFetchAPI and corsEnabled: module scripts (Vite's build is
 * `<script type="module" crossorigin>`) load like they do over https.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ])
}

function plain(status: number, text: string, path = '.txt'): Response {
  const headers = rendererResponseHeaders(path, { kind: 'desktop' })
  headers['content-type'] = 'text/plain; charset=utf-8'
  return new Response(text, { status, headers })
}

/** The answer to one request for `app://…` (pure apart from reading `root`; unit-tested under Node). */
export async function rendererResponse(request: Request, root: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed')
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return plain(400, 'bad URL')
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return plain(404, 'not found')
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return plain(400, 'bad path')
  }
  if (path === '/' || path === '') path = '/index.html'
  const file = resolve(root, `.${path}`)
  const rel = relative(root, file)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return plain(404, 'not found')
  let body: Buffer
  try {
    body = await readFile(file)
  } catch {
    return plain(404, 'not found')
  }
  const headers = rendererResponseHeaders(file, { kind: 'desktop' })
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers })
}

/** Serve `root` (out/renderer) on the app scheme; the disposer removes the handler. */
export function serveRendererFiles(root: string, log: Logger): Disposer {
  protocol.handle(APP_SCHEME, async (request) => {
    const response = await rendererResponse(request, root)
    if (response.status !== 200)
      log.warn('the page asked for a file it cannot have', {
        url: request.url.slice(0, 200),
        status: response.status,
      })
    return response
  })
  return () => protocol.unhandle(APP_SCHEME)
}
