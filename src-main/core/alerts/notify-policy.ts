/**
 * Who is told what, and when, in main: the shared repeat policy (src-shared/notify-policy.ts) over main's alert
 * records, which keep what was told across restarts. Why an alert is held back (snoozed, muted, inhibited, quiet
 * hours — allow-listed rules' critical alerts pass) is decided here, where the mutes and quiet hours are.
 */
import type { AlertSilence, TraySummary } from '../../../src-shared/alerts'
import type { AlertPrefs, RuleConfig } from '../../../src-shared/config'
import type { FormatLanguage } from '../../../src-shared/format/duration'
import type { Logger } from '../ports'
import type { AlertBook } from './alert-book'
import type { Notifier } from './notifier'
import { decideNotifications } from '../../../src-shared/notify-policy'
import { buildGroup, textAlertOf, traySummary } from '../../../src-shared/notify-text'
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
  const decision = decideNotifications(
    [...book.alerts.values()].map((a) => ({
      id: a.id,
      rule: a.rule,
      state: a.state,
      severity: a.severity,
      firedAt: a.firedAt,
      noData: a.noData,
      acknowledged: a.ack !== null,
      silenced: silenceOf(a, book, prefs, quiet, now) !== null,
      notified: a.notified,
      lastSoundAt: a.lastSoundAt,
    })),
    rules,
    prefs.soundRepeat,
    now,
  )
  for (const [id, mark] of decision.marks) {
    const a = book.alerts.get(id)
    if (!a) continue
    a.notified = mark.notified
    a.lastSoundAt = mark.lastSoundAt
    book.dirty = true
  }
  for (const severity of ['critical', 'warning'] as const) {
    const items = decision.notify[severity].flatMap((id) => {
      const a = book.alerts.get(id)
      const rule = a && byId.get(a.rule)
      return a && rule ? [textAlertOf(a, { state: rule.state ?? null, op: rule.op })] : []
    })
    const group = buildGroup(severity, items, prefs.notificationDetail, language)
    if (!group) continue
    try {
      notifier.notify(group)
    } catch (e) {
      log.error('the notifier failed', { error: (e as Error).message })
    }
  }
  if (decision.sound) {
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
      // A ladder's tray step puts an alert in the tray even when its rule's notify has no "tray".
      .filter(
        (a) => a.state === 'firing' && !a.inhibited && (withTray.has(a.rule) || a.ladder?.tray === true),
      )
      .map((a) => ({
        severity: a.severity,
        open: a.ack === null && !(a.snoozedUntil !== null && a.snoozedUntil > now),
      })),
    language,
  )
}
