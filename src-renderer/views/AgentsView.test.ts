// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { AgentRow } from '../../src-shared/live'
import { AGENT_STATES } from '../../src-shared/model'
import { useClockStore } from '../stores/clock'
import { useLiveStore } from '../stores/live'
import { agent, connection, liveState, T0 } from '../testing/fixtures'
import { createTestApp, usePageAtT0 } from '../testing/mount'
import AgentBoardCells from '../components/agents/AgentBoardCells.vue'
import AgentsView from './AgentsView.vue'

function manyAgents(n: number): AgentRow[] {
  return Array.from({ length: n }, (_, i) =>
    agent(i % 2 ? 'eu' : 'us', String(i).padStart(5, '0'), {
      name: `Agent ${String(i).padStart(5, '0')}`,
      state: AGENT_STATES[i % 7] ?? 'available',
      stateSince: T0 - (i + 1) * 1000,
      groupIds: [i % 3 ? 'sales' : 'support'],
    }),
  )
}

function setup(
  agents: AgentRow[],
  connections = [connection('eu', { label: 'EU voice' }), connection('us', { label: 'US' })],
) {
  const t = createTestApp()
  const live = useLiveStore()
  live.replaceAll(liveState({ serverNow: T0, connections, agents }))
  const wrapper = mount(AgentsView, { global: t.global, attachTo: document.body })
  return { wrapper, live, clock: useClockStore() }
}

