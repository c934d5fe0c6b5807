/**
 * The desktop app's HttpClient: vendor requests go through Chromium's network stack (Electron's `net` module), so
 * they use what the OS is set to: the system proxy or PAC script, proxy authentication the OS handles (Kerberos,
 * NTLM), and the OS certificate store, where a corporate TLS-inspection CA is installed.
 *
 * `net.request`, not `net.fetch`: fetch cannot hand back a redirect (its "manual" mode ends the request with
 * "Redirect was cancelled"), joins Set-Cookie lines into one (Bright Pattern's session needs each), and brings the
 * session's cookie jar along. With `net.request` each exchange stops at a redirect, and RedirectingHttpClient
 * follows it with the same rules as the headless runner (credentials never cross to another origin).
 *
 * Requests use their own in-memory session: no cookie jar or HTTP cache shared with the window (vendor data is
 * never served from a cache), and none of the window's session hooks apply to vendor traffic.
 */
import {
  net,
  session as electronSession,
  type ClientRequest,
  type ClientRequestConstructorOptions,
} from 'electron'
import type { Session } from 'electron'
import type { HttpClient, HttpRequest, HttpResult } from '../core/ports'
import {
  RedirectingHttpClient,
  ResponseTooLarge,
  type HttpHop,
  type HttpHopResponse,
} from '../core/runtime/redirecting-http-client'

/** The session vendor traffic uses: in memory only (no "persist:" prefix), apart from the window's. */
export const VENDOR_PARTITION = 'floorwalker-vendors'

export interface NetHttpClientOptions {
  userAgent: string
  /** Replaced in tests; Electron's `net.request` by default. */
  request?: (options: ClientRequestConstructorOptions) => ClientRequest
  /** The session to send from; `session.fromPartition(VENDOR_PARTITION)` by default (after app ready). */
  session?: () => Session
}

/** Pairs from Node-style raw headers [name, value, name, value, …]. */
function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = []
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string])
  return out
}

/** One exchange through `net.request`, stopping at a redirect. */
export function netHop(
  request: NonNullable<NetHttpClientOptions['request']>,
  session: () => Session,
): HttpHop {
  return (r) =>
    new Promise<HttpHopResponse>((resolve, reject) => {
      if (r.signal.aborted) {
        reject(r.signal.reason)
        return
      }
      const req = request({
        method: r.method,
        url: r.url,
        session: session(),
        redirect: 'manual',
        // Vendor numbers are live: never from (or into) an HTTP cache.
        cache: 'no-store',
      })
      // Set while the body is being read, so an abort then fails the body instead of leaving it hanging.
      let failBody: ((e: unknown) => void) | null = null
      let settled = false
      const onAbort = () => {
        req.abort()
        const reason: unknown = r.signal.reason
        if (settled) failBody?.(reason)
        else {
          settled = true
          reject(reason)
        }
      }
      r.signal.addEventListener('abort', onAbort, { once: true })
      const done = () => r.signal.removeEventListener('abort', onAbort)

      req.on('redirect', (statusCode, _method, redirectUrl, responseHeaders) => {
        // Stop here and hand the 3xx back: RedirectingHttpClient decides where to go and with which headers.
        req.abort()
        settled = true
        done()
        const headers: [string, string][] = []
        for (const [k, values] of Object.entries(responseHeaders))
          for (const v of values) headers.push([k, v])
        if (!headers.some(([k]) => k.toLowerCase() === 'location')) headers.push(['location', redirectUrl])
        resolve({
          status: statusCode,
          headers,
          body: async function* () {},
          discard: () => undefined,
        })
      })
      req.on('response', (res) => {
        settled = true
        // Chromium hands the body decoded, so the cap this side can count is the decoded one (Chromium inflates in
        // its network service, chunk by chunk, and stops when the request is aborted).
        const max = r.limits.maxBytes
        const queue: Buffer[] = []
        let received = 0
        let ended = false
        let error: unknown = null
        let wake: (() => void) | null = null
        const fail = (e: unknown) => {
          if (error === null && !ended) error = e
          done()
          wake?.()
        }
        failBody = fail
        res.on('data', (chunk) => {
          if (error !== null) return
          received += chunk.byteLength
          if (received > max) {
            req.abort()
            fail(new ResponseTooLarge('decoded', max))
            return
          }
          queue.push(chunk)
          wake?.()
        })
        res.on('end', () => {
          ended = true
          done()
          wake?.()
        })
        res.on('error', fail)
        res.on('aborted', () => fail(new Error('the connection closed before the whole answer arrived')))
        resolve({
          status: res.statusCode,
          headers: pairs(res.rawHeaders),
          body: async function* () {
            for (;;) {
              const next = queue.shift()
              if (next !== undefined) yield next
              else if (error !== null) throw error
              else if (ended) return
              else {
                await new Promise<void>((ok) => (wake = ok))
                wake = null
              }
            }
          },
          discard: () => {
            req.abort()
            queue.length = 0
            done()
          },
        })
      })
      req.on('error', (e) => {
        done()
        if (settled) failBody?.(e)
        else {
          settled = true
          reject(e)
        }
      })
      for (const [k, v] of Object.entries(r.headers)) req.setHeader(k, v)
      if (r.body !== undefined) req.write(r.body)
      req.end()
    })
}

/** HttpClient over Electron's net module (create it after `app.whenReady()`). */
export class NetHttpClient implements HttpClient {
  private readonly client: RedirectingHttpClient

  constructor(opts: NetHttpClientOptions) {
    let vendorSession: Session | null = null
    const session =
      opts.session ?? (() => (vendorSession ??= electronSession.fromPartition(VENDOR_PARTITION)))
    this.client = new RedirectingHttpClient(
      netHop(opts.request ?? ((o) => net.request(o)), session),
      opts.userAgent,
    )
  }

  request(req: HttpRequest): Promise<HttpResult> {
    return this.client.request(req)
  }
}
