import { describe, expect, it } from 'vitest'
import { blankAgent, blankChatRoom, blankQueue } from './model'

const AGENT_KEYS = [
  'id',
  'name',
  'email',
  'state',
  'rawState',
  'stateReason',
  'timeInStateSec',
  'stateSince',
  'onHold',
  'contactSec',
  'contactSince',
  'media',
  'openInteractions',
  'freeCapacity',
  'groupIds',
  'queueIds',
  'today',
  'raw',
]

const QUEUE_KEYS = [
  'id',
  'name',
  'media',
  'waiting',
  'longestWaitSec',
  'avgWaitNowSec',
  'offered',
  'inProgress',
  'agentsAvailable',
  'agentsBusy',
  'agentsWrapUp',
  'agentsNotReady',
  'agentsLoggedIn',
  'agentsLoggedOut',
  'serviceLevelPct',
  'serviceLevelTargetPct',
  'today',
  'last30m',
  'raw',
]

const CHAT_ROOM_KEYS = [
  'id',
  'name',
  'openChats',
  'waitingChats',
  'avgWaitNowSec',
  'maxWaitNowSec',
  'freeCapacity',
  'visitorsNow',
  'today',
  'raw',
]

/** The entity's values other than the named keys. */
const rest = (o: object, ...keys: string[]) => Object.entries(o).filter(([k]) => !keys.includes(k))

describe('blank entities', () => {
  it('blankAgent has every Agent key, nothing known: state unknown, nulls, no groups or queues', () => {
    const a = blankAgent('a1')
    expect(Object.keys(a).sort()).toEqual([...AGENT_KEYS].sort())
    expect(a).toMatchObject({ id: 'a1', name: null, state: 'unknown', groupIds: [], queueIds: [] })
    expect(rest(a, 'id', 'state', 'groupIds', 'queueIds').every(([, v]) => v === null)).toBe(true)
  })

  it('blankQueue has every Queue key, every figure (and media, today, last30m, raw) null', () => {
    const q = blankQueue('q1', 'Sales')
    expect(Object.keys(q).sort()).toEqual([...QUEUE_KEYS].sort())
    expect(q).toMatchObject({ id: 'q1', name: 'Sales' })
    expect(rest(q, 'id', 'name').every(([, v]) => v === null)).toBe(true)
  })

  it('blankChatRoom has every ChatRoom key, every figure (and today, raw) null', () => {
    const r = blankChatRoom('r1', 'Web chat')
    expect(Object.keys(r).sort()).toEqual([...CHAT_ROOM_KEYS].sort())
    expect(r).toMatchObject({ id: 'r1', name: 'Web chat' })
    expect(rest(r, 'id', 'name').every(([, v]) => v === null)).toBe(true)
  })

  it('lets `over` win over the blanks, the id and the name', () => {
    const a = blankAgent('a1', { id: 'a2', name: 'Ann', state: 'busy', queueIds: ['q1'], raw: { x: 1 } })
    expect(a).toMatchObject({ id: 'a2', name: 'Ann', state: 'busy', queueIds: ['q1'], raw: { x: 1 } })
    expect(a.email).toBeNull()
    const q = blankQueue('q1', 'Sales', { name: 'Support', media: 'chat', waiting: 0 })
    expect(q).toMatchObject({ id: 'q1', name: 'Support', media: 'chat', waiting: 0, longestWaitSec: null })
    const r = blankChatRoom('r1', 'Web chat', { openChats: 3, today: null })
    expect(r).toMatchObject({ name: 'Web chat', openChats: 3, waitingChats: null })
  })

  it('gives each agent its own lists', () => {
    const a = blankAgent('a1')
    a.groupIds.push('g1')
    a.queueIds.push('q1')
    expect(blankAgent('a2')).toMatchObject({ groupIds: [], queueIds: [] })
  })
})
