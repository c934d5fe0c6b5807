/**
 * The shared kit under every vendor sandbox server (docs/ARCHITECTURE.md §6.3): a loopback HTTP server that
 * serves one vendor's API from the simulator, with fault switches tests and the e2e turn on and off. Vendor
 * formats, auth and quirks live in each provider's own `sandbox.ts`; this file only knows HTTP.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { gzipSync } from 'node:zlib'
import type { Clock, Disposer } from '../ports'

export interface SandboxRequest {
  method: string
  /** Path without the query string, e.g. `/api/rtstats/stats/agents.json`. */
  path: string
  query: URLSearchParams
  /** Lower-case header names. */
  headers: Record<string, string | undefined>
  body: string
  /** The origin the client used, e.g. `http://127.0.0.1:40123` (for absolute `next` URLs). */
  origin: string
}

export interface SandboxReply {
  status: number
  headers?: Record<string, string | string[]>
  body?: string | Buffer
}

export interface SandboxFaults {
  /** Answer every vendor request with this status (e.g. 500, 503, 429) instead of data. */
  status: number | null
  /** Sent as Retry-After with a forced status. */
  retryAfter: string | null
  /** Delay every answer by this many ms (timeouts). */
  delayMs: number
  /** Answer 200 with a body that cannot be parsed. */
  malformed: boolean
  /** Only the next N vendor requests are affected; null = until cleared. */
  remaining: number | null
  /** Destroy the socket instead of answering (a connection reset). */
  reset: boolean
  /** Answer 200 with a body of this many bytes (past a vendor's size cap). */
  hugeBodyBytes: number
  /** Send a Date header this far from the sandbox clock (a vendor clock that is off), on every answer. */
  dateOffsetMs: number
  /** Answer every vendor request with a 302 back to itself (a redirect loop). */
  redirectLoop: boolean
  /** Answer every vendor request with a 302 to this origin (a redirect to another host), same path. */
  redirectTo: string | null
  /** Answer as usual but cut the body off halfway, after announcing its full length (a truncated answer). */
  truncated: boolean
  /** Answer 200 with a gzip body that inflates to this many bytes (a gzip bomb). */
  gzipBombBytes: number
  /** Answer 200 with an HTML page (a captive portal or a login page: the wrong content type). */
  htmlPage: boolean
  /** Answer 200 with an empty body under the vendor's own content type (an empty answer). */
  empty: boolean
}

export const NO_FAULTS: SandboxFaults = {
  status: null,
  retryAfter: null,
  delayMs: 0,
  malformed: false,
  remaining: null,
  reset: false,
  hugeBodyBytes: 0,
  dateOffsetMs: 0,
  redirectLoop: false,
  redirectTo: null,
  truncated: false,
  gzipBombBytes: 0,
  htmlPage: false,
  empty: false,
}

export interface SandboxLogEntry {
  /** epoch ms the request arrived (`at`) and was answered (`end`). */
  at: number
  end: number
  method: string
  path: string
  status: number
  /** The client's User-Agent (team pollers name themselves in it), or null. */
  agent: string | null
  /** Vendor requests in flight when this one arrived, itself included: 1 means it overlapped nothing. */
  inFlight: number
}

export interface SandboxServer {
  /** e.g. `http://127.0.0.1:40123` (no trailing slash). */
  origin: string
  port: number
  setFaults(f: Partial<SandboxFaults>): void
  clearFaults(): void
  /** Every vendor request answered, oldest first (control requests are not logged). */
  requests: SandboxLogEntry[]
  close(): Promise<void>
}

export type SandboxHandler = (req: SandboxRequest) => SandboxReply | Promise<SandboxReply>

export interface StartSandboxOptions {
  handle: SandboxHandler
  clock: Clock
  /** Default 127.0.0.1: sandboxes are for loopback only. */
  host?: string
  /** 0 = any free port. */
  port?: number
  /** The body a "malformed" fault answers with (vendor-shaped garbage). */
  malformedBody?: string
  malformedContentType?: string
  /**
   * HTTP upgrade requests (WebSocket handshakes), for vendors that push (Chronicall). Without it they are
   * handled exactly as before. Fault switches do not apply to upgrades.
   */
  onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimer(ms, resolve)
  })
}

/**
 * Start a sandbox server. Besides the vendor API it answers `POST /__sandbox/faults` (JSON body: partial
 * SandboxFaults; `{}` clears) and `GET /__sandbox/requests`, so a test in another process can drive it.
 */
