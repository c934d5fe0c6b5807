/**
 * The BridgeService of a board in team mode (a desktop that joined a team, or `headless --team … --serve`): the
 * same contract as a board of its own, served from the team. Connections and rules are the team's (an admin changes
 * them with `--push-config`), so the editors answer read-only with the reason; secrets never reach a viewer
 * (`secret: 'team'`); acknowledgements go to the holder; snooze, mutes and preferences stay on this board.
 */
import type { ConnectionView, InvokeArgs, TeamInfo, TeamSettingsView } from '../../src-shared/ipc/contract'
import type { AlertPrefs, Prefs } from '../../src-shared/config'
import { alertPrefsOf, validateAlertPrefs, formatConfigIssue } from '../../src-shared/config'
import { unsupportedPreview } from '../core/alerts/preview'
import type { AlertActionResult } from '../core/alerts/service'
import type { AlertChannel } from '../core/bridge/alert-handlers'
import { checkedConsoleUrl } from '../core/bridge/connection-handlers'
import { connectionViewOf } from '../core/bridge/connection-view'
import { createBridgeService, type ConnectionChannel, type TeamChannel } from '../core/bridge/service'
import { BridgeFailure, type BridgeService, type Caller, type ChannelHandlers } from '../core/bridge/types'
import type { Logger } from '../core/ports'
import { configToText } from '../core/settings/config-file'
import type { TeamAlerts } from './alerts'
import type { TeamEngine } from './viewer'

const TEAM_OWNED =
  'this board shows a team: its connections and rules are the team’s (an admin changes them with --push-config)'

function unwrap<T>(r: AlertActionResult<T>): T {
  if (r.ok) return r.value
  throw new BridgeFailure({ code: r.code, message: r.message })
}

export function connectionViews(engine: TeamEngine): ConnectionView[] {
  return (engine.config()?.connections ?? []).map((c) => connectionViewOf(c, 'team'))
}

/** What a team board's bridge service is built from. */
export interface TeamBridgeDeps {
  engine: TeamEngine
  alerts: TeamAlerts
  /** Local preferences of this board (theme, language, alert prefs). */
  prefs: { current(): Prefs; save(p: Prefs): Promise<void> }
  info: (caller: Caller) => Promise<{
    version: string
    shell: 'electron' | 'web'
    keychain: { available: boolean; detail: string | null }
  }>
  canAcknowledge: boolean
  /**
   * Settings → Team: the desktop app leaves its team from there; without these, a served board shows its team and
   * refuses changes (its team is on its command line).
   */
  teamSettings?: {
    leave(): Promise<TeamSettingsView>
    join(a: InvokeArgs<'team:join'>): Promise<TeamSettingsView>
  }
  /** Opens a vendor console link in the system browser (the desktop app); absent: `console:open` is refused. */
  openExternal?: (url: string) => void
  log: Logger
}

