/**
 * Every vendor fault against every vendor (docs/RELIABILITY.md "Every fault × every vendor"): the real adapters,
 * vendor guard, engine and pollers over real loopback HTTP (and Chronicall's push WebSocket) to the five vendor
 * sandboxes, time on a FakeClock so backoffs, Retry-After and the cycle timeout cost no wall time. For each fault:
 * the engine survives, the status names the fault while it lasts, the connection is fresh again within one poll
 * interval of the vendor behaving again (after any wait the fault itself imposes by design), and the connection
 * holds no more rows or history series than before the fault. Recovery times and heap figures are printed as the
 * table in docs/RELIABILITY.md, never asserted against a wall clock.
 */
import { runInNewContext } from 'node:vm'
import { setFlagsFromString } from 'node:v8'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateConfig, type Config } from '../../../src-shared/config'
import type { ConnectionStatus } from '../../../src-shared/live'
import type { FailureCode } from '../../../src-shared/model'
import { DEMO_OPTIONS, DEMO_SECRET, DEMO_USERNAME, SANDBOX_PATHS } from '../../headless/sandbox-demo'
import { headlessSockets } from '../../headless/compose'
import { FetchHttpClient } from '../runtime/fetch-http-client'
import { memoryLogger } from '../runtime/logger'
import { SANDBOX_FACTORIES } from '../sandbox/registry'
import type { SandboxFaults, SandboxServer } from '../sandbox/server'
import { PUSH_RETRY_MS } from '../providers/chronicall'
import type { ChronicallSandboxServer, PushFaults } from '../providers/chronicall/sandbox'
import { calendarFor } from '../simulator/business-clock'
import { createSimulator } from '../simulator/model'
import { FakeClock } from '../testing/fake-clock'
import { SLOW_RETRY_MS } from './backoff'
import { MAX_SERIES_PER_CONNECTION } from './history'
import { cycleTimeoutMs } from './poller'
import { limitsOf } from './vendor-guard'
import { createEngine, type Engine } from '.'

const VENDORS = ['giosg', 'brightpattern', 'thulium', '8x8', 'chronicall'] as const
type Vendor = (typeof VENDORS)[number]
/** A 1 MB answer cap per connection, so the size faults cost 2 MB (the bomb 1 MB read), not the default 8–16 MB. */
const CAP_MB = 1
const RETRY_AFTER_S = 120

interface Fault {
  name: string
  /** The sandbox switch, as docs/RELIABILITY.md names it. */
  sandbox: string
  /** The vendors it applies to (push faults: Chronicall only); all when absent. */
  vendors?: readonly Vendor[]
  /**
   * What the sandbox does while the fault lasts (given the server), HTTP switches or Chronicall's push feed ones;
   * null = the sandbox is down (offline).
   */
  faults:
    | Partial<SandboxFaults>
    | ((server: SandboxServer) => Partial<SandboxFaults>)
    | { push: Partial<PushFaults> }
    | null
  /** The state the status must show while the fault lasts. */
  state: ConnectionStatus['state']
  /** The failure code(s) a failure must carry while it lasts; null = no failure (a warning instead: skew). */
  code: FailureCode[] | null
  /** The status must name the fault: the failure's detail, or the status's warnings when code is null. */
  names: RegExp
  /**
   * Where the engine's next ask after the vendor behaves shows: the sandbox's HTTP request log (default), the push
   * feed's handshakes, or nowhere (the feed stayed open: the vendor's next message is the recovery).
   */
  asks?: 'http' | 'push' | 'none'
  /** What else the status shows while it lasts (clock skew: `clockSkewSec`). */
  during?: (s: ConnectionStatus) => boolean
  /**
   * How long recovery may take by design beyond one poll interval, given the interval: Retry-After, the slow retry
   * after a refused login, or the cycle timeout a poll sent while the vendor was slow still waits out.
   */
  extraMs: number | ((intervalMs: number) => number)
}

