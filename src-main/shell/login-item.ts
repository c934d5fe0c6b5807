/**
 * "Start at login": the OS's own switch behind the LoginItem port. Windows and macOS keep it themselves
 * (Electron's `app.setLoginItemSettings`: the Run registry key, the macOS login items); Linux desktops start what
 * `~/.config/autostart` holds (the XDG Autostart specification), so there we write and remove our own entry.
 * At start the app follows the OS when it disagrees with the saved choice: the user may have turned it off in the
 * OS's settings, and turning it back on each time would override them.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger, LoginItem } from '../core/ports'
import type { SettingsStore } from '../core/settings/settings-store'

/** The part of Electron's `app` this needs (injected: tests pass a fake). */
export interface LoginItemApp {
  getLoginItemSettings(): { openAtLogin: boolean }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void
}

/** Windows and macOS: the OS's login items, through Electron. */
export function electronLoginItem(app: LoginItemApp): LoginItem {
  return {
    isEnabled: async () => app.getLoginItemSettings().openAtLogin,
    async setEnabled(enabled) {
      try {
        app.setLoginItemSettings({ openAtLogin: enabled })
      } catch (e) {
        return { ok: false, detail: `the OS refused the login item: ${(e as Error).message}` }
      }
      // Electron does not report failures (a policy may block login items): ask the OS what it now holds.
      const now = app.getLoginItemSettings().openAtLogin
      if (now !== enabled) {
        return {
          ok: false,
          detail: `the OS kept starting at login ${now ? 'on' : 'off'} (a system policy may manage it)`,
        }
      }
      return { ok: true }
    },
  }
}

export interface XdgAutostartOptions {
  /** `$XDG_CONFIG_HOME/autostart`, or `~/.config/autostart`: see {@link xdgAutostartDir}. */
  dir: string
  /** The entry's file name without `.desktop` (the app id, so it never collides with another app's). */
  id: string
  /** The program and its arguments, as the session should start it. */
  command: string[]
  /** The name the desktop's startup-applications settings show. */
  name: string
  comment: string
  /** Absolute path of an icon file. */
  icon: string
}

/** Where XDG desktops look for autostart entries (XDG Base Directory: $XDG_CONFIG_HOME, default ~/.config). */
export function xdgAutostartDir(env: NodeJS.ProcessEnv, home: string): string {
  const config = env['XDG_CONFIG_HOME']
  // The spec ignores a relative XDG_CONFIG_HOME.
  return join(config && config.startsWith('/') ? config : join(home, '.config'), 'autostart')
}

/**
 * One argument of a desktop entry's Exec key (Desktop Entry Specification, "The Exec key"): quoted when it holds
 * a reserved character, with `"`, `` ` ``, `$` and `\` escaped inside the quotes, and `%` doubled (field codes).
 * The whole value is then a string value, whose own escape turns each `\` into `\\`.
 */
export function execArgument(arg: string): string {
  const percent = arg.replaceAll('%', '%%')
  if (percent !== '' && !/[\s"'\\><~|&;$*?#()`]/.test(percent)) return percent
  return `"${percent.replace(/["`$\\]/g, (c) => `\\${c}`)}"`
}

/** A desktop entry's string value: no line breaks; backslashes doubled (Desktop Entry Specification). */
function stringValue(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/[\r\n]+/g, ' ')
}

/** The autostart entry's text. `X-GNOME-Autostart-enabled`: GNOME's switch, on since we write it only when on. */
export function autostartEntry(opts: Omit<XdgAutostartOptions, 'dir' | 'id'>): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${stringValue(opts.name)}`,
    `Comment=${stringValue(opts.comment)}`,
    `Exec=${stringValue(opts.command.map(execArgument).join(' '))}`,
    `Icon=${stringValue(opts.icon)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

/**
 * What the autostart entry runs: the AppImage file itself (its mount point changes every run), the installed
 * executable, or in a development checkout Electron with the app folder.
 */
export function autostartCommand(opts: {
  appImage: string | undefined
  execPath: string
  isPackaged: boolean
  appPath: string
}): string[] {
  if (opts.appImage) return [opts.appImage]
  return opts.isPackaged ? [opts.execPath] : [opts.execPath, opts.appPath]
}

/** Linux: an XDG autostart entry that we write and remove; on means the file is there and not hidden. */
export function xdgAutostart(opts: XdgAutostartOptions): LoginItem & { readonly path: string } {
  const path = join(opts.dir, `${opts.id}.desktop`)
  return {
    path,
    async isEnabled() {
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch {
        return false
      }
      // A desktop's settings may switch an entry off without deleting it.
      return (
        !/^\s*Hidden\s*=\s*true\s*$/im.test(text) &&
        !/^\s*X-GNOME-Autostart-enabled\s*=\s*false\s*$/im.test(text)
      )
    },
    async setEnabled(enabled) {
      try {
        if (enabled) {
          await mkdir(opts.dir, { recursive: true, mode: 0o700 })
          await writeFile(path, autostartEntry(opts), { mode: 0o644 })
        } else {
          await rm(path, { force: true })
        }
        return { ok: true }
      } catch (e) {
        const err = e as NodeJS.ErrnoException
        return {
          ok: false,
          detail: `cannot ${enabled ? 'write' : 'remove'} the autostart entry ${path}: ${err.code ?? err.message}`,
        }
      }
    },
  }
}

/**
 * At start: the saved choice follows the OS when they disagree (the user changed it in the OS's settings), and an
 * entry that is on is written again, so it starts the program installed now (an AppImage moved, a new version).
 */
export async function reconcileLoginItem(opts: {
  loginItem: LoginItem
  settings: Pick<SettingsStore, 'current' | 'update'>
  /** Rewrite the entry when it is on (our own XDG entry; the OS keeps its login items up to date itself). */
  refresh: boolean
  log: Logger
}): Promise<void> {
  const { loginItem, settings, log } = opts
  const os = await loginItem.isEnabled()
  const saved = settings.current().prefs.startAtLogin ?? false
  if (os && opts.refresh) {
    const r = await loginItem.setEnabled(true)
    if (!r.ok) log.warn('could not refresh the autostart entry', { detail: r.detail })
  }
  if (os === saved) return
  log.info('starting at login was changed outside the app; following the OS', { enabled: os })
  const r = await settings.update((c) => ({ ...c, prefs: { ...c.prefs, startAtLogin: os } }))
  if (!r.ok) log.warn('could not record the start-at-login setting', { detail: r.detail })
}
