/**
 * The composition root of the desktop app: builds the real clock, HTTP, sockets, secrets and settings, the
 * engine and the bridge service, wires them to the window, tray, IPC and power monitors, and takes it all down
 * again in reverse order on quit (the engine frees vendor-side subscriptions).
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { app, clipboard, dialog, Menu, screen, shell, type BrowserWindow } from 'electron'
import { alertPrefsOf, demoConfig, secretEnvOfAccount, webhooksOf } from '../src-shared/config'
import type { TraySummary } from '../src-shared/alerts'
import type { AppInfo } from '../src-shared/ipc/contract'
import { createAlertService } from './core/alerts/service'
import { createWebhookSender, webhookUrlFrom } from './core/alerts/webhook'
import { createFileAlertStore } from './core/alerts/store'
import { createAlertHandlers } from './core/bridge/alert-handlers'
import { createConnectionHandlers } from './core/bridge/connection-handlers'
import { createBridgeService } from './core/bridge/service'
import { createWebhookHandlers } from './core/bridge/webhook-handlers'
import { createReportHandlers, createReportService } from './core/report/service'
import { BridgeFailure, type BridgeService } from './core/bridge/types'
import { createEngine, type Engine } from './core/engine'
import type { Logger, LoginItem } from './core/ports'
import { createLogger } from './core/runtime/logger'
import { Redactor } from './core/runtime/redact'
import { systemClock, systemRandom } from './core/runtime/system-clock'
import { loopYield } from './core/runtime/loop-yield'
import { startAfterFirstBoard } from './core/bridge/first-board'
import { WsSocketConnector } from './core/runtime/ws-socket-connector'
import { StateCache } from './core/persistence/state-cache'
import { followPastDays, HistoryArchive } from './core/persistence/history-archive'
import { createFileSettingsStore, type SettingsStore } from './core/settings/settings-store'
import { KeytarSecretStore, DEFAULT_KEYCHAIN_SERVICE } from './secrets/keytar-secret-store'
import { LayeredSecrets } from './secrets/layered-secrets'
import { registerIpc } from './shell/ipc'
import { createReportPdfSaver } from './shell/report-pdf'
import { registerAppScheme, serveRendererFiles } from './shell/app-protocol'
import { APP_LOCATION, type RendererLocation } from './shell/policy'
import { electronConnectivity } from './shell/connectivity'
import { NetHttpClient } from './shell/net-http-client'
import { watchPower } from './shell/power'
import { ElectronNotifier } from './shell/electron-notifier'
import { createTray, type AppTray } from './shell/tray'
import {
  createMainWindow,
  DEFAULT_WINDOW_SIZE,
  openExternalSafely,
  secureSession,
  showWindow,
} from './shell/window'
import {
  createTeamSettings,
  loadSavedTeam,
  startDesktopTeamBoard,
  teamFileStore,
  type DesktopTeamBoard,
} from './team/desktop'
import { aboutText, appMenuTemplate, docsLocation, menuText } from './shell/app-menu'
import { openLogFile } from './shell/log-file'
import {
  autostartCommand,
  electronLoginItem,
  reconcileLoginItem,
  xdgAutostart,
  xdgAutostartDir,
} from './shell/login-item'
import { applyUserData } from './shell/user-data'
import { fileWindowStateStore, placeWindow, trackWindowState } from './shell/window-state'

/**
 * The app id: Windows taskbar grouping and notifications, and the keychain service name
 * (docs/ARCHITECTURE.md §5).
 */
const APP_ID = DEFAULT_KEYCHAIN_SERVICE
/** Quit must not hang on a vendor that does not answer its unsubscribe. */
const SHUTDOWN_BUDGET_MS = 5000
/** The vendors' first polls wait for the window's first board at most this long (docs/ARCHITECTURE.md §3.5). */
const FIRST_BOARD_LIMIT_MS = 10_000

/** The homepage the package was built with (electron-builder.ts sets it from FLOORWALKER_HOMEPAGE). */
function readPackageHomepage(appPath: string): unknown {
  try {
    return (JSON.parse(readFileSync(join(appPath, 'package.json'), 'utf8')) as { homepage?: unknown })
      .homepage
  } catch {
    return undefined
  }
}

function existingFile(path: string): string | null {
  return existsSync(path) ? path : null
}

