/**
 * A team viewer (study §3.6–3.7): the Engine of a desktop or a served board in team mode. It polls nothing and
 * holds no vendor secret; it reads its site from the team server:
 * 1. subscribes to `fw.<site>.live.>` first and buffers;
 * 2. reads the site config (connections and rules) and follows it;
 * 3. one direct get per connection of `fw_live <site>.<conn>` (not "watch until delta 0", study §4.6-2), then
 *    applies buffered and later patches with a higher `seq` in the same epoch; a gap or a new epoch (another
 *    holder) means: get that connection again;
 * 4. history: live samples from `fw.<site>.hist.>`, and on demand the last 8 h of a connection from FW_HIST;
 * 5. when the broker is gone the board stays, every connection says reason `team` ("team server unreachable"),
 *    and turns stale after 3 × its interval as always; on reconnect every connection is read again.
 * Time, as everywhere in the engine, comes from the injected clock; the holder's `serverNow` corrects for skew.
 */
import type { NatsConnection } from '@nats-io/nats-core'
import { DeliverPolicy, jetstream } from '@nats-io/jetstream'
import type { KV } from '@nats-io/kv'
import { validateConfig, type Config } from '../../src-shared/config'
import { createEmitter } from '../../src-shared/emitter'
import type { ConnectionStatus, HistorySeries, LivePatch } from '../../src-shared/live'
import {
  decodeToken,
  HDR_EPOCH,
  HDR_SEQ,
  TEAM_BUCKETS,
  TEAM_HISTORY_MS,
  TEAM_STREAMS,
  teamKeys,
  teamSubjects,
  type TeamHistorySample,
  type TeamSiteConfig,
  type TeamSnapshot,
} from '../../src-shared/team'
import type { Engine, EngineEvent, NetworkState } from '../core/engine'
import { History } from '../core/engine/history'
import type { Clock, Disposer, Logger } from '../core/ports'
import { TeamBoard } from './board'
import { decodeJson, encodeJson, followJson, getJson } from './kv'
import { openBucket } from './nats'

export const STALE_AFTER_INTERVALS = 3

export interface TeamStatus {
  servers: string[]
  site: string
  user: string
  connected: boolean
  /** epoch ms connected (or disconnected) since. */
  since: number
  /** epoch ms the site's board was first complete (every connection read), or null. */
  joinedAt: number | null
  /** Why the team server does not answer (a refused sign-in, as the server said it), or null. */
  detail: string | null
}

export interface TeamEngine extends Engine {
  team(): TeamStatus
  /** Fetch the stored history (up to 8 h) of the connections behind `keys`, once per connection. */
  loadHistory(keys: string[], sinceMs: number): Promise<void>
  /** Resolves when every connection of the site was read once (the board is complete). */
  joined(): Promise<void>
  /** The per-connection epoch and sequence applied (tests, diagnostics). */
  positions(): { connection: string; epoch: number; seq: number; poller: string | null }[]
  /** The team status or the site's config changed (joined, connected or not, connections). */
  onTeam(listener: (s: TeamStatus) => void): Disposer
  /** A patch was applied: its connection, sequence and the holder's clock when it was sent (latency). */
  onApplied(
    listener: (e: { connection: string; epoch: number; seq: number; serverNow: number }) => void,
  ): Disposer
}

interface ConnState {
  id: string
  epoch: number
  seq: number
  poller: string | null
  synced: boolean
  getting: boolean
  buffer: { epoch: number; seq: number; patch: LivePatch }[]
  /** The status as the holder sent it (before this viewer's own reason and staleness). */
  holder: ConnectionStatus | null
  intervalMs: number
  /** holder clock − our clock, ms. */
  skew: number
  historyLoaded: Promise<void> | null
}

