import { describe, expect, it } from 'vitest'
import { agent, T0 } from '../testing/fixtures'
import { rule } from '../testing/alert-fixtures'
import { ruleCovers } from '../../src-shared/rules/scope'
import {
  MEMBERSHIP_GIVEN,
  membersOf,
  panelFromQuery,
  panelRoute,
  splitKey,
  stateCountsOf,
  withoutPanel,
} from './queue-panel'

describe('the queue panel in the route', () => {
  it('reads a queue or a room from the query, and nothing from a malformed key', () => {
    expect(panelFromQuery({ queue: 'demo:115' })).toEqual({ kind: 'queue', key: 'demo:115' })
    expect(panelFromQuery({ room: 'web:lobby:2' })).toEqual({ kind: 'chatRoom', key: 'web:lobby:2' })
    expect(panelFromQuery({ queue: ['demo:1', 'demo:2'] })).toEqual({ kind: 'queue', key: 'demo:1' })
    expect(panelFromQuery({ queue: 'no-colon' })).toBeNull()
    expect(panelFromQuery({ queue: ':115' })).toBeNull()
    expect(panelFromQuery({})).toBeNull()
  })

  it('opens one panel at a time on the Queues view and keeps the rest of the query', () => {
    expect(panelRoute({ kind: 'chatRoom', key: 'web:lobby' }, { queue: 'demo:1', x: 'y' })).toEqual({
      name: 'queues',
      query: { x: 'y', room: 'web:lobby' },
    })
    expect(withoutPanel({ queue: 'a:b', room: 'c:d', x: 'y' })).toEqual({ x: 'y' })
    expect(splitKey('web:lobby:2')).toEqual({ connection: 'web', id: 'lobby:2' })
  })
})

describe('who serves a queue', () => {
  const agents = [
    agent('demo', 'a', { name: 'Ann', state: 'busy', stateSince: T0 - 60_000, queueIds: ['115'] }),
    agent('demo', 'b', {
      name: 'Bob',
      state: 'available',
      stateSince: T0 - 10_000,
      queueIds: ['115', '116'],
    }),
    agent('demo', 'c', { name: 'Cid', state: 'available', stateSince: T0 - 90_000, queueIds: ['115'] }),
    agent('demo', 'd', { name: 'Dee', state: 'not_ready', stateSince: T0 - 5_000, queueIds: ['115'] }),
    agent('demo', 'e', { name: 'Eve', state: 'available', queueIds: ['116'] }),
    // The same queue id on another connection is another queue.
    agent('other', 'f', { name: 'Fay', state: 'available', queueIds: ['115'] }),
  ]

  it('lists the members of that connection, available first and longest in state first', () => {
    expect(membersOf(agents, 'demo', '115').map((a) => a.name)).toEqual(['Cid', 'Bob', 'Ann', 'Dee'])
    expect(membersOf(agents, 'demo', '999')).toEqual([])
  })

  it('counts them per state in the board’s order, leaving out states nobody is in', () => {
    expect(stateCountsOf(membersOf(agents, 'demo', '115'))).toEqual([
      { state: 'available', n: 2 },
      { state: 'busy', n: 1 },
      { state: 'not_ready', n: 1 },
    ])
  })

  it('knows which vendors say who serves what (docs/FEATURES.md)', () => {
    expect(
      Object.entries(MEMBERSHIP_GIVEN)
        .filter(([, v]) => v)
        .map(([k]) => k)
        .sort(),
    ).toEqual(['giosg', 'simulator'])
  })
})

describe('the rules that watch a queue', () => {
  const sales = { connection: 'eu', id: 'sales', media: 'voice' as const }
  it('takes kind, connection, ids and media as the alert engine does', () => {
    expect(ruleCovers(rule('r'), 'queue', sales)).toBe(true)
    expect(ruleCovers(rule('r'), 'chatRoom', sales)).toBe(false)
    expect(ruleCovers(rule('r', { connection: 'eu' }), 'queue', sales)).toBe(true)
    expect(ruleCovers(rule('r', { connection: 'us' }), 'queue', sales)).toBe(false)
    expect(ruleCovers(rule('r', { ids: ['sales', 'x'] }), 'queue', sales)).toBe(true)
    expect(ruleCovers(rule('r', { ids: ['x'] }), 'queue', sales)).toBe(false)
    expect(ruleCovers(rule('r', { media: ['voice'] }), 'queue', sales)).toBe(true)
    expect(ruleCovers(rule('r', { media: ['chat'] }), 'queue', sales)).toBe(false)
    // A queue nobody could class is taken only by a rule naming `unknown` or no media.
    expect(ruleCovers(rule('r', { media: ['voice'] }), 'queue', { ...sales, media: null })).toBe(false)
    expect(ruleCovers(rule('r', { media: ['unknown'] }), 'queue', { ...sales, media: null })).toBe(true)
    expect(ruleCovers(rule('r', { entity: 'chatRoom', field: 'waitingChats' }), 'chatRoom', sales)).toBe(true)
  })
})
