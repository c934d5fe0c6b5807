/**
 * Bright Pattern's Real-Time Stats API is stateful (docs/vendors/brightpattern.md §5, §8): authenticate →
 * clear a stale subscription → subscribe → poll data. This client owns that state machine, both auth
 * generations and the cookie jar; it returns raw data bodies and typed failures, never throws for an expected
 * failure and never puts the secret, the token or a cookie into a message.
 */
import type { BrightPatternOptions } from '../../../../src-shared/providers/brightpattern'
import { fail, type Result } from '../../../../src-shared/result'
import { failureFromStatus, failureFromTransport, redactUrl } from '../../http/failures'
import { parseRetryAfter } from '../../http/retry-after'
import type { HttpResponse, HttpResult } from '../../ports'
import type { ProviderContext, ProviderFailure } from '../types'
import { CookieJar } from './cookie-jar'
import { parseDispositions, parseSessionToken, parseTokenResponse, vendorErrorMessage } from './parse'
import { subscriptionBody, type SubscriptionSpec } from './subscription'

export type Step<T> = Result<T, ProviderFailure>

export type DataRead = { kind: 'ready'; body: string; asOf: number } | { kind: 'warming'; asOf: number }

/**
 * What one cycle may still spend: one re-authentication and one re-subscription
 * (docs/vendors/brightpattern.md §2.3, §5).
 */
interface Budget {
  reauth: boolean
  resubscribe: boolean
}

const TIMEOUT_MS = 10_000
/** 409 is a tenant-wide limit: retry slowly (docs/vendors/brightpattern.md §6.3). */
const SUBSCRIPTION_LIMIT_RETRY_MS = 60_000
/** Refresh this long before `expires_in` runs out (docs/vendors/brightpattern.md §2.1). */
const TOKEN_REFRESH_MARGIN_SEC = 60
/** When a token answer has no usable expires_in, refresh early rather than wait for a 401. */
const FALLBACK_TOKEN_TTL_SEC = 300

const PRIVILEGES =
  'the user needs the "Access Realtime Stats API", "View real-time agent metrics" and "View real-time service metrics" privileges'

const ok: Step<void> = { ok: true, value: undefined }

/** The vendor's own words on a failure, when it gave any. */
const vendorMessageOf = (msg: string | undefined): { vendorMessage?: string } =>
  msg ? { vendorMessage: msg } : {}

export class BrightPatternClient {
  private readonly jar: CookieJar
  private token: { value: string; refreshAt: number } | null = null
  private sessionActive = false
  private authInFlight: Promise<Step<void>> | null = null
  private subscribed = false
  /**
   * A previous run (or crash) may have left a subscription holding the tenant's slot
   * (docs/vendors/brightpattern.md §6.1).
   */
  private clearStale = true
  /** A POST was sent since the last successful DELETE: dispose must free the slot. */
  private mayHoldSlot = false

  constructor(
    private readonly ctx: ProviderContext,
    private readonly base: string,
    private readonly options: BrightPatternOptions,
    private readonly spec: SubscriptionSpec,
  ) {
    this.jar = new CookieJar(() => ctx.clock.now())
  }

  /**
   * The tenant name Bright Pattern knows: the OAuth scope and the legacy `tenant_url`
   * (docs/vendors/brightpattern.md §2).
   */
  get tenant(): string {
    if (this.options.tenantUrl) return this.options.tenantUrl
    try {
      return new URL(this.base).host
    } catch {
      return this.base
    }
  }

  get isSubscribed(): boolean {
    return this.subscribed
  }

  /** The data belonged to someone else's subscription: subscribe again on the next cycle. */
  markSubscriptionLost(): void {
    this.subscribed = false
  }

  // -------------------------------------------------------------------------------------------------------------
  // Transport

  private async send(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    opts: { body?: string; contentType?: string; signal?: AbortSignal },
  ): Promise<Step<HttpResponse>> {
    const url = `${this.base}${path}`
    const pathOnly = path.split('?')[0] ?? path
    const headers: Record<string, string> = { accept: 'application/json' }
    if (opts.contentType) headers['content-type'] = opts.contentType
    if (this.token) headers['authorization'] = `Bearer ${this.token.value}`
    const cookie = this.jar.header(pathOnly)
    if (cookie !== null) headers['cookie'] = cookie
    const r: HttpResult = await this.ctx.http.request({
      method,
      url,
      headers,
      body: opts.body,
      timeoutMs: TIMEOUT_MS,
      signal: opts.signal,
    })
    if (!r.ok) {
      if (r.code === 'aborted') return fail({ code: 'timeout', detail: `cancelled: ${redactUrl(url)}` })
      return fail(failureFromTransport(r, url))
    }
    this.jar.store(r.response.setCookies, pathOnly)
    return { ok: true, value: r.response }
  }

