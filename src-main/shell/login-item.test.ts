import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { demoConfig } from '../../src-shared/config'
import { memoryLogger } from '../core/runtime/logger'
import { createMemorySettingsStore } from '../core/settings/settings-store'
import {
  autostartCommand,
  autostartEntry,
  electronLoginItem,
  execArgument,
  reconcileLoginItem,
  xdgAutostart,
  xdgAutostartDir,
} from './login-item'

describe('Windows and macOS: Electron login item settings', () => {
  function fakeApp(opts: { managed?: boolean } = {}) {
    const app = {
      openAtLogin: false,
      calls: [] as { openAtLogin: boolean }[],
      getLoginItemSettings: () => ({ openAtLogin: app.openAtLogin }),
      setLoginItemSettings: (s: { openAtLogin: boolean }) => {
        app.calls.push(s)
        // A managed machine (group policy / MDM) keeps its own value.
        if (!opts.managed) app.openAtLogin = s.openAtLogin
      },
    }
    return app
  }

  it('sets and reads openAtLogin', async () => {
    const app = fakeApp()
    const item = electronLoginItem(app)
    expect(await item.isEnabled()).toBe(false)
    expect(await item.setEnabled(true)).toEqual({ ok: true })
    expect(app.calls).toEqual([{ openAtLogin: true }])
    expect(await item.isEnabled()).toBe(true)
    expect(await item.setEnabled(false)).toEqual({ ok: true })
    expect(await item.isEnabled()).toBe(false)
  })

  it('reports an OS that kept its own value', async () => {
    const item = electronLoginItem(fakeApp({ managed: true }))
    expect(await item.setEnabled(true)).toEqual({
      ok: false,
      detail: 'the OS kept starting at login off (a system policy may manage it)',
    })
  })
})

describe('Linux: the XDG autostart entry', () => {
  let home: string
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'fw-autostart-'))
  })
  afterEach(() => rmSync(home, { recursive: true, force: true }))

  const options = (dir: string) => ({
    dir,
    id: 'app.floorwalker.desktop',
    command: ['/opt/Floor Walker/floorwalker'],
    name: 'Floorwalker',
    comment: 'Live contact-center board for supervisors',
    icon: '/opt/Floor Walker/resources/app.asar/resources/icon.png',
  })

  it('lives in $XDG_CONFIG_HOME/autostart, or ~/.config/autostart', () => {
    expect(xdgAutostartDir({}, '/home/ana')).toBe('/home/ana/.config/autostart')
    expect(xdgAutostartDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/ana')).toBe('/cfg/autostart')
    // A relative XDG_CONFIG_HOME is invalid and ignored (XDG Base Directory specification).
    expect(xdgAutostartDir({ XDG_CONFIG_HOME: 'cfg' }, '/home/ana')).toBe('/home/ana/.config/autostart')
  })

  it('writes the entry when on (creating the folder) and removes it when off', async () => {
    const dir = join(home, '.config', 'autostart')
    const item = xdgAutostart(options(dir))
    expect(item.path).toBe(join(dir, 'app.floorwalker.desktop.desktop'))
    expect(await item.isEnabled()).toBe(false)
    expect(await item.setEnabled(true)).toEqual({ ok: true })
    expect(await item.isEnabled()).toBe(true)
    const text = readFileSync(item.path, 'utf8')
    expect(text).toMatch(/^\[Desktop Entry\]\nType=Application\n/)
    expect(text).toContain('\nExec="/opt/Floor Walker/floorwalker"\n')
    expect(text).toContain('\nName=Floorwalker\n')
    expect(statSync(item.path).mode & 0o777).toBe(0o644)
    expect(await item.setEnabled(false)).toEqual({ ok: true })
    expect(existsSync(item.path)).toBe(false)
    // Off twice is still off.
    expect(await item.setEnabled(false)).toEqual({ ok: true })
  })

  it('treats an entry the desktop switched off as off', async () => {
    const item = xdgAutostart(options(home))
    writeFileSync(item.path, '[Desktop Entry]\nType=Application\nExec=x\nHidden=true\n')
    expect(await item.isEnabled()).toBe(false)
    writeFileSync(item.path, '[Desktop Entry]\nType=Application\nExec=x\nX-GNOME-Autostart-enabled=false\n')
    expect(await item.isEnabled()).toBe(false)
  })

  it('says what and where when the folder cannot be written', async () => {
    // A file where the folder should be: no mkdir can make it a folder (and it holds for root too).
    const dir = join(home, 'autostart')
    writeFileSync(dir, 'not a folder')
    const item = xdgAutostart(options(dir))
    const r = await item.setEnabled(true)
    expect(r).toEqual({ ok: false, detail: `cannot write the autostart entry ${item.path}: EEXIST` })
  })

  it('starts the AppImage file, the installed program, or Electron with a checkout', () => {
    const base = { execPath: '/opt/Floorwalker/floorwalker', isPackaged: true, appPath: '/x/app.asar' }
    expect(autostartCommand({ ...base, appImage: '/home/ana/Apps/Floorwalker.AppImage' })).toEqual([
      '/home/ana/Apps/Floorwalker.AppImage',
    ])
    expect(autostartCommand({ ...base, appImage: undefined })).toEqual(['/opt/Floorwalker/floorwalker'])
    expect(
      autostartCommand({
        appImage: undefined,
        execPath: '/src/node_modules/electron/dist/electron',
        isPackaged: false,
        appPath: '/src',
      }),
    ).toEqual(['/src/node_modules/electron/dist/electron', '/src'])
  })

  it('quotes Exec arguments as the Desktop Entry specification says', () => {
    expect(execArgument('/usr/bin/floorwalker')).toBe('/usr/bin/floorwalker')
    expect(execArgument('/opt/a b/app')).toBe('"/opt/a b/app"')
    expect(execArgument('$HOME/"x"')).toBe('"\\$HOME/\\"x\\""')
    expect(execArgument('100%')).toBe('100%%')
    expect(execArgument('')).toBe('""')
    // In the file, the string escape doubles each backslash the quoting added.
    const entry = autostartEntry({ ...options(home), command: ['/opt/a"b/app', '--x'] })
    expect(entry).toContain('\nExec="/opt/a\\\\"b/app" --x\n')
  })
})

