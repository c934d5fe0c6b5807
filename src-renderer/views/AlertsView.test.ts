// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AlertView } from '../../src-shared/alerts'
import type { AppInfo } from '../../src-shared/ipc/contract'
import { useAlertsStore } from '../stores/alerts'
import { useAppStore } from '../stores/app'
import { useLiveStore } from '../stores/live'
import { useShortcutsStore } from '../stores/shortcuts'
import { alertList, alertView, exportText, historyEntry, rule, ruleStatus } from '../testing/alert-fixtures'
import { appInfo, connection, liveState, T0 } from '../testing/fixtures'
import { createTestApp } from '../testing/mount'
import AlertsView from './AlertsView.vue'

const info = (readOnly: boolean): AppInfo => appInfo({ shell: 'web', readOnly })

const CRITICAL = alertView('wait', 'eu', 'q1', {
  ruleName: 'Longest wait',
  field: 'longestWaitSec',
  entityName: 'Sales',
  severity: 'critical',
  peak: 'critical',
  value: 185,
  threshold: 120,
})
const WARNING = alertView('break', 'eu', '1001', {
  ruleName: 'Break over 15 min',
  entity: 'agent',
  entityName: 'Ann Smith',
  field: 'timeInStateSec',
  value: 1000,
  threshold: 900,
})
const PENDING = alertView('count', 'eu', 'q2', {
  ruleName: 'Contacts waiting',
  entityName: 'Support',
  state: 'pending',
  firedAt: null,
  value: 6,
})

function setup(o: { readOnly?: boolean; active?: AlertView[] } = {}) {
  const t = createTestApp()
  useAppStore().info = info(o.readOnly ?? false)
  useLiveStore().replaceAll(
    liveState({ serverNow: T0, connections: [connection('eu', { label: 'EU voice' })] }),
  )
  let list = alertList({
    active: o.active ?? [CRITICAL, WARNING, PENDING],
    history: [
      historyEntry('wait', 'eu', 'q3', {
        ruleName: 'Longest wait',
        entityName: 'Billing',
        resolvedAt: T0 - 60_000,
      }),
      historyEntry('wait', 'eu', 'q4', {
        ruleName: 'Longest wait',
        entityName: 'Returns',
        resolvedAt: T0 - 600_000,
        ack: { by: 'you', at: T0 - 700_000 },
      }),
      historyEntry('break', 'eu', '1002', {
        ruleName: 'Break over 15 min',
        entity: 'agent',
        entityName: 'Bo Lind',
        field: 'timeInStateSec',
        value: null,
        resolvedAt: T0 - 900_000,
      }),
    ],
    rules: [ruleStatus('wait', { name: 'Longest wait', state: 'firing', severity: 'critical', active: 1 })],
  })
  t.fake.handle('alerts:list', () => list)
  t.fake.handle('config:export', () => ({
    text: exportText([
      rule('wait', { name: 'Longest wait', field: 'longestWaitSec', warn: 60, critical: 120 }),
    ]),
  }))
  t.fake.handle('alerts:acknowledge', ({ id }) => {
    const a = list.active.find((x) => x.id === id) as AlertView
    const acked = { ...a, ack: { by: 'web' as const, at: T0 + 2_000 } }
    list = { ...list, active: list.active.map((x) => (x.id === id ? acked : x)) }
    return acked
  })
  t.fake.handle('alerts:snooze', ({ id, minutes }) => {
    const a = list.active.find((x) => x.id === id) as AlertView
    return { ...a, snoozedUntil: minutes === 0 ? null : T0 + (minutes ?? 15) * 60_000, silenced: 'snoozed' }
  })
  t.fake.handle('alerts:muteRule', ({ rule: r, until }) => ({ rule: r, until }))
  const alerts = useAlertsStore()
  const stop = alerts.start()
  const wrapper = mount(AlertsView, { global: t.global, attachTo: document.body })
  return { wrapper, fake: t.fake, alerts, stop }
}

