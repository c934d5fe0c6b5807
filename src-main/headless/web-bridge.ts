/**
 * `--serve`: the built renderer over HTTP(S) and the IPC contract over a WebSocket (`/bridge`), so the board runs
 * in any browser (TV wallboards, the browser e2e). Same channels, schemas and envelopes as the preload.
 *
 * Security (docs/ARCHITECTURE.md §7.4): the Host must be a name this runner serves (DNS rebinding), then a
 * WebSocket's Origin must be this server; a token, when set, is exchanged once for an HttpOnly SameSite=Strict
 * cookie and removed from the URL; clients without it read only where the operator allows it (`publicRead`); wrong
 * tokens are throttled per address. Robustness: every socket and server has an error handler, a bad client is
 * closed with a WebSocket close code and logged once, and each client's memory is bounded (message size, unsent
 * bytes, unanswered invokes), so no byte sequence a client sends can end or flood the runner.
 */
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { networkInterfaces } from 'node:os'
import { join, normalize, resolve, sep } from 'node:path'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
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
import {
  bearerToken,
  clearedCookie,
  constantTimeEqual,
  FailureThrottle,
  hostAllowed,
  LogBudget,
  originAllowed,
  rawResponse,
  readCookie,
  securityHeaders,
  servedHostNames,
  sessionCookie,
  sessionCookieName,
  sessionValue,
} from './web-guard'

export { originAllowed } from './web-guard'

/** What one client may cost, and how long a silent one is kept (docs/RELIABILITY.md, "Served board"). */
export interface BridgeLimits {
  /** Largest message from a client with the token (`config:import` carries up to 5 MB of text). */
  writerMessageBytes: number
  /** Largest message from a client without it (its biggest invoke, `history:get`, is under 100 KB). */
  readerMessageBytes: number
  /** Bytes waiting to go out to one client; a reader slower than this is dropped (close 1013). */
  maxBufferedBytes: number
  /** Invokes of one client still being answered; more are answered "too many" at once. */
  maxInFlight: number
  /** Open bridge connections in all; more are refused with 503. */
  maxClients: number
  /** A WebSocket that has not answered a ping within this long is gone (half-open) and is dropped. */
  heartbeatMs: number
  /** An HTTP request must have sent its headers within this long. */
  headersTimeoutMs: number
  /** A client closed for misbehaving is cut off if it has not finished the closing handshake within this long. */
  closeGraceMs: number
}

export const DEFAULT_LIMITS: BridgeLimits = {
  writerMessageBytes: 8 * 1024 * 1024,
  readerMessageBytes: 256 * 1024,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxInFlight: 16,
  maxClients: 256,
  heartbeatMs: 30_000,
  headersTimeoutMs: 10_000,
  closeGraceMs: 1_000,
}

export interface WebBridgeOptions {
  service: BridgeService
  host: string
  port: number
  /** Clients presenting this token may change things. Null: nobody may, and everybody may look (loopback only). */
  token: string | null
  /** With a token set: clients without it may look (read-only). Otherwise they are refused (401). */
  publicRead?: boolean
  /** Serve HTTPS and WSS with this certificate (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer } | null
  /** Host names besides the loopback names and the bind address that this board answers to (`--allow-host`). */
  allowHosts?: readonly string[]
  rendererDir: string
  version: string
  log: Logger
  limits?: Partial<BridgeLimits>
  /** The clock of the token throttle and the log budget (tests hand in their own). */
  now?: () => number
}

export interface WebBridge {
  url: string
  port: number
  /** Open bridge connections now. */
  clients(): number
  close(): Promise<void>
}

type Access =
  | { kind: 'write' }
  | { kind: 'read'; clearCookie: boolean }
  | { kind: 'refused'; status: 401 | 429; message: string; retryAfterS?: number; clearCookie: boolean }

const TEXT = 'text/plain; charset=utf-8'

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .map((i) => i?.address)
    .filter((a): a is string => typeof a === 'string')
}

/** Close codes (RFC 6455 §7.4.1) this bridge uses on its own account; ws itself sends 1002, 1007 and 1009. */
const CLOSE = { unsupported: 1003, badData: 1007, policy: 1008, tryLater: 1013 } as const

