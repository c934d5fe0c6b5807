/**
 * The core engine (DESIGN §3): one Poller per enabled connection, the Store, connection statuses with
 * staleness, and events for the transports (snapshot lines for the headless runner, patches for the renderer).
 * Pure Node: time, network, secrets and logging are injected.
 *
 * Offline tolerance: the board a previous run saved can be shown at once ({@link Engine.restore}), marked stale
 * with its age; "this computer is offline" (the Connectivity port, or every vendor failing at the network level
 * while a probe fails too), "a vendor is failing" and "a credential was rejected" are distinct states with a
 * `reason`; while offline no connection polls and only a cheap jittered probe runs; while asleep nothing runs; on
 * wake and on reconnect every connection polls once, at once; the first fresh data after a long gap comes with a
 * catch-up summary; every such gap is a gap in the charts.
 */
import type { Config, ConnectionConfig } from '../../../src-shared/config'
import type {
  CatchUp,
  CatchUpReason,
  ConnectionStatus,
  HistorySeries,
  LivePatch,
  LiveState,
  StatusReason,
} from '../../../src-shared/live'
import type { FailureCode, ProviderSnapshot } from '../../../src-shared/model'
import {
  cacheIdentity,
  formatAge,
  type CachedSeries,
  type EngineCache,
  type RestoreResult,
} from './cached-state'
import { buildCatchUp, catchUpThresholdMs } from './catch-up'
import { LiveStore } from './live-store'
import { Poller, type PollOutcome } from './poller'
import { stateForFailure } from './status'
import type {
  Clock,
  Connectivity,
  Disposer,
  HttpClient,
  Logger,
  Random,
  SecretSource,
  SocketConnector,
} from '../ports'
import { PROVIDER_DESCRIPTORS } from '../../../src-shared/providers'
import { PROVIDER_FACTORIES } from '../providers/registry'
import type { ProviderAdapter, ProviderFactory, ProviderFailure } from '../providers/types'

export type { CachedConnection, CachedSeries, EngineCache, RestoreResult } from './cached-state'

export interface EngineDeps {
  clock: Clock
  random: Random
  http: HttpClient
  sockets: SocketConnector
  secrets: SecretSource
  log: Logger
  /** Override the adapter factories (tests). */
  factories?: Partial<Record<ConnectionConfig['provider'], ProviderFactory>>
  /**
   * This computer's network. Without it the engine assumes online and relies on `setOnline`; with it, the engine
   * follows `onChange` and uses `probe` to tell a dead network from dead vendors.
   */
  connectivity?: Connectivity
}

/** The engine's view of this computer's network. */
export interface NetworkState {
  online: boolean
  /** Who said offline: the OS (Connectivity port or setOnline), or a failed probe after every vendor failed. */
  cause: 'os' | 'probe' | null
  /** epoch ms offline since, or null when online. */
  since: number | null
  /** epoch ms the next probe is due while offline, or null. */
  nextProbeAt: number | null
}

export type EngineEvent =
  | { type: 'snapshot'; snapshot: ProviderSnapshot }
  | { type: 'status'; status: ConnectionStatus }
  | { type: 'patch'; patch: LivePatch }
  /** A poll failed (the status event says how the connection looks; this says exactly why). */
  | { type: 'failure'; connection: string; failure: ProviderFailure }
  /** Fresh data again after a gap longer than about two intervals (see CatchUp; IPC event `app:catchup`). */
  | { type: 'catchup'; catchup: CatchUp }
  /** This computer went offline or came back (as the engine sees it). */
  | { type: 'network'; network: NetworkState }

