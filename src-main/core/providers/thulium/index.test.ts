import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionConfig } from '../../../../src-shared/config'
import type { ProviderSnapshot } from '../../../../src-shared/model'
import { thuliumOptions, type ThuliumOptions } from '../../../../src-shared/providers/thulium'
import type { HttpClient, HttpRequest, HttpResult } from '../../ports'
import { FetchHttpClient } from '../../runtime/fetch-http-client'
import { memoryLogger } from '../../runtime/logger'
import type { SandboxServer } from '../../sandbox/server'
import type { PollResult, ProviderFailure } from '../types'
import { ALL_QUEUES_ID, createThuliumAdapter } from './index'
import { NO_LIVE_STATE_WARNING } from './parse'
import { startThuliumSandboxWith } from './sandbox'
import { NOW, crowdSim, fixedClock, fixedSim } from './test-sim'

const SECRET = 's3cret-pass'

function recorder(inner: HttpClient = new FetchHttpClient()) {
  const urls: string[] = []
  const http: HttpClient = {
    request(req: HttpRequest) {
      urls.push(req.url)
      return inner.request(req)
    },
  }
  return { urls, http }
}

function setup(
  baseUrl: string,
  over: {
    options?: Partial<ThuliumOptions> & Record<string, unknown>
    secret?: string | null
    http?: HttpClient
  } = {},
) {
  const rec = recorder(over.http)
  const log = memoryLogger()
  const options = { ...thuliumOptions.parse({ timezone: 'Europe/Warsaw' }), ...over.options }
  const config: ConnectionConfig = {
    id: 'thu',
    label: 'Thulium',
    provider: 'thulium',
    baseUrl,
    username: 'api_user',
    secretEnv: null,
    pollSeconds: 60,
    requestedPollSeconds: null,
    queueMedia: {},
    targets: {},
    enabled: true,
    options,
  }
  const adapter = createThuliumAdapter({
    config,
    secret: over.secret === undefined ? SECRET : over.secret,
    http: rec.http,
    clock: fixedClock,
    log,
    sockets: { open: async () => ({ ok: false, status: null, detail: 'not used' }) },
  })
  return { adapter, urls: rec.urls, log }
}

const signal = () => new AbortController().signal

function snapshotOf(r: PollResult): ProviderSnapshot {
  if (!r.ok) throw new Error(`expected a snapshot, got ${r.failure.code}: ${r.failure.detail}`)
  return r.snapshot
}

function failureOf(r: PollResult): ProviderFailure {
  if (r.ok) throw new Error('expected a failure')
  return r.failure
}

const query = (url: string) => new URL(url).searchParams
const offsets = (urls: string[]) => urls.map((u) => query(u).get('offset'))

