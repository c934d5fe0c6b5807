/**
 * Polling economy (issue 21, item 5): how many vendor requests each fresh data point costs, per vendor sandbox.
 *
 * Every vendor sandbox (src-main/core/providers/<vendor>/sandbox.ts) is served from one simulated center on loopback
 * and polled by the real engine and adapters, on the real clock, at each vendor's default interval. A sandbox makes
 * new data when it reads the simulator (`sim.at`): on every request for most vendors, once every 10 s for 8x8 (its
 * server cache, docs/vendors/8x8.md §6.1). Each sandbox gets its own view of the simulator that notes those reads,
 * so a snapshot is a fresh data point when its sandbox made new data since the connection's previous snapshot.
 *
 * Reported per vendor and per one-minute window: polls per fresh point (target 1.0 ± 0.1: a poll that gets no newer
 * data is waste) and requests per fresh point (a poll is one or more requests by the vendor's API design: 8x8 asks
 * for agents and queues, giosg pages through rooms and chats).
 *
 *   npx tsx bench/polling.ts        (or `npm run bench -- polling`)
 */
import { pathToFileURL } from 'node:url'
import { validateConfig, validateConnection, type ConnectionConfig } from '../src-shared/config'
import type { ProviderSnapshot } from '../src-shared/model'
import { createEngine } from '../src-main/core/engine'
import { FetchHttpClient } from '../src-main/core/runtime/fetch-http-client'
import { memoryLogger } from '../src-main/core/runtime/logger'
import { systemClock, systemRandom } from '../src-main/core/runtime/system-clock'
import { WsSocketConnector } from '../src-main/core/runtime/ws-socket-connector'
import { SANDBOX_FACTORIES } from '../src-main/core/sandbox/registry'
import type { SandboxServer } from '../src-main/core/sandbox/server'
import { calendarFor } from '../src-main/core/simulator/business-clock'
import { createSimulator } from '../src-main/core/simulator/model'
import type { SimulatedContactCenter } from '../src-main/core/simulator/types'
import { MemorySecretStore } from '../src-main/secrets/memory-secret-store'
import { DEMO_OPTIONS, DEMO_SECRET, DEMO_USERNAME, SANDBOX_PATHS } from '../src-main/headless/sandbox-demo'
import { spread, type BenchResult, type Spread } from './report'

/** Sign-in, Bright Pattern's subscription warm-up (two 204 polls), Chronicall's catalogue: not steady state. */
const WARM_UP_MS = 20_000
const WINDOW_MS = 60_000
const WINDOWS = Number(process.env.BENCH_POLLING_WINDOWS ?? 4)

interface Watched {
  provider: string
  id: string
  pollSeconds: number
  server: SandboxServer
  /** When the sandbox read the simulator: new data for this connection. */
  made: number[]
  /** When a snapshot of this connection reached the engine's listeners, and whether it was fresh. */
  snapshots: { at: number; fresh: boolean }[]
}

export interface PollingWindow {
  polls: number
  fresh: number
  requests: number
}

/** Polls and requests over fresh points in one window (NaN when nothing fresh arrived in it). */
export function economy(w: PollingWindow): { pollsPerFresh: number; requestsPerFresh: number } {
  return { pollsPerFresh: w.polls / w.fresh, requestsPerFresh: w.requests / w.fresh }
}

async function measure(): Promise<Watched[]> {
  const calendar = calendarFor({ startTime: '10:00' }, systemClock.now())
  if (typeof calendar === 'string') throw new Error(calendar)
  const sim = createSimulator({ seed: 42, agents: 40, incidents: true, calendar })
  const watched: Watched[] = []
  const secrets = new MemorySecretStore()
  const connections: ConnectionConfig[] = []
  for (const [provider, factory] of Object.entries(SANDBOX_FACTORIES)) {
    if (!factory) continue
    const made: number[] = []
    const view: SimulatedContactCenter = {
      at: (t) => {
        made.push(systemClock.now())
        return sim.at(t)
      },
    }
    const server = await factory({
      sim: view,
      clock: systemClock,
      username: DEMO_USERNAME,
      secret: DEMO_SECRET,
    })
    const r = validateConnection({
      id: `bench-${provider}`,
      label: provider,
      provider,
      baseUrl: server.origin + (SANDBOX_PATHS[provider] ?? ''),
      username: DEMO_USERNAME,
      options: DEMO_OPTIONS[provider] ?? {},
    })
    if (!r.ok) throw new Error(`${provider}: the bench connection does not validate`)
    connections.push(r.connection)
    await secrets.set(r.connection.id, DEMO_SECRET)
    watched.push({
      provider,
      id: r.connection.id,
      pollSeconds: r.connection.pollSeconds,
      server,
      made,
      snapshots: [],
    })
  }
  const config = validateConfig({ connections: [] })
  if (!config.ok) throw new Error('empty config does not validate')
  const log = memoryLogger()
  const engine = createEngine({
    clock: systemClock,
    random: systemRandom,
    http: new FetchHttpClient('Floorwalker/bench (polling economy)', { env: {} }),
    sockets: new WsSocketConnector(log),
    secrets,
    log,
  })
  const byId = new Map(watched.map((w) => [w.id, w]))
  const lastAt = new Map<string, number>()
  engine.onEvent((e) => {
    if (e.type !== 'snapshot') return
    const s: ProviderSnapshot = e.snapshot
    const w = byId.get(s.connection)
    if (!w) return
    const now = systemClock.now()
    const since = lastAt.get(w.id) ?? -Infinity
    lastAt.set(w.id, now)
    w.snapshots.push({ at: now, fresh: w.made.some((t) => t > since && t <= now) })
  })
  engine.setConfig({ ...config.config, connections })
  engine.start()
  await new Promise((r) => setTimeout(r, WARM_UP_MS + WINDOWS * WINDOW_MS))
  await engine.dispose()
  await Promise.all(watched.map((w) => w.server.close()))
  return watched
}

