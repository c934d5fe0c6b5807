/**
 * HTTP side of the 8x8 real-time statistics API (docs/vendors/8x8.md §2, §3, §5): stateless GETs with HTTP
 * Basic `tenant:dataRequestToken`, XML by default or JSON with a `.json` suffix. Maps 8x8's status codes to
 * typed failures; never puts the token in a failure, a log line or a URL.
 */
import { failureFromStatus, failureFromTransport, redactUrl } from '../../http/failures'
import { redact } from '../../runtime/redact'
import type { Clock, HttpClient, HttpResponse, Logger } from '../../ports'
import type { ProviderFailure } from '../types'

export type EightByEightFormat = 'json' | 'xml'
export type EightByEightList = 'agents' | 'queues'

export interface EightByEightClientOptions {
  /** Root up to and including `/api/rtstats` (a trailing `/stats` is tolerated: the vendor document lists those). */
  baseUrl: string
  tenant: string
  token: string
  format: EightByEightFormat
  http: HttpClient
  clock: Clock
  log: Logger
}

export type FetchListResult =
  | {
      ok: true
      status: number
      body: string
      /** The response's Date header (epoch ms), when it had a readable one. */
      date: number | null
      url: string
    }
  | { ok: false; failure: ProviderFailure }

export interface EightByEightClient {
  urlOf(list: EightByEightList): string
  fetchList(list: EightByEightList, signal: AbortSignal): Promise<FetchListResult>
}

export const REQUEST_TIMEOUT_MS = 10_000

/**
 * How much of an error body is logged (docs/vendors/8x8.md §5: error bodies are undocumented; log, don't
 * parse).
 */
const LOGGED_BODY_CHARS = 500

export function createEightByEightClient(opts: EightByEightClientOptions): EightByEightClient {
  const root = opts.baseUrl.replace(/\/+$/, '').replace(/\/stats$/, '')
  const authorization = `Basic ${Buffer.from(`${opts.tenant}:${opts.token}`, 'utf8').toString('base64')}`
  const log = opts.log.child('8x8')

  /** Vendor text with the token (in any form, its Basic one included) removed, whatever the server echoes back. */
  const scrub = (text: string): string => redact(text, [opts.token])

  const vendorText = (res: HttpResponse): string | undefined => {
    const title =
      /<title[^>]*>([\s\S]*?)<\/title>/i.exec(res.body)?.[1] ??
      /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(res.body)?.[1]
    const text = (title ?? res.body)
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
    return text === '' ? undefined : scrub(text.length > 200 ? `${text.slice(0, 200)}…` : text)
  }

  const urlOf = (list: EightByEightList) =>
    // No suffix = XML, the vendor's default format (docs/vendors/8x8.md §3).
    `${root}/stats/${list}${opts.format === 'json' ? '.json' : ''}`

  const failureOf = (res: HttpResponse, url: string): ProviderFailure => {
    const shown = redactUrl(url)
    const vendorMessage = vendorText(res)
    const withVendor = (f: ProviderFailure): ProviderFailure =>
      vendorMessage === undefined ? f : { ...f, vendorMessage }
    // 403 is what 8x8 documents for bad credentials; 401 is what a Basic challenge looks like
    // (docs/vendors/8x8.md §5).
    if (res.status === 401 || res.status === 403) {
      return withVendor({
        code: 'auth',
        status: res.status,
        terminal: true,
        detail:
          `8x8 refused tenant "${opts.tenant}" with this data request token (HTTP ${res.status} from ${shown}). ` +
          'Check the tenant name and the token (Configuration Manager → Integration → API Token); a new token replaces the old one.',
      })
    }
    if (res.status === 404) {
      return withVendor({
        code: 'config',
        status: 404,
        terminal: true,
        detail: `8x8 has nothing at ${shown} (HTTP 404). The cluster URL must end with /api/rtstats, e.g. https://vcc-na7.8x8.com/api/rtstats.`,
      })
    }
    if (res.status === 400) {
      return withVendor({
        code: 'config',
        status: 400,
        terminal: true,
        detail: `8x8 called the request to ${shown} malformed (HTTP 400)${vendorMessage ? `: ${vendorMessage}` : ''}`,
      })
    }
    // 500 and 503 ("server busy"): back off, honouring Retry-After.
    return failureFromStatus(res, opts.clock.now(), vendorMessage)
  }

  return {
    urlOf,
    async fetchList(list, signal) {
      const url = urlOf(list)
      const r = await opts.http.request({
        method: 'GET',
        url,
        headers: {
          authorization,
          accept: opts.format === 'json' ? 'application/json' : 'application/xml',
        },
        timeoutMs: REQUEST_TIMEOUT_MS,
        signal,
      })
      if (!r.ok) {
        log.warn('request failed', { url: redactUrl(url), code: r.code, detail: r.detail })
        return { ok: false, failure: failureFromTransport(r, url) }
      }
      const res = r.response
      if (res.status < 200 || res.status > 299) {
        log.warn('HTTP error', {
          url: redactUrl(url),
          status: res.status,
          body: scrub(res.body.slice(0, LOGGED_BODY_CHARS)),
        })
        return { ok: false, failure: failureOf(res, url) }
      }
      const dateHeader = res.headers['date']
      const date = dateHeader === undefined ? NaN : Date.parse(dateHeader)
      return {
        ok: true,
        status: res.status,
        body: res.body,
        date: Number.isFinite(date) ? date : null,
        url: res.url || url,
      }
    },
  }
}