  /**
   * A request that needs the session. A 401 means the token or cookie is no longer good (expired, or another
   * login of the same user replaced the session): authenticate again once per cycle and retry; a second 401 is an
   * `auth` failure (docs/vendors/brightpattern.md §2.3).
   */
  private async authed(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    budget: Budget,
    opts: { body?: string; contentType?: string; signal?: AbortSignal } = {},
  ): Promise<Step<HttpResponse>> {
    const a = await this.ensureAuth(opts.signal)
    if (!a.ok) return a
    let r = await this.send(method, path, opts)
    if (r.ok && r.value.status === 401 && budget.reauth) {
      budget.reauth = false
      this.ctx.log.info('Bright Pattern answered 401; authenticating again', { path })
      this.forgetAuth()
      const again = await this.ensureAuth(opts.signal)
      if (!again.ok) return again
      r = await this.send(method, path, opts)
    }
    if (r.ok && r.value.status === 401) {
      this.forgetAuth()
      return fail({
        code: 'auth',
        status: 401,
        terminal: true,
        detail: `Bright Pattern refused a fresh ${this.options.auth === 'oauth' ? 'access token' : 'session'} (HTTP 401 from ${redactUrl(r.value.url)}): ${PRIVILEGES}`,
      })
    }
    return r
  }

  // -------------------------------------------------------------------------------------------------------------
  // Authentication

  private isAuthenticated(): boolean {
    if (this.options.auth === 'session') return this.sessionActive
    return this.token !== null && this.ctx.clock.now() < this.token.refreshAt
  }

  private forgetAuth(): void {
    this.token = null
    this.sessionActive = false
    this.jar.clear()
  }

  ensureAuth(signal?: AbortSignal): Promise<Step<void>> {
    if (this.isAuthenticated()) return Promise.resolve(ok)
    // Single flight: a connection test's extras() may run beside a poll.
    this.authInFlight ??= (
      this.options.auth === 'oauth' ? this.oauthLogin(signal) : this.sessionLogin(signal)
    ).finally(() => {
      this.authInFlight = null
    })
    return this.authInFlight
  }

  private missing(): Step<void> | null {
    if (this.ctx.secret === null) {
      return fail({
        code: 'auth',
        terminal: true,
        detail: `no ${this.options.auth === 'oauth' ? 'client secret' : 'password'} is stored for this connection`,
      })
    }
    if (!this.ctx.config.username) {
      return fail({
        code: 'config',
        terminal: true,
        detail: `the ${this.options.auth === 'oauth' ? 'client id' : 'user name'} (username) is missing`,
      })
    }
    return null
  }

