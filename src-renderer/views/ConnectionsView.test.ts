// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { AppInfo, ConnectionView } from '../../src-shared/ipc/contract'
import { BridgeCallError } from '../api'
import { useAppStore } from '../stores/app'
import { appInfo, connection as status, connectionView, T0 } from '../testing/fixtures'
import { createTestApp, seedLive } from '../testing/mount'
import ConnectionsView from './ConnectionsView.vue'

const view = connectionView

const VIEWS: ConnectionView[] = [
  view('web', { label: 'Web chat' }),
  view('eu', {
    label: 'EU voice',
    provider: '8x8',
    baseUrl: 'https://vcc-na7.8x8.com/api/rtstats',
    username: 'acme',
    pollSeconds: 10,
    requestedPollSeconds: 5,
    options: { format: 'json' },
    secret: 'env',
  }),
  view('bp', {
    label: 'BP tenant',
    provider: 'brightpattern',
    baseUrl: 'https://acme.brightpattern.com',
    username: 'sup',
    secret: null,
    enabled: false,
    options: {},
  }),
  view('demo', { label: 'Demo', provider: 'simulator', baseUrl: null, secret: null, options: { seed: 42 } }),
  view('pbx', {
    label: 'PBX',
    provider: 'chronicall',
    baseUrl: 'https://pbx:9090',
    secret: 'session',
    options: {},
  }),
]

const info = (over: Partial<AppInfo> = {}): AppInfo => appInfo({ shell: 'web', ...over })

function setup(shown: AppInfo = info()) {
  const t = createTestApp()
  t.fake.handle('connections:list', () => VIEWS)
  t.fake.handle('config:export', () => ({
    text: JSON.stringify({ connections: [{ id: 'eu', secretEnv: 'EU_TOKEN' }], rules: [] }, null, 2),
  }))
  useAppStore().info = shown
  seedLive({
    connections: [
      status('web', { label: 'Web chat', provider: 'giosg', lastOkAt: T0 - 4_000 }),
      status('eu', {
        label: 'EU voice',
        provider: '8x8',
        state: 'auth_failed',
        detail: '8x8 rejected the tenant or token (HTTP 401)',
        lastOkAt: null,
      }),
    ],
  })
  const wrapper = mount(ConnectionsView, { global: t.global, attachTo: document.body })
  return { wrapper, fake: t.fake }
}

function row(wrapper: ReturnType<typeof setup>['wrapper'], id: string) {
  return wrapper.get(`[data-testid="connection-row"][data-id="${id}"]`)
}

