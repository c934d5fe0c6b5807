import { afterEach, describe, expect, it } from 'vitest'
import { validateConnection } from '../../../../src-shared/config'
import { blankAgentToday, type Agent, type ProviderSnapshot, type Queue } from '../../../../src-shared/model'
import type { HttpClient, HttpRequest, SocketConnector } from '../../ports'
import { FetchHttpClient } from '../../runtime/fetch-http-client'
import { memoryLogger } from '../../runtime/logger'
import { PROVIDER_FACTORIES } from '../registry'
import type { PollResult, ProviderAdapter, ProviderFailure } from '../types'
import { createEightByEightAdapter, MIN_FETCH_INTERVAL_MS } from './index'
import { startEightByEightSandbox, type EightByEightQuirks, type EightByEightSandbox } from './sandbox'
import { manualClock, START, stateAt, testCenter, type ManualClock } from './test-center'

const TENANT = 'acme'
const TOKEN = 'ac12343934687a839cf'
const noSockets: SocketConnector = {
  open: () => Promise.resolve({ ok: false, status: null, detail: 'not used' }),
}

let server: EightByEightSandbox | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

interface Setup {
  format?: 'json' | 'xml'
  secret?: string | null
  basePath?: string
  shape?: 'full' | 'one' | 'empty'
  quirks?: Partial<EightByEightQuirks>
  http?: (real: HttpClient) => HttpClient
}

async function setup(o: Setup = {}) {
  const clock: ManualClock = manualClock()
  server = await startEightByEightSandbox(
    { sim: testCenter(o.shape), clock, username: TENANT, secret: TOKEN },
    o.quirks ? { quirks: o.quirks } : {},
  )
  const conn = validateConnection({
    id: 'eu-voice',
    provider: '8x8',
    baseUrl: `${server.origin}${o.basePath ?? '/api/rtstats'}`,
    username: TENANT,
    pollSeconds: 3,
    options: o.format ? { format: o.format } : {},
  })
  if (!conn.ok) throw new Error(JSON.stringify(conn.issues))
  const log = memoryLogger()
  const real = new FetchHttpClient()
  const adapter = createEightByEightAdapter({
    config: conn.connection,
    secret: o.secret === undefined ? TOKEN : o.secret,
    http: o.http ? o.http(real) : real,
    clock,
    log,
    sockets: noSockets,
  })
  const poll = () => adapter.poll(new AbortController().signal)
  return { clock, server, adapter, poll, log, config: conn.connection }
}

function snapshotOf(r: PollResult): ProviderSnapshot {
  if (!r.ok) throw new Error(`expected a snapshot, got ${r.failure.code}: ${r.failure.detail}`)
  return r.snapshot
}

function failureOf(r: PollResult): ProviderFailure {
  if (r.ok) throw new Error('expected a failure, got a snapshot')
  return r.failure
}

const withoutRaw = <T extends { raw: unknown }>(items: T[]) => items.map((i) => ({ ...i, raw: null }))
const paths = (s: EightByEightSandbox) => s.requests.map((r) => `${r.status} ${r.path}`)

