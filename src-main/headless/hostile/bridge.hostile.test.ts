/**
 * The served board against hostile clients (docs/RELIABILITY.md, "Served board"): raw sockets send each bad byte
 * sequence, a DNS-rebinding Host, wrong tokens, slow readers and floods of invokes; the bridge closes each bad
 * client with the right WebSocket close code, logs it once, keeps serving everybody else, and answers every status
 * with the security headers. In-process, with the bridge's own clock injected (no waiting on timers).
 */
import { execFileSync } from 'node:child_process'
import { request as httpsRequest } from 'node:https'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { WireServerMessage } from '../../../src-shared/ipc/wire'
import { contentSecurityPolicy } from '../../../src-shared/renderer-csp'
import type { BridgeService, EventListener } from '../../core/bridge/types'
import { memoryLogger } from '../../core/runtime/logger'
import { startWebBridge, type WebBridge, type WebBridgeOptions } from '../web-bridge'
import {
  closeCode,
  exchange,
  frame,
  messages,
  open,
  parseFrames,
  parseResponse,
  readAll,
  upgrade,
  upgradeRequest,
  type RawResponse,
} from './wire-kit'

const TOKEN = 'f3c9a1b7e2d84c6a9b0e5f7d'

function renderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fw-hostile-renderer-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>board</title>')
  writeFileSync(join(dir, 'app.js'), 'console.log(1)')
  return dir
}

interface Fake extends BridgeService {
  emit(event: 'live:patch', payload: unknown): void
}

/** A bridge service that answers every invoke with `payloadBytes` of text (or never, with `hang`). */
function fakeService(o: { payloadBytes?: number; hang?: boolean } = {}): Fake {
  const listeners = new Set<EventListener>()
  return {
    invoke: async (channel, _args, caller) => {
      if (o.hang) return new Promise(() => undefined)
      if (channel === 'polling:setPaused' && caller.readOnly)
        return { ok: false, error: { code: 'read_only', message: 'view only' } }
      return { ok: true, value: (o.payloadBytes ? 'x'.repeat(o.payloadBytes) : null) as never }
    },
    onEvent: (l) => {
      listeners.add(l)
      return () => {
        listeners.delete(l)
      }
    },
    emit: (event, payload) => {
      for (const l of listeners) l(event, payload as never)
    },
  }
}

let clock = 1_000_000
let bridge: WebBridge | null = null
let log = memoryLogger()

async function start(o: Partial<WebBridgeOptions> = {}): Promise<WebBridge> {
  log = memoryLogger()
  bridge = await startWebBridge({
    service: fakeService(),
    host: '127.0.0.1',
    port: 0,
    token: null,
    rendererDir: renderer(),
    version: 't',
    log,
    now: () => clock,
    ...o,
    limits: { closeGraceMs: 50, ...o.limits },
  })
  return bridge
}

afterEach(async () => {
  await bridge?.close()
  bridge = null
})

/** The server sends no more: its frames so far, once it closed the connection. */
async function framesUntilClosed(c: { received: () => Buffer; closed: Promise<void> }) {
  await c.closed
  return parseFrames(c.received())
}

/** The first message a bridge client gets. */
async function hello(c: { socket: { once(e: 'data', f: () => void): unknown }; received: () => Buffer }) {
  while (messages(parseFrames(c.received())).length === 0)
    await new Promise<void>((res) => c.socket.once('data', () => res()))
  return messages(parseFrames(c.received()))[0]
}

const warnings = (kind: RegExp) => log.lines.filter((l) => kind.test(l))

/** A plain GET with chosen headers, read raw (fetch would not let us send a foreign Host). */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET') {
  const h = { host: `127.0.0.1:${port}`, connection: 'close', ...headers }
  const lines = Object.entries(h).map(([k, v]) => `${k}: ${v}`)
  return exchange(port, `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`)
}

function expectSecurityHeaders(r: RawResponse, what: string): void {
  expect(r.headers['content-security-policy'], what).toBe(contentSecurityPolicy({ kind: 'web' }))
  expect(r.headers['x-content-type-options'], what).toBe('nosniff')
  expect(r.headers['referrer-policy'], what).toBe('no-referrer')
  expect(r.headers['x-frame-options'], what).toBe('DENY')
  expect(r.headers['cross-origin-opener-policy'], what).toBe('same-origin')
  expect(r.headers['cross-origin-resource-policy'], what).toBe('same-origin')
}

