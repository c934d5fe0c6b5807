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
 * Every answer is read as a stream against {@link ResponseLimits}: an announced Content-Length over the wire cap is
 * refused before the body is read, and reading stops as soon as the bytes (compressed as they travel, and
 * decoded) pass a cap, so a 100 MB body or a gzip bomb costs no more than the cap. Redirects follow a
 * {@link RedirectPolicy}: a bounded count (a loop is a `redirect` failure, which the poller backs off like any
 * other), and optionally only to the request's own host.
 *
 * An adapter supplies one exchange on the wire ({@link HttpHop}) and nothing else.
 */
import {
  DEFAULT_RESPONSE_LIMITS,
  type HttpClient,
  type HttpRequest,
  type HttpResult,
  type RedirectPolicy,
  type ResponseLimits,
} from '../ports'

export interface HttpHopRequest {
  method: string
  url: string
  /** Lower-case names. */
  headers: Record<string, string>
  body: string | undefined
  /** Aborts the exchange (timeout or the caller's cancel); the hop then rejects. */
  signal: AbortSignal
  /** The caps; a hop that can count bytes on the wire stops there with {@link ResponseTooLarge}. */
  limits: ResponseLimits
}

export interface HttpHopResponse {
  status: number
  /** Every header line as received, in order; names in any case, repeated names repeated. */
  headers: ReadonlyArray<readonly [string, string]>
  /**
   * The body's bytes as they arrive, Content-Encoding already undone. Rejects with {@link ResponseTooLarge} when
   * the hop itself saw a cap crossed (the compressed bytes on the wire), with the transport's error otherwise.
   * Stopping the iteration early cancels the rest of the body.
   */
  body(): AsyncIterable<Uint8Array>
  /** Let the body go unread (a redirect's, or one past a cap). */
  discard(): void
}

/** A body past one of the {@link ResponseLimits} caps. */
export class ResponseTooLarge extends Error {
  constructor(
    readonly which: 'wire' | 'decoded',
    readonly limit: number,
  ) {
    super(`response larger than ${limit} bytes`)
  }
}

/** "8 MB", "512 KB", "1.5 MB": limits are given in MB, and read back the same way. */
export function formatBytes(n: number): string {
  const mb = n / (1024 * 1024)
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`
  return `${Math.max(1, Math.round(n / 1024))} KB`
}

/** The words of a `too_large` failure: which cap, how big, whose ("response larger than 8 MB (limit for 8x8)"). */
export function tooLargeDetail(e: ResponseTooLarge, owner: string | undefined): string {
  const what = e.which === 'wire' ? 'compressed response' : 'response'
  return `${what} larger than ${formatBytes(e.limit)} (limit${owner ? ` for ${owner}` : ''})`
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

const ANY_REDIRECT: RedirectPolicy = { max: MAX_REDIRECTS, allowedHosts: null }

/** Host names compare without case and without IPv6 brackets. */
function hostOf(u: URL): string {
  return u.hostname.toLowerCase().replace(/^\[|\]$/g, '')
}

/** The body as UTF-8 text (a BOM dropped, as fetch's `text()`), read no further than the decoded cap. */
async function readText(res: HttpHopResponse, limits: ResponseLimits): Promise<string> {
  const declared = Number(headerValue(res.headers, 'content-length') ?? NaN)
  if (Number.isFinite(declared) && declared > limits.maxWireBytes) {
    res.discard()
    throw new ResponseTooLarge('wire', limits.maxWireBytes)
  }
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of res.body()) {
    size += chunk.byteLength
    if (size > limits.maxBytes) {
      res.discard()
      throw new ResponseTooLarge('decoded', limits.maxBytes)
    }
    chunks.push(chunk)
  }
  const all = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    all.set(c, at)
    at += c.byteLength
  }
  return new TextDecoder('utf-8').decode(all)
}

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
    const limits = req.limits ?? DEFAULT_RESPONSE_LIMITS
    const policy = req.redirects ?? ANY_REDIRECT
    const home = hostOf(new URL(url))
    try {
      for (let redirects = 0; ; redirects++) {
        const res = await this.hop({ method, url, headers: { ...headers }, body, signal, limits })
        const location = REDIRECT_STATUSES.has(res.status) ? headerValue(res.headers, 'location') : null
        if (location === null) {
          const text = await readText(res, limits)
          const { record, setCookies } = headerRecord(res.headers)
          return { ok: true, response: { status: res.status, headers: record, setCookies, body: text, url } }
        }
        res.discard()
        let next: URL
        try {
          next = new URL(location, url)
        } catch {
          throw new RedirectFailure(`unreadable redirect location "${location.slice(0, 200)}"`)
        }
        if (redirects >= policy.max) {
          throw new RedirectFailure(
            `more than ${policy.max} redirects (a redirect loop?), the last one to ${hostOf(next)}`,
          )
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new RedirectFailure(`redirect to a ${next.protocol} URL`)
        }
        const host = hostOf(next)
        if (policy.allowedHosts !== null && host !== home && !policy.allowedHosts.includes(host)) {
          throw new RedirectFailure(
            `redirected to another host, ${host}; data from there is not taken unless the connection allows that host (redirectHosts)`,
          )
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
      if (e instanceof ResponseTooLarge)
        return { ok: false, code: 'too_large', detail: tooLargeDetail(e, limits.owner) }
      if (e instanceof RedirectFailure) return { ok: false, code: 'redirect', detail: e.message }
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
