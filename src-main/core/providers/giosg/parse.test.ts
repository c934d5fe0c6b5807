import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { operatorState, parsePage, parseRooms, parseUsers, type GiosgPage } from './parse'

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')
}

function page(name: string): GiosgPage {
  const r = parsePage(fixture(name))
  if (!r.ok) throw new Error(`fixture ${name} did not parse: ${r.detail}`)
  return r.page
}

describe('parsePage', () => {
  it('reads the vendor document sample, which has no next/previous keys, as a last page', () => {
    const p = page('doc-rooms.json')
    expect(p.next).toBeNull()
    expect(p.results).toHaveLength(1)
  })

  it('keeps next verbatim, cursor and all', () => {
    expect(page('rooms-page1.json').next).toBe(
      'https://service.giosg.com/api/v4/reporting/realtime/rooms?cursor=4f1c2b7e0a9d4c1e8b2f6a7d9e0c1b2a&timezone=Europe%2FHelsinki',
    )
    expect(page('rooms-page2.json').next).toBeNull()
  })

  it('accepts an empty results list', () => {
    expect(parsePage('{"next": null, "previous": null, "results": []}')).toEqual({
      ok: true,
      page: { next: null, results: [] },
    })
  })

  it('refuses bodies that are not a paginated collection', () => {
    expect(parsePage('<html>Service unavailable</html>').ok).toBe(false)
    expect(parsePage('[]').ok).toBe(false)
    expect(parsePage('{"detail": "x"}')).toEqual({
      ok: false,
      detail: '"results" is missing or not an array',
    })
    expect(parsePage('{"results": [], "next": 5}')).toEqual({
      ok: false,
      detail: '"next" is neither a URL nor null',
    })
    expect(parsePage('{"results": [ {"broken":').ok).toBe(false)
  })
})

describe('parseRooms', () => {
  it('maps the vendor document room sample field by field (docs/vendors/giosg.md §7.4)', () => {
    const r = parseRooms(page('doc-rooms.json').results)
    expect(r.warnings).toEqual([])
    expect(r.skipped).toBe(0)
    expect(r.rooms).toHaveLength(1)
    const room = r.rooms[0]
    expect(room).toMatchObject({
      id: 'e6a850ca-e1d3-11e4-9706-38b1dbe48b5b',
      name: 'domain.com',
      openChats: 8,
      waitingChats: 3,
      avgWaitNowSec: 14.6,
      maxWaitNowSec: 24.2,
      freeCapacity: 4,
      visitorsNow: 123,
      today: {
        chats: 76,
        missed: 2,
        answered: null,
        avgWaitSec: null,
        maxWaitSec: null,
        avgChatSec: null,
        serviceLevelPct: null,
        satisfactionPct: null,
      },
    })
    expect((room?.raw as Record<string, unknown>).real_chats).toBe(76)
  })

  it('maps both reference pages (fixtures/rooms-page*.json), daily waits included', () => {
    const r = parseRooms([...page('rooms-page1.json').results, ...page('rooms-page2.json').results])
    expect(r.rooms.map((x) => x.id)).toEqual([
      'e6a850ca-e1d3-11e4-9706-38b1dbe48b5b',
      '0b9f6c34-2a51-4a7e-9d0e-5c3f1e2d7a88',
    ])
    expect(r.rooms[0]?.today).toMatchObject({ chats: 76, missed: 2, avgWaitSec: 9.8, maxWaitSec: 61 })
    expect(r.rooms[1]).toMatchObject({
      name: 'support.domain.com',
      openChats: 0,
      waitingChats: 0,
      avgWaitNowSec: 0,
      maxWaitNowSec: 0,
      freeCapacity: 6,
      visitorsNow: 17,
      today: { chats: 12, missed: 0, avgWaitSec: 4.1, maxWaitSec: 22.5 },
    })
  })

  it('turns missing, negative or non-numeric values into null and skips rows without an id', () => {
    const r = parseRooms([
      { room_id: 'a', room_name: '', waiting_chats: '7', average_wait_time: -1, max_wait_time: 'soon' },
      { room_name: 'no id' },
      'not an object',
    ])
    expect(r.rooms).toHaveLength(1)
    expect(r.rooms[0]).toMatchObject({
      id: 'a',
      name: 'a',
      waitingChats: 7,
      avgWaitNowSec: null,
      maxWaitNowSec: null,
      openChats: null,
      today: { chats: null, missed: null },
    })
    expect(r.skipped).toBe(2)
    expect(r.warnings).toEqual(['giosg: 2 room row(s) without a room_id were left out'])
  })

  it('keeps one row per room when a room shows up on two pages', () => {
    const r = parseRooms([
      { room_id: 'a', waiting_chats: 1 },
      { room_id: 'b', waiting_chats: 2 },
      { room_id: 'a', waiting_chats: 5 },
    ])
    expect(r.rooms.map((x) => [x.id, x.waitingChats])).toEqual([
      ['a', 5],
      ['b', 2],
    ])
    expect(r.warnings).toEqual(['giosg: 1 room(s) came twice across pages; the later row is shown'])
  })
})