describe('bad byte sequences on the bridge', () => {
  const cases: { name: string; bytes: () => Buffer; code: number }[] = [
    { name: 'an unmasked frame', bytes: () => frame(1, 'null', { mask: false }), code: 1002 },
    { name: 'a frame of invalid UTF-8', bytes: () => frame(1, Buffer.from([0xc3, 0x28, 0xff])), code: 1007 },
    {
      name: 'a frame announcing 1 TB',
      bytes: () => frame(1, Buffer.alloc(0), { length: 1n << 40n }),
      code: 1009,
    },
    { name: 'a frame over the size limit', bytes: () => frame(1, 'x'.repeat(300 * 1024)), code: 1009 },
    { name: 'a reserved opcode', bytes: () => frame(3, 'x'), code: 1002 },
    { name: 'a binary frame', bytes: () => frame(2, Buffer.from([1, 2, 3])), code: 1003 },
    { name: 'text that is not JSON', bytes: () => frame(1, '{"t":"invoke",'), code: 1007 },
    { name: 'JSON that is not an invoke', bytes: () => frame(1, '[1,2,3]'), code: 1008 },
    { name: 'an invoke without a numeric id', bytes: () => frame(1, '{"t":"invoke","id":"1"}'), code: 1008 },
  ]

  for (const c of cases) {
    it(`closes a client that sends ${c.name} with ${c.code}, logs it once, and keeps serving`, async () => {
      const b = await start()
      const client = await upgrade(b.port)
      expect(client.response.status).toBe(101)
      // The same bad frame many times in one packet: one close, one log line.
      client.socket.write(Buffer.concat(Array.from({ length: 20 }, () => c.bytes())))
      const frames = await framesUntilClosed(client)
      expect(closeCode(frames)).toBe(c.code)
      expect(warnings(/closed a bridge client/)).toHaveLength(1)
      // Everybody else is still served.
      const page = await fetch(b.url)
      expect(page.status).toBe(200)
      const ok = await upgrade(b.port)
      expect(await hello(ok)).toMatchObject({ t: 'hello', readOnly: true })
      ok.socket.destroy()
    })
  }

  it('answers unknown channels and bad arguments, and keeps the connection', async () => {
    const b = await start()
    const client = await upgrade(b.port)
    client.socket.write(frame(1, JSON.stringify({ t: 'invoke', id: 1, channel: 'shell:exec', args: null })))
    client.socket.write(
      frame(1, JSON.stringify({ t: 'invoke', id: 2, channel: 'live:row', args: { key: 1 } })),
    )
    client.socket.write(frame(1, JSON.stringify({ t: 'invoke', id: 3, channel: 'live:get', args: null })))
    const results = () =>
      (messages(parseFrames(client.received())) as WireServerMessage[]).filter((m) => m.t === 'result')
    while (results().length < 3) await new Promise<void>((res) => client.socket.once('data', () => res()))
    const got = results()
    client.socket.destroy()
    expect(got.find((m) => m.t === 'result' && m.id === 1)).toMatchObject({
      envelope: { ok: false, error: { code: 'bad_request', message: 'unknown channel "shell:exec"' } },
    })
    expect(got.find((m) => m.t === 'result' && m.id === 2)).toMatchObject({
      envelope: { ok: false, error: { code: 'bad_request' } },
    })
    expect(got.find((m) => m.t === 'result' && m.id === 3)).toMatchObject({ envelope: { ok: true } })
    expect(warnings(/closed a bridge client/)).toHaveLength(0)
  })

  it('answers garbage before the upgrade with 400 and the security headers', async () => {
    const b = await start()
    const r = await exchange(
      b.port,
      Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]),
    )
    expect(r.status).toBe(400)
    expectSecurityHeaders(r, 'garbage')
    const big = await exchange(b.port, `GET / HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(40_000)}\r\n\r\n`)
    expect(big.status).toBe(431)
    expectSecurityHeaders(big, 'header overflow')
    expect((await fetch(b.url)).status).toBe(200)
  })

  it('drops a request that never finishes its headers (half-open), and a socket that stops answering pings', async () => {
    const b = await start({ limits: { headersTimeoutMs: 200, heartbeatMs: 100 } })
    const half = await open(b.port)
    const halfDone = readAll(half)
    half.write('GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n') // and never the blank line
    const answer = parseResponse((await halfDone).toString('latin1'))
    expect(answer.status).toBe(408)
    expectSecurityHeaders(answer, '408')
    // A WebSocket peer that vanished without a FIN never answers a ping: it is cut off, not kept forever.
    const silent = await upgrade(b.port)
    await silent.closed
    await expect.poll(() => b.clients()).toBe(0)
  })

  it('drops a slow reader with 1013 once its unsent bytes pass the cap', async () => {
    const service = fakeService({ payloadBytes: 64 * 1024 })
    const b = await start({ service, limits: { maxBufferedBytes: 256 * 1024, closeGraceMs: 30_000 } })
    const client = await upgrade(b.port)
    client.socket.pause() // reads nothing: the kernel buffers fill, then the bridge's
    const invoke = (id: number) =>
      frame(1, JSON.stringify({ t: 'invoke', id, channel: 'live:get', args: null }))
    let id = 0
    // Keep asking until the bridge gives up on us (bounded: 4,000 invokes of 64 KB answers is far past the cap).
    while (warnings(/too slow/).length === 0 && id < 4_000) {
      client.socket.write(Buffer.concat(Array.from({ length: 50 }, () => invoke(++id))))
      await new Promise<void>((r) => setImmediate(r))
    }
    expect(warnings(/too slow/)).toHaveLength(1)
    // Reading again, the client gets what was queued, then the close frame, and answers it as a client should.
    client.socket.on('data', () => {
      const code = closeCode(parseFrames(client.received()))
      if (code !== null) client.socket.end(frame(8, Buffer.from([code >> 8, code & 0xff])))
    })
    client.socket.resume()
    const frames = await framesUntilClosed(client)
    await expect.poll(() => b.clients()).toBe(0)
    expect(warnings(/too slow/)).toHaveLength(1)
    expect(closeCode(frames)).toBe(1013)
  })

  it('answers "too many" beyond the unanswered-invoke cap instead of queueing them', async () => {
    const b = await start({ service: fakeService({ hang: true }), limits: { maxInFlight: 4 } })
    const client = await upgrade(b.port)
    for (let id = 1; id <= 6; id++)
      client.socket.write(frame(1, JSON.stringify({ t: 'invoke', id, channel: 'live:get', args: null })))
    let got: WireServerMessage[] = []
    while (got.filter((m) => m.t === 'result').length < 2) {
      await new Promise<void>((r) => client.socket.once('data', () => r()))
      got = messages(parseFrames(client.received())) as WireServerMessage[]
    }
    expect(got.filter((m) => m.t === 'result').map((m) => m.t === 'result' && m.id)).toEqual([5, 6])
    expect(got.find((m) => m.t === 'result')).toMatchObject({
      envelope: { ok: false, error: { message: 'too many requests at once (at most 4 unanswered)' } },
    })
    client.socket.destroy()
  })

  it('refuses connections past the client cap with 503', async () => {
    const b = await start({ limits: { maxClients: 2 } })
    const one = await upgrade(b.port)
    const two = await upgrade(b.port)
    const three = await exchange(b.port, upgradeRequest(b.port))
    expect(three.status).toBe(503)
    expectSecurityHeaders(three, '503')
    one.socket.destroy()
    two.socket.destroy()
  })

  it('logs a flood of bad clients a few lines a minute, not one per client', async () => {
    const b = await start()
    for (let i = 0; i < 40; i++) {
      const c = await upgrade(b.port)
      c.socket.write(frame(1, 'not json'))
      await c.closed
    }
    expect(warnings(/closed a bridge client/)).toHaveLength(20)
    clock += 60_000
    const c = await upgrade(b.port)
    c.socket.write(frame(1, 'not json'))
    await c.closed
    expect(warnings(/20 more like "not json" in the last minute/)).toHaveLength(1)
  })
})

