/**
 * A whole team on one machine, for the team tests and `bench/team.ts`: Debian's nats-server on random loopback
 * ports with JetStream in a temporary folder (configured by the same code as `team init`), the vendor sandboxes
 * (which log every request with the poller's user agent and the requests in flight), poller and viewer processes
 * (the real headless runner), and in-process clients. Everything it starts, it stops.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { NatsConnection } from '@nats-io/nats-core'
import { validateConnection, type ConnectionConfig } from '../../../src-shared/config'
import { DEFAULT_RULE_PACK } from '../../../src-shared/rules/default-pack'
import { TEAM_BUCKETS } from '../../../src-shared/team'
import { systemClock } from '../../core/runtime/system-clock'
import { createLogger } from '../../core/runtime/logger'
import { SANDBOX_FACTORIES } from '../../core/sandbox/registry'
import type { SandboxServer } from '../../core/sandbox/server'
import { replayCalendar } from '../../core/simulator/business-clock'
import { createSimulator } from '../../core/simulator/model'
import {
  connectTeam,
  ensureTeamInfrastructure,
  openBucket,
  teamConnectOptions,
  type TeamCredential,
} from '../nats'
import { pushSiteConfig } from '../poller'
import { teamInit, type TeamUser } from '../server-config'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
/** Debian installs it in /usr/sbin; NATS_SERVER overrides. */
export const NATS_SERVER =
  process.env['NATS_SERVER'] ??
  ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find((p) =>
    existsSync(p),
  ) ??
  'nats-server'

/** Why the team tests cannot run here, or null. */
export function natsServerMissing(): string | null {
  const r = spawnSync(NATS_SERVER, ['--version'], { encoding: 'utf8' })
  if (r.error || r.status !== 0)
    return `nats-server is not installed or does not start (${r.error?.message ?? r.stderr}); apt-get install nats-server`
  return null
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function waitFor<T>(
  what: string,
  fn: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(everyMs)
  }
}

export interface Broker {
  nats: string
  ws: string
  http: string
  pid: number
  dir: string
  users: TeamUser[]
  credFile(user: string): string
  credential(user: string): TeamCredential
  kill(signal?: NodeJS.Signals): Promise<void>
  /** Start again on the same ports and store. */
  start(): Promise<void>
  /** CPU time (user + system, ms) of the server process so far (Linux /proc). */
  cpuMs(): number
  varz(): Promise<Record<string, unknown>>
  running(): boolean
}

function readPorts(dir: string): { nats: string[]; monitoring: string[]; websocket: string[] } | null {
  const f = readdirSync(dir).find((x) => x.endsWith('.ports'))
  if (!f) return null
  try {
    return JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
      nats: string[]
      monitoring: string[]
      websocket: string[]
    }
  } catch {
    return null
  }
}

