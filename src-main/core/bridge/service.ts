/**
 * The BridgeService both transports serve (Electron IPC and the headless WebSocket bridge): live data and
 * polling control here, connections / secrets / config through the handlers passed in. Never throws: expected
 * failures become envelopes; a bug is logged and answered with a generic 'internal' error.
 */
import {
  READ_ONLY_CHANNELS,
  type AppInfo,
  type Envelope,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResult,
  type StoredHistoryDay,
} from '../../../src-shared/ipc/contract'
import type { HistorySeries } from '../../../src-shared/live'
import type { Engine } from '../engine'
import type { Disposer, Logger } from '../ports'
import type { AlertChannel } from './alert-handlers'
import type { WebhookChannel } from './webhook-handlers'
import {
  BridgeFailure,
  type BridgeService,
  type Caller,
  type ChannelHandlers,
  type EventListener,
} from './types'

export type ConnectionChannel =
  | 'connections:list'
  | 'connections:save'
  | 'connections:remove'
  | 'targets:set'
  | 'connections:test'
  | 'config:export'
  | 'config:import'
  | 'secrets:set'
  | 'secrets:delete'
  | 'secrets:status'
  | 'prefs:set'
  | 'views:list'
  | 'views:save'
  | 'views:remove'
  | 'console:open'
  | 'people:get'
  | 'people:save'

export type TeamChannel = 'team:status' | 'team:join' | 'team:leave'

/** The shift report's channels (core/report/service.ts). */
export type { ReportChannel } from '../report/service'
import type { ReportChannel } from '../report/service'

/** A board built without a report service (tests of other channels): every report channel says so. */
const NO_REPORT_HANDLERS: ChannelHandlers<ReportChannel> = Object.fromEntries(
  (['report:get', 'report:csv', 'report:exported', 'report:savePdf'] as const).map((c) => [
    c,
    async () => {
      throw new BridgeFailure({ code: 'not_found', message: `${c}: this board has no shift report` })
    },
  ]),
) as unknown as ChannelHandlers<ReportChannel>

/**
 * Settings → Team of a board that is not in a team and cannot join one from the UI (the headless runner: a served
 * board joins with `--team` on its command line).
 */
export const NO_TEAM_HANDLERS: ChannelHandlers<TeamChannel> = {
  'team:status': async () => ({ team: null, canChange: false, last: null, problem: null, restarting: false }),
  'team:join': async () => {
    throw new BridgeFailure({
      code: 'read_only',
      message:
        'team:join: a served board joins a team from its command line (headless --team URL --site SITE)',
    })
  },
  'team:leave': async () => {
    throw new BridgeFailure({ code: 'read_only', message: 'team:leave: this board is not part of a team' })
  },
}

/** What the bridge reads of the history days (persistence/history-archive.ts `HistoryArchive`). */
export interface HistoryDaysSource {
  storedDays(): { connection: string; date: string; from: number; to: number }[]
  series(keys: readonly string[], from: number, to: number): Promise<HistorySeries[]>
}

/** The stored days by business date: which connections have each, and its span. */
export function storedDatesOf(days: ReturnType<HistoryDaysSource['storedDays']>): StoredHistoryDay[] {
  const byDate = new Map<string, StoredHistoryDay>()
  for (const d of days) {
    const had = byDate.get(d.date)
    if (!had) byDate.set(d.date, { date: d.date, connections: [d.connection], from: d.from, to: d.to })
    else {
      if (!had.connections.includes(d.connection)) had.connections.push(d.connection)
      had.from = Math.min(had.from, d.from)
      had.to = Math.max(had.to, d.to)
    }
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date))
}

/**
 * A board without webhook settings (a team board: the site's pollers run the escalation ladders and keep the
 * URLs, docs/TEAM.md): it lists none and says where they are set.
 */
function noWebhooks(channel: WebhookChannel): () => Promise<never> {
  return async () => {
    throw new BridgeFailure({
      code: 'read_only',
      message: `${channel}: this board has no webhooks of its own (a team's webhooks are set in its pollers' config)`,
    })
  }
}