describe('Thulium adapter against the sandbox', () => {
  let sb: SandboxServer

  beforeAll(async () => {
    // 120 users: the per-user report takes two pages.
    sb = await startThuliumSandboxWith({
      sim: crowdSim(120),
      clock: fixedClock,
      username: 'api_user',
      secret: SECRET,
    })
  })
  afterAll(async () => {
    await sb.close()
  })
  afterEach(() => {
    sb.clearFaults()
  })

  it('gives one chat room per configured queue and one agent per user, converted', async () => {
    const { adapter, urls } = setup(sb.origin, {
      options: { chatQueueIds: ['1', '2'], queueLabels: { '1': 'Sprzedaż czat' } },
    })
    const snap = snapshotOf(await adapter.poll(signal()))
    expect(snap).toMatchObject({ connection: 'thu', provider: 'thulium', health: 'ok', asOf: NOW })
    expect(snap.queues).toEqual([])
    expect(snap.chatRooms.map((r) => [r.id, r.name])).toEqual([
      ['1', 'Sprzedaż czat'],
      ['2', 'Chat queue 2'],
    ])
    const [sales, web] = snap.chatRooms
    expect(sales).toMatchObject({
      openChats: null,
      waitingChats: null,
      avgWaitNowSec: null,
      visitorsNow: null,
    })
    expect(sales!.today).toMatchObject({
      chats: 50,
      missed: 6,
      answered: 44,
      avgWaitSec: 30,
      avgChatSec: 400,
      serviceLevelPct: 85,
    })
    expect(sales!.today!.maxWaitSec).toBeGreaterThanOrEqual(75)
    expect(web!.today).toMatchObject({ chats: 20, missed: 2, answered: 18, avgWaitSec: 12, avgChatSec: 250 })
    expect(web!.today!.maxWaitSec).toBeGreaterThanOrEqual(95)
    // 90 % of the rated chats were happy in the simulator; the report rounds to whole ratings.
    expect(web!.today!.satisfactionPct).toBeGreaterThan(70)
    expect(web!.today!.satisfactionPct).toBeLessThanOrEqual(100)

    // 120 users: the per-user report takes two pages.
    expect(snap.agents).toHaveLength(120)
    expect(new Set(snap.agents.map((a) => a.id)).size).toBe(120)
    const jan = snap.agents.find((a) => a.id === 'Jan Kowalski')!
    expect(jan).toMatchObject({
      name: 'Jan Kowalski',
      state: 'unknown',
      rawState: null,
      timeInStateSec: null,
    })
    expect(jan.stateSince).toBeNull()
    expect(jan.today).toMatchObject({ handled: 12, avgHandleSec: 300, loginSec: null })
    expect(jan.raw).toMatchObject({
      note: NO_LIVE_STATE_WARNING,
      row: { user_name: 'Jan Kowalski', answered: 12 },
    })
    expect(snap.agents.every((a) => a.state === 'unknown' && a.rawState === null)).toBe(true)
    expect(snap.warnings).toEqual([NO_LIVE_STATE_WARNING])

    expect(urls).toHaveLength(4)
    expect(urls[0]).toBe(
      `${sb.origin}/api/chats/reports/summary?date_from=2025-01-07%2000%3A00%3A00&date_to=2025-01-07%2023%3A30%3A15` +
        '&aggregate_by=day&response_threshold=20&sum_users=true&chat_queue_ids[]=1&limit=100&offset=0',
    )
    expect(query(urls[1]!).getAll('chat_queue_ids[]')).toEqual(['2'])
    const userUrls = urls.slice(2)
    expect(userUrls.map((u) => query(u).get('sum_users'))).toEqual(['false', 'false'])
    expect(offsets(userUrls)).toEqual(['0', '100'])
    expect(userUrls.every((u) => !u.includes('user_logins') && !u.includes('chat_queue_ids'))).toBe(true)
  })

  it('pages across more than 100 rows until a short page', async () => {
    const big = await startThuliumSandboxWith({
      sim: crowdSim(250),
      clock: fixedClock,
      username: 'api_user',
      secret: SECRET,
    })
    try {
      const { adapter, urls } = setup(big.origin, { options: { chatQueueIds: ['1'] } })
      const snap = snapshotOf(await adapter.poll(signal()))
      expect(snap.agents).toHaveLength(250)
      expect(new Set(snap.agents.map((a) => a.name)).size).toBe(250)
      const userUrls = urls.filter((u) => query(u).get('sum_users') === 'false')
      expect(offsets(userUrls)).toEqual(['0', '100', '200'])
      expect(userUrls.every((u) => query(u).get('limit') === '100')).toBe(true)
      // The users of the middle page are there, in the vendor's order.
      const onePage = await fetch(
        `${big.origin}/api/chats/reports/summary?date_from=2025-01-07&date_to=2025-01-07&offset=100&limit=100`,
        { headers: { authorization: `Basic ${Buffer.from(`api_user:${SECRET}`).toString('base64')}` } },
      )
      const middle = (await onePage.json()) as { user_name: string }[]
      expect(snap.agents.slice(100, 200).map((a) => a.name)).toEqual(middle.map((r) => r.user_name))
    } finally {
      await big.close()
    }
  })

  it('asks for one more page when the last one is exactly full', async () => {
    const even = await startThuliumSandboxWith({
      sim: crowdSim(200),
      clock: fixedClock,
      username: 'api_user',
      secret: SECRET,
    })
    try {
      const { adapter, urls } = setup(even.origin, { options: { chatQueueIds: ['1'] } })
      const snap = snapshotOf(await adapter.poll(signal()))
      expect(snap.agents).toHaveLength(200)
      expect(offsets(urls.filter((u) => query(u).get('sum_users') === 'false'))).toEqual(['0', '100', '200'])
    } finally {
      await even.close()
    }
  })

  it('asks per configured login and keys agents by login', async () => {
    const { adapter, urls } = setup(sb.origin, {
      options: { chatQueueIds: ['2'], userLogins: ['jkowalski', 'anowak', 'nobody'] },
    })
    const snap = snapshotOf(await adapter.poll(signal()))
    expect(snap.agents.map((a) => [a.id, a.name])).toEqual([
      ['jkowalski', 'Jan Kowalski'],
      ['anowak', 'Anna Nowak'],
      // Not in today's report: shown with no chats rather than dropped.
      ['nobody', 'nobody'],
    ])
    expect(snap.agents[0]!.today).toMatchObject({ handled: 12, avgHandleSec: 300 })
    expect(snap.agents[2]!.today).toMatchObject({ handled: 0, avgHandleSec: null })
    expect(snap.agents[0]!.raw).toMatchObject({ user_login: 'jkowalski' })
    const userUrls = urls.filter((u) => query(u).get('sum_users') === 'false')
    expect(userUrls.map((u) => query(u).getAll('user_logins[]'))).toEqual([
      ['jkowalski'],
      ['anowak'],
      ['nobody'],
    ])
    expect(userUrls[0]).toContain('&user_logins[]=jkowalski&')
  })

  it('sums all chat queues into one room when none is configured', async () => {
    const { adapter, urls } = setup(sb.origin, { options: { userLogins: ['jkowalski'] } })
    const snap = snapshotOf(await adapter.poll(signal()))
    expect(snap.chatRooms.map((r) => [r.id, r.name])).toEqual([[ALL_QUEUES_ID, 'All chat queues']])
    expect(snap.chatRooms[0]!.today).toMatchObject({ chats: 70, missed: 8, answered: 62 })
    expect(query(urls[0]!).get('sum_users')).toBe('true')
    expect(urls[0]).not.toContain('chat_queue_ids')
  })

  it('defines today in the configured zone and passes the response threshold', async () => {
    const { adapter, urls } = setup(sb.origin, {
      options: {
        chatQueueIds: ['1'],
        userLogins: ['jkowalski'],
        timezone: 'Asia/Tokyo',
        responseThresholdSec: 45,
      },
    })
    const snap = snapshotOf(await adapter.poll(signal()))
    const q = query(urls[0]!)
    expect(q.get('date_from')).toBe('2025-01-08 00:00:00')
    expect(q.get('date_to')).toBe('2025-01-08 07:30:15')
    expect(q.get('response_threshold')).toBe('45')
    expect(snap.chatRooms[0]!.today!.serviceLevelPct).toBeGreaterThan(85)
    expect(snap.warnings).toEqual([NO_LIVE_STATE_WARNING])
  })

  it('accepts a base URL that already ends in /api', async () => {
    const { adapter, urls } = setup(`${sb.origin}/api`, {
      options: { chatQueueIds: ['1'], userLogins: ['anowak'] },
    })
    expect((await adapter.poll(signal())).ok).toBe(true)
    expect(urls[0]).toContain(`${sb.origin}/api/chats/reports/summary?`)
  })

  it('reports a wrong password as auth, without the secret anywhere', async () => {
    const { adapter, log, urls } = setup(sb.origin, {
      secret: 'wrong-pass',
      options: { chatQueueIds: ['1', '2'] },
    })
    const f = failureOf(await adapter.poll(signal()))
    // One refused request is enough to know: the others are not sent.
    expect(urls).toHaveLength(1)
    expect(f).toMatchObject({ code: 'auth', status: 401, vendorMessage: 'Authorization failed.' })
    expect(JSON.stringify(f)).not.toContain('wrong-pass')
    expect(log.lines.join('\n')).not.toContain('wrong-pass')
  })

  it('reports a missing secret as auth without asking', async () => {
    const { adapter, urls } = setup(sb.origin, { secret: null })
    expect(failureOf(await adapter.poll(signal()))).toMatchObject({ code: 'auth' })
    expect(urls).toEqual([])
  })

  it('carries Thulium’s message on 422 as a terminal config failure and logs request_id', async () => {
    const { adapter, log } = setup(sb.origin, { options: { chatQueueIds: ['sales'] } })
    const f = failureOf(await adapter.poll(signal()))
    expect(f).toMatchObject({
      code: 'config',
      status: 422,
      terminal: true,
      vendorMessage: 'Parameter chat_queue_ids must be a list of integers.',
    })
    expect(f.detail).toContain('chat queue sales')
    expect(log.lines.some((l) => /"requestId":"[0-9a-f]+"/.test(l))).toBe(true)
  })

  it('carries Thulium’s message on 400 as a terminal config failure', async () => {
    // A gateway that loses date_from: the sandbox then answers as Thulium does for a missing required parameter.
    const inner = new FetchHttpClient()
    const dropping: HttpClient = {
      request: (req) => inner.request({ ...req, url: req.url.replace(/date_from=[^&]*&/, '') }),
    }
    const { adapter } = setup(sb.origin, { http: dropping, options: { chatQueueIds: ['1'] } })
    expect(failureOf(await adapter.poll(signal()))).toMatchObject({
      code: 'config',
      status: 400,
      terminal: true,
      vendorMessage: 'Parameter date_from is required.',
    })
  })

  it('backs off on 5xx with Retry-After, then recovers', async () => {
    const { adapter } = setup(sb.origin, { options: { chatQueueIds: ['1'] } })
    sb.setFaults({ status: 503, retryAfter: '30' })
    expect(failureOf(await adapter.poll(signal()))).toMatchObject({
      code: 'unavailable',
      status: 503,
      retryAfterMs: 30_000,
    })
    sb.setFaults({ status: 500, retryAfter: null })
    const plain = failureOf(await adapter.poll(signal()))
    expect(plain).toMatchObject({ code: 'unavailable', status: 500 })
    expect(plain.retryAfterMs).toBeUndefined()
    expect(plain.terminal).toBeUndefined()
    sb.clearFaults()
    expect(snapshotOf(await adapter.poll(signal())).chatRooms).toHaveLength(1)
  })

  it('fails a page in the middle of a report as a whole, never half a snapshot', async () => {
    // The queue request and the first user page pass; the second user page fails.
    const inner = new FetchHttpClient()
    const sent: Promise<HttpResult>[] = []
    const failThird: HttpClient = {
      request: async (req) => {
        if (sent.length === 2) {
          await Promise.all(sent)
          sb.setFaults({ status: 502, remaining: 1 })
        }
        const r = inner.request(req)
        sent.push(r)
        return r
      },
    }
    const { adapter, urls } = setup(sb.origin, { http: failThird, options: { chatQueueIds: ['1'] } })
    expect(failureOf(await adapter.poll(signal()))).toMatchObject({ code: 'unavailable', status: 502 })
    expect(offsets(urls)).toEqual(['0', '0', '100'])
    expect(snapshotOf(await adapter.poll(signal())).agents).toHaveLength(120)
  })

  it('maps 429, 403 and 404', async () => {
    const { adapter } = setup(sb.origin, { options: { chatQueueIds: ['1'] } })
    sb.setFaults({ status: 429, retryAfter: '5' })
    expect(failureOf(await adapter.poll(signal()))).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 5000,
    })
    sb.setFaults({ status: 403, retryAfter: null })
    expect(failureOf(await adapter.poll(signal()))).toMatchObject({
      code: 'forbidden',
      status: 403,
      terminal: true,
    })
    sb.clearFaults()
    const wrongPath = setup(`${sb.origin}/thulium`, { options: { chatQueueIds: ['1'] } })
    const nf = failureOf(await wrongPath.adapter.poll(signal()))
    expect(nf).toMatchObject({ code: 'not_found', status: 404, terminal: true })
    expect(nf.detail).toContain('check the system URL')
  })

  it('reports an unreadable body as bad_response, then recovers', async () => {
    const { adapter } = setup(sb.origin, { options: { chatQueueIds: ['1'] } })
    sb.setFaults({ malformed: true })
    const f = failureOf(await adapter.poll(signal()))
    expect(f.code).toBe('bad_response')
    expect(f.detail).toContain('unreadable report for chat queue 1')
    sb.clearFaults()
    expect((await adapter.poll(signal())).ok).toBe(true)
  })

  it('refuses an empty report for a day that had rows, but takes one for a day that never had any', async () => {
    const { adapter } = setup(sb.origin, { options: { chatQueueIds: ['1'] } })
    sb.setFaults({ empty: true })
    // The first answer of the day may be empty: nothing happened yet.
    expect(snapshotOf(await adapter.poll(signal())).agents).toEqual([])
    sb.clearFaults()
    expect(snapshotOf(await adapter.poll(signal())).agents.length).toBeGreaterThan(0)
    sb.setFaults({ empty: true })
    const f = failureOf(await adapter.poll(signal()))
    expect(f.code).toBe('bad_response')
    expect(f.detail).toMatch(/empty report for today, which had \d+ row\(s\) at the last poll/)
    sb.clearFaults()
    expect(snapshotOf(await adapter.poll(signal())).agents.length).toBeGreaterThan(0)
  })

  it('gives up on a slow answer when the poller cancels', async () => {
    const { adapter } = setup(sb.origin, { options: { chatQueueIds: ['1'] } })
    sb.setFaults({ delayMs: 1500, remaining: 1 })
    const f = failureOf(await adapter.poll(AbortSignal.timeout(100)))
    expect(f.code).toBe('timeout')
  })

  it('reports an unreachable system as network', async () => {
    const closed = await startThuliumSandboxWith({
      sim: fixedSim,
      clock: fixedClock,
      username: 'u',
      secret: 'p',
    })
    const origin = closed.origin
    await closed.close()
    const { adapter } = setup(origin, { options: { chatQueueIds: ['1'] } })
    expect(failureOf(await adapter.poll(signal())).code).toBe('network')
  })

  it('refuses an unknown time zone as a terminal config failure', async () => {
    const { adapter, urls } = setup(sb.origin, { options: { timezone: 'Mars/Olympus' } })
    expect(failureOf(await adapter.poll(signal()))).toMatchObject({ code: 'config', terminal: true })
    expect(urls).toEqual([])
  })

  it('describes the report window for the connection test', async () => {
    const { adapter } = setup(sb.origin, { options: { chatQueueIds: ['1'], queueLabels: { '1': 'Sales' } } })
    const [window] = await adapter.extras!(signal())
    expect(window!.items).toEqual([
      'from 2025-01-07 00:00:00 to 2025-01-07 23:30:15 (Europe/Warsaw)',
      'service level counts chats answered within 20 s',
      'chat queues: Sales (1)',
      'users: everyone in today’s report',
    ])
  })
})

