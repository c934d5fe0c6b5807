/**
 * The core engine (docs/ARCHITECTURE.md §3): one Poller per enabled connection, the Store, connection
 * statuses with staleness, and events for the transports (snapshot lines for the headless runner, patches for
 * the renderer). Pure Node: time, network, secrets and logging are injected.
 *
 * Offline tolerance: the board a previous run saved can be shown at once ({@link Engine.restore}), marked stale
 * with its age; "this computer is offline" (the Connectivity port, or every vendor failing at the network level
 * while a probe fails too), "a vendor is failing" and "a credential was rejected" are distinct states with a
 * `reason`; while offline no connection polls and only a cheap jittered probe runs; while asleep nothing runs; on
 * wake and on reconnect every connection polls once, at once; the first fresh data after a long gap comes with a
 * catch-up summary; every such gap is a gap in the charts.
 *
 * The parts: one Poller per connection (poller.ts), the Store (live-store.ts), statuses and their reasons
 * (connection-status.ts), this computer's network (network-watch.ts), the saved board (restore.ts), catch-up
 * summaries (catch-up.ts). This file runs them.
 */
import { businessDayOf, type Config, type ConnectionConfig } from '../../../src-shared/config'
import type {
  CatchUp,
  ConnectionStatus,
  HistorySeries,
  LivePatch,
  LiveRow,
  LiveState,
} from '../../../src-shared/live'
import { createEmitter } from '../../../src-shared/emitter'
import { nameTeams } from '../../../src-shared/teams'
import type { ProviderSnapshot } from '../../../src-shared/model'
import { PROVIDER_DESCRIPTORS } from '../../../src-shared/providers'
import type {
  Clock,
  Connectivity,
  Disposer,
  HttpClient,
  Logger,
  LoopYield,
  Random,
  SecretSource,
  SocketConnector,
} from '../ports'
import { PROVIDER_FACTORIES } from '../providers/registry'
import { Redactor } from '../runtime/redact'
import type { ProviderFactory, ProviderFailure } from '../providers/types'
import { cacheIdentity, type CachedSeries, type EngineCache, type RestoreResult } from './cached-state'
import { HISTORY_SPAN_MS } from './history'
import { buildCatchUp, catchUpThresholdMs } from './catch-up'
import {
  clockText,
  countsOf,
  heldText,
  initialStatus,
  isHollow,
  isStale,
  openGap,
  STALE_AFTER_INTERVALS,
  withReason,
  type Running,
} from './connection-status'
import { LiveStore, seriesOfSamples } from './live-store'
import { NetworkWatch, OFFLINE_DETAIL, type NetworkState } from './network-watch'
import { Poller, type PollOutcome } from './poller'
import { exportCache, restoreConnection } from './restore'
import { stateForFailure } from './status'
import { createVendorGuard } from './vendor-guard'
import { skewWarning } from '../http/vendor-clock'

export type { CachedConnection, CachedSeries, EngineCache, RestoreResult } from './cached-state'
export { STALE_AFTER_INTERVALS } from './connection-status'
export {
  PROBE_CHECK_SPACING_MS,
  PROBE_JITTER_MS,
  PROBE_MIN_MS,
  PROBE_TIMEOUT_MS,
  type NetworkState,
} from './network-watch'
import { printOf, withUserChoices } from './user-choices'

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
  /**
   * The sinks' Redactor (core/runtime/redact.ts): every secret the engine reads is added to it, and status details,
   * warnings, failures and catch-up summaries go through it before anyone sees them. A private one when absent.
   */
  redactor?: Redactor
  /**
   * Handed to the adapters for their long synchronous work (the simulator's catch-up and backfill), so the process
   * keeps answering IPC and serving pages while a 2,000-agent day is modelled. Without it, that work runs through.
   */
  loopYield?: LoopYield
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
  /** One row with everything main has (`raw` included), or null (`live:row`). */
  row(key: string): LiveRow | null
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

/**
 * The engine as the composition roots that poll themselves get it: besides {@link Engine}, what the day files of
 * the history (persistence/history-archive.ts) read.
 */
