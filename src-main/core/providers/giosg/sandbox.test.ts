import { afterEach, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../sandbox/server'
import { startGiosgSandbox, type GiosgSandboxOptions } from './sandbox'
import { agent, fixedSim, manualClock, room } from './test-sim'

const TOKEN = 'sandbox-token-5d1e'
const T0 = Date.UTC(2024, 2, 10, 12, 0, 0)
const ROOMS = '/api/v4/reporting/realtime/rooms'
const USERS = '/api/v4/reporting/realtime/users'

let server: SandboxServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function start(extra: Partial<GiosgSandboxOptions> = {}, sim = fixedSim()) {
  const clock = manualClock(T0)
  server = await startGiosgSandbox({ sim, clock, username: 'unused', secret: TOKEN, ...extra })
  return { server, clock, sim }
}

async function get(url: string, auth: string | null = `Token ${TOKEN}`) {
  const res = await fetch(url, { headers: auth === null ? {} : { authorization: auth } })
  const text = await res.text()
  let body: Record<string, unknown>
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    body = { text }
  }
  return { status: res.status, headers: res.headers, body }
}

describe('giosg sandbox: auth', () => {
  it('asks for credentials, refuses a wrong token and takes Token or Bearer with the right one', async () => {
    const { server } = await start()
    const none = await get(server.origin + ROOMS, null)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Token')
    expect(none.body).toEqual({ detail: 'Authentication credentials were not provided.' })
    expect((await get(server.origin + ROOMS, 'Token wrong')).body).toEqual({ detail: 'Invalid token.' })
    expect((await get(server.origin + ROOMS, `Basic ${TOKEN}`)).status).toBe(401)
    expect((await get(server.origin + ROOMS, `Token ${TOKEN}`)).status).toBe(200)
    expect((await get(server.origin + ROOMS, `token ${TOKEN}`)).status).toBe(200)
    expect((await get(server.origin + USERS, `Bearer ${TOKEN}`)).status).toBe(200)
  })

  it('answers 403 for a token without the reports permission', async () => {
    const { server } = await start({ forbiddenToken: 'no-reports' })
    const r = await get(server.origin + USERS, 'Token no-reports')
    expect(r.status).toBe(403)
    expect(r.body).toEqual({ detail: 'You do not have permission to perform this action.' })
  })

  it('knows only its two paths and GET', async () => {
    const { server } = await start()
    expect((await get(server.origin + '/api/v4/reporting/realtime/chats')).status).toBe(404)
    expect((await get(server.origin + ROOMS + '/')).status).toBe(200)
    const post = await fetch(server.origin + ROOMS, {
      method: 'POST',
      headers: { authorization: `Token ${TOKEN}` },
    })
    expect(post.status).toBe(405)
  })
})

