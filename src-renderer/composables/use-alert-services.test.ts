// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { useAnnouncerStore } from '../stores/announcer'
import { useAppStore } from '../stores/app'
import { useLiveStore } from '../stores/live'
import { alertList, alertView } from '../testing/alert-fixtures'
import { appInfo, connection, liveState, T0 } from '../testing/fixtures'
import { createTestApp } from '../testing/mount'
import { useAlertServices } from './use-alert-services'

const Host = defineComponent({
  setup() {
    useAlertServices()
    return () => h('div')
  },
})

describe('useAlertServices', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('announces alerts that start firing or escalate, not those already firing when the board opened', async () => {
    const t = createTestApp()
    useAppStore().info = appInfo({ shell: 'web', readOnly: true })
    useLiveStore().replaceAll(liveState({ connections: [connection('eu', { label: 'EU voice' })] }))
    const old = alertView('wait', 'eu', 'q1', { ruleName: 'Longest wait', entityName: 'Sales' })
    t.fake.handle('alerts:list', () => alertList({ active: [old] }))
    const wrapper = mount(Host, { global: t.global })
    await flushPromises()
    const announcer = useAnnouncerStore()
    expect(announcer.recent).toEqual([])

    const fresh = alertView('count', 'eu', 'q2', {
      ruleName: 'Contacts waiting',
      entityName: 'Support',
      severity: 'critical',
      value: 12,
    })
    const muted = alertView('sl', 'eu', 'q3', { silenced: 'muted' })
    const pending = alertView('aw', 'eu', 'q4', { state: 'pending', firedAt: null })
    t.fake.emit('alerts:changed', alertList({ active: [old, fresh, muted, pending] }))
    await flushPromises()
    expect(announcer.recent).toEqual([
      {
        text: 'Critical alert: Contacts waiting, Support · Queue · EU voice: Waiting 12',
        politeness: 'assertive',
      },
    ])

    // Escalation of the old one to critical is news; the same list again is not.
    const escalated = { ...old, severity: 'critical' as const, value: 11 }
    t.fake.emit('alerts:changed', alertList({ active: [escalated, fresh, muted, pending] }))
    await flushPromises()
    t.fake.emit('alerts:changed', alertList({ active: [escalated, fresh, muted, pending] }))
    await flushPromises()
    expect(announcer.recent.map((r) => r.text)).toEqual([
      'Critical alert: Contacts waiting, Support · Queue · EU voice: Waiting 12',
      'Critical alert: Longest wait, Sales · Queue · EU voice: Waiting 11',
    ])
    wrapper.unmount()
    expect(t.fake.listenerCount('alerts:changed')).toBe(0)
  })
})
