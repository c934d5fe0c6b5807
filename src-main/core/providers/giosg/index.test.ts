import { afterEach, describe, expect, it } from 'vitest'
import { validateConnection, type ConnectionConfig } from '../../../../src-shared/config'
import type { HttpClient } from '../../ports'
import { FetchHttpClient } from '../../runtime/fetch-http-client'
import { memoryLogger } from '../../runtime/logger'
import { json, startSandboxServer, type SandboxHandler, type SandboxServer } from '../../sandbox/server'
import type { PollResult } from '../types'
import { localTimeZone } from '../../../../src-shared/business-day'
import { createGiosgAdapter } from './index'
import { startGiosgSandbox, type GiosgSandboxOptions } from './sandbox'
import { agent, fixedSim, manualClock, recordingHttp, room, unusedSockets } from './test-sim'

const TOKEN = 'giosg-api-token-8c41f0'
const T0 = Date.UTC(2024, 2, 10, 12, 0, 0)

const servers: SandboxServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const rooms = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'].map((id, i) => room(id, { waitingChats: i }))
const agents = [
  agent('1', 'available', { groupIds: ['7'], queueIds: ['r1'], openInteractions: 1 }),
  agent('2', 'busy', { openInteractions: 3, freeCapacity: 0, queueIds: ['r1', 'r2'] }),
  agent('3', 'not_ready'),
  agent('4', 'logged_out'),
  agent('5', 'wrap_up'),
  agent('6', 'available', { email: 'six@example.com' }),
  agent('7', 'offline_work'),
  agent('8', 'available'),
  agent('9', 'busy'),
  agent('10', 'logged_out'),
  agent('11', 'available'),
]

async function sandbox(
  extra: Partial<GiosgSandboxOptions> = {},
  sim = fixedSim({ chatRooms: rooms, agents }),
) {
  const clock = manualClock(T0)
  const server = await startGiosgSandbox({ sim, clock, username: 'unused', secret: TOKEN, ...extra })
  servers.push(server)
  return { server, clock, sim }
}

function config(baseUrl: string, options: Record<string, unknown> = {}): ConnectionConfig {
  const r = validateConnection({ id: 'chat', provider: 'giosg', baseUrl, options })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.connection
}

function adapter(
  cfg: ConnectionConfig,
  opts: { secret?: string | null; http?: HttpClient; clock?: ReturnType<typeof manualClock> } = {},
) {
  const log = memoryLogger()
  const a = createGiosgAdapter({
    config: cfg,
    secret: opts.secret === undefined ? TOKEN : opts.secret,
    http: opts.http ?? new FetchHttpClient(),
    clock: opts.clock ?? manualClock(T0),
    log,
    sockets: unusedSockets,
  })
  return { a, log }
}

const poll = (a: { poll(s: AbortSignal): Promise<PollResult> }) => a.poll(new AbortController().signal)

function snapshotOf(r: PollResult) {
  if (!r.ok) throw new Error(`poll failed: ${r.failure.code} ${r.failure.detail}`)
  return r.snapshot
}

function failureOf(r: PollResult) {
  if (r.ok) throw new Error('poll unexpectedly succeeded')
  return r.failure
}

