// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { ConnectionTestReport, ConnectionView } from '../../../src-shared/ipc/contract'
import { PROVIDER_IDS } from '../../../src-shared/model'
import { PROVIDER_DESCRIPTORS } from '../../../src-shared/providers'
import { CHRONICALL_ROLE_LABELS } from '../../../src-shared/providers/chronicall'
import { BridgeCallError } from '../../api'
import { useConnectionsStore } from '../../stores/connections'
import { useLiveStore } from '../../stores/live'
import { agent, connection as status, connectionView, liveState, T0 } from '../../testing/fixtures'
import { createTestApp, seedLive } from '../../testing/mount'
import ConnectionEditor from './ConnectionEditor.vue'

const KEYCHAIN_OK = { available: true, detail: null }
const SECRET = 'tok-3f9a-very-secret'

const savedView = (over: Partial<ConnectionView> = {}): ConnectionView =>
  connectionView('web', { label: 'Web chat', ...over })

function setup(
  props: {
    connection?: ConnectionView | null
    keychain?: { available: boolean; detail: string | null }
  } = {},
) {
  const t = createTestApp()
  const store = useConnectionsStore()
  if (props.connection) store.list = [props.connection]
  t.fake.handle('config:export', () => ({ text: JSON.stringify({ connections: [], rules: [] }) }))
  const wrapper = mount(ConnectionEditor, {
    global: t.global,
    props: { connection: props.connection ?? null, keychain: props.keychain ?? KEYCHAIN_OK },
    attachTo: document.body,
  })
  return { wrapper, fake: t.fake, store }
}

/** The input of the form field named `name` (data-field), found through its label like a user would. */
function field(wrapper: ReturnType<typeof setup>['wrapper'], name: string) {
  const box = wrapper.get(`[data-field="${name}"]`)
  const label = box.find('label')
  return { box, input: label.exists() ? wrapper.get(`[id="${label.attributes('for')}"]`) : null }
}

async function type(wrapper: ReturnType<typeof setup>['wrapper'], name: string, value: string) {
  const { input } = field(wrapper, name)
  await input!.setValue(value)
}

async function fillGiosg(wrapper: ReturnType<typeof setup>['wrapper']) {
  await type(wrapper, 'id', 'web')
  await type(wrapper, 'label', 'Web chat')
  await type(wrapper, 'baseUrl', 'http://127.0.0.1:4100')
}

