/**
 * A team poller (`headless --team URL --site SITE`, study §3.4–3.5): contends for the lease of every connection of
 * the site whose secret it has, and for each one it holds runs the ordinary engine (one engine per connection, so
 * its patches and sequence are that connection's), evaluates the site's rules for it once for the whole team, and
 * publishes:
 * - the connection's whole state to `fw_live` first, then the patch on `fw.<site>.live.<conn>` (a viewer joining in
 *   between never misses one, study §4.6-3);
 * - a compact history sample per poll to FW_HIST (`Nats-Msg-Id` de-duplicates a sample sent twice);
 * - alert lifecycle events to FW_EVENTS and the alert state to `fw_alerts`, which a new holder loads so nothing
 *   fires or notifies again across a failover;
 * and answers acknowledgements on `fw.<site>.cmd.<conn>.ack.<user>`.
 *
 * Fencing: every vendor request goes through an HTTP client (and WebSocket connector) that refuses to start once
 * the lease has less than a moment left and cuts the request's timeout to the lease's remaining validity, so no
 * vendor request of a fenced holder can overlap the next holder's. Cadence across a hand-over: the new holder's
 * first poll waits until the previous holder's last request + the interval.
 */
import { hostname } from 'node:os'
import type { NatsConnection } from '@nats-io/nats-core'
import { headers as natsHeaders } from '@nats-io/nats-core'
import { jetstream, type JetStreamClient } from '@nats-io/jetstream'
import type { KV } from '@nats-io/kv'
import {
  alertPrefsOf,
  validateConfig,
  webhooksOf,
  type Config,
  type ConnectionConfig,
  type WebhookConfig,
} from '../../src-shared/config'
import type { LivePatch } from '../../src-shared/live'
import { PROVIDER_DESCRIPTORS } from '../../src-shared/providers'
import {
  commandParts,
  HDR_EPOCH,
  HDR_POLLER,
  HDR_SEQ,
  HDR_TIME,
  TEAM_BUCKETS,
  teamKeys,
  teamSubjects,
  type TeamAckReply,
  type TeamAckRequest,
  type TeamHistorySample,
  type TeamSiteConfig,
  type TeamSnapshot,
} from '../../src-shared/team'
import { silentNotifier } from '../core/alerts/notifier'
import { createAlertService, type AlertService } from '../core/alerts/service'
import { createWebhookSender } from '../core/alerts/webhook'
import { createEngine, type Engine } from '../core/engine'
import { historyValuesOf } from '../core/engine/live-store'
import type { Clock, Disposer, HttpClient, Logger, Random, SocketConnector } from '../core/ports'
import type { AlertEvent } from '../../src-shared/alerts'
import { teamAlertStore, type TeamAlertDoc } from './alert-doc'
import { TeamBoard, withoutRaw } from './board'
import { decodeJson, encodeJson, getJson, kvLeaseStore, watchJson } from './kv'
import { createLeaseManager, type LeaseManager } from './lease'
import { openBucket } from './nats'

/** A request is not started with less lease than this left (ms): it could not finish anyway. */
const MIN_REQUEST_MS = 250

/** Lines the runner prints (NDJSON, docs/ARCHITECTURE.md §7.2 plus `lease`). */
export type TeamPollerLine =
  | { type: 'lease'; connection: string; state: 'acquired' | 'lost' | 'fenced' | 'released'; epoch: number }
  | ({ type: 'snapshot' } & Record<string, unknown>)
  | { type: 'status'; connection: string; state: string; detail: string | null }
  | AlertEvent

export interface TeamPollerDeps {
  nc: NatsConnection
  site: string
  /** This poller's team user name (also on every patch and lease). */
  user: string
  leaseTtlMs: number
  clock: Clock
  mono: () => number
  random: Random
  http: HttpClient
  sockets: SocketConnector
  /** A connection's vendor secret (headless: the environment variable its secretEnv names), or null. */
  secretFor: (c: ConnectionConfig) => Promise<string | null>
  /**
   * An escalation webhook's URL (headless: the environment variable its urlEnv names), or null. The holder of a
   * connection's lease sends its alerts' webhook steps, once for the team (docs/TEAM.md).
   */
  webhookUrlFor?: (w: WebhookConfig) => Promise<string | null>
  log: Logger
  write: (line: TeamPollerLine) => void
  /** Contend interval, ms (default 1000 ± 50 %). */
  contendMs?: number
}