describe('giosg adapter: a whole cycle', () => {
  it('collects every room and operator over uneven pages, empty ones included', async () => {
    const { server } = await sandbox({ pageSizes: [2, 0, 3, 1] })
    const http = recordingHttp(new FetchHttpClient())
    const { a } = adapter(config(server.origin), { http })
    const s = snapshotOf(await poll(a))

    expect(s.connection).toBe('chat')
    expect(s.provider).toBe('giosg')
    expect(s.health).toBe('ok')
    expect(s.warnings).toEqual([])
    expect(s.asOf).toBe(T0) // the sandbox's Date header, from its clock
    expect(s.chatRooms.map((r) => [r.id, r.waitingChats])).toEqual(rooms.map((r, i) => [r.id, i]))
    expect(s.chatRooms[0]).toMatchObject({
      name: 'Room r1',
      openChats: 2,
      avgWaitNowSec: 12.3,
      maxWaitNowSec: 30.1,
      freeCapacity: 3,
      visitorsNow: 40,
      today: { chats: 10, missed: 1 },
    })
    expect(s.agents.map((x) => [x.id, x.state])).toEqual([
      ['1', 'available'],
      ['2', 'busy'],
      ['3', 'not_ready'],
      ['4', 'logged_out'],
      ['5', 'busy'],
      ['6', 'available'],
      ['7', 'not_ready'],
      ['8', 'available'],
      ['9', 'busy'],
      ['10', 'logged_out'],
      ['11', 'available'],
    ])
    expect(s.agents[0]).toMatchObject({
      name: 'agent.1@sandbox.giosg.test',
      email: 'agent.1@sandbox.giosg.test',
      media: 'chat',
      openInteractions: 1,
      freeCapacity: 2,
      groupIds: ['7'],
      queueIds: ['r1'],
    })
    expect(s.agents[1]).toMatchObject({ queueIds: ['r1', 'r2'], openInteractions: 3, freeCapacity: 0 })
    expect(s.agents[5]?.name).toBe('six@example.com')
    expect(s.agents[8]).toMatchObject({ state: 'busy', media: 'chat', openInteractions: 1, freeCapacity: 0 })
    expect(s.queues).toEqual([])

    // 7 rooms in pages of 2, 0, 3, 1, 2 → 5 requests; 11 users in 2, 0, 3, 1, 2, 0, 3 → 7 requests.
    expect(http.sent).toHaveLength(12)
    expect(server.requests.every((r) => r.status === 200)).toBe(true)
    for (const req of http.sent) {
      expect(req.headers?.authorization).toBe(`Token ${TOKEN}`)
      expect(req.headers?.accept).toBe('application/json')
      expect(req.timeoutMs).toBe(10_000)
      expect(req.url.startsWith(server.origin)).toBe(true)
    }
    expect(http.sent.filter((r) => r.url.includes('cursor=')).length).toBe(10)
  })

  it('returns an empty snapshot for an organization with no rooms and no operators', async () => {
    const { server } = await sandbox({}, fixedSim())
    const http = recordingHttp(new FetchHttpClient())
    const s = snapshotOf(await poll(adapter(config(server.origin), { http }).a))
    expect(s.chatRooms).toEqual([])
    expect(s.agents).toEqual([])
    expect(s.health).toBe('ok')
    expect(http.sent).toHaveLength(2)
  })

  it('takes the vendor document shape, with no next key, as one page', async () => {
    const { server } = await sandbox({ paginationKeys: false, loggedInKey: 'is_logged_in' })
    const s = snapshotOf(await poll(adapter(config(server.origin)).a))
    expect(s.chatRooms).toHaveLength(7)
    expect(s.agents).toHaveLength(11)
    expect(s.agents[3]?.state).toBe('logged_out')
    expect(server.requests).toHaveLength(2)
  })

  it('sends Bearer for OAuth tokens', async () => {
    const { server } = await sandbox()
    const http = recordingHttp(new FetchHttpClient())
    const s = snapshotOf(await poll(adapter(config(server.origin, { authScheme: 'Bearer' }), { http }).a))
    expect(s.agents).toHaveLength(11)
    expect(http.sent.every((r) => r.headers?.authorization === `Bearer ${TOKEN}`)).toBe(true)
  })

  it('passes the room, shared-room and user filters as single comma-delimited parameters', async () => {
    const { server } = await sandbox({ sharedRoomIds: ['r7'] })
    const http = recordingHttp(new FetchHttpClient())
    const plain = snapshotOf(await poll(adapter(config(server.origin), { http }).a))
    expect(plain.chatRooms.map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6'])

    const cfg = config(server.origin, { roomIds: ['r5', 'r7'], userIds: ['2', '11'], includeShared: true })
    const http2 = recordingHttp(new FetchHttpClient())
    const s = snapshotOf(await poll(adapter(cfg, { http: http2 }).a))
    expect(s.chatRooms.map((r) => r.id)).toEqual(['r5', 'r7'])
    expect(s.agents.map((x) => x.id)).toEqual(['2', '11'])
    const first = new URL(http2.sent[0]!.url)
    expect(first.pathname).toBe('/api/v4/reporting/realtime/rooms')
    expect(first.searchParams.getAll('room_id')).toEqual(['r5,r7'])
    expect(first.searchParams.get('include_shared')).toBe('true')
    const users = new URL(http2.sent.find((r) => r.url.includes('/users'))!.url)
    expect(users.searchParams.getAll('user_id')).toEqual(['2,11'])
  })

  it("asks for today's counters in the configured zone, else in this machine's zone", async () => {
    const { server } = await sandbox()
    const http = recordingHttp(new FetchHttpClient())
    snapshotOf(await poll(adapter(config(server.origin, { timezone: 'Europe/Helsinki' }), { http }).a))
    expect(new URL(http.sent[0]!.url).searchParams.get('timezone')).toBe('Europe/Helsinki')
    const http2 = recordingHttp(new FetchHttpClient())
    snapshotOf(await poll(adapter(config(server.origin), { http: http2 }).a))
    expect(new URL(http2.sent[0]!.url).searchParams.get('timezone')).toBe(localTimeZone())
  })

  it("shows today's counters of the configured zone", async () => {
    const sim = fixedSim({ chatRooms: [room('r1')] })
    const { server, clock } = await sandbox({}, sim)
    const utc = adapter(config(server.origin, { timezone: 'UTC' })).a
    const helsinki = adapter(config(server.origin, { timezone: 'Europe/Helsinki' })).a
    clock.set(Date.UTC(2024, 2, 10, 21, 0))
    expect(snapshotOf(await poll(helsinki)).chatRooms[0]?.today?.chats).toBe(10)
    clock.set(Date.UTC(2024, 2, 10, 22, 30)) // 00:30 in Helsinki
    sim.state = { ...sim.state, chatRooms: [room('r1', { today: { ...room('r1').today!, chats: 13 } })] }
    expect(snapshotOf(await poll(utc)).chatRooms[0]?.today?.chats).toBe(13)
    expect(snapshotOf(await poll(helsinki)).chatRooms[0]?.today?.chats).toBe(3)
  })

  it('rejects an unknown zone in the config before any request', () => {
    const r = validateConnection({ id: 'chat', provider: 'giosg', options: { timezone: 'Europe/Helsinky' } })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.issues[0]).toMatchObject({ connection: 'chat', field: 'options.timezone' })
    const typo = validateConnection({ id: 'chat', provider: 'giosg', options: { roomIds: ['a,b'] } })
    expect(typo.ok).toBe(false)
  })
})

