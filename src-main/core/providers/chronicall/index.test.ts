import { afterEach, describe, expect, it } from 'vitest'
import { validateConnection } from '../../../../src-shared/config'
import { liveValueAt, type ProviderSnapshot } from '../../../../src-shared/model'
import type { HttpClient, HttpRequest, SocketConnector } from '../../ports'
import { FetchHttpClient } from '../../runtime/fetch-http-client'
import { memoryLogger } from '../../runtime/logger'
import { WsSocketConnector } from '../../runtime/ws-socket-connector'
import type { PollResult, ProviderAdapter } from '../types'
import {
  createChronicallAdapter,
  IDS_PER_REQUEST,
  METRIC_LIST_TTL_MS,
  PUSH_RETRY_MS,
  pushUrl,
  REJECTED_RECHECK_MS,
  WARMUP_POLL_MS,
} from './index'
import {
  CHRONICALL_SANDBOX_METRICS as M,
  startChronicallSandbox,
  type ChronicallSandboxOptions,
  type ChronicallSandboxServer,
} from './sandbox'
import { fakeSim, manualClock, T0, type ManualClock } from './test-sim'

const SECRET = 'svc-key-Zq81'
const notUsed: SocketConnector = { open: async () => ({ ok: false, status: null, detail: 'not used' }) }
const running: ChronicallSandboxServer[] = []
const adapters: ProviderAdapter[] = []

afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.dispose?.()))
  await Promise.all(running.splice(0).map((s) => s.close()))
})

function recording(inner: HttpClient): HttpClient & { urls: string[] } {
  const urls: string[] = []
  return {
    urls,
    request: (req: HttpRequest) => {
      urls.push(req.url)
      return inner.request(req)
    },
  }
}

function configFor(baseUrl: string, options: Record<string, unknown> = {}) {
  const v = validateConnection({ id: 'cc', provider: 'chronicall', baseUrl, options })
  if (!v.ok) throw new Error(JSON.stringify(v.issues))
  return v.connection
}

async function setup(
  o: {
    options?: Record<string, unknown>
    secret?: string | null
    sockets?: SocketConnector
    sandbox?: Partial<ChronicallSandboxOptions>
    http?: HttpClient
    clock?: ManualClock
  } = {},
) {
  const clock = o.clock ?? manualClock()
  const { sim, state } = fakeSim()
  const server = await startChronicallSandbox({
    sim,
    clock,
    username: 'unused',
    secret: SECRET,
    ...o.sandbox,
  })
  running.push(server)
  const http = recording(o.http ?? new FetchHttpClient())
  const log = memoryLogger()
  const adapter = createChronicallAdapter({
    config: configFor(server.origin, o.options),
    secret: o.secret === undefined ? SECRET : o.secret,
    http,
    clock,
    log,
    sockets: o.sockets ?? notUsed,
  })
  adapters.push(adapter)
  const poll = (signal = new AbortController().signal) => adapter.poll(signal)
  const valueUrls = () => http.urls.filter((u) => u.includes('/metrics/values'))
  return { server, clock, state, http, log, adapter, poll, valueUrls }
}

function snap(r: PollResult): ProviderSnapshot & { pollAgainInMs: number | undefined } {
  if (!r.ok) throw new Error(`poll failed: ${r.failure.code} ${r.failure.detail}`)
  return { ...r.snapshot, pollAgainInMs: r.pollAgainInMs }
}

function fail(r: PollResult) {
  if (r.ok) throw new Error(`expected a failure, got health ${r.snapshot.health}`)
  return r.failure
}

const idsOf = (url: string) => decodeURIComponent(new URL(url).searchParams.get('id') ?? '').split(',')

