/**
 * Team mode in the desktop app (docs/TEAM.md §5): Settings → Team joins a site of a team server, and from then on
 * the app is a viewer of that site — it polls nothing and holds no vendor secret.
 *
 * - The team (servers, site, user) is kept in `team.json` beside the settings; the password only in the OS keychain
 *   (SecretStore account `team:<user>`; connection ids cannot contain `:`, so it never meets a connection's secret).
 * - Joining checks everything before keeping anything: the server answers, it accepts the user, the user may read
 *   the site and the site has connections. Whether the user may acknowledge is asked of the broker (its permissions
 *   decide, not this app).
 * - The app starts as a team viewer when both are there; joining or leaving restarts it, so one process never holds
 *   both a board of its own and a team's (their alerts and notifications would double).
 * - A team server that does not answer at start still gives a board: empty, saying "team server unreachable" and
 *   why (a refused password says so), and it fills in as soon as the server answers.
 */
import type { ConnectionOptions, NatsConnection } from '@nats-io/nats-core'
import type { AlertList } from '../../src-shared/alerts'
import { alertPrefsOf } from '../../src-shared/config'
import { createEmitter } from '../../src-shared/emitter'
import type { InvokeArgs, TeamInfo, TeamSettingsView } from '../../src-shared/ipc/contract'
import type { LiveState } from '../../src-shared/live'
import {
  TEAM_BUCKETS,
  teamKeys,
  teamSubjects,
  validateTeamFile,
  type TeamFile,
  type TeamSiteConfig,
} from '../../src-shared/team'
import type { Notifier } from '../core/alerts/notifier'
import { traySummary } from '../../src-shared/notify-text'
import { NO_TEAM_HANDLERS, type TeamChannel } from '../core/bridge/service'
import {
  BridgeFailure,
  type BridgeEvent,
  type BridgeService,
  type ChannelHandlers,
} from '../core/bridge/types'
import type { Engine, EngineEvent } from '../core/engine'
import { AtomicJsonFile } from '../core/persistence/atomic-file'
import type { Clock, Disposer, Logger, Random } from '../core/ports'
import type { SecretStore } from '../core/secret-store'
import { startTeamAlerts, type TeamAlerts } from './alerts'
import { TeamBoard } from './board'
import { getJson } from './kv'
import { clientName, connectTeam, openBucket, teamConnectOptions, type TeamCredential } from './nats'
import { connectionViews, createTeamBridgeService, type TeamBridgeDeps } from './service'
import { startTeamViewer, type TeamEngine, type TeamStatus } from './viewer'

export const TEAM_FILE_NAME = 'team.json'

/** The keychain account of a team password. */
export function teamKeychainAccount(user: string): string {
  return `team:${user}`
}

export type TeamConnect = (opts: ConnectionOptions) => Promise<NatsConnection>

/** `team.json`: what Settings → Team joined (no password: that is in the keychain). */
export function teamFileStore(o: { dir: string; now: () => number; log: Logger }): AtomicJsonFile<TeamFile> {
  return new AtomicJsonFile<TeamFile>({
    path: `${o.dir}/${TEAM_FILE_NAME}`,
    validate: (raw) => {
      const v = validateTeamFile(raw)
      return v.ok
        ? { ok: true, value: v.team }
        : { ok: false, error: v.issues.map((i) => `${i.field}: ${i.message}`).join('; ') }
    },
    now: o.now,
    backup: false,
    log: o.log,
  })
}

export type TeamCheck =
  | { ok: true; canAcknowledge: boolean; connections: number }
  | { ok: false; field: 'servers' | 'user' | 'password' | 'site'; message: string }

const REFUSED = /authori[sz]ation|authentication|user.*password/i
const DENIED = /permission/i

/**
 * Whether this user may acknowledge on this site: a request nobody answers, on the subject acknowledgements use.
 * The broker refuses the publish to a view-only user (a permissions violation); to a supervisor it is let through
 * and nobody answers the made-up connection.
 */
export async function probeAcknowledge(nc: NatsConnection, site: string, user: string): Promise<boolean> {
  try {
    await nc.request(teamSubjects.ack(site, '_probe', user), new Uint8Array(), { timeout: 1500 })
    return true
  } catch (e) {
    return !DENIED.test((e as Error).message)
  }
}