describe('DNS rebinding and origins', () => {
  it('refuses a foreign Host before looking at the Origin, for HTTP and the WebSocket', async () => {
    const b = await start()
    const page = await get(b.port, '/', { host: `rebind.example:${b.port}` })
    expect(page.status).toBe(421)
    expectSecurityHeaders(page, 'rebinding page')
    // The rebinding page's own Origin matches its Host: without the Host check this would pass.
    const ws = await exchange(
      b.port,
      upgradeRequest(b.port, { host: `rebind.example:${b.port}`, origin: `http://rebind.example:${b.port}` }),
    )
    expect(ws.status).toBe(421)
    expectSecurityHeaders(ws, 'rebinding socket')
    for (const host of ['localhost', '127.0.0.1', '127.0.0.2', '[::1]'])
      expect((await get(b.port, '/', { host: `${host}:${b.port}` })).status, host).toBe(200)
    expect((await get(b.port, '/', { host: '' })).status).toBe(421)
  })

  it('answers to names given with --allow-host', async () => {
    const b = await start({ allowHosts: ['board.corp.example'] })
    expect((await get(b.port, '/', { host: `board.corp.example:${b.port}` })).status).toBe(200)
    expect((await get(b.port, '/', { host: `BOARD.corp.example.:${b.port}` })).status).toBe(200)
    expect((await get(b.port, '/', { host: `evil.corp.example:${b.port}` })).status).toBe(421)
  })

  it('refuses a WebSocket from another origin with 403 and the headers', async () => {
    const b = await start()
    const r = await exchange(b.port, upgradeRequest(b.port, { origin: 'https://evil.example' }))
    expect(r.status).toBe(403)
    expectSecurityHeaders(r, 'foreign origin')
  })
})

