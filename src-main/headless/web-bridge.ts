/**
 * `--serve`: the built renderer over HTTP and the IPC contract over a WebSocket (`/bridge`), so the board runs in
 * any browser (TV wallboards, the browser e2e). Same channels, schemas and envelopes as the preload.
 * Security: loopback by default; a token is required to bind anything else; without the token a client is
 * read-only; the WebSocket Origin must be this server's own (a web page elsewhere cannot drive it).
 */
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, normalize, resolve, sep } from 'node:path'
import { timingSafeEqual } from 'node:crypto'
import { WebSocketServer, type WebSocket } from 'ws'
import { isEventName, isInvokeChannel } from '../../src-shared/ipc/contract'
import { parseInvokeArgs } from '../../src-shared/ipc/schemas'
import {
  BRIDGE_PATH,
  markServedByWebBridge,
  type WireInvoke,
  type WireServerMessage,
} from '../../src-shared/ipc/wire'
import { rendererResponseHeaders } from '../../src-shared/renderer-csp'
import type { BridgeService } from '../core/bridge/types'
import type { Logger } from '../core/ports'

export interface WebBridgeOptions {
  service: BridgeService
  host: string
  port: number
  /** Clients presenting this token may change things; without one, every client is read-only. */
  token: string | null
  rendererDir: string
  version: string
  log: Logger
}

export interface WebBridge {
  url: string
  port: number
  close(): Promise<void>
}

function tokenMatches(expected: string | null, given: string | null): boolean {
  if (expected === null || given === null) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Is the WebSocket's Origin this server itself? Non-browser clients send none and are allowed. */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true
  if (!host) return false
  try {
    const o = new URL(origin)
    return o.host === host && (o.protocol === 'http:' || o.protocol === 'https:')
  } catch {
    return false
  }
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x')
  let rel: string
  try {
    rel = decodeURIComponent(url.pathname)
  } catch {
    res.writeHead(400).end('bad path')
    return
  }
  const target = normalize(join(root, rel))
  if (target !== root && !target.startsWith(root + sep)) {
    res.writeHead(403).end('forbidden')
    return
  }
  let file = target
  try {
    if (statSync(file).isDirectory()) file = join(file, 'index.html')
    statSync(file)
  } catch {
    // Unknown paths get the app (hash routing keeps state in the fragment, but be forgiving).
    file = join(root, 'index.html')
  }
  try {
    statSync(file)
  } catch {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
    res.end(`The board is not built: run "npm run build" first (looked in ${root}).`)
    return
  }
  const headers = rendererResponseHeaders(file, { kind: 'web' })
  if (file.endsWith('.html')) {
    // The page learns from this tag that it talks to this server's WebSocket bridge (not a preload).
    const html = markServedByWebBridge(readFileSync(file, 'utf8'))
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : html)
    return
  }
  res.writeHead(200, headers)
  if (req.method === 'HEAD') res.end()
  else createReadStream(file).pipe(res)
}

export async function startWebBridge(o: WebBridgeOptions): Promise<WebBridge> {
  const root = resolve(o.rendererDir)
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    serveStatic(root, req, res)
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 })
  const sockets = new Set<WebSocket>()

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname !== BRIDGE_PATH || !originAllowed(req.headers.origin, req.headers.host)) {
      o.log.warn('refused a bridge connection', { path: url.pathname, origin: req.headers.origin ?? null })
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n')
      socket.destroy()
      return
    }
    const readOnly = !tokenMatches(o.token, url.searchParams.get('token'))
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      const send = (m: WireServerMessage) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m))
      }
      send({ t: 'hello', readOnly, version: o.version })
      const off = o.service.onEvent((event, payload) => {
        if (isEventName(event)) send({ t: 'event', event, payload })
      })
      ws.on('message', (data) => {
        let msg: WireInvoke
        try {
          msg = JSON.parse(String(data)) as WireInvoke
        } catch {
          ws.close(1003, 'not JSON')
          return
        }
        if (msg?.t !== 'invoke' || typeof msg.id !== 'number') {
          ws.close(1003, 'unexpected message')
          return
        }
        if (!isInvokeChannel(msg.channel)) {
          send({
            t: 'result',
            id: msg.id,
            envelope: {
              ok: false,
              error: { code: 'bad_request', message: `unknown channel "${String(msg.channel)}"` },
            },
          })
          return
        }
        const parsed = parseInvokeArgs(msg.channel, msg.args)
        if (!parsed.ok) {
          send({ t: 'result', id: msg.id, envelope: { ok: false, error: parsed.error } })
          return
        }
        void o.service
          .invoke(msg.channel, parsed.args, { shell: 'web', readOnly })
          .then((envelope) => send({ t: 'result', id: msg.id, envelope }))
      })
      ws.on('close', () => {
        off()
        sockets.delete(ws)
      })
    })
  })

  await new Promise<void>((res, rej) => {
    server.once('error', rej)
    server.listen(o.port, o.host, () => res())
  })
  const port = (server.address() as AddressInfo).port
  const hostInUrl = o.host.includes(':') ? `[${o.host}]` : o.host
  return {
    url: `http://${hostInUrl}:${port}/`,
    port,
    close: () =>
      new Promise<void>((res) => {
        for (const s of sockets) s.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => res())
      }),
  }
}