describe('AlertsView', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
    window.location.hash = '#/alerts'
    localStorage.clear()
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('lists active alerts first (firing, then pending), then the history newest first', async () => {
    const { wrapper } = setup()
    await flushPromises()
    const items = wrapper.findAll('[data-testid="alert-item"]')
    expect(items.map((i) => [i.attributes('data-alert-id'), i.attributes('data-state')])).toEqual([
      ['wait|eu:q1', 'firing'],
      ['break|eu:1001', 'firing'],
      ['count|eu:q2', 'pending'],
    ])
    const history = wrapper.findAll('[data-testid="history-row"]')
    expect(history.map((r) => r.attributes('data-alert-id'))).toEqual([
      'wait|eu:q3',
      'wait|eu:q4',
      'break|eu:1002',
    ])
    // Active before history in the page.
    const position = items[0]!.element.compareDocumentPosition(history[0]!.element)
    expect(position & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()

    // Severity in words and icon, the rule, where, the value in its unit against its level.
    const first = items[0]!
    expect(first.get('[data-testid="severity-badge"]').text()).toBe('Critical')
    expect(first.text()).toContain('Longest wait')
    expect(first.get('[data-testid="alert-where"]').text()).toBe('Sales · Queue · EU voice')
    expect(first.get('[data-testid="alert-value"]').text()).toBe('Longest wait 3:05')
    expect(first.text()).toContain('critical above 2:00')
    expect(first.text()).toContain('Firing for 1 min')
    expect(items[2]!.get('[data-testid="severity-badge"]').text()).toBe('Pending · Warning')
    expect(items[2]!.find('[data-testid="alert-acknowledge"]').exists()).toBe(false)
    // History says who acknowledged and when, or that nobody did.
    expect(history[1]!.get('[data-testid="history-ack"]').text()).toMatch(/^you, \d\d:\d\d:\d\d( [AP]M)?$/)
    expect(history[0]!.get('[data-testid="history-ack"]').text()).toBe('not acknowledged')
    // Why each ended: back within its level, or (an agent who left the watched state) in words.
    expect(history[0]!.text()).toContain('Back within level')
    expect(history[2]!.text()).toContain('Agent changed state')
  })

  it('acknowledges through alerts:acknowledge and shows who and when', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    const item = () => wrapper.get('[data-alert-id="wait|eu:q1"]')
    await item().get('[data-testid="alert-acknowledge"]').trigger('click')
    await flushPromises()
    expect(fake.calls.filter((c) => c.channel === 'alerts:acknowledge').map((c) => c.args)).toEqual([
      { id: 'wait|eu:q1' },
    ])
    expect(item().get('[data-testid="alert-tag-ack"]').text()).toMatch(
      /^Acknowledged by a web board at \d\d:\d\d:\d\d( [AP]M)?$/,
    )
    expect(item().find('[data-testid="alert-acknowledge"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="alerts-notice"]').text()).toBe('Acknowledged: Longest wait: Sales')
  })

  it('snoozes for the default 15 minutes, or a length picked from the menu', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    const item = wrapper.get('[data-alert-id="break|eu:1001"]')
    expect(item.get('[data-testid="alert-snooze"]').text()).toBe('Snooze 15 min')
    await item.get('[data-testid="alert-snooze"]').trigger('click')
    await flushPromises()
    const snoozes = () => fake.calls.filter((c) => c.channel === 'alerts:snooze').map((c) => c.args)
    expect(snoozes()).toEqual([{ id: 'break|eu:1001', minutes: 15 }])
    expect(wrapper.get('[data-alert-id="break|eu:1001"] [data-testid="alert-tag-snoozed"]').text()).toMatch(
      /^Snoozed until \d\d:\d\d( [AP]M)?$/,
    )

    // Snoozed: the snooze can be ended; then another length is picked from the menu.
    await wrapper.get('[data-alert-id="break|eu:1001"] [data-testid="alert-unsnooze"]').trigger('click')
    await flushPromises()
    expect(snoozes().at(-1)).toEqual({ id: 'break|eu:1001', minutes: 0 })
    await wrapper.get('[data-alert-id="break|eu:1001"] [data-testid="alert-snooze-menu"]').trigger('click')
    const choices = wrapper.findAll('[data-alert-id="break|eu:1001"] [role="menuitem"]')
    expect(choices.map((c) => c.text())).toEqual(['5 min', '15 min', '30 min', '1 hour'])
    await choices[0]!.trigger('click')
    await flushPromises()
    expect(snoozes().at(-1)).toEqual({ id: 'break|eu:1001', minutes: 5 })
  })

  it('mutes the alert’s rule for an hour from the menu', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    const item = wrapper.get('[data-alert-id="wait|eu:q1"]')
    await item.get('[data-testid="alert-mute-menu"]').trigger('click')
    await item.findAll('[role="menuitem"]')[0]!.trigger('click')
    await flushPromises()
    expect(fake.calls.find((c) => c.channel === 'alerts:muteRule')?.args).toEqual({
      rule: 'wait',
      until: T0 + 3_600_000,
    })
    expect(wrapper.get('[data-alert-id="wait|eu:q1"] [data-testid="alert-tag-muted"]').text()).toMatch(
      /^Rule muted until \d\d:\d\d( [AP]M)?\. It shows here but does not notify until then\.$/,
    )
  })

  it('acknowledges the selected alert with the "a" shortcut', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    const shortcuts = useShortcutsStore()
    const off = shortcuts.listen(window)
    // Nothing selected yet: "a" does nothing.
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))
    await flushPromises()
    expect(fake.calls.some((c) => c.channel === 'alerts:acknowledge')).toBe(false)

    await wrapper.get('[data-alert-id="break|eu:1001"]').trigger('focusin')
    expect(wrapper.get('[data-alert-id="break|eu:1001"]').classes()).toContain('focused')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))
    await flushPromises()
    expect(fake.calls.filter((c) => c.channel === 'alerts:acknowledge').map((c) => c.args)).toEqual([
      { id: 'break|eu:1001' },
    ])
    expect(shortcuts.shortcuts.find((s) => s.id === 'alerts.acknowledge')?.label()).toBe(
      'Acknowledge the selected alert',
    )
    off()
    wrapper.unmount()
    expect(shortcuts.shortcuts.some((s) => s.id === 'alerts.acknowledge')).toBe(false)
  })

  it('brings the alert a notification pointed at into view and focus', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    fake.emit('app:navigate', { view: 'alerts', focus: 'count|eu:q2' })
    await flushPromises()
    expect(document.activeElement).toBe(wrapper.get('[data-alert-id="count|eu:q2"]').element)
  })

  it('shows a read-only board everything but no actions, and says why', async () => {
    const { wrapper } = setup({ readOnly: true })
    await flushPromises()
    expect(wrapper.findAll('[data-testid="alert-item"]')).toHaveLength(3)
    expect(wrapper.find('[data-testid="alert-acknowledge"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="alert-snooze"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="alert-mute-menu"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="alerts-read-only"]').text()).toContain(
      'cannot acknowledge, snooze or mute',
    )
  })

  it('says so when nothing is active', async () => {
    const { wrapper } = setup({ active: [] })
    await flushPromises()
    expect(wrapper.get('[data-testid="alerts-empty"]').text()).toBe(
      'No active alerts. Every rule is within its levels.',
    )
    expect(wrapper.get('[data-testid="alerts-summary"]').text()).toBe('No alerts firing')
  })
})