describe('giosg adapter: status codes and recovery', () => {
  it('401 is an auth failure that never carries the token; the right token then works', async () => {
    const { server } = await sandbox()
    const { a, log } = adapter(config(server.origin), { secret: 'not-the-token' })
    const r = await poll(a)
    const f = failureOf(r)
    expect(f).toMatchObject({ code: 'auth', status: 401, vendorMessage: 'Invalid token.' })
    expect(JSON.stringify(r)).not.toContain('not-the-token')
    expect(log.lines.join('\n')).not.toContain('not-the-token')
    expect(server.requests).toHaveLength(1)
    expect(snapshotOf(await poll(adapter(config(server.origin)).a)).agents).toHaveLength(11)
  })

  it('403 (no reports permission) is an auth failure with the vendor text', async () => {
    const { server } = await sandbox({ forbiddenToken: 'no-reports-token' })
    const f = failureOf(await poll(adapter(config(server.origin), { secret: 'no-reports-token' }).a))
    expect(f.code).toBe('auth')
    expect(f.status).toBe(403)
    expect(f.vendorMessage).toBe('You do not have permission to perform this action.')
    expect(f.detail).toContain('reports permission')
    expect(f.detail).not.toContain('no-reports-token')
  })

  it('a missing token is an auth failure without any request', async () => {
    const { server } = await sandbox()
    for (const secret of [null, '']) {
      const f = failureOf(await poll(adapter(config(server.origin), { secret }).a))
      expect(f.code).toBe('auth')
    }
    expect(server.requests).toHaveLength(0)
  })

  it('429 is rate_limited with Retry-After in seconds, then recovers', async () => {
    const { server } = await sandbox()
    const { a } = adapter(config(server.origin))
    server.setFaults({ status: 429, retryAfter: '30' })
    expect(failureOf(await poll(a))).toMatchObject({
      code: 'rate_limited',
      status: 429,
      retryAfterMs: 30_000,
    })
    server.clearFaults()
    expect(snapshotOf(await poll(a)).chatRooms).toHaveLength(7)
  })

  it('503 is unavailable with Retry-After as an HTTP date; 500 without one', async () => {
    const { server } = await sandbox()
    const clock = manualClock(T0)
    const { a } = adapter(config(server.origin), { clock })
    server.setFaults({ status: 503, retryAfter: new Date(T0 + 120_000).toUTCString() })
    expect(failureOf(await poll(a))).toMatchObject({
      code: 'unavailable',
      status: 503,
      retryAfterMs: 120_000,
    })
    server.setFaults({ status: 500, retryAfter: null })
    const f = failureOf(await poll(a))
    expect(f).toMatchObject({ code: 'unavailable', status: 500, vendorMessage: 'sandbox fault: 500' })
    expect(f.retryAfterMs).toBeUndefined()
    server.clearFaults()
    expect(snapshotOf(await poll(a)).agents).toHaveLength(11)
  })

  it('an unreadable body is bad_response, then recovers', async () => {
    const { server } = await sandbox()
    const { a } = adapter(config(server.origin))
    server.setFaults({ malformed: true, remaining: 1 })
    const f = failureOf(await poll(a))
    expect(f.code).toBe('bad_response')
    expect(f.detail).toContain('rooms: page 1 is unreadable')
    expect(snapshotOf(await poll(a)).chatRooms).toHaveLength(7)
  })

  it('a wrong API path is not_found and terminal', async () => {
    const { server } = await sandbox()
    const f = failureOf(await poll(adapter(config(`${server.origin}/nope`)).a))
    expect(f).toMatchObject({ code: 'not_found', status: 404, terminal: true })
  })

  it('an unknown timezone that reaches giosg is a terminal config failure with its message', async () => {
    const { server } = await sandbox()
    const cfg = { ...config(server.origin), options: { timezone: 'Mars/Olympus_Mons', includeShared: false } }
    const f = failureOf(await poll(adapter(cfg).a))
    expect(f).toMatchObject({
      code: 'config',
      status: 400,
      terminal: true,
      vendorMessage: "timezone: Unknown timezone 'Mars/Olympus_Mons'.",
    })
  })

  it('a cancelled cycle is a timeout; a closed port is a network failure', async () => {
    const { server } = await sandbox()
    server.setFaults({ delayMs: 1000, remaining: 1 })
    const f = failureOf(await adapter(config(server.origin)).a.poll(AbortSignal.timeout(100)))
    expect(f.code).toBe('timeout')

    const gone = await sandbox()
    const origin = gone.server.origin
    await servers.pop()!.close()
    expect(failureOf(await poll(adapter(config(origin)).a)).code).toBe('network')
  })
})

