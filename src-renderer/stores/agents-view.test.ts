import { describe, expect, it } from 'vitest'
import { agent, connection, liveState, patch, T0 } from '../testing/fixtures'
import { useMemoryStorage } from '../testing/memory-storage'
import { createTestApp } from '../testing/mount'
import { AGENTS_VIEW_STORAGE_KEY, foldForSearch, useAgentsViewStore } from './agents-view'
import { useLiveStore } from './live'

function seed() {
  createTestApp()
  const live = useLiveStore()
  live.replaceAll(
    liveState({
      connections: [connection('eu', { label: 'EU voice' }), connection('us', { label: 'US chat' })],
      agents: [
        agent('eu', '1', {
          name: 'Łukasz Nowak',
          state: 'not_ready',
          stateReason: 'Lunch',
          stateSince: T0 - 900_000,
          groupIds: ['sales'],
        }),
        agent('eu', '2', {
          name: 'Anna Berg',
          state: 'available',
          stateSince: T0 - 60_000,
          groupIds: ['sales', 'vip'],
        }),
        agent('eu', '3', {
          name: 'zoe Adams',
          state: 'busy',
          stateSince: T0 - 300_000,
          groupIds: ['support'],
          queueIds: ['q1'],
        }),
        agent('us', '4', {
          name: 'Bob Carter',
          state: 'available',
          stateSince: T0 - 120_000,
          groupIds: ['sales'],
        }),
        agent('us', '5', { name: null, state: 'unknown', rawState: null, stateSince: null, groupIds: [] }),
      ],
    }),
  )
  return { live, view: useAgentsViewStore() }
}

const names = (rows: { name: string | null; id: string }[]) => rows.map((r) => r.name ?? r.id)

const memory = useMemoryStorage()