describe('8x8 adapter: a whole cycle against the sandbox', () => {
  it('is registered under its provider id, and the descriptor raises pollSeconds to 10', async () => {
    const { config } = await setup()
    expect(PROVIDER_FACTORIES['8x8']).toBe(createEightByEightAdapter)
    expect(config.pollSeconds).toBe(10)
    expect(config.requestedPollSeconds).toBe(3)
    expect(config.options).toEqual({ format: 'json' })
  })

  it('polls agents.json and queues.json into one snapshot with the right states, times, counters and nulls', async () => {
    const { poll, server: s } = await setup()
    const snap = snapshotOf(await poll())
    expect(paths(s)).toEqual(['200 /api/rtstats/stats/agents.json', '200 /api/rtstats/stats/queues.json'])
    expect(snap).toMatchObject({
      connection: 'eu-voice',
      provider: '8x8',
      asOf: START,
      health: 'ok',
      chatRooms: [],
      chatMessages: [],
      metrics: [],
      warnings: [],
    })
    const sim = stateAt(START)
    // What 8x8 carries survives the trip; what it does not carry is null / empty.
    const expectedAgents: Agent[] = sim.agents.map((a) => ({
      ...a,
      rawState:
        { available: '0', not_ready: '4', busy: '2', logged_out: '9', offline_work: '5' }[
          a.state as string
        ] ?? null,
      stateSince: a.timeInStateSec === null ? null : START - a.timeInStateSec * 1000,
      stateReason: a.stateReason,
      // Hold comes back from the phone lines (none in use when logged out), the contact time from a busy agent.
      onHold: a.state === 'logged_out' ? null : a.onHold === true,
      contactSec: a.state === 'busy' ? a.timeInStateSec : null,
      contactSince: a.state === 'busy' && a.timeInStateSec !== null ? START - a.timeInStateSec * 1000 : null,
      queueIds: [],
      today:
        a.today === null
          ? blankAgentToday()
          : {
              ...a.today,
              // day-processing-time: the day's talk time where the center has it, else handled × average.
              talkSec:
                a.today.talkSec ??
                (a.today.handled === null || a.today.avgHandleSec === null
                  ? null
                  : a.today.handled * a.today.avgHandleSec),
            },
      raw: null,
    }))
    expect(withoutRaw(snap.agents)).toEqual(expectedAgents)
    const expectedQueues: Queue[] = sim.queues.map((q) => ({
      ...q,
      // 8x8 has no "average wait now"; an unknown queue media is sent as phone.
      avgWaitNowSec: null,
      media: q.media ?? 'voice',
      today: q.today ?? {
        received: null,
        answered: null,
        abandoned: null,
        avgWaitSec: null,
        avgHandleSec: null,
        serviceLevelPct: null,
      },
      last30m: q.last30m ?? {
        queued: null,
        answered: null,
        abandoned: null,
        avgWaitSec: null,
        longestWaitSec: null,
        serviceLevelPct: null,
      },
      raw: null,
    }))
    expect(withoutRaw(snap.queues)).toEqual(expectedQueues)
    expect(snap.agents[1]?.raw).toMatchObject({ 'agent-id': 'clee', 'status-code-item-short-code': 'LUNCH' })
    expect(snap.queues[0]?.raw).toMatchObject({ 'queue-type': '', 'agent-count-onBreak': 1 })
  })

  it('polls the XML resources (no suffix) to the same snapshot', async () => {
    const json = await setup()
    const fromJson = snapshotOf(await json.poll())
    await json.server.close()
    const xml = await setup({ format: 'xml' })
    const fromXml = snapshotOf(await xml.poll())
    expect(paths(xml.server)).toEqual(['200 /api/rtstats/stats/agents', '200 /api/rtstats/stats/queues'])
    expect(withoutRaw(fromXml.agents)).toEqual(withoutRaw(fromJson.agents))
    expect(withoutRaw(fromXml.queues)).toEqual(withoutRaw(fromJson.queues))
    expect(fromXml.agents[0]?.raw).toMatchObject({ 'agent-status': '0', 'group-id': '101' })
  })

  it('accepts a base URL that already ends in /stats, as the vendor document lists them', async () => {
    const { poll, server: s } = await setup({ basePath: '/api/rtstats/stats' })
    snapshotOf(await poll())
    expect(paths(s)[0]).toBe('200 /api/rtstats/stats/agents.json')
  })

  it.each<[string, Partial<EightByEightQuirks>, 'json' | 'xml']>([
    ['mismatched closing tags', { mismatchedTags: true }, 'xml'],
    ['all-day- names', { allDayNames: true }, 'json'],
    ['all-day- names in XML', { allDayNames: true, mismatchedTags: true }, 'xml'],
    ['the field-table spelling day-avg-processing-time', { avgProcessingSpelling: true }, 'json'],
    ['day-offered-count', { offeredCountSpelling: true }, 'xml'],
    ['numbers as strings', { numbersAsStrings: true }, 'json'],
  ])('reads %s to the same entities', async (_label, quirks, format) => {
    const plain = await setup({ format })
    const expected = snapshotOf(await plain.poll())
    await plain.server.close()
    const odd = await setup({ format, quirks })
    const got = snapshotOf(await odd.poll())
    expect(withoutRaw(got.agents)).toEqual(withoutRaw(expected.agents))
    expect(withoutRaw(got.queues)).toEqual(withoutRaw(expected.queues))
  })

  it('warns about the vendor document closing tags but reads them', async () => {
    const { poll } = await setup({ format: 'xml', quirks: { mismatchedTags: true } })
    const snap = snapshotOf(await poll())
    expect(snap.warnings).toEqual([
      'agents XML: 10 closing tags did not match the opening tag (first: <day-avg-handling-time>…</day-avg-processing-time>); read by the opening tag',
      'queues XML: 15 closing tags did not match the opening tag (first: <day-accepted>…</all-day-accepted>); read by the opening tag',
    ])
  })

  it('reads one-element lists sent as objects', async () => {
    const { poll } = await setup({ shape: 'one', quirks: { singleAsObject: true } })
    const snap = snapshotOf(await poll())
    expect(snap.agents.map((a) => a.id)).toEqual(['ag1'])
    expect(snap.queues.map((q) => q.id)).toEqual(['115'])
  })

  it.each(['array', 'empty-string', 'empty-object', 'null', 'missing'] as const)(
    'reads empty lists sent as %s',
    async (emptyList) => {
      const { poll } = await setup({ shape: 'empty', quirks: { emptyList } })
      const snap = snapshotOf(await poll())
      expect(snap.agents).toEqual([])
      expect(snap.queues).toEqual([])
      expect(snap.warnings).toEqual([])
    },
  )

  it('asks 8x8 at most once per 10 s: a sooner poll returns the last snapshot without a request', async () => {
    const { poll, clock, server: s } = await setup()
    const first = snapshotOf(await poll())
    clock.advance(MIN_FETCH_INTERVAL_MS - 1)
    expect(snapshotOf(await poll())).toBe(first)
    expect(s.requests).toHaveLength(2)
    clock.advance(1)
    const next = snapshotOf(await poll())
    expect(s.requests).toHaveLength(4)
    expect(next.asOf).toBe(START + MIN_FETCH_INTERVAL_MS)
    expect(next.agents[0]?.timeInStateSec).toBe(55)
    expect(next.agents[0]?.stateSince).toBe(first.agents[0]?.stateSince)
  })
})

