/**
 * giosg HTTP: token auth and "paginated collection" walking (docs/vendors/giosg.md §2, §4, §5). One call to
 * `collect` fetches every page of one endpoint back to back; any failed page fails the whole call, so a
 * snapshot never holds pages from two different moments.
 */
import { failureFromStatus, failureFromTransport, redactUrl } from '../../http/failures'
import { redact } from '../../runtime/redact'
import type { Clock, HttpClient, HttpResponse, Logger } from '../../ports'
import type { ProviderFailure } from '../types'
import { parsePage } from './parse'

export const GIOSG_DEFAULT_ORIGIN = 'https://service.giosg.com'
export const ROOMS_PATH = '/api/v4/reporting/realtime/rooms'
export const USERS_PATH = '/api/v4/reporting/realtime/users'

/** Per-request timeout the poller expects every adapter to set (ms). */
const REQUEST_TIMEOUT_MS = 10_000
/** No realistic organization has this many pages; a server that keeps inventing new `next` URLs is broken. */
export const MAX_PAGES = 500

export interface GiosgClientOptions {
  /** API origin (optionally with a path prefix), no trailing slash. */
  baseUrl: string
  token: string
  authScheme: 'Token' | 'Bearer'
  http: HttpClient
  clock: Clock
  log: Logger
}

export type CollectResult =
  | { ok: true; items: unknown[]; pages: number; date: string | undefined }
  | { ok: false; failure: ProviderFailure }

const MESSAGE_MAX = 300

/**
 * The vendor's error text: DRF-style `{"detail": "..."}`, field errors `{"timezone": ["..."]}`
 * (docs/vendors/giosg.md §5: the shape is not documented, so anything else falls back to the text). The token
 * is cut out in case a proxy echoes the request.
 */
export function vendorMessageOf(body: string, secret: string): string | undefined {
  let message: string | undefined
  try {
    const v: unknown = JSON.parse(body)
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>
      if (typeof o.detail === 'string') message = o.detail
      else {
        const parts: string[] = []
        for (const [k, val] of Object.entries(o)) {
          const items = Array.isArray(val) ? val : [val]
          const texts = items.filter((x): x is string => typeof x === 'string')
          if (texts.length > 0) parts.push(`${k}: ${texts.join(' ')}`)
        }
        if (parts.length > 0) message = parts.join('; ')
      }
    } else if (typeof v === 'string') message = v
  } catch {
    // Not JSON: an HTML error page or plain text. Tags are noise in a one-line message.
    const plain = body
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
    if (plain !== '') message = plain
  }
  if (message === undefined) return undefined
  message = redact(message, [secret])
  return message.length > MESSAGE_MAX ? `${message.slice(0, MESSAGE_MAX)}…` : message
}

export class GiosgClient {
  private readonly origin: string

  constructor(private readonly opts: GiosgClientOptions) {
    this.origin = new URL(opts.baseUrl).origin
  }

  /** The first page's URL for `path` with the given query parameters (empty values are left out). */
  firstUrl(path: string, params: Record<string, string>): string {
    const q = new URLSearchParams()
    for (const [k, v] of Object.entries(params)) if (v !== '') q.set(k, v)
    const qs = q.toString()
    return `${this.opts.baseUrl}${path}${qs ? `?${qs}` : ''}`
  }