describe('Chronicall adapter against the sandbox', () => {
  it('waits through 206, then delivers agents, queues and every value as a metric with live durations', async () => {
    const t = await setup()
    const warming = snap(await t.poll())
    expect(warming.health).toBe('warming_up')
    expect(warming.pollAgainInMs).toBe(WARMUP_POLL_MS)
    expect(warming.metrics).toHaveLength(18)
    expect(warming.metrics.every((m) => m.status === 'initializing')).toBe(true)
    expect(warming.agents).toEqual([])

    t.clock.advance(7_000)
    const s = snap(await t.poll())
    expect(s.health).toBe('ok')
    expect(s.pollAgainInMs).toBeUndefined()
    expect(s.connection).toBe('cc')
    expect(s.provider).toBe('chronicall')
    expect(s.asOf).toBe(T0 + 7_000)
    expect(s.warnings).toEqual([])
    expect(
      s.agents.map((a) => [
        a.id,
        a.name,
        a.state,
        a.rawState,
        a.timeInStateSec,
        a.stateSince,
        a.today?.handled ?? null,
      ]),
    ).toEqual([
      ['201', 'Ann Lee', 'available', 'Idle', 37, T0 - 30_000, 4],
      ['202', 'Bob (Night) Roy', 'busy', 'Talking', 102.5, T0 - 95_500, 7],
      ['203', '203', 'not_ready', 'DND', null, null, null],
    ])
    expect(s.queues.map((q) => [q.id, q.name, q.waiting, q.longestWaitSec, q.avgWaitNowSec])).toEqual([
      ['Sales', 'Sales', 3, 42, 20],
      ['Support', 'Support', 0, 0, null],
    ])
    expect(s.metrics).toHaveLength(18)
    expect(s.metrics.filter((m) => m.status === 'no_data').map((m) => m.key)).toEqual([
      `${M.agentTimeInState.metricId}|203(203)`,
      `${M.agentHandled.metricId}|203(203)`,
      `${M.groupAverageWait.metricId}|Support`,
    ])
    const ann = s.metrics.find((m) => m.key === `${M.agentTimeInState.metricId}|Ann Lee(201)`)
    expect(ann).toMatchObject({ name: 'Time in State', kind: 'duration', status: 'ok', value: 37 })
    expect(ann?.category).toEqual({ type: 'AGENT', value: 'Ann Lee(201)' })
    if (!ann?.live) throw new Error('live expected')
    // Ticks between polls: the renderer's formula gives the true time in state at any later instant.
    expect(liveValueAt(ann.live, T0 + 7_000)).toBeCloseTo(37, 9)
    expect(liveValueAt(ann.live, T0 + 19_000)).toBeCloseTo(49, 9)
    const avg = s.metrics.find((m) => m.key === `${M.groupAverageWait.metricId}|Sales`)
    expect(avg?.live?.divisor).toBe(3)
    if (!avg?.live) throw new Error('live expected')
    expect(liveValueAt(avg.live, T0 + 10_000)).toBeCloseTo(23, 9)
    // One metric list, one values request per cycle (7 ids fit one request).
    expect(t.http.urls.filter((u) => u.endsWith('/rest/api/v1/realtime/metrics'))).toHaveLength(1)
    expect(t.valueUrls()).toHaveLength(2)
    expect(idsOf(t.valueUrls()[1] as string)).toHaveLength(7)
  })

  it('corrects for a server clock that runs ahead, in another time zone', async () => {
    const t = await setup({ sandbox: { clockSkewMs: 120_000, utcOffsetMinutes: 330 } })
    await t.poll()
    t.clock.advance(7_000)
    const s = snap(await t.poll())
    // asOf is our clock at arrival, whatever the server's clock says; durations are right as of asOf ...
    expect(s.asOf).toBe(T0 + 7_000)
    const ann = s.agents.find((a) => a.id === '201')
    expect(ann?.timeInStateSec).toBe(37)
    // ... and live.sinceMs is in our clock's terms, so ticking with our clock gives the true value.
    const m = s.metrics.find((x) => x.key === `${M.agentTimeInState.metricId}|Ann Lee(201)`)
    if (!m?.live) throw new Error('live expected')
    expect(liveValueAt(m.live, T0 + 7_000)).toBeCloseTo(37, 9)
    expect(m.updatedAt).toBe(T0 + 120_000)
  })

  it('honours roles and the state mapping from the options', async () => {
    const t = await setup({
      options: {
        roles: { [M.groupWaiting.metricId]: 'metric' },
        stateMap: { talking: 'offered', dnd: 'offline_work' },
      },
    })
    await t.poll()
    const s = snap(await t.poll())
    expect(s.agents.map((a) => a.state)).toEqual(['available', 'offered', 'offline_work'])
    expect(s.queues.find((q) => q.id === 'Sales')?.waiting).toBeNull()
    expect(s.metrics.find((m) => m.key === `${M.groupWaiting.metricId}|Sales`)?.value).toBe(3)
  })

  it('polls only options.metricIds when set', async () => {
    const t = await setup({ options: { metricIds: [M.agentState.metricId] } })
    await t.poll()
    const s = snap(await t.poll())
    expect(idsOf(t.valueUrls()[1] as string)).toEqual([M.agentState.metricId])
    expect(s.metrics).toHaveLength(3)
    expect(s.queues).toEqual([])
  })

  it('a new agent initializes on its own: partial, polled again soon, then ok', async () => {
    const t = await setup()
    await t.poll()
    expect(snap(await t.poll()).health).toBe('ok')
    t.state.agents.push({ ...(t.state.agents[0] as (typeof t.state.agents)[number]), id: '204', name: 'Dee' })
    const partial = snap(await t.poll())
    expect(partial.health).toBe('partial')
    expect(partial.pollAgainInMs).toBe(WARMUP_POLL_MS)
    expect(partial.metrics.filter((m) => m.status === 'initializing').map((m) => m.key)).toEqual([
      `${M.agentState.metricId}|Dee(204)`,
      `${M.agentTimeInState.metricId}|Dee(204)`,
      `${M.agentAvailable.metricId}|Dee(204)`,
      `${M.agentHandled.metricId}|Dee(204)`,
    ])
    expect(partial.agents.map((a) => a.id)).toEqual(['201', '202', '203'])
    const ok = snap(await t.poll())
    expect(ok.health).toBe('ok')
    expect(ok.agents.map((a) => a.id)).toEqual(['201', '202', '203', '204'])
  })

  it('after eviction the values warm up again', async () => {
    const t = await setup({ sandbox: { evictAfterMs: 60_000 } })
    await t.poll()
    expect(snap(await t.poll()).health).toBe('ok')
    t.clock.advance(61_000)
    expect(snap(await t.poll()).health).toBe('warming_up')
    expect(snap(await t.poll()).health).toBe('ok')
  })

  it('a wrong key is an auth failure; no key fails without a request', async () => {
    const wrong = await setup({ secret: 'not-the-key' })
    const f = fail(await wrong.poll())
    expect(f.code).toBe('auth')
    expect(f.status).toBe(401)
    expect(f.detail).not.toContain('not-the-key')
    const none = await setup({ secret: null })
    expect(fail(await none.poll()).code).toBe('auth')
    expect(none.http.urls).toEqual([])
  })

  it('a 401 on the values request is an auth failure too', async () => {
    const t = await setup()
    await t.poll()
    const http = new FetchHttpClient()
    const forged = recording({
      request: (req) => http.request({ ...req, headers: { ...req.headers, authorization: 'Bearer nope' } }),
    })
    const other = createChronicallAdapter({
      config: configFor(t.server.origin),
      secret: SECRET,
      http: {
        request: (req) => (req.url.includes('/values') ? forged.request(req) : http.request(req)),
      },
      clock: t.clock,
      log: memoryLogger(),
      sockets: notUsed,
    })
    expect(fail(await other.poll(new AbortController().signal)).code).toBe('auth')
  })

  it('one unassigned id (403) is isolated, reported by id, skipped, re-checked, and recovers', async () => {
    const t = await setup({ sandbox: { forbiddenIds: [M.agentHandled.metricId] } })
    const first = snap(await t.poll())
    expect(first.health).toBe('warming_up')
    const warning = `metric ${M.agentHandled.metricId} ("Calls Handled Today"): HTTP 403, not assigned to this service user (The requested metrics are not assigned to the authenticated user.); not polled, checked again every 5 min`
    expect(first.warnings).toEqual([warning])
    const s = snap(await t.poll())
    expect(s.health).toBe('ok')
    expect(s.warnings).toEqual([warning])
    expect(s.agents).toHaveLength(3)
    expect(s.agents[0]?.today).toBeNull()
    expect(s.metrics).toHaveLength(15)
    // The refused id is no longer part of any request.
    const lastValues = t.valueUrls().at(-1) as string
    expect(idsOf(lastValues)).toHaveLength(6)
    expect(idsOf(lastValues)).not.toContain(M.agentHandled.metricId)
    expect(
      t.log.lines.some((l) => l.includes('refused a metric id') && l.includes(M.agentHandled.metricId)),
    ).toBe(true)

    // Still refused at the re-check: asked for alone, the others keep flowing.
    t.clock.advance(REJECTED_RECHECK_MS)
    const still = snap(await t.poll())
    expect(still.warnings).toEqual([warning])
    expect(idsOf(t.valueUrls().at(-1) as string)).toEqual([M.agentHandled.metricId])
    expect(still.agents).toHaveLength(3)

    t.server.setIdFaults({ forbiddenIds: [] })
    const before = t.valueUrls().length
    expect(snap(await t.poll()).warnings).toEqual([warning])
    expect(t.valueUrls().length - before).toBe(1) // not due yet: no re-check
    t.clock.advance(REJECTED_RECHECK_MS)
    const back = snap(await t.poll())
    expect(back.warnings).toEqual([])
    expect(back.health).toBe('partial') // it warms up first
    const done = snap(await t.poll())
    expect(done.health).toBe('ok')
    expect(done.agents.map((a) => a.today?.handled ?? null)).toEqual([4, 7, null])
  })

  it('a configured id that does not exist (404) is reported by id while the others flow', async () => {
    const t = await setup({
      options: { metricIds: [M.agentState.metricId, 'NOPE1', M.groupWaiting.metricId] },
    })
    await t.poll()
    const s = snap(await t.poll())
    expect(s.warnings).toEqual([
      'metric NOPE1: HTTP 404, no such metric (deleted or mistyped id) (The requested metrics do not exist.); not polled, checked again every 5 min',
    ])
    expect(s.agents.map((a) => a.state)).toEqual(['available', 'busy', 'not_ready'])
    expect(s.queues.map((q) => q.waiting)).toEqual([3, 0])
  })

  it('when every configured id is refused the connection fails for good', async () => {
    const t = await setup({ options: { metricIds: ['NOPE1', 'NOPE2'] } })
    const f = fail(await t.poll())
    expect(f.code).toBe('not_found')
    expect(f.terminal).toBe(true)
    expect(f.detail).toContain('NOPE1')
    expect(f.detail).toContain('NOPE2')
    const forbidden = await setup({
      options: { metricIds: ['K9NOTME1'] },
      sandbox: { forbiddenIds: ['K9NOTME1'] },
    })
    expect(fail(await forbidden.poll()).code).toBe('forbidden')
  })

  it('maps sandbox faults and recovers: 500, 429 with Retry-After, malformed body, cancelled', async () => {
    const t = await setup()
    t.server.setFaults({ status: 500, remaining: 1 })
    expect(fail(await t.poll()).code).toBe('unavailable')
    expect(snap(await t.poll()).health).toBe('warming_up')

    t.server.setFaults({ status: 429, retryAfter: '7', remaining: 1 })
    const limited = fail(await t.poll())
    expect(limited.code).toBe('rate_limited')
    expect(limited.retryAfterMs).toBe(7_000)

    t.server.setFaults({ malformed: true, remaining: 1 })
    expect(fail(await t.poll()).code).toBe('bad_response')

    t.server.setFaults({ status: 503, remaining: 1 })
    expect(fail(await t.poll()).code).toBe('unavailable')

    t.server.setFaults({ delayMs: 2_000, remaining: 1 })
    const ctrl = new AbortController()
    const pending = t.poll(ctrl.signal)
    setTimeout(() => ctrl.abort(), 50)
    expect(fail(await pending).code).toBe('timeout')

    const s = snap(await t.poll())
    expect(s.health).toBe('ok')
    expect(s.agents).toHaveLength(3)
  })

  it('re-reads the metric list every few minutes and keeps the old one when that fails', async () => {
    const t = await setup()
    const lists = () => t.http.urls.filter((u) => u.endsWith('/realtime/metrics')).length
    await t.poll()
    await t.poll()
    expect(lists()).toBe(1)
    t.clock.advance(METRIC_LIST_TTL_MS)
    t.server.setFaults({ status: 502, remaining: 1 })
    const s = snap(await t.poll())
    expect(lists()).toBe(2)
    expect(s.metrics.find((m) => m.metricId === M.agentState.metricId)?.name).toBe('Agent State')
    await t.poll()
    expect(lists()).toBe(3)
  })

  it('lists the metrics available to the key for the connection test', async () => {
    const t = await setup({
      options: { roles: { [M.groupWaiting.metricId]: 'metric' } },
      sandbox: { forbiddenIds: ['K9NOTME1'] },
    })
    const extras = await t.adapter.extras?.(new AbortController().signal)
    expect(extras).toHaveLength(1)
    expect(extras?.[0]?.title).toBe('Metrics available to this key')
    expect(extras?.[0]?.items).toEqual([
      'Agent State (id K2ST8QXA, AGENT, type not known yet (initializing), meaning agent_state (suggested))',
      'Time in State (id K08ZIKVN, AGENT, type not known yet (initializing), meaning agent_time_in_state (suggested))',
      'Agent Available (id K13CJXHV, AGENT, type not known yet (initializing), meaning agent_available (suggested))',
      'Calls Handled Today (id K5HNDL7R, AGENT, type not known yet (initializing), meaning agent_handled_today (suggested))',
      'Calls in Queue (id K0FLAEB6, GROUP, type not known yet (initializing), meaning metric)',
      'Longest Wait (id K1RNV2OQ, GROUP, type not known yet (initializing), meaning queue_longest_wait (suggested))',
      'Average Wait (id K4AVGW9T, GROUP, type not known yet (initializing), meaning queue_avg_wait (suggested))',
      'Restricted metric K9NOTME1 (id K9NOTME1, NONE, type not known yet (initializing), meaning metric (suggested), HTTP 403: not assigned to this key)',
    ])
    // Once values have been seen, the types are known.
    await t.poll()
    await t.poll()
    const again = await t.adapter.extras?.(new AbortController().signal)
    expect(again?.[0]?.items[0]).toBe(
      'Agent State (id K2ST8QXA, AGENT, STRING, meaning agent_state (suggested))',
    )
    expect(again?.[0]?.items[4]).toBe('Calls in Queue (id K0FLAEB6, GROUP, COUNT, meaning metric)')
  })

  it('splits a long id list into several requests', async () => {
    const ids = Array.from({ length: 45 }, (_, i) => `M${String(i).padStart(3, '0')}`)
    const http: HttpClient = {
      request: async (req) => {
        const url = new URL(req.url)
        const body = url.pathname.endsWith('/values')
          ? JSON.stringify({
              results: (url.searchParams.get('id') ?? '').split(',').map((id) => ({
                key: { metricId: id },
                value: { type: 'COUNT', lastUpdateTime: '2024-05-14T09:30:00.000-06:00', count: 1 },
              })),
              initializing: [],
            })
          : JSON.stringify(
              ids.map((id) => ({
                metricId: id,
                metricName: `m ${id}`,
                categoryType: 'NONE',
                categorySelection: [],
              })),
            )
        return { ok: true, response: { status: 200, headers: {}, setCookies: [], body, url: req.url } }
      },
    }
    const t = await setup({ http })
    const s = snap(await t.poll())
    expect(s.metrics).toHaveLength(45)
    expect(s.asOf).toBe(T0) // no Date header: receive time
    expect(t.valueUrls().map((u) => idsOf(u).length)).toEqual([IDS_PER_REQUEST, IDS_PER_REQUEST, 5])
  })

  it('no metric enabled for the key is a config failure', async () => {
    const http: HttpClient = {
      request: async (req) => ({
        ok: true,
        response: { status: 200, headers: {}, setCookies: [], body: '[]', url: req.url },
      }),
    }
    const t = await setup({ http })
    const f = fail(await t.poll())
    expect(f.code).toBe('config')
    expect(f.terminal).toBe(true)
  })
})

