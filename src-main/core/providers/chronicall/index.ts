/**
 * The Chronicall adapter (docs/vendors/chronicall.md §3, §8): the metric list at start and every few minutes,
 * the configured metric values every cycle (in several requests when the list is long), the 206 warm-up,
 * refused ids isolated and parked, and the optional WebSocket push feed.
 */
import type { ProviderSnapshot } from '../../../../src-shared/model'
import { PROVIDER_DESCRIPTORS } from '../../../../src-shared/providers'
import { fail, ok, type Result } from '../../../../src-shared/result'
import type { ChronicallOptions } from '../../../../src-shared/providers/chronicall'
import { effectiveLimits } from '../../../../src-shared/providers/limits'
import { redactUrl } from '../../http/failures'
import { redact } from '../../runtime/redact'
import type { Disposer, MessageSocket } from '../../ports'
import type {
  PollResult,
  ProviderAdapter,
  ProviderContext,
  ProviderExtras,
  ProviderFactory,
  ProviderFailure,
} from '../types'
import { ChronicallClient, PUSH_PATH, type RejectedId, type ResponseTiming } from './client'
import {
  parsePushMessage,
  type ChronicallKey,
  type ChronicallMetricInfo,
  type ChronicallValue,
} from './parse'
import { label, resolveRole } from './roles'
import { estimateSkew } from './skew'
import { buildSnapshot, metricKey } from './snapshot'

/** Ids per values request: keeps URLs short on servers with many enabled metrics. */
export const IDS_PER_REQUEST = 20
/** The metric list is re-read this often (an admin may enable, assign or delete metrics meanwhile). */
export const METRIC_LIST_TTL_MS = 5 * 60_000
/** A refused id is asked for again, on its own, this often. */
export const REJECTED_RECHECK_MS = 5 * 60_000
/** While metrics initialize, ask again this soon (docs/vendors/chronicall.md §5). */
export const WARMUP_POLL_MS = 2_000
/** After a failed push handshake, polling carries on and the handshake is tried again this much later. */
export const PUSH_RETRY_MS = 60_000
/** Pushed values arriving together become one snapshot. */
export const PUSH_COALESCE_MS = 200
/** WebSocket close codes that mean the feed itself misbehaved (protocol, bad data, too big), not a plain goodbye. */
const FEED_FAULT_CLOSES = new Set([1002, 1003, 1007, 1009])

interface ParkedId extends RejectedId {
  recheckAt: number
}

function rejectedText(id: string, info: ChronicallMetricInfo | undefined, r: RejectedId): string {
  const why =
    r.status === 403
      ? 'HTTP 403, not assigned to this service user'
      : 'HTTP 404, no such metric (deleted or mistyped id)'
  return `metric ${label(id, info)}: ${why}${r.vendorMessage ? ` (${r.vendorMessage})` : ''}; not polled, checked again every ${REJECTED_RECHECK_MS / 60_000} min`
}

/**
 * http(s)://host → ws(s)://host/...?id=a&id=b&auth_token=... (repeated id=,
 * docs/vendors/chronicall.md §3.3, §6.6).
 */