/** The close code ws sends for each of its frame errors, for the log line. */
const WS_ERROR_CLOSE: Record<string, number> = {
  WS_ERR_INVALID_UTF8: 1007,
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 1009,
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: 1009,
  WS_ERR_INVALID_CLOSE_CODE: 1002,
  WS_ERR_EXPECTED_MASK: 1002,
  WS_ERR_UNEXPECTED_MASK: 1002,
}

export async function startWebBridge(o: WebBridgeOptions): Promise<WebBridge> {
  const root = resolve(o.rendererDir)
  const limits: BridgeLimits = { ...DEFAULT_LIMITS, ...o.limits }
  const now = o.now ?? (() => Date.now())
  const tls = o.tls ?? null
  const secure = tls !== null
  const publicRead = o.token === null || o.publicRead === true
  const session = o.token === null ? null : sessionValue(o.token)
  const served = servedHostNames(o.host, o.allowHosts ?? [], interfaceAddresses())
  const throttle = new FailureThrottle({ now })
  const budget = new LogBudget(now)
  const headers = securityHeaders({ tls: secure })
  let cookieName = ''

  /** A warning, at most a few a minute per kind (a flood of bad clients is counted, not written line by line). */
  const warn = (kind: string, msg: string, fields: Record<string, unknown>) => {
    if (budget.take(kind, (k, n) => o.log.warn(`${n} more like "${k}" in the last minute, not shown`)))
      o.log.warn(msg, fields)
  }

  const address = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown'

  function access(req: IncomingMessage, urlToken: string | null): Access {
    if (o.token === null || session === null) return { kind: 'read', clearCookie: false }
    const from = address(req)
    const given = urlToken ?? bearerToken(req.headers.authorization)
    const cookie = readCookie(req.headers.cookie, cookieName)
    const wait = throttle.retryAfterMs(from)
    if (wait > 0 && (given !== null || cookie !== null)) {
      const s = Math.ceil(wait / 1000)
      return {
        kind: 'refused',
        status: 429,
        message: `Too many wrong tokens from this address: try again in ${s} s.`,
        retryAfterS: s,
        clearCookie: false,
      }
    }
    if (given !== null) {
      if (constantTimeEqual(given, o.token)) {
        throttle.success(from)
        return { kind: 'write' }
      }
      throttle.failure(from)
      warn('wrong token', 'refused a wrong board token', { from })
      return {
        kind: 'refused',
        status: 401,
        message: 'That access token is not this board’s. Ask whoever runs it for the current link.',
        clearCookie: false,
      }
    }
    let clearCookie = false
    if (cookie !== null) {
      if (constantTimeEqual(cookie, session)) {
        throttle.success(from)
        return { kind: 'write' }
      }
      // A cookie from before the token changed (or a guess): forget it; the client is as one without a token.
      throttle.failure(from)
      clearCookie = true
    }
    if (publicRead) return { kind: 'read', clearCookie }
    return {
      kind: 'refused',
      status: 401,
      message:
        'This board needs its access link (with the token). Ask whoever runs it for the link; the runner can also ' +
        'let anyone look with --public-read.',
      clearCookie,
    }
  }

  function plain(
    res: ServerResponse,
    status: number,
    body: string,
    extra: Record<string, string | string[]> = {},
  ): void {
    res.writeHead(status, { ...headers, 'cache-control': 'no-store', 'content-type': TEXT, ...extra })
    res.end(res.req.method === 'HEAD' ? undefined : body + '\n')
  }

  async function serveStatic(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    extra: Record<string, string | string[]>,
  ): Promise<void> {
    let rel: string
    try {
      rel = decodeURIComponent(pathname)
    } catch {
      plain(res, 400, 'Bad path.', extra)
      return
    }
    if (rel.includes('\0')) {
      plain(res, 400, 'Bad path.', extra)
      return
    }
    const target = normalize(join(root, rel))
    if (target !== root && !target.startsWith(root + sep)) {
      plain(res, 403, 'Forbidden.', extra)
      return
    }
    let file = target
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html')
      if (!(await stat(file)).isFile()) throw new Error('not a file')
    } catch {
      // Unknown paths get the app (hash routing keeps state in the fragment, but be forgiving).
      file = join(root, 'index.html')
    }
    try {
      await stat(file)
    } catch {
      plain(res, 503, `The board is not built: run "npm run build" first (looked in ${root}).`, extra)
      return
    }
    const h = { ...rendererResponseHeaders(file, { kind: 'web' }), ...headers, ...extra }
    if (file.endsWith('.html')) {
      // The page learns from this tag that it talks to this server's WebSocket bridge (not a preload).
      const html = markServedByWebBridge(await readFile(file, 'utf8'))
      res.writeHead(200, h)
      res.end(req.method === 'HEAD' ? undefined : html)
      return
    }
    res.writeHead(200, h)
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    const stream = createReadStream(file)
    stream.on('error', () => res.destroy())
    stream.pipe(res)
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    res.on('error', () => undefined)
    if (!hostAllowed(req.headers.host, served)) {
      warn('unknown host', 'refused a request for a host name this board does not serve', {
        host: String(req.headers.host ?? '').slice(0, 100),
        from: address(req),
      })
      plain(res, 421, 'This server does not answer to that host name (start it with --allow-host NAME).')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      plain(res, 405, 'Only GET and HEAD.', { allow: 'GET, HEAD' })
      return
    }
    const raw = req.url ?? '/'
    if (raw.length > 4096) {
      plain(res, 414, 'URL too long.')
      return
    }
    let url: URL
    try {
      // Origin-form only, and one leading slash: "//elsewhere/" must not become a redirect to another host.
      if (!raw.startsWith('/')) throw new Error('not a path')
      url = new URL(raw.replace(/^\/+/, '/'), 'http://x')
    } catch {
      plain(res, 400, 'Bad URL.')
      return
    }
    const urlToken = url.searchParams.get('token')
    const a = access(req, urlToken)
    const extra: Record<string, string | string[]> = {}
    if (a.kind !== 'write' && a.clearCookie) extra['set-cookie'] = clearedCookie(cookieName, secure)
    if (a.kind === 'refused') {
      if (a.retryAfterS !== undefined) extra['retry-after'] = String(a.retryAfterS)
      plain(res, a.status, a.message, extra)
      return
    }
    if (urlToken !== null) {
      // The token leaves the address bar (and history, and screenshots of it) at once: it becomes a cookie, and
      // the page is asked for again without it. The browser keeps the #fragment across the redirect.
      url.searchParams.delete('token')
      if (a.kind === 'write' && session !== null)
        extra['set-cookie'] = sessionCookie(cookieName, session, secure)
      plain(res, 303, 'See the board without the token in its address.', {
        ...extra,
        location: url.pathname + url.search,
      })
      return
    }
    void serveStatic(req, res, url.pathname, extra).catch((e: unknown) => {
      warn('static', 'serving a board file failed', { error: (e as Error).message })
      if (!res.headersSent) plain(res, 500, 'Could not read the board’s files.')
      else res.destroy()
    })
  }

  // How often Node looks for requests past their header/request timeouts (its default, 30 s, would let a
  // half-open request linger three times longer than the timeout says).
  const checking = { connectionsCheckingInterval: Math.max(50, Math.min(5_000, limits.headersTimeoutMs / 4)) }
  const server: Server = tls
    ? createHttpsServer({ ...checking, cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, onRequest)
    : createServer(checking, onRequest)
  server.headersTimeout = limits.headersTimeoutMs
  server.requestTimeout = limits.headersTimeoutMs * 3
  server.keepAliveTimeout = 5_000
  server.maxConnections = limits.maxClients * 4

  // Bytes that are not HTTP (garbage before an upgrade, oversized headers, a TLS hello to the plain port) end up
  // here: answered 400/431 with the usual headers where the socket still takes it, then closed.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    socket.on('error', () => undefined)
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') {
      warn('bad http', 'closed a connection that did not speak HTTP', { error: err.code ?? err.message })
    }
    if (socket.writable && !(socket as Socket).destroyed) {
      const overflow = err.code === 'HPE_HEADER_OVERFLOW'
      const timeout = err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      socket.end(
        overflow
          ? rawResponse(431, 'Request Header Fields Too Large', { tls: secure })
          : timeout
            ? rawResponse(408, 'Request Timeout', { tls: secure })
            : rawResponse(400, 'Bad Request', { tls: secure }),
      )
    }
    socket.destroy()
  })
  server.on('tlsClientError', (err: Error, socket: Duplex) => {
    warn('bad tls', 'closed a connection that failed the TLS handshake', { error: err.message.slice(0, 200) })
    socket.destroy()
  })
  server.on('error', (err: Error) => o.log.error('the board server failed', { error: err.message }))

  const wssOptions = { noServer: true, perMessageDeflate: false, clientTracking: false } as const
  const writers = new WebSocketServer({ ...wssOptions, maxPayload: limits.writerMessageBytes })
  const readers = new WebSocketServer({ ...wssOptions, maxPayload: limits.readerMessageBytes })
  for (const w of [writers, readers])
    w.on('error', (err) => o.log.error('the bridge failed', { error: err.message }))
  const sockets = new Set<WebSocket>()

  function refuse(socket: Duplex, status: number, reason: string, extra?: Record<string, string>): void {
    if (socket.writable) socket.end(rawResponse(status, reason, { tls: secure, extra }))
    socket.destroy()
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined)
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://x')
    } catch {
      refuse(socket, 400, 'Bad Request')
      return
    }
    const from = address(req)
    if (url.pathname !== BRIDGE_PATH) {
      refuse(socket, 404, 'Not Found')
      return
    }
    // The Host first: a page on rebind.example resolving to us sends Origin == Host, so Origin alone proves nothing.
    if (!hostAllowed(req.headers.host, served)) {
      warn('unknown host', 'refused a bridge connection for a host name this board does not serve', {
        host: String(req.headers.host ?? '').slice(0, 100),
        from,
      })
      refuse(socket, 421, 'Misdirected Request')
      return
    }
    if (!originAllowed(req.headers.origin, req.headers.host, secure)) {
      warn('foreign origin', 'refused a bridge connection from another origin', {
        origin: String(req.headers.origin ?? '').slice(0, 100),
        from,
      })
      refuse(socket, 403, 'Forbidden')
      return
    }
    if (sockets.size >= limits.maxClients) {
      warn('full', 'refused a bridge connection: too many open', { open: sockets.size })
      refuse(socket, 503, 'Service Unavailable', { 'retry-after': '10' })
      return
    }
    // The token travels in the cookie (browsers) or an Authorization header (scripts), never in this URL.
    const a = access(req, null)
    if (a.kind === 'refused') {
      const extra: Record<string, string> = {}
      if (a.retryAfterS !== undefined) extra['retry-after'] = String(a.retryAfterS)
      refuse(socket, a.status, a.status === 429 ? 'Too Many Requests' : 'Unauthorized', extra)
      return
    }
    const readOnly = a.kind === 'read'
    ;(readOnly ? readers : writers).handleUpgrade(req, socket, head, (ws) => attach(ws, readOnly, from))
  })

  /**
   * Every client gets every event: encode an event once for all of them, not once per client (50 boards were 50
   * `JSON.stringify` of every 2,000-agent patch, docs/BENCHMARKS.md "Fan-out"). The service calls its listeners
   * one after another for one emit, so the text is kept only until the next microtask: a payload object emitted
   * again later is encoded again.
   */
  let lastEvent: { event: string; payload: unknown; text: string } | null = null
  const encodeEvent = (event: string, payload: unknown): string => {
    if (lastEvent && lastEvent.event === event && lastEvent.payload === payload) return lastEvent.text
    const text = JSON.stringify({ t: 'event', event, payload } satisfies WireServerMessage)
    if (lastEvent === null) queueMicrotask(() => (lastEvent = null))
    lastEvent = { event, payload, text }
    return text
  }

  function attach(ws: WebSocket, readOnly: boolean, from: string): void {
    sockets.add(ws)
    let inFlight = 0
    let alive = true
    let reported = false
    /** One line per bad client, whatever it keeps sending. */
    const bad = (kind: string, code: number, reason: string, fields: Record<string, unknown> = {}) => {
      if (!reported) warn(kind, `closed a bridge client: ${reason}`, { from, code, ...fields })
      reported = true
      close(code, reason)
      // Read nothing more from a client that sent garbage: what it keeps sending stays in its own buffers, not
      // ours. (A slow reader may still send the closing handshake's answer.)
      if (code !== CLOSE.tryLater) ws.pause()
    }
    let killTimer: ReturnType<typeof setTimeout> | null = null
    const close = (code: number, reason: string) => {
      if (ws.readyState === ws.CLOSED) return
      if (ws.readyState === ws.OPEN) ws.close(code, reason)
      // A client that does not complete the closing handshake (or cannot: its buffer is full) is cut off.
      killTimer ??= setTimeout(() => ws.terminate(), limits.closeGraceMs)
      killTimer.unref()
    }
    const send = (m: WireServerMessage) => sendText(JSON.stringify(m))
    const sendText = (text: string) => {
      if (ws.readyState !== ws.OPEN) return
      if (ws.bufferedAmount > limits.maxBufferedBytes) {
        // The close frame queues behind what is unsent; the timer in close() cuts the client off if it never
        // gets there, so the buffer is held at most that long.
        bad('slow reader', CLOSE.tryLater, 'too slow: it does not read what it is sent', {
          unsentBytes: ws.bufferedAmount,
        })
        return
      }
      ws.send(text, (err) => {
        if (err) ws.terminate()
      })
    }
    ws.on('error', (err: Error & { code?: string }) => {
      // ws has already sent the close code that fits (1002 protocol, 1007 bad UTF-8, 1009 too big); without this
      // listener the error would end the process.
      const code = WS_ERROR_CLOSE[err.code ?? ''] ?? 1002
      bad('protocol', code, 'broken WebSocket frames', { error: err.code ?? err.message.slice(0, 200) })
    })
    ws.on('pong', () => {
      alive = true
    })
    const heartbeat = setInterval(() => {
      if (!alive) {
        warn('half-open', 'dropped a bridge client that stopped answering', { from })
        ws.terminate()
        return
      }
      alive = false
      try {
        ws.ping()
      } catch {
        ws.terminate()
      }
    }, limits.heartbeatMs)
    heartbeat.unref()

    send({ t: 'hello', readOnly, version: o.version })
    const off = o.service.onEvent((event, payload) => {
      if (isEventName(event)) sendText(encodeEvent(event, payload))
    })
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (reported) return
      if (isBinary) {
        bad('binary', CLOSE.unsupported, 'binary frames are not part of the bridge')
        return
      }
      let msg: Partial<WireInvoke> | null
      try {
        msg = JSON.parse(data.toString()) as Partial<WireInvoke> | null
      } catch {
        bad('not json', CLOSE.badData, 'a message that is not JSON')
        return
      }
      if (
        typeof msg !== 'object' ||
        msg === null ||
        msg.t !== 'invoke' ||
        typeof msg.id !== 'number' ||
        !Number.isSafeInteger(msg.id)
      ) {
        bad('not invoke', CLOSE.policy, 'a message that is not an invoke')
        return
      }
      const id = msg.id
      if (typeof msg.channel !== 'string' || !isInvokeChannel(msg.channel)) {
        const name = typeof msg.channel === 'string' ? msg.channel.slice(0, 64) : typeof msg.channel
        send({
          t: 'result',
          id,
          envelope: { ok: false, error: { code: 'bad_request', message: `unknown channel "${name}"` } },
        })
        return
      }
      if (inFlight >= limits.maxInFlight) {
        send({
          t: 'result',
          id,
          envelope: {
            ok: false,
            error: {
              code: 'bad_request',
              message: `too many requests at once (at most ${limits.maxInFlight} unanswered)`,
            },
          },
        })
        return
      }
      const parsed = parseInvokeArgs(msg.channel, msg.args)
      if (!parsed.ok) {
        send({ t: 'result', id, envelope: { ok: false, error: parsed.error } })
        return
      }
      inFlight += 1
      void o.service
        .invoke(msg.channel, parsed.args, { shell: 'web', readOnly })
        .then(
          (envelope) => send({ t: 'result', id, envelope }),
          (e: unknown) =>
            send({
              t: 'result',
              id,
              envelope: { ok: false, error: { code: 'internal', message: (e as Error).message } },
            }),
        )
        .finally(() => {
          inFlight -= 1
        })
    })
    ws.on('close', () => {
      clearInterval(heartbeat)
      if (killTimer) clearTimeout(killTimer)
      off()
      sockets.delete(ws)
    })
  }

  await new Promise<void>((res, rej) => {
    server.once('error', rej)
    server.listen(o.port, o.host, () => {
      server.off('error', rej)
      res()
    })
  })
  const port = (server.address() as AddressInfo).port
  cookieName = sessionCookieName(port, secure)
  const hostInUrl = o.host.includes(':') ? `[${o.host}]` : o.host
  return {
    url: `${secure ? 'https' : 'http'}://${hostInUrl}:${port}/`,
    port,
    clients: () => sockets.size,
    close: () =>
      new Promise<void>((res) => {
        for (const s of sockets) s.terminate()
        writers.close()
        readers.close()
        server.closeAllConnections()
        server.close(() => res())
      }),
  }
}
