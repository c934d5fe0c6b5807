/**
 * The composition root of the desktop app: builds the real clock, HTTP, sockets, secrets and settings, the
 * engine and the bridge service, wires them to the window, tray, IPC and power monitors, and takes it all down
 * again in reverse order on quit (the engine frees vendor-side subscriptions).
 */
import { createWriteStream, mkdirSync, renameSync, statSync, type WriteStream } from 'node:fs'
import { join, resolve } from 'node:path'
import { app, dialog, type BrowserWindow } from 'electron'
import { alertPrefsOf, demoConfig } from '../src-shared/config'
import type { TraySummary } from '../src-shared/alerts'
import type { AppInfo } from '../src-shared/ipc/contract'
import { createAlertService } from './core/alerts/service'
import { createFileAlertStore } from './core/alerts/store'
import { createAlertHandlers } from './core/bridge/alert-handlers'
import { createConnectionHandlers } from './core/bridge/connection-handlers'
import { createBridgeService } from './core/bridge/service'
import { createEngine } from './core/engine'
import type { Logger } from './core/ports'
import { createLogger } from './core/runtime/logger'
import { systemClock, systemRandom } from './core/runtime/system-clock'
import { WsSocketConnector } from './core/runtime/ws-socket-connector'
import { StateCache } from './core/persistence/state-cache'
import { createFileSettingsStore } from './core/settings/settings-store'
import { KeytarSecretStore, DEFAULT_KEYCHAIN_SERVICE } from './secrets/keytar-secret-store'
import { LayeredSecrets } from './secrets/layered-secrets'
import { registerIpc } from './shell/ipc'
import { registerAppScheme, serveRendererFiles } from './shell/app-protocol'
import { APP_LOCATION, type RendererLocation } from './shell/policy'
import { electronConnectivity } from './shell/connectivity'
import { NetHttpClient } from './shell/net-http-client'
import { watchPower } from './shell/power'
import { ElectronNotifier } from './shell/electron-notifier'
import { createTray, type AppTray } from './shell/tray'
import { createMainWindow, secureSession, showWindow } from './shell/window'

/**
 * The app id: Windows taskbar grouping and notifications, and the keychain service name
 * (docs/ARCHITECTURE.md §5).
 */
const APP_ID = DEFAULT_KEYCHAIN_SERVICE
/** The log file is cut at this size at start; one older generation is kept (so at most about 2 × this). */
const LOG_MAX_BYTES = 5 * 1024 * 1024
/** Quit must not hang on a vendor that does not answer its unsubscribe. */
const SHUTDOWN_BUDGET_MS = 5000

function openLogFile(dir: string): { stream: WriteStream; path: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const path = join(dir, 'main.log')
  try {
    if (statSync(path).size > LOG_MAX_BYTES) renameSync(path, `${path}.1`)
  } catch {
    // no log yet
  }
  return { stream: createWriteStream(path, { flags: 'a', mode: 0o600 }), path }
}

function rendererLocation(): RendererLocation {
  const devUrl = process.env.ELECTRON_RENDERER_URL
  // The dev server is only ever trusted in an unpackaged build started by electron-vite.
  if (!app.isPackaged && devUrl) return { kind: 'dev', url: devUrl }
  return APP_LOCATION
}

