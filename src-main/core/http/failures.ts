import type { FailureCode } from '../../../src-shared/model'
import type { HttpResponse, HttpResult } from '../ports'
import type { ProviderFailure } from '../providers/types'
import { redactUrl } from '../runtime/redact'
import { parseRetryAfter } from './retry-after'

// Providers import it from here with the failure helpers; the one implementation is in runtime/redact.ts.
export { redactUrl }

/**
 * The usual mapping from an HTTP status to a typed failure. Providers call it for the statuses they have no
 * vendor-specific meaning for (8x8's 403 is bad credentials; Bright Pattern's 404 is a lost subscription: those
 * stay in the provider).
 */
export function failureFromStatus(res: HttpResponse, now: number, vendorMessage?: string): ProviderFailure {
  const s = res.status
  let code: FailureCode
  if (s === 401) code = 'auth'
  else if (s === 403) code = 'forbidden'
  else if (s === 404) code = 'not_found'
  else if (s === 429) code = 'rate_limited'
  else if (s >= 500) code = 'unavailable'
  else code = 'bad_response'
  const retryAfterMs = parseRetryAfter(res.headers['retry-after'], now)
  const failure: ProviderFailure = {
    code,
    status: s,
    detail: `HTTP ${s} from ${redactUrl(res.url)}${vendorMessage ? `: ${vendorMessage}` : ''}`,
  }
  if (vendorMessage !== undefined) failure.vendorMessage = vendorMessage
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs
  return failure
}

/**
 * A transport failure (no usable HTTP response) as a typed failure. An answer past a size cap and a redirect that
 * loops or leaves the vendor's host are `bad_response`: something answered, and what it sent is not data we take
 * (the poller backs off from it like from any failure).
 */
export function failureFromTransport(r: Extract<HttpResult, { ok: false }>, url: string): ProviderFailure {
  if (r.code === 'too_large' || r.code === 'redirect') {
    return { code: 'bad_response', detail: `${r.detail}: ${redactUrl(url)}` }
  }
  const code: FailureCode = r.code === 'timeout' ? 'timeout' : 'network'
  const what =
    r.code === 'timeout'
      ? 'timed out'
      : CUT_OFF.test(r.detail)
        ? 'the connection was cut before the answer was complete'
        : 'could not connect'
  return { code, detail: `${what}: ${redactUrl(url)} (${r.detail})` }
}

/** Transport errors that mean the vendor was reached and then the connection ended mid-answer (reset, truncated). */
const CUT_OFF =
  /other side closed|terminated|premature close|socket hang up|ECONNRESET|aborted by the server/i
