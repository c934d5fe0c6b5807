// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { RuleConfig } from '../../../src-shared/config'
import type { WebhookView } from '../../../src-shared/ipc/contract'
import { useAlertsStore } from '../../stores/alerts'
import { useAppStore } from '../../stores/app'
import { rule } from '../../testing/alert-fixtures'
import { createTestApp } from '../../testing/mount'
import RuleEditor from './RuleEditor.vue'
import { appInfo } from '../../testing/fixtures'

const HOOKS: WebhookView[] = [
  {
    id: 'ops',
    name: 'Ops channel',
    kind: 'slack',
    agentNames: false,
    urlEnv: null,
    where: 'keychain',
    masked: 'https://hooks.slack.com/…',
  },
  {
    id: 'night',
    name: 'Night shift',
    kind: 'teams',
    agentNames: false,
    urlEnv: null,
    where: null,
    masked: null,
  },
]

async function setup(existing: RuleConfig | null) {
  const t = createTestApp()
  useAppStore().info = appInfo()
  t.fake.handle('webhooks:list', () => HOOKS)
  t.fake.handle('rules:preview', () => ({
    supported: false,
    detail: 'no history',
    from: 0,
    to: 0,
    entities: 0,
    firings: 0,
    watching: [],
    events: [],
    truncated: false,
  }))
  t.fake.handle('rules:save', ({ rule: raw }) => raw as unknown as RuleConfig)
  const wrapper = mount(RuleEditor, {
    props: { rule: existing, takenIds: [] },
    global: t.global,
    attachTo: document.body,
  })
  await flushPromises()
  const steps = () => wrapper.findAll('[data-testid="ladder-step"]')
  const saved = async () => {
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    return t.fake.calls.filter((c) => c.channel === 'rules:save').at(-1)?.args as {
      rule: Record<string, unknown>
    }
  }
  return { t, wrapper, steps, saved }
}

describe('RuleEditor: escalation', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('builds a ladder whose webhook step picks the webhook by name', async () => {
    const { wrapper, steps, saved } = await setup(null)
    await wrapper.get('[data-field="name"] input').setValue('Sales wait')
    expect(wrapper.find('[data-testid="ladder"]').exists()).toBe(false)
    await wrapper.get('[data-testid="rule-escalation-mode"]').setValue('own')
    expect(steps()).toHaveLength(1)
    await wrapper.get('[data-testid="ladder-add-step"]').trigger('click')
    const second = steps()[1]!
    await second.get('[data-testid="step-after"]').setValue('300')
    await second.get('[data-testid="step-channel"]').setValue('webhook')
    const names = second.findAll('[data-testid="step-webhook"] option').map((o) => o.text())
    expect(names).toEqual(['Choose a webhook…', 'Ops channel', 'Night shift'])
    // No webhook chosen yet: the step says so and the rule is not sent.
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(second.get('[data-testid="step-errors"]').text()).toContain(
      'Choose the webhook this step posts to',
    )

    await steps()[1]!.get('[data-testid="step-webhook"]').setValue('ops')
    await steps()[1]!.get('[data-testid="step-repeat"]').setValue(true)
    await steps()[1]!.get('[data-testid="step-repeat-sec"]').setValue('30')
    await wrapper.get('form').trigger('submit')
    expect(steps()[1]!.get('[data-testid="step-errors"]').text()).toContain(
      'a webhook step repeats at most every 60 seconds',
    )
    await steps()[1]!.get('[data-testid="step-repeat-sec"]').setValue('600')
    const args = await saved()
    expect(args.rule.escalation).toEqual([
      { afterSec: 120, channel: 'notification' },
      { afterSec: 300, channel: 'webhook', webhook: 'ops', repeatEverySec: 600 },
    ])
  })

  it('says when a step names a webhook that no longer exists, and a step without a URL', async () => {
    const { steps } = await setup(
      rule('wait', {
        escalation: [
          { afterSec: 60, channel: 'webhook', webhook: 'gone' },
          { afterSec: 120, channel: 'webhook', webhook: 'night' },
        ],
      }),
    )
    const first = steps()[0]!
    expect(
      (first.get('[data-testid="step-webhook"]').element as HTMLSelectElement).selectedOptions[0]?.text,
    ).toBe('“gone” (no longer exists)')
    expect(first.get('[data-testid="step-missing-webhook"]').text()).toContain(
      'names a webhook that no longer exists',
    )
    const note = first.get('[data-testid="step-missing-webhook"]').attributes('id')!
    expect(first.get('[data-testid="step-webhook"]').attributes('aria-describedby')).toContain(note)
    expect(steps()[1]!.text()).toContain('This webhook has no URL yet')
    // The way to the Webhooks section: Alerts → Settings.
    await first.get('[data-testid="step-missing-webhook"] button').trigger('click')
    expect(useAlertsStore().section).toBe('settings')
  })

  it('keeps a rule’s ladder, or none, as it was when other fields are edited', async () => {
    const ladder = [{ afterSec: 30, channel: 'sound' as const, repeatEverySec: 60 }]
    const own = await setup(rule('wait', { name: 'Wait', escalation: ladder }))
    expect((await own.saved()).rule.escalation).toEqual(ladder)
    own.wrapper.unmount()
    const none = await setup(rule('wait', { name: 'Wait', escalation: [] }))
    expect(
      (none.wrapper.get('[data-testid="rule-escalation-mode"]').element as HTMLSelectElement).value,
    ).toBe('none')
    expect((await none.saved()).rule.escalation).toEqual([])
    none.wrapper.unmount()
    const dflt = await setup(rule('wait', { name: 'Wait' }))
    expect('escalation' in (await dflt.saved()).rule).toBe(false)
  })
})