describe('the token', () => {
  const opts = () => ({ token: TOKEN, publicRead: false })

  it('is exchanged once for an HttpOnly SameSite=Strict cookie and leaves the URL', async () => {
    const b = await start(opts())
    const r = await get(b.port, `/?x=1&token=${TOKEN}`)
    expect(r.status).toBe(303)
    expect(r.headers['location']).toBe('/?x=1')
    expectSecurityHeaders(r, '303')
    const cookie = r.headers['set-cookie'] ?? ''
    expect(cookie).toMatch(
      new RegExp(`^floorwalker_${b.port}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict`),
    )
    expect(cookie).not.toContain(TOKEN)
    const pair = cookie.split(';')[0] as string
    expect((await get(b.port, '/', { cookie: pair })).status).toBe(200)
    // The browser sends the cookie with the upgrade: the page's socket may change things.
    const ws = await upgrade(b.port, { cookie: `other=1; ${pair}` })
    expect(await hello(ws)).toMatchObject({ t: 'hello', readOnly: false })
    ws.socket.destroy()
    // "//elsewhere" is not a redirect to another host: it stays a path on this one.
    const sneaky = await get(b.port, `//evil.example/?token=${TOKEN}`)
    expect(sneaky.headers['location']).toBe('/evil.example/')
  })

  it('refuses clients without it unless --public-read, and reads only with it', async () => {
    const b = await start(opts())
    const page = await get(b.port, '/')
    expect(page.status).toBe(401)
    expectSecurityHeaders(page, '401')
    expect(page.body).toContain('needs its access link')
    expect((await exchange(b.port, upgradeRequest(b.port))).status).toBe(401)
    await bridge?.close()
    const pub = await start({ ...opts(), publicRead: true })
    expect((await get(pub.port, '/')).status).toBe(200)
    const ws = await upgrade(pub.port)
    expect(await hello(ws)).toMatchObject({ t: 'hello', readOnly: true })
    ws.socket.destroy()
    // A stale cookie (the token changed) is cleared, and the client reads like anyone else.
    const stale = await get(pub.port, '/', { cookie: `floorwalker_${pub.port}=stale` })
    expect(stale.status).toBe(200)
    expect(stale.headers['set-cookie']).toMatch(/Max-Age=0/)
  })

  it('throttles wrong tokens per address, exponentially, even against the right one', async () => {
    const b = await start(opts())
    const wrong = () => get(b.port, '/?token=wrong-wrong-wrong-wrong')
    const right = () => get(b.port, `/?token=${TOKEN}`)
    for (let i = 0; i < 3; i++) expect((await wrong()).status).toBe(401) // forgiven: typos
    expect((await wrong()).status).toBe(401) // the 4th locks the address for 1 s
    const locked = await right()
    expect(locked.status).toBe(429)
    expect(locked.headers['retry-after']).toBe('1')
    expectSecurityHeaders(locked, '429')
    expect(
      (await exchange(b.port, upgradeRequest(b.port, { authorization: `Bearer ${TOKEN}` }))).status,
    ).toBe(429)
    clock += 1_000
    expect((await wrong()).status).toBe(401) // the 5th: 2 s
    expect((await right()).headers['retry-after']).toBe('2')
    clock += 2_000
    expect((await wrong()).status).toBe(401) // the 6th: 4 s
    expect((await right()).headers['retry-after']).toBe('4')
    clock += 4_000
    expect((await right()).status).toBe(303) // the right token clears the slate
    expect((await wrong()).status).toBe(401)
    expect((await right()).status).toBe(303)
  })

  it('accepts Authorization: Bearer from scripts, never a token in the socket URL', async () => {
    const b = await start(opts())
    const ws = await upgrade(b.port, { authorization: `Bearer ${TOKEN}` })
    expect(await hello(ws)).toMatchObject({ readOnly: false })
    ws.socket.destroy()
    const viaUrl = await exchange(
      b.port,
      upgradeRequest(b.port, {}).replace('/bridge', `/bridge?token=${TOKEN}`),
    )
    expect(viaUrl.status).toBe(401)
  })
})

