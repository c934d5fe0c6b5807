/**
 * Who is told what, and when. At most one notification per severity per evaluation, for alerts that started
 * firing or escalated, held back while snoozed, muted, inhibited or in quiet hours (allow-listed rules' critical
 * alerts pass), and delivered when that ends if the alert still fires. Acknowledged alerts do not notify again
 * unless they escalate to critical. Sound: critical only, once or every N s until acknowledged.
 */
import {
  SEVERITY_RANK,
  type AlertSeverity,
  type AlertSilence,
  type TraySummary,
} from '../../../src-shared/alerts'
import type { AlertPrefs, RuleConfig } from '../../../src-shared/config'
import type { FormatLanguage } from '../../../src-shared/format/duration'
import type { Logger } from '../ports'
import type { AlertBook } from './alert-book'
import type { Notifier } from './notifier'
import { buildGroup, traySummary, type TextAlert } from './notify-text'
import type { AlertRecord } from './store'

/** Why an alert's notifications are held back at `now`, or null when they are not. */
export function silenceOf(
  a: AlertRecord,
  book: AlertBook,
  prefs: AlertPrefs,
  quiet: boolean,
  now: number,
): AlertSilence | null {
  if (a.inhibited) return 'inhibited'
  if (a.snoozedUntil !== null && a.snoozedUntil > now) return 'snoozed'
  if (book.mutedUntil(a.rule, now) !== null) return 'muted'
  if (quiet && !(a.severity === 'critical' && prefs.quietAllow.includes(a.rule))) return 'quiet_hours'
  return null
}

function textOf(a: AlertRecord, rule: RuleConfig): TextAlert {
  return {
    id: a.id,
    rule: a.rule,
    ruleName: a.ruleName,
    entity: a.entity,
    entityName: a.entityName,
    entityId: a.entityId,
    field: a.field,
    value: a.value,
    severity: a.severity,
    threshold: a.threshold,
    ruleState: rule.state ?? null,
    op: rule.op,
  }
}

export interface NotifyPass {
  book: AlertBook
  rules: readonly RuleConfig[]
  prefs: AlertPrefs
  /** The board's language, for the notification texts. */
  language: FormatLanguage
  quiet: boolean
  now: number
  notifier: Notifier
  log: Logger
}

/** Notify what is due (grouped by severity) and play the critical sound when it is due. */
export function notifyDue({ book, rules, prefs, language, quiet, now, notifier, log }: NotifyPass): void {
  const byId = new Map(rules.map((r) => [r.id, r]))
  const due: Record<AlertSeverity, { a: AlertRecord; rule: RuleConfig }[]> = { critical: [], warning: [] }
  let sound = false
  for (const a of book.alerts.values()) {
    const rule = byId.get(a.rule)
    if (
      !rule ||
      a.state !== 'firing' ||
      a.noData ||
      silenceOf(a, book, prefs, quiet, now) !== null ||
      a.ack !== null
    )
      continue
    if (a.notified === null || SEVERITY_RANK[a.severity] > SEVERITY_RANK[a.notified]) {
      if (rule.notify.includes('desktop')) due[a.severity].push({ a, rule })
      a.notified = a.severity
      book.dirty = true
    }
    if (a.severity === 'critical' && rule.notify.includes('sound')) {
      const repeat = rule.soundRepeat ?? prefs.soundRepeat
      if (a.lastSoundAt === null || (repeat !== 'once' && now - a.lastSoundAt >= repeat * 1000)) {
        sound = true
        a.lastSoundAt = now
        book.dirty = true
      }
    }
  }
  for (const severity of ['critical', 'warning'] as const) {
    const items = due[severity].sort(
      (x, y) => (x.a.firedAt ?? 0) - (y.a.firedAt ?? 0) || x.a.id.localeCompare(y.a.id),
    )
    const group = buildGroup(
      severity,
      items.map((x) => textOf(x.a, x.rule)),
      prefs.notificationDetail,
      language,
    )
    if (!group) continue
    try {
      notifier.notify(group)
    } catch (e) {
      log.error('the notifier failed', { error: (e as Error).message })
    }
  }
  if (sound) {
    try {
      notifier.playSound('critical')
    } catch (e) {
      log.error('the notifier could not play a sound', { error: (e as Error).message })
    }
  }
}

/** The tray badge: firing alerts of rules that notify the tray; open = neither acknowledged nor snoozed. */
export function trayOf(
  book: AlertBook,
  rules: readonly RuleConfig[],
  now: number,
  language: FormatLanguage = 'en',
): TraySummary {
  const withTray = new Set(rules.filter((r) => r.notify.includes('tray')).map((r) => r.id))
  return traySummary(
    [...book.alerts.values()]
      .filter((a) => a.state === 'firing' && !a.inhibited && withTray.has(a.rule))
      .map((a) => ({
        severity: a.severity,
        open: a.ack === null && !(a.snoozedUntil !== null && a.snoozedUntil > now),
      })),
    language,
  )
}