describe('parseUsers', () => {
  it('maps the vendor document user sample (docs/vendors/giosg.md §7.2)', () => {
    const r = parseUsers(page('doc-users.json').results)
    expect(r.warnings).toEqual([])
    expect(r.agents).toEqual([
      {
        id: '1',
        name: 'name@domain.com',
        email: 'name@domain.com',
        state: 'available',
        rawState: 'logged_in=true online=true free_capacity=2',
        stateReason: null,
        timeInStateSec: null,
        stateSince: null,
        onHold: null,
        contactSec: null,
        contactSince: null,
        media: 'chat',
        openInteractions: 3,
        freeCapacity: 2,
        groupIds: ['1'],
        queueIds: ['e6a850ca-e1d3-11e4-9706-38b1dbe48b5b'],
        today: null,
        raw: JSON.parse(fixture('doc-users.json')).results[0],
      },
    ])
  })

  it('maps the reference users fixture: an online operator and a logged-in one who is not online', () => {
    const r = parseUsers(page('users.json').results)
    expect(r.agents.map((a) => [a.id, a.state, a.media, a.groupIds, a.queueIds])).toEqual([
      ['1', 'available', 'chat', ['1'], ['e6a850ca-e1d3-11e4-9706-38b1dbe48b5b']],
      ['2', 'not_ready', null, ['1', '4'], []],
    ])
    expect(r.agents[1]).toMatchObject({ name: 'second@domain.com', openInteractions: 0, freeCapacity: 0 })
  })

  it('prefers a name when the payload has one and keeps UUID user ids as they are', () => {
    const r = parseUsers([
      { user_id: '7f3a1c2e-0000-4000-8000-000000000001', email: 'a@x.com', full_name: 'Anna Virtanen' },
      { user_id: 9, name: 'Ben', email: null },
      { user_id: 10, email: '' },
    ])
    expect(r.agents.map((a) => [a.id, a.name, a.email])).toEqual([
      ['7f3a1c2e-0000-4000-8000-000000000001', 'Anna Virtanen', 'a@x.com'],
      ['9', 'Ben', null],
      ['10', null, null],
    ])
  })

  it('takes room ids from room.id when room_id is missing and drops repeats', () => {
    const r = parseUsers([
      {
        user_id: 3,
        rooms: [{ room: { id: 'r1' } }, { room_id: 'r2' }, { room_id: 'r1' }, 'junk'],
        teams: [{ team_id: 4 }, { team_id: 4 }, { team_id: 'x' }, {}],
      },
    ])
    expect(r.agents[0]?.queueIds).toEqual(['r1', 'r2'])
    expect(r.agents[0]?.groupIds).toEqual(['4', 'x'])
  })

  it('skips operators without a user_id and warns about missing login flags', () => {
    const r = parseUsers([{ email: 'ghost@x.com' }, { user_id: 5, is_online: true, free_capacity: 1 }])
    expect(r.agents.map((a) => [a.id, a.state])).toEqual([['5', 'available']])
    expect(r.skipped).toBe(1)
    expect(r.warnings).toEqual([
      'giosg: 1 operator row(s) without a user_id were left out',
      'giosg: 1 operator(s) carry neither is_logged_in nor is_logged_id',
    ])
  })
})

describe('operatorState (docs/vendors/giosg.md §7.1)', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['logged out', { is_logged_in: false, is_online: true, free_capacity: 2 }, 'logged_out'],
    ['logged out, document spelling', { is_logged_id: false, is_online: false }, 'logged_out'],
    ['logged in, not online', { is_logged_in: true, is_online: false, free_capacity: 0 }, 'not_ready'],
    ['online with free capacity', { is_logged_id: true, is_online: true, free_capacity: 1 }, 'available'],
    [
      'online and full',
      { is_logged_in: true, is_online: true, free_capacity: 0, currently_open_chats: 3 },
      'busy',
    ],
    [
      'online, capacity unknown, chats open',
      { is_logged_in: true, is_online: true, currently_open_chats: 2 },
      'busy',
    ],
    ['online, capacity unknown, no chats', { is_logged_in: true, is_online: true }, 'unknown'],
    ['login unknown, not online', { is_online: false }, 'unknown'],
    ['login known, online unknown', { is_logged_in: true }, 'unknown'],
  ]
  for (const [label, row, state] of cases) {
    it(label, () => {
      expect(operatorState(row).state).toBe(state)
    })
  }

  it('reads is_logged_in before the misspelt is_logged_id', () => {
    expect(operatorState({ is_logged_in: false, is_logged_id: true, is_online: true }).state).toBe(
      'logged_out',
    )
  })
})