/** Sign in once and read the site: what joining needs to be true, each failure naming the field to fix. */
export async function checkTeam(o: {
  team: TeamFile
  password: string
  connect?: TeamConnect
}): Promise<TeamCheck> {
  const connect = o.connect ?? connectTeam
  const credential: TeamCredential = { user: o.team.user, password: o.password }
  let nc: NatsConnection
  try {
    nc = await connect({
      ...teamConnectOptions({
        servers: o.team.servers,
        credential,
        name: clientName('desktop', o.team.user),
      }),
      reconnect: false,
      waitOnFirstConnect: false,
      maxReconnectAttempts: 0,
      timeout: 5000,
    })
  } catch (e) {
    const m = (e as Error).message
    if (REFUSED.test(m))
      return {
        ok: false,
        field: 'password',
        message: `the team server refused user "${o.team.user}" (${m}): check the user name and password`,
      }
    return {
      ok: false,
      field: 'servers',
      message: `the team server at ${o.team.servers.join(', ')} cannot be reached: ${m}`,
    }
  }
  try {
    let doc: TeamSiteConfig | null
    try {
      const kv = await openBucket(nc, TEAM_BUCKETS.config)
      doc = (await getJson<TeamSiteConfig>(kv, teamKeys.config(o.team.site)))?.value ?? null
    } catch (e) {
      const m = (e as Error).message
      return {
        ok: false,
        field: 'site',
        message: DENIED.test(m)
          ? `user "${o.team.user}" may not read site "${o.team.site}" (ask IT which site it belongs to)`
          : `site "${o.team.site}" could not be read (${m}): is team mode set up on this server (a poller started once)?`,
      }
    }
    const connections = Array.isArray((doc?.config as { connections?: unknown } | undefined)?.connections)
      ? ((doc?.config as { connections: unknown[] }).connections.length ?? 0)
      : 0
    if (doc === null || connections === 0)
      return {
        ok: false,
        field: 'site',
        message: `site "${o.team.site}" has no connections on the team server yet (an admin sets them with headless --push-config)`,
      }
    return { ok: true, canAcknowledge: await probeAcknowledge(nc, o.team.site, o.team.user), connections }
  } finally {
    await nc.close().catch(() => undefined)
  }
}

/** Parse the Settings → Team form into a team file; every problem names its field. */
export function teamFromForm(
  a: InvokeArgs<'team:join'>,
): { ok: true; team: TeamFile } | { ok: false; message: string } {
  const v = validateTeamFile({
    servers: a.servers
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    site: a.site.trim(),
    user: a.user.trim(),
  })
  if (!v.ok) return { ok: false, message: v.issues.map((i) => `${i.field}: ${i.message}`).join('; ') }
  return { ok: true, team: v.team }
}

export interface TeamSettingsDeps {
  file: AtomicJsonFile<TeamFile>
  keychain: SecretStore
  /** The team this app shows now (team mode), or null (a board of its own). */
  current: () => TeamInfo | null
  /** Why the saved team could not be started, or null. */
  problem: () => string | null
  /** Restart the app (it starts in the mode the files now say). */
  relaunch: () => void
  clock: Clock
  connect?: TeamConnect
  log: Logger
}

