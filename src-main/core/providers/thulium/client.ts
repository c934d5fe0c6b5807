/**
 * HTTP side of Thulium's chat report (docs/vendors/thulium.md §2, §3, §5): Basic auth as an API user,
 * `GET /api/chats/reports/summary` with PHP-style array parameters, `limit`/`offset` paging, and the vendor's
 * error envelope mapped to typed failures. Stateless: one call is one whole (paged) report.
 */
import { failureFromStatus, failureFromTransport, redactUrl } from '../../http/failures'
import type { HttpClient, HttpResponse, Logger } from '../../ports'
import type { ProviderFailure } from '../types'
import { parseSummaryPage, type SummaryRow } from './parse'

/** Thulium's maximum page size (docs/vendors/thulium.md §4). */
export const PAGE_LIMIT = 100
/** 20 000 rows: beyond that the report is cut and the snapshot marked partial rather than polled forever. */
export const MAX_PAGES = 200
const TIMEOUT_MS = 10_000

export interface SummaryQuery {
  /** `YYYY-MM-DD HH:MM:SS` wall time in the system's zone. */
  dateFrom: string
  dateTo: string
  responseThresholdSec: number
  /** true: one summed row per series instead of one per user. */
  sumUsers: boolean
  chatQueueIds: readonly string[]
  userLogins: readonly string[]
}

export type SummaryResult =
  | {
      ok: true
      rows: SummaryRow[]
      pages: number
      /** MAX_PAGES full pages and still more: the rows are incomplete. */
      truncated: boolean
      /** The last response's Date header (epoch ms), if it had a readable one. */
      serverDate: number | null
    }
  | { ok: false; failure: ProviderFailure }

/**
 * The API root for a configured base URL. Users paste the system origin (`https://acme.thulium.com`); older
 * documentation writes URLs as `https://api.thulium.com/api/...` (docs/vendors/thulium.md §3), so a trailing
 * `/api` is accepted too rather than doubled.
 */