const FAULTS: Fault[] = [
  {
    name: 'timeout (hang)',
    sandbox: 'delayMs: 600000',
    faults: { delayMs: 600_000 },
    state: 'unreachable',
    code: ['timeout'],
    names: /no complete answer within \d+ s/,
    extraMs: cycleTimeoutMs,
  },
  {
    name: '5xx',
    sandbox: 'status: 503',
    faults: { status: 503 },
    state: 'unreachable',
    code: ['unavailable'],
    names: /HTTP 503/,
    extraMs: 0,
  },
  {
    name: '429 + Retry-After',
    sandbox: `status: 429, retryAfter: ${RETRY_AFTER_S}`,
    faults: { status: 429, retryAfter: String(RETRY_AFTER_S) },
    state: 'rate_limited',
    code: ['rate_limited'],
    names: /HTTP 429/,
    extraMs: RETRY_AFTER_S * 1000,
  },
  {
    name: 'auth failure (401 mid-run)',
    sandbox: 'status: 401',
    faults: { status: 401 },
    state: 'auth_failed',
    code: ['auth'],
    names: /HTTP 401/,
    extraMs: SLOW_RETRY_MS,
  },
  {
    name: 'connection reset',
    sandbox: 'reset',
    faults: { reset: true },
    state: 'unreachable',
    code: ['network'],
    names: /the connection was cut before the answer was complete/,
    extraMs: 0,
  },
  {
    name: 'malformed body',
    sandbox: 'malformed',
    faults: { malformed: true },
    state: 'error',
    code: ['bad_response'],
    names: /JSON|XML|parse|unexpected|unreadable|not a|expected/i,
    extraMs: 0,
  },
  {
    name: 'truncated body',
    sandbox: 'truncated',
    faults: { truncated: true },
    state: 'unreachable',
    code: ['network'],
    names: /the connection was cut before the answer was complete/,
    extraMs: 0,
  },
  {
    name: 'oversized body (2 MB, cap 1 MB)',
    sandbox: 'hugeBodyBytes: 2 MB',
    faults: { hugeBodyBytes: 2 * 1024 * 1024 },
    state: 'error',
    code: ['bad_response'],
    names: /larger than 1 MB \(limit for /,
    extraMs: 0,
  },
  {
    name: 'gzip bomb (64 MB inflated, cap 1 MB)',
    sandbox: 'gzipBombBytes: 64 MB',
    faults: { gzipBombBytes: 64 * 1024 * 1024 },
    state: 'error',
    code: ['bad_response'],
    names: /larger than 1 MB \(limit for /,
    extraMs: 0,
  },
  {
    name: 'wrong content type (HTML page)',
    sandbox: 'htmlPage',
    faults: { htmlPage: true },
    state: 'error',
    code: ['bad_response'],
    names: /not JSON|<html>/,
    extraMs: 0,
  },
  {
    name: 'empty answer',
    sandbox: 'empty',
    faults: { empty: true },
    state: 'error',
    code: ['bad_response'],
    names: /empty|not JSON|end of JSON input/,
    extraMs: 0,
  },
  {
    name: 'clock skew (2 h ahead)',
    sandbox: 'dateOffsetMs: 7200000',
    faults: { dateOffsetMs: 7_200_000 },
    state: 'ok',
    code: null,
    names: /the vendor's clock is 2 h ahead of this computer's/,
    during: (s) => (s.clockSkewSec ?? 0) > 7000,
    extraMs: 0,
  },
  {
    name: 'redirect loop',
    sandbox: 'redirectLoop',
    faults: { redirectLoop: true },
    state: 'error',
    code: ['bad_response'],
    names: /redirect loop/,
    extraMs: 0,
  },
  {
    name: 'redirect off-host',
    sandbox: 'redirectTo: http://localhost:<same port>',
    // The same server under another name: the data there would parse, and must still not be taken.
    faults: (server) => ({ redirectTo: `http://localhost:${server.port}` }),
    state: 'error',
    code: ['bad_response'],
    names: /localhost/,
    extraMs: 0,
  },
  {
    name: 'offline (server down)',
    sandbox: 'server closed, back on the same port',
    faults: null,
    state: 'unreachable',
    code: ['network'],
    names: /could not connect|the connection was cut/,
    // A restarted server has lost every session: Bright Pattern subscribes again and answers "warming up" for a
    // poll or two (docs/vendors/brightpattern.md §5), Chronicall opens its push socket again.
    extraMs: (intervalMs) => 2 * intervalMs,
  },
  // Chronicall's push WebSocket: polling carries the data, so the connection stays `ok` and a warning names the
  // feed's fault; recovered means the feed open again and the warning gone.
  {
    name: 'push feed dropped',
    vendors: ['chronicall'],
    sandbox: 'Chronicall push `drop`: subscribers cut, handshakes refused with 503',
    faults: { push: { drop: true } },
    asks: 'push',
    state: 'ok',
    code: null,
    names:
      /^push feed (closed \(code 1006, the connection dropped\)|unavailable \(HTTP 503 at the WebSocket handshake\)); polling instead$/,
    // A refused handshake is tried again after PUSH_RETRY_MS, at the next poll.
    extraMs: PUSH_RETRY_MS,
  },
  {
    name: 'push message unreadable',
    vendors: ['chronicall'],
    sandbox: 'Chronicall push `malformed`',
    faults: { push: { malformed: true } },
    asks: 'none',
    state: 'ok',
    code: null,
    names: /^the push feed sends unreadable messages \(\d+, the last: /,
    extraMs: 0,
  },
  {
    name: 'push message over the cap (2 MB, cap 1 MB)',
    vendors: ['chronicall'],
    sandbox: 'Chronicall push `hugeMessageBytes`: 2 MB',
    faults: { push: { hugeMessageBytes: 2 * 1024 * 1024 } },
    asks: 'push',
    state: 'ok',
    code: null,
    names: /^push feed closed: it sent a message larger than 1 MB \(limit for Chronicall\)/,
    extraMs: PUSH_RETRY_MS,
  },
]

const clock = new FakeClock(Date.UTC(2026, 11, 2, 10, 0, 0))
const servers = new Map<Vendor, SandboxServer>()
const failures = new Map<Vendor, { code: FailureCode; detail: string; at: number }[]>()
let engine: Engine
let sim: ReturnType<typeof createSimulator>
/** Per fault and vendor: fake-clock ms from the vendor behaving again to fresh (null: never), and what it showed. */
const recovery = new Map<string, Map<Vendor, number | null>>()
const shown = new Map<string, Map<Vendor, string>>()
/** Rows and history series per vendor before any fault, and after each fault's recovery. */
const baseline = new Map<Vendor, ReturnType<typeof footprint>>()
const after = new Map<string, Map<Vendor, ReturnType<typeof footprint>>>()
const heapAfter = new Map<string, number>()
/** Per `fault|vendor`: ms from the vendor behaving again to the engine's first request to it. */
const firstAsk = new Map<string, number | null>()

const id = (v: Vendor) => `fm-${v}`
const status = (v: Vendor): ConnectionStatus => engine.statuses().find((s) => s.id === id(v))!
const configOf = (v: Vendor) => engine.config()!.connections.find((c) => c.id === id(v))!

/** A full collection before reading the heap, so the figure is what is still held (V8's gc, reached from a test). */
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
function heapMB(): number {
  gc()
  return process.memoryUsage().heapUsed / 1024 / 1024
}

/**
 * What a connection holds: rows of agents, queues, chat rooms and metrics (fixed in the simulated center, so never
 * more after a fault than before), chat messages (the simulated day adds some; capped with the rest by the
 * vendor's maxEntities) and history series.
 */
function footprint(v: Vendor): { rows: number; messages: number; series: number } {
  const c = status(v).counts
  const rows = c.agents + c.queues + c.chatRooms + c.metrics
  const series = engine.exportCache().history.filter((h) => h.connection === id(v)).length
  return { rows, messages: c.chatMessages, series }
}

/** Real I/O a moment to happen, then fake time forward: the loop the pollers and sandboxes both run on. */
async function step(ms = 250): Promise<void> {
  await new Promise((r) => setTimeout(r, 3))
  await clock.advance(ms)
}

/** Move fake time until every vendor's condition holds; the fake ms each took, null past `limitMs`. */
async function until(
  check: (v: Vendor) => boolean,
  limitMs: number,
  vendors: readonly Vendor[] = VENDORS,
): Promise<Map<Vendor, number | null>> {
  const start = clock.now()
  const took = new Map<Vendor, number | null>()
  while (took.size < vendors.length && clock.now() - start <= limitMs) {
    for (const v of vendors) if (!took.has(v) && check(v)) took.set(v, clock.now() - start)
    if (took.size < vendors.length) await step()
  }
  for (const v of vendors) if (!took.has(v)) took.set(v, null)
  return took
}

const pushServer = () => servers.get('chronicall') as ChronicallSandboxServer

/** Fresh: `ok`, not stale, data since `since`, no skew; Chronicall's push feed open and no push warning. */
const fresh = (since: number) => (v: Vendor) => {
  const s = status(v)
  const push =
    v !== 'chronicall' ||
    configOf(v).options['push'] !== true ||
    (pushServer().pushClients() === 1 && !s.warnings.some((w) => /push/.test(w)))
  return (
    s.state === 'ok' && !s.stale && (s.lastOkAt ?? 0) >= since && (s.clockSkewSec ?? null) === null && push
  )
}

async function startSandbox(v: Vendor, port?: number): Promise<SandboxServer> {
  const server = await SANDBOX_FACTORIES[v]!({
    sim,
    clock,
    username: DEMO_USERNAME,
    secret: DEMO_SECRET,
    ...(port ? { port } : {}),
  })
  servers.set(v, server)
  return server
}

/**
 * The matrix's connections: each vendor's shortest allowed interval (the config raises 1 s to it), a 1 MB cap, and
 * Chronicall with its push feed or without (its default): HTTP faults are measured on polling, the feed's own
 * faults with the feed on.
 */
function configWith(o: { push: boolean }): Config {
  const r = validateConfig({
    connections: VENDORS.map((v) => ({
      id: id(v),
      provider: v,
      baseUrl: servers.get(v)!.origin + (SANDBOX_PATHS[v] ?? ''),
      username: DEMO_USERNAME,
      pollSeconds: 1,
      options: {
        ...(DEMO_OPTIONS[v] ?? {}),
        maxResponseMB: CAP_MB,
        ...(v === 'chronicall' ? { push: o.push } : {}),
      },
    })),
  })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.config
}

/** Chronicall's push feed on or off, and the connection fresh (with the feed open when on) before going on. */
async function usePush(on: boolean): Promise<void> {
  const now = configOf('chronicall').options['push'] === true
  if (now === on) return
  engine.setConfig(configWith({ push: on }))
  const since = clock.now()
  const ready = await until((v) => fresh(since)(v) && (!on || pushServer().pushClients() === 1), 60_000, [
    'chronicall',
  ])
  expect(ready.get('chronicall'), `Chronicall with push ${on ? 'on' : 'off'}`).not.toBeNull()
}

beforeAll(async () => {
  const calendar = calendarFor({}, clock.now())
  if (typeof calendar === 'string') throw new Error(calendar)
  sim = createSimulator({ seed: 7, agents: 12, incidents: false, calendar })
  for (const v of VENDORS) await startSandbox(v)
  engine = createEngine({
    clock,
    // No jitter: a retry after a failure comes at the connection's own interval (the backoff floor).
    random: () => 0,
    http: new FetchHttpClient('Floorwalker fault matrix'),
    sockets: headlessSockets(memoryLogger()),
    secrets: { get: async () => DEMO_SECRET },
    log: memoryLogger(),
  })
  engine.onEvent((e) => {
    if (e.type !== 'failure') return
    const v = VENDORS.find((x) => id(x) === e.connection)
    if (v) failures.get(v)?.push({ code: e.failure.code, detail: e.failure.detail, at: clock.now() })
  })
  engine.setConfig(configWith({ push: false }))
  engine.start()
  const up = await until(fresh(0), 120_000)
  expect(Object.fromEntries(up)).toEqual(Object.fromEntries(VENDORS.map((v) => [v, expect.any(Number)])))
  // A few more polls, so every vendor's history has each series it will have.
  await until(() => false, 120_000)
  for (const v of VENDORS) baseline.set(v, footprint(v))
  heapAfter.set('(before any fault)', heapMB())
}, 60_000)

afterAll(async () => {
  const intervals = Object.fromEntries(VENDORS.map((v) => [v, status(v)?.pollSeconds]))
  await engine?.dispose()
  await Promise.all([...servers.values()].map((s) => s.close()))
  // The figures for docs/RELIABILITY.md.
  console.log(
    JSON.stringify(
      {
        intervals,
        baseline: Object.fromEntries(baseline),
        rows: FAULTS.map((f) => ({
          fault: f.name,
          recoveryMs: Object.fromEntries(recovery.get(f.name) ?? []),
          firstAskMs: Object.fromEntries(VENDORS.map((v) => [v, firstAsk.get(`${f.name}|${v}`)])),
          shown: Object.fromEntries(shown.get(f.name) ?? []),
          footprint: Object.fromEntries(after.get(f.name) ?? []),
          heapMB: heapAfter.get(f.name),
        })),
        heapBeforeMB: heapAfter.get('(before any fault)'),
      },
      null,
      1,
    ),
  )
})

describe('every vendor fault against every vendor sandbox', () => {
  for (const fault of FAULTS.filter((f) => !process.env.FM_ONLY || f.name.startsWith(process.env.FM_ONLY))) {
    const vendors = fault.vendors ?? VENDORS
    it(`${fault.name}: the status names it while it lasts, fresh within one interval after the vendor behaves, memory back`, async () => {
      const switches = fault.faults
      await usePush(switches !== null && 'push' in switches)
      for (const v of VENDORS) failures.set(v, [])
      const ports = new Map<Vendor, number>()
      if (switches === null) {
        for (const v of vendors) {
          ports.set(v, servers.get(v)!.port)
          await servers.get(v)!.close()
        }
      } else if ('push' in switches) {
        pushServer().setPushFaults(switches.push)
      } else {
        for (const v of vendors) {
          const server = servers.get(v)!
          server.setFaults(typeof switches === 'function' ? switches(server) : switches)
        }
      }

      // During: each vendor shows the fault's state, with a failure of the fault's code whose detail names it (or,
      // for skew and the push feed, a warning naming it). A timeout shows once the cycle timeout passes.
      const named = (v: Vendor): string | null => {
        const s = status(v)
        if (s.state !== fault.state || (fault.during && !fault.during(s))) return null
        if (fault.code === null) return s.warnings.find((x) => fault.names.test(x)) ?? null
        const f = (failures.get(v) ?? []).find(
          (x) => fault.code!.includes(x.code) && fault.names.test(x.detail),
        )
        return f ? `${f.code}: ${f.detail}` : null
      }
      // What each vendor showed when it first named the fault (a vendor may move on while the others catch up).
      const firstNamed = new Map<Vendor, string>()
      const during = await until(
        (v) => {
          const text = named(v)
          if (text !== null) firstNamed.set(v, text)
          return text !== null
        },
        300_000,
        vendors,
      )
      const seen = Object.fromEntries(
        vendors.map((v) => {
          if (during.get(v) !== null) return [v, 'named']
          const s = status(v)
          const fs = (failures.get(v) ?? []).map((x) => `${x.code}: ${x.detail}`)
          return [v, `${s.state}: ${s.detail} | ${s.warnings.join('; ')} | ${fs.slice(-2).join(' / ')}`]
        }),
      )
      shown.set(fault.name, new Map(vendors.map((v) => [v, firstNamed.get(v) ?? '(not named)'])))
      // Healed: the vendor behaves again (the server back on the same port for offline), also when the check below
      // fails, so one vendor's fault never leaks into the next row.
      if (switches === null) for (const v of vendors) await startSandbox(v, ports.get(v))
      else for (const v of vendors) servers.get(v)!.clearFaults()
      expect(seen).toEqual(Object.fromEntries(vendors.map((v) => [v, 'named'])))

      const healedAt = clock.now()
      for (const v of VENDORS) failures.set(v, [])
      const extra = (v: Vendor) => {
        const e = fault.extraMs
        return typeof e === 'number' ? e : e(status(v).pollSeconds * 1000)
      }
      const back = await until(fresh(healedAt), Math.max(...vendors.map(extra)) + 120_000, vendors)
      recovery.set(fault.name, back)
      const late = Object.fromEntries(
        vendors.map((v) => {
          const ms = back.get(v)
          const interval = status(v).pollSeconds * 1000
          // At most one failure after the vendor behaves again: an answer of the faulty vendor already on its way.
          const afterHeal = failures.get(v) ?? []
          const lastFaulty = afterHeal.length === 1 ? afterHeal[0]!.at - healedAt : 0
          // The engine asks again within one interval after the fault's own wait (or after that last faulty answer),
          // and what it asks then makes the connection fresh. The ask is read from the sandbox's log (for the push
          // feed: its handshakes), so the bound does not depend on how fast this machine runs the poll (fake time
          // moves while real I/O happens); 1 s covers the clock's 250 ms steps.
          const log = fault.asks === 'push' ? pushServer().handshakes : servers.get(v)!.requests
          const asked = fault.asks === 'none' ? healedAt : (log.find((r) => r.at >= healedAt)?.at ?? null)
          const askBound = Math.max(extra(v), lastFaulty) + interval + 1000
          firstAsk.set(`${fault.name}|${v}`, asked === null ? null : asked - healedAt)
          const ok = ms !== null && ms !== undefined && asked !== null && asked - healedAt <= askBound
          return [
            v,
            ok && afterHeal.length <= 1
              ? 'fresh'
              : `fresh after ${ms} ms, asked again after ${asked === null ? null : asked - healedAt} ms (bound ${askBound}): ${status(v).state} ${status(v).detail} ${status(v).warnings.join('; ')} after ${afterHeal.map((x) => x.code).join(',')}`,
          ]
        }),
      )
      expect(late).toEqual(Object.fromEntries(vendors.map((v) => [v, 'fresh'])))

      // Memory back: no more rows or history series than before the fault, and within the documented caps.
      const now = new Map(VENDORS.map((v) => [v, footprint(v)]))
      after.set(fault.name, now)
      heapAfter.set(fault.name, heapMB())
      for (const v of VENDORS) {
        const f = now.get(v)!
        expect(f.rows, `${v} rows`).toBeLessThanOrEqual(baseline.get(v)!.rows)
        expect(f.rows + f.messages, `${v} entities`).toBeLessThanOrEqual(limitsOf(configOf(v)).maxEntities)
        expect(f.series, `${v} series`).toBeLessThanOrEqual(
          Math.min(baseline.get(v)!.series, MAX_SERIES_PER_CONNECTION),
        )
      }
    }, 90_000)
  }
})