export interface Engine {
  /** Reconcile pollers with the config: start new connections, restart changed ones, stop removed ones. */
  setConfig(config: Config): void
  /** Restart one connection's adapter (its secret changed). */
  reload(id: string): void
  start(): void
  /** Poll now: one connection, or all when id is null. While offline: check the network now instead. */
  refresh(id: string | null): void
  setPaused(paused: boolean): void
  isPaused(): boolean
  /** The machine sleeps: nothing runs (no poll, no probe). */
  suspend(): void
  /** The machine woke: every connection polls once, now (or, while offline, the probe resumes). */
  resume(): void
  /** The machine lost / regained its network (the same as a Connectivity `onChange`). */
  setOnline(online: boolean): void
  getState(): LiveState
  history(keys: string[], sinceMs: number): HistorySeries[]
  statuses(): ConnectionStatus[]
  config(): Config | null
  onEvent(listener: (e: EngineEvent) => void): Disposer
  dispose(): Promise<void>
  /**
   * Show the board a previous run saved until fresh data arrives: rows, history (with a gap now), and statuses
   * with the cached lastOkAt, `stale: true` and reason `cache` (or `offline`). Call after setConfig, before any
   * poll answers (i.e. before or right after start). Cached connections that are not in the config, point at
   * another vendor / tenant, or already have fresh data are ignored (listed in the result).
   */
  restore(cache: EngineCache): RestoreResult
  /** What is worth keeping across runs: the last good snapshot of every connection and the history rings. */
  exportCache(): EngineCache
  network(): NetworkState
  /** The latest catch-up summaries, oldest first (at most {@link MAX_CATCHUPS}). */
  catchUps(): CatchUp[]
}

/** A connection whose last good snapshot is older than this many intervals is stale (DESIGN §3). */
export const STALE_AFTER_INTERVALS = 3
/** While offline, a probe every 15–45 s (jittered so a room full of laptops does not probe in step). */
export const PROBE_MIN_MS = 15_000
export const PROBE_JITTER_MS = 30_000
/** A probe that has not answered by then counts as "no network". */
export const PROBE_TIMEOUT_MS = 10_000
/** While online and every vendor keeps failing at the network level: probe at most this often. */
export const PROBE_CHECK_SPACING_MS = 60_000
export const MAX_CATCHUPS = 20

const OFFLINE_DETAIL = {
  os: 'this computer is offline',
  probe: 'this computer seems to be offline: no vendor could be reached and a network check failed too',
} as const

interface Running {
  config: ConnectionConfig
  print: string
  identity: string
  poller: Poller | null
  adapter: ProviderAdapter | null
  status: ConnectionStatus
  staleTimer: Disposer | null
  generation: number
  /** The last good (not warming-up) snapshot: fresh, or restored from the cache. */
  last: ProviderSnapshot | null
  /** Showing what a previous run saved; no fresh data since. */
  restored: boolean
  /** Woke up or back online; the first poll since has not answered. */
  resuming: boolean
  /** Failure code of the latest finished attempt; null after a success or before any attempt. */
  lastFailure: FailureCode | null
  /** Why fresh data stopped, while it is stopped (for the catch-up summary). */
  gap: CatchUpReason | null
  /** Closes the adapter's push feed (Chronicall's WebSocket), if it has one. */
  unwatch: Disposer | null
}

/** Machine-level causes explain a gap better than a vendor failure seen just before them. */
const GAP_PRIORITY: Record<CatchUpReason, number> = { vendor: 0, offline: 1, suspended: 2, restart: 3 }

