/**
 * The Notifier port in the desktop app (issue "Alerts"): one OS notification per group ("3 queues breaching"),
 * a click opens the board on the alert, the tray learns the worst severity, and the critical sound plays in the
 * board window (a hidden window still plays; the renderer owns the audio) or, with no window, as the system beep.
 */
import { Notification, shell, type BrowserWindow } from 'electron'
import type { TraySummary } from '../../src-shared/alerts'
import type { EventName, EventPayloads } from '../../src-shared/ipc/contract'
import type { NotificationGroup, Notifier, SoundKind } from '../core/alerts/notifier'
import type { Logger } from '../core/ports'

export interface ElectronNotifierOptions {
  /** Show the board window, creating it if needed. */
  openWindow: () => BrowserWindow
  /** The board window if there is one (hidden or not). */
  window: () => BrowserWindow | null
  /** The worst severity firing and the counts, for the tray icon and tooltip. */
  onTray?: (summary: TraySummary) => void
  /** Absolute path of the notification icon (Linux / Windows). */
  icon?: string
  log: Logger
}

/** Notifications alive at once; older ones are dropped from memory (the OS keeps showing them). */
const KEEP = 20

function liveWindow(w: BrowserWindow | null): BrowserWindow | null {
  return w && !w.isDestroyed() && !w.webContents.isDestroyed() ? w : null
}

/** Send a contract event to the window, after its page has loaded if it is still loading (a window just opened). */
function sendEvent<E extends EventName>(
  w: BrowserWindow,
  event: E,
  payload: EventPayloads[E],
  log: Logger,
): void {
  const send = () => {
    if (!liveWindow(w)) return
    try {
      w.webContents.send(event, payload)
    } catch (e) {
      log.warn('could not send an event to the window', { event, error: (e as Error).message })
    }
  }
  if (w.webContents.isLoading()) w.webContents.once('did-finish-load', send)
  else send()
}

export class ElectronNotifier implements Notifier {
  /**
   * Electron drops a Notification's click handler when the object is garbage-collected, so the ones still on
   * screen are kept referenced here.
   */
  private readonly shown = new Set<Notification>()

  constructor(private readonly opts: ElectronNotifierOptions) {}

  notify(group: NotificationGroup): void {
    const { log } = this.opts
    if (!Notification.isSupported()) {
      log.warn('desktop notifications are not supported here', { title: group.title })
      return
    }
    const critical = group.severity === 'critical'
    const n = new Notification({
      title: group.title,
      body: group.body,
      // The sound is the alert sound (playSound), with its repeat policy, not the OS chime.
      silent: true,
      urgency: critical ? 'critical' : 'normal',
      timeoutType: critical ? 'never' : 'default',
      ...(this.opts.icon ? { icon: this.opts.icon } : {}),
    })
    const forget = () => this.shown.delete(n)
    n.on('click', () => {
      forget()
      const w = this.opts.openWindow()
      sendEvent(w, 'app:navigate', { view: 'alerts', focus: group.focus.alert }, log)
    })
    n.on('close', forget)
    n.on('failed', (_e, error) => {
      forget()
      log.warn('a desktop notification failed', { error })
    })
    this.shown.add(n)
    if (this.shown.size > KEEP) {
      const oldest = this.shown.values().next().value
      if (oldest) this.shown.delete(oldest)
    }
    n.show()
  }

  setTray(summary: TraySummary): void {
    this.opts.onTray?.(summary)
  }

  playSound(kind: SoundKind): void {
    const w = liveWindow(this.opts.window())
    if (w) sendEvent(w, 'alerts:sound', { kind }, this.opts.log)
    else shell.beep()
  }

  /** Close the notifications still on screen (quit). */
  dispose(): void {
    for (const n of this.shown) n.close()
    this.shown.clear()
  }
}