function withTimeout(p: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined
  return Promise.race([p, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() =>
    clearTimeout(timer),
  )
}

async function main(): Promise<void> {
  await app.whenReady()

  const userData = app.getPath('userData')
  const appPath = app.getAppPath()
  const resources = join(appPath, 'resources')
  const logFile = openLogFile(join(userData, 'logs'))
  const log: Logger = createLogger(
    (line) => {
      logFile.stream.write(line + '\n')
      if (!app.isPackaged) process.stderr.write(line + '\n')
    },
    { level: app.isPackaged ? 'info' : 'debug' },
  )
  log.info('Floorwalker starting', { version: app.getVersion(), userData, log: logFile.path })
  process.on('unhandledRejection', (e) => log.error('unhandled rejection (a bug)', { error: String(e) }))

  /** Everything started, to be disposed in reverse order. */
  const disposers: { name: string; dispose: () => unknown }[] = []
  const started = (name: string, dispose: () => unknown) => disposers.push({ name, dispose })

  const location = rendererLocation()
  started('session security', secureSession(location))
  started('renderer files', serveRendererFiles(join(appPath, 'out', 'renderer'), log.child('protocol')))
  app.on('web-contents-created', (_e, contents) => {
    // Any web contents, not only our window: no new windows, no webviews.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })

  const clock = systemClock
  // Chromium's network stack: the system proxy (or PAC) and the OS certificate store, as the user's browser.
  const http = new NetHttpClient({ userAgent: `Floorwalker/${app.getVersion()}` })
  const sockets = new WsSocketConnector()

  const settings = createFileSettingsStore({
    dir: userData,
    now: clock.now,
    defaults: demoConfig,
    log: log.child('settings'),
  })
  const secrets = new LayeredSecrets({
    keychain: new KeytarSecretStore({ service: APP_ID }),
    env: process.env,
    secretEnvOf: (id) => settings.current().connections.find((c) => c.id === id)?.secretEnv ?? null,
    log: log.child('secrets'),
  })
  started('session secrets', () => secrets.clearSession())

  const loaded = await settings.load()
  const problems = loaded.ok ? loaded.problems : [loaded.message]
  const config = loaded.ok ? loaded.config : demoConfig()

  const engine = createEngine({
    clock,
    random: systemRandom,
    http,
    sockets,
    secrets,
    connectivity: electronConnectivity(() => settings.current()),
    log: log.child('engine'),
  })
  // Frees vendor subscriptions (Bright Pattern's slots) before the process ends.
  started('engine', () => engine.dispose())
  engine.setConfig(config)

  // The last known board, shown at once (marked with its age) before any vendor answers; saved on a bounded
  // schedule and at quit (flushed before the engine is disposed: disposers run in reverse order).
  const stateCache = new StateCache({ dir: userData, clock, log: log.child('state') })
  const saved = await stateCache.load()
  problems.push(...saved.messages)
  if (saved.status === 'ok') engine.restore(saved.cache)
  started('saved board', stateCache.attach(engine))
  started('saved board flush', () => stateCache.flush())

  const connections = createConnectionHandlers({
    settings,
    secrets,
    engine,
    http,
    clock,
    sockets,
    log: log.child('connections'),
  })
  const appInfo = async (): Promise<AppInfo> => ({
    version: app.getVersion(),
    shell: 'electron',
    readOnly: false,
    keychain: await secrets.keychainStatus(),
    prefs: settings.current().prefs,
  })
  // Alerts: rules and prefs from the settings, their state in alerts.json beside them. The notifier reaches the
  // window only once there is one (notifications need fresh data, which comes after engine.start()).
  let win: BrowserWindow | null = null
  let tray: AppTray | null = null
  let alertTray: TraySummary | null = null
  const notifier = new ElectronNotifier({
    openWindow: () => openWindow(),
    window: () => win,
    onTray: (summary) => {
      alertTray = summary
      updateTray()
    },
    icon: join(resources, 'icon.png'),
    log: log.child('notifier'),
  })
  started('notifications', () => notifier.dispose())
  const alertService = await createAlertService({
    engine,
    clock,
    notifier,
    store: createFileAlertStore({ dir: userData, now: clock.now, log: log.child('alerts') }),
    rules: () => settings.current().rules,
    prefs: () => alertPrefsOf(settings.current().prefs),
    log: log.child('alerts'),
  })
  started('alerts', () => alertService.dispose())
  const alertHandlers = createAlertHandlers({
    alerts: alertService,
    settings,
    engine,
    log: log.child('alerts'),
  })
  const service = createBridgeService({
    engine,
    appInfo,
    connections: connections.handlers,
    alerts: alertHandlers.handlers,
    events: [connections.events, alertHandlers.events],
    log: log.child('bridge'),
  })

  let quitting = false

  const openWindow = (): BrowserWindow => {
    if (win && !win.isDestroyed()) {
      showWindow(win)
      return win
    }
    const w = createMainWindow({
      preload: join(appPath, 'out', 'preload', 'index.cjs'),
      location,
      icon: join(resources, 'icon.png'),
      log: log.child('window'),
      // With a tray icon, closing the window keeps the app watching; without one, closing quits.
      hideOnClose: () => !quitting && tray !== null,
    })
    w.on('closed', () => {
      if (win === w) win = null
    })
    win = w
    return w
  }

  started('ipc', registerIpc({ service, window: () => win, location, log: log.child('ipc') }))

  function updateTray(): void {
    tray?.update(engine.statuses(), engine.isPaused(), alertTray)
  }
  try {
    tray = createTray({
      iconDir: resources,
      onOpen: () => openWindow(),
      onSetPaused: (paused) => {
        engine.setPaused(paused)
        updateTray()
      },
      onQuit: () => app.quit(),
    })
    started('tray', () => tray?.dispose())
  } catch (e) {
    log.warn('no tray icon on this desktop: closing the window will quit', { error: (e as Error).message })
  }
  const offStatus = engine.onEvent((e) => {
    if (e.type === 'status') updateTray()
  })
  started('tray updates', offStatus)

  started('power and network', watchPower(engine, { log: log.child('power') }))

  engine.start()
  updateTray()

  const first = openWindow()
  if (problems.length > 0) {
    first.once('ready-to-show', () => {
      void dialog.showMessageBox(first, {
        type: 'warning',
        title: 'Floorwalker settings',
        message: 'Your saved settings could not be used as they were.',
        detail: problems.join('\n\n'),
      })
    })
  }

  app.on('second-instance', () => openWindow())
  app.on('activate', () => openWindow())
  app.on('window-all-closed', () => {
    // The tray keeps the app alive (alerts still need watching); without a tray, the last window quits.
    if (tray === null) app.quit()
  })

  let shutdown: Promise<void> | null = null
  app.on('before-quit', () => {
    quitting = true
  })
  app.on('will-quit', (event) => {
    if (shutdown === null) {
      event.preventDefault()
      shutdown = (async () => {
        log.info('shutting down')
        for (const d of disposers.reverse()) {
          try {
            await withTimeout(Promise.resolve(d.dispose()), SHUTDOWN_BUDGET_MS)
          } catch (e) {
            log.error(`shutdown: ${d.name} failed`, { error: (e as Error).message })
          }
        }
        log.info('bye')
        await new Promise<void>((resolve) => logFile.stream.end(resolve))
      })()
      void shutdown.finally(() => app.quit())
    }
  })
}

// Before ready. A separate profile for tests and side-by-side installs: userData (settings, saved board, logs on
// Linux and Windows, and the single-instance lock) moves before anything reads it.
const userDataOverride = process.env.FLOORWALKER_USER_DATA
if (userDataOverride) {
  const dir = resolve(userDataOverride)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  app.setPath('userData', dir)
}
// The renderer's origin, app://floorwalker/ (Electron allows this only before ready).
registerAppScheme()

// One app per user (per userData): a second launch focuses the running one instead (its 'second-instance' event).
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.setAppUserModelId(APP_ID)
  // Every renderer sandboxed, whatever a window's own options say.
  app.enableSandbox()
  main().catch((e: unknown) => {
    process.stderr.write(`Floorwalker failed to start: ${(e as Error).stack ?? String(e)}\n`)
    dialog.showErrorBox('Floorwalker failed to start', (e as Error).message)
    app.exit(1)
  })
}