describe('giosg sandbox: pagination', () => {
  it('walks uneven pages with absolute next URLs that keep the filters', async () => {
    const agents = ['1', '2', '3', '4', '5', '6', '7', '8'].map((id) => agent(id, 'available'))
    const { server } = await start({ pageSizes: [3, 1, 2] }, fixedSim({ agents }))
    const sizes: number[] = []
    const ids: unknown[] = []
    let url: string | null = `${server.origin}${USERS}?user_id=1,2,3,4,5,6,7,8`
    let previous: unknown = 'unset'
    while (url !== null) {
      const r = await get(url)
      expect(r.status).toBe(200)
      const results = r.body.results as Record<string, unknown>[]
      sizes.push(results.length)
      ids.push(...results.map((u) => u.user_id))
      if (sizes.length === 1) expect(r.body.previous).toBeNull()
      else expect(typeof r.body.previous).toBe('string')
      previous = r.body.previous
      url = r.body.next as string | null
      if (url !== null) {
        expect(url.startsWith(`${server.origin}${USERS}?`)).toBe(true)
        const q = new URL(url).searchParams
        expect(q.get('user_id')).toBe('1,2,3,4,5,6,7,8')
        expect(q.get('cursor')).toMatch(/^[A-Za-z0-9_-]+$/)
      }
    }
    expect(sizes).toEqual([3, 1, 2, 2])
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(previous).toContain('cursor=')
  })

  it('serves one empty last page for an empty organization', async () => {
    const { server } = await start()
    const r = await get(server.origin + ROOMS)
    expect(r.body).toEqual({ next: null, previous: null, results: [] })
  })

  it('serves the vendor document shape (no next/previous) when asked', async () => {
    const { server } = await start({ paginationKeys: false }, fixedSim({ chatRooms: [room('a'), room('b')] }))
    const r = await get(server.origin + ROOMS)
    expect(Object.keys(r.body)).toEqual(['results'])
    expect(r.body.results).toHaveLength(2)
  })

  it('freezes a walk: later pages describe the instant page 1 was asked', async () => {
    const sim = fixedSim({ chatRooms: [room('a', { waitingChats: 1 }), room('b', { waitingChats: 1 })] })
    const { server } = await start({ pageSizes: [1] }, sim)
    const first = await get(server.origin + ROOMS)
    sim.state = { ...sim.state, chatRooms: [room('a', { waitingChats: 9 }), room('b', { waitingChats: 9 })] }
    const second = await get(first.body.next as string)
    expect((second.body.results as Record<string, unknown>[])[0]?.waiting_chats).toBe(1)
    const fresh = await get(server.origin + ROOMS)
    expect((fresh.body.results as Record<string, unknown>[])[0]?.waiting_chats).toBe(9)
  })

  it('refuses unknown, foreign and expired cursors with 404 "Invalid cursor"', async () => {
    const { server, clock } = await start(
      { pageSizes: [1], cursorTtlMs: 60_000 },
      fixedSim({ chatRooms: [room('a'), room('b')] }),
    )
    expect((await get(`${server.origin}${ROOMS}?cursor=bogus`)).body).toEqual({ detail: 'Invalid cursor' })
    const first = await get(server.origin + ROOMS)
    const next = new URL(first.body.next as string)
    expect((await get(`${server.origin}${USERS}${next.search}`)).status).toBe(404)
    clock.set(T0 + 61_000)
    expect((await get(next.href)).status).toBe(404)
  })

  it('refuses page sizes that could never end a walk', async () => {
    await expect(
      startGiosgSandbox({
        sim: fixedSim(),
        clock: manualClock(0),
        username: '',
        secret: 'x',
        pageSizes: [0],
      }),
    ).rejects.toThrow(/pageSizes/)
  })
})

describe('giosg sandbox: rooms', () => {
  it('answers in the vendor document shape, sorted by id, waits to a tenth of a second, Date from the clock', async () => {
    const { server } = await start({}, fixedSim({ chatRooms: [room('b'), room('a')] }))
    const r = await get(server.origin + ROOMS)
    const results = r.body.results as Record<string, unknown>[]
    expect(results.map((x) => x.room_id)).toEqual(['a', 'b'])
    expect(results[0]).toEqual({
      room_id: 'a',
      room_name: 'Room a',
      currently_open_chats: 2,
      free_capacity: 3,
      waiting_chats: 1,
      average_wait_time: 12.3,
      max_wait_time: 30.1,
      missed_chats: 1,
      real_chats: 10,
      current_visitors: 40,
    })
    expect(r.headers.get('date')).toBe(new Date(T0).toUTCString())
  })

  it('filters by a comma-delimited room_id and leaves shared rooms out unless include_shared', async () => {
    const sim = fixedSim({ chatRooms: [room('a'), room('b'), room('c'), room('s')] })
    const { server } = await start({ sharedRoomIds: ['s'] }, sim)
    const ids = async (q: string) =>
      ((await get(`${server.origin}${ROOMS}${q}`)).body.results as Record<string, unknown>[]).map(
        (x) => x.room_id,
      )
    expect(await ids('')).toEqual(['a', 'b', 'c'])
    expect(await ids('?include_shared=true')).toEqual(['a', 'b', 'c', 's'])
    expect(await ids('?room_id=c,a')).toEqual(['a', 'c'])
    expect(await ids('?room_id=s')).toEqual([])
    expect(await ids('?room_id=s&include_shared=True')).toEqual(['s'])
    expect((await get(`${server.origin}${ROOMS}?include_shared=maybe`)).status).toBe(400)
  })

  it('validates the timezone', async () => {
    const { server } = await start()
    const bad = await get(`${server.origin}${ROOMS}?timezone=Mars%2FOlympus_Mons`)
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({ timezone: ["Unknown timezone 'Mars/Olympus_Mons'."] })
    expect((await get(`${server.origin}${ROOMS}?timezone=%2B02%3A00`)).status).toBe(400)
    expect((await get(`${server.origin}${ROOMS}?timezone=Europe%2FHelsinki`)).status).toBe(200)
  })

  it("counts today's chats from midnight in the requested timezone", async () => {
    const start21 = Date.UTC(2024, 2, 10, 21, 0, 0) // 23:00 in Helsinki, 21:00 UTC
    const sim = fixedSim({ chatRooms: [room('a', { today: { ...room('a').today!, chats: 10, missed: 2 } })] })
    const { server, clock } = await start({}, sim)
    clock.set(start21)
    const today = async (zone: string) => {
      const r = await get(`${server.origin}${ROOMS}?timezone=${encodeURIComponent(zone)}`)
      const row = (r.body.results as Record<string, unknown>[])[0]
      return [row?.real_chats, row?.missed_chats]
    }
    expect(await today('UTC')).toEqual([10, 2])
    expect(await today('Europe/Helsinki')).toEqual([10, 2])
    // 22:30 UTC is 00:30 in Helsinki: a new day there, not yet in UTC.
    clock.set(Date.UTC(2024, 2, 10, 22, 30, 0))
    sim.state = {
      ...sim.state,
      chatRooms: [room('a', { today: { ...room('a').today!, chats: 14, missed: 3 } })],
    }
    expect(await today('UTC')).toEqual([14, 3])
    expect(await today('Europe/Helsinki')).toEqual([4, 1])
    // The simulator's own day restarts (its counters drop): the running totals keep growing.
    clock.set(Date.UTC(2024, 2, 11, 0, 30, 0))
    sim.state = {
      ...sim.state,
      chatRooms: [room('a', { today: { ...room('a').today!, chats: 1, missed: 0 } })],
    }
    expect(await today('UTC')).toEqual([1, 0])
    expect(await today('Europe/Helsinki')).toEqual([5, 1])
  })

  it('passes unknown simulator values on as null', async () => {
    const { server } = await start(
      {},
      fixedSim({ chatRooms: [room('a', { waitingChats: null, today: null })] }),
    )
    const row = ((await get(server.origin + ROOMS)).body.results as Record<string, unknown>[])[0]
    expect(row).toMatchObject({ waiting_chats: null, real_chats: null, missed_chats: null })
  })
})

