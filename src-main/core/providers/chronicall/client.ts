/**
 * Chronicall's REST calls (docs/vendors/chronicall.md §2, §3, §5): bearer auth, the metric list, the values
 * endpoint with its 206 warm-up, and the 403/404 trap where one bad id fails the whole request
 * (docs/vendors/chronicall.md §6.7).
 */
import { failureFromStatus, failureFromTransport, redactUrl } from '../../http/failures'
import type { Clock, HttpClient, HttpResult } from '../../ports'
import type { ProviderFailure } from '../types'
import { fail, ok, type Result } from '../../../../src-shared/result'
import {
  parseMetricList,
  parseValues,
  type ChronicallKey,
  type ChronicallMetricInfo,
  type ChronicallValue,
} from './parse'

export const METRICS_PATH = '/rest/api/v1/realtime/metrics'
export const VALUES_PATH = '/rest/api/v1/realtime/metrics/values'
export const PUSH_PATH = '/rest/api/v1/realtime-metric-subscription'

const TIMEOUT_MS = 10_000

/** When the server answered, for clock-skew estimation (see estimateSkew). */
export interface ResponseTiming {
  /** The Date header, epoch ms, or null. */
  date: number | null
  sentAt: number
  receivedAt: number
}

export interface RejectedId {
  status: 403 | 404
  vendorMessage: string | null
}

export interface ValuesBatch {
  results: ChronicallValue[]
  initializing: ChronicallKey[]
  /** Ids the server refused on their own: 403 not assigned to this service user, 404 does not exist. */
  rejected: Map<string, RejectedId>
  timings: ResponseTiming[]
  /** Requests made (bisection can add some). */
  requests: number
}

/** A 403 or 404 is an answer about the ids asked for, not a failure of the connection: bisection finds the culprits. */
type ValuesAnswer = Result<
  | { kind: 'values'; results: ChronicallValue[]; initializing: ChronicallKey[]; timing: ResponseTiming }
  | { kind: 'rejected'; status: 403 | 404; vendorMessage: string | null; timing: ResponseTiming },
  ProviderFailure
>

/** A short vendor text from an error body (never HTML pages, never more than a line or two). */
export function vendorText(body: string): string | null {
  const t = body.trim()
  if (t === '' || /^<(!doctype|html)/i.test(t)) return null
  try {
    const j = JSON.parse(t) as unknown
    if (typeof j === 'object' && j !== null) {
      const o = j as Record<string, unknown>
      for (const k of ['message', 'error', 'detail', 'errorMessage']) {
        if (typeof o[k] === 'string' && o[k] !== '') return (o[k] as string).slice(0, 300)
      }
    }
  } catch {
    // plain text
  }
  return t.slice(0, 300)
}

function dateOf(headers: Record<string, string>): number | null {
  const d = headers['date']
  if (d === undefined) return null
  const t = Date.parse(d)
  return Number.isNaN(t) ? null : t
}

