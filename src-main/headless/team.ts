/**
 * The headless runner in team mode (docs/TEAM.md):
 * - `--role poller`: polls the site's connections whose secrets it has (secretEnv) under the team's leases and
 *   publishes them; NDJSON as usual plus `lease` lines;
 * - `--role viewer`: shows the site's board from the team (NDJSON `status`, `alert`, `team` lines), and with
 *   `--serve` serves it to browsers and TVs like any board, polling nothing;
 * - `team init`: writes the broker's config and the users' credentials.
 */
import { performance } from 'node:perf_hooks'
import { existsSync, readFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import {
  alertPrefsOf,
  demoConfig,
  formatConfigIssue,
  parseConfigText,
  type Config,
  type Prefs,
} from '../../src-shared/config'
import type { ConnectionStatus } from '../../src-shared/live'
import { TEAM_BUCKETS } from '../../src-shared/team'
import { silentNotifier } from '../core/alerts/notifier'
import type { Logger } from '../core/ports'
import { FetchHttpClient } from '../core/runtime/fetch-http-client'
import { systemClock, systemRandom } from '../core/runtime/system-clock'
import { toConfigFile } from '../core/settings/config-file'
import { startTeamAlerts } from '../team/alerts'
import {
  clientName,
  connectTeam,
  ensureTeamInfrastructure,
  loadTeamCredential,
  openBucket,
  teamConnectOptions,
} from '../team/nats'
import { pushSiteConfig, startTeamPoller, type TeamPollerLine } from '../team/poller'
import { teamInit } from '../team/server-config'
import { createTeamBridgeService } from '../team/service'
import { startTeamViewer } from '../team/viewer'
import type { HeadlessArgs } from './args'
import { headlessSockets } from './compose'
import { serveBoard } from './serve'

export interface TeamRunDeps {
  args: HeadlessArgs
  env: Record<string, string | undefined>
  log: Logger
  write: (line: unknown) => void
  version: string
  rendererDir: string
  /** Resolves when the process should stop (SIGTERM, SIGINT, --for). */
  done: Promise<number>
}

/** Run a poller or a viewer until `done`; returns the exit code. */
export async function runTeam(d: TeamRunDeps): Promise<number> {
  const { args, log } = d
  const servers = args.team ?? []
  const site = args.site as string
  const cred = loadTeamCredential({ file: args.teamCreds, env: d.env })
  if (!cred.ok) {
    process.stderr.write(`floorwalker headless: ${cred.message}\n`)
    return 1
  }
  const user = cred.credential.user
  // A poller must outlive a bug in one connection's handling: log it, keep the leases and the other connections.
  process.on('unhandledRejection', (e) =>
    log.error('unhandled rejection (a bug)', { error: (e as Error)?.stack ?? String(e) }),
  )
  let nc
  try {
    nc = await connectTeam(
      teamConnectOptions({ servers, credential: cred.credential, name: clientName(args.role, user) }),
    )
  } catch (e) {
    process.stderr.write(
      `floorwalker headless: cannot join the team at ${servers.join(', ')}: ${(e as Error).message}\n`,
    )
    return 1
  }
  log.info('joined the team server', { servers, site, user, role: args.role, server: nc.info?.version })
  const cleanup: (() => Promise<unknown> | unknown)[] = [() => nc.drain().catch(() => nc.close())]
  const stop = async (code: number) => {
    for (const c of cleanup.reverse()) {
      try {
        await c()
      } catch (e) {
        log.warn('shutting down: a step failed', { error: (e as Error).message })
      }
    }
    return code
  }

  if (args.role === 'poller') {
    let infra
    try {
      infra = await ensureTeamInfrastructure(nc, { leaseTtlMs: args.leaseTtlSeconds * 1000, log })
    } catch (e) {
      process.stderr.write(
        `floorwalker headless: cannot prepare the team's buckets and streams (is ${user} a poller?): ${(e as Error).message}\n`,
      )
      return stop(1)
    }
    if (args.pushConfig) {
      const loaded = loadConfigFile(args)
      if (!loaded.ok) {
        process.stderr.write(`floorwalker headless: ${loaded.message}\n`)
        return stop(1)
      }
      await pushSiteConfig(await openBucket(nc, TEAM_BUCKETS.config), site, toConfigFile(loaded.config), {
        by: user,
        now: systemClock.now(),
      })
      log.info('pushed the site config to the team', { site, connections: loaded.config.connections.length })
      process.stderr.write(
        `floorwalker: site "${site}" now has ${loaded.config.connections.length} connection(s) and ${loaded.config.rules.length} rule(s)\n`,
      )
      if (!args.roleGiven) return stop(0)
    }
    const poller = await startTeamPoller({
      nc,
      site,
      user,
      leaseTtlMs: infra.leaseTtlMs,
      clock: systemClock,
      mono: () => performance.now(),
      random: systemRandom,
      // Vendors see which poller asked (the user agent), never which host or user beyond that.
      http: new FetchHttpClient(`Floorwalker/${d.version} (team ${user})`),
      sockets: headlessSockets(log.child('sockets')),
      secretFor: async (c) => (c.secretEnv ? (d.env[c.secretEnv] ?? null) : null),
      webhookUrlFor: async (w) => (w.urlEnv ? (d.env[w.urlEnv] ?? null) : null),
      log,
      write: (line: TeamPollerLine) => d.write(line),
      contendMs: Number(d.env['FLOORWALKER_TEAM_CONTEND_MS'] ?? '') || undefined,
    })
    cleanup.push(() => poller.stop())
    const code = await d.done
    return stop(code)
  }

  // Viewer.
  const engine = await startTeamViewer({ nc, servers, site, user, clock: systemClock, log })
  cleanup.push(() => engine.dispose())
  let prefs: Prefs = { theme: 'system', language: 'en' }
  const alerts = await startTeamAlerts({
    nc,
    kv: await openBucket(nc, TEAM_BUCKETS.alerts),
    site,
    user,
    clock: systemClock,
    notifier: silentNotifier,
    engine,
    prefs: () => alertPrefsOf(prefs),
    language: () => prefs.language,
    log: log.child('alerts'),
  })
  cleanup.push(() => alerts.dispose())
  alerts.events.subscribe((e) => d.write(e))
  const statusLine = (st: ConnectionStatus) =>
    d.write({
      type: 'status',
      connection: st.id,
      state: st.state,
      detail: st.detail,
      reason: st.reason ?? null,
    })
  engine.onEvent((e) => {
    if (e.type === 'status') statusLine(e.status)
  })
  // What the board already showed before these lines were listened for.
  for (const st of engine.statuses()) statusLine(st)
  engine.onTeam((t) => d.write({ type: 'team', ...t }))
  const t0 = systemClock.now()
  void engine
    .joined()
    .then(() => d.write({ type: 'joined', at: systemClock.now(), ms: systemClock.now() - t0 }))

  if (args.serve) {
    const role = (JSON.parse(readFileSafe(args.teamCreds) ?? '{}') as { role?: string }).role
    const service = createTeamBridgeService({
      engine,
      alerts,
      prefs: {
        current: () => prefs,
        save: async (p) => {
          prefs = p
        },
      },
      info: async () => ({
        version: d.version,
        shell: 'web',
        keychain: { available: false, detail: 'team board' },
      }),
      canAcknowledge: role === 'supervisor' || role === 'admin',
      log,
    })
    const served = await serveBoard(args, {
      service,
      log,
      version: d.version,
      rendererDir: d.rendererDir,
      say: (l) => process.stderr.write(`floorwalker headless: ${l}\n`),
    })
    if (!served.ok) {
      process.stderr.write(`floorwalker headless: ${served.error}\n`)
      return stop(1)
    }
    const bridge = served.bridge
    cleanup.push(() => bridge.close())
    log.info(`serving the team board at ${bridge.url}`)
    process.stderr.write(`floorwalker: board at ${bridge.url}\n`)
  }
  const code = await d.done
  return stop(code)
}

/**
 * How to start nats-server from this shell: Debian installs it in /usr/sbin, which is not on a normal user's PATH,
 * so the full path is given when plain `nats-server` would not be found.
 */
function natsServerCommand(): string {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean)
  if (dirs.some((d) => existsSync(join(d, 'nats-server')))) return 'nats-server'
  return existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server'
}