describe('ConnectionsView', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('lists each connection with vendor, live status, last data, polling, secret and enabled', async () => {
    const { wrapper } = setup()
    await flushPromises()
    const rows = wrapper.findAll('[data-testid="connection-row"]')
    expect(rows.map((r) => r.get('th .name').text())).toEqual([
      'Web chat',
      'EU voice',
      'BP tenant',
      'Demo',
      'PBX',
    ])

    const web = row(wrapper, 'web')
    expect(web.get('th').text()).toContain('giosg')
    expect(web.get('[data-testid="connection-status"]').text()).toBe('OK')
    expect(web.text()).toContain('updated 4 s ago')
    expect(web.text()).toContain('every 15 s')
    expect(web.get('[data-testid="connection-secret"]').text()).toBe('Secret stored in keychain')

    const eu = row(wrapper, 'eu')
    expect(eu.get('[data-testid="connection-status"]').text()).toContain('Sign-in failed')
    expect(eu.get('[data-testid="connection-status"]').text()).toContain(
      '8x8 rejected the tenant or token (HTTP 401)',
    )
    expect(eu.get('[data-testid="connection-status"] .state-badge').classes()).toContain('conn-auth_failed')
    expect(eu.text()).toContain('no data yet')
    expect(eu.get('[data-testid="poll-raised"]').text()).toBe(
      'you set 5 s; 8x8 Contact Center needs at least 10 s',
    )
    expect(eu.get('[data-testid="connection-secret"]').text()).toBe('Secret from environment')

    const bp = row(wrapper, 'bp')
    expect(bp.get('[data-testid="connection-status"]').text()).toBe('Disabled')
    expect(bp.get('[data-testid="connection-secret"]').text()).toBe('No secret — needs one')
    expect(bp.get<HTMLInputElement>('input[role="switch"]').element.checked).toBe(false)
    expect(row(wrapper, 'demo').get('[data-testid="connection-secret"]').text()).toBe('No secret needed')
    expect(row(wrapper, 'demo').get('[data-testid="connection-status"]').text()).toBe(
      'Waiting for the first poll',
    )
    expect(row(wrapper, 'pbx').get('[data-testid="connection-secret"]').text()).toBe(
      'Secret for this session only',
    )
  })

  it('follows connections:changed', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    fake.emit('connections:changed', { connections: [view('web', { label: 'Renamed' })] })
    await nextTick()
    expect(wrapper.findAll('[data-testid="connection-row"]').map((r) => r.get('th .name').text())).toEqual([
      'Renamed',
    ])
  })

  it('enables and disables a connection by saving it whole, keeping its secretEnv and requested interval', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    fake.handle('connections:save', (args) => ({ ...VIEWS[1]!, enabled: args.connection.enabled === true }))
    const toggle = row(wrapper, 'eu').get('input[role="switch"]')
    expect(toggle.attributes('aria-label')).toBe('Poll EU voice')
    await toggle.setValue(false)
    await flushPromises()
    expect(fake.calls.find((c) => c.channel === 'connections:save')?.args).toEqual({
      connection: {
        id: 'eu',
        label: 'EU voice',
        provider: '8x8',
        baseUrl: 'https://vcc-na7.8x8.com/api/rtstats',
        username: 'acme',
        pollSeconds: 5,
        enabled: false,
        options: { format: 'json' },
        secretEnv: 'EU_TOKEN',
      },
    })
    expect(wrapper.get('[role="status"]').text()).toBe('“EU voice” is disabled.')
    expect(row(wrapper, 'eu').get('[data-testid="connection-status"]').text()).toBe('Disabled')
  })

  it('removes a connection after a confirmation that says its keychain entry goes too', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    fake.handle('connections:remove', () => null)
    await row(wrapper, 'web').get('button[aria-label="Remove Web chat"]').trigger('click')
    const dialog = wrapper.get('[data-testid="remove-dialog"]')
    expect(dialog.attributes('role')).toBe('alertdialog')
    expect(dialog.text()).toContain('Its secret is removed from the keychain too.')
    expect(fake.calls.some((c) => c.channel === 'connections:remove')).toBe(false)
    await dialog.get('[data-testid="remove-confirm"]').trigger('click')
    await flushPromises()
    expect(fake.calls.find((c) => c.channel === 'connections:remove')?.args).toEqual({ id: 'web' })
    expect(wrapper.find('[data-testid="remove-dialog"]').exists()).toBe(false)
    expect(wrapper.find('[data-id="web"]').exists()).toBe(false)
    expect(wrapper.get('[role="status"]').text()).toBe('Removed “Web chat”.')
  })

  it('keeps a connection that rules still watch and says which', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    fake.handle('connections:remove', () => {
      throw new BridgeCallError('connections:remove', 'invalid_config', 'connection "web" is in use', [
        {
          path: 'rules[0].connection',
          connection: 'web',
          rule: 'r1',
          field: 'connection',
          message: 'rule "Chat waits" watches this connection: change or remove the rule first',
        },
      ])
    })
    await row(wrapper, 'web').get('button[aria-label="Remove Web chat"]').trigger('click')
    await wrapper.get('[data-testid="remove-confirm"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="remove-dialog"] [role="alert"]').text()).toContain(
      'rule "Chat waits" watches this connection',
    )
    expect(wrapper.find('[data-id="web"]').exists()).toBe(true)
  })

  it('tests a saved connection with its stored secret and shows the report', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    fake.handle('connections:test', () => ({
      ok: true,
      steps: [
        { step: 'config', ok: true, detail: 'valid' },
        { step: 'reach', ok: true, detail: 'reached' },
        { step: 'auth', ok: true, detail: 'accepted' },
        { step: 'data', ok: true, detail: 'got 3 agents' },
      ],
      counts: { agents: 3, queues: 0, chatRooms: 1, chatMessages: 0, metrics: 0 },
      extras: [],
    }))
    await row(wrapper, 'web').get('button[aria-label="Test Web chat"]').trigger('click')
    await flushPromises()
    const call = fake.calls.find((c) => c.channel === 'connections:test')
    expect(call?.args).not.toHaveProperty('secret')
    expect(wrapper.get('[data-testid="connection-test-dialog"] [data-testid="test-counts"]').text()).toBe(
      'Data: 3 agents · 1 chat room',
    )
  })

  it('opens the editor to add a connection and says when it was saved', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    fake.handle('connections:save', () => view('new', { label: 'New one' }))
    await wrapper.get('[data-testid="add-connection"]').trigger('click')
    const editor = wrapper.get('[data-testid="connection-editor"]')
    const idLabel = editor.findAll('label').find((l) => l.text() === 'Connection id')!
    await editor.get(`[id="${idLabel.attributes('for')}"]`).setValue('new')
    await editor.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-testid="connection-editor"]').exists()).toBe(false)
    expect(wrapper.get('[role="status"]').text()).toBe('Saved “New one”.')
  })

  it('exports the config as text with a download, and refuses an invalid import with its issues', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    await wrapper.get('[data-testid="export-config"]').trigger('click')
    await flushPromises()
    expect(wrapper.get<HTMLTextAreaElement>('[data-testid="exported-config"]').element.value).toContain(
      '"EU_TOKEN"',
    )
    expect(wrapper.get('a[download]').attributes('download')).toBe('floorwalker-config.json')

    fake.handle('config:import', () => {
      throw new BridgeCallError('config:import', 'invalid_config', 'the imported config is not valid', [
        {
          path: 'connections[0].pollSeconds',
          connection: 'eu',
          rule: null,
          field: 'pollSeconds',
          message: 'must be greater than 0',
        },
      ])
    })
    await wrapper.get('[data-testid="import-text"]').setValue('{"connections":[{"id":"eu","pollSeconds":0}]}')
    await wrapper.get('[data-testid="import-config"]').trigger('click')
    await nextTick()
    expect(fake.calls.some((c) => c.channel === 'config:import')).toBe(false)
    expect(document.activeElement).toBe(wrapper.get('[data-testid="import-confirm"]').element)
    await wrapper.get('[data-testid="import-confirm"]').trigger('click')
    await flushPromises()
    const error = wrapper.get('[data-testid="import-error"]')
    expect(error.text()).toContain('nothing changed')
    expect(error.text()).toContain(
      'connection "eu", field "pollSeconds": must be greater than 0 (connections[0].pollSeconds)',
    )
    expect(wrapper.findAll('[data-testid="connection-row"]')).toHaveLength(5)
    expect(document.activeElement).toBe(wrapper.get('[data-testid="import-text"]').element)
  })

  it('says when no OS keychain is available', async () => {
    const { wrapper } = setup(
      info({
        keychain: { available: false, detail: 'no OS keychain is available: Cannot autolaunch D-Bus' },
      }),
    )
    await flushPromises()
    expect(wrapper.get('[data-testid="keychain-note"]').text()).toContain(
      'No OS keychain is available: Cannot autolaunch D-Bus.',
    )
  })

  it('offers Start at login in the desktop app only (a served board has no computer to start with)', async () => {
    const served = setup()
    await flushPromises()
    expect(served.wrapper.find('[data-testid="desktop-prefs"]').exists()).toBe(false)
    served.wrapper.unmount()
    const desktop = setup(info({ shell: 'electron' }))
    await flushPromises()
    expect(desktop.wrapper.get('[data-testid="desktop-prefs"]').text()).toContain(
      'Start Floorwalker when I sign in',
    )
  })

  it('shows read-only clients the list without any editing control', async () => {
    const { wrapper } = setup(info({ readOnly: true }))
    await flushPromises()
    expect(wrapper.findAll('[data-testid="connection-row"]')).toHaveLength(5)
    expect(wrapper.get('[data-testid="read-only-note"]').text()).toContain('view only')
    expect(wrapper.find('[data-testid="add-connection"]').exists()).toBe(false)
    expect(wrapper.find('input[role="switch"]').exists()).toBe(false)
    expect(wrapper.findAll('button').map((b) => b.text())).toEqual([])
    expect(wrapper.find('[data-testid="export-config"]').exists()).toBe(false)
    expect(row(wrapper, 'bp').text()).toContain('Off')
  })
})
