// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { useAlertsStore } from '../../stores/alerts'
import { useClockStore } from '../../stores/clock'
import { alertList, alertView, historyEntry, rule } from '../../testing/alert-fixtures'
import { agent, chatRoom, connection, queue, T0 } from '../../testing/fixtures'
import { createTestApp, seedLive } from '../../testing/mount'
import AlertItem from '../alerts/AlertItem.vue'
import QueuesView from '../../views/QueuesView.vue'

/** The Queues view on a simulator queue whose agents say they serve it, a Bright Pattern queue, and a giosg room. */
async function setup(path = '/queues') {
  const t = createTestApp()
  const live = seedLive({
    connections: [
      connection('demo', { label: 'Demo floor', provider: 'simulator' }),
      connection('bp', { label: 'BP tenant', provider: 'brightpattern' }),
      connection('web', { label: 'Web chat', provider: 'giosg', stale: true, state: 'stale' }),
    ],
    queues: [
      queue('demo', '115', { name: 'Support', provider: 'simulator' }),
      queue('bp', 'Sales', {
        name: 'Sales',
        provider: 'brightpattern',
        serviceLevelTargetPct: null,
        today: {
          received: 40,
          answered: null,
          abandoned: 2,
          avgWaitSec: null,
          avgHandleSec: null,
          serviceLevelPct: 70,
        },
      }),
    ],
    chatRooms: [chatRoom('web', 'lobby', { name: 'Lobby', provider: 'giosg', asOf: T0 - 60_000 })],
    agents: [
      agent('demo', 'a', {
        name: 'Ann',
        state: 'busy',
        onHold: true,
        stateSince: T0 - 60_000,
        queueIds: ['115'],
      }),
      agent('demo', 'b', {
        name: 'Bob',
        state: 'not_ready',
        rawState: 'Break',
        stateReason: 'Lunch',
        stateSince: T0 - 125_000,
        queueIds: ['115'],
      }),
      agent('demo', 'c', { name: 'Cid', state: 'available', stateSince: T0 - 10_000, queueIds: ['115'] }),
      agent('demo', 'x', { name: 'Xan', state: 'available', queueIds: ['116'] }),
      agent('bp', 'p', { name: 'Pat', provider: 'brightpattern', queueIds: [] }),
    ],
  })
  await t.router.push(path)
  await t.router.isReady()
  const wrapper = mount(QueuesView, { global: t.global, attachTo: document.body })
  await flushPromises()
  return { t, wrapper, live, clock: useClockStore(), alerts: useAlertsStore() }
}

type W = Awaited<ReturnType<typeof setup>>['wrapper']
const cardNamed = (w: W, name: string) =>
  w
    .findAll('[data-testid="queue-card"], [data-testid="chatroom-card"]')
    .find((c) => c.find('h3').text() === name)!
const panelOf = (w: W) => w.get('[data-testid="queue-panel"]')