export const NO_WEBHOOK_HANDLERS: ChannelHandlers<WebhookChannel> = {
  'webhooks:list': async () => [],
  'webhooks:save': noWebhooks('webhooks:save'),
  'webhooks:remove': noWebhooks('webhooks:remove'),
  'webhooks:test': noWebhooks('webhooks:test'),
}

export interface EventSource {
  subscribe(listener: EventListener): Disposer
}

export interface BridgeServiceDeps {
  engine: Engine
  appInfo: (caller: Caller) => Promise<AppInfo>
  connections: ChannelHandlers<ConnectionChannel>
  /** Alert and rule channels (alert-handlers.ts). */
  alerts: ChannelHandlers<AlertChannel>
  /** Settings → Team (team mode, docs/TEAM.md); without them the board is not in a team and cannot join one. */
  team?: ChannelHandlers<TeamChannel>
  /** The shift report (core/report/service.ts); without it the report channels answer not_found. */
  report?: ChannelHandlers<ReportChannel>
  /**
   * The history days on disk (persistence/history-archive.ts); without them `history:days` lists none and
   * `history:past` answers empty series (a team board keeps no days of its own).
   */
  history?: HistoryDaysSource
  /** Settings → Webhooks (webhook-handlers.ts); without them the board has none and says so. */
  webhooks?: ChannelHandlers<WebhookChannel>
  /** Other event sources (e.g. 'connections:changed' from the connection handlers, 'alerts:changed'). */
  events?: EventSource | readonly EventSource[]
  log: Logger
}

export function createBridgeService(deps: BridgeServiceDeps): BridgeService {
  const { engine } = deps
  const own: ChannelHandlers<
    Exclude<InvokeChannel, ConnectionChannel | AlertChannel | TeamChannel | ReportChannel | WebhookChannel>
  > = {
    'live:get': async () => engine.getState(),
    'live:row': async (a) => engine.row(a.key),
    'history:get': async (a) => engine.history(a.keys, a.sinceMs),
    'history:past': async (a) =>
      deps.history ? deps.history.series(a.keys, a.from, a.to) : a.keys.map((key) => ({ key, points: [] })),
    'history:days': async () => storedDatesOf(deps.history?.storedDays() ?? []),
    'connections:refresh': async (a) => {
      engine.refresh(a.id)
      return null
    },
    'polling:setPaused': async (a) => {
      engine.setPaused(a.paused)
      return null
    },
    'catchups:list': async () => engine.catchUps(),
    'app:info': async (_a, caller) => deps.appInfo(caller),
  }
  const handlers = {
    ...own,
    ...deps.connections,
    ...deps.alerts,
    ...(deps.team ?? NO_TEAM_HANDLERS),
    ...(deps.report ?? NO_REPORT_HANDLERS),
    ...(deps.webhooks ?? NO_WEBHOOK_HANDLERS),
  } as ChannelHandlers<InvokeChannel>
  const sources: readonly EventSource[] =
    deps.events === undefined ? [] : 'subscribe' in deps.events ? [deps.events] : deps.events

  return {
    async invoke<C extends InvokeChannel>(
      channel: C,
      args: InvokeArgs<C>,
      caller: Caller,
    ): Promise<Envelope<InvokeResult<C>>> {
      if (caller.readOnly && !READ_ONLY_CHANNELS.includes(channel)) {
        return {
          ok: false,
          error: {
            code: 'read_only',
            message: `${channel}: this board is read-only (open it with a token to make changes)`,
          },
        }
      }
      const handler = handlers[channel] as (a: InvokeArgs<C>, c: Caller) => Promise<InvokeResult<C>>
      try {
        return { ok: true, value: await handler(args, caller) }
      } catch (e) {
        if (e instanceof BridgeFailure) return { ok: false, error: e.error }
        deps.log.error('invoke handler failed (a bug)', { channel, error: (e as Error).stack ?? String(e) })
        return {
          ok: false,
          error: { code: 'internal', message: `${channel} failed; see the log for details` },
        }
      }
    },
    onEvent(listener) {
      const offEngine = engine.onEvent((e) => {
        if (e.type === 'patch') listener('live:patch', e.patch)
        else if (e.type === 'catchup') listener('app:catchup', e.catchup)
      })
      const offOther = sources.map((source) => source.subscribe(listener))
      return () => {
        offEngine()
        for (const off of offOther) off()
      }
    },
  }
}
