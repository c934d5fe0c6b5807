import { describe, expect, it } from 'vitest'
import type { Breach } from './alerts'
import { agent, chatRoom, queue } from '../testing/fixtures'
import type { AgentsViewFilter, QueuesViewFilter } from '../../src-shared/views'
import {
  agentMatches,
  filterAgents,
  queueOptions,
  queueRowMatches,
  reasonOptions,
  teamLabel,
  teamOptions,
  teamsText,
} from './view-filters'

const none: AgentsViewFilter = {
  states: [],
  team: null,
  queue: null,
  connection: null,
  reason: null,
  search: '',
}
const agents = [
  agent('demo', '1', { name: 'Anna', groupIds: ['1'], groupNames: ['Sales team'], queueIds: ['q-sales'] }),
  agent('demo', '2', {
    name: 'Łukasz',
    state: 'not_ready',
    stateReason: 'Lunch',
    groupIds: ['2'],
    groupNames: ['Support team'],
    queueIds: ['q-support', 'room-web'],
  }),
  // Bright Pattern: the team id is its name, and the same name on the simulator is the same team.
  agent('bp', '7', { name: 'Zoe', state: 'not_ready', stateReason: 'Break', groupIds: ['Support team'] }),
  // 8x8: numbers only.
  agent('eu', '9', { name: 'Bob', groupIds: ['3'], queueIds: ['115'] }),
  agent('eu', '10', { name: 'Carl', groupIds: [] }),
]
const ids = (rows: { id: string }[]) => rows.map((r) => r.id)

describe('agent filters', () => {
  it('filter by team name across connections, by a numbered team per connection', () => {
    expect(ids(filterAgents(agents, { ...none, team: 'name:Support team' }))).toEqual(['2', '7'])
    expect(ids(filterAgents(agents, { ...none, team: 'id:eu:3' }))).toEqual(['9'])
    expect(ids(filterAgents(agents, { ...none, team: 'id:demo:3' }))).toEqual([])
  })

  it('filter by the queue or room an agent serves, by reason, connection, state and search together', () => {
    expect(ids(filterAgents(agents, { ...none, queue: 'demo:room-web' }))).toEqual(['2'])
    expect(ids(filterAgents(agents, { ...none, queue: 'eu:115' }))).toEqual(['9'])
    // The same queue id on another connection is another queue.
    expect(ids(filterAgents(agents, { ...none, queue: 'demo:115' }))).toEqual([])
    expect(ids(filterAgents(agents, { ...none, reason: 'Break' }))).toEqual(['7'])
    expect(ids(filterAgents(agents, { ...none, states: ['not_ready'], connection: 'demo' }))).toEqual(['2'])
    // Search folds case and diacritics and finds team names.
    expect(ids(filterAgents(agents, { ...none, search: 'lukasz support' }))).toEqual(['2'])
    expect(ids(filterAgents(agents, { ...none, search: 'sales TEAM' }))).toEqual(['1'])
    expect(agentMatches(agents[0]!, none, [])).toBe(true)
  })

  it('list teams once, named first, numbered ones with their connection when several connections have agents', () => {
    const options = teamOptions(agents)
    expect(options.map((o) => o.key)).toEqual(['name:Sales team', 'name:Support team', 'id:eu:3'])
    const label = (o: (typeof options)[number]) =>
      teamLabel(
        o,
        (id) => `Team ${id}`,
        (c) => c.toUpperCase(),
      )
    expect(options.map(label)).toEqual(['Sales team', 'Support team', 'Team 3 · EU'])
    // One connection only: no need to say which.
    expect(teamOptions([agents[3]!]).map(label)).toEqual(['Team 3'])
    expect(teamsText(agents[1]!, (id) => `Team ${id}`)).toBe('Support team')
    expect(teamsText(agents[3]!, (id) => `Team ${id}`)).toBe('Team 3')
  })

  it('list reasons and the queues agents serve, named after their rows', () => {
    expect(reasonOptions(agents)).toEqual(['Break', 'Lunch'])
    const names = new Map([
      ['demo:q-sales', 'Sales'],
      ['demo:room-web', 'Web shop'],
    ])
    expect(queueOptions(agents, (k) => names.get(k) ?? null)).toEqual([
      { key: 'eu:115', label: '115' },
      { key: 'demo:q-support', label: 'q-support' },
      { key: 'demo:q-sales', label: 'Sales' },
      { key: 'demo:room-web', label: 'Web shop' },
    ])
  })
})

describe('queue filters', () => {
  const all: QueuesViewFilter = { kind: 'all', media: null, connection: null, alert: 'all', search: '' }
  const q = queue('demo', 'q1', { name: 'Sales', media: 'voice' })
  const mail = queue('demo', 'q2', { name: 'Inbox', media: 'email' })
  const unclassed = queue('eu', 'q3', { name: 'Misc', media: null })
  const room = chatRoom('demo', 'r1', { name: 'Web shop' })
  const critical: Breach = { severity: 'critical', alerts: [] }
  const warning: Breach = { severity: 'warning', alerts: [] }
  const pass = (
    row: typeof q | typeof room,
    kind: 'queue' | 'chatRoom',
    f: Partial<QueuesViewFilter>,
    breach: Breach | null = null,
  ) =>
    queueRowMatches(
      row,
      kind,
      { ...all, ...f },
      { breach, connectionLabel: row.connection === 'demo' ? 'Demo' : 'EU' },
    )

  it('by media, rooms being chat and unclassed queues "unknown"', () => {
    expect(pass(q, 'queue', { media: 'voice' })).toBe(true)
    expect(pass(mail, 'queue', { media: 'voice' })).toBe(false)
    expect(pass(room, 'chatRoom', { media: 'chat' })).toBe(true)
    expect(pass(unclassed, 'queue', { media: 'unknown' })).toBe(true)
    expect(pass(q, 'queue', { kind: 'chats' })).toBe(false)
  })

  it('by alert state, connection and search', () => {
    expect(pass(q, 'queue', { alert: 'alerting' }, warning)).toBe(true)
    expect(pass(q, 'queue', { alert: 'alerting' })).toBe(false)
    expect(pass(q, 'queue', { alert: 'critical' }, warning)).toBe(false)
    expect(pass(q, 'queue', { alert: 'critical' }, critical)).toBe(true)
    expect(pass(q, 'queue', { alert: 'quiet' }, critical)).toBe(false)
    expect(pass(q, 'queue', { alert: 'quiet' })).toBe(true)
    expect(pass(unclassed, 'queue', { connection: 'demo' })).toBe(false)
    expect(pass(unclassed, 'queue', { search: 'eu misc' })).toBe(true)
  })
})
