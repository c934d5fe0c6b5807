// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { agent, connection, queue, T0 } from '../testing/fixtures'
import { createTestApp, seedLive, usePageAtT0 } from '../testing/mount'
import WallboardView from './WallboardView.vue'

async function setup(hash: string) {
  window.location.hash = hash
  const t = createTestApp()
  seedLive({
    connections: [connection('eu', { label: 'EU voice' })],
    agents: [
      agent('eu', '1', { name: 'Ann', state: 'not_ready', stateSince: T0 - 1_200_000 }),
      agent('eu', '2', { name: 'Bob', state: 'available' }),
    ],
    queues: [queue('eu', 'sales', { name: 'Sales', waiting: 4, longestWaitSec: 95 })],
  })
  // The wallboard's settings are the route's query: the page has opened it first.
  await t.router.isReady()
  return mount(WallboardView, { global: t.global, attachTo: document.body })
}

describe('WallboardView', () => {
  usePageAtT0()

  it('shows the chosen panels in turn, with no buttons, links or fields to operate', async () => {
    const wrapper = await setup('#/wallboard?views=overview,agents&every=10')
    expect(wrapper.get('[data-testid="wallboard"]').attributes('data-panel')).toBe('overview')
    expect(wrapper.get('h1').text()).toBe('Overview')
    expect(wrapper.get('[data-testid="wb-waiting"]').text()).toBe('4')
    expect(wrapper.text()).toContain('4 waiting: 4 calls, 0 chats')
    expect(wrapper.findAll('button, a, input, select')).toHaveLength(0)

    vi.advanceTimersByTime(10_000)
    await nextTick()
    expect(wrapper.get('h1').text()).toBe('Agents')
    // Ann has been not ready for 20 minutes, past the default 15-minute limit
    expect(wrapper.text()).toContain('Over their state’s limit')
    expect(wrapper.text()).toContain('Ann')
    expect(wrapper.text()).toContain('> 15:00')
    expect(wrapper.findAll('button, a, input, select')).toHaveLength(0)
  })

  it('lists the rotation so the room knows what comes next', async () => {
    const wrapper = await setup('#/wallboard?views=queues,messages&every=30')
    const steps = wrapper.findAll('.rotation li')
    expect(steps.map((s) => s.text())).toEqual(['Queues & chats', 'Messages'])
    expect(steps[0]!.attributes('aria-current')).toBe('step')
    expect(wrapper.findAll('[data-testid="wb-tile"]')).toHaveLength(1)
  })
})