describe('giosg adapter: one cycle, one moment', () => {
  it('a failed later page fails the whole cycle; the next cycle is whole', async () => {
    const { server } = await sandbox({ pageSizes: [3] })
    let armed = true
    const http = recordingHttp(new FetchHttpClient(), (req) => {
      if (armed && req.url.includes('/users') && req.url.includes('cursor=')) {
        armed = false
        server.setFaults({ status: 502, remaining: 1 })
      }
    })
    const { a } = adapter(config(server.origin), { http })
    const f = failureOf(await poll(a))
    expect(f).toMatchObject({ code: 'unavailable', status: 502 })
    const s = snapshotOf(await poll(a))
    expect(s.chatRooms).toHaveLength(7)
    expect(s.agents).toHaveLength(11)
  })

  it('an expired cursor on a later page fails the cycle without being terminal', async () => {
    const { server, clock } = await sandbox({ pageSizes: [3], cursorTtlMs: 30_000 })
    let armed = true
    const http = recordingHttp(new FetchHttpClient(), (req) => {
      if (armed && req.url.includes('cursor=')) {
        armed = false
        clock.set(T0 + 60_000)
      }
    })
    const f = failureOf(await poll(adapter(config(server.origin), { http }).a))
    expect(f).toMatchObject({ code: 'bad_response', status: 404, vendorMessage: 'Invalid cursor' })
    expect(f.terminal).toBeUndefined()
  })
})