export interface LocalEngine extends Engine {
  /** Every series key the history ring holds for a connection. */
  historyKeys(connection: string): string[]
  /**
   * A past span's history figures (series key → points, every `stepMs`), for a connection whose source can compute
   * its past (the simulator); null when it cannot, or the connection is not running.
   */
  pastHistory(
    connection: string,
    from: number,
    to: number,
    stepMs: number,
  ): Promise<Map<string, [number, number | null][]> | null>
}

export const MAX_CATCHUPS = 20
/** A backfilled past is sampled at most this often (or at the poll interval, if longer): ms. */
export const BACKFILL_STEP_MS = 15_000

/** A paused connection's state and words, whatever its last poll said. */
const PAUSED = { state: 'paused', detail: 'polling paused' } as const satisfies Partial<ConnectionStatus>

export function createEngine(deps: EngineDeps): LocalEngine {
  const { clock, log } = deps
  const redactor = deps.redactor ?? new Redactor()
  const factories = { ...PROVIDER_FACTORIES, ...deps.factories }
  const store = new LiveStore()
  const events = createEmitter<EngineEvent>((err) =>
    log.error('engine listener threw', { error: (err as Error).message }),
  )
  const running = new Map<string, Running>()
  const catchUps: CatchUp[] = []
  let current: Config | null = null
  let started = false
  let paused = false
  let suspended = false
  let disposed = false
  let generation = 0

  const emit = (e: EngineEvent) => events.emit(e)

  const flush = () => {
    const patch = store.takePatch(clock.now())
    if (patch) emit({ type: 'patch', patch })
  }

  const publish = (r: Running, change: Partial<ConnectionStatus>) => {
    const before = r.status
    // A vendor's error text can echo what it was sent: the status is shown on boards and kept in state.json.
    r.status = redactor.redactDeep(
      withReason(r, { ...r.status, ...change, paused }, before, net.since, clock.now()),
    )
    store.setStatus(r.status)
    if (r.status.state !== before.state) emit({ type: 'status', status: r.status })
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

  const onOutcome = (r: Running, gen: number, o: PollOutcome) => {
    if (disposed || r.generation !== gen || running.get(r.config.id) !== r) return
    r.resuming = false
    const skew = r.guard?.skewMs() ?? null
    const skewNote = skew === null ? null : skewWarning(skew)
    const clockSkewSec = skewNote === null || skew === null ? null : Math.round(skew / 1000)
    if (
      o.ok &&
      o.snapshot.health !== 'warming_up' &&
      isHollow(o.snapshot) &&
      (PROVIDER_DESCRIPTORS[r.config.provider].neverEmpty || (r.last !== null && !isHollow(r.last)))
    ) {
      // An answer that holds nothing (a shape that parses to nothing, or everything gone at once) is not a board:
      // the last rows stay, lastOkAt does not move, so they turn stale and "connection down" fires after the
      // usual time (docs/ARCHITECTURE.md §3.2, "Hostile answers").
      const had = r.last !== null && !isHollow(r.last) ? r.last : null
      const note =
        had === null
          ? "the vendor's answer held no agents, queues, chat rooms or metrics"
          : `the vendor's answer held no agents, queues, chat rooms or metrics (it had ${heldText(had)}); showing the last numbers`
      r.lastFailure = null
      const shown = paused
        ? PAUSED
        : net.online
          ? { state: (r.status.stale ? 'stale' : 'ok') as ConnectionStatus['state'], detail: note }
          : { state: 'offline' as const, detail: r.status.detail }
      publish(r, {
        ...shown,
        lastAttemptAt: o.at,
        health: 'partial',
        consecutiveFailures: 0,
        warnings: [note, ...(skewNote === null ? [] : [skewNote]), ...o.snapshot.warnings].slice(0, 50),
        waitUntil: null,
        clockSkewSec,
      })
      log.warn('hollow answer', { connection: r.config.id, had: had === null ? null : heldText(had) })
      flush()
      return
    }
    if (o.ok) {
      // Every queue leaves the engine classed (vendor, name or the user's choice) and every queue and room with its
      // service-level target in effect: rules, headlines and the NDJSON lines all see the same media and targets
      // (src-shared/media.ts, src-shared/targets.ts).
      const classed = withUserChoices(o.snapshot, r.config)
      // The user's team names over the vendor's (src-shared/teams.ts).
      const s: ProviderSnapshot = { ...classed, agents: nameTeams(classed.agents, r.config.teamNames ?? {}) }
      const intervalMs = r.config.pollSeconds * 1000
      store.applySnapshot(s, intervalMs)
      const warming = s.health === 'warming_up'
      r.lastFailure = null
      let catchUp: CatchUp | null = null
      if (!warming) {
        if (r.gap !== null && r.last !== null && s.asOf - r.last.asOf >= catchUpThresholdMs(intervalMs)) {
          catchUp = redactor.redactDeep(
            buildCatchUp({
              label: r.config.label,
              reason: r.gap,
              before: r.last,
              after: s,
              businessDay: businessDayOf(r.config),
            }),
          )
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
      // A poll that set out before the network went away (or polling was paused) may still land: take its data,
      // keep saying offline (or paused).
      const shown = paused
        ? PAUSED
        : net.online
          ? fresh
          : { state: 'offline' as const, detail: r.status.detail }
      publish(r, {
        ...shown,
        lastOkAt: warming ? r.status.lastOkAt : s.asOf,
        lastAttemptAt: o.at,
        health: s.health,
        // Warming up brings no entities: rows shown are as old as they were.
        stale: warming ? r.status.stale : false,
        consecutiveFailures: 0,
        warnings: (skewNote === null ? s.warnings : [skewNote, ...s.warnings]).slice(0, 50),
        counts: warming ? r.status.counts : countsOf(s),
        waitUntil: null,
        clockSkewSec,
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
      const wait = o.failure.retryAfterMs
      const waitUntil = wait === undefined || wait <= 0 ? null : o.at + wait
      let detail = o.failure.detail
      if (waitUntil !== null) {
        const asked = o.failure.retryAfterAskedMs
        detail +=
          asked === undefined
            ? `; the vendor asked us to wait until ${clockText(waitUntil)}`
            : `; the vendor asked us to wait ${Math.round(asked / 60_000)} min; asking again at ${clockText(waitUntil)}, its longest allowed wait`
      }
      const failed: Partial<ConnectionStatus> = paused
        ? PAUSED
        : net.online
          ? { state: stateForFailure(o.failure.code), detail }
          : { state: 'offline', detail: r.status.detail }
      publish(r, {
        ...failed,
        waitUntil,
        clockSkewSec,
        lastAttemptAt: o.at,
        consecutiveFailures: o.consecutiveFailures,
        // Stale stays stale until fresh data; otherwise it is a matter of age.
        stale: r.status.stale || (r.status.lastOkAt !== null && isStale(r, o.at)),
      })
      log.warn('poll failed', { connection: r.config.id, code: o.failure.code, detail: o.failure.detail })
      emit({ type: 'failure', connection: r.config.id, failure: redactor.redactDeep(o.failure) })
      checkNetwork()
    }
    flush()
  }

  // --- network: offline, probes, back online -------------------------------------------------------------------

  /** Data is old until the first poll answers: say so, and say why (a paused connection stays paused). */
  const markResuming = (r: Running, why: string) => {
    if (paused) {
      publish(r, PAUSED)
      return
    }
    r.resuming = true
    r.lastFailure = null
    const hasData = r.status.lastOkAt !== null
    publish(r, {
      state: hasData ? 'stale' : 'connecting',
      detail: hasData ? `${why}: refreshing` : null,
      stale: hasData,
    })
  }

  const net: NetworkWatch = new NetworkWatch({
    clock,
    random: deps.random,
    log,
    connectivity: deps.connectivity,
    gate: {
      started: () => started,
      suspended: () => suspended,
      paused: () => paused,
      disposed: () => disposed,
    },
    hooks: {
      offline(cause, now) {
        for (const r of running.values()) {
          store.history.gap(r.config.id, now)
          openGap(r, 'offline')
          r.resuming = false
          r.poller?.setOnline(false)
          publish(r, { state: 'offline', detail: OFFLINE_DETAIL[cause], nextPollAt: null })
        }
      },
      confirmedByOs() {
        for (const r of running.values()) publish(r, { detail: OFFLINE_DETAIL.os })
      },
      online() {
        for (const r of running.values()) {
          markResuming(r, 'back online')
          // One immediate poll each (the poller acts on the change only: no burst).
          r.poller?.setOnline(true)
        }
      },
      changed(network, andFlush) {
        emit({ type: 'network', network })
        if (andFlush) flush()
      },
    },
  })

  /**
   * Pollers count failures: when every vendor connection's latest attempt failed at the network level (refused,
   * DNS, no route) while the OS says online, a probe decides between "this computer is offline" and "those
   * vendors are unreachable". A provider that reaches no server (no base URL: the simulator) never counts.
   */
  const checkNetwork = () => {
    const remote = [...running.values()].filter(
      (r) => PROVIDER_DESCRIPTORS[r.config.provider].baseUrl !== null,
    )
    if (remote.length === 0 || !remote.every((r) => r.lastFailure === 'network')) return
    net.checkAfterVendorFailures(() =>
      remote.every((r) => running.get(r.config.id) === r && r.lastFailure === 'network'),
    )
  }

  // --- connections ---------------------------------------------------------------------------------------------

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
        redactor.add(secret)
      } catch (e) {
        // A keychain failure is shown on the connection; the adapter then reports the missing secret.
        log.warn('secret lookup failed', { connection: c.id, error: (e as Error).message })
      }
      if (disposed || r.generation !== gen || running.get(c.id) !== r) return
      const guard = createVendorGuard(deps.http, c, clock)
      r.guard = guard
      const adapter = guard.adapter(
        factory({
          config: c,
          secret,
          http: guard.http,
          clock,
          log: log.child(c.id),
          sockets: deps.sockets,
          loopYield: deps.loopYield,
        }),
      )
      r.adapter = adapter
      if (adapter.backfill) {
        // A source that knows its own past (the simulator's day so far) fills the trends before the first poll.
        const intervalMs = c.pollSeconds * 1000
        const now = clock.now()
        try {
          const samples = await adapter.backfill(
            now - HISTORY_SPAN_MS,
            Math.max(intervalMs, BACKFILL_STEP_MS),
          )
          if (disposed || r.generation !== gen || running.get(c.id) !== r) {
            void adapter.dispose?.()
            return
          }
          store.backfill(c.id, intervalMs, samples, now)
        } catch (e) {
          log.warn('history backfill failed', { connection: c.id, error: (e as Error).message })
        }
      }
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
      r.poller.setOnline(net.online)
      r.poller.start()
      // A vendor that pushes (Chronicall's WebSocket) delivers between polls; the poller stays as the safety net.
      if (adapter.watch) {
        r.unwatch = adapter.watch((snapshot) => {
          if (net.online && !suspended && !paused) onOutcome(r, gen, { ok: true, snapshot, at: clock.now() })
        })
      }
      flush()
    })()
  }

  /**
   * Only the user's targets changed: no new poll (a Bright Pattern subscription, a Thulium report a minute away),
   * the board shows the new target at once from the data it has; the rules see it from the next poll.
   */
  const retarget = (r: Running, next: ConnectionConfig) => {
    r.config = next
    if (r.last === null) return
    const s = withUserChoices(r.last, next)
    r.last = s
    store.applySnapshot(s, next.pollSeconds * 1000, { record: false })
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
      print: printOf(c),
      identity,
      poller: null,
      adapter: null,
      status: initialStatus(c, prev, net, paused),
      staleTimer: null,
      generation: ++generation,
      last: carry?.last ?? null,
      restored: carry?.restored ?? false,
      resuming: false,
      lastFailure: null,
      gap: carry?.gap ?? null,
      unwatch: null,
      guard: null,
    }
    r.status = withReason(r, r.status, null, net.since, clock.now())
    running.set(c.id, r)
    store.setStatus(r.status)
    emit({ type: 'status', status: r.status })
    if (started) launch(r)
  }

  const engine: LocalEngine = {
    setConfig(config) {
      current = config
      const wanted = new Map(config.connections.filter((c) => c.enabled).map((c) => [c.id, c]))
      const replaced = new Map<string, Running>()
      for (const [id, r] of running) {
        const next = wanted.get(id)
        if (
          next &&
          printOf(next) === r.print &&
          JSON.stringify(next.targets) !== JSON.stringify(r.config.targets)
        ) {
          retarget(r, next)
          continue
        }
        if (!next || printOf(next) !== r.print) {
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
      if (!net.online) net.scheduleProbe()
    },
    refresh(id) {
      if (!net.online) {
        // Nothing may reach a vendor while offline; a refresh asks "is the network back?" instead.
        if (!suspended && !paused) void net.probeWhileOffline()
        return
      }
      for (const r of running.values()) if (id === null || r.config.id === id) r.poller?.pollNow()
    },
    setPaused(p) {
      if (p === paused) return
      paused = p
      store.setPaused(p)
      const now = clock.now()
      for (const r of running.values()) {
        r.poller?.setPaused(p)
        if (p) {
          // Paused on purpose: shown as paused (never as a failure), a gap in the charts, and a catch-up that says
          // "paused" when fresh data comes back.
          store.history.gap(r.config.id, now)
          openGap(r, 'paused')
          r.resuming = false
          publish(r, { ...PAUSED, nextPollAt: null })
        } else if (suspended) {
          publish(r, { state: r.status.lastOkAt === null ? 'connecting' : 'stale', detail: null })
        } else if (!net.online) {
          publish(r, { state: 'offline', detail: OFFLINE_DETAIL[net.state().cause ?? 'os'] })
        } else {
          markResuming(r, 'polling resumed')
        }
      }
      if (p) net.cancelProbe()
      else if (!net.online) net.scheduleProbe()
      flush()
    },
    isPaused: () => paused,
    suspend() {
      if (suspended) return
      suspended = true
      net.cancelProbe()
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
      net.forgetProbeVerdict()
      for (const r of running.values()) {
        if (net.online) markResuming(r, 'the computer woke up')
        r.poller?.setOnline(net.online)
        // One immediate poll each when online (the poller acts on the change only).
        r.poller?.setSuspended(false)
      }
      if (!net.online) net.scheduleProbe()
      flush()
    },
    setOnline: (o) => net.osSaid(o),
    getState: () => store.getState(clock.now()),
    row: (key) => store.row(key),
    history: (keys, sinceMs) => store.history.get(keys, sinceMs),
    historyKeys: (connection) => store.history.keysOf(connection),
    async pastHistory(connection, from, to, stepMs) {
      const adapter = running.get(connection)?.adapter
      if (!adapter?.past) return null
      try {
        return seriesOfSamples(connection, await adapter.past(from, to, stepMs))
      } catch (e) {
        log.warn('a past day could not be computed', { connection, error: (e as Error).message })
        return null
      }
    },
    statuses: () => [...running.values()].map((r) => r.status),
    config: () => current,
    onEvent: events.subscribe,
    async dispose() {
      if (disposed) return
      disposed = true
      net.dispose()
      const all = [...running.values()]
      running.clear()
      await Promise.all(all.map((r) => stopRunning(r)))
      events.clear()
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
        const r = restoreConnection(
          { running, store, network: net, publish },
          c,
          byConnection.get(c.id) ?? [],
          now,
        )
        if (r.ok) result.restored.push(c.id)
        else result.ignored.push({ id: c.id, why: r.why })
      }
      if (result.restored.length > 0) {
        log.info('showing the board saved by the previous run', { restored: result.restored })
      }
      flush()
      return result
    },
    exportCache: () => exportCache(running.values(), store, clock.now()),
    network: () => net.state(),
    catchUps: () => [...catchUps],
  }
  return engine
}