export function pushUrl(baseUrl: string, ids: readonly string[], secret: string): string {
  const origin = baseUrl.replace(/^http(s?):\/\//i, (_m, s: string) => `ws${s}://`)
  const q = ids.map((id) => `id=${encodeURIComponent(id)}`).join('&')
  return `${origin}${PUSH_PATH}?${q}&auth_token=${encodeURIComponent(secret)}`
}

class ChronicallAdapter implements ProviderAdapter {
  private readonly options: ChronicallOptions
  private readonly client: ChronicallClient | null
  private catalogue: Map<string, ChronicallMetricInfo> | null = null
  private catalogueAt = 0
  private catalogueStale = false
  private readonly parked = new Map<string, ParkedId>()
  private skewMs = 0
  /** The last cycle's values by metric key, kept up to date by push messages. */
  private readonly latest = new Map<string, ChronicallValue>()
  private readonly initializing = new Map<string, ChronicallKey>()
  private readonly typeById = new Map<string, string>()
  private cycleWarnings: string[] = []
  /** Ids the last cycle got values (or initializing keys) for: what the push feed subscribes to. */
  private liveIds: string[] = []

  private emit: ((s: ProviderSnapshot) => void) | null = null
  private socket: MessageSocket | null = null
  private socketIds = ''
  private socketDisposers: Disposer[] = []
  private opening = false
  private pushRetryAt = 0
  private pushNote: string | null = null
  /** Unreadable push messages since the last readable one. */
  private unreadablePush = 0
  private emitTimer: Disposer | null = null

  constructor(private readonly ctx: ProviderContext) {
    this.options = ctx.config.options as ChronicallOptions
    this.client =
      ctx.secret === null || ctx.config.baseUrl === null
        ? null
        : new ChronicallClient(ctx.config.baseUrl, ctx.secret, ctx.http, ctx.clock)
  }

  private preflight(): Result<ChronicallClient, ProviderFailure> {
    if (this.ctx.secret === null) {
      return fail({ code: 'auth', detail: 'no service user key is set for this connection' })
    }
    if (this.client === null) {
      return fail({ code: 'config', detail: 'the Chronicall server address is missing', terminal: true })
    }
    return ok(this.client)
  }

  private async refreshCatalogue(
    client: ChronicallClient,
    signal: AbortSignal,
  ): Promise<ProviderFailure | null> {
    const now = this.ctx.clock.now()
    if (this.catalogue !== null && !this.catalogueStale && now - this.catalogueAt < METRIC_LIST_TTL_MS)
      return null
    const r = await client.listMetrics(signal)
    if (!r.ok) {
      // A later refresh that fails for a passing reason keeps the list we have; bad credentials never do.
      if (this.catalogue === null || r.error.code === 'auth') return r.error
      this.ctx.log.warn('could not refresh the Chronicall metric list; keeping the previous one', {
        detail: r.error.detail,
      })
      return null
    }
    this.catalogue = new Map(r.value.metrics.map((m) => [m.metricId, m]))
    this.catalogueAt = now
    this.catalogueStale = false
    this.ctx.log.debug('chronicall metric list', { metrics: r.value.metrics.length })
    return null
  }

  /** The ids this connection polls: options.metricIds, or every listed metric. */
  private wantedIds(): string[] {
    const ids =
      this.options.metricIds.length > 0 ? this.options.metricIds : [...(this.catalogue?.keys() ?? [])]
    return [...new Set(ids)]
  }

  async poll(signal: AbortSignal): Promise<PollResult> {
    const pre = this.preflight()
    if (!pre.ok) return { ok: false, failure: pre.error }
    const client = pre.value
    const listFailure = await this.refreshCatalogue(client, signal)
    if (listFailure) return { ok: false, failure: listFailure }
    const catalogue = this.catalogue ?? new Map<string, ChronicallMetricInfo>()

    const wanted = this.wantedIds()
    if (wanted.length === 0) {
      return {
        ok: false,
        failure: {
          code: 'config',
          terminal: true,
          detail:
            'no realtime metrics are enabled for API use for this service user (Chronicall: API Enablement → Realtime Metric Access)',
        },
      }
    }
    const wantedSet = new Set(wanted)
    for (const id of [...this.parked.keys()]) if (!wantedSet.has(id)) this.parked.delete(id)

    const now = this.ctx.clock.now()
    const recheck = wanted.filter((id) => (this.parked.get(id)?.recheckAt ?? Infinity) <= now)
    const active = wanted.filter((id) => !this.parked.has(id))

    const results: ChronicallValue[] = []
    const initializing: ChronicallKey[] = []
    const timings: ResponseTiming[] = []
    const newlyRejected = new Map<string, RejectedId>()

    for (let i = 0; i < active.length; i += IDS_PER_REQUEST) {
      const r = await client.valuesIsolating(active.slice(i, i + IDS_PER_REQUEST), signal)
      if (!r.ok) return { ok: false, failure: r.error }
      results.push(...r.value.results)
      initializing.push(...r.value.initializing)
      timings.push(...r.value.timings)
      for (const [id, why] of r.value.rejected) newlyRejected.set(id, why)
    }
    // A parked id is asked for alone, so a still-refused id never fails a batch of good ones.
    for (const id of recheck) {
      const r = await client.valuesIsolating([id], signal)
      if (!r.ok) return { ok: false, failure: r.error }
      results.push(...r.value.results)
      initializing.push(...r.value.initializing)
      timings.push(...r.value.timings)
      const why = r.value.rejected.get(id)
      if (why) newlyRejected.set(id, why)
      else {
        this.parked.delete(id)
        this.ctx.log.info('chronicall metric is readable again', { metricId: id })
      }
    }
    const after = this.ctx.clock.now()
    for (const [id, why] of newlyRejected) {
      if (!this.parked.has(id)) {
        this.ctx.log.warn('chronicall refused a metric id; polling the others', {
          metricId: id,
          status: why.status,
        })
      }
      this.parked.set(id, { ...why, recheckAt: after + REJECTED_RECHECK_MS })
    }
    // The list probably changed (a metric deleted or reassigned): read it again next cycle.
    if (newlyRejected.size > 0) this.catalogueStale = true

    if (results.length === 0 && initializing.length === 0 && wanted.every((id) => this.parked.has(id))) {
      const statuses = new Set(wanted.map((id) => this.parked.get(id)?.status))
      return {
        ok: false,
        failure: {
          code: statuses.has(403) ? 'forbidden' : 'not_found',
          status: statuses.has(403) ? 403 : 404,
          terminal: true,
          detail: `Chronicall refused every configured metric: ${wanted
            .map((id) => rejectedText(id, catalogue.get(id), this.parked.get(id) as ParkedId))
            .join('; ')}`,
        },
      }
    }

    this.skewMs = estimateSkew(timings, this.skewMs)
    const date = [...timings].reverse().find((t) => t.date !== null)?.date ?? null
    // Our clock at arrival is the data time; the server's Date header anchors only the server-stamped times
    // (docs/ARCHITECTURE.md §3.2, "Vendor clocks").
    const asOf = after

    this.latest.clear()
    for (const r of results) this.latest.set(metricKey(r.key), r)
    this.initializing.clear()
    for (const k of initializing) this.initializing.set(metricKey(k), k)
    for (const r of results) {
      const t = r.value['type']
      if (typeof t === 'string') this.typeById.set(r.key.metricId, t)
    }
    this.cycleWarnings = wanted
      .filter((id) => this.parked.has(id))
      .map((id) => rejectedText(id, catalogue.get(id), this.parked.get(id) as ParkedId))
    this.liveIds = wanted.filter((id) => !this.parked.has(id))

    const snapshot = this.snapshot(asOf, date ?? asOf + this.skewMs)
    void this.ensurePush()
    return initializing.length > 0
      ? { ok: true, snapshot, pollAgainInMs: WARMUP_POLL_MS }
      : { ok: true, snapshot }
  }

  private snapshot(asOf: number, serverAsOf: number): ProviderSnapshot {
    return buildSnapshot({
      connection: this.ctx.config.id,
      asOf,
      serverAsOf,
      skewMs: this.skewMs,
      catalogue: this.catalogue ?? new Map(),
      roles: this.options.roles,
      stateMap: this.options.stateMap,
      results: [...this.latest.values()],
      initializing: [...this.initializing.values()],
      warnings: this.pushNote === null ? this.cycleWarnings : [...this.cycleWarnings, this.pushNote],
    })
  }

  async extras(signal: AbortSignal): Promise<ProviderExtras[]> {
    const pre = this.preflight()
    if (!pre.ok) return []
    const listed = await pre.value.listMetrics(signal)
    if (!listed.ok) return []
    const r = listed.value
    this.catalogue = new Map(r.metrics.map((m) => [m.metricId, m]))
    this.catalogueAt = this.ctx.clock.now()
    this.catalogueStale = false
    // The list has no value types; one values request per batch learns them (and starts their warm-up).
    const unknown = r.metrics.map((m) => m.metricId).filter((id) => !this.typeById.has(id))
    const refused = new Map<string, RejectedId>()
    for (let i = 0; i < unknown.length; i += IDS_PER_REQUEST) {
      const v = await pre.value.valuesIsolating(unknown.slice(i, i + IDS_PER_REQUEST), signal)
      if (!v.ok) break
      for (const x of v.value.results) {
        const t = x.value['type']
        if (typeof t === 'string' && !this.typeById.has(x.key.metricId)) this.typeById.set(x.key.metricId, t)
      }
      for (const [id, why] of v.value.rejected) refused.set(id, why)
    }
    const items = r.metrics.map((m) => {
      const type = this.typeById.get(m.metricId) ?? null
      const role = resolveRole(m.metricId, m, type, this.options.roles, () => undefined)
      const why = refused.get(m.metricId) ?? this.parked.get(m.metricId)
      const parts = [
        `id ${m.metricId}`,
        m.categoryType ?? 'no category',
        type ?? 'type not known yet (initializing)',
        `meaning ${role.role}${role.explicit ? '' : ' (suggested)'}`,
      ]
      if (why)
        parts.push(why.status === 403 ? 'HTTP 403: not assigned to this key' : 'HTTP 404: does not exist')
      return `${m.metricName ?? m.metricId} (${parts.join(', ')})`
    })
    return [{ title: 'Metrics available to this key', items }]
  }

  watch(emit: (snapshot: ProviderSnapshot) => void): Disposer {
    if (!this.options.push) return () => undefined
    this.emit = emit
    void this.ensurePush()
    return () => {
      if (this.emit === emit) {
        this.emit = null
        this.closePush()
      }
    }
  }

  async dispose(): Promise<void> {
    this.emit = null
    this.closePush()
  }

  private closePush(): void {
    for (const d of this.socketDisposers) d()
    this.socketDisposers = []
    this.emitTimer?.()
    this.emitTimer = null
    const s = this.socket
    this.socket = null
    this.socketIds = ''
    s?.close()
  }

  private scrub(text: string): string {
    return redact(text, [this.ctx.secret])
  }

  /** Open (or re-open for a changed id set) the push feed when someone watches and push is on. */
  private async ensurePush(): Promise<void> {
    const secret = this.ctx.secret
    const baseUrl = this.ctx.config.baseUrl
    if (this.emit === null || !this.options.push || secret === null || baseUrl === null || this.opening)
      return
    const ids = this.liveIds
    if (ids.length === 0 || this.ctx.clock.now() < this.pushRetryAt) return
    const idsKey = ids.join(',')
    if (this.socket !== null && this.socketIds === idsKey) return
    this.closePush()
    this.opening = true
    const url = pushUrl(baseUrl, ids, secret)
    const safeUrl = redactUrl(url)
    try {
      // A pushed message is capped like an HTTP answer of this connection (docs/ARCHITECTURE.md §3.2).
      const { maxResponseMB } = effectiveLimits(
        PROVIDER_DESCRIPTORS.chronicall.limits,
        this.ctx.config.options,
      )
      const r = await this.ctx.sockets.open(url, {
        timeoutMs: 10_000,
        maxMessageBytes: Math.round(maxResponseMB * 1024 * 1024),
      })
      if (!r.ok) {
        this.pushRetryAt = this.ctx.clock.now() + PUSH_RETRY_MS
        const detail = this.scrub(r.detail)
        this.pushNote = `push feed unavailable (${r.status !== null ? `HTTP ${r.status} at the WebSocket handshake` : detail}); polling instead`
        this.ctx.log.warn('chronicall push handshake failed; polling instead', {
          url: safeUrl,
          status: r.status,
          detail,
        })
        return
      }
      if (this.emit === null) {
        r.socket.close()
        return
      }
      this.socket = r.socket
      this.socketIds = idsKey
      this.pushNote = null
      this.unreadablePush = 0
      const socket = r.socket
      this.socketDisposers = [
        socket.onMessage((text) => this.onPush(text)),
        socket.onClose((code, reason) => {
          if (this.socket !== socket) return
          for (const d of this.socketDisposers) d()
          this.socketDisposers = []
          this.socket = null
          this.socketIds = ''
          const why = this.scrub(reason)
          if (code === 1009) {
            // Too big for the cap: the same feed would send it again, so wait before opening it again.
            this.pushRetryAt = this.ctx.clock.now() + PUSH_RETRY_MS
            this.pushNote = `push feed closed: it sent a message larger than ${maxResponseMB} MB (limit for Chronicall); polling instead, the feed is tried again in ${PUSH_RETRY_MS / 60_000} min`
          } else if (FEED_FAULT_CLOSES.has(code) || code === 1006) {
            // Reconnect at the next poll; polling carries the data meanwhile.
            this.pushNote = `push feed closed (code ${code}${why ? `: ${why}` : code === 1006 ? ', the connection dropped' : ''}); polling instead`
          }
          this.ctx.log.info('chronicall push feed closed', { code, reason: why })
        }),
      ]
      this.ctx.log.info('chronicall push feed open', { url: safeUrl, metrics: ids.length })
    } catch (e) {
      this.pushRetryAt = this.ctx.clock.now() + PUSH_RETRY_MS
      this.ctx.log.error('chronicall push feed could not start', {
        url: safeUrl,
        error: this.scrub(String(e)),
      })
    } finally {
      this.opening = false
    }
  }

  private onPush(text: string): void {
    const p = parsePushMessage(text)
    if (!p.ok) {
      // Logged once per run of bad messages; the note stays until a readable one arrives.
      if (this.unreadablePush === 0)
        this.ctx.log.warn('unreadable chronicall push message', { detail: p.error })
      this.unreadablePush += 1
      this.pushNote = `the push feed sends unreadable messages (${this.unreadablePush}, the last: ${p.error.slice(0, 120)}); their values are ignored, polling carries them`
      return
    }
    if (this.unreadablePush > 0) {
      this.unreadablePush = 0
      this.pushNote = null
    }
    for (const v of p.value) {
      const k = metricKey(v.key)
      this.latest.set(k, v)
      this.initializing.delete(k)
      const t = v.value['type']
      if (typeof t === 'string') this.typeById.set(v.key.metricId, t)
    }
    if (this.emitTimer === null) {
      this.emitTimer = this.ctx.clock.setTimer(PUSH_COALESCE_MS, () => {
        this.emitTimer = null
        const emit = this.emit
        if (emit === null) return
        const now = this.ctx.clock.now()
        emit(this.snapshot(now, now + this.skewMs))
      })
    }
  }
}

export const createChronicallAdapter: ProviderFactory = (ctx) => new ChronicallAdapter(ctx)
