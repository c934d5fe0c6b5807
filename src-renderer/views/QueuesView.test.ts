// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { useClockStore } from '../stores/clock'
import { chatRoom, connection, queue, T0 } from '../testing/fixtures'
import { createTestApp, seedLive } from '../testing/mount'
import QueuesView from './QueuesView.vue'

function setup() {
  const t = createTestApp()
  seedLive({
    connections: [
      connection('eu', { label: 'EU voice', provider: '8x8' }),
      connection('web', { label: 'Web chat', provider: 'giosg', stale: true, state: 'stale' }),
    ],
    queues: [
      queue('eu', 'sales', { name: 'Sales', provider: '8x8', asOf: T0 - 4_000 }),
      queue('eu', 'empty', {
        name: 'Billing',
        provider: '8x8',
        waiting: null,
        longestWaitSec: null,
        avgWaitNowSec: null,
        agentsAvailable: null,
        agentsBusy: null,
        serviceLevelPct: null,
        serviceLevelTargetPct: null,
        today: null,
      }),
    ],
    chatRooms: [chatRoom('web', 'lobby', { name: 'Lobby', asOf: T0 - 10_000 })],
  })
  const wrapper = mount(QueuesView, { global: t.global })
  return { wrapper, clock: useClockStore() }
}

const card = (wrapper: ReturnType<typeof setup>['wrapper'], testid: string, name: string) =>
  wrapper.findAll(`[data-testid="${testid}"]`).find((c) => c.find('h3').text() === name)!
const value = (el: ReturnType<typeof card>, testid: string) => el.get(`[data-testid="${testid}"]`).text()

describe('QueuesView', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('shows a card per queue with vendor, connection and its figures', () => {
    const { wrapper } = setup()
    expect(wrapper.findAll('[data-testid="queue-card"]')).toHaveLength(2)
    const sales = card(wrapper, 'queue-card', 'Sales')
    expect(sales.text()).toContain('8x8 · EU voice')
    expect(sales.text()).toContain('Calls')
    expect(value(sales, 'waiting')).toBe('3')
    // 75 s as of 4 s ago, and people are still waiting.
    expect(value(sales, 'longest-wait')).toBe('1:19')
    // Now and today are two figures with two labels (8x8 gives only today's: then only that one shows).
    expect(value(sales, 'avg-wait-now')).toBe('0:40')
    expect(value(sales, 'avg-wait-today')).toBe('0:35')
    expect(sales.text()).toContain('Avg wait now')
    expect(sales.text()).toContain('Avg wait today')
    expect(value(sales, 'agents-available')).toBe('2')
    expect(value(sales, 'agents-busy')).toBe('5')
    expect(value(sales, 'received')).toBe('120')
    expect(value(sales, 'answered')).toBe('110')
    expect(value(sales, 'abandoned')).toBe('6')
    const meter = sales.get('[role="meter"]')
    expect(meter.attributes('aria-valuenow')).toBe('72')
    expect(sales.text()).toContain('72%')
    expect(sales.text()).toContain('target 80%')
    expect(sales.text()).toContain('below target')
    expect(sales.get('.sl-fill').attributes('style')).toContain('width: 72%')
    expect(sales.get('.sl-target').attributes('style')).toContain('left: 80%')
  })

  it('shows unknown values as "—", never 0', () => {
    const { wrapper } = setup()
    const billing = card(wrapper, 'queue-card', 'Billing')
    for (const id of [
      'waiting',
      'longest-wait',
      'avg-wait-now',
      'agents-available',
      'agents-busy',
      'received',
      'answered',
      'abandoned',
    ])
      expect(value(billing, id), id).toBe('—')
    expect(billing.find('[role="meter"]').exists()).toBe(false)
    expect(billing.find('.sl-fill').exists()).toBe(false)
    expect(billing.text()).toContain('no target')
    expect(billing.text()).not.toContain('below target')
  })

  it('ticks the longest wait while customers wait', async () => {
    const { wrapper, clock } = setup()
    const stop = clock.start()
    vi.advanceTimersByTime(2_010)
    await nextTick()
    expect(value(card(wrapper, 'queue-card', 'Sales'), 'longest-wait')).toBe('1:21')
    stop()
  })

  it('shows chat rooms with their own figures and marks stale ones', () => {
    const { wrapper } = setup()
    const rooms = wrapper.findAll('[data-testid="chatroom-card"]')
    expect(rooms).toHaveLength(1)
    const lobby = rooms[0]!
    expect(lobby.text()).toContain('giosg · Web chat')
    expect(value(lobby, 'waiting')).toBe('1')
    // Stale data does not tick on: the last known wait (50 s, 10 s ago) stands, marked stale.
    expect(value(lobby, 'longest-wait')).toBe('0:50')
    expect(value(lobby, 'received')).toBe('80')
    expect(value(lobby, 'abandoned')).toBe('2')
    expect(lobby.classes()).toContain('is-stale')
    expect(lobby.text()).toContain('Stale')
    expect(card(wrapper, 'queue-card', 'Sales').classes()).not.toContain('is-stale')
  })
})