export function createTeamBridgeService(o: TeamBridgeDeps): BridgeService {
  const refuse = (channel: string): never => {
    throw new BridgeFailure({ code: 'read_only', message: `${channel}: ${TEAM_OWNED}` })
  }
  const guard = (channel: string, caller: Caller) => {
    if (caller.readOnly)
      throw new BridgeFailure({ code: 'read_only', message: `${channel}: this board is read-only` })
  }
  const connections: ChannelHandlers<ConnectionChannel> = {
    'connections:list': async () => connectionViews(o.engine),
    'connections:save': async () => refuse('connections:save'),
    'connections:remove': async () => refuse('connections:remove'),
    'targets:set': async () => refuse('targets:set'),
    'connections:test': async () => refuse('connections:test'),
    'config:export': async () => {
      const c = o.engine.config()
      return { text: c ? configToText(c) : '{}' }
    },
    'config:import': async () => refuse('config:import'),
    'secrets:set': async () => refuse('secrets:set'),
    'secrets:delete': async () => refuse('secrets:delete'),
    'secrets:status': async (a) => ({ connection: a.connection, where: null }),
    'people:get': async () => o.engine.config()?.people ?? [],
    'people:save': async () => refuse('people:save'),
    'prefs:set': async (a, caller) => {
      guard('prefs:set', caller)
      const next = { ...o.prefs.current(), ...a }
      await o.prefs.save(next)
      return next
    },
    // Saved views are the team's, in its config: a board shows them and cannot change them.
    'views:list': async () => o.engine.config()?.views ?? [],
    'views:save': async () => refuse('views:save'),
    'views:remove': async () => refuse('views:remove'),
    'console:open': async (a) => {
      if (!o.openExternal)
        throw new BridgeFailure({
          code: 'bad_request',
          message: 'console:open: a board in a browser opens console links itself (in a new tab)',
        })
      const checked = checkedConsoleUrl(
        o.engine.config()?.connections.find((c) => c.id === a.connection),
        a,
      )
      if (!checked.ok) throw new BridgeFailure({ code: 'bad_request', message: checked.message })
      o.openExternal(checked.url)
      return null
    },
  }
  const alerts: ChannelHandlers<AlertChannel> = {
    'alerts:list': async () => o.alerts.list(),
    'alerts:acknowledge': async (a, caller) => {
      guard('alerts:acknowledge', caller)
      if (!o.canAcknowledge)
        throw new BridgeFailure({
          code: 'read_only',
          message: 'alerts:acknowledge: this team user may only look (acknowledging needs a supervisor)',
        })
      return unwrap(await o.alerts.acknowledge(a.id))
    },
    'alerts:snooze': async (a, caller) => {
      guard('alerts:snooze', caller)
      return unwrap(o.alerts.snooze(a.id, a.minutes))
    },
    'alerts:muteRule': async (a, caller) => {
      guard('alerts:muteRule', caller)
      return unwrap(o.alerts.muteRule(a.rule, a.until))
    },
    'alerts:setPrefs': async (a, caller): Promise<AlertPrefs> => {
      guard('alerts:setPrefs', caller)
      const current = o.prefs.current()
      const v = validateAlertPrefs({ ...alertPrefsOf(current), ...a.prefs })
      if (!v.ok)
        throw new BridgeFailure({
          code: 'invalid_config',
          message: `the alert preferences are not valid: ${v.issues.slice(0, 3).map(formatConfigIssue).join('; ')}`,
          issues: v.issues,
        })
      await o.prefs.save({ ...current, alerts: v.prefs })
      return v.prefs
    },
    'rules:preview': async () => ({
      ...unsupportedPreview('rule previews run where the rules are evaluated: on the team’s pollers'),
      watching: [],
    }),
    'rules:save': async () => refuse('rules:save'),
    'rules:remove': async () => refuse('rules:remove'),
  }
  const teamInfo = (): TeamInfo => {
    const t = o.engine.team()
    return {
      servers: t.servers,
      site: t.site,
      user: t.user,
      connected: t.connected,
      since: t.since,
      canAcknowledge: o.canAcknowledge,
      detail: t.detail,
    }
  }
  const settingsView = (): TeamSettingsView => ({
    team: teamInfo(),
    canChange: o.teamSettings !== undefined,
    last: null,
    problem: null,
    restarting: false,
  })
  const team: ChannelHandlers<TeamChannel> = {
    'team:status': async () => settingsView(),
    'team:join': async (a, caller) => {
      guard('team:join', caller)
      if (!o.teamSettings)
        throw new BridgeFailure({
          code: 'read_only',
          message:
            'team:join: this board’s team is set on its command line (headless --team URL --site SITE)',
        })
      return o.teamSettings.join(a)
    },
    'team:leave': async (_a, caller) => {
      guard('team:leave', caller)
      if (!o.teamSettings)
        throw new BridgeFailure({
          code: 'read_only',
          message:
            'team:leave: this board’s team is set on its command line (headless --team URL --site SITE)',
        })
      return o.teamSettings.leave()
    },
  }
  const inner = createBridgeService({
    engine: o.engine,
    appInfo: async (caller) => ({
      ...(await o.info(caller)),
      readOnly: caller.readOnly,
      prefs: o.prefs.current(),
      team: teamInfo(),
    }),
    connections,
    alerts,
    team,
    events: [
      { subscribe: (l) => o.alerts.changes.subscribe((list) => l('alerts:changed', list)) },
      {
        subscribe: (l) =>
          o.engine.onTeam(() => {
            l('connections:changed', { connections: connectionViews(o.engine) })
            l('team:changed', teamInfo())
          }),
      },
    ],
    log: o.log,
  })
  return {
    onEvent: (l) => inner.onEvent(l),
    async invoke(channel, args, caller) {
      // History lives on the team server: fetch a connection's 8 h once, on first demand.
      if (channel === 'history:get') {
        const a = args as { keys: string[]; sinceMs: number }
        await o.engine.loadHistory(a.keys, a.sinceMs)
      }
      return inner.invoke(channel, args, caller)
    },
  }
}