describe('security headers on every status', () => {
  it('sends them on 200, 303, 400, 401, 403, 404, 405, 414 and 421', async () => {
    const b = await start({ token: TOKEN, publicRead: true })
    const statuses: [number, Promise<RawResponse>][] = [
      [200, get(b.port, '/')],
      [200, get(b.port, '/app.js')],
      [303, get(b.port, `/?token=${TOKEN}`)],
      [400, get(b.port, '/%E0%A4%A')],
      [401, get(b.port, '/?token=nope-nope-nope-nope')],
      [403, get(b.port, '/..%2f..%2fetc%2fpasswd')],
      [404, exchange(b.port, upgradeRequest(b.port, {}, '/elsewhere'))],
      [405, get(b.port, '/', {}, 'POST')],
      [414, get(b.port, `/${'a'.repeat(5000)}`)],
      [421, get(b.port, '/', { host: 'rebind.example' })],
    ]
    for (const [status, pending] of statuses) {
      const r = await pending
      expect(r.status, r.head).toBe(status)
      expectSecurityHeaders(r, String(status))
      expect(r.headers['strict-transport-security']).toBeUndefined()
    }
    const page = await get(b.port, '/')
    expect(page.headers['cache-control']).toBe('no-cache')
    expect((await get(b.port, '/', {}, 'DELETE')).headers['allow']).toBe('GET, HEAD')
  })
})

describe('TLS', () => {
  it('serves HTTPS and WSS with a self-signed certificate, HSTS and a __Host- Secure cookie', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-hostile-tls-'))
    const cert = join(dir, 'cert.pem')
    const key = join(dir, 'key.pem')
    execFileSync('openssl', [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost'],
      ...['-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
    ])
    const ca = readFileSync(cert, 'utf8')
    const b = await start({ token: TOKEN, tls: { cert: ca, key: readFileSync(key, 'utf8') } })
    expect(b.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/)
    const res = await new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
      const req = httpsRequest(`${b.url}?token=${TOKEN}`, { ca }, (r) => {
        r.resume()
        resolve({ status: r.statusCode ?? 0, headers: r.headers })
      })
      req.on('error', reject)
      req.end()
    })
    expect(res.status).toBe(303)
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000')
    const cookie = String((res.headers['set-cookie'] as string[])[0])
    expect(cookie).toMatch(new RegExp(`^__Host-floorwalker_${b.port}=.*; Secure`))
    const ws = new WebSocket(`wss://localhost:${b.port}/bridge`, {
      ca,
      headers: { cookie: cookie.split(';')[0] as string },
      origin: `https://localhost:${b.port}`,
    })
    const hello = await new Promise<unknown>((resolve, reject) => {
      ws.once('message', (d) => resolve(JSON.parse(String(d))))
      ws.once('error', reject)
    })
    expect(hello).toMatchObject({ t: 'hello', readOnly: false })
    ws.close()
    // Plain HTTP to the TLS port is answered, not crashed on.
    const s = await open(b.port)
    const all = readAll(s)
    s.write('GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n')
    await all
    expect(warnings(/TLS handshake/).length).toBeGreaterThanOrEqual(1)
  })
})
