/**
 * What every HttpClient adapter must do, as tests run against two real HTTP servers on loopback (two origins):
 * the headless runner's FetchHttpClient and the desktop app's NetHttpClient both run this table, so their
 * redirect handling, timeouts and headers stay the same.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import type { ServerResponse } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HttpClient, HttpResult } from '../ports'

export interface Seen {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: string
}

export interface ContractServer {
  origin: string
  seen: Seen[]
  close(): Promise<void>
}

/** 64 MB of zeros, gzipped once (about 64 KB): a compression bomb for the size caps. */
let bomb: Buffer | null = null
export function gzipBomb(): Buffer {
  bomb ??= gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 })
  return bomb
}

/** Write `total` bytes of "x" in 64 KB chunks, waiting for the socket to drain; stops when the client goes. */
export function streamBytes(res: ServerResponse, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 'x')
  let sent = 0
  const more = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length
      if (!res.write(chunk)) {
        res.once('drain', more)
        return
      }
    }
    if (!res.destroyed) res.end()
  }
  res.on('close', () => res.removeAllListeners('drain'))
  more()
}

/** A vendor-like server: fixed routes, and a record of every request it received. */
export async function startContractServer(): Promise<ContractServer> {
  const seen: Seen[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += String(d)))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x')
      seen.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, body })
      switch (url.pathname) {
        case '/hello':
          res.setHeader('set-cookie', ['sid=abc; Path=/; HttpOnly', 'lang=pl'])
          res.setHeader('x-multi', ['one', 'two'])
          res.setHeader('content-type', 'text/plain; charset=utf-8')
          res.end('\ufeffzażółć')
          return
        case '/gzip':
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
          res.end(gzipSync(JSON.stringify({ agents: 3 })))
          return
        case '/redirect': {
          const to = url.searchParams.get('to')
          res.writeHead(Number(url.searchParams.get('status') ?? 302), to === null ? {} : { location: to })
          res.end('moved')
          return
        }
        case '/loop':
          res.writeHead(302, { location: '/loop' }).end()
          return
        case '/big':
          res.writeHead(200, { 'content-type': 'application/json' })
          streamBytes(res, Number(url.searchParams.get('mb') ?? 1) * 1024 * 1024)
          return
        case '/declared':
          // Announces 100 MB and sends a little: refused on the header alone.
          res.writeHead(200, {
            'content-type': 'application/json',
            'content-length': String(100 * 1024 * 1024),
          })
          res.write('{')
          return
        case '/bomb':
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
          res.end(gzipBomb())
          return
        case '/hang':
          return // never answers
        default:
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ method: req.method, body }))
      }
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

function ok(r: HttpResult) {
  if (!r.ok) throw new Error(`expected a response, got ${r.code}: ${r.detail}`)
  return r.response
}