/** The About dialog's buttons (app-menu.ts has the rest of its words). */
function aboutButtons(language: 'en' | 'pl'): { openDocs: string; copy: string; ok: string } {
  const t = menuText(language)
  return { openDocs: t.openDocs, copy: t.copy_, ok: t.ok }
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
  // Where the OS keeps app logs (set before ready by applyUserData), rotated by size.
  const logFile = openLogFile({ dir: app.getPath('logs') })
  // The one Redactor of this process: it learns every secret as it is read or typed, and every sink (the log file,
  // statuses, catch-ups, test reports, exports) goes through it (core/runtime/redact.ts).
  const redactor = new Redactor()
  const log: Logger = createLogger(
    (line) => {
      logFile.write(line)
      if (!app.isPackaged) process.stderr.write(line + '\n')
    },
    { level: app.isPackaged ? 'info' : 'debug', redactor },
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
  const sockets = new WsSocketConnector(log.child('sockets'))

  const fileSettings = createFileSettingsStore({
    dir: userData,
    now: clock.now,
    defaults: demoConfig,
    log: log.child('settings'),
  })
  // Every writer goes through this one update(); a change of language rebuilds the menu.
  const settings: SettingsStore = {
    ...fileSettings,
    load: () => fileSettings.load(),
    current: () => fileSettings.current(),
    async update(change) {
      const r = await fileSettings.update(change)
      if (r.ok && r.changed) onSettingsChanged()
      return r
    },
  }
  let onSettingsChanged = (): void => undefined
  const keychain = new KeytarSecretStore({ service: APP_ID })
  const secrets = new LayeredSecrets({
    keychain,
    env: process.env,
    secretEnvOf: (account) => secretEnvOfAccount(settings.current(), account),
    log: log.child('secrets'),
  })
  started('session secrets', () => secrets.clearSession())

  const loaded = await settings.load()
  const problems = loaded.ok ? loaded.problems : [loaded.message]
  const config = loaded.ok ? loaded.config : demoConfig()

  // Start at login: the OS's login items (Windows, macOS), our own XDG autostart entry (Linux).
  const loginItem: LoginItem =
    process.platform === 'linux'
      ? xdgAutostart({
          dir: xdgAutostartDir(process.env, app.getPath('home')),
          id: APP_ID,
          command: autostartCommand({
            appImage: process.env.APPIMAGE,
            execPath: process.execPath,
            isPackaged: app.isPackaged,
            appPath,
          }),
          name: 'Floorwalker',
          comment: 'Live contact-center board for supervisors',
          // The packages install the icon under the executable's name; a checkout has only its file.
          icon: app.isPackaged ? 'floorwalker' : join(resources, 'icon.png'),
        })
      : electronLoginItem(app)
  try {
    await reconcileLoginItem({
      loginItem,
      settings,
      refresh: process.platform === 'linux',
      log: log.child('login'),
    })
  } catch (e) {
    log.warn('could not read the start-at-login setting', { error: (e as Error).message })
  }

  // Team mode (docs/TEAM.md §5): with a team joined in Settings → Team, this app is a viewer of the team's site and
  // polls nothing; joining or leaving restarts it.
  const teamFile = teamFileStore({ dir: userData, now: clock.now, log: log.child('team') })
  const savedTeam = await loadSavedTeam({ file: teamFile, keychain })
  if (savedTeam.kind === 'team') redactor.add(savedTeam.password)
  const teamProblem = savedTeam.kind === 'problem' ? savedTeam.message : null
  if (teamProblem !== null) problems.push(teamProblem)
  let teamBoard: DesktopTeamBoard | null = null
  const teamSettings = createTeamSettings({
    file: teamFile,
    keychain,
    current: () => teamBoard?.team() ?? null,
    problem: () => teamProblem,
    relaunch: () => {
      app.relaunch()
      app.quit()
    },
    clock,
    log: log.child('team'),
  })

  // The notifier reaches the window only once there is one (notifications need fresh data, which comes after start).
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

  const appInfo = async (): Promise<AppInfo> => ({
    version: app.getVersion(),
    shell: 'electron',
    readOnly: false,
    keychain: await secrets.keychainStatus(),
    prefs: settings.current().prefs,
  })

  /** The board of this computer's own connections: the engine polls the vendors with secrets from the keychain. */
  const startOwnBoard = async (): Promise<{ engine: Engine; service: BridgeService }> => {
    const engine = createEngine({
      clock,
      random: systemRandom,
      http,
      sockets,
      secrets,
      connectivity: electronConnectivity(() => settings.current()),
      log: log.child('engine'),
      redactor,
      // The simulator's catch-up of a big floor runs in slices: the window loads and IPC is answered meanwhile.
      loopYield: loopYield(),
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
    // History kept for days at one-minute resolution (docs/ARCHITECTURE.md §3.7, "History days"): a bad day file
    // is reported and skipped; written once a few minutes and at quit, before the engine is disposed.
    const historyDays = new HistoryArchive({ dir: userData, clock, log: log.child('history') })
    problems.push(...(await historyDays.load(config)).messages)
    started('history days', historyDays.attach(engine))
    started('history days fill', followPastDays(historyDays, engine, log.child('history')))
    started('history days flush', () => historyDays.flush())

    const connections = createConnectionHandlers({
      settings,
      secrets,
      engine,
      http,
      clock,
      sockets,
      log: log.child('connections'),
      loginItem,
      redactor,
      // Vendor console links: built again from the connection's template before this is called.
      openExternal: (url) => openExternalSafely(url, log.child('console'), { allowHttp: true }),
    })
    // Escalation webhooks post through the app's HTTP client; their URLs come from the keychain (docs/ARCHITECTURE.md §3.6).
    const webhookSender = createWebhookSender({
      http,
      clock,
      log: log.child('webhooks'),
      urlOf: webhookUrlFrom(secrets, redactor),
    })
    started('webhooks', () => webhookSender.dispose())
    // Settings → Webhooks' "Send test": one attempt, so the user hears back within the request's timeout.
    const webhookTester = createWebhookSender({
      http,
      clock,
      log: log.child('webhooks'),
      urlOf: webhookUrlFrom(secrets, redactor),
      attempts: 1,
    })
    started('webhook tests', () => webhookTester.dispose())
    // Alerts: rules and prefs from the settings, their state in alerts.json beside them.
    const alertService = await createAlertService({
      engine,
      clock,
      notifier,
      store: createFileAlertStore({ dir: userData, now: clock.now, log: log.child('alerts') }),
      rules: () => settings.current().rules,
      prefs: () => alertPrefsOf(settings.current().prefs),
      language: () => settings.current().prefs.language,
      log: log.child('alerts'),
      webhooks: { list: () => webhooksOf(settings.current()), sender: webhookSender },
    })
    started('alerts', () => alertService.dispose())
    const alertHandlers = createAlertHandlers({
      alerts: alertService,
      settings,
      engine,
      historyDays,
      log: log.child('alerts'),
    })
    const report = createReportService({ engine, alerts: alertService, clock })
    const saveReportPdf = createReportPdfSaver({
      window: () => win,
      dialog,
      folder: () => app.getPath('documents'),
      log: log.child('report'),
    })
    started('report', report.dispose)
    const service = createBridgeService({
      engine,
      appInfo,
      connections: connections.handlers,
      alerts: alertHandlers.handlers,
      report: createReportHandlers(report, (a) => saveReportPdf(a.fileName)),
      team: teamSettings.handlers,
      webhooks: createWebhookHandlers({
        settings,
        secrets,
        send: (hook, body) => webhookTester.send(hook, body),
        language: () => settings.current().prefs.language,
        redactor,
        log: log.child('webhooks'),
      }),
      events: [connections.events, alertHandlers.events],
      history: historyDays,
      log: log.child('bridge'),
    })
    return { engine, service }
  }

  let board: { engine: Engine; service: BridgeService }
  if (savedTeam.kind === 'team') {
    const team = await startDesktopTeamBoard({
      team: savedTeam.team,
      password: savedTeam.password,
      clock,
      random: systemRandom,
      log: log.child('team'),
      openExternal: (url) => openExternalSafely(url, log.child('console'), { allowHttp: true }),
      notifier,
      // Theme, language and alert preferences stay this computer's own.
      prefs: {
        current: () => settings.current().prefs,
        save: async (prefs) => {
          const r = await settings.update((c) => ({ ...c, prefs }))
          if (!r.ok)
            throw new BridgeFailure({
              code: 'internal',
              message: `the preferences could not be saved: ${r.detail}`,
            })
        },
      },
      info: async () => ({
        version: app.getVersion(),
        shell: 'electron',
        keychain: await secrets.keychainStatus(),
      }),
      settings: teamSettings,
    })
    teamBoard = team
    started('team board', () => team.dispose())
    board = team
  } else {
    board = await startOwnBoard()
  }
  const { engine, service } = board

  let quitting = false

  // The window opens where it was left, on a display that exists now.
  const windowState = fileWindowStateStore(userData, clock, log.child('window'))
  let lastWindowState = await windowState.load()
  const keepWindowState = {
    save: (state: NonNullable<typeof lastWindowState>) => {
      lastWindowState = state
      return windowState.save(state)
    },
  }
  started('window position', () => windowState.flush())

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
      placement: placeWindow(
        lastWindowState,
        screen.getAllDisplays().map((d) => d.workArea),
        screen.getPrimaryDisplay().workArea,
        DEFAULT_WINDOW_SIZE,
      ),
    })
    const stopTracking = trackWindowState(w, keepWindowState, clock)
    w.on('closed', () => {
      stopTracking()
      if (win === w) win = null
    })
    win = w
    return w
  }

  // The application menu, with About and Help, in the board's language.
  const docs = docsLocation({
    homepage: readPackageHomepage(appPath),
    readme: app.isPackaged ? null : existingFile(join(appPath, 'README.md')),
  })
  const openDocs = () => {
    if (docs?.kind === 'url') void shell.openExternal(docs.url)
    else if (docs?.kind === 'file') void shell.openPath(docs.path)
  }
  const showAbout = async () => {
    const language = settings.current().prefs.language
    const text = aboutText(
      {
        name: app.getName(),
        version: app.getVersion(),
        versions: process.versions,
        docs: docs === null ? null : docs.kind === 'url' ? docs.url : docs.path,
        logFile: logFile.path,
      },
      language,
    )
    const words = aboutButtons(language)
    const buttons = docs === null ? [words.copy, words.ok] : [words.openDocs, words.copy, words.ok]
    const options = {
      type: 'info' as const,
      title: text.title,
      message: text.message,
      detail: text.detail,
      buttons,
    }
    const parent = win && !win.isDestroyed() ? win : null
    const { response } = parent
      ? await dialog.showMessageBox(parent, options)
      : await dialog.showMessageBox(options)
    const chosen = buttons[response]
    if (chosen === words.openDocs) openDocs()
    else if (chosen === words.copy) await clipboard.writeText(`${text.message}\n\n${text.detail}`)
  }
  const installMenu = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        appMenuTemplate({
          platform: process.platform,
          language: settings.current().prefs.language,
          development: !app.isPackaged,
          hasDocs: docs !== null,
          actions: {
            about: () =>
              void showAbout().catch((e: unknown) => log.warn('About failed', { error: String(e) })),
            openDocs,
            openLogFolder: () => void shell.openPath(dirname(logFile.path)),
            quit: () => app.quit(),
          },
        }),
      ),
    )
  let menuLanguage = settings.current().prefs.language
  installMenu()
  onSettingsChanged = () => {
    if (settings.current().prefs.language === menuLanguage) return
    menuLanguage = settings.current().prefs.language
    installMenu()
    updateTray()
  }

  // Start-up order (docs/ARCHITECTURE.md §3.5): the saved board restored (above), the window opened, loaded and its
  // first live:get answered from it, and only then the vendors' first polls, so their work never delays the board.
  const gate = startAfterFirstBoard(service, (why) => {
    log.info('starting the connections', { why })
    engine.start()
    updateTray()
  })
  started('ipc', registerIpc({ service: gate.service, window: () => win, location, log: log.child('ipc') }))

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
      language: () => settings.current().prefs.language,
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

  updateTray()

  const first = openWindow()
  first.webContents.once('did-finish-load', () => gate.loaded())
  // A window that cannot show the board must not keep the vendors unpolled.
  first.webContents.once('did-fail-load', () => gate.startNow('the window failed to load'))
  first.webContents.once('render-process-gone', () => gate.startNow('the window’s renderer is gone'))
  first.once('closed', () => gate.startNow('the window was closed'))
  started(
    'first board limit',
    clock.setTimer(FIRST_BOARD_LIMIT_MS, () => gate.startNow('the window asked for no board in time')),
  )
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
        logFile.close()
      })()
      void shutdown.finally(() => app.quit())
    }
  })
}

// Before ready. A separate profile for tests and side-by-side installs: userData (settings, saved board, logs and
// the single-instance lock) moves before anything reads it.
try {
  applyUserData(app, process.env)
} catch (e) {
  process.stderr.write(`Floorwalker cannot start: ${(e as Error).message}\n`)
  dialog.showErrorBox('Floorwalker cannot start', (e as Error).message)
  app.exit(1)
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
