/**
 * The headless runner (docs/ARCHITECTURE.md §7): the engine without Electron. NDJSON on stdout, logs on
 * stderr, exit codes 0 / 1 / 2. Composition root for headless use: builds the real clock, HTTP, secrets and
 * logger.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { demoConfig, formatConfigIssue, parseConfigText, type Config } from '../../src-shared/config'
import { createEngine, type LocalEngine } from '../core/engine'
import { StateCache } from '../core/persistence/state-cache'
import { followPastDays, HistoryArchive } from '../core/persistence/history-archive'
import { redactUrl } from '../core/http/failures'
import { FetchHttpClient, proxyEnv, proxyProbeTargets } from '../core/runtime/fetch-http-client'
import { createLogger } from '../core/runtime/logger'
import { Redactor } from '../core/runtime/redact'
import { probeTargets, tcpProbeConnectivity } from '../core/runtime/net-probe'
import { systemClock, systemRandom } from '../core/runtime/system-clock'
import { loopYield } from '../core/runtime/loop-yield'
import { startAfterFirstBoard } from '../core/bridge/first-board'
import { parseArgs, USAGE, type HeadlessArgs } from './args'
import { OnceTracker } from './completion'
import { createWebhookSender, webhookUrlFrom } from '../core/alerts/webhook'
import { startHeadlessAlerts } from './alerts'
import { buildHeadlessService, headlessSecrets, headlessSettings, headlessSockets } from './compose'
import { DEMO_SECRET, startSandboxDemo } from './sandbox-demo'
import { runTeam, runTeamInit } from './team'
import { serveBoard } from './serve'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return '0.0.0'
  }
}

let stdoutClosed = false
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  // A reader that went away (`| head`) is not an error of ours.
  if (e.code === 'EPIPE') stdoutClosed = true
  else throw e
})

/**
 * The runner's one Redactor (core/runtime/redact.ts): it learns every secret the engine reads or a served board
 * types, and stdout (NDJSON) and stderr (the log, and every message written directly) go through it.
 */
const redactor = new Redactor()

/** With --serve, the first polls wait at most this long for a board to ask for the saved one (a runner may serve none). */
const SERVED_FIRST_BOARD_LIMIT_MS = 3_000

function writeLine(value: unknown): void {
  if (!stdoutClosed) process.stdout.write(JSON.stringify(redactor.redactDeep(value)) + '\n')
}

function writeError(text: string): void {
  process.stderr.write(redactor.redact(text))
}

type Cleanup = () => Promise<void> | void

async function exit(code: number, cleanup: Cleanup[]): Promise<never> {
  for (const d of cleanup.reverse()) {
    try {
      await d()
    } catch {
      // shutting down anyway
    }
  }
  await new Promise<void>((res) => (stdoutClosed ? res() : process.stdout.write('', () => res())))
  process.exit(code)
}