describe('Thulium adapter edge cases (stub HTTP)', () => {
  const ok = (body: unknown, headers: Record<string, string> = {}): HttpResult => ({
    ok: true,
    response: {
      status: 200,
      headers,
      setCookies: [],
      body: JSON.stringify(body),
      url: 'http://thulium.test/api',
    },
  })
  const row = (name: string | null, series = '2025-01-07') => ({
    series,
    ...(name === null ? {} : { user_name: name }),
    incoming: 3,
    answered: 2,
    abandoned: 1,
    chat_time: { min: '00:01:00', max: '00:03:00', sum: '00:04:00', avg: '00:02:00' },
  })

  it('stops at 20 000 rows and marks the snapshot partial', async () => {
    let userPages = 0
    const http: HttpClient = {
      request: async (req) => {
        const q = query(req.url)
        if (q.get('sum_users') === 'true') return ok([row(null)])
        userPages++
        const offset = Number(q.get('offset'))
        return ok(Array.from({ length: 100 }, (_, i) => row(`User ${offset + i}`)))
      },
    }
    const { adapter } = setup('http://thulium.test', { http, options: { chatQueueIds: ['1'] } })
    const snap = snapshotOf(await adapter.poll(signal()))
    expect(userPages).toBe(200)
    expect(snap.health).toBe('partial')
    expect(snap.agents).toHaveLength(20_000)
    expect(snap.warnings).toContain('all users: the report has more than 20000 rows; the rest is not shown')
  })

  it('tells apart users with the same name, skips nameless rows and other days', async () => {
    const http: HttpClient = {
      request: async (req) => {
        if (query(req.url).get('sum_users') === 'true') return ok([row(null, '2025-01-06'), row(null)])
        return ok([row('Ewa Kot'), row('Ewa Kot'), row(null), row('Old Day', '2025-01-06')])
      },
    }
    const { adapter } = setup('http://thulium.test', { http, options: { chatQueueIds: ['1'] } })
    const snap = snapshotOf(await adapter.poll(signal()))
    expect(snap.agents.map((a) => [a.id, a.name])).toEqual([
      ['Ewa Kot', 'Ewa Kot'],
      ['Ewa Kot #2', 'Ewa Kot'],
    ])
    expect(snap.agents[0]!.today).toMatchObject({ handled: 2, avgHandleSec: 120 })
    expect(snap.chatRooms[0]!.today).toMatchObject({ chats: 3, answered: 2, avgChatSec: 120 })
    expect(snap.warnings).toEqual([
      'chat queue 1: ignored 1 report row(s) of other days than 2025-01-07',
      'all users: ignored 1 report row(s) of other days than 2025-01-07',
      'several users are named "Ewa Kot"; they are told apart by #2, #3, …',
      'a per-user report row has no user_name; skipped',
      NO_LIVE_STATE_WARNING,
    ])
  })

  it('takes asOf from our clock, never from the vendor Date header', async () => {
    const date = 'Tue, 07 Jan 2025 22:29:59 GMT'
    const http: HttpClient = { request: async () => ok([], { date }) }
    const { adapter } = setup('http://thulium.test', { http, options: { chatQueueIds: ['1'] } })
    const snap = snapshotOf(await adapter.poll(signal()))
    expect(snap.asOf).toBe(fixedClock.now())
    expect(snap.asOf).not.toBe(Date.parse(date))
    expect(snap.agents).toEqual([])
    expect(snap.warnings).toEqual([])
    expect(snap.chatRooms[0]!.today).toMatchObject({ chats: 0, answered: 0, avgWaitSec: null })
  })
})