describe('AgentsView', () => {
  usePageAtT0()

  it('renders only a window of rows for 5,000 agents, and moves the window when scrolled', async () => {
    const { wrapper } = setup(manyAgents(5000))
    const rows = wrapper.findAll('[data-testid="agent-row"]')
    expect(rows.length).toBeGreaterThan(10)
    expect(rows.length).toBeLessThan(60)
    const table = wrapper.get('[role="table"]')
    expect(table.attributes('aria-rowcount')).toBe('5001')
    expect(rows[0]?.attributes('aria-rowindex')).toBe('2')
    expect(wrapper.get('.body').attributes('style')).toContain(`height: ${5000 * 32}px`)

    table.element.scrollTop = 32 * 3000
    await table.trigger('scroll')
    vi.advanceTimersByTime(20) // the scroll handler runs on the next animation frame
    await nextTick()
    const moved = wrapper.findAll('[data-testid="agent-row"]')
    expect(moved.length).toBeLessThan(60)
    const indexes = moved.map((r) => Number(r.attributes('aria-rowindex')))
    expect(Math.min(...indexes)).toBeGreaterThan(2950)
    expect(Math.min(...indexes)).toBeLessThanOrEqual(3002)
    expect(moved[0]?.attributes('style')).toContain(`translateY(${(indexes[0]! - 2) * 32}px)`)
  })

  it('re-renders only the rows whose agent a patch changed, however the rest moved', async () => {
    const agents = manyAgents(200)
    const { wrapper, live } = setup(agents)
    const rendered = () =>
      new Map(
        wrapper
          .findAllComponents(AgentBoardCells)
          .map((c) => [(c.props('row') as AgentRow).key, c.vm.$.subTree] as const),
      )
    const before = rendered()
    // The first agent on the board changes state: it leaves the window and every row below it moves up one place.
    const first = wrapper.findComponent(AgentBoardCells).props('row') as AgentRow
    const changed: AgentRow = { ...first, state: 'busy', stateSince: T0 }
    expect(
      live.applyPatch({
        seq: (live.seq ?? 0) + 1,
        serverNow: T0 + 5_000,
        paused: false,
        upserts: { agents: [changed] },
        removed: {},
      }),
    ).toBe('applied')
    await nextTick()
    const after = rendered()
    const kept = [...after].filter(([key]) => before.has(key))
    expect(kept.length).toBeGreaterThan(10)
    expect(after.has(first.key)).toBe(false)
    // A row that moved keeps the cells it had: its position changed, not what it shows.
    for (const [key, tree] of kept) expect(tree, key).toBe(before.get(key))
    const moved = wrapper.findAll('[data-testid="agent-row"]')
    expect(moved[0]?.attributes('aria-rowindex')).toBe('2')
  })

  it('shows counts per state as filter chips and filters by them', async () => {
    const { wrapper } = setup(manyAgents(70))
    const busyChip = wrapper.get('button[data-state="busy"]')
    expect(busyChip.text()).toContain('Busy')
    expect(busyChip.text()).toContain('10')
    expect(busyChip.attributes('aria-pressed')).toBe('false')
    await busyChip.trigger('click')
    expect(busyChip.attributes('aria-pressed')).toBe('true')
    const rows = wrapper.findAll('[data-testid="agent-row"]')
    expect(rows).toHaveLength(10)
    expect(new Set(rows.map((r) => r.attributes('data-state')))).toEqual(new Set(['busy']))
    expect(wrapper.text()).toContain('10 of 70 agents')
  })

  it('searches and filters by group and connection', async () => {
    const { wrapper } = setup(manyAgents(70))
    await wrapper.get('input[type="search"]').setValue('agent 00042')
    expect(wrapper.findAll('[data-testid="agent-row"]').map((r) => r.get('[role="cell"]').text())).toEqual([
      'Agent 00042',
    ])
    await wrapper.get('input[type="search"]').setValue('')
    const [groupSelect, connectionSelect] = wrapper.findAll('select')
    // Teams are chosen by name (src-shared/teams.ts).
    await groupSelect!.setValue('name:support')
    await connectionSelect!.setValue('eu')
    const rows = wrapper.findAll('[data-testid="agent-row"]')
    // odd i (eu) and i % 3 === 0 (support): 3, 9, 15, … 69
    expect(rows).toHaveLength(12)
    expect(rows.every((r) => r.text().includes('EU voice') && r.text().includes('support'))).toBe(true)
    await wrapper.get('button.btn-quiet').trigger('click')
    expect(wrapper.get('[role="table"]').attributes('aria-rowcount')).toBe('71')
    expect(wrapper.text()).toContain('70 of 70 agents')
  })

  it('sorts from the column headers and says so with aria-sort', async () => {
    const { wrapper } = setup(manyAgents(20))
    const headers = wrapper.findAll('[role="columnheader"]')
    const nameHeader = headers[0]!
    await nameHeader.get('button').trigger('click')
    expect(nameHeader.attributes('aria-sort')).toBe('ascending')
    let names = wrapper.findAll('.col-name[role="cell"]').map((c) => c.text())
    expect(names.slice(0, 3)).toEqual(['Agent 00000', 'Agent 00001', 'Agent 00002'])
    await nameHeader.get('button').trigger('click')
    expect(nameHeader.attributes('aria-sort')).toBe('descending')
    names = wrapper.findAll('.col-name[role="cell"]').map((c) => c.text())
    expect(names[0]).toBe('Agent 00019')

    const timeHeader = headers[2]!
    await timeHeader.get('button').trigger('click')
    expect(timeHeader.attributes('aria-sort')).toBe('descending')
    expect(nameHeader.attributes('aria-sort')).toBeUndefined()
    // Longest in state first: agent i has been in its state for i + 1 seconds.
    expect(
      wrapper
        .findAll('[data-testid="time-in-state"]')
        .map((c) => c.text())
        .slice(0, 3),
    ).toEqual(['0:20', '0:19', '0:18'])
  })

  it('ticks time in state with the clock', async () => {
    const { wrapper, clock } = setup([agent('eu', '1', { stateSince: T0 - 58_000 })])
    const stop = clock.start()
    const cell = () => wrapper.get('[data-testid="time-in-state"]').text()
    expect(cell()).toBe('0:58')
    // Ticks land just after each of main's second boundaries.
    vi.advanceTimersByTime(1_010)
    await nextTick()
    expect(cell()).toBe('0:59')
    vi.advanceTimersByTime(2_000)
    await nextTick()
    expect(cell()).toBe('1:01')
    stop()
  })

  it('marks rows of stale connections and says "no live state" where the provider has none', () => {
    const { wrapper } = setup(
      [
        agent('eu', '1', { name: 'Fresh' }),
        agent('old', '2', { name: 'Old' }),
        agent('th', '3', {
          name: 'Report only',
          provider: 'thulium',
          state: 'unknown',
          rawState: null,
          stateSince: null,
        }),
      ],
      [
        connection('eu'),
        connection('old', { stale: true, state: 'stale' }),
        connection('th', { provider: 'thulium' }),
      ],
    )
    const row = (name: string) =>
      wrapper.findAll('[data-testid="agent-row"]').find((r) => r.text().includes(name))!
    expect(row('Fresh').attributes('data-stale')).toBeUndefined()
    expect(row('Fresh').text()).not.toContain('Stale')
    expect(row('Old').attributes('data-stale')).toBe('true')
    expect(row('Old').classes()).toContain('is-stale')
    expect(row('Old').text()).toContain('Stale')
    const thulium = row('Report only')
    expect(thulium.attributes('data-state')).toBe('unknown')
    expect(thulium.text()).toContain('No live state')
    expect(thulium.get('[data-testid="time-in-state"]').text()).toBe('—')
  })

  it('follows live patches', async () => {
    const { wrapper, live } = setup([agent('eu', '1', { name: 'Ann', state: 'available' })])
    live.applyPatch({
      seq: 2,
      serverNow: T0,
      paused: false,
      upserts: { agents: [agent('eu', '1', { name: 'Ann', state: 'not_ready', stateReason: 'Break' })] },
      removed: {},
    })
    await nextTick()
    const row = wrapper.get('[data-testid="agent-row"]')
    expect(row.attributes('data-state')).toBe('not_ready')
    expect(row.text()).toContain('Not ready')
    expect(row.text()).toContain('Break')
  })

  it('shows today’s figures the user picks from the Columns menu, a dash where the vendor gives none, and remembers them', async () => {
    const today = {
      handled: 12,
      rejected: 0,
      loginSec: null,
      availableSec: 754,
      breakSec: null,
      wrapUpSec: null,
      avgHandleSec: null,
      talkSec: null,
      missed: null,
    }
    const { wrapper } = setup([
      agent('eu', 'a1', { name: 'Ann', today }),
      agent('eu', 'a2', { name: 'Bob', today: null, stateSince: T0 - 5000 }),
    ])
    expect(wrapper.findAll('[role="columnheader"]')).toHaveLength(6)
    const menu = wrapper.get('[data-testid="columns-menu"]')
    await menu.get('input[data-column="handled"]').setValue(true)
    await menu.get('input[data-column="available"]').setValue(true)
    await menu.get('input[data-column="rejected"]').setValue(true)
    const heads = wrapper.findAll('[role="columnheader"]').map((h) => h.text())
    expect(heads.slice(6)).toEqual(['Handled', 'Rejected', 'Idle'])
    const cells = (name: string) =>
      wrapper
        .findAll('[data-testid="agent-row"]')
        .find((r) => r.text().includes(name))!
        .findAll('.col-extra')
    expect(cells('Ann').map((c) => c.text())).toEqual(['12', '0', '12:34'])
    const bob = cells('Bob')
    expect(bob.map((c) => c.text())).toEqual(['—', '—', '—'])
    expect(bob[0]!.attributes('title')).toBe('The vendor does not give this figure')
    expect(JSON.parse(localStorage.getItem('floorwalker.agentsView.v1')!).columns).toEqual([
      'handled',
      'rejected',
      'available',
    ])
    await menu.get('input[data-column="rejected"]').setValue(false)
    expect(cells('Ann').map((c) => c.text())).toEqual(['12', '12:34'])
  })

  it("opens an agent's details from the row, with today's figures and the raw vendor fields; Escape closes", async () => {
    const { wrapper } = setup([
      agent('eu', '1', {
        name: 'Ann',
        state: 'not_ready',
        rawState: 'NR-Lunch',
        stateReason: 'Lunch',
        stateSince: T0 - 1_000_000,
        today: {
          handled: 12,
          rejected: 1,
          loginSec: 14_400,
          availableSec: 3_600,
          breakSec: 1_200,
          wrapUpSec: 600,
          avgHandleSec: 245,
          talkSec: 5_400,
          missed: null,
        },
        raw: { 'agent-id': 17, status: { code: 'NR', label: 'Lunch' } },
      }),
      agent('eu', '2', { name: 'Bob' }),
    ])
    expect(wrapper.find('[data-testid="agent-drawer"]').exists()).toBe(false)
    await wrapper
      .findAll('[data-testid="agent-open"]')
      .find((b) => b.text() === 'Ann')!
      .trigger('click')
    const drawer = wrapper.get('[data-testid="agent-drawer"]')
    expect(drawer.attributes('role')).toBe('dialog')
    expect(drawer.get('h2').text()).toBe('Ann')
    expect(drawer.text()).toContain('NR-Lunch')
    expect(drawer.text()).toContain('Lunch')
    // 1,000 s not ready is past the default 15-minute limit
    expect(drawer.text()).toContain('warning after 15:00 (default)')
    const today = drawer.get('[data-testid="agent-today"]').text()
    for (const figure of [
      'Handled12',
      'Rejected1',
      'Logged in4:00:00',
      'On break20:00',
      'Avg handle time4:05',
    ])
      expect(today.replace(/\s+/g, '')).toContain(figure.replace(/\s+/g, ''))
    const raw = drawer.get('[data-testid="agent-raw"]').text()
    expect(raw).toContain('agent-id')
    expect(raw).toContain('status.label')
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Close details')

    await drawer.trigger('keydown', { key: 'Escape' })
    expect(wrapper.find('[data-testid="agent-drawer"]').exists()).toBe(false)
  })

  it('marks time in state past its limit with an icon and words, not colour alone', () => {
    const { wrapper } = setup([
      agent('eu', '1', { name: 'Long break', state: 'not_ready', stateSince: T0 - 1_000_000 }),
      agent('eu', '2', { name: 'Short break', state: 'not_ready', stateSince: T0 - 60_000 }),
      agent('eu', '3', { name: 'Long wrap', state: 'wrap_up', stateSince: T0 - 200_000 }),
    ])
    const row = (name: string) =>
      wrapper.findAll('[data-testid="agent-row"]').find((r) => r.text().includes(name))!
    const cell = (name: string) => row(name).get('[data-testid="time-in-state"] .time-in-state')
    expect(cell('Long break').attributes('data-limit')).toBe('warning')
    expect(cell('Long break').find('svg').exists()).toBe(true)
    expect(cell('Long break').text()).toContain('over the 15:00 limit')
    expect(cell('Short break').attributes('data-limit')).toBeUndefined()
    expect(cell('Long wrap').text()).toContain('over the 2:00 limit')
    expect(wrapper.get('[data-testid="limits-note"]').text()).toContain('2 over their limit')
    expect(wrapper.get('[data-testid="limits-note"]').text()).toContain(
      'Default limits: Not ready 15:00, Wrap-up 2:00',
    )
  })

  it('groups rows by team under collapsible headers', async () => {
    const { wrapper } = setup(manyAgents(30))
    await wrapper.get('button[data-value="team"]').trigger('click')
    const sections = wrapper.findAll('[data-testid="agent-section"]')
    expect(sections.map((s) => s.attributes('data-section'))).toEqual([
      'team:name:sales',
      'team:name:support',
    ])
    expect(sections[0]!.text()).toContain('20 agents')
    const toggle = sections[0]!.get('button')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    await toggle.trigger('click')
    expect(wrapper.get('[data-section="team:name:sales"] button').attributes('aria-expanded')).toBe('false')
    expect(wrapper.findAll('[data-testid="agent-row"]')).toHaveLength(10)
  })

  it('shows an agent on hold as On hold, counts the busy on hold in the Busy chip, and ticks the contact in the drawer', async () => {
    const { wrapper, clock } = setup([
      agent('eu', 'h', { name: 'Hana', state: 'busy', onHold: true, contactSince: T0 - 125_000 }),
      agent('eu', 'b', { name: 'Bo', state: 'busy', onHold: false, contactSince: T0 - 30_000 }),
      agent('eu', 'g', { name: 'Gil', state: 'busy', onHold: null, contactSince: null }),
      agent('eu', 'a', { name: 'Ada', state: 'available', onHold: false }),
    ])
    const rowOf = (name: string) =>
      wrapper.findAll('[data-testid="agent-row"]').find((r) => r.text().includes(name))!
    expect(rowOf('Hana').get('.state-badge').text()).toBe('On hold')
    expect(rowOf('Hana').get('.state-badge').classes()).toContain('state-busy')
    expect(rowOf('Bo').get('.state-badge').text()).toBe('Busy')
    // Hold is busy: the Busy chip counts all three and says how many of them are on hold.
    const busyChip = wrapper.get('.chip[data-state="busy"]')
    expect(busyChip.get('.chip-count').text()).toBe('3')
    expect(busyChip.get('[data-testid="on-hold-count"]').text()).toBe('1 on hold')
    expect(wrapper.get('.chip[data-state="available"]').find('[data-testid="on-hold-count"]').exists()).toBe(
      false,
    )

    const open = async (name: string) => {
      await wrapper
        .findAll('[data-testid="agent-open"]')
        .find((b) => b.text() === name)!
        .trigger('click')
      return wrapper.get('[data-testid="agent-contact"]')
    }
    expect((await open('Hana')).text()).toBe('2:05, on hold now')
    clock.now = T0 + 10_000
    await nextTick()
    expect(wrapper.get('[data-testid="agent-contact"]').text()).toBe('2:15, on hold now')
    expect((await open('Bo')).text()).toBe('0:40')
    // Busy without the contact's start: the vendor does not give it, never "none".
    expect((await open('Gil')).text()).toBe('Not given by this vendor')
    expect((await open('Ada')).text()).toBe('None')
  })
})