function loadConfig(args: HeadlessArgs): { ok: true; config: Config } | { ok: false; message: string } {
  // No config file: the rules a new install starts with (a config file without "rules" gets them too).
  let config: Config = { ...demoConfig(), connections: [] }
  if (args.config) {
    let text: string
    try {
      text = readFileSync(args.config, 'utf8')
    } catch (e) {
      return { ok: false, message: `cannot read config ${args.config}: ${(e as Error).message}` }
    }
    const r = parseConfigText(text)
    if (!r.ok) {
      return {
        ok: false,
        message:
          `config ${args.config} is not valid:\n` +
          r.issues.map((i) => `  - ${formatConfigIssue(i)}`).join('\n'),
      }
    }
    config = r.config
  }
  if (args.demo && !args.sandboxes) {
    const demo = demoConfig()
    if (args.demoAt !== null) {
      for (const c of demo.connections) c.options = { ...c.options, startTime: args.demoAt }
    }
    // The demo on its own is what a fresh install shows: the simulator and the default rule pack. Added to a
    // config, it brings only its connection; the config's rules stay the user's.
    if (!args.config) return { ok: true, config: demo }
    for (const c of demo.connections) {
      if (!config.connections.some((x) => x.id === c.id)) config.connections.push(c)
    }
  }
  return { ok: true, config }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  if (argv[0] === 'team' && argv[1] === 'init') process.exit(runTeamInit(argv.slice(2)))
  const parsed = parseArgs(argv, process.env)
  if (!parsed.ok) {
    writeError(`floorwalker headless: ${parsed.error}\n\n${USAGE}\n`)
    process.exit(1)
  }
  const args = parsed.args
  if (args.help) {
    process.stdout.write(USAGE + '\n')
    process.exit(0)
  }
  for (const w of args.warnings) writeError(`floorwalker headless: warning: ${w}\n`)
  const log = createLogger((l) => process.stderr.write(l + '\n'), {
    level: args.verbose ? 'debug' : 'info',
    redactor,
  })
  const cleanup: Cleanup[] = []

  if (args.team !== null) {
    // Team mode: a poller or a viewer of the team's board (docs/TEAM.md); runs until stopped or --for.
    const done = new Promise<number>((res) => {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => res(0))
      if (args.forSeconds !== null) systemClock.setTimer(args.forSeconds * 1000, () => res(0))
    })
    const code = await runTeam({
      args,
      env: process.env,
      log,
      write: writeLine,
      version: version(),
      rendererDir: join(ROOT, 'out', 'renderer'),
      done,
    })
    await exit(code, [])
  }

  const loaded = loadConfig(args)
  if (!loaded.ok) {
    writeError(`floorwalker headless: ${loaded.message}\n`)
    process.exit(1)
  }
  const config = loaded.config
  const known = new Map<string, string>()
  if (args.sandboxes) {
    const demo = await startSandboxDemo({ clock: systemClock, log, startTime: args.demoAt ?? undefined })
    cleanup.push(() => demo.close())
    config.connections.push(...demo.connections)
    for (const c of demo.connections) known.set(c.id, DEMO_SECRET)
  }
  // Where a served board's changes are kept (docs/ARCHITECTURE.md §7.4): the --config file, the --state folder,
  // or nowhere (then they are refused, with the reason).
  const settings = headlessSettings(args, config, systemClock, log)
  const settingsLoad = await settings.load()
  if (!settingsLoad.ok) {
    writeError(`floorwalker headless: ${settingsLoad.message}\n`)
    process.exit(1)
  }
  for (const p of settingsLoad.problems) log.warn(p)
  if (args.sandboxes) {
    // Saved sandbox connections point at this run's sandboxes (new ports every run); removed ones stay removed.
    const here = new Map(config.connections.filter((c) => known.has(c.id)).map((c) => [c.id, c]))
    await settings.update((cfg) =>
      cfg.connections.some((c) => here.has(c.id) && here.get(c.id)?.baseUrl !== c.baseUrl)
        ? {
            ...cfg,
            connections: cfg.connections.map((c) => {
              const fresh = here.get(c.id)
              return fresh ? { ...c, baseUrl: fresh.baseUrl, username: fresh.username } : c
            }),
          }
        : cfg,
    )
  }
  const enabled = settings.current().connections.filter((c) => c.enabled)
  if (enabled.length === 0) {
    writeError('floorwalker headless: the config has no enabled connections\n')
    process.exit(1)
  }
  const secrets = await headlessSecrets(() => settings.current(), process.env, log, known)
  // HTTP_PROXY / HTTPS_PROXY / NO_PROXY as curl reads them; NODE_EXTRA_CA_CERTS adds a corporate CA (README).
  const http = new FetchHttpClient(`Floorwalker/${version()} (headless)`, { env: process.env })
  const proxies = proxyEnv(process.env)
  if (proxies.httpProxy || proxies.httpsProxy) {
    log.info('vendor HTTP goes through a proxy', {
      http: proxies.httpProxy && redactUrl(proxies.httpProxy),
      https: proxies.httpsProxy && redactUrl(proxies.httpsProxy),
      noProxy: proxies.noProxy || null,
    })
  }
  const sockets = headlessSockets(log.child('sockets'))
  // No OS network signal here: a TCP handshake to the vendor hosts (or the proxy that reaches them) tells
  // "offline" from "vendor down".
  const connectivity = tcpProbeConnectivity(() => [
    ...probeTargets(settings.current()),
    ...proxyProbeTargets(proxies),
  ])
  const engine: LocalEngine = createEngine({
    clock: systemClock,
    random: systemRandom,
    http,
    sockets,
    secrets,
    log,
    connectivity,
    redactor,
    // The simulator's catch-up of a big floor runs in slices: a served board loads and is answered meanwhile.
    loopYield: loopYield(),
  })
  cleanup.push(() => engine.dispose())
  // Alert lines (docs/ARCHITECTURE.md §7.2) from the rules in the settings; disposed before the engine
  // (cleanup runs last-first).
  const webhookSender = createWebhookSender({
    http,
    clock: systemClock,
    log: log.child('webhooks'),
    urlOf: webhookUrlFrom(secrets, redactor),
  })
  cleanup.push(() => webhookSender.dispose())
  const alerts = await startHeadlessAlerts({
    engine,
    config: () => settings.current(),
    clock: systemClock,
    log,
    write: writeLine,
    stateDir: args.stateDir,
    webhooks: webhookSender,
  })
  cleanup.push(() => alerts.dispose())

  const tracker = new OnceTracker(enabled.map((c) => c.id))
  let finish: ((code: number) => void) | null = null
  engine.onEvent((e) => {
    if (e.type === 'snapshot') {
      writeLine({ type: 'snapshot', ...e.snapshot })
      tracker.snapshot(e.snapshot)
    } else if (e.type === 'status') {
      writeLine({ type: 'status', connection: e.status.id, state: e.status.state, detail: e.status.detail })
    } else if (e.type === 'failure') {
      tracker.failure(e.connection, e.failure)
    }
    if (args.once && tracker.done()) finish?.(tracker.allDelivered() ? 0 : 2)
  })
  engine.setConfig(settings.current())
  let historyDays: HistoryArchive | null = null
  if (args.stateDir) {
    const state = new StateCache({ dir: args.stateDir, clock: systemClock, log: log.child('state') })
    const saved = await state.load()
    if (saved.status === 'ok') engine.restore(saved.cache)
    const detach = state.attach(engine)
    // Cleanup runs last-first: the board is written before the engine is disposed.
    cleanup.push(async () => {
      detach()
      await state.flush()
    })
    // History days beside the board (docs/ARCHITECTURE.md §3.7): a bad day file is reported and skipped.
    historyDays = new HistoryArchive({ dir: args.stateDir, clock: systemClock, log: log.child('history') })
    const days = historyDays.load(settings.current())
    for (const m of (await days).messages) writeError(`floorwalker headless: ${m}\n`)
    const stopDays = historyDays.attach(engine)
    const stopFill = followPastDays(historyDays, engine, log.child('history'))
    const archive = historyDays
    cleanup.push(async () => {
      stopFill()
      await archive.flush()
      stopDays()
    })
  }

  // With --serve, the first polls wait for the first board to be answered (docs/ARCHITECTURE.md §3.5): a board
  // opened with the runner (a wallboard started beside it) gets the saved board before the first poll's work.
  let startPolls = (): void => engine.start()
  if (args.serve) {
    const inner = buildHeadlessService({
      engine,
      settings,
      secrets,
      http,
      clock: systemClock,
      sockets,
      alerts,
      version: version(),
      log,
      redactor,
      historyDays,
    })
    const gate = startAfterFirstBoard(inner, (why) => {
      log.info('starting the connections', { why })
      engine.start()
    })
    // The page is loaded when it asks: its files come before its bridge connection.
    gate.loaded()
    startPolls = () => {
      if (args.once) return gate.startNow('--once')
      const stop = systemClock.setTimer(SERVED_FIRST_BOARD_LIMIT_MS, () =>
        gate.startNow('no board asked within the limit'),
      )
      cleanup.push(stop)
    }
    const served = await serveBoard(args, {
      service: gate.service,
      log,
      version: version(),
      rendererDir: join(ROOT, 'out', 'renderer'),
      say: (l) => writeError(`floorwalker headless: ${l}\n`),
      secret: (t) => redactor.add(t),
    })
    if (!served.ok) {
      writeError(`floorwalker headless: ${served.error}\n`)
      await exit(1, cleanup)
      return
    }
    const bridge = served.bridge
    cleanup.push(() => bridge.close())
    // The e2e and scripts wait for this line (a readiness marker, not a sleep).
    log.info(`serving the board at ${bridge.url}`)
    process.stderr.write(`floorwalker: board at ${bridge.url}\n`)
  }

  startPolls()

  const done = new Promise<number>((res) => {
    finish = res
  })
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => finish?.(0))
  if (args.once) {
    systemClock.setTimer(args.timeoutSeconds * 1000, () => {
      log.warn(`--once: gave up after ${args.timeoutSeconds} s`, { pending: tracker.pending() })
      finish?.(tracker.allDelivered() ? 0 : 2)
    })
  } else if (args.forSeconds !== null) {
    systemClock.setTimer(args.forSeconds * 1000, () => finish?.(tracker.anyDelivered() ? 0 : 2))
  }
  const code = await done
  if (args.once && code !== 0) log.warn('not every connection delivered', { pending: tracker.pending() })
  await exit(code, cleanup)
}

main().catch((e: unknown) => {
  process.stderr.write(`floorwalker headless: internal error: ${(e as Error).stack ?? String(e)}\n`)
  process.exit(1)
})