export function describeHttpClientContract(name: string, make: (userAgent: string) => HttpClient): void {
  describe(`${name}: the HttpClient contract`, () => {
    let a: ContractServer
    let b: ContractServer
    let http: HttpClient
    const credentials = { authorization: 'Bearer s3cret-token', cookie: 'sid=abc', 'x-api-key': 'k1' }

    beforeAll(async () => {
      a = await startContractServer()
      b = await startContractServer()
      http = make('Floorwalker/test')
    })
    afterAll(async () => {
      await a.close()
      await b.close()
    })
    const last = (s: ContractServer) => s.seen.at(-1) as Seen

    it('sends its user agent and returns status, lower-case headers, each Set-Cookie line and the text', async () => {
      const res = ok(await http.request({ url: `${a.origin}/hello`, timeoutMs: 5000 }))
      expect(res.status).toBe(200)
      expect(res.body).toBe('zażółć') // UTF-8, BOM dropped
      expect(res.headers['x-multi']).toBe('one, two')
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(res.setCookies).toEqual(['sid=abc; Path=/; HttpOnly', 'lang=pl'])
      expect(res.headers['set-cookie']).toBe('sid=abc; Path=/; HttpOnly\nlang=pl')
      expect(res.url).toBe(`${a.origin}/hello`)
      expect(last(a).headers['user-agent']).toBe('Floorwalker/test')
    })

    it("lets a request's own User-Agent win, whatever its case", async () => {
      await http.request({ url: `${a.origin}/echo`, headers: { 'User-Agent': 'custom' }, timeoutMs: 5000 })
      expect(last(a).headers['user-agent']).toBe('custom')
    })

    it('undoes gzip', async () => {
      const res = ok(await http.request({ url: `${a.origin}/gzip`, timeoutMs: 5000 }))
      expect(JSON.parse(res.body)).toEqual({ agents: 3 })
    })

    it('follows a redirect on the same origin with every header, and reports the final URL', async () => {
      const res = ok(
        await http.request({ url: `${a.origin}/redirect?to=../echo`, headers: credentials, timeoutMs: 5000 }),
      )
      expect(res.status).toBe(200)
      expect(res.url).toBe(`${a.origin}/echo`)
      expect(last(a)).toMatchObject({ path: '/echo', method: 'GET' })
      expect(last(a).headers).toMatchObject({ authorization: 'Bearer s3cret-token', cookie: 'sid=abc' })
    })

    it('never carries Authorization or Cookie to another origin', async () => {
      const to = encodeURIComponent(`${b.origin}/echo`)
      const res = ok(
        await http.request({ url: `${a.origin}/redirect?to=${to}`, headers: credentials, timeoutMs: 5000 }),
      )
      expect(res.url).toBe(`${b.origin}/echo`)
      const got = last(b).headers
      expect(got['authorization']).toBeUndefined()
      expect(got['cookie']).toBeUndefined()
      expect(got['x-api-key']).toBe('k1')
      expect(JSON.stringify(b.seen)).not.toContain('s3cret-token')
    })

    it('continues a POST as a body-less GET after 303 (and 302), and as a POST after 307', async () => {
      const post = (status: number) =>
        http.request({
          method: 'POST',
          url: `${a.origin}/redirect?status=${status}&to=/echo`,
          headers: { 'content-type': 'application/json' },
          body: '{"x":1}',
          timeoutMs: 5000,
        })
      for (const status of [303, 302]) {
        ok(await post(status))
        expect(last(a)).toMatchObject({ method: 'GET', path: '/echo', body: '' })
        expect(last(a).headers['content-type']).toBeUndefined()
      }
      ok(await post(307))
      expect(last(a)).toMatchObject({ method: 'POST', path: '/echo', body: '{"x":1}' })
      expect(last(a).headers['content-type']).toBe('application/json')
    })

    it('hands back a 3xx without a Location as it is', async () => {
      const res = ok(await http.request({ url: `${a.origin}/redirect?status=302`, timeoutMs: 5000 }))
      expect(res.status).toBe(302)
      expect(res.body).toBe('moved')
    })

    it("gives up after 20 redirects by default, or the policy's count, as a `redirect` failure", async () => {
      let before = a.seen.length
      const r = await http.request({ url: `${a.origin}/loop`, timeoutMs: 10_000 })
      expect(r).toEqual({
        ok: false,
        code: 'redirect',
        detail: 'more than 20 redirects (a redirect loop?), the last one to 127.0.0.1',
      })
      expect(a.seen.length - before).toBe(21)
      before = a.seen.length
      const five = await http.request({
        url: `${a.origin}/loop`,
        timeoutMs: 10_000,
        redirects: { max: 5, allowedHosts: [] },
      })
      expect(five).toMatchObject({ ok: false, code: 'redirect' })
      expect(a.seen.length - before).toBe(6)
    })

    it('follows a redirect to another host only when the policy allows that host', async () => {
      const other = b.origin.replace('127.0.0.1', 'localhost')
      const url = `${a.origin}/redirect?to=${encodeURIComponent(`${other}/echo`)}`
      const before = b.seen.length
      const refused = await http.request({ url, timeoutMs: 5000, redirects: { max: 5, allowedHosts: [] } })
      expect(refused).toEqual({
        ok: false,
        code: 'redirect',
        detail:
          'redirected to another host, localhost; data from there is not taken unless the connection allows that host (redirectHosts)',
      })
      expect(b.seen.length).toBe(before)
      const allowed = await http.request({
        url,
        timeoutMs: 5000,
        redirects: { max: 5, allowedHosts: ['localhost'] },
      })
      expect(ok(allowed).url).toBe(`${other}/echo`)
      // The same host on another port is the vendor's own host.
      const samePort = await http.request({
        url: `${a.origin}/redirect?to=${encodeURIComponent(`${b.origin}/echo`)}`,
        timeoutMs: 5000,
        redirects: { max: 5, allowedHosts: [] },
      })
      expect(samePort.ok).toBe(true)
    })

    it('stops reading past the size caps: a long body, an announced length, a gzip bomb', async () => {
      const limits = { maxBytes: 1024 * 1024, maxWireBytes: 1024 * 1024, owner: 'test' }
      expect(await http.request({ url: `${a.origin}/big?mb=50`, timeoutMs: 20_000, limits })).toEqual({
        ok: false,
        code: 'too_large',
        detail: expect.stringMatching(
          /^(compressed )?response larger than 1 MB \(limit for test\)$/,
        ) as string,
      })
      expect(await http.request({ url: `${a.origin}/declared`, timeoutMs: 5000, limits })).toEqual({
        ok: false,
        code: 'too_large',
        detail: 'compressed response larger than 1 MB (limit for test)',
      })
      expect(await http.request({ url: `${a.origin}/bomb`, timeoutMs: 20_000, limits })).toEqual({
        ok: false,
        code: 'too_large',
        detail: 'response larger than 1 MB (limit for test)',
      })
      // Under the caps the same routes read whole.
      const small = ok(
        await http.request({
          url: `${a.origin}/big?mb=1`,
          timeoutMs: 20_000,
          limits: { ...limits, maxBytes: 2 * 1024 * 1024, maxWireBytes: 2 * 1024 * 1024 },
        }),
      )
      expect(small.body.length).toBe(1024 * 1024)
    })

    it('times out as `timeout`, is cancelled as `aborted`, and a closed port is `network`', async () => {
      expect(await http.request({ url: `${a.origin}/hang`, timeoutMs: 200 })).toEqual({
        ok: false,
        code: 'timeout',
        detail: 'no answer within 200 ms',
      })
      const cancel = new AbortController()
      const pending = http.request({ url: `${a.origin}/hang`, timeoutMs: 10_000, signal: cancel.signal })
      cancel.abort()
      expect(await pending).toEqual({ ok: false, code: 'aborted', detail: 'cancelled' })
      const closed = await startContractServer()
      await closed.close()
      const refused = await http.request({ url: `${closed.origin}/echo`, timeoutMs: 5000 })
      expect(refused).toMatchObject({ ok: false, code: 'network' })
    })
  })
}