/** Settings → Team in the desktop app: status, join (check, keep, restart) and leave (forget, restart). */
export function createTeamSettings(d: TeamSettingsDeps): {
  handlers: ChannelHandlers<TeamChannel>
  join(a: InvokeArgs<'team:join'>): Promise<TeamSettingsView>
  leave(): Promise<TeamSettingsView>
} {
  let restarting = false
  let last: TeamSettingsView['last'] = null
  const saved = async (): Promise<TeamFile | null> => {
    const r = await d.file.read()
    return r.status === 'ok' ? r.value : null
  }
  const view = async (): Promise<TeamSettingsView> => {
    const team = d.current()
    const file = team === null ? await saved() : null
    return {
      team,
      canChange: true,
      last: file ? { servers: file.servers, site: file.site, user: file.user } : last,
      problem: team === null ? d.problem() : null,
      restarting,
    }
  }
  const restart = () => {
    restarting = true
    // Let the answer reach the window first.
    d.clock.setTimer(300, d.relaunch)
  }
  const join = async (a: InvokeArgs<'team:join'>): Promise<TeamSettingsView> => {
    const parsed = teamFromForm(a)
    if (!parsed.ok) throw new BridgeFailure({ code: 'bad_request', message: `team:join: ${parsed.message}` })
    const team = parsed.team
    const check = await checkTeam({ team, password: a.password, connect: d.connect })
    if (!check.ok)
      throw new BridgeFailure({ code: 'bad_request', message: `${check.field}: ${check.message}` })
    try {
      await d.keychain.set(teamKeychainAccount(team.user), a.password)
    } catch (e) {
      throw new BridgeFailure({
        code: 'keychain_unavailable',
        message: `the team password could not be kept in the OS keychain (${(e as Error).message}); nothing was changed`,
      })
    }
    const previous = await saved()
    const w = await d.file.write(team)
    if (!w.ok) {
      throw new BridgeFailure({
        code: 'internal',
        message: `the team could not be saved (${w.detail}); nothing was changed`,
      })
    }
    if (previous && previous.user !== team.user)
      await d.keychain.delete(teamKeychainAccount(previous.user)).catch(() => false)
    d.log.info('joined a team; restarting as its viewer', {
      servers: team.servers,
      site: team.site,
      user: team.user,
      canAcknowledge: check.canAcknowledge,
    })
    last = { servers: team.servers, site: team.site, user: team.user }
    restart()
    return view()
  }
  const leave = async (): Promise<TeamSettingsView> => {
    const team = (await saved()) ?? d.current()
    if (team === null)
      throw new BridgeFailure({ code: 'bad_request', message: 'team:leave: this app is not part of a team' })
    last = { servers: team.servers, site: team.site, user: team.user }
    await d.keychain.delete(teamKeychainAccount(team.user)).catch((e: unknown) => {
      d.log.warn('could not remove the team password from the keychain', { error: (e as Error).message })
    })
    const { rm } = await import('node:fs/promises')
    await rm(d.file.path, { force: true })
    d.log.info('left the team; restarting on this computer’s own connections', { site: team.site })
    restart()
    return view()
  }
  return {
    handlers: {
      'team:status': async () => view(),
      'team:join': async (a, caller) => {
        if (caller.readOnly) return NO_TEAM_HANDLERS['team:join'](a, caller)
        return join(a)
      },
      'team:leave': async (a, caller) => {
        if (caller.readOnly) return NO_TEAM_HANDLERS['team:leave'](a, caller)
        return leave()
      },
    },
    join,
    leave,
  }
}

/** What the app needs at start: the saved team and its password, or why it cannot start as a team viewer. */
export async function loadSavedTeam(d: {
  file: AtomicJsonFile<TeamFile>
  keychain: SecretStore
}): Promise<
  | { kind: 'none' }
  | { kind: 'team'; team: TeamFile; password: string }
  | { kind: 'problem'; team: TeamFile | null; message: string }
> {
  const r = await d.file.read()
  if (r.status !== 'ok') {
    const bad = r.problems[0]
    return bad
      ? {
          kind: 'problem',
          team: null,
          message: `the saved team (${bad.file}) could not be used: ${bad.message}`,
        }
      : { kind: 'none' }
  }
  let password: string | null
  try {
    password = await d.keychain.get(teamKeychainAccount(r.value.user))
  } catch (e) {
    return {
      kind: 'problem',
      team: r.value,
      message: `the team password could not be read from the OS keychain (${(e as Error).message}): join again`,
    }
  }
  if (password === null)
    return {
      kind: 'problem',
      team: r.value,
      message: `the password of team user "${r.value.user}" is not in this computer's keychain: type it in Connections → Team to join`,
    }
  return { kind: 'team', team: r.value, password }
}

export interface DesktopTeamBoard {
  /** The board's engine, for the tray, power and network watchers (it polls nothing). */
  engine: Engine
  service: BridgeService
  team(): TeamInfo
  dispose(): Promise<void>
}

interface Live {
  nc: NatsConnection
  engine: TeamEngine
  alerts: TeamAlerts
  service: BridgeService
  canAcknowledge: boolean
}

/**
 * The desktop's board in team mode. Until the team server first answers, an empty board that says why (reason
 * `team`, the server's own words for a refused sign-in); after that, the site's board from the team viewer.
 */
