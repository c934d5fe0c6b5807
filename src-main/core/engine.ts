/**
 * The core engine (DESIGN §3): one Poller per enabled connection, the Store, connection statuses with
 * staleness, and events for the transports (snapshot lines for the headless runner, patches for the renderer).
 * Pure Node: time, network, secrets and logging are injected.
 */
import type { Config, ConnectionConfig } from '../../src-shared/config'
import type { ConnectionStatus, HistorySeries, LivePatch, LiveState } from '../../src-shared/live'
import type { ProviderSnapshot } from '../../src-shared/model'
import { LiveStore } from './engine/live-store'
import { Poller, type PollOutcome } from './engine/poller'
import { stateForFailure } from './engine/status'
import type { Clock, Disposer, HttpClient, Logger, Random, SecretSource, SocketConnector } from './ports'
import { PROVIDER_FACTORIES } from './providers/registry'
import type { ProviderAdapter, ProviderFactory, ProviderFailure } from './providers/types'

export interface EngineDeps {
  clock: Clock
  random: Random
  http: HttpClient
  sockets: SocketConnector
  secrets: SecretSource
  log: Logger
  /** Override the adapter factories (tests). */
  factories?: Partial<Record<ConnectionConfig['provider'], ProviderFactory>>
}

export type EngineEvent =
  | { type: 'snapshot'; snapshot: ProviderSnapshot }
  | { type: 'status'; status: ConnectionStatus }
  | { type: 'patch'; patch: LivePatch }
  /** A poll failed (the status event says how the connection looks; this says exactly why). */
  | { type: 'failure'; connection: string; failure: ProviderFailure }

export interface Engine {
  /** Reconcile pollers with the config: start new connections, restart changed ones, stop removed ones. */
  setConfig(config: Config): void
  /** Restart one connection's adapter (its secret changed). */
  reload(id: string): void
  start(): void
  /** Poll now: one connection, or all when id is null. */
  refresh(id: string | null): void
  setPaused(paused: boolean): void
  isPaused(): boolean
  /** The machine sleeps: nothing runs. */
  suspend(): void
  /** The machine woke: every connection polls once, now. */
  resume(): void
  /** The machine lost / regained its network. */
  setOnline(online: boolean): void
  getState(): LiveState
  history(keys: string[], sinceMs: number): HistorySeries[]
  statuses(): ConnectionStatus[]
  config(): Config | null
  onEvent(listener: (e: EngineEvent) => void): Disposer
  dispose(): Promise<void>
}

/** A connection whose last good snapshot is older than this many intervals is stale (DESIGN §3). */
export const STALE_AFTER_INTERVALS = 3

interface Running {
  config: ConnectionConfig
  print: string
  poller: Poller | null
  adapter: ProviderAdapter | null
  status: ConnectionStatus
  staleTimer: Disposer | null
  generation: number
}