describe('QueuePanel', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0, toFake: ['Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('opens from a card’s name into the route, and Escape takes it out again', async () => {
    const { t, wrapper } = await setup()
    expect(wrapper.find('[data-testid="queue-panel"]').exists()).toBe(false)
    const open = cardNamed(wrapper, 'Support').get('[data-testid="open-panel"]')
    expect(open.attributes('aria-haspopup')).toBe('dialog')
    await open.trigger('click')
    await flushPromises()
    expect(t.router.currentRoute.value.query).toEqual({ queue: 'demo:115' })
    const panel = panelOf(wrapper)
    expect(panel.attributes('role')).toBe('dialog')
    expect(panel.get('h2').text()).toBe('Support')
    expect(document.activeElement).toBe(panel.get('[data-testid="queue-panel-close"]').element)
    await panel.trigger('keydown', { key: 'Escape' })
    await flushPromises()
    expect(t.router.currentRoute.value.query).toEqual({})
    expect(wrapper.find('[data-testid="queue-panel"]').exists()).toBe(false)
    // Escape among the cards closes it as well; in the search box it is the box's own.
    await open.trigger('click')
    await flushPromises()
    await wrapper.get('input[type="search"]').trigger('keydown', { key: 'Escape' })
    await flushPromises()
    expect(t.router.currentRoute.value.query).toEqual({ queue: 'demo:115' })
    await open.trigger('keydown', { key: 'Escape' })
    await flushPromises()
    expect(t.router.currentRoute.value.query).toEqual({})
  })

  it('lists who serves the queue, available first, with reason and a ticking time in state', async () => {
    const { wrapper, clock } = await setup('/queues?queue=demo:115')
    const panel = panelOf(wrapper)
    const rows = panel.findAll('[data-testid="panel-agent"]')
    expect(rows.map((r) => r.get('[data-testid="panel-agent-name"]').text())).toEqual(['Cid', 'Ann', 'Bob'])
    expect(rows.map((r) => r.attributes('data-state'))).toEqual(['available', 'busy', 'not_ready'])
    expect(rows[2]!.get('[data-testid="panel-agent-reason"]').text()).toBe('Lunch')
    // On hold is busy, and says so.
    expect(rows[1]!.text()).toContain('On hold')
    expect(rows[2]!.text()).toContain('Demo floor')
    expect(rows[2]!.text()).toContain('2:05')
    clock.now = T0 + 10_000
    await nextTick()
    expect(rows[2]!.text()).toContain('2:15')
    const counts = panel.get('[data-testid="panel-state-counts"]').findAll('li')
    expect(counts.map((c) => `${c.attributes('data-state')} ${c.get('.num').text()}`)).toEqual([
      'available 1',
      'busy 1',
      'not_ready 1',
    ])
    expect(panel.text()).not.toContain('Xan')
    expect(panel.find('[data-testid="panel-no-membership"]').exists()).toBe(false)
  })

  it('says plainly where the vendor does not tell who serves a queue, never an empty list', async () => {
    const { wrapper } = await setup('/queues?queue=bp:Sales')
    const panel = panelOf(wrapper)
    expect(panel.get('[data-testid="panel-no-membership"]').text()).toBe(
      'Bright Pattern does not say which agents serve a queue, so they cannot be listed here. The counts of agents available and busy above are the vendor’s own.',
    )
    expect(panel.findAll('[data-testid="panel-agent"]')).toHaveLength(0)
    expect(panel.find('[data-testid="panel-no-members"]').exists()).toBe(false)
    // Its figures: "—" where the vendor gives none, with the note saying so; no target yet.
    expect(panel.get('[data-testid="panel-received"]').text()).toBe('40')
    expect(panel.get('[data-testid="panel-answered"]').text()).toBe('—')
    expect(panel.get('[data-testid="panel-missing-note"]').text()).toContain('Bright Pattern does not give')
    expect(panel.text()).toContain('no target')
  })

  it('marks a stale room’s figures as stale and does not tick its wait on', async () => {
    const { wrapper } = await setup('/queues?room=web:lobby')
    const panel = panelOf(wrapper)
    expect(panel.attributes('data-kind')).toBe('chatRoom')
    expect(panel.get('[data-testid="queue-panel-stale"]').text()).toContain('No fresh data from Web chat')
    expect(panel.get('[data-testid="queue-panel-stale"]').element.closest('.is-stale')).not.toBeNull()
    expect(panel.get('[data-testid="panel-longest-wait"]').text()).toBe('0:50')
    // giosg says which operators serve a room: here none does, and the panel says that (not "the vendor does not say").
    expect(panel.get('[data-testid="panel-no-members"]').text()).toBe(
      'No agent of Web chat serves this chat room now.',
    )
  })

  it('shows the rules that watch it and its alerts, each a way to the Alerts view', async () => {
    const { t, wrapper, alerts } = await setup('/queues?queue=demo:115')
    const firing = alertView('wait', 'demo', '115', { ruleName: 'Support backing up', severity: 'critical' })
    alerts.apply(
      alertList({
        active: [firing, alertView('wait', 'demo', '116')],
        history: [historyEntry('sl', 'demo', '115', { ruleName: 'Service level low' })],
      }),
    )
    alerts.rules = [
      rule('wait', { name: 'Support backing up' }),
      rule('sl', {
        name: 'Service level low',
        field: 'serviceLevelPct',
        op: '<',
        warn: 80,
        critical: 60,
        enabled: false,
      }),
      rule('other', { name: 'Other connection', connection: 'bp' }),
      rule('rooms', { name: 'Rooms', entity: 'chatRoom', field: 'waitingChats' }),
    ]
    await nextTick()
    const panel = panelOf(wrapper)
    expect(panel.findAll('[data-testid="panel-rule"]').map((r) => r.text())).toEqual([
      expect.stringContaining('Support backing up'),
      expect.stringContaining('off'),
    ])
    expect(panel.findAll('[data-testid="panel-alert"]')).toHaveLength(1)
    expect(panel.findAll('[data-testid="panel-history"]')).toHaveLength(1)
    await panel.get('[data-testid="panel-alert-open"]').trigger('click')
    await vi.waitFor(() => expect(t.router.currentRoute.value.name).toBe('alerts'), { timeout: 20_000 })
    expect(alerts.focusId).toBe(firing.id)
  })

  it('is opened by an alert about a queue', async () => {
    const t = createTestApp()
    const w = mount(AlertItem, {
      global: t.global,
      props: {
        alert: alertView('wait', 'demo', '115'),
        rule: null,
        mutedUntil: null,
        readOnly: true,
        busy: false,
        focused: false,
        snoozeMinutes: 15,
      },
    })
    const link = w.get('[data-testid="alert-open-panel"]')
    expect(link.text()).toBe('Open queue')
    expect(link.attributes('href')).toBe('#/queues?queue=demo:115')
    const agentAlert = mount(AlertItem, {
      global: t.global,
      props: {
        alert: alertView('brk', 'demo', 'a', { entity: 'agent' }),
        rule: null,
        mutedUntil: null,
        readOnly: true,
        busy: false,
        focused: false,
        snoozeMinutes: 15,
      },
    })
    expect(agentAlert.find('[data-testid="alert-open-panel"]').exists()).toBe(false)
  })
})
