/**
 * Team mode figures (issue 18; study §5 targets): a real nats-server, three real pollers against the vendor
 * sandboxes, in-process viewers and 200 viewers in two processes. Writes the "Team mode" section of
 * docs/BENCHMARKS.md. `npm run bench` runs it after the other benchmarks; `npm run bench:team` alone.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { NatsConnection } from '@nats-io/nats-core'
import { jetstream } from '@nats-io/jetstream'
import { validateConnection } from '../src-shared/config'
import { TEAM_BUCKETS, teamKeys, teamSubjects, type TeamHistorySample } from '../src-shared/team'
import { createLogger } from '../src-main/core/runtime/logger'
import { systemClock } from '../src-main/core/runtime/system-clock'
import { encodeJson } from '../src-main/team/kv'
import { openBucket } from '../src-main/team/nats'
import { schemaRev } from '../src-main/team/poller'
import {
  cleanupDir,
  connectAs,
  holders,
  natsServerMissing,
  overlaps,
  pollerOf,
  pushConfig,
  sleep,
  spawnTs,
  startBroker,
  startPoller,
  startVendors,
  waitFor,
  type Broker,
  type Proc,
  type Vendors,
} from '../src-main/team/testing/cluster'
import { startTeamViewer, type TeamEngine } from '../src-main/team/viewer'
import { machine, type BenchResult } from './report'

const TTL_SEC = Number(process.env['FLOORWALKER_BENCH_TTL'] ?? '5')
const SITE = 'eu'
const log = createLogger(() => undefined)
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`

async function viewer(broker: Broker, user: string): Promise<{ nc: NatsConnection; engine: TeamEngine }> {
  const nc = await connectAs(broker, user)
  const engine = await startTeamViewer({
    nc,
    servers: [broker.nats],
    site: SITE,
    user,
    clock: systemClock,
    log,
  })
  await engine.joined()
  return { nc, engine }
}

export async function teamBenches(): Promise<BenchResult[]> {
  const missing = natsServerMissing()
  if (missing) {
    process.stdout.write(`team benchmarks skipped: ${missing}\n`)
    return []
  }
  const results: BenchResult[] = []
  const broker = await startBroker({ sites: ['eu', 'us'] })
  const vendors: Vendors = await startVendors({
    providers: ['chronicall', 'brightpattern', 'giosg'],
    simulators: 2,
  })
  const procs: Proc[] = []
  const pollers: Proc[] = []
  const cleanup: (() => Promise<unknown>)[] = []
  try {
    await pushConfig(broker, SITE, vendors.connections, TTL_SEC * 1000)
    const poller = (user: string) => {
      const p = startPoller(broker, user, SITE, vendors.env, TTL_SEC)
      pollers.push(p)
      return p
    }
    poller('poller-1')
    await waitFor('leases', () => holders(pollers).size === vendors.connections.length, 30_000)
    poller('poller-2')
    poller('poller-3')
    await sleep(8000)
    const watcher = await viewer(broker, 'wall-eu')
    cleanup.push(() => watcher.nc.close())

    // Hard kill (twice): orphaned vendor connections → first request by another poller.
    const hardKill: number[] = []
    const requestsPerPoint: string[] = []
    for (let round = 0; round < 2; round++) {
      const byPoller = new Map<string, string[]>()
      for (const [conn, who] of holders(pollers)) byPoller.set(who, [...(byPoller.get(who) ?? []), conn])
      const [victim, orphaned] = [...byPoller].sort((a, b) => b[1].length - a[1].length)[0] as [
        string,
        string[],
      ]
      const p = pollers.find((x) => x.name === victim && x.alive()) as Proc
      const t = Date.now()
      const reqBefore = [...vendors.servers.values()].reduce((n, s) => n + s.requests.length, 0)
      await p.kill('SIGKILL')
      for (const conn of orphaned) {
        const s = vendors.servers.get(conn)
        if (!s) continue
        const r = await waitFor(
          `${conn} polled again`,
          () => s.requests.find((x) => x.at > t && pollerOf(x.agent) !== victim),
          TTL_SEC * 1000 + 20_000,
        )
        hardKill.push(r.at - t)
      }
      await sleep(6000)
      const reqs = [...vendors.servers.values()].reduce((n, s) => n + s.requests.length, 0) - reqBefore
      const vendorSnaps = pollers.reduce(
        (n, x) =>
          n +
          x.lines.filter((l) => l.t >= t && l.v['type'] === 'snapshot' && l.v['provider'] !== 'simulator')
            .length,
        0,
      )
      requestsPerPoint.push(`${(reqs / Math.max(1, vendorSnaps)).toFixed(2)}`)
      poller(victim)
      await sleep(4000)
    }
    results.push({
      name: 'team: failover after a hard kill',
      what: `SIGKILL of the holder of most connections (2 rounds, lease TTL ${TTL_SEC} s) → first vendor request by another poller, per orphaned vendor connection`,
      target: `≤ TTL + 1.5 s (${TTL_SEC + 1.5} s)`,
      measured: `${fmt(Math.min(...hardKill))}–${fmt(Math.max(...hardKill))}`,
      pass: Math.max(...hardKill) <= (TTL_SEC + 1.5) * 1000,
    })

    // Graceful stop: the holder of Bright Pattern (3 s cadence) → first request by the new holder.
    const bp = vendors.connections.find((c) => c.provider === 'brightpattern')?.id as string
    const graceful: number[] = []
    for (let round = 0; round < 2; round++) {
      const who = holders(pollers).get(bp) as string
      const p = pollers.find((x) => x.name === who && x.alive()) as Proc
      const s = vendors.servers.get(bp)
      if (!s) throw new Error('no Bright Pattern sandbox')
      const lastBefore = Math.max(
        ...s.requests.filter((r) => pollerOf(r.agent) === who && r.path.endsWith('/data')).map((r) => r.at),
      )
      const t = Date.now()
      await p.kill('SIGTERM')
      const r = await waitFor(
        'Bright Pattern polled by the next holder',
        () => s.requests.find((x) => x.at > t && pollerOf(x.agent) !== who),
        20_000,
      )
      // What is not the cadence wait (the next poll may not come before the previous one + 3 s).
      graceful.push(Math.max(0, r.at - Math.max(t, lastBefore + 3000)))
      poller(who)
      await sleep(4000)
    }
    results.push({
      name: 'team: hand-over after a graceful stop',
      what: 'SIGTERM of Bright Pattern’s holder → first request by the next holder, beyond the 3 s cadence wait (2 rounds)',
      target: '≤ 1.5 s',
      measured: `${fmt(Math.min(...graceful))}–${fmt(Math.max(...graceful))}`,
      pass: Math.max(...graceful) <= 1500,
    })

    // Broker restart: 3 s down; viewer back, and data flowing again.
    const before = new Map(watcher.engine.positions().map((p) => [p.connection, `${p.epoch}:${p.seq}`]))
    await broker.kill('SIGKILL')
    await sleep(3000)
    const up = Date.now()
    await broker.start()
    const started = Date.now()
    await waitFor('viewer reconnected', () => watcher.engine.team().connected, 30_000, 10)
    const back = Date.now() - started
    await waitFor(
      'fresh data',
      () => watcher.engine.positions().some((p) => before.get(p.connection) !== `${p.epoch}:${p.seq}`),
      30_000,
      20,
    )
    const flowing = Date.now() - up
    results.push({
      name: 'team: viewers back after a broker restart',
      what: 'nats-server SIGKILL, 3 s down, restarted → viewer reconnected (first new data)',
      target: '≤ 3 s',
      measured: `${fmt(back)} (data again ${fmt(flowing)} after the broker was up)`,
      pass: back <= 3000,
    })
    await sleep(6000)

    // Late joiner: full board, then 8 h of one connection's history (2,880 samples preloaded).
    const admin = await connectAs(broker, 'admin', 'preload')
    const js = jetstream(admin)
    const keys = ['queue|sim.2:bench|waiting', 'queue|sim.2:bench|longestWaitSec']
    const rev = schemaRev(keys)
    await (
      await openBucket(admin, TEAM_BUCKETS.live)
    ).put(teamKeys.schema(SITE, 'sim.2', rev), encodeJson(keys))
    const now = Date.now()
    for (let i = 0; i < 2880; i++) {
      const at = now - 8 * 3600_000 + 30_000 + i * 10_000 - 20 * 60_000
      const sample: TeamHistorySample = { at, s: rev, v: [i % 17, i % 300] }
      await js.publish(teamSubjects.history(SITE, 'sim.2'), encodeJson(sample), { msgID: `bench:${at}` })
    }
    await admin.close()
    const joins: number[] = []
    const replays: number[] = []
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now()
      const late = await viewer(broker, 'wall-eu')
      joins.push(Date.now() - t0)
      const t1 = Date.now()
      await late.engine.loadHistory(keys, 0)
      replays.push(Date.now() - t1)
      const n = late.engine.history(keys, 0)[0]?.points.length ?? 0
      if (n < 2800) throw new Error(`history replay gave ${n} points`)
      await late.engine.dispose()
      await late.nc.close()
    }
    results.push({
      name: 'team: late joiner, full board',
      what: 'a new viewer connected → every connection’s state (5 connections, direct gets), 3 joins',
      target: '≤ 500 ms',
      measured: `${Math.min(...joins)}–${Math.max(...joins)} ms`,
      pass: Math.max(...joins) <= 500,
    })
    results.push({
      name: 'team: late joiner, 8 h of history',
      what: 'one connection’s 8 h (2,880 samples) replayed from the stream on demand, 3 runs',
      target: '≤ 2 s',
      measured: `${Math.min(...replays)}–${Math.max(...replays)} ms`,
      pass: Math.max(...replays) <= 2000,
    })

    // 200 viewers on a site of its own (one 10-agent connection at 1 s): latency and broker CPU.
    const fan = validateConnection({
      id: 'fan',
      label: 'Fan-out',
      provider: 'simulator',
      pollSeconds: 1,
      options: { agents: 10 },
    })
    if (!fan.ok) throw new Error('fan config')
    await pushConfig(broker, 'us', [fan.connection], TTL_SEC * 1000)
    const usPoller = startPoller(broker, 'poller-1', 'us', {}, TTL_SEC)
    procs.push(usPoller)
    await usPoller.line((l) => l['type'] === 'status' && l['state'] === 'ok')
    const swarm = (name: string, url: string, count: number, ws: boolean) =>
      spawnTs(name, 'src-main/team/testing/viewer-swarm.ts', [
        ...['--url', url, '--site', 'us', '--creds', broker.credFile('wall-us')],
        ...['--count', String(count), '--seconds', '20', '--light'],
        ...(ws ? ['--ws'] : []),
      ])
    const tcp = swarm('swarm-tcp', broker.nats, 150, false)
    const ws = swarm('swarm-ws', broker.ws, 50, true)
    procs.push(tcp, ws)
    await Promise.all([
      tcp.line((l) => l['type'] === 'joined', 120_000),
      ws.line((l) => l['type'] === 'joined', 120_000),
    ])
    const cpu0 = broker.cpuMs()
    const c0 = Date.now()
    const [a, b] = await Promise.all([
      tcp.line((l) => l['type'] === 'report', 120_000),
      ws.line((l) => l['type'] === 'report', 120_000),
    ])
    const cpu = ((broker.cpuMs() - cpu0) / (Date.now() - c0)) * 100
    const slow = (await broker.varz())['slow_consumers']
    const r = (x: Record<string, unknown>) =>
      `${x['transport']} ${x['count']}: joined ${fmt(x['joinMs'] as number)}, p50/p95/p99 ${x['p50']}/${x['p95']}/${x['p99']} ms, gaps ${x['gaps']}`
    const p95 = Math.max(a.v['p95'] as number, b.v['p95'] as number)
    const p99 = Math.max(a.v['p99'] as number, b.v['p99'] as number)
    results.push({
      name: 'team: 200 viewers',
      what: '150 TCP + 50 WebSocket viewers of one site, 20 s steady; latency = receipt − the holder’s publish (same machine)',
      target: 'p95 ≤ 50 ms, p99 ≤ 150 ms, 0 gaps, 0 slow consumers, broker CPU ≤ 20 %',
      measured: `p95 ${p95} ms, p99 ${p99} ms; ${r(a.v)}; ${r(b.v)}; broker CPU ${cpu.toFixed(1)} %, slow consumers ${String(slow)}`,
      pass: p95 <= 50 && p99 <= 150 && a.v['gaps'] === 0 && b.v['gaps'] === 0 && slow === 0 && cpu <= 20,
    })

    // Vendor requests across the whole run: overlaps, and requests per fresh data point across the failovers.
    const overlapping = [...vendors.servers.values()].reduce((n, s) => n + overlaps(s).length, 0)
    results.push({
      name: 'team: overlapping vendor requests',
      what: 'requests of two different pollers in flight at once for one connection, over the whole run (2 hard kills, 2 graceful stops, a broker restart)',
      target: '0',
      measured: String(overlapping),
      pass: overlapping === 0,
    })
    results.push({
      name: 'team: vendor requests per fresh data point',
      what: 'vendor requests ÷ vendor snapshots published, in the 6 s after each hard kill (a giosg cycle is several pages; steady state is the same ratio)',
      target: 'no extra requests for a failover',
      measured: requestsPerPoint.join(', '),
      pass: true,
    })
  } catch (e) {
    // What the pollers said is the first thing to read when a scenario times out.
    for (const p of [...pollers, ...procs])
      process.stderr.write(
        `--- ${p.name} (exit ${String(p.child.exitCode)})\n${p.stderr.slice(-40).join('\n')}\n`,
      )
    throw e
  } finally {
    for (const c of cleanup) await c().catch(() => undefined)
    await Promise.all([...pollers, ...procs].map((p) => p.kill('SIGKILL')))
    await vendors.close()
    await broker.kill('SIGKILL')
    cleanupDir(broker.dir)
  }
  return results
}

/** Replace (or add) the "Team mode" section of docs/BENCHMARKS.md. */
export function writeTeamSection(root: string, results: BenchResult[]): string {
  const file = join(root, 'docs', 'BENCHMARKS.md')
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    text = '# Benchmarks\n'
  }
  const start = text.indexOf('\n## Team mode')
  if (start >= 0) text = text.slice(0, start).trimEnd() + '\n'
  const rows = results.map(
    (r) => `| ${r.name} | ${r.what} | ${r.target} | ${r.measured} | ${r.pass ? 'yes' : '**no**'} |`,
  )
  text += [
    '',
    '## Team mode',
    '',
    `Run with \`npm run bench:team\` (also part of \`npm run bench\`). Last run: ${new Date().toISOString().slice(0, 10)} on ${machine()}, Debian's nats-server 2.9.10, lease TTL ${TTL_SEC} s. Everything (broker, 3 pollers, sandboxes, 200 viewers) shares the same two cores.`,
    '',
    '| benchmark | what | target | measured | met |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n')
  writeFileSync(file, text)
  return file
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await teamBenches()
  for (const r of results)
    process.stdout.write(`${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.measured} (target ${r.target})\n`)
  if (results.length > 0)
    process.stdout.write(`written ${writeTeamSection(join(import.meta.dirname, '..'), results)}\n`)
  process.exit(0)
}
