// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppInfo } from '../../../src-shared/ipc/contract'
import { useAlertsStore } from '../../stores/alerts'
import { useAppStore } from '../../stores/app'
import { alertList, ruleStatus } from '../../testing/alert-fixtures'
import { createTestApp } from '../../testing/mount'
import AlertPrefsForm from './AlertPrefsForm.vue'
import { appInfo } from '../../testing/fixtures'

const info = (readOnly: boolean): AppInfo => appInfo({ readOnly })

describe('AlertPrefsForm', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('saves quiet hours, the allow-list and the default snooze through alerts:setPrefs', async () => {
    const t = createTestApp()
    useAppStore().info = info(false)
    const alerts = useAlertsStore()
    alerts.apply(alertList({ rules: [ruleStatus('wait', { name: 'Longest wait' }), ruleStatus('down')] }))
    t.fake.handle('alerts:setPrefs', ({ prefs }) => ({
      quietHours: null,
      quietAllow: [],
      notificationDetail: 'minimal',
      soundRepeat: 'once',
      snoozeMinutes: 15,
      ...prefs,
    }))
    const wrapper = mount(AlertPrefsForm, {
      props: { readOnly: false },
      global: t.global,
      attachTo: document.body,
    })
    await wrapper.get('[data-testid="quiet-on"]').setValue(true)
    const field = (name: string) => wrapper.get(`[data-field="${name}"]`)
    await field('from').get('input').setValue('21:30')
    await field('to').get('input').setValue('06:45')
    const allow = field('quietAllow').findAll('input[type="checkbox"]')
    await allow[0]!.setValue(true)
    await field('snooze').get('select').setValue('30')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(t.fake.calls.find((c) => c.channel === 'alerts:setPrefs')?.args).toEqual({
      prefs: {
        quietHours: { from: '21:30', to: '06:45' },
        quietAllow: ['wait'],
        snoozeMinutes: 30,
        soundRepeat: 'once',
        notificationDetail: 'minimal',
      },
    })
    expect(alerts.prefs.snoozeMinutes).toBe(30)
    expect(wrapper.emitted('notice')?.[0]).toEqual(['Quiet hours and sound settings saved'])
  })

  it('checks the repeat interval before saving', async () => {
    const t = createTestApp()
    useAppStore().info = info(false)
    const wrapper = mount(AlertPrefsForm, {
      props: { readOnly: false },
      global: t.global,
      attachTo: document.body,
    })
    await wrapper.get('[data-field="soundRepeat"] select').setValue('every')
    await wrapper.get('[data-field="soundSec"] input').setValue('2')
    expect(wrapper.get('[data-field="soundSec"]').text()).toContain('at least 5 seconds')
    expect(wrapper.get('[data-testid="prefs-save"]').attributes('disabled')).toBeDefined()
  })

  it('shows a read-only board the quiet hours without a form', async () => {
    const t = createTestApp()
    useAppStore().info = {
      ...info(true),
      prefs: {
        theme: 'system',
        language: 'en',
        alerts: {
          quietHours: { from: '22:00', to: '07:00' },
          quietAllow: [],
          notificationDetail: 'minimal',
          soundRepeat: 'once',
          snoozeMinutes: 15,
        },
      },
    }
    const wrapper = mount(AlertPrefsForm, { props: { readOnly: true }, global: t.global })
    expect(wrapper.find('form').exists()).toBe(false)
    expect(wrapper.get('[data-testid="prefs-read-only"]').text()).toBe('Quiet hours: Every day, 22:00–07:00')
  })
})