  /** OAuth 2.0 client credentials (docs/vendors/brightpattern.md §2.1); `expires_in` may be a string. */
  private async oauthLogin(signal?: AbortSignal): Promise<Step<void>> {
    const miss = this.missing()
    if (miss) return miss
    this.token = null
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.ctx.config.username ?? '',
      client_secret: this.ctx.secret ?? '',
      scope: this.tenant,
    })
    const r = await this.send('POST', '/configapi/v2/oauth/token', {
      body: form.toString(),
      contentType: 'application/x-www-form-urlencoded',
      signal,
    })
    if (!r.ok) return r
    const res = r.value
    if (res.status === 200) {
      const t = parseTokenResponse(res.body)
      if (!t) {
        return fail({
          code: 'bad_response',
          status: 200,
          detail: 'the OAuth token answer has no access_token',
        })
      }
      const ttl = t.expiresInSec ?? FALLBACK_TOKEN_TTL_SEC
      const lead = ttl > 2 * TOKEN_REFRESH_MARGIN_SEC ? ttl - TOKEN_REFRESH_MARGIN_SEC : ttl / 2
      this.token = { value: t.accessToken, refreshAt: this.ctx.clock.now() + lead * 1000 }
      this.ctx.log.info('Bright Pattern access token obtained', { expiresInSec: ttl })
      return ok
    }
    const msg = vendorErrorMessage(res.body)
    if (res.status === 400 || res.status === 401) {
      return fail({
        code: 'auth',
        status: res.status,
        terminal: true,
        detail: `Bright Pattern rejected the client id or secret (HTTP ${res.status}${msg ? `: ${msg}` : ''})`,
        ...vendorMessageOf(msg),
      })
    }
    if (res.status === 404) {
      return fail({
        code: 'config',
        status: 404,
        terminal: true,
        detail: `no OAuth token endpoint at ${redactUrl(res.url)}: check the tenant URL (old on-prem versions need the session login)`,
      })
    }
    return fail(failureFromStatus(res, this.ctx.clock.now(), msg))
  }

  /**
   * Legacy session login (docs/vendors/brightpattern.md §2.2): the session is whatever cookies the server
   * sets.
   */
  private async sessionLogin(signal?: AbortSignal): Promise<Step<void>> {
    const miss = this.missing()
    if (miss) return miss
    this.forgetAuth()
    const username = this.ctx.config.username ?? ''
    const r = await this.send('POST', '/statsapi/auth', {
      body: JSON.stringify({ tenant_url: this.tenant, username, password: this.ctx.secret ?? '' }),
      contentType: 'application/json',
      signal,
    })
    if (!r.ok) return r
    const res = r.value
    if (res.status === 200) {
      const token = parseSessionToken(res.body)
      if (this.jar.size === 0 && token !== null) {
        // No Set-Cookie reached us: send the documented cookie form by hand (3.15+ docs,
        // docs/vendors/brightpattern.md §2.2).
        this.jar.set('X-STATSAPI-TOKEN', token)
        this.jar.set('X-STATSAPI-TENANT', this.tenant)
        this.jar.set('X-STATSAPI-LOGIN', username)
      }
      if (this.jar.size === 0) {
        return fail({
          code: 'bad_response',
          status: 200,
          detail: 'the login answer set no session cookie and no token',
        })
      }
      this.sessionActive = true
      this.ctx.log.info('Bright Pattern session opened')
      return ok
    }
    const msg = vendorErrorMessage(res.body)
    if (res.status === 401) {
      return fail({
        code: 'auth',
        status: 401,
        terminal: true,
        detail: `Bright Pattern rejected the user name or password (HTTP 401${msg ? `: ${msg}` : ''})`,
        ...vendorMessageOf(msg),
      })
    }
    if (res.status === 403 && msg !== undefined && /illegal login/i.test(msg)) {
      // BPCC 5.36+ refuses the legacy login (docs/vendors/brightpattern.md §2.2).
      return fail({
        code: 'config',
        status: 403,
        terminal: true,
        vendorMessage: msg,
        detail: `this Bright Pattern server no longer accepts the session login ("${msg}"): switch Authentication to OAuth`,
      })
    }
    if (res.status === 404) {
      return fail({
        code: 'config',
        status: 404,
        terminal: true,
        detail: `no Real-Time Stats API at ${redactUrl(res.url)}: check the tenant URL`,
      })
    }
    return fail(failureFromStatus(res, this.ctx.clock.now(), msg))
  }

  // -------------------------------------------------------------------------------------------------------------
  // Subscription

  private async subscribe(budget: Budget, signal?: AbortSignal): Promise<Step<void>> {
    if (this.clearStale) {
      // "Each client can have only one active subscription" (docs/vendors/brightpattern.md §6.1): free
      // whatever an earlier run left behind. Any answer but 401 is fine here (there may be nothing to
      // delete).
      const d = await this.authed('DELETE', '/statsapi/subscription/active', budget, { signal })
      if (!d.ok && d.error.code === 'auth') return d
      if (d.ok) this.clearStale = false
    }
    this.mayHoldSlot = true
    const r = await this.authed('POST', '/statsapi/subscription', budget, {
      body: subscriptionBody(this.spec),
      contentType: 'application/json',
      signal,
    })
    if (!r.ok) return r
    const res = r.value
    if (res.status >= 200 && res.status < 300) {
      this.subscribed = true
      this.ctx.log.info('Bright Pattern subscription created', {
        agentColumns: this.spec.agentGrid.columns.length,
        serviceColumns: this.spec.serviceGrid.columns.length,
        totals: this.spec.totals.length,
      })
      return ok
    }
    const msg = vendorErrorMessage(res.body)
    const now = this.ctx.clock.now()
    if (res.status === 409) {
      return fail({
        code: 'rate_limited',
        status: 409,
        terminal: true,
        retryAfterMs: parseRetryAfter(res.headers['retry-after'], now) ?? SUBSCRIPTION_LIMIT_RETRY_MS,
        detail:
          "the tenant's limit of active subscriptions is reached: close another wallboard or ask the Bright Pattern admin to raise the limit",
        ...vendorMessageOf(msg),
      })
    }
    if (res.status === 400) {
      return fail({
        code: 'config',
        status: 400,
        terminal: true,
        detail: `Bright Pattern rejected the subscription: ${msg ?? 'no reason given'} (check the statistic names in the connection's settings)`,
        ...vendorMessageOf(msg),
      })
    }
    return fail(this.failure(res, msg))
  }

  /** Statuses without a Bright Pattern-specific meaning at this step. */
  private failure(res: HttpResponse, msg: string | undefined): ProviderFailure {
    const f = failureFromStatus(res, this.ctx.clock.now(), msg)
    if (res.status === 403) f.detail = `${f.detail} (${PRIVILEGES})`
    if (res.status === 404) {
      f.code = 'config'
      f.terminal = true
      f.detail = `no Real-Time Stats API at ${redactUrl(res.url)} (HTTP 404): check the tenant URL`
    }
    return f
  }

  // -------------------------------------------------------------------------------------------------------------
  // Data

  /** Our clock at arrival: the vendor's Date only measures skew (docs/ARCHITECTURE.md §3.2, "Vendor clocks"). */
  private asOf(_res: HttpResponse): number {
    return this.ctx.clock.now()
  }

  /** One poll cycle: (auth) → (subscribe) → GET data, with one re-auth and one re-subscribe to spend. */
  async cycle(signal?: AbortSignal): Promise<Step<DataRead>> {
    const budget: Budget = { reauth: true, resubscribe: true }
    if (!this.subscribed) {
      const s = await this.subscribe(budget, signal)
      if (!s.ok) return s
    }
    for (;;) {
      const r = await this.authed('GET', '/statsapi/subscription/data', budget, { signal })
      if (!r.ok) return r
      const res = r.value
      if (res.status === 204) return { ok: true, value: { kind: 'warming', asOf: this.asOf(res) } }
      if (res.status === 200)
        return { ok: true, value: { kind: 'ready', body: res.body, asOf: this.asOf(res) } }
      if (res.status === 404) {
        // No active subscription: the server restarted, it expired, or another client replaced it
        // (docs/vendors/brightpattern.md §5).
        this.subscribed = false
        if (!budget.resubscribe) {
          return fail({
            code: 'unavailable',
            status: 404,
            detail: 'Bright Pattern dropped the subscription again right after it was created',
          })
        }
        budget.resubscribe = false
        this.ctx.log.info('Bright Pattern has no active subscription (404); subscribing again')
        const s = await this.subscribe(budget, signal)
        if (!s.ok) return s
        continue
      }
      return fail(this.failure(res, vendorErrorMessage(res.body)))
    }
  }

  /** Disposition names for the connection test (docs/vendors/brightpattern.md §3, §6.10). */
  async dispositions(signal?: AbortSignal): Promise<Step<string[]>> {
    const r = await this.authed(
      'GET',
      '/statsapi/cfg/dispositions?agentCanSelect=1&inbound=1&outbound=1&preview=1',
      { reauth: true, resubscribe: false },
      { signal },
    )
    if (!r.ok) return r
    if (r.value.status !== 200) return fail(this.failure(r.value, vendorErrorMessage(r.value.body)))
    const list = parseDispositions(r.value.body)
    if (list === null) {
      return fail({ code: 'bad_response', status: 200, detail: 'the dispositions answer is not a list' })
    }
    return { ok: true, value: list }
  }

  /**
   * Free the tenant's subscription slot (docs/vendors/brightpattern.md §6.1: on exit, DELETE
   * /statsapi/subscription/active) and close a legacy session. Never throws; afterwards the next poll starts
   * from scratch.
   */
  async release(): Promise<void> {
    try {
      if (this.mayHoldSlot && this.missing() === null) {
        const r = await this.authed('DELETE', '/statsapi/subscription/active', {
          reauth: true,
          resubscribe: false,
        })
        if (r.ok && r.value.status < 300) {
          this.mayHoldSlot = false
          this.ctx.log.info('Bright Pattern subscription deleted')
        } else {
          this.ctx.log.warn('could not delete the Bright Pattern subscription', {
            detail: r.ok ? `HTTP ${r.value.status}` : r.error.detail,
          })
        }
      }
      if (this.options.auth === 'session' && this.sessionActive) {
        // Logout, as the sample wallboard does (docs/vendors/brightpattern.md §2.2): one session per user, so
        // do not hold it.
        await this.send('DELETE', '/statsapi/auth', {})
      }
    } catch (e) {
      this.ctx.log.error('releasing the Bright Pattern subscription failed', { detail: (e as Error).message })
    } finally {
      this.subscribed = false
      this.clearStale = true
      this.forgetAuth()
    }
  }
}