describe('giosg adapter: next links it must not follow', () => {
  async function vendor(handle: SandboxHandler) {
    const server = await startSandboxServer({ handle, clock: manualClock(T0) })
    servers.push(server)
    return server
  }

  it('refuses a next on another origin without sending the token there', async () => {
    const server = await vendor((req) =>
      json(200, {
        next: 'http://192.0.2.10/api/v4/reporting/realtime/rooms?cursor=x',
        results: [{ room_id: req.path }],
      }),
    )
    const http = recordingHttp(new FetchHttpClient())
    const r = await poll(adapter(config(server.origin), { http }).a)
    const f = failureOf(r)
    expect(f.code).toBe('bad_response')
    expect(f.detail).toContain('http://192.0.2.10')
    expect(JSON.stringify(r)).not.toContain(TOKEN)
    expect(http.sent.map((x) => new URL(x.url).origin)).toEqual([server.origin])
  })

  it('refuses a next that leads back to a page already fetched', async () => {
    const server = await vendor((req) => {
      const cursor = req.query.get('cursor')
      const next = `${req.origin}${req.path}?cursor=${cursor === 'a' ? 'b' : 'a'}`
      return json(200, { next, previous: null, results: [] })
    })
    const http = recordingHttp(new FetchHttpClient())
    const f = failureOf(await poll(adapter(config(server.origin), { http }).a))
    expect(f.code).toBe('bad_response')
    expect(f.detail).toContain('already fetched')
    expect(http.sent).toHaveLength(3) // first page, ?cursor=a, ?cursor=b; the second ?cursor=a is never sent
  })

  it('follows a relative next on the same origin', async () => {
    const server = await vendor((req) =>
      req.query.get('cursor') === null
        ? json(200, { next: `${req.path}?cursor=2`, results: [{ room_id: 'a' }] })
        : json(200, { next: null, results: req.path.endsWith('/rooms') ? [{ room_id: 'b' }] : [] }),
    )
    const s = snapshotOf(await poll(adapter(config(server.origin)).a))
    expect(s.chatRooms.map((r) => r.id)).toEqual(['a', 'b'])
    expect(s.agents).toEqual([])
    expect(s.health).toBe('partial') // the users page had a row without user_id ({room_id: 'a'})
  })

  it("cuts the token out of the vendor's error text", async () => {
    const server = await vendor(() => json(401, { detail: `Invalid token ${TOKEN}` }))
    const r = await poll(adapter(config(server.origin)).a)
    expect(failureOf(r).vendorMessage).toBe('Invalid token [redacted]')
    expect(JSON.stringify(r)).not.toContain(TOKEN)
  })

  it('a 400 on a next page is the vendor failing its own link, not our config', async () => {
    const server = await vendor((req) =>
      req.query.get('cursor') === null
        ? json(200, { next: `${req.origin}${req.path}?cursor=2`, results: [] })
        : json(400, { cursor: ['Invalid cursor.'] }),
    )
    const f = failureOf(await poll(adapter(config(server.origin)).a))
    expect(f).toMatchObject({ code: 'bad_response', status: 400, vendorMessage: 'cursor: Invalid cursor.' })
    expect(f.terminal).toBeUndefined()
  })
})