describe('8x8 adapter: credentials (docs/vendors/8x8.md §2, §5)', () => {
  it('reports a wrong token (8x8 answers 403) as a terminal auth failure without the token', async () => {
    const { poll, server: s, log } = await setup({ secret: 'not-the-token' })
    const f = failureOf(await poll())
    expect(f).toMatchObject({ code: 'auth', status: 403, terminal: true })
    expect(f.detail).toContain('tenant "acme"')
    expect(JSON.stringify(f)).not.toContain('not-the-token')
    expect(log.lines.join('\n')).not.toContain('not-the-token')
    expect(paths(s)).toEqual(['403 /api/rtstats/stats/agents.json'])
  })

  it('reports 401 as an auth failure too', async () => {
    const { poll, server: s } = await setup()
    s.setFaults({ status: 401, remaining: 1 })
    expect(failureOf(await poll())).toMatchObject({ code: 'auth', status: 401, terminal: true })
    snapshotOf(await poll())
  })

  it('reports a missing token without sending any request', async () => {
    const { poll, server: s } = await setup({ secret: null })
    expect(failureOf(await poll())).toMatchObject({ code: 'auth', terminal: true })
    expect(s.requests).toHaveLength(0)
  })

  it('never lets the token into failures or logs, even when the server echoes it', async () => {
    const echo = (real: HttpClient): HttpClient => ({
      request: async (req: HttpRequest) => {
        const r = await real.request(req)
        if (!r.ok) return r
        return { ok: true, response: { ...r.response, status: 500, body: `<h1>failed for ${TOKEN}</h1>` } }
      },
    })
    const { poll, log } = await setup({ http: echo })
    const f = failureOf(await poll())
    expect(f.code).toBe('unavailable')
    expect(f.vendorMessage).toBe('failed for [redacted]')
    expect(JSON.stringify(f)).not.toContain(TOKEN)
    expect(log.lines.join('\n')).not.toContain(TOKEN)
  })
})

