// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppInfo, WebhookView } from '../../../../src-shared/ipc/contract'
import { BridgeCallError } from '../../../api'
import { useAlertsStore } from '../../../stores/alerts'
import { useAppStore } from '../../../stores/app'
import { rule } from '../../../testing/alert-fixtures'
import { createTestApp } from '../../../testing/mount'
import WebhooksSection from './WebhooksSection.vue'
import { appInfo, teamInfo } from '../../../testing/fixtures'

const SECRET = 'https://hooks.slack.com/services/T000/B000/secret-token-123'

const info = appInfo

function view(id: string, over: Partial<WebhookView> = {}): WebhookView {
  return {
    id,
    name: `Hook ${id}`,
    kind: 'slack',
    agentNames: false,
    urlEnv: null,
    where: 'keychain',
    masked: 'https://hooks.slack.com/…',
    ...over,
  }
}

async function setup(list: WebhookView[], over: Partial<AppInfo> = {}, readOnly = false) {
  const t = createTestApp()
  useAppStore().info = info(over)
  const hooks = [...list]
  t.fake.handle('webhooks:list', () => hooks)
  t.fake.handle('webhooks:save', ({ webhook, url, sessionOnly }) =>
    view(String(webhook.id), {
      name: String(webhook.name),
      kind: webhook.kind as WebhookView['kind'],
      agentNames: webhook.agentNames === true,
      where: url === undefined ? 'keychain' : sessionOnly ? 'session' : 'keychain',
      masked: url === undefined ? 'https://hooks.slack.com/…' : `${new URL(url).origin}/…`,
    }),
  )
  const wrapper = mount(WebhooksSection, { props: { readOnly }, global: t.global, attachTo: document.body })
  await flushPromises()
  const rows = () => wrapper.findAll('[data-testid="webhook-row"]')
  const dialog = () => document.querySelector<HTMLElement>('[data-testid="webhook-form"]')
  const inDialog = (sel: string) => dialog()!.querySelector<HTMLInputElement>(sel)!
  const type = async (sel: string, value: string) => {
    const el = inDialog(sel)
    el.value = value
    el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input'))
    if (el.type === 'checkbox') el.dispatchEvent(new Event('change'))
    await flushPromises()
  }
  const submit = async () => {
    inDialog('[data-testid="webhook-save"]').click()
    await flushPromises()
  }
  const fieldErrors = (name: string) =>
    [...(dialog()?.querySelectorAll(`[data-field="${name}"] [data-testid="field-error"] li`) ?? [])].map(
      (li) => li.textContent?.trim(),
    )
  return { t, wrapper, rows, dialog, type, submit, fieldErrors, hooks }
}