function readFileSafe(path: string | null): string | null {
  if (path === null) return null
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

function loadConfigFile(args: HeadlessArgs): { ok: true; config: Config } | { ok: false; message: string } {
  if (!args.config) return { ok: true, config: demoConfig() }
  let text: string
  try {
    text = readFileSync(args.config, 'utf8')
  } catch (e) {
    return { ok: false, message: `cannot read config ${args.config}: ${(e as Error).message}` }
  }
  const r = parseConfigText(text)
  if (!r.ok)
    return {
      ok: false,
      message: `config ${args.config} is not valid:\n${r.issues.map((i) => `  - ${formatConfigIssue(i)}`).join('\n')}`,
    }
  return { ok: true, config: r.config }
}

/** `team init …`: parse its own flags and write the server config and credentials. */
export function runTeamInit(argv: string[]): number {
  const flags = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i] as string
    if (f === '--no-tls-websocket' || f === '--force') {
      flags.set(f, 'true')
      continue
    }
    const v = argv[i + 1]
    if (!f.startsWith('--') || v === undefined || v.startsWith('--')) {
      process.stderr.write(`floorwalker team init: "${f}" needs a value (see --help)\n`)
      return 1
    }
    flags.set(f, v)
    i++
  }
  const known = [
    '--sites',
    '--out',
    '--pollers',
    '--supervisors',
    '--wallboards',
    '--listen',
    '--http',
    '--websocket',
    '--tls-cert',
    '--tls-key',
    '--store-dir',
    '--allowed-origins',
    '--no-tls-websocket',
    '--force',
  ]
  for (const k of flags.keys()) {
    if (!known.includes(k)) {
      process.stderr.write(`floorwalker team init: unknown option ${k} (one of ${known.join(', ')})\n`)
      return 1
    }
  }
  const out = flags.get('--out')
  if (!out) {
    process.stderr.write('floorwalker team init: --out DIR is required (where nats.conf and creds/ go)\n')
    return 1
  }
  // Running it again would give every user a new password, and the pollers, desktops and boards already using
  // the old ones would be refused at their next reconnect: only on purpose.
  if (existsSync(join(out, 'nats.conf')) && !flags.has('--force')) {
    process.stderr.write(
      `floorwalker team init: ${join(out, 'nats.conf')} exists already, and the credentials in ${join(out, 'creds')} are ` +
        `what the team signs in with. Start the server with: ${natsServerCommand()} -c ${join(out, 'nats.conf')}\n` +
        '  (--force writes a new config and new passwords for every user)\n',
    )
    return 1
  }
  const cert = flags.get('--tls-cert') ?? null
  const key = flags.get('--tls-key') ?? null
  if ((cert === null) !== (key === null)) {
    process.stderr.write('floorwalker team init: --tls-cert and --tls-key go together\n')
    return 1
  }
  const split = (v: string | undefined) =>
    v === undefined
      ? null
      : v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
  const r = teamInit({
    dir: out,
    sites: split(flags.get('--sites')) ?? [],
    pollers: Number(flags.get('--pollers') ?? '3'),
    supervisors: split(flags.get('--supervisors')),
    wallboards: split(flags.get('--wallboards')),
    listen: flags.get('--listen') ?? '0.0.0.0:4222',
    http: flags.get('--http') ?? '127.0.0.1:8222',
    websocket: flags.get('--websocket') ?? null,
    websocketNoTls: flags.has('--no-tls-websocket'),
    allowedOrigins: split(flags.get('--allowed-origins')) ?? [],
    tls: cert && key ? { cert, key } : null,
    storeDir: flags.get('--store-dir') ?? null,
  })
  if (!r.ok) {
    process.stderr.write(`floorwalker team init: ${r.message}\n`)
    return 1
  }
  process.stdout.write(
    `wrote ${out}/nats.conf and ${r.users.length} credentials in ${out}/creds/:\n` +
      r.users
        .map(
          (u) =>
            `  ${u.user.padEnd(16)} ${u.role}${u.role === 'supervisor' || u.role === 'wallboard' ? ` (${u.sites.join(', ')})` : ''}`,
        )
        .join('\n') +
      `\nstart the server: ${natsServerCommand()} -c ${join(out, 'nats.conf')}\n`,
  )
  return 0
}