export interface TeamPoller {
  /** Held connections and their epochs. */
  held(): { conn: string; epoch: number }[]
  /** The site config in force (null until read). */
  config(): Config | null
  /** Graceful stop: release every lease after letting the vendors go. */
  stop(): Promise<void>
}

/** Short, stable id of a list of history keys. */
export function schemaRev(keys: readonly string[]): string {
  let h = 0x811c9dc5
  for (const k of keys) {
    for (let i = 0; i < k.length; i++) {
      h ^= k.charCodeAt(i)
      h = Math.imul(h, 0x01000193) >>> 0
    }
    h ^= 10
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}

/** An HttpClient that only lets requests run while the lease is good, and notes when the last one started. */
export function fencedHttp(
  inner: HttpClient,
  validFor: () => number,
  started: (at: number) => void,
  now: () => number,
): HttpClient {
  return {
    async request(req) {
      const left = validFor()
      if (left < MIN_REQUEST_MS) {
        return { ok: false, code: 'aborted', detail: 'this poller no longer holds the team lease' }
      }
      started(now())
      return inner.request({ ...req, timeoutMs: Math.max(1, Math.floor(Math.min(req.timeoutMs, left))) })
    },
  }
}

function fencedSockets(inner: SocketConnector, validFor: () => number): SocketConnector {
  return {
    open(url, opts) {
      if (validFor() < MIN_REQUEST_MS)
        return Promise.resolve({
          ok: false,
          status: null,
          detail: 'this poller no longer holds the team lease',
        })
      return inner.open(url, opts)
    },
  }
}

interface Runner {
  conn: ConnectionConfig
  epoch: number
  /** Stop polling; `graceful`: the lease is still good, so vendor state is released and a last state written. */
  stop(graceful: boolean): Promise<void>
}

export async function startTeamPoller(d: TeamPollerDeps): Promise<TeamPoller> {
  const { nc, site, clock, log } = d
  const js: JetStreamClient = jetstream(nc)
  const [live, leaseKv, configKv, alertsKv] = await Promise.all([
    openBucket(nc, TEAM_BUCKETS.live),
    openBucket(nc, TEAM_BUCKETS.lease),
    openBucket(nc, TEAM_BUCKETS.config),
    openBucket(nc, TEAM_BUCKETS.alerts),
  ])
  let current: Config | null = null
  let stopping = false
  const webhookSender = createWebhookSender({
    http: d.http,
    clock,
    log: log.child('webhooks'),
    urlOf: d.webhookUrlFor ?? (async () => null),
  })
  const runners = new Map<string, Runner>()
  const starting = new Map<string, Promise<Runner | null>>()

  const leases: LeaseManager = createLeaseManager({
    store: kvLeaseStore(leaseKv, { site, log: log.child('lease'), setTimer: clock.setTimer }),
    keyOf: (conn) => teamKeys.lease(site, conn),
    clock,
    mono: d.mono,
    random: d.random,
    log: log.child('lease'),
    holder: { holder: d.user, host: hostname(), pid: process.pid, since: clock.now() },
    ttlMs: d.leaseTtlMs,
    contendMs: d.contendMs,
    handlers: {
      acquired(conn, epoch) {
        d.write({ type: 'lease', connection: conn, state: 'acquired', epoch })
        const c = current?.connections.find((x) => x.id === conn)
        if (!c) return
        const p = startRunner(c, epoch)
        starting.set(conn, p)
        void p
          .then((r) => {
            starting.delete(conn)
            if (r) runners.set(conn, r)
          })
          .catch((e: unknown) => {
            starting.delete(conn)
            log.error('could not start polling a held connection (a bug)', {
              connection: conn,
              error: (e as Error).stack ?? String(e),
            })
          })
      },
      lost(conn, why) {
        const epoch = runners.get(conn)?.epoch ?? 0
        d.write({ type: 'lease', connection: conn, state: why, epoch })
        void stopRunner(conn, false)
      },
      async releasing(conn) {
        const epoch = runners.get(conn)?.epoch ?? 0
        await stopRunner(conn, true)
        d.write({ type: 'lease', connection: conn, state: 'released', epoch })
      },
    },
  })

  const stopRunner = async (conn: string, graceful: boolean) => {
    const pending = starting.get(conn)
    const r = runners.get(conn) ?? (pending ? await pending : null)
    runners.delete(conn)
    if (r) await r.stop(graceful)
  }

  const eligible = async (config: Config): Promise<string[]> => {
    const out: string[] = []
    for (const c of config.connections) {
      if (!c.enabled) continue
      if (PROVIDER_DESCRIPTORS[c.provider].secret !== null || c.secretEnv !== null) {
        const s = await d.secretFor(c).catch(() => null)
        if (s === null) continue
      }
      out.push(c.id)
    }
    return out
  }

  const rulesFor = () => current?.rules ?? []

  /** One held connection: its engine, alerts, publisher and command handlers. */
  const startRunner = async (conn: ConnectionConfig, epoch: number): Promise<Runner | null> => {
    const clog = log.child(conn.id)
    const liveKey = teamKeys.live(site, conn.id)
    const validFor = () => leases.validFor(conn.id)
    const intervalMs = conn.pollSeconds * 1000
    let prev: TeamSnapshot | null = null
    try {
      prev = (await getJson<TeamSnapshot>(live, liveKey))?.value ?? null
    } catch (e) {
      clog.warn('could not read the previous state', { error: (e as Error).message })
    }
    if (validFor() <= 0 || stopping) return null
    let lastPollAt: number | null = prev?.lastPollAt ?? null
    // Set once this holder stops: what it sends then (Bright Pattern's DELETE of its subscription) is not a poll,
    // so it does not push the next holder's first poll a whole interval later.
    let stopped = false
    const http = fencedHttp(
      d.http,
      validFor,
      (at) => {
        if (!stopped) lastPollAt = at
      },
      clock.now,
    )
    const engine: Engine = createEngine({
      clock,
      random: d.random,
      http,
      sockets: fencedSockets(d.sockets, validFor),
      secrets: { get: () => d.secretFor(conn) },
      log: clog,
    })
    const mirror = new TeamBoard()
    let seq = 0
    let publishing = false
    let chain: Promise<void> = Promise.resolve()
    const schemas = new Set<string>()
    const queue = (what: string, fn: () => Promise<void>) => {
      chain = chain.then(fn).catch((e: unknown) => {
        clog.warn(`could not publish the ${what}`, { error: (e as Error).message })
      })
    }
    const snapshotDoc = (): TeamSnapshot => ({
      v: 1,
      epoch,
      seq,
      poller: d.user,
      serverNow: clock.now(),
      intervalMs,
      lastPollAt,
      state: mirror.collections(conn.id),
    })
    const publishPatch = (patch: LivePatch) => {
      queue('patch', async () => {
        if (validFor() <= 0) return
        await live.put(liveKey, encodeJson(snapshotDoc()))
        const h = natsHeaders()
        h.set(HDR_EPOCH, String(epoch))
        h.set(HDR_SEQ, String(patch.seq))
        h.set(HDR_POLLER, d.user)
        h.set(HDR_TIME, String(clock.now()))
        nc.publish(teamSubjects.live(site, conn.id), encodeJson(patch), { headers: h })
      })
    }
    const publishSample = (sample: TeamHistorySample, keys: string[] | null, msgId: string) => {
      queue('history sample', async () => {
        if (validFor() <= 0) return
        if (keys !== null && !schemas.has(sample.s)) {
          await live.put(teamKeys.schema(site, conn.id, sample.s), encodeJson(keys))
          schemas.add(sample.s)
        }
        await js.publish(teamSubjects.history(site, conn.id), encodeJson(sample), { msgID: msgId })
      })
    }

    const offEngine = engine.onEvent((e) => {
      if (e.type === 'patch') {
        mirror.applyPatch(e.patch, conn.id)
        seq = e.patch.seq
        // Nothing goes out before this holder's first poll answered: until then viewers keep the previous
        // holder's board rather than an empty one.
        if (publishing) publishPatch({ ...e.patch, upserts: stripRaw(e.patch.upserts) })
      } else if (e.type === 'snapshot') {
        if (!publishing) {
          publishing = true
          queue('state', async () => {
            if (validFor() > 0) await live.put(liveKey, encodeJson(snapshotDoc()))
          })
        }
        d.write({ type: 'snapshot', ...e.snapshot })
        if (e.snapshot.health !== 'warming_up') {
          const values = historyValuesOf(e.snapshot)
          const keys = [...values.keys()]
          const s = schemaRev(keys)
          publishSample(
            { at: e.snapshot.asOf, s, v: [...values.values()] },
            keys,
            `${conn.id}:${e.snapshot.asOf}`,
          )
        }
      } else if (e.type === 'failure') {
        if (!publishing) {
          publishing = true
          queue('state', async () => {
            if (validFor() > 0) await live.put(liveKey, encodeJson(snapshotDoc()))
          })
        }
        const at = clock.now()
        publishSample({ at, s: '', v: [] }, null, `${conn.id}:gap:${at}`)
      } else if (e.type === 'status') {
        d.write({ type: 'status', connection: e.status.id, state: e.status.state, detail: e.status.detail })
      }
    })

    engine.setConfig({ connections: [conn], rules: [], prefs: { theme: 'system', language: 'en' } })

    // Alerts for this connection, once for the team, continuing from what the previous holder left.
    const alertKey = teamKeys.alerts(site, conn.id)
    const alertStore = teamAlertStore({
      load: async () => (await getJson<TeamAlertDoc>(alertsKv, alertKey))?.value ?? null,
      put: async (doc) => {
        await alertsKv.put(alertKey, encodeJson(doc))
      },
      epoch,
      now: clock.now,
      mayWrite: () => validFor() > 0,
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          clock.setTimer(ms, resolve)
        }),
      log: clog,
    })
    const alerts: AlertService = await createAlertService({
      engine,
      clock,
      notifier: silentNotifier,
      store: alertStore,
      rules: rulesFor,
      // The site's default ladders apply to its alerts; the rest of the alert prefs are each viewer's own.
      prefs: () => ({ ...alertPrefsOf({}), escalation: current?.prefs.alerts?.escalation }),
      webhooks: { list: () => (current === null ? [] : webhooksOf(current)), sender: webhookSender },
      log: clog.child('alerts'),
    })
    const offEvents = alerts.events.subscribe((ev) => {
      d.write(ev)
      const id = `${ev.rule}|${ev.connection}:${ev.id}|${ev.state}|${ev.severity}|${ev.at}`
      void js
        .publish(teamSubjects.alertEvent(site, conn.id), encodeJson(ev), { msgID: id })
        .catch((e: unknown) => clog.warn('could not publish an alert event', { error: (e as Error).message }))
    })
    const offChanges = alerts.changes.subscribe((list) =>
      alertStore.setList(
        list.active.filter((a) => a.connection === conn.id),
        list.history.filter((h) => h.connection === conn.id),
      ),
    )
    alertStore.setList(
      alerts.list().active.filter((a) => a.connection === conn.id),
      alerts.list().history.filter((h) => h.connection === conn.id),
    )

    // Acknowledgements: the user is the subject's last token, which the broker only lets that user publish.
    const ackSub = nc.subscribe(teamSubjects.ackAll(site, conn.id), {
      callback: (err, msg) => {
        if (err) return
        const parts = commandParts(msg.subject)
        const body = decodeJson<TeamAckRequest>(msg.data)
        let reply: TeamAckReply
        if (!parts || typeof body?.id !== 'string') {
          reply = { ok: false, code: 'bad_request', message: 'an acknowledgement needs {"id": "<alert id>"}' }
        } else {
          const r = alerts.acknowledge(body.id, parts.user)
          reply = r.ok ? { ok: true, alert: r.value } : { ok: false, code: r.code, message: r.message }
          if (r.ok) clog.info('alert acknowledged', { alert: body.id, by: parts.user })
        }
        msg.respond(encodeJson(reply))
      },
    })
    let lastRefresh = 0
    const refreshSub = nc.subscribe(teamSubjects.refreshAll(site, conn.id), {
      callback: (err, msg) => {
        if (err) return
        // One refresh per interval, however many supervisors press the button.
        const now = clock.now()
        if (now - lastRefresh >= intervalMs) {
          lastRefresh = now
          engine.refresh(conn.id)
        }
        msg.respond(encodeJson({ ok: true }))
      },
    })

    // Cadence across a hand-over: not before the previous holder's last request + the interval.
    const wait = Math.min(intervalMs, Math.max(0, (prev?.lastPollAt ?? 0) + intervalMs - clock.now()))
    let startTimer: Disposer | null = clock.setTimer(wait, () => {
      startTimer = null
      if (validFor() > 0) engine.start()
    })
    clog.info('polling for the team', { epoch, firstPollInMs: Math.round(wait) })

    return {
      conn,
      epoch,
      async stop(graceful) {
        if (stopped) return
        stopped = true
        startTimer?.()
        ackSub.unsubscribe()
        refreshSub.unsubscribe()
        offChanges()
        offEvents()
        await alerts.dispose()
        await alertStore.flush()
        // Bright Pattern's DELETE goes out here while the lease is still good (graceful); fenced, it is refused.
        await engine.dispose()
        offEngine()
        await chain
        if (graceful && publishing && validFor() > 0) {
          // The next holder reads lastPollAt from this to keep the vendor's cadence.
          await live.put(liveKey, encodeJson(snapshotDoc())).catch(() => undefined)
        }
      },
    }
  }

  const applyConfig = async (site: TeamSiteConfig | null) => {
    if (stopping) return
    if (site === null) {
      current = null
      await leases.setWanted([])
      return
    }
    const v = validateConfig(site.config)
    if (!v.ok) {
      log.error('the team config is not valid; keeping the one in force', {
        issues: v.issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`),
      })
      return
    }
    const before = current
    current = v.config
    // A held connection whose settings changed restarts with the same lease.
    for (const [id, r] of runners) {
      const next = v.config.connections.find((c) => c.id === id)
      if (next && JSON.stringify(next) !== JSON.stringify(r.conn)) {
        runners.delete(id)
        await r.stop(true)
        const nr = await startRunner(next, r.epoch)
        if (nr) runners.set(id, nr)
      }
    }
    const wanted = await eligible(v.config)
    if (before === null)
      log.info('team config read', { connections: v.config.connections.length, eligible: wanted })
    await leases.setWanted(wanted)
  }

  let configQueue: Promise<void> = Promise.resolve()
  const offConfig = watchJson<TeamSiteConfig>(configKv, teamKeys.config(site), {
    include: 'last',
    log,
    setTimer: clock.setTimer,
    onValue: (_k, value) => {
      configQueue = configQueue
        .then(() => applyConfig(value))
        .catch((e: unknown) => {
          log.error('applying the team config failed (a bug)', { error: (e as Error).stack ?? String(e) })
        })
    },
  })

  return {
    held: () => leases.held(),
    config: () => current,
    async stop() {
      stopping = true
      offConfig()
      await configQueue
      await leases.releaseAll()
      leases.dispose()
      webhookSender.dispose()
    },
  }
}

function stripRaw(upserts: LivePatch['upserts']): LivePatch['upserts'] {
  const out: LivePatch['upserts'] = {}
  for (const [c, rows] of Object.entries(upserts) as [keyof LivePatch['upserts'], object[]][]) {
    ;(out as Record<string, object[]>)[c] = rows.map((r) => withoutRaw(r))
  }
  return out
}

/** Write the site config (`--push-config`): what every poller and viewer of the site then uses. */
export async function pushSiteConfig(
  kv: KV,
  site: string,
  file: unknown,
  o: { by: string; now: number },
): Promise<void> {
  const doc: TeamSiteConfig = { v: 1, config: file, at: o.now, by: o.by }
  await kv.put(teamKeys.config(site), encodeJson(doc))
}
