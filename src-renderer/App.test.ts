// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import App from './App.vue'
import { agent, appInfo, connection, liveState, patch, queue, T0 } from './testing/fixtures'
import { createTestApp, navigated, usePageAtT0 } from './testing/mount'

function setup() {
  const t = createTestApp()
  t.fake.handle('live:get', () =>
    liveState({
      serverNow: T0,
      connections: [
        connection('eu', { label: 'EU voice' }),
        connection('bp', { state: 'unreachable', label: 'BP' }),
      ],
      agents: [agent('eu', '1', { name: 'Ann' })],
      queues: [queue('eu', 'sales', { name: 'Sales', waiting: 2 })],
    }),
  )
  t.fake.handle('app:info', () => appInfo({ prefs: { theme: 'dark', language: 'en' } }))
  t.fake.handle('polling:setPaused', () => null)
  const wrapper = mount(App, { global: t.global, attachTo: document.body })
  return { wrapper, fake: t.fake, router: t.router }
}

describe('App', () => {
  usePageAtT0()

  it('navigates between views with links named after them', async () => {
    const { wrapper, router } = setup()
    await router.isReady()
    await flushPromises()
    const links = wrapper.findAll('nav a')
    expect(links.map((l) => l.text().replace(/\d+$/, '').trim())).toEqual([
      'Overview',
      'Agents',
      'Queues & chats',
      'Messages',
      'Alerts',
      'Shift report',
      'Connections',
    ])
    expect(links[0]!.attributes('aria-current')).toBe('page')
    expect(wrapper.findAll('[data-testid="connection-card"]')).toHaveLength(2)

    let shown = navigated(router)
    await links[1]!.trigger('click')
    await shown
    expect(window.location.hash).toBe('#/agents')
    expect(links[1]!.attributes('aria-current')).toBe('page')
    expect(wrapper.findAll('[data-testid="agent-row"]')).toHaveLength(1)

    shown = navigated(router)
    await links[2]!.trigger('click')
    await shown
    expect(wrapper.findAll('[data-testid="queue-card"]')).toHaveLength(1)

    // The hash is the source of truth: back/forward and bookmarks land on the right view.
    shown = navigated(router)
    window.location.hash = '#/agents'
    window.dispatchEvent(new PopStateEvent('popstate', { state: window.history.state }))
    await shown
    expect(wrapper.findAll('[data-testid="agent-row"]')).toHaveLength(1)
  })

  it('shows overall health, the paused state, the saved theme and a lost link', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    expect(wrapper.get('button.health').text()).toBe('1 of 2 failing')
    expect(document.documentElement.dataset.theme).toBe('dark')
    expect(wrapper.text()).not.toContain('Polling paused')

    await wrapper
      .findAll('button')
      .find((b) => b.text() === 'Pause polling')!
      .trigger('click')
    await flushPromises()
    expect(fake.calls.at(-1)).toEqual({ channel: 'polling:setPaused', args: { paused: true } })
    fake.emit('live:patch', patch(2, { paused: true }))
    await nextTick()
    expect(wrapper.text()).toContain('Polling paused')

    fake.setLink({ state: 'lost', retryAt: Date.now() + 4_000 })
    await nextTick()
    const alert = wrapper.get('[role="alert"]')
    expect(alert.text()).toContain('Connection to Floorwalker lost')
    expect(alert.text()).toContain('Retrying in 4 s')
    expect(wrapper.get('button.health').text()).toBe('Health unknown')
  })
})
