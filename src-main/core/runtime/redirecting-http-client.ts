/**
 * The HttpClient behaviour both network stacks share (Node's undici in the headless runner, Chromium's through
 * Electron's net module in the app), written once so the two cannot drift: one timeout over the whole exchange
 * (redirects and body included), the caller's cancel signal, lower-case response headers, and redirects followed
 * here rather than by the stack, with the Fetch standard's rules (https://fetch.spec.whatwg.org/#http-redirect-fetch)
 * as undici applies them: at most 20; Authorization, Proxy-Authorization, Cookie and Host dropped when the origin
 * changes; 303 (and 301/302 after a POST) continue as a body-less GET. Chromium's net module follows redirects
 * with every header kept, so a vendor redirecting to another host would receive the credentials: following them
 * here is what keeps them at home.
 *
 * An adapter supplies one exchange on the wire ({@link HttpHop}) and nothing else.
 */
import type { HttpClient, HttpRequest, HttpResult } from '../ports'

export interface HttpHopRequest {
  method: string
  url: string
  /** Lower-case names. */
  headers: Record<string, string>
  body: string | undefined
  /** Aborts the exchange (timeout or the caller's cancel); the hop then rejects. */
  signal: AbortSignal
}

export interface HttpHopResponse {
  status: number
  /** Every header line as received, in order; names in any case, repeated names repeated. */
  headers: ReadonlyArray<readonly [string, string]>
  /** The body as UTF-8 text (Content-Encoding already undone, a BOM dropped), as fetch's `text()`. */
  text(): Promise<string>
  /** Let the body go unread (a redirect's). */
  discard(): void
}

/** One request and its response, redirects not followed; transport failures reject. */
export type HttpHop = (req: HttpHopRequest) => Promise<HttpHopResponse>

/** The Fetch standard's redirect limit (undici's too). */
export const MAX_REDIRECTS = 20
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
/** Credentials meant for one origin only. */
const ORIGIN_BOUND_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'host']
/** Headers that describe a request body, dropped with it. */
const BODY_HEADERS = [
  'content-encoding',
  'content-language',
  'content-location',
  'content-type',
  'content-length',
]

/**
 * Why a transport failed, in the stack's own terms (ECONNREFUSED, UNABLE_TO_VERIFY_LEAF_SIGNATURE,
 * net::ERR_PROXY_CONNECTION_FAILED, …). fetch wraps the reason in `cause`, sometimes twice: the innermost error
 * says most, by its code where that is a system or TLS code, else by its message (undici's own UND_ERR_* codes
 * say less than their messages, e.g. "Proxy response (403) !== 200 when HTTP Tunneling").
 */
function failureDetail(e: unknown): string {
  let inner: unknown = e
  for (let depth = 0; depth < 5; depth++) {
    const cause = (inner as { cause?: unknown } | null)?.cause
    if (!(cause instanceof Error)) break
    inner = cause
  }
  if (!(inner instanceof Error)) return String(inner)
  const code = (inner as { code?: unknown }).code
  if (typeof code === 'string' && code !== '' && !code.startsWith('UND_ERR')) return code
  return inner.message || code?.toString() || 'network error'
}

class RedirectFailure extends Error {}

export class RedirectingHttpClient implements HttpClient {
  constructor(
    private readonly hop: HttpHop,
    private readonly userAgent = 'Floorwalker',
  ) {}

  async request(req: HttpRequest): Promise<HttpResult> {
    const timeout = AbortSignal.timeout(req.timeoutMs)
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout
    let method: string = req.method ?? 'GET'
    let url = req.url
    let body = req.body
    const headers: Record<string, string> = { 'user-agent': this.userAgent }
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v
    try {
      for (let redirects = 0; ; redirects++) {
        const res = await this.hop({ method, url, headers: { ...headers }, body, signal })
        const location = REDIRECT_STATUSES.has(res.status) ? headerValue(res.headers, 'location') : null
        if (location === null) {
          const text = await res.text()
          const { record, setCookies } = headerRecord(res.headers)
          return { ok: true, response: { status: res.status, headers: record, setCookies, body: text, url } }
        }
        res.discard()
        if (redirects >= MAX_REDIRECTS) throw new RedirectFailure('redirect count exceeded')
        let next: URL
        try {
          next = new URL(location, url)
        } catch {
          throw new RedirectFailure(`unreadable redirect location "${location}"`)
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new RedirectFailure(`redirect to a ${next.protocol} URL`)
        }
        if (
          ((res.status === 301 || res.status === 302) && method === 'POST') ||
          (res.status === 303 && method !== 'GET' && method !== 'HEAD')
        ) {
          method = 'GET'
          body = undefined
          for (const h of BODY_HEADERS) delete headers[h]
        }
        if (new URL(url).origin !== next.origin) for (const h of ORIGIN_BOUND_HEADERS) delete headers[h]
        url = next.href
      }
    } catch (e) {
      if (timeout.aborted)
        return { ok: false, code: 'timeout', detail: `no answer within ${req.timeoutMs} ms` }
      if (req.signal?.aborted) return { ok: false, code: 'aborted', detail: 'cancelled' }
      return { ok: false, code: 'network', detail: failureDetail(e) }
    }
  }
}

function headerValue(headers: HttpHopResponse['headers'], name: string): string | null {
  for (const [k, v] of headers) if (k.toLowerCase() === name) return v
  return null
}

/** Lower-case names; repeated headers joined with ", ", except Set-Cookie lines, joined with "\n" (ports.ts). */
function headerRecord(headers: HttpHopResponse['headers']): {
  record: Record<string, string>
  setCookies: string[]
} {
  const record: Record<string, string> = {}
  const setCookies: string[] = []
  for (const [name, value] of headers) {
    const k = name.toLowerCase()
    if (k === 'set-cookie') setCookies.push(value)
    else record[k] = k in record ? `${record[k]}, ${value}` : value
  }
  if (setCookies.length > 0) record['set-cookie'] = setCookies.join('\n')
  return { record, setCookies }
}