describe('giosg sandbox: users', () => {
  const agents = [
    agent('10', 'available', {
      groupIds: ['1', 'sales'],
      queueIds: ['r1', 'voice-q', 'r2'],
      openInteractions: 3,
    }),
    agent('2', 'not_ready', { email: 'two@example.com' }),
    agent('30', 'logged_out', { name: null }),
    agent('4', 'busy', { freeCapacity: null, openInteractions: 2 }),
  ]
  const sim = () => fixedSim({ agents, chatRooms: [room('r1'), room('r2')] })

  it("answers in the vendor document shape with the document's is_logged_id spelling", async () => {
    const { server } = await start({}, sim())
    const results = (await get(server.origin + USERS)).body.results as Record<string, unknown>[]
    expect(results.map((u) => u.user_id)).toEqual([2, 4, 10, 30])
    expect(results[2]).toEqual({
      user_id: 10,
      email: 'agent.10@sandbox.giosg.test',
      is_logged_id: true,
      is_online: true,
      currently_open_chats: 3,
      free_capacity: 1,
      rooms: [
        { room_id: 'r1', room: { currently_open_chats: 2, id: 'r1', name: 'Room r1' } },
        { room_id: 'r2', room: { currently_open_chats: 1, id: 'r2', name: 'Room r2' } },
      ],
      teams: [{ team_id: 1 }, { team_id: 'sales' }],
    })
    expect(results[0]).toMatchObject({
      email: 'two@example.com',
      is_logged_id: true,
      is_online: false,
      free_capacity: 0,
    })
    expect(results[1]).toMatchObject({ is_online: true, free_capacity: 0, currently_open_chats: 2 })
    expect(results[3]).toMatchObject({
      email: 'operator.30@sandbox.giosg.test',
      is_logged_id: false,
      is_online: false,
    })
  })

  it('can spell it is_logged_in and filters by a comma-delimited user_id', async () => {
    const { server } = await start({ loggedInKey: 'is_logged_in' }, sim())
    const results = (await get(`${server.origin}${USERS}?user_id=30,2`)).body.results as Record<
      string,
      unknown
    >[]
    expect(results.map((u) => [u.user_id, u.is_logged_in, 'is_logged_id' in u])).toEqual([
      [2, true, false],
      [30, false, false],
    ])
  })
})
