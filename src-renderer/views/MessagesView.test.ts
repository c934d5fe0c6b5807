// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ChatMessageRow } from '../../src-shared/live'
import AppNav from '../components/board/AppNav.vue'
import { connection, T0 } from '../testing/fixtures'
import { createTestApp, seedLive } from '../testing/mount'
import MessagesView from './MessagesView.vue'

function message(id: string, over: Partial<ChatMessageRow> = {}): ChatMessageRow {
  return {
    key: `bp:${id}`,
    connection: 'bp',
    provider: 'brightpattern',
    asOf: T0,
    id,
    senderLogin: 'laura.n',
    senderName: 'Laura Nieminen',
    sentAt: T0 - 120_000,
    urgent: false,
    text: `text ${id}`,
    ...over,
  }
}

function setup() {
  const t = createTestApp()
  seedLive({
    connections: [connection('bp', { label: 'BP tenant', provider: 'brightpattern' })],
    chatMessages: [
      message('1', { text: 'Lunch cover thanks', sentAt: T0 - 600_000 }),
      message('2', { text: 'CRM is down', urgent: true, sentAt: T0 - 300_000 }),
      message('3', { text: 'Huddle at 10', sentAt: T0 - 60_000, senderName: null, senderLogin: 'ops' }),
    ],
  })
  const view = mount(MessagesView, { global: t.global })
  const nav = mount(AppNav, { global: t.global })
  return { view, nav }
}

describe('MessagesView', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
    localStorage.clear()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('shows supervisor messages urgent first, then newest, with sender, source and age', () => {
    const { view } = setup()
    const items = view.findAll('[data-testid="message"]')
    expect(items.map((m) => m.find('.text').text())).toEqual([
      'CRM is down',
      'Huddle at 10',
      'Lunch cover thanks',
    ])
    expect(items[0]!.attributes('data-urgent')).toBe('true')
    expect(items[0]!.text()).toContain('Urgent')
    expect(items[0]!.text()).toContain('Laura Nieminen')
    expect(items[0]!.text()).toContain('BP tenant · Bright Pattern')
    expect(items[0]!.text()).toContain('5 min ago')
    expect(items[1]!.text()).toContain('ops')
    expect(view.get('[data-testid="unread-status"]').text()).toBe('3 unread, 1 urgent')
  })

  it('marks one read, all read, and the nav badge follows the unread count', async () => {
    const { view, nav } = setup()
    const badge = () => nav.find('[data-testid="nav-badge-messages"]')
    expect(badge().text()).toBe('3')
    expect(badge().classes()).toContain('urgent')
    expect(nav.text()).toContain('3 unread')

    const first = view.findAll('[data-testid="message"]')[0]!
    await first.get('[data-testid="toggle-read"]').trigger('click')
    expect(first.attributes('data-read')).toBe('true')
    expect(first.text()).toContain('Mark unread')
    expect(badge().text()).toBe('2')
    expect(badge().classes()).not.toContain('urgent')

    await view.get('[data-testid="mark-all-read"]').trigger('click')
    expect(view.findAll('[data-read="false"]')).toHaveLength(0)
    expect(badge().exists()).toBe(false)
    expect(view.get('[data-testid="unread-status"]').text()).toBe('No unread messages')
    expect(view.get('[data-testid="mark-all-read"]').attributes('disabled')).toBeDefined()
  })

  it('filters to unread or urgent', async () => {
    const { view } = setup()
    await view.findAll('[data-testid="toggle-read"]')[1]!.trigger('click')
    await view.get('button[data-value="unread"]').trigger('click')
    expect(view.findAll('[data-testid="message"]')).toHaveLength(2)
    await view.get('button[data-value="urgent"]').trigger('click')
    expect(view.findAll('[data-testid="message"]').map((m) => m.find('.text').text())).toEqual([
      'CRM is down',
    ])
  })
})
