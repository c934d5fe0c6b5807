/**
 * NetHttpClient runs the same HttpClient contract as the headless runner's FetchHttpClient. The Electron binary
 * cannot run here, so `net.request` is a stand-in over Node's http that follows Electron's documented ClientRequest
 * behaviour for what the adapter uses (electronjs.org/docs/api/client-request): `redirect: 'manual'` emits
 * 'redirect' (statusCode, method, redirectUrl, responseHeaders) and ends the request unless followed, 'response'
 * hands an IncomingMessage with `rawHeaders` and a decoded body, 'error' carries Chromium's net error name,
 * `abort()` stops everything. What only a desktop run can confirm: Chromium's own proxy, PAC and certificate
 * handling, and that it reports redirects exactly so.
 */
import { EventEmitter } from 'node:events'
import { request as httpRequest, type ClientRequest as NodeRequest } from 'node:http'
import { createGunzip } from 'node:zlib'
import type { ClientRequest, ClientRequestConstructorOptions, Session } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { describeHttpClientContract, startContractServer } from '../core/runtime/test-http-contract'
import { NetHttpClient } from './net-http-client'

vi.mock('electron', () => ({ net: {}, session: {} }))

const NET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'net::ERR_CONNECTION_REFUSED',
  ECONNRESET: 'net::ERR_CONNECTION_RESET',
  ENOTFOUND: 'net::ERR_NAME_NOT_RESOLVED',
}

interface StandInLog {
  options: ClientRequestConstructorOptions[]
}

/** Electron's ClientRequest, as far as NetHttpClient uses it, over Node's http (which never follows redirects). */
class StandInClientRequest extends EventEmitter {
  private readonly headers: Record<string, string> = {}
  private body = ''
  private node: NodeRequest | null = null
  private aborted = false

  constructor(private readonly options: ClientRequestConstructorOptions) {
    super()
  }

  setHeader(name: string, value: string): void {
    this.headers[name] = value
  }

  write(chunk: string): void {
    this.body += chunk
  }

  abort(): void {
    if (this.aborted) return
    this.aborted = true
    this.node?.destroy()
    process.nextTick(() => this.emit('abort'))
  }

  end(): void {
    const url = new URL(this.options.url as string)
    const node = httpRequest(url, { method: this.options.method, headers: this.headers })
    this.node = node
    node.on('error', (e: NodeJS.ErrnoException) => {
      if (!this.aborted)
        this.emit('error', new Error(NET_ERRORS[e.code ?? ''] ?? `net::ERR_FAILED (${e.code})`))
    })
    node.on('response', (res) => {
      const status = res.statusCode ?? 0
      const location = res.headers.location
      if ([301, 302, 303, 307, 308].includes(status) && location !== undefined) {
        if (this.options.redirect !== 'manual') throw new Error('the stand-in only does redirect: manual')
        const arrays: Record<string, string[]> = {}
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const k = (res.rawHeaders[i] as string).toLowerCase()
          ;(arrays[k] ??= []).push(res.rawHeaders[i + 1] as string)
        }
        res.resume()
        // Electron: not followed and not aborted within the event means "Redirect was cancelled".
        this.emit('redirect', status, this.options.method, new URL(location, url).href, arrays)
        if (!this.aborted) this.emit('error', new Error('Redirect was cancelled'))
        return
      }
      const message = Object.assign(new EventEmitter(), { statusCode: status, rawHeaders: res.rawHeaders })
      this.emit('response', message)
      // Chromium undoes Content-Encoding before the app sees the body.
      const stream = res.headers['content-encoding'] === 'gzip' ? res.pipe(createGunzip()) : res
      stream.on('data', (d: Buffer) => message.emit('data', d))
      stream.on('end', () => message.emit('end'))
      res.on('aborted', () => message.emit('aborted'))
    })
    node.end(this.body === '' ? undefined : this.body)
  }
}

function standIn(log: StandInLog = { options: [] }) {
  return (options: ClientRequestConstructorOptions) => {
    log.options.push(options)
    return new StandInClientRequest(options) as unknown as ClientRequest
  }
}

const vendorSession = { name: 'vendors' } as unknown as Session

describeHttpClientContract(
  'NetHttpClient (stand-in net.request)',
  (userAgent) => new NetHttpClient({ userAgent, request: standIn(), session: () => vendorSession }),
)

describe('NetHttpClient requests', () => {
  it('go out from the vendor session, stop at redirects and never use the HTTP cache', async () => {
    const server = await startContractServer()
    const log: StandInLog = { options: [] }
    try {
      const http = new NetHttpClient({ userAgent: 'ua', request: standIn(log), session: () => vendorSession })
      const r = await http.request({ url: `${server.origin}/redirect?to=/echo`, timeoutMs: 5000 })
      expect(r.ok).toBe(true)
      expect(log.options).toHaveLength(2)
      for (const o of log.options) {
        expect(o).toMatchObject({ redirect: 'manual', cache: 'no-store', session: vendorSession })
        // No credentials option: Electron then blocks the session's cookies (the adapter sends its own).
        expect(o.credentials).toBeUndefined()
        expect(o.useSessionCookies).toBeUndefined()
      }
    } finally {
      await server.close()
    }
  })

  it("report Chromium's net error names", async () => {
    const closed = await startContractServer()
    await closed.close()
    const http = new NetHttpClient({ userAgent: 'ua', request: standIn(), session: () => vendorSession })
    expect(await http.request({ url: `${closed.origin}/`, timeoutMs: 5000 })).toEqual({
      ok: false,
      code: 'network',
      detail: 'net::ERR_CONNECTION_REFUSED',
    })
  })
})