describe('ConnectionEditor', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('renders every vendor’s fields from its descriptor', async () => {
    const { wrapper } = setup()
    for (const id of PROVIDER_IDS) {
      const d = PROVIDER_DESCRIPTORS[id]
      await wrapper.get('[data-field="provider"] select').setValue(id)
      expect(wrapper.get('[data-field="provider"]').text()).toContain(d.summary)
      for (const f of d.fields) {
        const box = wrapper.get(`[data-field="options.${f.key}"]`)
        expect(box.text()).toContain(f.label)
        expect(box.text()).toContain(f.help)
      }
      expect(wrapper.findAll('[data-field^="options."]')).toHaveLength(d.fields.length)
      const url = d.baseUrl
      const hasBaseUrl = url !== null && (url.required || url.default !== null)
      expect(wrapper.find('[data-field="baseUrl"]').exists()).toBe(hasBaseUrl)
      if (url && hasBaseUrl) {
        const { box, input } = field(wrapper, 'baseUrl')
        expect(box.get('label').text()).toBe(url.label)
        expect(input!.attributes('placeholder')).toBe(url.placeholder)
        expect(box.text()).toContain(url.help)
      }
      expect(wrapper.find('[data-field="username"]').exists()).toBe(d.username !== null)
      if (d.username) expect(wrapper.get('[data-field="username"] label').text()).toBe(d.username.label)
      expect(wrapper.find('[data-testid="secret-field"]').exists()).toBe(d.secret !== null)
      if (d.secret) expect(wrapper.get('[data-testid="secret-field"] legend').text()).toBe(d.secret.label)
      expect(wrapper.get('[data-field="pollSeconds"]').text()).toContain(`At least ${d.pollSeconds.min} s`)
    }
  })

  it('renders each field kind as the right control', async () => {
    const { wrapper } = setup()
    await wrapper.get('[data-field="provider"] select').setValue('brightpattern')
    expect(
      wrapper
        .get('[data-field="options.auth"] select')
        .findAll('option')
        .map((o) => o.text()),
    ).toEqual(['OAuth client credentials', 'Legacy session (user + password)'])
    expect(wrapper.get<HTMLTextAreaElement>('[data-field="options.totals"] textarea').element.value).toBe(
      'agents_logged\nagents_ready\nagents_busy',
    )
    expect(field(wrapper, 'options.chatMessageLimit').input!.element).toHaveProperty('value', '50')
    // A state map: rows of vendor state → one of the board's agent states.
    const stateMap = wrapper.get('[data-field="options.stateMap"]')
    expect(stateMap.element.tagName).toBe('FIELDSET')
    await stateMap.get('button.map-add').trigger('click')
    const row = stateMap.get('[data-testid="map-row"]')
    expect(row.get('input').attributes('aria-label')).toBe('Vendor state, row 1')
    expect(row.findAll('select option').map((o) => o.text())).toContain('Wrap-up')

    await wrapper.get('[data-field="provider"] select').setValue('giosg')
    const shared = field(wrapper, 'options.includeShared')
    expect(shared.input!.attributes('type')).toBe('checkbox')
  })

  it('offers Chronicall’s metric meanings with their labels, and suggests meanings for metrics it reads', async () => {
    const t = createTestApp()
    seedLive({
      connections: [status('cc', { provider: 'chronicall' })],
      metrics: [
        {
          key: 'cc:7',
          connection: 'cc',
          provider: 'chronicall',
          asOf: T0,
          metricId: '7',
          name: 'Calls in Queue',
          category: { type: 'GROUP', value: 'Sales' },
          kind: 'count',
          status: 'ok',
          value: 3,
          live: null,
          updatedAt: T0,
          raw: null,
        },
      ],
    })
    const cc = savedView({
      id: 'cc',
      label: 'PBX',
      provider: 'chronicall',
      baseUrl: 'https://pbx.example:9090',
      pollSeconds: 5,
      options: { roles: { '12': 'agent_state' }, metricIds: [], push: false, stateMap: {} },
    })
    useConnectionsStore().list = [cc]
    t.fake.handle('config:export', () => ({ text: '{"connections":[]}' }))
    const wrapper = mount(ConnectionEditor, {
      global: t.global,
      props: { connection: cc, keychain: KEYCHAIN_OK },
      attachTo: document.body,
    })
    const roles = wrapper.get('[data-field="options.roles"]')
    const select = roles.get('[data-testid="map-row"] select')
    expect((select.element as HTMLSelectElement).value).toBe('agent_state')
    expect(select.findAll('option').map((o) => o.text())).toEqual(Object.values(CHRONICALL_ROLE_LABELS))
    expect(roles.text()).toContain('Calls in Queue')
    expect(roles.text()).toContain('Group: calls in queue (count)')
    await roles.get('button[aria-label="Add Calls in Queue"]').trigger('click')
    const rows = roles.findAll('[data-testid="map-row"]')
    expect(rows.map((r) => (r.get('input').element as HTMLInputElement).value)).toEqual(['12', '7'])
    expect((rows[1]!.get('select').element as HTMLSelectElement).value).toBe('queue_waiting')
  })

  it('validates as you type, next to the field, and links the message to the input', async () => {
    const { wrapper } = setup()
    // Nothing is flagged before the user got to a field.
    expect(wrapper.findAll('[data-testid="field-error"]')).toHaveLength(0)

    await type(wrapper, 'baseUrl', 'service.giosg.com')
    const { box, input } = field(wrapper, 'baseUrl')
    const error = box.get('[data-testid="field-error"]')
    expect(error.text()).toBe('must be an http:// or https:// URL')
    expect(input!.attributes('aria-invalid')).toBe('true')
    expect(input!.attributes('aria-describedby')!.split(' ')).toContain(error.attributes('id'))
    expect(wrapper.findAll('[data-testid="field-error"]')).toHaveLength(1)

    await type(wrapper, 'baseUrl', 'https://service.giosg.com')
    expect(box.find('[data-testid="field-error"]').exists()).toBe(false)
    expect(input!.attributes('aria-invalid')).toBeUndefined()

    await type(wrapper, 'id', 'bad id')
    expect(field(wrapper, 'id').box.text()).toContain('letters, digits')

    await type(wrapper, 'options.timezone', 'Mars/Olympus')
    expect(field(wrapper, 'options.timezone').box.get('[data-testid="field-error"]').text()).toBe(
      'must be a time zone name such as Europe/Helsinki or UTC',
    )
  })

  it('explains when the vendor’s minimum raises the poll interval', async () => {
    const { wrapper } = setup()
    await wrapper.get('[data-field="provider"] select').setValue('8x8')
    await type(wrapper, 'id', 'eu')
    await type(wrapper, 'baseUrl', 'https://vcc-na7.8x8.com/api/rtstats')
    await type(wrapper, 'username', 'acme')
    await type(wrapper, 'pollSeconds', '4')
    expect(field(wrapper, 'pollSeconds').box.text()).toContain(
      'Floorwalker will poll every 10 s: 8x8 Contact Center needs at least 10 s, so 4 s is raised.',
    )
  })

  it('flags every problem on Test or Save instead of calling main, and moves focus to the first one', async () => {
    const { wrapper, fake } = setup()
    await wrapper.get('[data-testid="editor-test"]').trigger('click')
    await flushPromises()
    expect(fake.calls.filter((c) => c.channel === 'connections:test')).toHaveLength(0)
    expect(field(wrapper, 'id').box.text()).toContain('must not be empty')
    expect(document.activeElement).toBe(field(wrapper, 'id').input!.element)
  })

  it('tests the entered values and secret before saving, and shows the report step by step', async () => {
    const { wrapper, fake } = setup()
    const report: ConnectionTestReport = {
      ok: true,
      steps: [
        { step: 'config', ok: true, detail: 'valid giosg connection, polled every 15 s' },
        { step: 'reach', ok: true, detail: 'reached http://127.0.0.1:4100' },
        { step: 'auth', ok: true, detail: 'the credentials were accepted' },
        { step: 'data', ok: true, detail: 'got 12 agents, 3 chat rooms' },
      ],
      counts: { agents: 12, queues: 0, chatRooms: 3, chatMessages: 0, metrics: 0 },
      extras: [{ title: 'Dispositions', items: ['Sale', 'No answer'] }],
    }
    fake.handle('connections:test', () => report)
    await fillGiosg(wrapper)
    await wrapper.get('[data-testid="secret-input"]').setValue(SECRET)
    await wrapper.get('[data-testid="editor-test"]').trigger('click')
    await flushPromises()

    const call = fake.calls.find((c) => c.channel === 'connections:test')
    expect(call?.args).toEqual({
      connection: {
        id: 'web',
        label: 'Web chat',
        provider: 'giosg',
        baseUrl: 'http://127.0.0.1:4100',
        enabled: true,
        options: { includeShared: false, roomIds: [], userIds: [], authScheme: 'Token' },
      },
      secret: SECRET,
    })
    expect(fake.calls.some((c) => c.channel === 'connections:save')).toBe(false)
    const steps = wrapper.findAll('[data-testid="test-step"]')
    expect(steps.map((s) => [s.attributes('data-step'), s.attributes('data-ok')])).toEqual([
      ['config', 'true'],
      ['reach', 'true'],
      ['auth', 'true'],
      ['data', 'true'],
    ])
    expect(steps[2]!.text()).toContain('Passed')
    expect(steps[2]!.text()).toContain('Sign in')
    expect(wrapper.get('[data-testid="test-counts"]').text()).toBe('Data: 12 agents · 3 chat rooms')
    const extra = wrapper.get('[data-testid="test-report"] details')
    expect(extra.get('summary').text()).toBe('Dispositions (2)')
    expect(extra.findAll('li').map((li) => li.text())).toEqual(['Sale', 'No answer'])
  })

  it('names a connection’s numbered teams, offering the teams on the board, and sets its console links', async () => {
    const { wrapper, fake } = setup({ connection: savedView() })
    const live = useLiveStore()
    live.replaceAll(
      liveState({
        agents: [
          agent('web', 'a1', { groupIds: ['3', '7'] }),
          agent('web', 'a2', { groupIds: ['7'], groupNames: ['Billing'] }),
          agent('other', 'a3', { groupIds: ['9'] }),
        ],
      }),
    )
    await nextTick()
    const teams = wrapper.get('[data-field="teamNames"]')
    expect(teams.text()).toContain('Teams on the board now: 3, 7 (Billing)')
    await wrapper.get('[data-testid="add-team-name"]').trigger('click')
    const [id, name] = teams.findAll('input')
    expect(id!.element).toHaveProperty('value', '3')
    await name!.setValue('Sales')
    const urls = wrapper.get('[data-field="consoleUrls"]').findAll('input')
    expect(urls.map((u) => u.attributes('placeholder'))).toEqual([
      'Vendor’s: {origin}/',
      'The vendor documents no link',
      'The vendor documents no link',
      'The vendor documents no link',
    ])
    await urls[3]!.setValue('{origin}/rooms/{id}')
    fake.handle('connections:save', () => savedView())
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const call = fake.calls.find((c) => c.channel === 'connections:save')
    expect(call?.args).toMatchObject({
      connection: { teamNames: { '3': 'Sales' }, consoleUrls: { chatRoom: '{origin}/rooms/{id}' } },
    })
  })

  it('shows a failed step with the vendor’s words, and steps not tried as such', async () => {
    const { wrapper, fake } = setup()
    fake.handle('connections:test', () => ({
      ok: false,
      steps: [
        { step: 'config', ok: true, detail: 'valid' },
        { step: 'reach', ok: true, detail: 'the server answered (HTTP 401)' },
        { step: 'auth', ok: false, detail: 'giosg rejected the token (HTTP 401): Invalid token.' },
        { step: 'data', ok: null, detail: 'not tried' },
      ],
      counts: null,
      extras: [],
    }))
    await fillGiosg(wrapper)
    await wrapper.get('[data-testid="editor-test"]').trigger('click')
    await flushPromises()
    const report = wrapper.get('[data-testid="test-report"]')
    expect(report.get('h3').text()).toBe('Test failed')
    const steps = report.findAll('[data-testid="test-step"]')
    expect(steps[2]!.text()).toContain('Failed')
    expect(steps[2]!.text()).toContain('giosg rejected the token (HTTP 401): Invalid token.')
    expect(steps[2]!.text()).toContain('Check the API token: the vendor did not accept it')
    expect(steps[3]!.text()).toContain('Not tried')
    expect(report.find('[data-testid="test-counts"]').exists()).toBe(false)
  })

  it('never renders a stored secret: only where it is kept, with replace and remove', async () => {
    const { wrapper, fake } = setup({ connection: savedView() })
    await flushPromises()
    const secretField = wrapper.get('[data-testid="secret-field"]')
    expect(secretField.get('[data-testid="secret-status"]').text()).toBe('Secret stored in keychain')
    expect(secretField.find('input[type="password"]').exists()).toBe(false)

    await secretField
      .findAll('button')
      .find((b) => b.text() === 'Replace secret')!
      .trigger('click')
    const input = wrapper.get<HTMLInputElement>('[data-testid="secret-input"]')
    expect(input.element.value).toBe('')
    expect(input.attributes('type')).toBe('password')
    expect(document.activeElement).toBe(input.element)

    fake.handle('connections:save', (args) => savedView({ label: String(args.connection.label) }))
    await input.setValue(SECRET)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.calls.find((c) => c.channel === 'connections:save')?.args).toMatchObject({
      secret: SECRET,
      sessionOnly: false,
    })
    // The typed secret is a property of the password input, never an attribute or text of the page.
    expect(wrapper.html()).not.toContain(SECRET)
    expect(wrapper.emitted('saved')).toHaveLength(1)
  })

  it('removes a stored secret after confirming, then says the connection needs one', async () => {
    const { wrapper, fake } = setup({ connection: savedView() })
    fake.handle('secrets:delete', () => ({ connection: 'web', where: null }))
    const secretField = wrapper.get('[data-testid="secret-field"]')
    await secretField
      .findAll('button')
      .find((b) => b.text() === 'Remove secret')!
      .trigger('click')
    expect(fake.calls.some((c) => c.channel === 'secrets:delete')).toBe(false)
    expect(secretField.text()).toContain('The connection stops working until a new one is entered.')
    const confirm = secretField.findAll('[role="group"] button').find((b) => b.text() === 'Remove secret')!
    expect(document.activeElement).toBe(confirm.element)
    await confirm.trigger('click')
    await flushPromises()
    expect(fake.calls.find((c) => c.channel === 'secrets:delete')?.args).toEqual({ connection: 'web' })
    expect(secretField.get('[data-testid="secret-status"]').text()).toBe('No secret — needs one')
    expect(document.activeElement).toBe(secretField.get('[data-testid="secret-input"]').element)
  })

  it('says when no OS keychain is available and offers this session only', async () => {
    const { wrapper, fake } = setup({
      keychain: {
        available: false,
        detail: 'no OS keychain is available: Cannot autolaunch D-Bus without X11 $DISPLAY',
      },
    })
    const warning = wrapper.get('[data-testid="keychain-warning"]')
    expect(warning.text()).toContain(
      'No OS keychain is available: Cannot autolaunch D-Bus without X11 $DISPLAY.',
    )
    expect(warning.text()).toContain('Use for this session only')
    const session = wrapper
      .findAll('[data-testid="secret-field"] label')
      .find((l) => l.text() === 'Use for this session only')!
    const checkbox = wrapper.get<HTMLInputElement>(`[id="${session.attributes('for')}"]`)
    expect(checkbox.attributes('type')).toBe('checkbox')

    fake.handle('connections:save', () => savedView({ secret: 'session' }))
    await fillGiosg(wrapper)
    await wrapper.get('[data-testid="secret-input"]').setValue(SECRET)
    await checkbox.setValue(true)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.calls.find((c) => c.channel === 'connections:save')?.args).toMatchObject({
      secret: SECRET,
      sessionOnly: true,
    })
  })

  it('keeps the connection, saved without its secret, when the keychain fails on save', async () => {
    const { wrapper, fake, store } = setup()
    const message =
      'no OS keychain is available: the keychain is locked. The connection was saved without a secret. Enter the secret again with "use for this session only", or make the keychain available and save again.'
    fake.handle('connections:save', () => {
      store.list = [savedView({ secret: null })]
      throw new BridgeCallError('connections:save', 'keychain_unavailable', message)
    })
    await fillGiosg(wrapper)
    await wrapper.get('[data-testid="secret-input"]').setValue(SECRET)
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(wrapper.emitted('saved')).toBeUndefined()
    const warning = wrapper.get('[data-testid="keychain-warning"]')
    expect(warning.attributes('role')).toBe('alert')
    expect(warning.text()).toContain('No OS keychain is available: the keychain is locked.')
    expect(document.activeElement).toBe(warning.element)
    expect(wrapper.get('[data-testid="secret-status"]').text()).toBe('No secret — needs one')
    // The id is taken now: the form edits the saved connection and still holds the typed secret.
    expect(wrapper.find('[data-field="id"]').exists()).toBe(false)
    expect(wrapper.get<HTMLInputElement>('[data-testid="secret-input"]').element.value).toBe(SECRET)
  })

  it('shows issues main finds on save at their fields', async () => {
    const { wrapper, fake } = setup()
    fake.handle('connections:save', () => {
      throw new BridgeCallError(
        'connections:save',
        'invalid_config',
        'the connection does not fit the config',
        [
          {
            path: 'connections[1].label',
            connection: 'web',
            rule: null,
            field: 'label',
            message: 'label clash',
          },
        ],
      )
    })
    await fillGiosg(wrapper)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(field(wrapper, 'label').box.get('[data-testid="field-error"]').text()).toBe('label clash')
    expect(document.activeElement).toBe(field(wrapper, 'label').input!.element)
  })

  it('opens as a native modal dialog with focus inside, and closes on Escape', async () => {
    const { wrapper } = setup()
    await nextTick()
    await nextTick()
    const dialog = wrapper.get('[role="dialog"]')
    // A modal <dialog> shown with showModal: the browser keeps Tab inside and makes the page behind inert.
    expect(dialog.element.tagName).toBe('DIALOG')
    expect((dialog.element as HTMLDialogElement).open).toBe(true)
    expect(dialog.attributes('aria-modal')).toBe('true')
    expect(wrapper.get(`[id="${dialog.attributes('aria-labelledby')}"]`).text()).toBe('Add connection')
    expect(document.activeElement).toBe(wrapper.get('[data-field="provider"] select').element)

    await dialog.trigger('keydown', { key: 'Escape' })
    expect(wrapper.emitted('close')).toHaveLength(1)
    // The browser's own close request (Escape it handles itself) is the owner's decision too.
    const cancel = new Event('cancel', { cancelable: true })
    dialog.element.dispatchEvent(cancel)
    expect(cancel.defaultPrevented).toBe(true)
    expect(wrapper.emitted('close')).toHaveLength(2)
  })
})