describe('useAgentsViewStore', () => {
  it('sorts by state, longest in state first within a state, by default', () => {
    const { view } = seed()
    expect(names(view.rows)).toEqual(['Bob Carter', 'Anna Berg', 'zoe Adams', 'Łukasz Nowak', '5'])
  })

  it('sorts by name and by time in state in both directions, unknown time last', () => {
    const { view } = seed()
    view.sortBy('name')
    expect(names(view.rows)).toEqual(['5', 'Anna Berg', 'Bob Carter', 'Łukasz Nowak', 'zoe Adams'])
    view.sortBy('name')
    expect(names(view.rows)).toEqual(['zoe Adams', 'Łukasz Nowak', 'Bob Carter', 'Anna Berg', '5'])
    view.sortBy('timeInState') // opens longest first
    expect(view.sortDir).toBe('desc')
    expect(names(view.rows)).toEqual(['Łukasz Nowak', 'zoe Adams', 'Bob Carter', 'Anna Berg', '5'])
    view.sortBy('timeInState')
    expect(names(view.rows)).toEqual(['Anna Berg', 'Bob Carter', 'zoe Adams', 'Łukasz Nowak', '5'])
  })

  it('filters by state, group and connection, and counts states over the other filters', () => {
    const { view } = seed()
    view.toggleState('available')
    expect(names(view.rows).sort()).toEqual(['Anna Berg', 'Bob Carter'])
    view.connection = 'eu'
    expect(names(view.rows)).toEqual(['Anna Berg'])
    expect(view.stateCounts).toMatchObject({ available: 1, busy: 1, not_ready: 1, unknown: 0 })
    view.toggleState('available')
    view.group = 'name:sales'
    expect(names(view.rows).sort()).toEqual(['Anna Berg', 'Łukasz Nowak'])
    expect(view.groups.map((g) => g.key)).toEqual(['name:sales', 'name:support', 'name:vip'])
    view.group = null
    view.reason = 'Lunch'
    expect(names(view.rows)).toEqual(['Łukasz Nowak'])
    view.reason = null
    view.queue = 'eu:q1'
    expect(names(view.rows)).toEqual(['zoe Adams'])
    expect(view.queues.map((q) => q.key)).toEqual(['eu:q1'])
    expect(view.reasons).toEqual(['Lunch'])
    expect(view.filtered).toBe(true)
    view.clearFilters()
    expect(view.rows).toHaveLength(5)
    expect(view.filtered).toBe(false)
  })

  it('keeps the filter lists while only states change, and follows a new reason, queue or team', () => {
    const { view, live } = seed()
    const lists = [view.groups, view.queues, view.reasons, view.connections]
    const seq = live.seq ?? 0
    const one = live.agentMap.get('eu:1')!
    live.applyPatch(
      patch(seq + 1, { upserts: { agents: [{ ...one, state: 'busy', stateReason: 'Lunch' }] } }),
    )
    expect([view.groups, view.queues, view.reasons, view.connections]).toEqual(lists)
    expect(view.groups).toBe(lists[0])
    expect(view.reasons).toBe(lists[2])
    live.applyPatch(
      patch(seq + 2, {
        upserts: { agents: [{ ...one, stateReason: 'Coaching', queueIds: ['q7'], groupIds: ['training'] }] },
      }),
    )
    expect(view.reasons).toContain('Coaching')
    expect(view.queues.map((q) => q.key)).toContain('eu:q7')
    expect(view.groups.map((g) => g.key)).toContain('name:training')
  })

  it('searches names, reasons and groups, ignoring case and diacritics', () => {
    const { view } = seed()
    view.search = 'lukasz'
    expect(names(view.rows)).toEqual(['Łukasz Nowak'])
    view.search = 'LUNCH'
    expect(names(view.rows)).toEqual(['Łukasz Nowak'])
    view.search = 'sales an'
    expect(names(view.rows)).toEqual(['Anna Berg'])
    view.search = 'vip'
    expect(names(view.rows)).toEqual(['Anna Berg'])
    view.search = 'nobody'
    expect(view.rows).toEqual([])
    expect(foldForSearch('Zażółć GĘŚLĄ')).toBe('zazolc gesla')
  })

  it('follows live patches', () => {
    const { live, view } = seed()
    view.toggleState('busy')
    expect(names(view.rows)).toEqual(['zoe Adams'])
    live.applyPatch({
      seq: 2,
      serverNow: T0,
      paused: false,
      upserts: { agents: [agent('eu', '2', { name: 'Anna Berg', state: 'busy', stateSince: T0 })] },
      removed: { agents: ['eu:3'] },
    })
    expect(names(view.rows)).toEqual(['Anna Berg'])
  })

  it('persists filters, search and sort in localStorage and restores them', async () => {
    const first = seed().view
    first.toggleState('not_ready')
    first.group = 'name:sales'
    first.search = 'nowak'
    first.sortBy('name')
    first.toggleColumn('available')
    first.toggleColumn('handled')
    await Promise.resolve()
    const saved = JSON.parse(memory.get(AGENTS_VIEW_STORAGE_KEY) ?? 'null')
    expect(saved).toEqual({
      states: ['not_ready'],
      group: 'name:sales',
      queue: null,
      reason: null,
      connection: null,
      search: 'nowak',
      sortKey: 'name',
      sortDir: 'asc',
      groupBy: 'none',
      collapsed: [],
      byPerson: false,
      columns: ['handled', 'available'],
    })
    const second = seed().view
    expect(second.columns).toEqual(['handled', 'available'])
    expect(second.states).toEqual(['not_ready'])
    expect(second.group).toBe('name:sales')
    expect(names(second.rows)).toEqual(['Łukasz Nowak'])
  })

  it('ignores settings in storage that no longer make sense', () => {
    memory.set(
      AGENTS_VIEW_STORAGE_KEY,
      JSON.stringify({
        states: ['busy', 'dancing'],
        sortKey: 'shoe',
        sortDir: 'up',
        search: 7,
        columns: ['shoeSize', 'handled', 3],
      }),
    )
    const { view } = seed()
    expect(view.columns).toEqual(['handled'])
    expect(view.states).toEqual(['busy'])
    expect(view.sortKey).toBe('state')
    expect(view.sortDir).toBe('asc')
    expect(view.search).toBe('')
    memory.set(AGENTS_VIEW_STORAGE_KEY, '{not json')
    expect(seed().view.states).toEqual([])
  })

  it('groups by team, an agent in two teams under both, agents in no team last, with counts per state', () => {
    const { view } = seed()
    view.groupBy = 'team'
    const sections = view.items.filter((i) => i.type === 'section')
    expect(sections.map((s) => [s.id, s.count])).toEqual([
      ['team:name:sales', 3],
      ['team:name:support', 1],
      ['team:name:vip', 1],
      ['team:', 1],
    ])
    expect(sections[0]).toMatchObject({ counts: { available: 2, not_ready: 1, busy: 0 } })
    const ids = view.items.map((i) => i.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toContain('team:name:vip|eu:2')
    expect(ids).toContain('team:name:sales|eu:2')
  })

  it('keeps and shows a saved view: filter, grouping, sort and columns', () => {
    const { view } = seed()
    view.toggleColumn('handled')
    view.group = 'name:sales'
    view.toggleState('not_ready')
    view.groupBy = 'connection'
    view.sortBy('timeInState')
    const spec = view.spec()
    expect(spec).toEqual({
      filter: {
        states: ['not_ready'],
        team: 'name:sales',
        queue: null,
        connection: null,
        reason: null,
        search: '',
      },
      groupBy: 'connection',
      sort: { key: 'timeInState', dir: 'desc' },
      columns: ['handled'],
    })
    view.clearFilters()
    view.groupBy = 'none'
    view.toggleColumn('handled')
    view.toggleColumn('wrapUp')
    view.apply(spec)
    expect(view.columns).toEqual(['handled'])
    // A view saved before views kept columns leaves the board's as they are.
    view.apply({ ...spec, columns: undefined })
    expect(view.columns).toEqual(['handled'])
    expect(names(view.rows)).toEqual(['Łukasz Nowak'])
    expect(view.groupBy).toBe('connection')
    expect(view.sortKey).toBe('timeInState')
  })

  it('names a numbered team "Team 3" in its section, and a team from before names is dropped from storage', () => {
    memory.set(AGENTS_VIEW_STORAGE_KEY, JSON.stringify({ group: '3' }))
    const { live, view } = seed()
    expect(view.group).toBeNull()
    live.replaceAll(
      liveState({
        connections: [connection('eu', { label: 'EU voice' })],
        agents: [
          agent('eu', '1', { groupIds: ['3'] }),
          agent('eu', '2', { groupIds: ['3'], groupNames: ['Night'] }),
        ],
      }),
    )
    view.groupBy = 'team'
    const sections = view.items.filter((i) => i.type === 'section')
    expect(sections.map((s) => [s.key, s.label ?? null, s.teamId ?? null])).toEqual([
      ['name:Night', 'Night', null],
      ['id:eu:3', null, '3'],
    ])
  })

  it('groups by connection and collapses sections, remembering which', async () => {
    const { view } = seed()
    view.groupBy = 'connection'
    expect(view.items.filter((i) => i.type === 'section').map((s) => s.id)).toEqual([
      'connection:eu',
      'connection:us',
    ])
    view.toggleSection('connection:eu')
    expect(
      view.items.map((i) => (i.type === 'section' ? `[${i.id}${i.collapsed ? ' closed' : ''}]` : i.row.key)),
    ).toEqual(['[connection:eu closed]', '[connection:us]', 'us:4', 'us:5'])
    view.setAllCollapsed(true)
    expect(view.items.every((i) => i.type === 'section')).toBe(true)
    await Promise.resolve()
    expect(JSON.parse(memory.get(AGENTS_VIEW_STORAGE_KEY) ?? 'null')).toMatchObject({
      groupBy: 'connection',
      collapsed: ['connection:eu', 'connection:us'],
    })
    view.setAllCollapsed(false)
    expect(view.items).toHaveLength(7)
  })

  it('keeps the open agent live and lets it go when the agent leaves', () => {
    const { live, view } = seed()
    view.selectedKey = 'eu:2'
    expect(view.selected?.name).toBe('Anna Berg')
    live.applyPatch({
      seq: 2,
      serverNow: T0,
      paused: false,
      upserts: { agents: [agent('eu', '2', { name: 'Anna Berg', state: 'busy' })] },
      removed: {},
    })
    expect(view.selected?.state).toBe('busy')
    live.applyPatch({ seq: 3, serverNow: T0, paused: false, upserts: {}, removed: { agents: ['eu:2'] } })
    expect(view.selected).toBeNull()
  })
})
