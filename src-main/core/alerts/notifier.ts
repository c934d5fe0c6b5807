/**
 * The Notifier port: how alerts reach the supervisor outside the board. The Electron shell implements it with OS
 * notifications, the tray and a sound (src-main/shell/electron-notifier.ts); the headless runner has none.
 */
import type { TraySummary } from '../../../src-shared/alerts'
import type { NotificationGroup } from '../../../src-shared/notify-text'

export type { NotificationGroup } from '../../../src-shared/notify-text'

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
