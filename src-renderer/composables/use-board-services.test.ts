// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { ChatMessageRow } from '../../src-shared/live'
import App from '../App.vue'
import { useAnnouncerStore } from '../stores/announcer'
import { agent, appInfo, chatMessage, connection, liveState, patch, T0 } from '../testing/fixtures'
import { createTestApp, navigated, usePageAtT0 } from '../testing/mount'

const message = (id: string, over: Partial<ChatMessageRow> = {}): ChatMessageRow =>
  chatMessage('eu', id, { text: `text ${id}`, ...over })

function setup() {
  const t = createTestApp()
  t.fake.handle('live:get', () =>
    liveState({
      serverNow: T0,
      connections: [connection('eu', { label: 'EU voice' })],
      agents: [agent('eu', '1', { name: 'Ann' })],
      chatMessages: [message('old', { urgent: true, text: 'already there' })],
    }),
  )
  t.fake.handle('app:info', () =>
    appInfo({ shell: 'web', readOnly: true, keychain: { available: false, detail: null } }),
  )
  const wrapper = mount(App, { global: t.global, attachTo: document.body })
  return { wrapper, fake: t.fake, router: t.router }
}

const press = (key: string) => window.dispatchEvent(new KeyboardEvent('keydown', { key }))

describe('board services', () => {
  usePageAtT0()

  it('announces new urgent messages and connection problems in the live regions, not what was already there', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    const announcer = useAnnouncerStore()
    expect(announcer.recent).toEqual([])

    fake.emit(
      'live:patch',
      patch(2, { upserts: { chatMessages: [message('new', { urgent: true, text: 'CRM down' })] } }),
    )
    await nextTick()
    vi.advanceTimersByTime(100)
    await nextTick()
    expect(wrapper.get('[data-testid="announce-assertive"]').text()).toBe(
      'Urgent message from Laura: CRM down',
    )

    fake.emit(
      'live:patch',
      patch(3, { upserts: { connections: [connection('eu', { label: 'EU voice', state: 'auth_failed' })] } }),
    )
    await nextTick()
    vi.advanceTimersByTime(100)
    await nextTick()
    expect(wrapper.get('[data-testid="announce-assertive"]').text()).toBe('Credentials rejected: EU voice.')
    expect(wrapper.get('[data-testid="connectivity-banner"]').text()).toContain(
      'EU voice (Simulator) rejected its credentials.',
    )

    fake.emit('live:patch', patch(4, { upserts: { connections: [connection('eu', { label: 'EU voice' })] } }))
    await nextTick()
    vi.advanceTimersByTime(100)
    await nextTick()
    expect(wrapper.get('[data-testid="announce-polite"]').text()).toBe('All connections are working again.')
  })

  it('switches views with "g" shortcuts, opens the help with "?", and ignores keys typed in a field', async () => {
    const { wrapper, router } = setup()
    await flushPromises()
    await router.isReady()
    const route = router.currentRoute
    let shown = navigated(router)
    press('g')
    press('a')
    await shown
    expect(route.value.name).toBe('agents')
    expect(window.location.hash).toBe('#/agents')

    shown = navigated(router)
    press('g')
    press('m')
    await shown
    expect(route.value.name).toBe('messages')

    press('/')
    await nextTick()
    const search = document.activeElement as HTMLInputElement
    expect(search.getAttribute('data-shortcut')).toBe('search')
    search.dispatchEvent(new KeyboardEvent('keydown', { key: 'g', bubbles: true }))
    search.dispatchEvent(new KeyboardEvent('keydown', { key: 'o', bubbles: true }))
    await nextTick()
    expect(route.value.name).toBe('messages')
    search.blur()

    press('?')
    await nextTick()
    await nextTick()
    const dialog = wrapper.get('[data-testid="shortcuts-dialog"]')
    expect(dialog.attributes('open')).toBeDefined()
    expect(dialog.text()).toContain('Go to Agents')
    expect(dialog.text()).toContain('Enter or leave wallboard mode')
  })

  it('enters wallboard mode with "w" (no header or navigation) and leaves with Escape', async () => {
    const { wrapper, router } = setup()
    await router.isReady()
    let shown = navigated(router)
    press('g')
    press('q')
    await shown
    shown = navigated(router)
    press('w')
    await shown
    expect(wrapper.find('[data-testid="wallboard"]').exists()).toBe(true)
    expect(wrapper.find('nav').exists()).toBe(false)
    expect(window.location.hash).toBe('#/wallboard?views=overview,queues,agents&every=20')
    shown = navigated(router)
    press('Escape')
    await shown
    expect(wrapper.find('[data-testid="wallboard"]').exists()).toBe(false)
    expect(router.currentRoute.value.name).toBe('queues')
  })
})