export async function startDesktopTeamBoard(d: {
  team: TeamFile
  password: string
  clock: Clock
  random: Random
  log: Logger
  notifier: Notifier
  prefs: TeamBridgeDeps['prefs']
  info: TeamBridgeDeps['info']
  settings: {
    join(a: InvokeArgs<'team:join'>): Promise<TeamSettingsView>
    leave(): Promise<TeamSettingsView>
  }
  connect?: TeamConnect
  /** Opens a vendor console link in the system browser (shell/window.ts). */
  openExternal?: (url: string) => void
}): Promise<DesktopTeamBoard> {
  const { clock, log, team } = d
  const connect = d.connect ?? connectTeam
  const startedAt = clock.now()
  let detail: string | null = null
  let live: Live | null = null
  let disposed = false
  let retry: Disposer | null = null
  let failures = 0
  const teamChanges = createEmitter<TeamStatus>((e) =>
    log.error('a team status listener threw', { error: (e as Error).message }),
  )
  const engineEvents = createEmitter<EngineEvent>((e) =>
    log.error('engine listener threw', { error: (e as Error).message }),
  )
  const serviceEvents = createEmitter<BridgeEvent>((e) =>
    log.error('a bridge event listener threw', { error: (e as Error).message }),
  )
  const forward: Disposer[] = []

  // Before the first answer: an empty board that knows which team it waits for.
  const emptyBoard = new TeamBoard()
  let paused = false
  const waiting: TeamEngine = {
    setConfig() {},
    reload() {},
    start() {},
    refresh() {},
    setPaused(p) {
      paused = p
    },
    isPaused: () => paused,
    suspend() {},
    resume() {},
    setOnline() {},
    getState: (): LiveState => emptyBoard.getState(clock.now(), paused),
    row: () => null,
    history: () => [],
    statuses: () => [],
    config: () => null,
    onEvent: () => () => undefined,
    dispose: async () => undefined,
    restore: (cache) => ({
      restored: [],
      ignored: cache.connections.map((c) => ({
        id: c.id,
        why: 'team mode reads the board from the team server',
      })),
    }),
    exportCache: () => ({ savedAt: clock.now(), connections: [], history: [] }),
    network: () => ({ online: false, cause: null, since: startedAt, nextProbeAt: null }),
    catchUps: () => [],
    team: () => ({
      servers: team.servers,
      site: team.site,
      user: team.user,
      connected: false,
      since: startedAt,
      joinedAt: null,
      detail,
    }),
    loadHistory: async () => undefined,
    joined: () => new Promise<void>(() => undefined),
    positions: () => [],
    onTeam: teamChanges.subscribe,
    onApplied: () => () => undefined,
  }
  const noAlerts: TeamAlerts = {
    events: { subscribe: () => () => undefined },
    changes: { subscribe: () => () => undefined },
    list: (): AlertList => ({
      now: clock.now(),
      active: [],
      history: [],
      rules: [],
      quietHours: false,
      tray: traySummary([]),
    }),
    acknowledge: async () => ({
      ok: false,
      code: 'not_found',
      message: 'the team server cannot be reached: nothing can be acknowledged now',
    }),
    snooze: () => ({ ok: false, code: 'not_found', message: 'there are no alerts yet' }),
    muteRule: () => ({ ok: false, code: 'not_found', message: 'the team’s rules are not known yet' }),
    dispose: async () => undefined,
  }
  const serviceOf = (engine: TeamEngine, alerts: TeamAlerts, canAcknowledge: boolean) =>
    createTeamBridgeService({
      engine,
      alerts,
      prefs: d.prefs,
      info: d.info,
      canAcknowledge,
      teamSettings: d.settings,
      ...(d.openExternal ? { openExternal: d.openExternal } : {}),
      log: log.child('bridge'),
    })
  const waitingService = serviceOf(waiting, noAlerts, false)

  const currentEngine = (): TeamEngine => live?.engine ?? waiting
  const currentService = (): BridgeService => live?.service ?? waitingService
  const info = (): TeamInfo => {
    const t = currentEngine().team()
    return {
      servers: t.servers,
      site: t.site,
      user: t.user,
      connected: t.connected,
      since: t.since,
      canAcknowledge: live?.canAcknowledge ?? false,
      detail: t.detail,
    }
  }
  const tellTeam = () => {
    serviceEvents.emit({ event: 'team:changed', payload: info() })
  }

  /** Follow the current engine and service; called again when the team server first answers. */
  const follow = () => {
    for (const off of forward.splice(0)) off()
    forward.push(currentEngine().onEvent((e) => engineEvents.emit(e)))
    forward.push(
      currentService().onEvent((event, payload) => serviceEvents.emit({ event, payload } as BridgeEvent)),
    )
  }
  follow()

  const attempt = async () => {
    retry = null
    if (disposed) return
    let nc: NatsConnection
    try {
      nc = await connect({
        ...teamConnectOptions({
          servers: team.servers,
          credential: { user: team.user, password: d.password },
          name: clientName('desktop', team.user),
        }),
        waitOnFirstConnect: false,
      })
    } catch (e) {
      const m = (e as Error).message
      const next = REFUSED.test(m)
        ? `the team server refused ${team.user}: ${m} (Settings → Team: join again with the new password)`
        : `the team server at ${team.servers.join(', ')} cannot be reached: ${m}`
      if (next !== detail) {
        detail = next
        log.warn('the team server does not answer', { error: m })
        tellTeam()
      }
      failures++
      // 2, 4, 8 … at most 30 s, with jitter: a whole floor of desktops must not retry in step.
      const wait = Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)) * (0.5 + d.random())
      if (!disposed) retry = clock.setTimer(wait, () => void attempt())
      return
    }
    if (disposed) {
      await nc.close().catch(() => undefined)
      return
    }
    try {
      const engine = await startTeamViewer({
        nc,
        servers: team.servers,
        site: team.site,
        user: team.user,
        clock,
        log: log.child('viewer'),
      })
      const alerts = await startTeamAlerts({
        nc,
        kv: await openBucket(nc, TEAM_BUCKETS.alerts),
        site: team.site,
        user: team.user,
        clock,
        notifier: d.notifier,
        engine,
        prefs: () => alertPrefsOf(d.prefs.current()),
        log: log.child('alerts'),
      })
      const canAcknowledge = await probeAcknowledge(nc, team.site, team.user)
      const service = serviceOf(engine, alerts, canAcknowledge)
      const before = waiting.getState()
      live = { nc, engine, alerts, service, canAcknowledge }
      detail = null
      engine.setPaused(paused)
      follow()
      log.info('joined the team’s site', { site: team.site, user: team.user, canAcknowledge })
      // The window loaded the empty board: hand it the whole site as the next patch (a later patch of the
      // viewer's own sequence is a gap to the window, which then reads the state again).
      const now = engine.getState()
      const connections = connectionViews(engine)
      const alertList = alerts.list()
      serviceEvents.emit({
        event: 'live:patch',
        payload: {
          seq: before.seq + 1,
          serverNow: clock.now(),
          paused,
          upserts: {
            connections: now.connections,
            agents: now.agents,
            queues: now.queues,
            chatRooms: now.chatRooms,
            chatMessages: now.chatMessages,
            metrics: now.metrics,
          },
          removed: {},
        },
      })
      serviceEvents.emit({ event: 'connections:changed', payload: { connections } })
      serviceEvents.emit({ event: 'alerts:changed', payload: alertList })
      tellTeam()
      for (const s of engine.statuses()) engineEvents.emit({ type: 'status', status: s })
    } catch (e) {
      log.error('could not start the team board (a bug, or the server went away meanwhile)', {
        error: (e as Error).stack ?? String(e),
      })
      await nc.close().catch(() => undefined)
      live = null
      if (!disposed) retry = clock.setTimer(5000, () => void attempt())
    }
  }
  void attempt()

  const engine: Engine = {
    setConfig: () => undefined,
    reload: () => undefined,
    start: () => undefined,
    refresh: (id) => currentEngine().refresh(id),
    setPaused: (p) => {
      paused = p
      currentEngine().setPaused(p)
    },
    isPaused: () => currentEngine().isPaused(),
    suspend: () => currentEngine().suspend(),
    resume: () => currentEngine().resume(),
    setOnline: (o) => currentEngine().setOnline(o),
    getState: () => currentEngine().getState(),
    row: (k) => currentEngine().row(k),
    history: (k, s) => currentEngine().history(k, s),
    statuses: () => currentEngine().statuses(),
    config: () => currentEngine().config(),
    onEvent: engineEvents.subscribe,
    dispose: async () => undefined,
    restore: (c) => currentEngine().restore(c),
    exportCache: () => currentEngine().exportCache(),
    network: () => currentEngine().network(),
    catchUps: () => currentEngine().catchUps(),
  }
  return {
    engine,
    service: {
      invoke: (channel, args, caller) => currentService().invoke(channel, args, caller),
      onEvent: (l) => serviceEvents.subscribe(({ event, payload }) => l(event, payload)),
    },
    team: info,
    async dispose() {
      disposed = true
      retry?.()
      for (const off of forward.splice(0)) off()
      const l = live
      live = null
      if (l) {
        await l.alerts.dispose().catch(() => undefined)
        await l.engine.dispose().catch(() => undefined)
        await l.nc.drain().catch(() => l.nc.close())
      }
      serviceEvents.clear()
      engineEvents.clear()
      teamChanges.clear()
    },
  }
}