  /** Every page of one collection, following `next` until it is null or missing, whatever each page holds. */
  async collect(what: string, firstUrl: string, signal: AbortSignal): Promise<CollectResult> {
    const items: unknown[] = []
    const seen = new Set<string>()
    let url: string | null = new URL(firstUrl).href
    let date: string | undefined
    let pages = 0
    while (url !== null) {
      if (pages >= MAX_PAGES) {
        return this.bad(`giosg ${what}: more than ${MAX_PAGES} pages; stopped following "next"`)
      }
      seen.add(url)
      const r = await this.opts.http.request({
        method: 'GET',
        url,
        headers: {
          // docs/vendors/giosg.md §2: "Token" for API tokens, "Bearer" for OAuth2 access tokens; never
          // `?token=`.
          authorization: `${this.opts.authScheme} ${this.opts.token}`,
          accept: 'application/json',
        },
        timeoutMs: REQUEST_TIMEOUT_MS,
        signal,
      })
      if (!r.ok) {
        if (r.code === 'aborted') {
          return {
            ok: false,
            failure: { code: 'timeout', detail: `giosg ${what}: cancelled before giosg answered` },
          }
        }
        return { ok: false, failure: failureFromTransport(r, url) }
      }
      const res = r.response
      if (res.status !== 200) return { ok: false, failure: this.failureOf(what, res, pages === 0) }
      const parsed = parsePage(res.body)
      if (!parsed.ok) return this.bad(`giosg ${what}: page ${pages + 1} is unreadable: ${parsed.detail}`)
      pages++
      items.push(...parsed.page.results)
      date = res.headers['date'] ?? date
      this.opts.log.debug('page', { what, page: pages, items: parsed.page.results.length })
      const next = parsed.page.next
      if (next === null) break
      const resolved = this.checkNext(what, next, url, seen)
      if (!resolved.ok) return resolved
      url = resolved.url
    }
    return { ok: true, items, pages, date }
  }

  /**
   * `next` is used verbatim (it carries an opaque cursor, docs/vendors/giosg.md §4), but only on giosg's own
   * origin: the Authorization header goes with every page, so a `next` elsewhere would hand the token to a
   * stranger.
   */
  private checkNext(
    what: string,
    next: string,
    current: string,
    seen: Set<string>,
  ): { ok: true; url: string } | { ok: false; failure: ProviderFailure } {
    let u: URL
    try {
      u = new URL(next, current)
    } catch {
      return this.bad(`giosg ${what}: "next" is not a URL`)
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      return this.bad(`giosg ${what}: "next" is not http(s)`)
    if (u.origin !== this.origin) {
      return this.bad(
        `giosg ${what}: "next" points to ${u.origin}, not ${this.origin}; not followed so the token stays with giosg`,
      )
    }
    const href = u.href
    if (seen.has(href)) {
      return this.bad(`giosg ${what}: "next" leads back to a page already fetched (${redactUrl(href)})`)
    }
    return { ok: true, url: href }
  }

  private bad(detail: string): { ok: false; failure: ProviderFailure } {
    return { ok: false, failure: { code: 'bad_response', detail } }
  }

  private failureOf(what: string, res: HttpResponse, firstPage: boolean): ProviderFailure {
    const vendorMessage = vendorMessageOf(res.body, this.opts.token)
    const base = failureFromStatus(res, this.opts.clock.now(), vendorMessage)
    const said = vendorMessage ? `: ${vendorMessage}` : ''
    switch (res.status) {
      case 401:
        return { ...base, code: 'auth', detail: `giosg rejected the token (HTTP 401)${said}` }
      case 403:
        // docs/vendors/giosg.md §5: no subscription, no access to the organization or no reports permission,
        // one code.
        return {
          ...base,
          code: 'auth',
          detail:
            `giosg refused access (HTTP 403)${said}. The token's user needs the reports permission, ` +
            'access to the organization and an active subscription',
        }
      case 400:
        // On the first page the parameters are ours (e.g. an unknown timezone); on a later page they are giosg's.
        return firstPage
          ? {
              ...base,
              code: 'config',
              terminal: true,
              detail: `giosg refused the ${what} request (HTTP 400)${said}`,
            }
          : {
              ...base,
              code: 'bad_response',
              detail: `giosg refused its own "next" link for ${what} (HTTP 400)${said}`,
            }
      case 404:
        // A 404 on a later page is an expired cursor: the next cycle starts over. On page 1 the base URL is wrong.
        return firstPage
          ? {
              ...base,
              terminal: true,
              detail: `giosg ${what}: ${redactUrl(res.url)} does not exist (HTTP 404); check the API origin`,
            }
          : {
              ...base,
              code: 'bad_response',
              detail: `giosg ${what}: a "next" page is gone (HTTP 404)${said}`,
            }
      default:
        return base
    }
  }
}
