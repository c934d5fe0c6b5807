// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AlertView } from '../../../src-shared/alerts'
import { useAlertsStore } from '../../stores/alerts'
import { useLiveStore } from '../../stores/live'
import { alertList, alertView } from '../../testing/alert-fixtures'
import { connection, liveState, T0 } from '../../testing/fixtures'
import { createTestApp, navigated } from '../../testing/mount'
import OverviewAlerts from './OverviewAlerts.vue'

function setup(active: AlertView[]) {
  const t = createTestApp()
  useLiveStore().replaceAll(
    liveState({ serverNow: T0, connections: [connection('eu', { label: 'EU voice' })] }),
  )
  t.fake.handle('alerts:list', () => alertList({ active }))
  t.fake.handle('config:export', () => ({ text: JSON.stringify({ connections: [], rules: [] }) }))
  const alerts = useAlertsStore()
  const stop = alerts.start()
  const wrapper = mount(OverviewAlerts, { global: t.global })
  return { wrapper, stop, router: t.router }
}

describe('OverviewAlerts', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
    window.location.hash = '#/overview'
  })
  afterEach(() => vi.useRealTimers())

  it('lists firing alerts with severity, rule, where and value, leaves pending ones out, and opens the Alerts view', async () => {
    const { wrapper, stop, router } = setup([
      alertView('wait', 'eu', 'q1', {
        ruleName: 'Longest wait',
        field: 'longestWaitSec',
        entityName: 'Sales',
        severity: 'critical',
        value: 185,
      }),
      alertView('count', 'eu', 'q2', {
        ruleName: 'Contacts waiting',
        state: 'pending',
        firedAt: null,
        value: 6,
      }),
    ])
    await flushPromises()
    const lines = wrapper.findAll('.alert-line')
    expect(lines).toHaveLength(1)
    expect(lines[0]!.text()).toContain('Critical')
    expect(lines[0]!.text()).toContain('Longest wait')
    expect(lines[0]!.text()).toContain('Sales')
    expect(lines[0]!.text()).toContain('3:05')
    expect(wrapper.text()).not.toContain('Contacts waiting')
    await router.isReady()
    const shown = navigated(router)
    await wrapper.get('button').trigger('click')
    await shown
    expect(router.currentRoute.value.name).toBe('alerts')
    stop()
  })

  it('says so when nothing is firing', async () => {
    const { wrapper, stop } = setup([])
    await flushPromises()
    expect(wrapper.text()).toContain('No alerts firing')
    expect(wrapper.find('button').exists()).toBe(false)
    stop()
  })
})