export function createEngine(deps: EngineDeps): Engine {
  const { clock, log } = deps
  const factories = { ...PROVIDER_FACTORIES, ...deps.factories }
  const store = new LiveStore()
  const listeners = new Set<(e: EngineEvent) => void>()
  const running = new Map<string, Running>()
  let current: Config | null = null
  let started = false
  let paused = false
  let suspended = false
  let online = true
  let disposed = false
  let generation = 0

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

  const publish = (r: Running, change: Partial<ConnectionStatus>) => {
    const before = r.status.state
    r.status = { ...r.status, ...change, paused }
    store.setStatus(r.status)
    if (r.status.state !== before) emit({ type: 'status', status: r.status })
  }

  const isStale = (r: Running, now: number) =>
    r.status.lastOkAt !== null && now - r.status.lastOkAt > STALE_AFTER_INTERVALS * r.config.pollSeconds * 1000

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
      publish(r, { stale: true, state, detail })
      flush()
    })
  }

  const onOutcome = (r: Running, gen: number, o: PollOutcome) => {
    if (disposed || r.generation !== gen || running.get(r.config.id) !== r) return
    if (o.ok) {
      const s = o.snapshot
      store.applySnapshot(s, r.config.pollSeconds * 1000)
      const counts = {
        agents: s.agents.length,
        queues: s.queues.length,
        chatRooms: s.chatRooms.length,
        chatMessages: s.chatMessages.length,
        metrics: s.metrics.length,
      }
      const warming = s.health === 'warming_up'
      publish(r, {
        state: warming ? 'warming_up' : 'ok',
        detail: warming ? 'the vendor is preparing data' : s.health === 'partial' ? 'some data is still loading' : null,
        lastOkAt: warming ? r.status.lastOkAt : s.asOf,
        lastAttemptAt: o.at,
        health: s.health,
        stale: false,
        consecutiveFailures: 0,
        warnings: s.warnings.slice(0, 50),
        counts: warming ? r.status.counts : counts,
      })
      if (!warming) armStale(r)
      emit({ type: 'snapshot', snapshot: s })
    } else {
      const state = stateForFailure(o.failure.code)
      store.history.gap(r.config.id, o.at)
      publish(r, {
        state,
        detail: o.failure.detail,
        lastAttemptAt: o.at,
        consecutiveFailures: o.consecutiveFailures,
        stale: r.status.lastOkAt === null ? false : isStale(r, o.at),
      })
      log.warn('poll failed', { connection: r.config.id, code: o.failure.code, detail: o.failure.detail })
      emit({ type: 'failure', connection: r.config.id, failure: o.failure })
    }
    flush()
  }

  const initialStatus = (c: ConnectionConfig, prev?: ConnectionStatus): ConnectionStatus => ({
    id: c.id,
    label: c.label,
    provider: c.provider,
    state: online ? 'connecting' : 'offline',
    detail: online ? null : 'this computer is offline',
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
      flush()
    })()
  }

  const stopRunning = async (r: Running) => {
    r.generation = -1
    r.staleTimer?.()
    r.staleTimer = null
    await r.poller?.stop()
  }

  const startConnection = (c: ConnectionConfig, prev?: ConnectionStatus) => {
    const r: Running = {
      config: c,
      print: JSON.stringify(c),
      poller: null,
      adapter: null,
      status: initialStatus(c, prev),
      staleTimer: null,
      generation: ++generation,
    }
    running.set(c.id, r)
    store.setStatus(r.status)
    emit({ type: 'status', status: r.status })
    if (started) launch(r)
  }

  const engine: Engine = {
    setConfig(config) {
      current = config
      const wanted = new Map(config.connections.filter((c) => c.enabled).map((c) => [c.id, c]))
      for (const [id, r] of running) {
        const next = wanted.get(id)
        if (!next || JSON.stringify(next) !== r.print) {
          void stopRunning(r)
          running.delete(id)
          if (!next || next.provider !== r.config.provider) store.removeConnection(id)
        }
      }
      for (const [id, c] of wanted) {
        if (!running.has(id)) startConnection(c, store.getStatus(id))
      }
      flush()
    },
    reload(id) {
      const r = running.get(id)
      if (!r) return
      void stopRunning(r)
      running.delete(id)
      startConnection(r.config, r.status)
      flush()
    },
    start() {
      if (started || disposed) return
      started = true
      for (const r of running.values()) launch(r)
    },
    refresh(id) {
      for (const r of running.values()) if (id === null || r.config.id === id) r.poller?.pollNow()
    },
    setPaused(p) {
      paused = p
      store.setPaused(p)
      for (const r of running.values()) {
        r.poller?.setPaused(p)
        publish(r, {})
      }
      flush()
    },
    isPaused: () => paused,
    suspend() {
      suspended = true
      for (const r of running.values()) r.poller?.setSuspended(true)
    },
    resume() {
      suspended = false
      for (const r of running.values()) r.poller?.setSuspended(false)
    },
    setOnline(o) {
      if (online === o) return
      online = o
      const now = clock.now()
      for (const r of running.values()) {
        if (!o) {
          store.history.gap(r.config.id, now)
          publish(r, { state: 'offline', detail: 'this computer is offline' })
        } else {
          publish(r, { state: 'connecting', detail: null, stale: isStale(r, now) })
        }
        r.poller?.setOnline(o)
      }
      flush()
    },
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
      const all = [...running.values()]
      running.clear()
      await Promise.all(all.map((r) => stopRunning(r)))
      listeners.clear()
    },
  }
  return engine
}