export async function startBroker(o: {
  sites: string[]
  supervisors?: string[]
  wallboards?: string[]
}): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'fw-team-'))
  const init = teamInit({
    dir,
    sites: o.sites,
    pollers: 3,
    supervisors: o.supervisors ?? null,
    wallboards: o.wallboards ?? null,
    listen: '127.0.0.1:-1',
    http: '127.0.0.1:-1',
    websocket: '127.0.0.1:-1',
    websocketNoTls: true,
    allowedOrigins: [],
    tls: null,
    storeDir: join(dir, 'jetstream'),
  })
  if (!init.ok) throw new Error(init.message)
  const conf = join(dir, 'nats.conf')
  let child: ChildProcess | null = null
  let ports: { nats: string[]; monitoring: string[]; websocket: string[] } | null = null
  const launch = async () => {
    for (const f of readdirSync(dir)) if (f.endsWith('.ports')) rmSync(join(dir, f))
    child = spawn(NATS_SERVER, ['-c', conf, '--ports_file_dir', dir], { stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr?.on('data', () => undefined)
    const p = await waitFor('the nats-server ports file', () => readPorts(dir), 10_000)
    ports = p
    await waitFor('nats-server /healthz', async () => {
      try {
        const r = await fetch(`${p.monitoring[0]}/healthz`)
        return r.ok
      } catch {
        return false
      }
    })
  }
  await launch()
  // Restarts keep the ports the first start picked, so clients reconnect to the same URLs.
  const first = ports as unknown as { nats: string[]; monitoring: string[]; websocket: string[] }
  const hostPort = (u: string) => u.replace(/^[a-z]+:\/\//, '')
  writeFileSync(
    conf,
    readFileSync(conf, 'utf8')
      .replace('listen: "127.0.0.1:-1"', `listen: "${hostPort(first.nats[0] as string)}"`)
      .replace('http: "127.0.0.1:-1"', `http: "${hostPort(first.monitoring[0] as string)}"`)
      .replace('  listen: "127.0.0.1:-1"', `  listen: "${hostPort(first.websocket[0] as string)}"`),
  )
  const broker: Broker = {
    nats: first.nats[0] as string,
    ws: first.websocket[0] as string,
    http: first.monitoring[0] as string,
    get pid() {
      return (child as ChildProcess | null)?.pid ?? -1
    },
    dir,
    users: init.users,
    credFile: (user) => join(dir, 'creds', `${user}.json`),
    credential(user) {
      const u = init.users.find((x) => x.user === user)
      if (!u) throw new Error(`no team user ${user}`)
      return { user: u.user, password: u.password }
    },
    async kill(signal = 'SIGTERM') {
      const c = child as ChildProcess | null
      if (!c || c.exitCode !== null) return
      const gone = new Promise((r) => c.once('exit', r))
      c.kill(signal)
      await gone
      child = null
    },
    start: launch,
    cpuMs() {
      try {
        const f = readFileSync(`/proc/${broker.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
        // utime and stime are fields 14 and 15 (1-based), i.e. 11 and 12 after the comm field; in clock ticks.
        return ((Number(f[11]) + Number(f[12])) * 1000) / 100
      } catch {
        return 0
      }
    },
    async varz() {
      const r = await fetch(`${broker.http}/varz`)
      return (await r.json()) as Record<string, unknown>
    },
    running: () => child !== null && (child as ChildProcess).exitCode === null,
  }
  return broker
}

export async function connectAs(
  broker: Broker,
  user: string,
  name = `test/${user}`,
): Promise<NatsConnection> {
  return connectTeam(
    teamConnectOptions({ servers: [broker.nats], credential: broker.credential(user), name }),
  )
}

export interface Vendors {
  connections: ConnectionConfig[]
  servers: Map<string, SandboxServer>
  /** Canary secrets, by env variable name: pollers get them, nothing else may ever see them. */
  env: Record<string, string>
  close(): Promise<void>
}

/** Sandboxes for the given vendors at their fastest allowed cadence, plus simulator connections at 1 s. */
export async function startVendors(o: {
  providers: ('chronicall' | 'brightpattern' | 'giosg' | '8x8' | 'thulium')[]
  simulators: number
  pollSeconds?: Partial<Record<string, number>>
}): Promise<Vendors> {
  // A busy reference day from 09:30, whatever the time of day the tests run at.
  const sim = createSimulator({
    seed: 7,
    agents: 40,
    incidents: true,
    calendar: replayCalendar(Date.now(), 9.5 * 3600),
  })
  const servers = new Map<string, SandboxServer>()
  const connections: ConnectionConfig[] = []
  const env: Record<string, string> = {}
  const fastest: Record<string, number> = {
    chronicall: 2,
    brightpattern: 3,
    giosg: 5,
    '8x8': 10,
    thulium: 60,
  }
  for (const p of o.providers) {
    const secret = `canary-${p}-${Math.random().toString(36).slice(2)}-secret`
    const factory = SANDBOX_FACTORIES[p]
    if (!factory) throw new Error(`no sandbox for ${p}`)
    const server = await factory({ sim, clock: systemClock, username: 'team', secret })
    servers.set(`v-${p}`, server)
    const name = `FW_SECRET_${p.replace(/[^a-z0-9]/gi, '_').toUpperCase()}`
    env[name] = secret
    const r = validateConnection({
      id: `v-${p}`,
      label: `Vendor ${p}`,
      provider: p,
      baseUrl: server.origin + (p === '8x8' ? '/api/rtstats' : ''),
      username: 'team',
      secretEnv: name,
      pollSeconds: o.pollSeconds?.[p] ?? fastest[p],
      options: p === '8x8' ? { format: 'json' } : p === 'thulium' ? { chatQueueIds: ['1', '2', '3'] } : {},
    })
    if (!r.ok) throw new Error(JSON.stringify(r.issues))
    connections.push(r.connection)
  }
  for (let i = 1; i <= o.simulators; i++) {
    const r = validateConnection({
      id: `sim.${i}`,
      label: `Simulated ${i}`,
      provider: 'simulator',
      pollSeconds: 1,
    })
    if (!r.ok) throw new Error(JSON.stringify(r.issues))
    connections.push(r.connection)
  }
  return {
    connections,
    servers,
    env,
    close: async () => {
      await Promise.all([...servers.values()].map((s) => s.close()))
    },
  }
}

/** Make the connections and the default rules the site's team config (as an admin would with --push-config). */
export async function pushConfig(
  broker: Broker,
  site: string,
  connections: ConnectionConfig[],
  leaseTtlMs: number,
): Promise<void> {
  const nc = await connectAs(broker, 'admin')
  try {
    await ensureTeamInfrastructure(nc, { leaseTtlMs, log: createLogger(() => undefined) })
    const file = {
      connections: connections.map((c) => ({
        id: c.id,
        label: c.label,
        provider: c.provider,
        ...(c.baseUrl ? { baseUrl: c.baseUrl } : {}),
        ...(c.username ? { username: c.username } : {}),
        ...(c.secretEnv ? { secretEnv: c.secretEnv } : {}),
        pollSeconds: c.pollSeconds,
        enabled: true,
        options: c.options,
      })),
      rules: DEFAULT_RULE_PACK,
    }
    await pushSiteConfig(await openBucket(nc, TEAM_BUCKETS.config), site, file, {
      by: 'admin',
      now: Date.now(),
    })
  } finally {
    await nc.close()
  }
}

export interface Line {
  t: number
  v: Record<string, unknown>
}

export interface Proc {
  name: string
  child: ChildProcess
  lines: Line[]
  stderr: string[]
  exited: Promise<number | null>
  /** Still running (a process killed by a signal keeps `exitCode` null: look at this, not at exitCode). */
  alive(): boolean
  kill(signal: NodeJS.Signals): Promise<number | null>
  /** Resolves with the first line matching `pred` (including ones already seen). */
  line(pred: (v: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Line>
}

export function spawnTs(
  name: string,
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: Line[] = []
  const stderr: string[] = []
  let buf = ''
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString('utf8')
    let i: number
    while ((i = buf.indexOf('\n')) >= 0) {
      const text = buf.slice(0, i)
      buf = buf.slice(i + 1)
      try {
        lines.push({ t: Date.now(), v: JSON.parse(text) as Record<string, unknown> })
      } catch {
        stderr.push(`(stdout) ${text}`)
      }
    }
  })
  let ebuf = ''
  child.stderr?.on('data', (d: Buffer) => {
    ebuf += d.toString('utf8')
    let i: number
    while ((i = ebuf.indexOf('\n')) >= 0) {
      stderr.push(ebuf.slice(0, i))
      ebuf = ebuf.slice(i + 1)
    }
    if (stderr.length > 5000) stderr.splice(0, stderr.length - 5000)
  })
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  return {
    name,
    child,
    lines,
    stderr,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
    line: (pred, timeoutMs = 20_000) =>
      waitFor(`${name}: a matching line`, () => lines.find((l) => pred(l.v)) ?? null, timeoutMs),
  }
}

export function startPoller(
  broker: Broker,
  user: string,
  site: string,
  env: Record<string, string>,
  leaseTtlSec: number,
): Proc {
  return spawnTs(
    user,
    'src-main/headless/cli.ts',
    [
      '--team',
      broker.nats,
      '--site',
      site,
      '--team-creds',
      broker.credFile(user),
      '--lease-ttl',
      String(leaseTtlSec),
    ],
    env,
  )
}

/** Leases held by each poller now, from their `lease` lines. */
export function holders(pollers: Proc[]): Map<string, string> {
  const state = new Map<string, { who: string; t: number; held: boolean }>()
  for (const p of pollers) {
    for (const l of p.lines) {
      if (l.v['type'] !== 'lease') continue
      const conn = l.v['connection'] as string
      const prev = state.get(conn)
      const held = l.v['state'] === 'acquired'
      if (!prev || l.t >= prev.t) state.set(conn, { who: p.name, t: l.t, held })
    }
  }
  const out = new Map<string, string>()
  for (const [conn, s] of state) if (s.held) out.set(conn, s.who)
  return out
}

export function cleanupDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

/** Requests from two different pollers whose [start, end] overlap, per connection. */
export function overlaps(server: SandboxServer): { a: string; b: string; at: number }[] {
  const out: { a: string; b: string; at: number }[] = []
  const rs = [...server.requests].sort((x, y) => x.at - y.at)
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i] as (typeof rs)[number]
    for (let j = i + 1; j < rs.length; j++) {
      const s = rs[j] as (typeof rs)[number]
      if (s.at > r.end) break
      if (s.agent !== r.agent) out.push({ a: r.agent ?? '?', b: s.agent ?? '?', at: s.at })
    }
  }
  return out
}

/** The poller a user agent names (`Floorwalker/x (team poller-2)`). */
export function pollerOf(agent: string | null): string | null {
  return /\(team ([^)]+)\)/.exec(agent ?? '')?.[1] ?? null
}