export async function startTeamViewer(d: {
  nc: NatsConnection
  servers: string[]
  site: string
  user: string
  clock: Clock
  log: Logger
}): Promise<TeamEngine> {
  const { nc, site, clock, log } = d
  const js = jetstream(nc)
  const [live, configKv] = await Promise.all([
    openBucket(nc, TEAM_BUCKETS.live),
    openBucket(nc, TEAM_BUCKETS.config),
  ])
  const board = new TeamBoard()
  const history = new History()
  const conns = new Map<string, ConnState>()
  const events = createEmitter<EngineEvent>((err) =>
    log.error('engine listener threw', { error: (err as Error).message }),
  )
  const teamChanges = createEmitter<TeamStatus>((err) =>
    log.error('a team status listener threw', { error: (err as Error).message }),
  )
  const applied = createEmitter<{ connection: string; epoch: number; seq: number; serverNow: number }>(
    (err) => log.error('an applied-patch listener threw', { error: (err as Error).message }),
  )
  const schemas = new Map<string, Promise<string[] | null>>()
  let config: Config | null = null
  let paused = false
  let disposed = false
  let connected = true
  let since = clock.now()
  let joinedAt: number | null = null
  let detail: string | null = null
  let configRead = false
  let joinResolve: () => void = () => {}
  const joinedPromise = new Promise<void>((r) => (joinResolve = r))
  const disposers: Disposer[] = []
  const retries = new Set<Disposer>()
  disposers.push(() => {
    for (const r of retries) r()
  })

  const emit = (e: EngineEvent) => events.emit(e)
  const flush = () => {
    if (paused) return
    const p = board.takePatch(clock.now(), paused)
    if (p) emit({ type: 'patch', patch: p })
  }
  const teamStatus = (): TeamStatus => ({
    servers: d.servers,
    site,
    user: d.user,
    connected,
    since,
    joinedAt,
    detail,
  })

  /** The status this viewer shows: the holder's, with the team's reason and this viewer's view of staleness. */
  const decorate = (c: ConnState, now: number): ConnectionStatus | null => {
    const s = c.holder
    if (!s) return null
    const age = s.lastOkAt === null ? null : now + c.skew - s.lastOkAt
    const stale = s.stale || (age !== null && age > STALE_AFTER_INTERVALS * c.intervalMs)
    if (!connected) {
      return {
        ...s,
        state: stale ? 'stale' : s.state,
        stale,
        detail: 'the team server cannot be reached; showing the last board it sent',
        nextPollAt: null,
        reason: 'team',
        reasonSince: since,
      }
    }
    if (stale && !s.stale && (s.state === 'ok' || s.state === 'warming_up')) {
      return {
        ...s,
        state: 'stale',
        stale: true,
        detail: 'no poller of the team has published this connection for a while',
        nextPollAt: null,
        reason: 'team',
        reasonSince: s.lastOkAt === null ? now : s.lastOkAt - c.skew + STALE_AFTER_INTERVALS * c.intervalMs,
      }
    }
    return s
  }

  const shown = new Map<string, string>()
  const publishStatus = (c: ConnState, now: number) => {
    const s = decorate(c, now)
    if (!s) return
    const print = JSON.stringify(s)
    if (shown.get(c.id) === print) return
    const before = board.status(c.id)
    shown.set(c.id, print)
    board.setStatus(s)
    if (before?.state !== s.state) emit({ type: 'status', status: s })
  }

  const applyOne = (c: ConnState, p: LivePatch) => {
    board.applyPatch({ upserts: { ...p.upserts, connections: [] }, removed: p.removed }, c.id)
    const st = p.upserts.connections?.find((s) => s.id === c.id)
    if (st) c.holder = st
    c.seq = p.seq
    c.skew = p.serverNow - clock.now()
    publishStatus(c, clock.now())
    applied.emit({ connection: c.id, epoch: c.epoch, seq: p.seq, serverNow: p.serverNow })
  }

  const drain = (c: ConnState) => {
    c.buffer.sort((a, b) => a.epoch - b.epoch || a.seq - b.seq)
    while (c.buffer.length > 0) {
      const b = c.buffer[0] as (typeof c.buffer)[number]
      if (b.epoch < c.epoch || (b.epoch === c.epoch && b.seq <= c.seq)) {
        c.buffer.shift()
        continue
      }
      if (b.epoch === c.epoch && b.seq === c.seq + 1) {
        c.buffer.shift()
        applyOne(c, b.patch)
        continue
      }
      return false
    }
    return true
  }

  const resync = async (c: ConnState): Promise<void> => {
    if (c.getting || disposed) return
    c.getting = true
    let failed = false
    try {
      for (let tries = 0; tries < 5 && !disposed; tries++) {
        const got = await getJson<TeamSnapshot>(live, teamKeys.live(site, c.id))
        const snap = got?.value
        if (snap && (snap.epoch > c.epoch || (snap.epoch === c.epoch && snap.seq >= c.seq) || !c.synced)) {
          c.epoch = snap.epoch
          c.seq = snap.seq
          c.poller = snap.poller
          c.intervalMs = snap.intervalMs
          c.skew = snap.serverNow - clock.now()
          board.replaceConnection(c.id, { ...snap.state, connections: [] })
          c.holder = snap.state.connections.find((s) => s.id === c.id) ?? c.holder
          publishStatus(c, clock.now())
        }
        c.synced = true
        if (drain(c)) break
        // Still a gap (a patch newer than the stored state): read again.
      }
    } catch (e) {
      log.debug('could not read a connection’s state; trying again', {
        connection: c.id,
        error: (e as Error).message,
      })
      failed = true
    } finally {
      c.getting = false
    }
    if (failed && !disposed && conns.get(c.id) === c) {
      // A lost or timed-out read (a broker under a join storm, a reconnect): the board must not stay half-read.
      const retry = clock.setTimer(250 + Math.floor(Math.random() * 750), () => {
        retries.delete(retry)
        void resync(c)
      })
      retries.add(retry)
    }
    flush()
    maybeJoined()
  }

  const maybeJoined = () => {
    if (joinedAt !== null || !configRead) return
    if ([...conns.values()].every((c) => c.synced)) {
      joinedAt = clock.now()
      joinResolve()
      teamChanges.emit(teamStatus())
    }
  }

  const stateOf = (id: string): ConnState => {
    let c = conns.get(id)
    if (!c) {
      c = {
        id,
        epoch: 0,
        seq: 0,
        poller: null,
        synced: false,
        getting: false,
        buffer: [],
        holder: null,
        intervalMs: 10_000,
        skew: 0,
        historyLoaded: null,
      }
      conns.set(id, c)
    }
    return c
  }

  // 1. Patches first (buffered until each connection is read).
  const liveSub = nc.subscribe(teamSubjects.liveAll(site), {
    callback: (err, msg) => {
      if (err || disposed) return
      const id = decodeToken(msg.subject.split('.').slice(3).join('.'))
      const c = conns.get(id)
      if (!c) return
      const epoch = Number(msg.headers?.get(HDR_EPOCH) ?? 0)
      const patch = decodeJson<LivePatch>(msg.data)
      if (!patch || !Number.isFinite(epoch)) return
      const seq = Number(msg.headers?.get(HDR_SEQ) ?? patch.seq)
      if (epoch < c.epoch) return
      if (c.synced && !c.getting && epoch === c.epoch && seq === c.seq + 1) {
        applyOne(c, patch)
        flush()
        return
      }
      if (epoch === c.epoch && seq <= c.seq) return
      c.buffer.push({ epoch, seq, patch })
      if (c.buffer.length > 200) c.buffer.splice(0, c.buffer.length - 200)
      if (c.synced && !c.getting) void resync(c)
    },
  })
  disposers.push(() => liveSub.unsubscribe())

  // Live history samples (the holder's, as it polls).
  const histSub = nc.subscribe(teamSubjects.historyAll(site), {
    callback: (err, msg) => {
      if (err || disposed) return
      const id = decodeToken(msg.subject.split('.').slice(3).join('.'))
      const c = conns.get(id)
      // History is on demand: kept only for connections whose history a chart asked for.
      if (!c || c.historyLoaded === null) return
      const sample = decodeJson<TeamHistorySample>(msg.data)
      if (!sample) return
      void recordSample(c, sample)
    },
  })
  disposers.push(() => histSub.unsubscribe())

  const schemaOf = (c: ConnState, rev: string): Promise<string[] | null> => {
    const k = `${c.id}|${rev}`
    let p = schemas.get(k)
    if (!p) {
      p = getJson<string[]>(live, teamKeys.schema(site, c.id, rev))
        .then((r) => r?.value ?? null)
        .catch(() => null)
      schemas.set(k, p)
      void p.then((v) => {
        if (v === null) schemas.delete(k)
      })
    }
    return p
  }

  const recordSample = async (c: ConnState, s: TeamHistorySample) => {
    if (s.s === '') {
      history.gap(c.id, s.at)
      return
    }
    const keys = await schemaOf(c, s.s)
    if (!keys) return
    const values = new Map<string, number | null>()
    keys.forEach((k, i) => values.set(k, s.v[i] ?? null))
    history.record(c.id, c.intervalMs, s.at, values)
  }

  const replay = async (c: ConnState, sinceMs: number): Promise<void> => {
    const start = Math.max(sinceMs, clock.now() - TEAM_HISTORY_MS)
    const consumer = await js.consumers.get(TEAM_STREAMS.history, {
      filter_subjects: teamSubjects.history(site, c.id),
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(start).toISOString(),
    })
    const samples: TeamHistorySample[] = []
    // A fetch that gets fewer messages than it asked for waits until it expires; the replay is done at the message
    // with nothing pending after it, so it stops the fetch there instead of waiting out the expiry each time.
    for (let done = false; !done;) {
      const batch = await consumer.fetch({ max_messages: 1000, expires: 2000 })
      let n = 0
      for await (const m of batch) {
        n++
        const s = decodeJson<TeamHistorySample>(m.data)
        if (s) samples.push(s)
        if (m.info.pending === 0) {
          done = true
          batch.stop()
        }
      }
      if (n === 0) done = true
    }
    await consumer.delete().catch(() => false)
    // Older points first; the live ring keeps what arrived meanwhile (time never runs backwards in a ring).
    const fresh = new History()
    for (const s of samples) {
      if (s.s === '') {
        fresh.gap(c.id, s.at)
        continue
      }
      const keys = await schemaOf(c, s.s)
      if (!keys) continue
      const values = new Map<string, number | null>()
      keys.forEach((k, i) => values.set(k, s.v[i] ?? null))
      fresh.record(c.id, c.intervalMs, s.at, values)
    }
    const dumped = fresh.dump()
    const liveNow = history.dump().filter((x) => x.connection === c.id)
    history.drop(c.id)
    history.load(
      c.id,
      c.intervalMs,
      dumped.map((x) => {
        const after = liveNow.find((l) => l.key === x.key)?.points ?? []
        const lastT = x.points.at(-1)?.[0] ?? -Infinity
        return { key: x.key, points: [...x.points, ...after.filter((p) => p[0] > lastT)] }
      }),
    )
    history.load(c.id, c.intervalMs, liveNow)
  }

  // 2. The site config: connections come and go with it.
  const applyConfig = (doc: TeamSiteConfig | null) => {
    if (doc === null) {
      for (const id of [...conns.keys()]) {
        conns.delete(id)
        board.removeConnection(id)
      }
      config = null
    } else {
      const v = validateConfig(doc.config)
      if (!v.ok) {
        log.warn('the team config is not valid; keeping the one in force')
        return
      }
      config = v.config
      const ids = new Set(v.config.connections.filter((c) => c.enabled).map((c) => c.id))
      for (const id of [...conns.keys()]) {
        if (!ids.has(id)) {
          conns.delete(id)
          board.removeConnection(id)
          history.drop(id)
        }
      }
      for (const conn of v.config.connections) {
        if (!conn.enabled) continue
        const c = stateOf(conn.id)
        c.intervalMs = conn.pollSeconds * 1000
        if (!c.synced && !c.getting) void resync(c)
      }
    }
    configRead = true
    flush()
    maybeJoined()
    teamChanges.emit(teamStatus())
  }
  const configFollow = followJson<TeamSiteConfig>(nc, configKv, {
    bucket: TEAM_BUCKETS.config,
    pattern: teamKeys.config(site),
    log,
    onValue: (_k, value) => applyConfig(value),
  })
  disposers.push(configFollow.stop)
  /** Read the site config until it is read (a join storm or a reconnect can drop a read). */
  const readConfig = async (): Promise<void> => {
    const failed = await configFollow.read([teamKeys.config(site)])
    if (failed.length === 0 || disposed) return
    await new Promise<void>((resolve) => {
      const r = clock.setTimer(250 + Math.floor(Math.random() * 750), () => {
        retries.delete(r)
        resolve()
      })
      retries.add(r)
    })
    if (!disposed) await readConfig()
  }
  await readConfig()

  // 5. The broker: gone → reason `team`; back → read everything again.
  const watchStatus = async () => {
    for await (const s of nc.status()) {
      if (disposed) break
      if (s.type === 'error' && (!connected || /authori[sz]ation|authentication/i.test(s.error.message))) {
        // A refused sign-in (the password changed, the user was removed) repeats on every attempt: say it once.
        const next = `the team server refused ${d.user}: ${s.error.message}`
        if (next !== detail) {
          detail = next
          teamChanges.emit(teamStatus())
        }
      } else if (s.type === 'disconnect' && connected) {
        connected = false
        since = clock.now()
        log.warn('the team server is unreachable')
        for (const c of conns.values()) {
          history.gap(c.id, since)
          publishStatus(c, since)
        }
        flush()
        emit({ type: 'network', network: network() })
        teamChanges.emit(teamStatus())
      } else if (s.type === 'reconnect' && !connected) {
        connected = true
        detail = null
        since = clock.now()
        log.info('the team server is back: reading the board again')
        void readConfig()
        for (const c of conns.values()) {
          publishStatus(c, since)
          void resync(c)
        }
        flush()
        emit({ type: 'network', network: network() })
        teamChanges.emit(teamStatus())
      }
    }
  }
  void watchStatus()

  // Staleness ticks on this viewer's clock (the holder may be gone and send nothing).
  let tick: Disposer | null = null
  const arm = () => {
    tick = clock.setTimer(1000, () => {
      const now = clock.now()
      for (const c of conns.values()) publishStatus(c, now)
      flush()
      if (!disposed) arm()
    })
  }
  arm()
  disposers.push(() => tick?.())

  const network = (): NetworkState => ({
    online: connected,
    cause: null,
    since: connected ? null : since,
    nextProbeAt: null,
  })

  const connectionOfKey = (key: string): string | null => {
    const middle = key.split('|')[1]
    if (!middle) return null
    const i = middle.indexOf(':')
    return i < 0 ? null : middle.slice(0, i)
  }

  const engine: TeamEngine = {
    setConfig() {
      // The site's config comes from the team server; the local one does not apply in team mode.
    },
    reload() {},
    start() {},
    refresh(id) {
      for (const c of conns.values()) {
        if (id !== null && c.id !== id) continue
        nc.publish(teamSubjects.refresh(site, c.id, d.user), encodeJson({}))
      }
    },
    setPaused(p) {
      paused = p
      flush()
    },
    isPaused: () => paused,
    suspend() {},
    resume() {
      for (const c of conns.values()) void resync(c)
    },
    setOnline() {},
    getState: () => board.getState(clock.now(), paused),
    row: (key) => board.row(key),
    history: (keys, sinceMs): HistorySeries[] => history.get(keys, sinceMs),
    async loadHistory(keys, sinceMs) {
      const ids = new Set(keys.map(connectionOfKey).filter((x): x is string => x !== null))
      await Promise.all(
        [...ids].map((id) => {
          const c = conns.get(id)
          if (!c) return Promise.resolve()
          c.historyLoaded ??= replay(c, sinceMs).catch((e: unknown) => {
            c.historyLoaded = null
            log.warn('could not replay the team history', { connection: id, error: (e as Error).message })
          })
          return c.historyLoaded
        }),
      )
    },
    statuses: () => board.allStatuses(),
    config: () => config,
    onEvent: events.subscribe,
    async dispose() {
      if (disposed) return
      disposed = true
      for (const dd of disposers.reverse()) dd()
      events.clear()
    },
    restore: (cache) => ({
      restored: [],
      ignored: cache.connections.map((c) => ({
        id: c.id,
        why: 'team mode reads the board from the team server',
      })),
    }),
    exportCache: () => ({ savedAt: clock.now(), connections: [], history: [] }),
    network,
    catchUps: () => [],
    team: teamStatus,
    joined: () => joinedPromise,
    positions: () =>
      [...conns.values()].map((c) => ({ connection: c.id, epoch: c.epoch, seq: c.seq, poller: c.poller })),
    onTeam: teamChanges.subscribe,
    onApplied: applied.subscribe,
  }
  return engine
}

/** KV of the alert docs, for the viewer's alerts. */
export async function openAlertsBucket(nc: NatsConnection): Promise<KV> {
  return openBucket(nc, TEAM_BUCKETS.alerts)
}