describe('at start: the saved choice follows the OS', () => {
  function fakeItem(enabled: boolean) {
    const item = {
      enabled,
      writes: 0,
      isEnabled: async () => item.enabled,
      setEnabled: async (on: boolean) => {
        item.writes++
        item.enabled = on
        return { ok: true as const }
      },
    }
    return item
  }

  it('records "off" when the user removed it in the OS, through the settings writer', async () => {
    const settings = createMemorySettingsStore({
      ...demoConfig(),
      prefs: { ...demoConfig().prefs, startAtLogin: true },
    })
    const item = fakeItem(false)
    await reconcileLoginItem({ loginItem: item, settings, refresh: true, log: memoryLogger() })
    expect(settings.current().prefs.startAtLogin).toBe(false)
    expect(item.writes).toBe(0)
  })

  it('records "on" when the OS starts it, and rewrites our own entry so it starts this program', async () => {
    const settings = createMemorySettingsStore(demoConfig())
    const item = fakeItem(true)
    await reconcileLoginItem({ loginItem: item, settings, refresh: true, log: memoryLogger() })
    expect(settings.current().prefs.startAtLogin).toBe(true)
    expect(item.writes).toBe(1)
  })

  it('changes nothing when they agree, and leaves the OS its own entries', async () => {
    const settings = createMemorySettingsStore(demoConfig())
    const updates: unknown[] = []
    const watched = { current: settings.current, update: (c: never) => (updates.push(c), settings.update(c)) }
    const item = fakeItem(false)
    await reconcileLoginItem({ loginItem: item, settings: watched, refresh: false, log: memoryLogger() })
    expect(updates).toEqual([])
    const on = fakeItem(true)
    const saved = createMemorySettingsStore({
      ...demoConfig(),
      prefs: { ...demoConfig().prefs, startAtLogin: true },
    })
    await reconcileLoginItem({ loginItem: on, settings: saved, refresh: false, log: memoryLogger() })
    expect(on.writes).toBe(0)
  })
})
