// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useAppStore } from '../../stores/app'
import { rule } from '../../testing/alert-fixtures'
import { agent, appInfo, connection, T0 } from '../../testing/fixtures'
import { createTestApp, seedLive } from '../../testing/mount'
import RuleEditor from './RuleEditor.vue'

function setup() {
  const t = createTestApp()
  useAppStore().info = appInfo()
  seedLive({
    connections: [
      connection('eu', { label: 'EU voice', provider: 'brightpattern' }),
      connection('chat', { label: 'Chat desk', provider: 'giosg' }),
      connection('pbx', { label: 'Phones', provider: 'chronicall' }),
    ],
    agents: [
      agent('eu', 'a1', { state: 'not_ready', stateReason: 'Break' }),
      agent('eu', 'a2', { state: 'not_ready', stateReason: 'Meeting' }),
      agent('eu', 'a3', { state: 'not_ready', stateReason: 'BREAK ' }),
      agent('eu', 'a4', { state: 'offline_work', stateReason: 'Admin' }),
      agent('chat', 'g1', { state: 'not_ready', stateReason: null }),
      agent('pbx', 'p1', { state: 'not_ready', stateReason: null }),
    ],
  })
  t.fake.handle('rules:preview', () => ({
    supported: true,
    detail: '',
    from: null,
    to: null,
    entities: 0,
    firings: 0,
    events: [],
    truncated: false,
    watching: [],
  }))
  const existing = rule('break', {
    entity: 'agent',
    state: 'not_ready',
    reasons: ['Lunch'],
    field: 'timeInStateSec',
    warn: 900,
    critical: undefined,
  })
  const wrapper = mount(RuleEditor, {
    props: { rule: existing, takenIds: [] },
    global: t.global,
    attachTo: document.body,
  })
  return { wrapper }
}

describe('the rule editor’s reasons', () => {
  beforeEach(() => vi.useFakeTimers({ now: T0 }))
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('offers the reasons of the agents in the rule’s state, once each, adds and removes chips, and says which connections give none', async () => {
    const { wrapper } = setup()
    const chips = () => wrapper.findAll('[data-testid="reason-chips"] li').map((li) => li.text())
    expect(chips()).toEqual(['Lunch'])
    // Break once (two spellings), Meeting; Admin is an offline-work reason, not one of a not-ready rule.
    const seen = wrapper.findAll('[data-testid="reason-seen"]')
    expect(seen.map((b) => b.text())).toEqual(['Break', 'Meeting'])
    await seen[0]!.trigger('click')
    expect(chips()).toEqual(['Lunch', 'Break'])
    expect(wrapper.findAll('[data-testid="reason-seen"]')[0]!.attributes('aria-pressed')).toBe('true')

    // Free entry: a reason nobody shows now; the same reason in other letters is not added twice.
    const input = wrapper.get('[data-testid="reason-input"]')
    await input.setValue('Szkolenie')
    await input.trigger('keydown', { key: 'Enter' })
    await input.setValue('lunch')
    await input.trigger('keydown', { key: 'Enter' })
    expect(chips()).toEqual(['Lunch', 'Break', 'Szkolenie'])

    await wrapper.get('[aria-label="Remove the reason Lunch"]').trigger('click')
    expect(chips()).toEqual(['Break', 'Szkolenie'])

    const notes = wrapper.findAll('[data-testid="reason-note"]')
    expect(notes.map((n) => n.attributes('data-connection'))).toEqual(['chat', 'pbx'])
    expect(notes[0]!.text()).toContain('Chat desk (giosg) gives no reasons')
    expect(notes[1]!.text()).toContain('Phones (Chronicall) gives reasons only through the state text')
  })
})