export class ChronicallClient {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
    private readonly http: HttpClient,
    private readonly clock: Clock,
  ) {}

  private async get(path: string, signal: AbortSignal) {
    const url = `${this.baseUrl}${path}`
    const sentAt = this.clock.now()
    const r = await this.http.request({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${this.secret}`, accept: 'application/json' },
      timeoutMs: TIMEOUT_MS,
      signal,
    })
    const receivedAt = this.clock.now()
    return { r, url, sentAt, receivedAt }
  }

  private authFailure(status: number, body: string): ProviderFailure {
    const vm = vendorText(body)
    return {
      code: 'auth',
      status,
      detail: 'Chronicall rejected the service user key (HTTP 401); check the key of the service user',
      ...(vm === null ? {} : { vendorMessage: vm }),
    }
  }

  async listMetrics(
    signal: AbortSignal,
  ): Promise<Result<{ metrics: ChronicallMetricInfo[]; timing: ResponseTiming }, ProviderFailure>> {
    const { r, url, sentAt, receivedAt } = await this.get(METRICS_PATH, signal)
    if (!r.ok) return fail(transportFailure(r, url))
    const res = r.response
    if (res.status === 401) return fail(this.authFailure(401, res.body))
    if (res.status === 404) {
      return fail({
        ...failureFromStatus(res, receivedAt, vendorText(res.body) ?? undefined),
        detail: `no Chronicall realtime API at ${redactUrl(url)} (HTTP 404): check the server address and that Chronicall is 4.0.9 or newer`,
        terminal: true,
      })
    }
    if (res.status !== 200) {
      return fail(failureFromStatus(res, receivedAt, vendorText(res.body) ?? undefined))
    }
    const p = parseMetricList(res.body)
    if (!p.ok) {
      return fail({ code: 'bad_response', status: 200, detail: `metric list: ${p.error}` })
    }
    return ok({ metrics: p.value, timing: { date: dateOf(res.headers), sentAt, receivedAt } })
  }

  /** One values request for these ids (comma-separated, docs/vendors/chronicall.md §3.2). */
  async values(ids: readonly string[], signal: AbortSignal): Promise<ValuesAnswer> {
    const path = `${VALUES_PATH}?id=${ids.map(encodeURIComponent).join(',')}`
    const { r, url, sentAt, receivedAt } = await this.get(path, signal)
    if (!r.ok) return fail(transportFailure(r, url))
    const res = r.response
    const timing: ResponseTiming = { date: dateOf(res.headers), sentAt, receivedAt }
    if (res.status === 200 || res.status === 206) {
      const p = parseValues(res.body)
      if (!p.ok) {
        return fail({ code: 'bad_response', status: res.status, detail: `metric values: ${p.error}` })
      }
      return ok({ kind: 'values', results: p.value.results, initializing: p.value.initializing, timing })
    }
    if (res.status === 401) return fail(this.authFailure(401, res.body))
    if (res.status === 403 || res.status === 404) {
      return ok({ kind: 'rejected', status: res.status, vendorMessage: vendorText(res.body), timing })
    }
    if (res.status === 400) {
      const vm = vendorText(res.body)
      return fail({
        code: 'config',
        status: 400,
        detail: `Chronicall refused the metric values request (HTTP 400)${vm ? `: ${vm}` : ''}`,
        ...(vm === null ? {} : { vendorMessage: vm }),
      })
    }
    return fail(failureFromStatus(res, receivedAt, vendorText(res.body) ?? undefined))
  }

  /**
   * Values for these ids, finding the culprits when the server refuses the whole request: a 403 or 404 is for
   * "the requested metrics" as a whole (docs/vendors/chronicall.md §6.7), so the ids are split in halves
   * until each refused id stands alone; the rest still deliver their values.
   */
  async valuesIsolating(
    ids: readonly string[],
    signal: AbortSignal,
  ): Promise<Result<ValuesBatch, ProviderFailure>> {
    const batch: ValuesBatch = {
      results: [],
      initializing: [],
      rejected: new Map(),
      timings: [],
      requests: 0,
    }
    const run = async (part: readonly string[]): Promise<ProviderFailure | null> => {
      if (part.length === 0) return null
      batch.requests++
      const answer = await this.values(part, signal)
      if (!answer.ok) return answer.error
      const a = answer.value
      batch.timings.push(a.timing)
      if (a.kind === 'values') {
        batch.results.push(...a.results)
        batch.initializing.push(...a.initializing)
        return null
      }
      if (part.length === 1) {
        batch.rejected.set(part[0] as string, { status: a.status, vendorMessage: a.vendorMessage })
        return null
      }
      const mid = Math.ceil(part.length / 2)
      return (await run(part.slice(0, mid))) ?? (await run(part.slice(mid)))
    }
    const failure = await run(ids)
    return failure === null ? ok(batch) : fail(failure)
  }
}

function transportFailure(r: Extract<HttpResult, { ok: false }>, url: string) {
  if (r.code === 'aborted') return { code: 'timeout' as const, detail: `cancelled: ${redactUrl(url)}` }
  return failureFromTransport(r, url)
}
