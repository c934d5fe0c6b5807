/** The alert list as the board shows it: active alerts (firing first, worst first), history, rule states, tray. */
import {
  alertIdentity,
  SEVERITY_RANK,
  type AlertList,
  type AlertView,
  type RuleStatus,
} from '../../../src-shared/alerts'
import type { AlertPrefs, RuleConfig } from '../../../src-shared/config'
import type { FormatLanguage } from '../../../src-shared/format/duration'
import type { AlertBook } from './alert-book'
import { escalationView } from './escalation'
import { silenceOf, trayOf } from './notify-policy'
import { clearLevel } from './evaluate'
import { ruleWatchesConnection } from '../../../src-shared/rules/scope'
import { watchCounts, type PeopleContext, type WatchedConnection } from './readings'
import type { AlertRecord } from './store'

export function viewOf(
  a: AlertRecord,
  book: AlertBook,
  prefs: AlertPrefs,
  quiet: boolean,
  now: number,
  rule: RuleConfig | undefined,
  webhookName: (id: string) => string = (id) => id,
): AlertView {
  return {
    ...alertIdentity(a),
    state: a.state,
    severity: a.severity,
    value: a.value,
    threshold: a.threshold,
    clearLevel: rule === undefined ? null : clearLevel(rule),
    since: a.since,
    firedAt: a.firedAt,
    changedAt: a.changedAt,
    peak: a.peak,
    noData: a.noData,
    inhibited: a.inhibited,
    ack: a.ack,
    snoozedUntil: a.snoozedUntil !== null && a.snoozedUntil > now ? a.snoozedUntil : null,
    notified: a.notified,
    silenced: silenceOf(a, book, prefs, quiet, now),
    escalation: escalationView(
      { state: a.state, severity: a.severity, acknowledged: a.ack !== null, ladder: a.ladder ?? null },
      rule,
      prefs,
      webhookName,
    ),
  }
}

function ruleStatuses(
  book: AlertBook,
  rules: readonly RuleConfig[],
  conns: Map<string, WatchedConnection>,
  now: number,
  inSchedule: (rule: RuleConfig, now: number) => boolean,
  prefs: AlertPrefs,
  people?: PeopleContext,
): RuleStatus[] {
  return rules.map((r) => {
    const base = { rule: r.id, name: r.name, mutedUntil: book.mutedUntil(r.id, now) }
    const mine = [...book.alerts.values()].filter((a) => a.rule === r.id)
    const firing = mine.filter((a) => a.state === 'firing')
    const noData = mine.filter((a) => a.noData).length
    let state: RuleStatus['state']
    if (!r.enabled) state = 'disabled'
    else if (!inSchedule(r, now)) state = 'inactive'
    else if (firing.length > 0) state = 'firing'
    else if (mine.length > 0) state = 'pending'
    else if (
      r.entity !== 'connection' &&
      ![...conns.values()].some((c) => c.fresh && ruleWatchesConnection(r, c.id))
    )
      state = 'no_data'
    else state = 'ok'
    const severity =
      firing.length === 0 ? null : firing.some((a) => a.severity === 'critical') ? 'critical' : 'warning'
    const watching = r.enabled ? watchCounts(r, conns, now, people) : []
    const notify = r.notify.slice()
    const soundRepeat = r.soundRepeat ?? prefs.soundRepeat
    return {
      ...base,
      state,
      severity,
      active: mine.length,
      noData,
      watching,
      notify,
      soundRepeat,
      op: r.op,
      forecastHorizonSec: r.forecast?.horizonSec ?? null,
      speak: r.speak !== false,
      agentState: r.state ?? null,
    }
  })
}

const order = (a: AlertView, b: AlertView) =>
  (a.state === 'firing' ? 0 : 1) - (b.state === 'firing' ? 0 : 1) ||
  SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
  (a.firedAt ?? a.since) - (b.firedAt ?? b.since) ||
  a.id.localeCompare(b.id)

export interface ListInput {
  book: AlertBook
  rules: readonly RuleConfig[]
  prefs: AlertPrefs
  conns: Map<string, WatchedConnection>
  quiet: boolean
  now: number
  inSchedule: (rule: RuleConfig, now: number) => boolean
  /** The board's language, for the tray text (default English). */
  language?: FormatLanguage
  /** A webhook's name by id (escalation deliveries on an alert). */
  webhookName?: (id: string) => string
  /** The people person rules read (people-rules.ts); absent = none watched. */
  people?: PeopleContext
}

export function listAlerts({
  book,
  rules,
  prefs,
  conns,
  quiet,
  now,
  inSchedule,
  language = 'en',
  webhookName,
  people,
}: ListInput): AlertList {
  return {
    now,
    active: [...book.alerts.values()]
      .map((a) =>
        viewOf(
          a,
          book,
          prefs,
          quiet,
          now,
          rules.find((r) => r.id === a.rule),
          webhookName,
        ),
      )
      .sort(order),
    history: book.history.slice(),
    rules: ruleStatuses(book, rules, conns, now, inSchedule, prefs, people),
    quietHours: quiet,
    tray: trayOf(book, rules, now, language),
  }
}
