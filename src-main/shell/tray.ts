/**
 * The tray icon: the worst connection state at a glance (shape + colour), a summary in the tooltip, and a menu
 * to open the board, pause or resume polling, and quit, in the board's language. It stays while the window is hidden.
 */
import { join } from 'node:path'
import { Menu, Tray, nativeImage, type NativeImage } from 'electron'
import type { TraySummary } from '../../src-shared/alerts'
import type { FormatLanguage } from '../../src-shared/format/duration'
import type { ConnectionStatus } from '../../src-shared/live'
import { combinedLevel, combinedTooltip, trayIconFile, trayMenuText, type TrayLevel } from './tray-state'

export interface TrayOptions {
  /** Folder holding tray-ok.png, tray-warning.png, tray-offline.png, tray-error.png (and @2x variants). */
  iconDir: string
  onOpen: () => void
  onSetPaused: (paused: boolean) => void
  onQuit: () => void
  /** The board's language (prefs.language), for the tooltip and the menu. */
  language?: () => FormatLanguage
}

export interface AppTray {
  /** Show the current statuses and alerts; cheap when nothing changed. */
  update(statuses: readonly ConnectionStatus[], paused: boolean, alerts?: TraySummary | null): void
  dispose(): void
}

export function createTray(opts: TrayOptions): AppTray {
  const icons = new Map<TrayLevel, NativeImage>()
  const icon = (level: TrayLevel) => {
    let img = icons.get(level)
    if (!img) {
      // createFromPath also picks up the @2x file next to it on high-DPI screens.
      img = nativeImage.createFromPath(join(opts.iconDir, trayIconFile(level)))
      icons.set(level, img)
    }
    return img
  }

  const tray = new Tray(icon('ok'))
  const language = opts.language ?? (() => 'en' as const)
  let shown: {
    level: TrayLevel
    tooltip: string
    paused: boolean
    language: FormatLanguage
    title: string
  } | null = null

  const menu = (paused: boolean, lang: FormatLanguage) => {
    const t = trayMenuText(lang)
    return Menu.buildFromTemplate([
      { label: t.open, click: () => opts.onOpen() },
      { type: 'separator' },
      paused
        ? { label: t.resume, click: () => opts.onSetPaused(false) }
        : { label: t.pause, click: () => opts.onSetPaused(true) },
      { type: 'separator' },
      { label: t.quit, click: () => opts.onQuit() },
    ])
  }

  // Windows and macOS: a click opens the board (Linux app indicators only show the menu).
  tray.on('click', () => opts.onOpen())

  const app: AppTray = {
    update(statuses, paused, alerts = null) {
      const lang = language()
      const level = combinedLevel(statuses, alerts)
      const tooltip = combinedTooltip(statuses, paused, alerts, lang)
      // The count of alerts nobody has acknowledged yet, beside the icon (macOS menu bar; ignored elsewhere).
      const title = alerts && alerts.unacknowledged > 0 ? String(alerts.unacknowledged) : ''
      if (shown?.level !== level) tray.setImage(icon(level))
      if (shown?.tooltip !== tooltip) tray.setToolTip(tooltip)
      // On Linux a changed menu shows only once it is set again (Electron's Tray docs): it is rebuilt whole.
      if (shown?.paused !== paused || shown.language !== lang) tray.setContextMenu(menu(paused, lang))
      if (shown?.title !== title) tray.setTitle(title)
      shown = { level, tooltip, paused, language: lang, title }
    },
    dispose() {
      if (!tray.isDestroyed()) tray.destroy()
    },
  }
  app.update([], false)
  return app
}