export function apiRoot(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '').replace(/\/api$/i, '')}/api`
}

/**
 * The report URL for one page. Array keys stay literally `user_logins[]` / `chat_queue_ids[]`, as in the
 * vendor's examples (docs/vendors/thulium.md §6.3): PHP reads them as arrays. Values are percent-encoded.
 */
export function summaryUrl(root: string, q: SummaryQuery, offset: number): string {
  const params: [string, string][] = [
    ['date_from', q.dateFrom],
    ['date_to', q.dateTo],
    ['aggregate_by', 'day'],
    ['response_threshold', String(q.responseThresholdSec)],
    ['sum_users', q.sumUsers ? 'true' : 'false'],
    ...q.chatQueueIds.map((id): [string, string] => ['chat_queue_ids[]', id]),
    ...q.userLogins.map((login): [string, string] => ['user_logins[]', login]),
    ['limit', String(PAGE_LIMIT)],
    ['offset', String(offset)],
  ]
  return `${root}/chats/reports/summary?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`
}

/**
 * Thulium's error envelope `{"request_id", "errors": [{"message", "code"}]}` (docs/vendors/thulium.md §5),
 * leniently.
 */
export function readThuliumError(body: string): { messages: string[]; requestId: string | null } {
  try {
    const data = JSON.parse(body) as unknown
    if (typeof data !== 'object' || data === null) return { messages: [], requestId: null }
    const d = data as { request_id?: unknown; errors?: unknown }
    const messages: string[] = []
    if (Array.isArray(d.errors)) {
      for (const e of d.errors) {
        const m = typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : e
        if (typeof m === 'string' && m.trim() !== '') messages.push(m.trim())
      }
    }
    const requestId =
      typeof d.request_id === 'string' || typeof d.request_id === 'number' ? String(d.request_id) : null
    return { messages, requestId }
  } catch {
    return { messages: [], requestId: null }
  }
}

/** A non-2xx answer as a typed failure; `what` names the request (e.g. "chat queue 3"). */
export function failureFromThulium(res: HttpResponse, now: number, what: string): ProviderFailure {
  const { messages } = readThuliumError(res.body)
  const vendorMessage = messages.length > 0 ? messages.join('; ') : undefined
  const said = vendorMessage ? `: ${vendorMessage}` : ''
  const withVendor = (f: ProviderFailure): ProviderFailure => (vendorMessage ? { ...f, vendorMessage } : f)
  switch (res.status) {
    case 400:
    case 422:
      // Our parameters or settings are wrong (docs/vendors/thulium.md §5): retrying the same request cannot
      // help.
      return withVendor({
        code: 'config',
        status: res.status,
        terminal: true,
        detail: `Thulium rejected the report request for ${what} (HTTP ${res.status})${said}`,
      })
    case 401:
      return withVendor({
        code: 'auth',
        status: 401,
        detail: `Thulium refused the API user or password (HTTP 401)${said}`,
      })
    case 403:
      return withVendor({
        code: 'forbidden',
        status: 403,
        terminal: true,
        detail: `the API user may not read chats/reports/summary (HTTP 403): allow that method for it in Thulium${said}`,
      })
    case 404:
      return withVendor({
        code: 'not_found',
        status: 404,
        terminal: true,
        detail: `no Thulium chat report at ${redactUrl(res.url.split('?')[0] ?? res.url)} (HTTP 404): check the system URL${said}`,
      })
    default:
      return failureFromStatus(res, now, vendorMessage)
  }
}

export interface ThuliumClientOptions {
  http: HttpClient
  log: Logger
  now: () => number
  baseUrl: string
  username: string
  password: string
}

export class ThuliumClient {
  private readonly root: string
  private readonly authorization: string

  constructor(private readonly o: ThuliumClientOptions) {
    this.root = apiRoot(o.baseUrl)
    this.authorization = `Basic ${Buffer.from(`${o.username}:${o.password}`, 'utf8').toString('base64')}`
  }

  /**
   * The whole report for `q`: pages of `limit=100` from offset 0 until a short page
   * (docs/vendors/thulium.md §4).
   */
  async summary(q: SummaryQuery, what: string, signal: AbortSignal): Promise<SummaryResult> {
    const rows: SummaryRow[] = []
    let serverDate: number | null = null
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = summaryUrl(this.root, q, page * PAGE_LIMIT)
      const r = await this.o.http.request({
        url,
        headers: { authorization: this.authorization, accept: 'application/json' },
        timeoutMs: TIMEOUT_MS,
        signal,
      })
      if (!r.ok) {
        if (r.code === 'aborted') {
          return {
            ok: false,
            failure: { code: 'timeout', detail: `report request for ${what} was cancelled` },
          }
        }
        return { ok: false, failure: failureFromTransport(r, url) }
      }
      const res = r.response
      const date = res.headers['date'] ? Date.parse(res.headers['date']) : NaN
      if (!Number.isNaN(date)) serverDate = date
      if (res.status < 200 || res.status > 299) {
        const { messages, requestId } = readThuliumError(res.body)
        // Thulium support asks for request_id (docs/vendors/thulium.md §5).
        this.o.log.warn('Thulium answered with an error', { what, status: res.status, requestId, messages })
        return { ok: false, failure: failureFromThulium(res, this.o.now(), what) }
      }
      const parsed = res.body.trim() === '' ? ({ ok: true, rows: [] } as const) : parseSummaryPage(res.body)
      if (!parsed.ok) {
        return {
          ok: false,
          failure: {
            code: 'bad_response',
            status: res.status,
            detail: `unreadable report for ${what}: ${parsed.detail} (${redactUrl(url)})`,
          },
        }
      }
      rows.push(...parsed.rows)
      this.o.log.debug('report page', { what, offset: page * PAGE_LIMIT, rows: parsed.rows.length })
      if (parsed.rows.length < PAGE_LIMIT)
        return { ok: true, rows, pages: page + 1, truncated: false, serverDate }
    }
    return { ok: true, rows, pages: MAX_PAGES, truncated: true, serverDate }
  }
}
