// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RulePreview } from '../../../src-shared/alerts'
import { BridgeCallError } from '../../api'
import { useAppStore } from '../../stores/app'
import { rule } from '../../testing/alert-fixtures'
import { appInfo, connection, queue, T0 } from '../../testing/fixtures'
import { createTestApp, seedLive } from '../../testing/mount'
import RuleEditor from './RuleEditor.vue'

const PREVIEW: RulePreview = {
  supported: true,
  detail: '2 queues over 2 h.',
  from: T0 - 7_200_000,
  to: T0,
  entities: 2,
  firings: 2,
  watching: [{ connection: 'eu', entities: 2, withValue: 2, fresh: true }],
  events: [
    {
      at: T0 - 3_600_000,
      alert: 'sales-wait|eu:q1',
      connection: 'eu',
      entityId: 'q1',
      entityName: 'Sales',
      state: 'firing',
      severity: 'warning',
      value: 75,
    },
    {
      at: T0 - 3_000_000,
      alert: 'sales-wait|eu:q1',
      connection: 'eu',
      entityId: 'q1',
      entityName: 'Sales',
      state: 'resolved',
      severity: 'warning',
      value: 30,
    },
    {
      at: T0 - 600_000,
      alert: 'sales-wait|eu:q2',
      connection: 'eu',
      entityId: 'q2',
      entityName: 'Support',
      state: 'firing',
      severity: 'critical',
      value: 130,
    },
  ],
  truncated: false,
}

function setup(existing: Parameters<typeof rule>[1] | null = null) {
  const t = createTestApp()
  useAppStore().info = appInfo()
  seedLive({
    connections: [connection('eu', { label: 'EU voice' })],
    queues: [queue('eu', 'q1', { name: 'Sales' }), queue('eu', 'q2', { name: 'Support' })],
  })
  t.fake.handle('rules:preview', () => PREVIEW)
  t.fake.handle('rules:save', ({ rule: raw }) => rule(String(raw.id), { name: String(raw.name) }))
  const wrapper = mount(RuleEditor, {
    props: { rule: existing ? rule('wait', existing) : null, takenIds: ['wait'] },
    global: t.global,
    attachTo: document.body,
  })
  const field = (name: string) => wrapper.get(`[data-field="${name}"]`)
  const input = (name: string) => field(name).get('input, select')
  const errors = (name: string) =>
    field(name)
      .findAll('[data-testid="field-error"] li')
      .map((li) => li.text())
  return { wrapper, fake: t.fake, field, input, errors }
}

describe('RuleEditor', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('validates as you type, with the message next to the field', async () => {
    const { input, errors, wrapper } = setup()
    await input('name').setValue('Sales wait')
    expect((input('id').element as HTMLInputElement).value).toBe('sales-wait')

    await input('warn').setValue('abc')
    expect(errors('warn')).toEqual(['must be a number'])
    expect(input('warn').attributes('aria-invalid')).toBe('true')

    await input('warn').setValue('200')
    expect(errors('warn')).toEqual([])
    expect(errors('critical')).toEqual(['critical must be at or above warn for ">" rules'])

    await input('critical').setValue('300')
    expect(errors('critical')).toEqual([])
    await input('clearBelow').setValue('250')
    expect(errors('clearBelow')).toEqual(['clearBelow must be at or below the lowest level'])
    await input('clearBelow').setValue('150')
    expect(wrapper.findAll('[data-testid="field-error"]')).toHaveLength(0)

    // A service-level rule fires below its levels, so it clears above, not below.
    await input('field').setValue('serviceLevelPct')
    await input('op').setValue('<')
    expect(wrapper.find('[data-field="clearBelow"]').exists()).toBe(false)
    expect(wrapper.find('[data-field="clearAbove"]').exists()).toBe(true)

    // The id of an existing rule is taken.
    await input('id').setValue('wait')
    expect(errors('id')).toEqual(['a rule with this id already exists'])
  })

  it('previews what a valid rule would have fired over the stored history', async () => {
    const { input, wrapper, fake } = setup()
    const preview = () => wrapper.get('[data-testid="rule-preview"]')
    expect(preview().attributes('data-status')).toBe('invalid')
    expect(preview().text()).toContain('Fix the rule to see a preview.')

    await input('name').setValue('Sales wait')
    expect(preview().attributes('data-status')).toBe('loading')
    // Replayed once the typing stops, not on every key.
    expect(fake.calls.filter((c) => c.channel === 'rules:preview')).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(400)
    await flushPromises()
    const calls = fake.calls.filter((c) => c.channel === 'rules:preview')
    expect(calls).toHaveLength(1)
    expect(calls[0]!.args).toEqual({
      rule: {
        id: 'sales-wait',
        name: 'Sales wait',
        enabled: true,
        entity: 'queue',
        field: 'longestWaitSec',
        op: '>',
        warn: 60,
        critical: 120,
        forSec: 0,
        notify: ['desktop', 'tray'],
      },
    })
    expect(preview().attributes('data-status')).toBe('ready')
    expect(wrapper.get('[data-testid="preview-firings"]').text()).toBe('It would have fired 2 times')
    const events = wrapper.findAll('[data-testid="preview-events"] li')
    expect(events.map((e) => e.attributes('data-state'))).toEqual(['firing', 'resolved', 'firing'])
    expect(events[0]!.text()).toContain('Sales')
    expect(events[0]!.text()).toContain('Longest wait 1:15')
    expect(events[2]!.text()).toContain('Critical')
    expect(wrapper.findAll('[data-testid="preview-timeline"] .tl-row')).toHaveLength(2)

    // Invalid again: no preview, and no request.
    await input('warn').setValue('x')
    await vi.advanceTimersByTimeAsync(400)
    expect(preview().attributes('data-status')).toBe('invalid')
    expect(fake.calls.filter((c) => c.channel === 'rules:preview')).toHaveLength(1)
  })

  it('saves through rules:save and shows main’s field-level answer when it refuses', async () => {
    const { input, wrapper, fake, errors } = setup()
    // Saving an unfinished rule shows every problem instead of sending it.
    await wrapper.get('form').trigger('submit')
    expect(errors('name')).toEqual(['must not be empty'])
    expect(fake.calls.some((c) => c.channel === 'rules:save')).toBe(false)

    await input('name').setValue('Sales wait')
    fake.handle('rules:save', () => {
      throw new BridgeCallError('rules:save', 'invalid_config', 'the change does not fit the config', [
        {
          path: 'rules[3].connection',
          connection: null,
          rule: 'sales-wait',
          field: 'connection',
          message: 'no connection with id "gone"',
        },
      ])
    })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(errors('connection')).toEqual(['no connection with id "gone"'])
    expect(wrapper.text()).toContain('Could not save the rule: the change does not fit the config')

    fake.handle('rules:save', ({ rule: raw }) => rule(String(raw.id), { name: String(raw.name) }))
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.emitted('saved')?.[0]?.[0]).toMatchObject({ id: 'sales-wait', name: 'Sales wait' })
  })

  it('edits an existing rule with its id fixed', async () => {
    const { input } = setup({ name: 'Sales wait', warn: 3, critical: 8 })
    expect((input('id').element as HTMLInputElement).readOnly).toBe(true)
    expect((input('warn').element as HTMLInputElement).value).toBe('3')
    expect((input('critical').element as HTMLInputElement).value).toBe('8')
  })
})