export function createEngine(deps: EngineDeps): Engine {
  const { clock, log } = deps
  const connectivity = deps.connectivity
  const factories = { ...PROVIDER_FACTORIES, ...deps.factories }
  const store = new LiveStore()
  const listeners = new Set<(e: EngineEvent) => void>()
  const running = new Map<string, Running>()
  const catchUps: CatchUp[] = []
  let current: Config | null = null
  let started = false
  let paused = false
  let suspended = false
  let disposed = false
  let generation = 0
  let online = connectivity ? connectivity.isOnline() : true
  let offlineCause: NetworkState['cause'] = online ? null : 'os'
  let offlineSince: number | null = online ? null : clock.now()
  /** Bumped on every online/offline change: a probe answer from before a change is ignored. */
  let netEpoch = 0
  let probeTimer: Disposer | null = null
  let nextProbeAt: number | null = null
  let probing = false
  let lastCheckAt: number | null = null

  const emit = (e: EngineEvent) => {
    for (const l of listeners) {
      try {
        l(e)
      } catch (err) {
        log.error('engine listener threw', { error: (err as Error).message })
      }
    }
  }

  const flush = () => {
    const patch = store.takePatch(clock.now())
    if (patch) emit({ type: 'patch', patch })
  }

  const reasonFor = (r: Running, s: ConnectionStatus): StatusReason | null => {
    switch (s.state) {
      case 'offline':
        return 'offline'
      case 'auth_failed':
        return 'credentials'
      case 'unreachable':
      case 'error':
      case 'rate_limited':
        return 'vendor'
      case 'stale':
        return r.restored ? 'cache' : r.resuming ? 'resuming' : 'vendor'
      case 'connecting':
        return r.resuming ? 'resuming' : null
      case 'ok':
      case 'warming_up':
        return null
    }
  }

  /** Fill in `reason` and `reasonSince` (kept while the reason stays the same). */
  const withReason = (
    r: Running,
    next: ConnectionStatus,
    before: ConnectionStatus | null,
  ): ConnectionStatus => {
    const reason = reasonFor(r, next)
    let since: number | null = null
    if (reason === 'offline') since = offlineSince ?? clock.now()
    else if (reason !== null)
      since = before?.reason === reason ? (before.reasonSince ?? clock.now()) : clock.now()
    return { ...next, reason, reasonSince: since }
  }

  const publish = (r: Running, change: Partial<ConnectionStatus>) => {
    const before = r.status
    r.status = withReason(r, { ...r.status, ...change, paused }, before)
    store.setStatus(r.status)
    if (r.status.state !== before.state) emit({ type: 'status', status: r.status })
  }

  const networkState = (): NetworkState => ({ online, cause: offlineCause, since: offlineSince, nextProbeAt })

  const isStale = (r: Running, now: number) =>
    r.status.lastOkAt !== null &&
    now - r.status.lastOkAt > STALE_AFTER_INTERVALS * r.config.pollSeconds * 1000

  const openGap = (r: Running, reason: CatchUpReason) => {
    if (r.last === null) return
    if (r.gap === null || GAP_PRIORITY[reason] > GAP_PRIORITY[r.gap]) r.gap = reason
  }

  /** Re-arm the timer that flips a connection to stale when no fresh data arrives in time. */
  const armStale = (r: Running) => {
    r.staleTimer?.()
    r.staleTimer = null
    if (r.status.lastOkAt === null) return
    const due = r.status.lastOkAt + STALE_AFTER_INTERVALS * r.config.pollSeconds * 1000 + 1
    r.staleTimer = clock.setTimer(Math.max(0, due - clock.now()), () => {
      r.staleTimer = null
      const now = clock.now()
      if (!running.has(r.config.id) || !isStale(r, now)) return
      const state = r.status.state === 'ok' || r.status.state === 'warming_up' ? 'stale' : r.status.state
      const detail = state === 'stale' ? 'no fresh data for a while' : r.status.detail
      store.history.gap(r.config.id, now)
      openGap(r, 'vendor')
      publish(r, { stale: true, state, detail })
      flush()
    })
  }

  const countsOf = (s: ProviderSnapshot): ConnectionStatus['counts'] => ({
    agents: s.agents.length,
    queues: s.queues.length,
    chatRooms: s.chatRooms.length,
    chatMessages: s.chatMessages.length,
    metrics: s.metrics.length,
  })

  const onOutcome = (r: Running, gen: number, o: PollOutcome) => {
    if (disposed || r.generation !== gen || running.get(r.config.id) !== r) return
    r.resuming = false
    if (o.ok) {
      const s = o.snapshot
      const intervalMs = r.config.pollSeconds * 1000
      store.applySnapshot(s, intervalMs)
      const warming = s.health === 'warming_up'
      r.lastFailure = null
      let catchUp: CatchUp | null = null
      if (!warming) {
        if (r.gap !== null && r.last !== null && s.asOf - r.last.asOf >= catchUpThresholdMs(intervalMs)) {
          catchUp = buildCatchUp({ label: r.config.label, reason: r.gap, before: r.last, after: s })
        }
        r.gap = null
        r.last = s
        r.restored = false
      }
      const fresh: Partial<ConnectionStatus> = {
        state: warming ? 'warming_up' : 'ok',
        detail: warming
          ? 'the vendor is preparing data'
          : s.health === 'partial'
            ? 'some data is still loading'
            : null,
      }
      // A poll that set out before the network went away may still land: take its data, keep saying offline.
      const shown = online ? fresh : { state: 'offline' as const, detail: r.status.detail }
      publish(r, {
        ...shown,
        lastOkAt: warming ? r.status.lastOkAt : s.asOf,
        lastAttemptAt: o.at,
        health: s.health,
        // Warming up brings no entities: rows shown are as old as they were.
        stale: warming ? r.status.stale : false,
        consecutiveFailures: 0,
        warnings: s.warnings.slice(0, 50),
        counts: warming ? r.status.counts : countsOf(s),
      })
      if (!warming) armStale(r)
      emit({ type: 'snapshot', snapshot: s })
      if (catchUp) {
        catchUps.push(catchUp)
        if (catchUps.length > MAX_CATCHUPS) catchUps.shift()
        log.info('fresh data after a gap', {
          connection: r.config.id,
          reason: catchUp.reason,
          gapSec: catchUp.gapSec,
          totals: catchUp.totals,
        })
        emit({ type: 'catchup', catchup: catchUp })
      }
    } else {
      r.lastFailure = o.failure.code
      store.history.gap(r.config.id, o.at)
      openGap(r, 'vendor')
      const failed: Partial<ConnectionStatus> = online
        ? { state: stateForFailure(o.failure.code), detail: o.failure.detail }
        : { state: 'offline', detail: r.status.detail }
      publish(r, {
        ...failed,
        lastAttemptAt: o.at,
        consecutiveFailures: o.consecutiveFailures,
        // Stale stays stale until fresh data; otherwise it is a matter of age.
        stale: r.status.stale || (r.status.lastOkAt !== null && isStale(r, o.at)),
      })
      log.warn('poll failed', { connection: r.config.id, code: o.failure.code, detail: o.failure.detail })
      emit({ type: 'failure', connection: r.config.id, failure: o.failure })
      checkNetwork()
    }
    flush()
  }

  // --- network: offline, probes, back online -------------------------------------------------------------------

  const cancelProbe = () => {
    probeTimer?.()
    probeTimer = null
    nextProbeAt = null
  }

  /** While offline (and awake, not paused, started): the next probe in 15–45 s. */
  const scheduleProbe = () => {
    cancelProbe()
    if (online || suspended || paused || disposed || !started || !connectivity?.probe) return
    const delay = PROBE_MIN_MS + deps.random() * PROBE_JITTER_MS
    nextProbeAt = clock.now() + delay
    probeTimer = clock.setTimer(delay, () => {
      probeTimer = null
      nextProbeAt = null
      void probeWhileOffline()
    })
  }

  /** One probe, bounded in time. null: no probe possible now, or the network changed while it ran. */
  const runProbe = async (): Promise<boolean | null> => {
    const c = connectivity
    if (!c?.probe || probing) return null
    probing = true
    const epoch = netEpoch
    let cancelTimeout: Disposer = () => {}
    try {
      const timeout = new Promise<boolean>((resolve) => {
        cancelTimeout = clock.setTimer(PROBE_TIMEOUT_MS, () => resolve(false))
      })
      const probe = c.probe.bind(c)
      const answer = Promise.resolve()
        .then(probe)
        .then(
          (ok) => ok === true,
          () => false,
        )
      const ok = await Promise.race([answer, timeout])
      return disposed || epoch !== netEpoch ? null : ok
    } finally {
      cancelTimeout()
      probing = false
    }
  }

  const probeWhileOffline = async () => {
    const ok = await runProbe()
    if (disposed || online || suspended) return
    if (ok === true) {
      log.info('a network check answered: polling again')
      goOnline()
    } else if (probeTimer === null) {
      scheduleProbe()
    }
  }

  /**
   * Pollers count failures: when every vendor connection's latest attempt failed at the network level (refused,
   * DNS, no route) while the OS says online, a probe decides between "this computer is offline" and "those
   * vendors are unreachable". The simulator has no network and never counts.
   */
  const checkNetwork = () => {
    if (!online || suspended || probing || !connectivity?.probe) return
    const remote = [...running.values()].filter((r) => r.config.provider !== 'simulator')
    if (remote.length === 0 || !remote.every((r) => r.lastFailure === 'network')) return
    const now = clock.now()
    if (lastCheckAt !== null && now - lastCheckAt < PROBE_CHECK_SPACING_MS) return
    lastCheckAt = now
    void (async () => {
      const ok = await runProbe()
      if (ok === null || !online || suspended) return
      if (ok) {
        log.info('vendors cannot be reached but the network answers: they are unreachable, not this computer')
        return
      }
      const still = remote.every((r) => running.get(r.config.id) === r && r.lastFailure === 'network')
      if (still) goOffline('probe')
    })()
  }

  const goOffline = (cause: 'os' | 'probe') => {
    if (!online) {
      // The OS is the stronger word: an OS "online" later ends it, a probe alone does not start polling early.
      if (cause === 'os' && offlineCause !== 'os') {
        offlineCause = 'os'
        for (const r of running.values()) publish(r, { detail: OFFLINE_DETAIL.os })
        emit({ type: 'network', network: networkState() })
        flush()
      }
      return
    }
    const now = clock.now()
    online = false
    offlineCause = cause
    offlineSince = now
    netEpoch += 1
    log.warn(OFFLINE_DETAIL[cause])
    for (const r of running.values()) {
      store.history.gap(r.config.id, now)
      openGap(r, 'offline')
      r.resuming = false
      r.poller?.setOnline(false)
      publish(r, { state: 'offline', detail: OFFLINE_DETAIL[cause], nextPollAt: null })
    }
    scheduleProbe()
    emit({ type: 'network', network: networkState() })
    flush()
  }

  /** Data is old until the first poll answers: say so, and say why. */
  const markResuming = (r: Running, why: string) => {
    r.resuming = true
    r.lastFailure = null
    const hasData = r.status.lastOkAt !== null
    publish(r, {
      state: hasData ? 'stale' : 'connecting',
      detail: hasData ? `${why}: refreshing` : null,
      stale: hasData,
    })
  }

  const goOnline = () => {
    if (online) return
    online = true
    offlineCause = null
    offlineSince = null
    netEpoch += 1
    lastCheckAt = null
    cancelProbe()
    log.info('back online: every connection polls now')
    for (const r of running.values()) {
      markResuming(r, 'back online')
      // One immediate poll each (the poller acts on the change only: no burst).
      r.poller?.setOnline(true)
    }
    emit({ type: 'network', network: networkState() })
    flush()
  }

  const osSaid = (o: boolean) => {
    if (disposed) return
    if (o) goOnline()
    else goOffline('os')
  }
  const offConnectivity = connectivity?.onChange(osSaid) ?? null

  // --- connections ---------------------------------------------------------------------------------------------

  const initialStatus = (c: ConnectionConfig, prev?: ConnectionStatus): ConnectionStatus => ({
    id: c.id,
    label: c.label,
    provider: c.provider,
    state: online ? 'connecting' : 'offline',
    detail: online ? null : OFFLINE_DETAIL[offlineCause ?? 'os'],
    lastOkAt: prev?.lastOkAt ?? null,
    lastAttemptAt: null,
    nextPollAt: null,
    pollSeconds: c.pollSeconds,
    health: prev?.health ?? null,
    stale: prev?.lastOkAt != null,
    paused,
    consecutiveFailures: 0,
    warnings: [],
    counts: prev?.counts ?? { agents: 0, queues: 0, chatRooms: 0, chatMessages: 0, metrics: 0 },
    reason: null,
    reasonSince: null,
  })

  const launch = (r: Running) => {
    const gen = r.generation
    const c = r.config
    const factory = factories[c.provider]
    if (!factory) {
      publish(r, { state: 'error', detail: `the ${c.provider} provider is not available in this build` })
      flush()
      return
    }
    void (async () => {
      let secret: string | null = null
      try {
        // Only vendors that take a secret ask for one: the simulator never touches the keychain.
        if (PROVIDER_DESCRIPTORS[c.provider].secret !== null || c.secretEnv !== null)
          secret = await deps.secrets.get(c.id)
      } catch (e) {
        // A keychain failure is shown on the connection; the adapter then reports the missing secret.
        log.warn('secret lookup failed', { connection: c.id, error: (e as Error).message })
      }
      if (disposed || r.generation !== gen || running.get(c.id) !== r) return
      const adapter = factory({
        config: c,
        secret,
        http: deps.http,
        clock,
        log: log.child(c.id),
        sockets: deps.sockets,
      })
      r.adapter = adapter
      r.poller = new Poller({
        connection: c,
        adapter,
        clock,
        random: deps.random,
        log: log.child(c.id),
        events: {
          onOutcome: (o) => onOutcome(r, gen, o),
          onSchedule: (nextAt) => {
            if (r.generation !== gen || running.get(c.id) !== r) return
            r.status = { ...r.status, nextPollAt: nextAt }
            store.setStatus(r.status)
          },
        },
      })
      r.poller.setPaused(paused)
      r.poller.setSuspended(suspended)
      r.poller.setOnline(online)
      r.poller.start()
      // A vendor that pushes (Chronicall's WebSocket) delivers between polls; the poller stays as the safety net.
      if (adapter.watch) {
        r.unwatch = adapter.watch((snapshot) => {
          if (online && !suspended && !paused) onOutcome(r, gen, { ok: true, snapshot, at: clock.now() })
        })
      }
      flush()
    })()
  }

  const stopRunning = async (r: Running) => {
    r.generation = -1
    r.unwatch?.()
    r.unwatch = null
    r.staleTimer?.()
    r.staleTimer = null
    await r.poller?.stop()
  }

  const startConnection = (c: ConnectionConfig, prev?: ConnectionStatus, before?: Running) => {
    const identity = cacheIdentity(c)
    // A restart that keeps the same source (a new interval, a new secret) keeps the last good data it had.
    const carry = before && before.identity === identity ? before : null
    const r: Running = {
      config: c,
      print: JSON.stringify(c),
      identity,
      poller: null,
      adapter: null,
      status: initialStatus(c, prev),
      staleTimer: null,
      generation: ++generation,
      last: carry?.last ?? null,
      restored: carry?.restored ?? false,
      resuming: false,
      lastFailure: null,
      gap: carry?.gap ?? null,
      unwatch: null,
    }
    r.status = withReason(r, r.status, null)
    running.set(c.id, r)
    store.setStatus(r.status)
    emit({ type: 'status', status: r.status })
    if (started) launch(r)
  }

  const restoreOne = (
    c: EngineCache['connections'][number],
    series: CachedSeries[],
    now: number,
  ): { ok: true } | { ok: false; why: string } => {
    const r = running.get(c.id)
    if (!r) return { ok: false, why: 'not in the config (or disabled)' }
    if (c.provider !== r.config.provider || c.identity !== r.identity) {
      return { ok: false, why: 'the connection now points at another vendor, address, tenant or options' }
    }
    if (r.last !== null) return { ok: false, why: 'fresh data is already here' }
    const intervalMs = r.config.pollSeconds * 1000
    const snapshot: ProviderSnapshot = { ...c.snapshot, connection: c.id, provider: c.provider }
    store.applySnapshot(snapshot, intervalMs, { record: false })
    store.history.load(c.id, intervalMs, series)
    store.history.gap(c.id, now)
    r.last = snapshot
    r.restored = true
    r.gap = 'restart'
    const age = formatAge(now - snapshot.asOf)
    // A failure seen before the restore (restore called late) keeps its state: it is the more current news.
    const state = !online ? 'offline' : r.lastFailure !== null ? r.status.state : 'stale'
    const detail = !online
      ? `${OFFLINE_DETAIL[offlineCause ?? 'os']}; last known data from ${age} ago`
      : r.lastFailure !== null
        ? r.status.detail
        : `last known data from ${age} ago; connecting`
    publish(r, {
      state,
      detail,
      lastOkAt: snapshot.asOf,
      health: snapshot.health,
      stale: true,
      warnings: snapshot.warnings.slice(0, 50),
      counts: countsOf(snapshot),
    })
    return { ok: true }
  }

  const engine: Engine = {
    setConfig(config) {
      current = config
      const wanted = new Map(config.connections.filter((c) => c.enabled).map((c) => [c.id, c]))
      const replaced = new Map<string, Running>()
      for (const [id, r] of running) {
        const next = wanted.get(id)
        if (!next || JSON.stringify(next) !== r.print) {
          void stopRunning(r)
          running.delete(id)
          replaced.set(id, r)
          if (!next || next.provider !== r.config.provider) store.removeConnection(id)
        }
      }
      for (const [id, c] of wanted) {
        if (!running.has(id)) startConnection(c, store.getStatus(id), replaced.get(id))
      }
      flush()
    },
    reload(id) {
      const r = running.get(id)
      if (!r) return
      void stopRunning(r)
      running.delete(id)
      startConnection(r.config, r.status, r)
      flush()
    },
    start() {
      if (started || disposed) return
      started = true
      for (const r of running.values()) launch(r)
      if (!online) scheduleProbe()
    },
    refresh(id) {
      if (!online) {
        // Nothing may reach a vendor while offline; a refresh asks "is the network back?" instead.
        if (!suspended && !paused) void probeWhileOffline()
        return
      }
      for (const r of running.values()) if (id === null || r.config.id === id) r.poller?.pollNow()
    },
    setPaused(p) {
      paused = p
      store.setPaused(p)
      for (const r of running.values()) {
        r.poller?.setPaused(p)
        publish(r, {})
      }
      if (p) cancelProbe()
      else if (!online) scheduleProbe()
      flush()
    },
    isPaused: () => paused,
    suspend() {
      if (suspended) return
      suspended = true
      cancelProbe()
      const now = clock.now()
      for (const r of running.values()) {
        r.poller?.setSuspended(true)
        store.history.gap(r.config.id, now)
        openGap(r, 'suspended')
      }
      flush()
    },
    resume() {
      if (!suspended) return
      suspended = false
      if (!online && offlineCause === 'probe') {
        // That verdict was about the network before the sleep; the laptop may be somewhere else now. Try again:
        // if every vendor still fails at the network level, the probe says so again.
        online = true
        offlineCause = null
        offlineSince = null
        netEpoch += 1
        lastCheckAt = null
        emit({ type: 'network', network: networkState() })
      }
      for (const r of running.values()) {
        if (online) markResuming(r, 'the computer woke up')
        r.poller?.setOnline(online)
        // One immediate poll each when online (the poller acts on the change only).
        r.poller?.setSuspended(false)
      }
      if (!online) scheduleProbe()
      flush()
    },
    setOnline: osSaid,
    getState: () => store.getState(clock.now()),
    history: (keys, sinceMs) => store.history.get(keys, sinceMs),
    statuses: () => [...running.values()].map((r) => r.status),
    config: () => current,
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async dispose() {
      if (disposed) return
      disposed = true
      cancelProbe()
      offConnectivity?.()
      const all = [...running.values()]
      running.clear()
      await Promise.all(all.map((r) => stopRunning(r)))
      listeners.clear()
    },
    restore(cache) {
      const result: RestoreResult = { restored: [], ignored: [] }
      const now = clock.now()
      const byConnection = new Map<string, CachedSeries[]>()
      for (const s of cache.history) {
        const list = byConnection.get(s.connection) ?? []
        list.push(s)
        byConnection.set(s.connection, list)
      }
      for (const c of cache.connections) {
        const r = restoreOne(c, byConnection.get(c.id) ?? [], now)
        if (r.ok) result.restored.push(c.id)
        else result.ignored.push({ id: c.id, why: r.why })
      }
      if (result.restored.length > 0) {
        log.info('showing the board saved by the previous run', { restored: result.restored })
      }
      flush()
      return result
    },
    exportCache() {
      const connections: EngineCache['connections'] = []
      for (const r of running.values()) {
        if (r.last === null) continue
        connections.push({
          id: r.config.id,
          provider: r.config.provider,
          identity: r.identity,
          lastOkAt: r.last.asOf,
          snapshot: r.last,
        })
      }
      const kept = new Set(connections.map((c) => c.id))
      const history = store.history.dump().filter((s) => kept.has(s.connection))
      return { savedAt: clock.now(), connections, history }
    },
    network: networkState,
    catchUps: () => [...catchUps],
  }
  return engine
}