export async function benchPolling(): Promise<BenchResult> {
  const began = systemClock.now()
  const watched = await measure()
  const from = began + WARM_UP_MS
  const parts: string[] = []
  let worst = 0
  /** Each vendor's median polls per fresh point: the ratio to the floor of one. */
  const medians: string[] = []
  for (const w of watched) {
    const windows: PollingWindow[] = []
    for (let i = 0; i < WINDOWS; i++) {
      const a = from + i * WINDOW_MS
      const b = a + WINDOW_MS
      const snaps = w.snapshots.filter((s) => s.at >= a && s.at < b)
      windows.push({
        polls: snaps.length,
        fresh: snaps.filter((s) => s.fresh).length,
        requests: w.server.requests.filter((r) => r.at >= a && r.at < b).length,
      })
    }
    const usable = windows.filter((x) => x.fresh > 0)
    if (usable.length === 0) {
      parts.push(`${w.provider}: no fresh data point in ${WINDOWS} min`)
      worst = Infinity
      continue
    }
    const polls: Spread = spread(usable.map((x) => economy(x).pollsPerFresh))
    const reqs: Spread = spread(usable.map((x) => economy(x).requestsPerFresh))
    const total = usable.reduce(
      (t, x) => ({ polls: t.polls + x.polls, fresh: t.fresh + x.fresh, requests: t.requests + x.requests }),
      { polls: 0, fresh: 0, requests: 0 },
    )
    worst = Math.max(worst, Math.abs(polls.p95 - 1), Math.abs(polls.min - 1))
    medians.push(`${w.provider} ×${polls.median.toFixed(2)}`)
    const f = (v: number) => v.toFixed(2)
    // What one poll asks for, where it is more than one request (ids folded: /rooms/:id/chats).
    const paths = new Map<string, number>()
    for (const r of w.server.requests.filter((x) => x.at >= from)) {
      const p = r.path.replace(/\/[0-9a-f-]{6,}|\/\d+/gi, '/:id')
      paths.set(p, (paths.get(p) ?? 0) + 1)
    }
    const polled = w.snapshots.filter((s) => s.at >= from).length
    const perPoll =
      reqs.median > polls.median + 0.1 && polled > 0
        ? `; a poll asks ${[...paths.entries()]
            .sort((a, b) => b[1] - a[1])
            .map(([p, n]) => `${p} ×${(n / polled).toFixed(1)}`)
            .join(', ')}`
        : ''
    parts.push(
      `${w.provider} (every ${w.pollSeconds} s): polls per fresh point min ${f(polls.min)} / median ${f(polls.median)} / p95 ${f(polls.p95)}, ` +
        `requests per fresh point min ${f(reqs.min)} / median ${f(reqs.median)} / p95 ${f(reqs.p95)} ` +
        `(${total.requests} requests, ${total.polls} polls, ${total.fresh} fresh${perPoll})`,
    )
  }
  return {
    name: 'polling economy',
    what:
      `each vendor sandbox served from one simulated center (40 agents) on loopback, polled by the real engine and adapters at the default interval, real clock; ` +
      `${WINDOWS} one-minute windows after a ${WARM_UP_MS / 1000} s warm-up; a snapshot is fresh when its sandbox made new data since the previous one (8x8: its 10 s server cache)`,
    target: 'polls per fresh data point 1.0 ± 0.1 on each sandbox; requests per fresh point reported',
    measured: parts.join('; '),
    floor: 'one poll per fresh data point (1.0)',
    ratio: `polls per fresh point, median: ${medians.join(', ')}`,
    pass: worst <= 0.1,
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchPolling()
  process.stdout.write(`${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.measured} (target ${r.target})\n`)
}