describe('Chronicall push', () => {
  it('builds the subscription URL with repeated ids and the token, ws or wss by the server scheme', () => {
    expect(pushUrl('http://10.0.0.5:9080', ['A1', 'B 2'], 'k/y')).toBe(
      'ws://10.0.0.5:9080/rest/api/v1/realtime-metric-subscription?id=A1&id=B%202&auth_token=k%2Fy',
    )
    expect(pushUrl('https://cc.example.com', ['A1'], 'k')).toMatch(/^wss:\/\/cc\.example\.com\//)
  })

  it('subscribes over the WebSocket and emits snapshots as values change, never logging the token', async () => {
    const t = await setup({
      options: { push: true },
      sockets: new WsSocketConnector(memoryLogger()),
      sandbox: { pushIntervalMs: 20 },
    })
    const emitted: ProviderSnapshot[] = []
    let notify: (() => void) | null = null
    const stop = t.adapter.watch?.((s) => {
      emitted.push(s)
      notify?.()
    })
    const next = (pred: (s: ProviderSnapshot) => boolean) =>
      new Promise<ProviderSnapshot>((resolve) => {
        const hit = emitted.find(pred)
        if (hit) return resolve(hit)
        notify = () => {
          const h = emitted.find(pred)
          if (h) resolve(h)
        }
      })
    await t.poll()
    await t.poll()
    const first = await next((s) => s.agents.length === 3)
    expect(first.health).toBe('ok')
    expect(first.agents.find((a) => a.id === '201')?.state).toBe('available')
    expect(t.server.pushClients()).toBe(1)

    const ann = t.state.agents[0]
    if (ann) {
      ann.state = 'busy'
      ann.stateSince = T0
    }
    const changed = await next((s) => s.agents.find((a) => a.id === '201')?.state === 'busy')
    expect(changed.agents.find((a) => a.id === '201')?.rawState).toBe('Talking')

    const all = t.log.lines.join('\n')
    expect(all).toContain('push feed open')
    expect(all).toContain('auth_token=redacted')
    expect(all).not.toContain(SECRET)
    stop?.()
    await new Promise<void>((resolve) => setTimeout(resolve, 50))
    expect(t.server.pushClients()).toBe(0)
  })

  it('falls back to polling when the handshake fails, and says so on the connection', async () => {
    const opened: string[] = []
    const sockets: SocketConnector = {
      open: async (url) => {
        opened.push(url)
        return { ok: false, status: 403, detail: `handshake rejected: HTTP 403 for ${url}` }
      },
    }
    const t = await setup({ options: { push: true }, sockets })
    t.adapter.watch?.(() => undefined)
    await t.poll()
    await new Promise<void>((resolve) => setTimeout(resolve, 10))
    expect(opened).toHaveLength(1)
    expect(opened[0]).toContain(`auth_token=${SECRET}`)
    expect(opened[0]).toContain(`id=${M.agentState.metricId}&id=`)
    const s = snap(await t.poll())
    expect(s.health).toBe('ok')
    expect(s.warnings).toEqual([
      'push feed unavailable (HTTP 403 at the WebSocket handshake); polling instead',
    ])
    expect(t.log.lines.join('\n')).not.toContain(SECRET)
    // Not retried at every poll.
    await t.poll()
    expect(opened).toHaveLength(1)
  })

  /** Real-time wait (bounded) for something the push feed does on its own timers. */
  async function eventually(cond: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 400 && !cond(); i++) await new Promise<void>((resolve) => setTimeout(resolve, 5))
    if (!cond()) throw new Error(`timed out waiting until ${what}`)
  }

  async function pushing(options: Record<string, unknown> = {}) {
    const t = await setup({
      options: { push: true, ...options },
      sockets: new WsSocketConnector(memoryLogger()),
      sandbox: { pushIntervalMs: 10 },
    })
    t.adapter.watch?.(() => undefined)
    await t.poll()
    await t.poll()
    await eventually(() => t.server.pushClients() === 1, 'the feed is open')
    return t
  }

  it('caps a pushed message like an HTTP answer: past it the feed closes (1009), is named, and waits before opening again', async () => {
    // 0.01 MB = 10,485 bytes for this connection's answers, and so for its pushed messages.
    const t = await pushing({ maxResponseMB: 0.01 })
    t.server.setPushFaults({ hugeMessageBytes: 200_000 })
    await eventually(() => t.server.pushClients() === 0, 'the feed is closed')
    const during = snap(await t.poll())
    expect(during.health).toBe('ok')
    expect(during.warnings).toContain(
      'push feed closed: it sent a message larger than 0.01 MB (limit for Chronicall); polling instead, the feed is tried again in 1 min',
    )
    t.server.clearFaults()
    // Not at the next poll: the same feed would send the same message again.
    await t.poll()
    expect(t.server.pushClients()).toBe(0)
    t.clock.advance(PUSH_RETRY_MS)
    await t.poll()
    await eventually(() => t.server.pushClients() === 1, 'the feed is open again')
    expect(snap(await t.poll()).warnings.filter((w) => w.includes('push'))).toEqual([])
  })

  it('names a feed that sends unreadable messages, and clears it at the first readable one', async () => {
    const t = await pushing()
    t.server.setPushFaults({ malformed: true })
    // Polls until the warning counts at least three unreadable messages.
    const unreadable = (w: string[]) =>
      Number(/unreadable messages \((\d+), the last: /.exec(w.join('\n'))?.[1] ?? 0)
    let warnings: string[] = []
    for (let i = 0; i < 400 && unreadable(warnings) < 3; i++) {
      warnings = snap(await t.poll()).warnings
      await new Promise<void>((resolve) => setTimeout(resolve, 5))
    }
    expect(unreadable(warnings)).toBeGreaterThanOrEqual(3)
    expect(warnings.find((w) => w.includes('unreadable'))).toMatch(
      /^the push feed sends unreadable messages \(\d+, the last: .+\); their values are ignored, polling carries them$/,
    )
    // Logged once for the whole run of bad messages.
    expect(t.log.lines.filter((l) => l.includes('unreadable chronicall push message'))).toHaveLength(1)
    t.server.clearFaults()
    // A value that changes makes the sandbox push a readable message.
    const ann = t.state.agents[0]
    if (ann) ann.state = 'busy'
    for (let i = 0; i < 400 && unreadable(warnings) > 0; i++) {
      warnings = snap(await t.poll()).warnings
      await new Promise<void>((resolve) => setTimeout(resolve, 5))
    }
    expect(warnings.filter((w) => w.includes('push'))).toEqual([])
  })

  it('names a dropped feed and one refused at the handshake, while polling carries the data', async () => {
    const t = await pushing()
    t.server.setPushFaults({ drop: true })
    await eventually(() => t.server.pushClients() === 0, 'the feed is dropped')
    await eventually(() => t.log.lines.some((l) => l.includes('push feed closed')), 'the close is seen')
    const dropped = snap(await t.poll())
    expect(dropped.health).toBe('ok')
    expect(dropped.warnings).toContain(
      'push feed closed (code 1006, the connection dropped); polling instead',
    )
    // That poll tried the feed again and was refused.
    await eventually(
      () => t.log.lines.some((l) => l.includes('push handshake failed')),
      'the retry is refused',
    )
    expect(snap(await t.poll()).warnings).toContain(
      'push feed unavailable (HTTP 503 at the WebSocket handshake); polling instead',
    )
    t.server.clearFaults()
    t.clock.advance(PUSH_RETRY_MS)
    await t.poll()
    await eventually(() => t.server.pushClients() === 1, 'the feed is open again')
    expect(snap(await t.poll()).warnings.filter((w) => w.includes('push'))).toEqual([])
  })

  it('does nothing when push is off', async () => {
    const opened: string[] = []
    const t = await setup({
      sockets: {
        open: async (url) => {
          opened.push(url)
          return { ok: false, status: null, detail: 'x' }
        },
      },
    })
    const stop = t.adapter.watch?.(() => undefined)
    await t.poll()
    await t.poll()
    stop?.()
    expect(opened).toEqual([])
  })
})