describe('WebhooksSection', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('lists each webhook with its kind, its URL’s host and where it is kept, and whether names are sent', async () => {
    const { rows } = await setup([
      view('ops', { name: 'Ops channel', kind: 'generic', agentNames: true, masked: 'http://127.0.0.1:9/…' }),
      view('sup', {
        name: 'Supervisors',
        kind: 'teams',
        where: 'session',
        masked: 'https://x.webhook.office.com/…',
      }),
      view('env', { name: 'Night shift', urlEnv: 'NIGHT_HOOK', where: null, masked: null }),
    ])
    expect(
      rows().map((r) =>
        r
          .findAll('th, td')
          .map((c) => c.text())
          .slice(0, 4),
      ),
    ).toEqual([
      ['Ops channel', 'Generic JSON', 'http://127.0.0.1:9/… In the OS keychain', 'Sent'],
      [
        'Supervisors',
        'Microsoft Teams',
        'https://x.webhook.office.com/… This session only',
        'Not sent (“an agent”)',
      ],
      [
        'Night shift',
        'Slack',
        'No URL: the environment variable NIGHT_HOOK is not set',
        'Not sent (“an agent”)',
      ],
    ])
  })

  it('adds a webhook: the URL goes to main once and only its host comes back', async () => {
    const { t, rows, type, submit, wrapper, dialog } = await setup([])
    expect(wrapper.get('[data-testid="webhooks-empty"]').text()).toContain('No webhooks yet')
    await wrapper.get('[data-testid="webhook-add"]').trigger('click')
    await type('[data-testid="webhook-name"]', 'Supervisors on Slack')
    await type('[data-testid="webhook-url"]', SECRET)
    await submit()
    expect(t.fake.calls.find((c) => c.channel === 'webhooks:save')?.args).toEqual({
      webhook: { id: 'supervisors-on-slack', name: 'Supervisors on Slack', kind: 'slack', agentNames: false },
      url: SECRET,
    })
    expect(dialog()).toBeNull()
    expect(rows()).toHaveLength(1)
    expect(rows()[0]!.get('[data-testid="webhook-url-cell"]').text()).toMatch(
      /^https:\/\/hooks\.slack\.com\/…\s+In the OS keychain$/,
    )
    expect(document.body.innerHTML).not.toContain('secret-token-123')
    expect(wrapper.emitted('notice')?.[0]).toEqual(['Webhook “Supervisors on Slack” added'])
  })

  it('keeps the stored URL when the field is left blank on edit, and replaces it when one is typed', async () => {
    const { t, type, submit, wrapper, dialog } = await setup([view('ops', { name: 'Ops' })])
    await wrapper.get('[data-testid="webhook-edit"]').trigger('click')
    const url = dialog()!.querySelector<HTMLInputElement>('[data-testid="webhook-url"]')!
    expect(url.value).toBe('')
    expect(dialog()!.textContent).toContain('Stored URL: https://hooks.slack.com/… — In the OS keychain')
    await type('[data-testid="webhook-name"]', 'Ops on call')
    dialog()!.querySelector<HTMLInputElement>('[data-testid="webhook-agent-names"]')!.click()
    await flushPromises()
    await submit()
    const saves = t.fake.calls.filter((c) => c.channel === 'webhooks:save')
    expect(saves[0]?.args).toEqual({
      webhook: { id: 'ops', name: 'Ops on call', kind: 'slack', agentNames: true },
    })
    await wrapper.get('[data-testid="webhook-edit"]').trigger('click')
    await type('[data-testid="webhook-url"]', 'https://hooks.example.com/new')
    dialog()!.querySelector<HTMLInputElement>('[data-testid="webhook-session-only"]')!.click()
    await flushPromises()
    await submit()
    expect(t.fake.calls.filter((c) => c.channel === 'webhooks:save')[1]?.args).toMatchObject({
      webhook: { id: 'ops' },
      url: 'https://hooks.example.com/new',
      sessionOnly: true,
    })
  })

  it('shows what is wrong at the field that caused it, from the form and from main', async () => {
    const { t, type, submit, wrapper, fieldErrors, dialog, hooks: hooksNow } = await setup([])
    await wrapper.get('[data-testid="webhook-add"]').trigger('click')
    await submit()
    expect(fieldErrors('name')).toEqual(['must not be empty'])
    expect(fieldErrors('url')).toEqual(['Enter the webhook’s URL'])
    expect(t.fake.calls.some((c) => c.channel === 'webhooks:save')).toBe(false)

    await type('[data-testid="webhook-name"]', 'Ops')
    await type('[data-testid="webhook-url"]', 'ftp://example.com/x')
    expect(fieldErrors('url')).toEqual(['Enter a web address starting with https:// (or http://)'])

    await type('[data-testid="webhook-url"]', 'https://user:pw@example.com/x')
    t.fake.handle('webhooks:save', () => {
      throw new BridgeCallError('webhooks:save', 'bad_request', 'url: must not carry a user name or password')
    })
    await submit()
    expect(fieldErrors('url')).toEqual(['must not carry a user name or password'])

    t.fake.handle('webhooks:save', () => {
      throw new BridgeCallError('webhooks:save', 'invalid_config', 'the webhook is not valid', [
        {
          path: 'webhook.name',
          connection: null,
          rule: null,
          field: 'name',
          message: 'at most 120 characters',
        },
      ])
    })
    await submit()
    expect(fieldErrors('name')).toEqual(['at most 120 characters'])

    t.fake.handle('webhooks:save', () => {
      throw new BridgeCallError(
        'webhooks:save',
        'keychain_unavailable',
        'no OS keychain is available. The webhook was saved without its URL.',
      )
    })
    await submit()
    expect(fieldErrors('url')).toEqual([
      'no OS keychain is available. The webhook was saved without its URL.',
    ])
    // Kept without its URL: listed now, and the retry (this session only) saves the same webhook.
    hooksNow.push(view('ops', { name: 'Ops', where: null, masked: null }))
    await flushPromises()
    dialog()!.querySelector<HTMLInputElement>('[data-testid="webhook-session-only"]')!.click()
    t.fake.handle('webhooks:save', ({ webhook, sessionOnly }) =>
      view(String(webhook.id), { where: sessionOnly ? 'session' : 'keychain' }),
    )
    await submit()
    expect(t.fake.calls.filter((c) => c.channel === 'webhooks:save').at(-1)?.args).toMatchObject({
      webhook: { id: 'ops' },
      sessionOnly: true,
    })
    expect(dialog()).toBeNull()
  })

  it('sends a test and shows delivery, or the exact failure', async () => {
    const { t, rows } = await setup([view('ops', { name: 'Ops' }), view('old', { name: 'Old' })])
    t.fake.handle('webhooks:test', ({ id }) =>
      id === 'ops'
        ? { ok: true, status: 200, detail: null }
        : { ok: false, status: 404, detail: 'the webhook answered HTTP 404 (not retried: check the URL)' },
    )
    await rows()[0]!.get('[data-testid="webhook-test"]').trigger('click')
    await rows()[1]!.get('[data-testid="webhook-test"]').trigger('click')
    await flushPromises()
    expect(rows()[0]!.get('[data-testid="webhook-test-result"]').text()).toBe(
      'Test message delivered (HTTP 200)',
    )
    expect(rows()[1]!.get('[data-testid="webhook-test-result"]').text()).toBe(
      'Test failed: the webhook answered HTTP 404 (not retried: check the URL)',
    )
    t.fake.handle('webhooks:test', () => ({
      ok: false,
      status: null,
      detail: 'network: connect ECONNREFUSED <webhook URL>',
    }))
    await rows()[0]!.get('[data-testid="webhook-test"]').trigger('click')
    await flushPromises()
    expect(rows()[0]!.get('[data-testid="webhook-test-result"]').text()).toBe(
      'Test failed: network: connect ECONNREFUSED <webhook URL>',
    )
  })

  it('removes a webhook after confirmation, and not while a ladder still posts to it', async () => {
    const { t, rows } = await setup([view('ops', { name: 'Ops' }), view('spare', { name: 'Spare' })])
    const alerts = useAlertsStore()
    alerts.rules = [
      rule('wait', {
        name: 'Longest wait',
        escalation: [
          { afterSec: 0, channel: 'tray' },
          { afterSec: 60, channel: 'webhook', webhook: 'ops' },
        ],
      }),
    ]
    t.fake.handle('webhooks:remove', () => null)
    const confirm = () => document.querySelector<HTMLButtonElement>('[data-testid="webhook-remove-confirm"]')!

    await rows()[0]!.get('[data-testid="webhook-remove"]').trigger('click')
    expect(document.querySelector('[data-testid="webhook-remove-uses"]')?.textContent).toContain(
      'Rule “Longest wait”, step 2',
    )
    expect(confirm().disabled).toBe(true)
    document
      .querySelector<HTMLButtonElement>('[data-testid="webhook-remove-dialog"] .btn:not(.btn-danger)')!
      .click()
    await flushPromises()

    await rows()[1]!.get('[data-testid="webhook-remove"]').trigger('click')
    expect(t.fake.calls.some((c) => c.channel === 'webhooks:remove')).toBe(false)
    confirm().click()
    await flushPromises()
    expect(t.fake.calls.find((c) => c.channel === 'webhooks:remove')?.args).toEqual({ id: 'spare' })
    expect(rows().map((r) => r.attributes('data-webhook'))).toEqual(['ops'])
  })

  it('lists without editing on a view-only board', async () => {
    const { wrapper, rows } = await setup([view('ops')], { readOnly: true }, true)
    expect(rows()).toHaveLength(1)
    expect(wrapper.find('[data-testid="webhook-add"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="webhook-test"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="webhook-edit"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="webhooks-read-only"]').text()).toContain('view-only')
  })

  it('says on a team board that the site’s pollers hold the webhooks, and offers nothing to edit', async () => {
    const { t, wrapper } = await setup([], { team: teamInfo() })
    expect(wrapper.get('[data-testid="webhooks-team"]').text()).toContain(
      'set in the config of the site’s pollers',
    )
    expect(wrapper.find('[data-testid="webhook-add"]').exists()).toBe(false)
    expect(wrapper.find('table').exists()).toBe(false)
    expect(t.fake.calls.some((c) => c.channel === 'webhooks:list')).toBe(false)
  })
})
