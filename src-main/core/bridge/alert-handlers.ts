/**
 * The alert and rule channels of the IPC contract (issue "Alerts"): the list, acknowledge / snooze / mute, alert
 * preferences, rule previews, and saving or removing rules through the settings store. Both transports serve them
 * through the BridgeService; 'alerts:changed' events come from the alert service.
 *
 * Who acknowledged is the caller: "you" in the desktop app; for a browser board opened with a token, the name that
 * browser was given (it says so itself: a label for the team, not a sign-in), or "web" when it gave none. A
 * read-only board can only look.
 */
import type { AlertActionResult, AlertService } from '../alerts/service'
import {
  alertPrefsOf,
  validateAlertPrefs,
  validateRule,
  type Config,
  type RuleConfig,
} from '../../../src-shared/config'
import type { Engine } from '../engine'
import { pastDayHistory } from '../alerts/preview'
import type { HistoryDay } from '../persistence/history-day-file'
import type { Disposer, Logger } from '../ports'
import type { SettingsStore } from '../settings/settings-store'
import { commitConfigChange, summarizeIssues } from './config-issues'
import { BridgeFailure, type Caller, type ChannelHandlers, type EventListener } from './types'

export type AlertChannel =
  | 'alerts:list'
  | 'alerts:acknowledge'
  | 'alerts:snooze'
  | 'alerts:muteRule'
  | 'alerts:setPrefs'
  | 'rules:preview'
  | 'rules:save'
  | 'rules:remove'

export interface AlertHandlerDeps {
  alerts: AlertService
  /** Where rules and prefs are saved; null where they come from a file the app does not write (headless). */
  settings: SettingsStore | null
  /** Told about every saved config, like the connection handlers do. */
  engine?: Pick<Engine, 'setConfig'>
  /** The history days on disk (persistence/history-archive.ts), for a preview over a past day. */
  historyDays?: {
    storedDays(): { connection: string; date: string }[]
    day(connection: string, date: string): Promise<HistoryDay | null>
  }
  log: Logger
}

export interface AlertHandlers {
  handlers: ChannelHandlers<AlertChannel>
  /** 'alerts:changed' events, for the BridgeService's `events`. */
  events: { subscribe(listener: EventListener): Disposer }
}

function unwrap<T>(r: AlertActionResult<T>): T {
  if (r.ok) return r.value
  throw new BridgeFailure({ code: r.code, message: r.message })
}

/** A rule from the board, validated as the config's rules are; invalid_config with every issue if it is not. */
function validRule(raw: unknown): RuleConfig {
  const v = validateRule(raw)
  if (v.ok) return v.rule
  throw new BridgeFailure({
    code: 'invalid_config',
    message: summarizeIssues('the rule is not valid', v.issues),
    issues: v.issues,
  })
}

export function createAlertHandlers(deps: AlertHandlerDeps): AlertHandlers {
  const { alerts, settings, log } = deps

  const guard = (channel: AlertChannel, caller: Caller) => {
    if (caller.readOnly)
      throw new BridgeFailure({ code: 'read_only', message: `${channel}: this board is read-only` })
  }

  const store = (channel: AlertChannel): SettingsStore => {
    if (settings === null) {
      throw new BridgeFailure({
        code: 'read_only',
        message: `${channel}: rules and preferences come from the config file here; edit the file and restart`,
      })
    }
    return settings
  }

  /**
   * Change the config through the settings store's one writer (serialized with connection edits): `change` sees
   * the config in effect at its turn, and the result must validate whole or nothing is saved.
   */
  const commit = async (s: SettingsStore, change: (current: Config) => Config): Promise<Config> => {
    const saved = await commitConfigChange(s, log, change)
    if (saved.changed) {
      deps.engine?.setConfig(s.current())
      alerts.evaluate()
    }
    return saved.config
  }

  const handlers: ChannelHandlers<AlertChannel> = {
    'alerts:list': async () => alerts.list(),

    'alerts:acknowledge': async (args, caller) => {
      guard('alerts:acknowledge', caller)
      return unwrap(alerts.acknowledge(args.id, caller.shell === 'electron' ? 'you' : (args.by ?? 'web')))
    },

    'alerts:snooze': async (args, caller) => {
      guard('alerts:snooze', caller)
      return unwrap(alerts.snooze(args.id, args.minutes))
    },

    'alerts:muteRule': async (args, caller) => {
      guard('alerts:muteRule', caller)
      return unwrap(alerts.muteRule(args.rule, args.until))
    },

    'alerts:setPrefs': async (args, caller) => {
      guard('alerts:setPrefs', caller)
      const s = store('alerts:setPrefs')
      const next = await commit(s, (current) => {
        const v = validateAlertPrefs({ ...alertPrefsOf(current.prefs), ...args.prefs })
        if (!v.ok) {
          throw new BridgeFailure({
            code: 'invalid_config',
            message: summarizeIssues('the alert preferences are not valid', v.issues),
            issues: v.issues,
          })
        }
        return { ...current, prefs: { ...current.prefs, alerts: v.prefs } }
      })
      return alertPrefsOf(next.prefs)
    },

    'rules:preview': async (args) => {
      const rule = validRule(args.rule)
      if (args.day !== undefined) {
        const date = args.day
        const stored = deps.historyDays?.storedDays().filter((d) => d.date === date) ?? []
        const days = (await Promise.all(stored.map((d) => deps.historyDays?.day(d.connection, date)))).filter(
          (d): d is HistoryDay => d !== null && d !== undefined,
        )
        if (days.length === 0)
          throw new BridgeFailure({
            code: 'not_found',
            message: `rules:preview: no history is stored for ${date} (history:days lists the days kept)`,
          })
        return alerts.preview(rule, {
          history: pastDayHistory(rule, days),
          window: { from: Math.min(...days.map((d) => d.from)), to: Math.max(...days.map((d) => d.to)) },
        })
      }
      return alerts.preview(rule, args.sinceMs === undefined ? undefined : { sinceMs: args.sinceMs })
    },

    'rules:save': async (args, caller) => {
      guard('rules:save', caller)
      const s = store('rules:save')
      const rule = validRule(args.rule)
      await commit(s, (current) => ({
        ...current,
        rules: current.rules.some((r) => r.id === rule.id)
          ? current.rules.map((r) => (r.id === rule.id ? rule : r))
          : [...current.rules, rule],
      }))
      return rule
    },

    'rules:remove': async (args, caller) => {
      guard('rules:remove', caller)
      const s = store('rules:remove')
      await commit(s, (current) => {
        if (!current.rules.some((r) => r.id === args.id)) {
          throw new BridgeFailure({ code: 'not_found', message: `there is no rule "${args.id}"` })
        }
        return { ...current, rules: current.rules.filter((r) => r.id !== args.id) }
      })
      return null
    },
  }

  return {
    handlers,
    events: {
      subscribe(listener) {
        return alerts.changes.subscribe((list) => listener('alerts:changed', list))
      },
    },
  }
}
