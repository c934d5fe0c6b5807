/**
 * The Notifier port: how alerts reach the supervisor outside the board. The Electron shell implements it with OS
 * notifications, the tray and a sound (src-main/shell/electron-notifier.ts); the headless runner has none.
 */
import type { AlertSeverity, TraySummary } from '../../../src-shared/alerts'

/**
 * One desktop notification for every alert that started firing (or escalated) at one severity in one evaluation:
 * "3 queues breaching" rather than three toasts. Text holds rule, queue, room, metric and connection names and
 * numbers only (agent names only when prefs allow), never customer content.
 */
export interface NotificationGroup {
  severity: AlertSeverity
  title: string
  body: string
  /** The alert ids in it, worst and oldest first. */
  alerts: string[]
  /** What a click opens: the board's Alerts view on this alert (the first of the group) and its rule. */
  focus: { alert: string; rule: string }
}

export type SoundKind = 'critical'

export interface Notifier {
  notify(group: NotificationGroup): void
  /** The worst severity firing and the counts, whenever they change. */
  setTray(summary: TraySummary): void
  /** Critical alerts only; the service applies the repeat policy (once / every N s until acknowledged). */
  playSound(kind: SoundKind): void
}

/** For the headless runner and tests that do not look at notifications. */
export const silentNotifier: Notifier = {
  notify: () => undefined,
  setTray: () => undefined,
  playSound: () => undefined,
}