export async function startSandboxServer(opts: StartSandboxOptions): Promise<SandboxServer> {
  let faults: SandboxFaults = { ...NO_FAULTS }
  const requests: SandboxLogEntry[] = []
  const timers = new Set<Disposer>()
  let inFlight = 0
  /** Compressed bombs by inflated size: compressing 64 MB for every request would cost seconds each. */
  const bombs = new Map<number, Buffer>()
  const bomb = (bytes: number): Buffer => {
    let b = bombs.get(bytes)
    if (!b) bombs.set(bytes, (b = gzipSync(Buffer.alloc(bytes, 0x20))))
    return b
  }

  const respond = (res: ServerResponse, reply: SandboxReply) => {
    res.statusCode = reply.status
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v)
    res.end(reply.body ?? '')
  }
  /** The whole length announced, half the body sent, then the socket cut. */
  const respondTruncated = (res: ServerResponse, reply: SandboxReply) => {
    const body = Buffer.from(reply.body ?? '')
    res.statusCode = reply.status
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v)
    res.setHeader('content-length', String(Math.max(body.length, 2)))
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy())
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const host = req.headers.host ?? `127.0.0.1:${(server.address() as AddressInfo).port}`
      const url = new URL(req.url ?? '/', `http://${host}`)
      const body = await readBody(req)
      if (url.pathname === '/__sandbox/faults' && req.method === 'POST') {
        try {
          const f = body.trim() ? (JSON.parse(body) as Partial<SandboxFaults>) : {}
          faults = Object.keys(f).length === 0 ? { ...NO_FAULTS } : { ...faults, ...f }
          respond(res, {
            status: 200,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(faults),
          })
        } catch (e) {
          respond(res, { status: 400, body: `bad faults JSON: ${(e as Error).message}` })
        }
        return
      }
      if (url.pathname === '/__sandbox/requests' && req.method === 'GET') {
        respond(res, {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(requests),
        })
        return
      }
      const arrived = opts.clock.now()
      inFlight += 1
      const overlapping = inFlight
      const active = faults
      if (active.remaining !== null) {
        faults = active.remaining <= 1 ? { ...NO_FAULTS } : { ...active, remaining: active.remaining - 1 }
      }
      if (active.delayMs > 0) await sleep(opts.clock, active.delayMs)
      if (active.reset) {
        inFlight -= 1
        req.socket.destroy()
        return
      }
      let reply: SandboxReply
      const vendorType = opts.malformedContentType ?? 'application/json'
      if (active.redirectLoop) {
        reply = { status: 302, headers: { location: url.pathname + url.search }, body: '' }
      } else if (active.redirectTo !== null) {
        reply = {
          status: 302,
          headers: { location: active.redirectTo + url.pathname + url.search },
          body: '',
        }
      } else if (active.gzipBombBytes > 0) {
        reply = {
          status: 200,
          headers: { 'content-type': vendorType, 'content-encoding': 'gzip' },
          body: bomb(active.gzipBombBytes),
        }
      } else if (active.htmlPage) {
        reply = {
          status: 200,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          body: '<!doctype html><html><head><title>Sign in</title></head><body><form>Wi-Fi login</form></body></html>',
        }
      } else if (active.empty) {
        reply = { status: 200, headers: { 'content-type': vendorType }, body: '' }
      } else if (active.hugeBodyBytes > 0) {
        reply = {
          status: 200,
          headers: { 'content-type': vendorType },
          body: ' '.repeat(active.hugeBodyBytes),
        }
      } else if (active.status !== null) {
        reply = {
          status: active.status,
          headers: active.retryAfter ? { 'retry-after': active.retryAfter } : {},
          body: `sandbox fault: ${active.status}`,
        }
      } else if (active.malformed) {
        reply = {
          status: 200,
          headers: { 'content-type': vendorType },
          body: opts.malformedBody ?? '{"results": [ {"broken":',
        }
      } else {
        const headers: Record<string, string | undefined> = {}
        for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v
        try {
          reply = await opts.handle({
            method: req.method ?? 'GET',
            path: url.pathname,
            query: url.searchParams,
            headers,
            body,
            origin: `http://${host}`,
          })
        } catch (e) {
          reply = { status: 500, body: `sandbox handler failed: ${(e as Error).message}` }
        }
      }
      inFlight -= 1
      requests.push({
        at: arrived,
        end: opts.clock.now(),
        method: req.method ?? 'GET',
        path: url.pathname,
        status: reply.status,
        agent: req.headers['user-agent'] ?? null,
        inFlight: overlapping,
      })
      if (requests.length > 10_000) requests.splice(0, requests.length - 10_000)
      // Real vendors send Date from their own clock: here the sandbox clock (a fake one in tests, never Node's own
      // wall-clock header), off by the fault's offset, unless the vendor's handler stamped its own.
      if (active.dateOffsetMs !== 0 || reply.headers?.['date'] === undefined) {
        reply = {
          ...reply,
          headers: { ...reply.headers, date: new Date(opts.clock.now() + active.dateOffsetMs).toUTCString() },
        }
      }
      if (res.destroyed) return
      if (active.truncated) respondTruncated(res, reply)
      else respond(res, reply)
    })()
  })
  // Keep-alive sockets would hold close() open; sandboxes are short-lived.
  server.keepAliveTimeout = 1000
  if (opts.onUpgrade) server.on('upgrade', opts.onUpgrade)

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const hostForUrl = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1'
  return {
    origin: `http://${hostForUrl.includes(':') ? `[${hostForUrl}]` : hostForUrl}:${port}`,
    port,
    requests,
    setFaults: (f) => {
      faults = { ...faults, ...f }
    },
    clearFaults: () => {
      faults = { ...NO_FAULTS }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const d of timers) d()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** HTTP Basic credentials from a request, or null. */
export function basicAuth(req: SandboxRequest): { user: string; password: string } | null {
  const h = req.headers['authorization']
  if (!h || !/^basic /i.test(h)) return null
  const decoded = Buffer.from(h.slice(6).trim(), 'base64').toString('utf8')
  const i = decoded.indexOf(':')
  if (i < 0) return null
  return { user: decoded.slice(0, i), password: decoded.slice(i + 1) }
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): SandboxReply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) }
}