describe('8x8 adapter: status codes and faults, with recovery', () => {
  it('turns 404 into a terminal config failure naming the URL', async () => {
    const { poll, server: s } = await setup({ basePath: '/api/rtstat' })
    const f = failureOf(await poll())
    expect(f).toMatchObject({ code: 'config', status: 404, terminal: true })
    expect(f.detail).toContain(`${s.origin}/api/rtstat/stats/agents.json`)
    expect(f.detail).toContain('/api/rtstats')
  })

  it('turns 400 into a config failure carrying the vendor text', async () => {
    const { poll, server: s } = await setup()
    s.setFaults({ status: 400, remaining: 1 })
    const f = failureOf(await poll())
    expect(f).toMatchObject({
      code: 'config',
      status: 400,
      terminal: true,
      vendorMessage: 'sandbox fault: 400',
    })
  })

  it.each([
    [503, '7', 7_000],
    [503, null, undefined],
    [500, null, undefined],
    [500, '2', 2_000],
  ])(
    'turns %i (Retry-After %s) into unavailable, then recovers',
    async (status, retryAfter, retryAfterMs) => {
      const { poll, server: s } = await setup()
      s.setFaults({ status, retryAfter })
      const f = failureOf(await poll())
      expect(f).toMatchObject({ code: 'unavailable', status })
      expect(f.retryAfterMs).toBe(retryAfterMs)
      expect(f.terminal).toBeUndefined()
      s.clearFaults()
      const snap = snapshotOf(await poll())
      expect(snap.agents).toHaveLength(5)
    },
  )

  it('fails the whole cycle when the second request fails: lists from different moments never mix', async () => {
    const { poll, server: s } = await setup()
    const original = s.requests.push.bind(s.requests)
    // Once the agents request has been answered, make the next one (queues) a 503.
    s.requests.push = (...entries) => {
      const n = original(...entries)
      if (n === 1) s.setFaults({ status: 503, remaining: 1 })
      return n
    }
    const f = failureOf(await poll())
    expect(f).toMatchObject({ code: 'unavailable', status: 503 })
    expect(paths(s)).toEqual(['200 /api/rtstats/stats/agents.json', '503 /api/rtstats/stats/queues.json'])
    snapshotOf(await poll())
  })

  it('times out on a slow answer (10 s per request), then recovers', async () => {
    const asked: HttpRequest[] = []
    // The adapter asks for 10 s; shorten it here so the test does not wait 10 s for a real timeout.
    const short = (real: HttpClient): HttpClient => ({
      request: (req) => {
        asked.push(req)
        return real.request({ ...req, timeoutMs: 200 })
      },
    })
    const { poll, server: s } = await setup({ http: short })
    s.setFaults({ delayMs: 1_000, remaining: 1 })
    const f = failureOf(await poll())
    expect(f.code).toBe('timeout')
    expect(asked[0]).toMatchObject({ timeoutMs: 10_000, method: 'GET' })
    expect(asked[0]?.signal).toBeInstanceOf(AbortSignal)
    expect(asked[0]?.headers?.authorization).toBe(
      `Basic ${Buffer.from(`${TENANT}:${TOKEN}`).toString('base64')}`,
    )
    snapshotOf(await poll())
  })

  it('reports a network failure when nothing listens', async () => {
    const { poll, server: s } = await setup()
    await s.close()
    server = null
    expect(failureOf(await poll()).code).toBe('network')
  })

  it('turns the malformed switch into bad_response with the reason, then recovers', async () => {
    const { poll, server: s } = await setup()
    s.setFaults({ malformed: true, remaining: 1 })
    const f = failureOf(await poll())
    expect(f.code).toBe('bad_response')
    expect(f.detail).toContain('unreadable agents list')
    expect(f.detail).toContain('XML ended inside <agent-name> (truncated?)')
    snapshotOf(await poll())
  })

  it.each([
    ['json', 'not valid JSON'],
    ['xml', 'XML ended inside'],
  ] as const)('turns a truncated %s body into bad_response', async (format, reason) => {
    const { poll, server: s } = await setup({ format, quirks: { truncated: true } })
    const f = failureOf(await poll())
    expect(f).toMatchObject({ code: 'bad_response' })
    expect(f.detail).toContain(reason)
    s.setQuirks({ truncated: false })
    snapshotOf(await poll())
  })

  it('returns an aborted poll as data, not a throw', async () => {
    const { adapter } = (await setup()) as { adapter: ProviderAdapter }
    const ac = new AbortController()
    ac.abort()
    const r = await adapter.poll(ac.signal)
    expect(r.ok).toBe(false)
  })
})
