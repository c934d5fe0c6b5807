/**
 * What stands between a vendor and the engine (docs/ARCHITECTURE.md §3.2, "Hostile answers"): every request of a
 * connection carries its size caps and redirect policy, every answer's Date header measures the vendor's clock
 * skew, and every snapshot is checked before the engine takes it (entity count, a data time never in the future,
 * no agent in a state since the future); a Retry-After longer than the vendor's cap is cut to it.
 */
import type { ConnectionConfig } from '../../../src-shared/config'
import type { ProviderSnapshot } from '../../../src-shared/model'
import { PROVIDER_DESCRIPTORS } from '../../../src-shared/providers'
import {
  effectiveLimits,
  VENDOR_MAX_REDIRECTS,
  type VendorLimits,
} from '../../../src-shared/providers/limits'
import { readDateHeader, skewOf } from '../http/vendor-clock'
import type { Clock, HttpClient, HttpRequest } from '../ports'
import type { PollResult, ProviderAdapter, ProviderFailure } from '../providers/types'

export type ConnectionLimits = VendorLimits & { redirectHosts: string[] }

export interface VendorGuard {
  /** The connection's HttpClient: caps, redirect policy, skew measurement. */
  http: HttpClient
  limits: ConnectionLimits
  /** Vendor clock − ours (ms), from the latest answer with a Date header; null before any. */
  skewMs(): number | null
  /** The adapter as the poller should see it: snapshots checked, Retry-After capped. */
  adapter(inner: ProviderAdapter): ProviderAdapter
}

const MB = 1024 * 1024

export function limitsOf(config: ConnectionConfig): ConnectionLimits {
  return effectiveLimits(PROVIDER_DESCRIPTORS[config.provider].limits, config.options)
}

export function createVendorGuard(inner: HttpClient, config: ConnectionConfig, clock: Clock): VendorGuard {
  const limits = limitsOf(config)
  const owner = PROVIDER_DESCRIPTORS[config.provider].label
  const bytes = Math.round(limits.maxResponseMB * MB)
  let skew: number | null = null

  const http: HttpClient = {
    async request(req: HttpRequest) {
      const sentAt = clock.now()
      const r = await inner.request({
        ...req,
        limits: req.limits ?? { maxBytes: bytes, maxWireBytes: bytes, owner },
        redirects: req.redirects ?? { max: VENDOR_MAX_REDIRECTS, allowedHosts: limits.redirectHosts },
      })
      if (r.ok) {
        const date = readDateHeader(r.response.headers['date'])
        if (date !== null) skew = skewOf(date, sentAt, clock.now())
      }
      return r
    },
  }

  /** A snapshot past the entity cap is refused; one from the future is brought back to now. */
  const check = (s: ProviderSnapshot): PollResult => {
    const n =
      s.agents.length + s.queues.length + s.chatRooms.length + s.chatMessages.length + s.metrics.length
    if (n > limits.maxEntities) {
      return {
        ok: false,
        failure: {
          code: 'bad_response',
          detail: `the answer holds ${n} agents, queues, chat rooms, messages and metrics, more than ${limits.maxEntities} (limit for ${owner})`,
        },
      }
    }
    const now = clock.now()
    const future = s.agents.some((a) => a.stateSince !== null && a.stateSince > Math.min(s.asOf, now))
    if (s.asOf <= now && !future) return { ok: true, snapshot: s }
    const asOf = Math.min(s.asOf, now)
    return {
      ok: true,
      snapshot: {
        ...s,
        asOf,
        // Never "in this state since the future": that would show a negative time in state.
        agents: s.agents.map((a) =>
          a.stateSince !== null && a.stateSince > asOf ? { ...a, stateSince: asOf } : a,
        ),
      },
    }
  }

  const capRetryAfter = (f: ProviderFailure): ProviderFailure => {
    const cap = limits.maxRetryAfterSec * 1000
    if (f.retryAfterMs === undefined || f.retryAfterMs <= cap) return f
    return { ...f, retryAfterMs: cap, retryAfterAskedMs: f.retryAfterMs }
  }

  const adapter = (a: ProviderAdapter): ProviderAdapter => {
    const guarded: ProviderAdapter = {
      async poll(signal) {
        const r = await a.poll(signal)
        if (!r.ok) return { ok: false, failure: capRetryAfter(r.failure) }
        const c = check(r.snapshot)
        if (!c.ok) return c
        return r.pollAgainInMs === undefined
          ? c
          : { ok: true, snapshot: c.snapshot, pollAgainInMs: r.pollAgainInMs }
      },
    }
    if (a.extras) guarded.extras = (signal) => (a.extras as NonNullable<typeof a.extras>).call(a, signal)
    if (a.watch) {
      const watch = a.watch
      guarded.watch = (emit) =>
        watch.call(a, (s) => {
          const c = check(s)
          // A pushed snapshot past the cap is dropped: the next poll reports it as a failure.
          if (c.ok) emit(c.snapshot)
        })
    }
    if (a.backfill) {
      const backfill = a.backfill
      guarded.backfill = (sinceMs, stepMs) => backfill.call(a, sinceMs, stepMs)
    }
    if (a.past) {
      const past = a.past
      guarded.past = (from, to, stepMs) => past.call(a, from, to, stepMs)
    }
    if (a.dispose) {
      const dispose = a.dispose
      guarded.dispose = () => dispose.call(a)
    }
    return guarded
  }

  return { http, limits, skewMs: () => skew, adapter }
}
