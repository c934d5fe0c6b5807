/* eslint-disable no-restricted-globals -- this IS the injected HTTP adapter: the one place core may use fetch. */
import type { HttpClient, HttpRequest, HttpResult } from '../ports'

/** The real HttpClient: Node's fetch with a per-request timeout and an optional caller signal. */
export class FetchHttpClient implements HttpClient {
  constructor(private readonly userAgent = 'Floorwalker') {}

  async request(req: HttpRequest): Promise<HttpResult> {
    const timeout = AbortSignal.timeout(req.timeoutMs)
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout
    try {
      const res = await fetch(req.url, {
        method: req.method ?? 'GET',
        headers: { 'user-agent': this.userAgent, ...req.headers },
        body: req.body,
        signal,
        redirect: 'follow',
      })
      const body = await res.text()
      const headers: Record<string, string> = {}
      res.headers.forEach((v, k) => {
        headers[k] = v
      })
      const setCookies = res.headers.getSetCookie()
      return {
        ok: true,
        response: { status: res.status, headers, setCookies, body, url: res.url || req.url },
      }
    } catch (e) {
      if (timeout.aborted)
        return { ok: false, code: 'timeout', detail: `no answer within ${req.timeoutMs} ms` }
      if (req.signal?.aborted) return { ok: false, code: 'aborted', detail: 'cancelled' }
      const err = e as Error & { cause?: { code?: string; message?: string } }
      const detail = err.cause?.code ?? err.cause?.message ?? err.message
      return { ok: false, code: 'network', detail }
    }
  }
}
