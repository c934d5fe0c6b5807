// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { AlertPrefs } from '../../../../src-shared/config'
import { useAppStore } from '../../../stores/app'
import { createTestApp } from '../../../testing/mount'
import EscalationDefaults from './EscalationDefaults.vue'
import { appInfo, teamInfo } from '../../../testing/fixtures'

const PREFS: AlertPrefs = {
  quietHours: null,
  quietAllow: [],
  notificationDetail: 'minimal',
  soundRepeat: 'once',
  snoozeMinutes: 15,
  escalation: { critical: [{ afterSec: 60, channel: 'webhook', webhook: 'ops' }] },
}

function setup(readOnly: boolean, team = false) {
  const t = createTestApp()
  useAppStore().info = appInfo({
    readOnly,
    prefs: { theme: 'system', language: 'en', alerts: PREFS },
    ...(team ? { team: teamInfo() } : {}),
  })
  t.fake.handle('webhooks:list', () => [
    {
      id: 'ops',
      name: 'Ops channel',
      kind: 'generic',
      agentNames: false,
      urlEnv: null,
      where: 'keychain',
      masked: 'http://127.0.0.1/…',
    },
  ])
  t.fake.handle('alerts:setPrefs', ({ prefs }) => ({ ...PREFS, ...prefs }))
  const wrapper = mount(EscalationDefaults, {
    props: { readOnly },
    global: t.global,
    attachTo: document.body,
  })
  return { t, wrapper }
}

describe('EscalationDefaults', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('edits the default ladder of each severity and saves them through alerts:setPrefs', async () => {
    const { t, wrapper } = setup(false)
    await flushPromises()
    const warning = wrapper.get('[data-severity="warning"]')
    const critical = wrapper.get('[data-severity="critical"]')
    expect((critical.get('[data-testid="step-webhook"]').element as HTMLSelectElement).value).toBe('ops')
    await warning.get('[data-testid="ladder-add-step"]').trigger('click')
    await warning.get('[data-testid="step-channel"]').setValue('sound')
    await critical.get('[data-testid="step-after"]').setValue('90')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(t.fake.calls.find((c) => c.channel === 'alerts:setPrefs')?.args).toEqual({
      prefs: {
        escalation: {
          warning: [{ afterSec: 60, channel: 'sound' }],
          critical: [{ afterSec: 90, channel: 'webhook', webhook: 'ops' }],
        },
      },
    })
    expect(wrapper.emitted('notice')?.[0]).toEqual(['Escalation ladders saved'])
  })

  it('does not save a ladder with a step it cannot read', async () => {
    const { t, wrapper } = setup(false)
    await flushPromises()
    await wrapper.get('[data-severity="critical"] [data-testid="step-after"]').setValue('a minute')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-severity="critical"] [data-testid="step-errors"]').text()).toContain(
      'Enter a number',
    )
    expect(t.fake.calls.some((c) => c.channel === 'alerts:setPrefs')).toBe(false)
  })

  it('shows a view-only board the ladders in words', async () => {
    const { wrapper } = setup(true)
    await flushPromises()
    expect(wrapper.find('form').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid="escalation-defaults-summary"]').map((p) => p.text())).toEqual([
      'Warning: nothing more',
      'Critical: after 60 s: Ops channel',
    ])
  })

  it('says on a team board that the site’s pollers hold the ladders, and offers no form', async () => {
    const { t, wrapper } = setup(false, true)
    await flushPromises()
    expect(wrapper.find('form').exists()).toBe(false)
    expect(wrapper.get('[data-testid="escalation-defaults-team"]').text()).toContain(
      'set in the config of the site’s pollers',
    )
    expect(t.fake.calls.some((c) => c.channel === 'webhooks:list')).toBe(false)
  })
})
