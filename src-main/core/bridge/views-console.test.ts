import { describe, expect, it } from 'vitest'
import { validateConfig, type Config } from '../../../src-shared/config'
import type { InvokeArgs } from '../../../src-shared/ipc/contract'
import { parseInvokeArgs } from '../../../src-shared/ipc/schemas'
import type { Clock, SocketConnector } from '../ports'
import { FetchHttpClient } from '../runtime/fetch-http-client'
import { memoryLogger } from '../runtime/logger'
import { createMemorySettingsStore } from '../settings/settings-store'
import { configToText } from '../settings/config-file'
import { BridgeFailure, createConnectionHandlers, type ConnectionChannel } from './connection-handlers'
import type { Caller } from './types'

const clock: Clock = { now: () => Date.UTC(2025, 0, 1), setTimer: () => () => {} }
const sockets: SocketConnector = { open: async () => ({ ok: false, status: null, detail: 'not used' }) }
const desktop: Caller = { shell: 'electron', readOnly: false }

function config(over: Record<string, unknown> = {}): Config {
  const r = validateConfig({
    connections: [
      {
        id: 'bp',
        label: 'Support',
        provider: 'brightpattern',
        baseUrl: 'https://acme.brightpattern.com',
        username: 'client',
        consoleUrls: { agent: '{origin}/admin/users/{id}', queue: '{origin}/admin/services?name={name}' },
        teamNames: { '7': 'Night shift' },
      },
      { id: 'pbx', provider: 'chronicall', baseUrl: 'http://pbx.local:9080' },
    ],
    rules: [],
    ...over,
  })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.config
}

function setup(opts: { opener?: boolean; config?: Config } = {}) {
  const opened: string[] = []
  const settings = createMemorySettingsStore(opts.config ?? config())
  const events: unknown[] = []
  const { handlers, events: source } = createConnectionHandlers({
    settings,
    secrets: {
      get: async () => null,
      where: async () => null,
      set: async () => 'session',
      delete: async () => {},
    },
    engine: { setConfig: () => {}, reload: () => {} },
    http: new FetchHttpClient(),
    clock,
    sockets,
    log: memoryLogger(),
    ...(opts.opener === false ? {} : { openExternal: (url: string) => opened.push(url) }),
  })
  source.subscribe((event, payload) => events.push({ event, payload }))
  const call = async <C extends ConnectionChannel>(channel: C, raw: unknown, who: Caller = desktop) => {
    // As both transports do: the arguments are parsed against the contract first.
    const parsed = parseInvokeArgs(channel, raw)
    if (!parsed.ok) return { ok: false as const, error: parsed.error }
    const h = handlers[channel] as (a: InvokeArgs<C>, c: Caller) => Promise<unknown>
    try {
      return { ok: true as const, value: await h(parsed.args, who) }
    } catch (e) {
      if (e instanceof BridgeFailure) return { ok: false as const, error: e.error }
      throw e
    }
  }
  return { call, opened, settings, events }
}

describe('console:open', () => {
  it('opens the link the connection template makes, in the system browser', async () => {
    const { call, opened } = setup()
    const r = await call('console:open', {
      connection: 'bp',
      target: 'agent',
      id: 'jan.kowalski',
      url: 'https://acme.brightpattern.com/admin/users/jan.kowalski',
    })
    expect(r).toEqual({ ok: true, value: null })
    const q = await call('console:open', {
      connection: 'bp',
      target: 'queue',
      id: '12',
      name: 'Sales & Support',
      url: 'https://acme.brightpattern.com/admin/services?name=Sales%20%26%20Support',
    })
    expect(q.ok).toBe(true)
    // The provider's own home link (docs/vendors/brightpattern.md).
    const home = await call('console:open', {
      connection: 'bp',
      target: 'home',
      url: 'https://acme.brightpattern.com/agentdesktop/',
    })
    expect(home.ok).toBe(true)
    expect(opened).toEqual([
      'https://acme.brightpattern.com/admin/users/jan.kowalski',
      'https://acme.brightpattern.com/admin/services?name=Sales%20%26%20Support',
      'https://acme.brightpattern.com/agentdesktop/',
    ])
  })

  it('refuses a URL the template did not make, and opens nothing', async () => {
    const { call, opened } = setup()
    const evil = await call('console:open', {
      connection: 'bp',
      target: 'agent',
      id: 'jan.kowalski',
      url: 'https://evil.example/admin/users/jan.kowalski',
    })
    expect(evil).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    expect(evil.ok ? '' : evil.error.message).toMatch(/not the one connection "bp"'s agent template makes/)
    // An id that tries to climb out of the path is encoded, so the raw form is not what the template makes.
    const climb = await call('console:open', {
      connection: 'bp',
      target: 'agent',
      id: '../../../evil',
      url: 'https://acme.brightpattern.com/admin/users/../../../evil',
    })
    expect(climb.ok).toBe(false)
    // A target without a template (Chronicall documents no console link), an unknown connection, a bad target.
    const none = await call('console:open', {
      connection: 'pbx',
      target: 'home',
      url: 'http://pbx.local:9080/',
    })
    expect(none.ok ? '' : none.error.message).toMatch(/has no console link for home/)
    const gone = await call('console:open', { connection: 'nope', target: 'home', url: 'https://x.example/' })
    expect(gone.ok ? '' : gone.error.message).toMatch(/there is no connection "nope"/)
    const target = await call('console:open', {
      connection: 'bp',
      target: 'shell',
      url: 'https://x.example/',
    })
    expect(target.ok ? '' : target.error.message).toMatch(/console:open: target/)
    expect(opened).toEqual([])
  })

  it('a board without an opener (the headless runner) refuses: the browser opens links itself', async () => {
    const { call } = setup({ opener: false })
    const r = await call('console:open', {
      connection: 'bp',
      target: 'home',
      url: 'https://acme.brightpattern.com/agentdesktop/',
    })
    expect(r.ok ? '' : r.error.message).toMatch(/opens console links itself/)
  })
})

describe('views:save, views:list, views:remove', () => {
  const view = {
    id: 'breaks',
    name: 'On break',
    page: 'agents',
    filter: { states: ['not_ready'] },
    groupBy: 'team',
    sort: { key: 'timeInState', dir: 'desc' },
  }

  it('saves, lists, makes one default per page, emits and writes them to the config file', async () => {
    const { call, settings, events } = setup()
    expect(await call('views:list', null)).toEqual({ ok: true, value: [] })
    const saved = await call('views:save', { view: { ...view, default: true } })
    expect(saved.ok).toBe(true)
    const second = await call('views:save', {
      view: { ...view, id: 'sales', name: 'Sales', filter: { team: 'name:Sales team' }, default: true },
    })
    expect(
      second.ok && (second.value as { id: string; default?: boolean }[]).map((v) => [v.id, v.default]),
    ).toEqual([
      ['breaks', false],
      ['sales', true],
    ])
    expect(events.filter((e) => (e as { event: string }).event === 'views:changed')).toHaveLength(2)
    const text = configToText(settings.current())
    expect(JSON.parse(text).views.map((v: { id: string }) => v.id)).toEqual(['breaks', 'sales'])
    // The file form validates back to the same views.
    const back = validateConfig(JSON.parse(text))
    expect(back.ok && back.config.views).toEqual(settings.current().views)
    const removed = await call('views:remove', { id: 'breaks' })
    expect(removed.ok && (removed.value as { id: string }[]).map((v) => v.id)).toEqual(['sales'])
  })

  it('says what is wrong with a view, and keeps names unique per page', async () => {
    const { call } = setup()
    const bad = await call('views:save', { view: { ...view, sort: { key: 'mood', dir: 'asc' } } })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_config' } })
    expect(bad.ok ? '' : bad.error.message).toMatch(/sort.key/)
    await call('views:save', { view })
    const twice = await call('views:save', { view: { ...view, id: 'other', name: 'ON BREAK' } })
    expect(twice.ok ? '' : twice.error.message).toMatch(/already called "ON BREAK"/)
    const gone = await call('views:remove', { id: 'nope' })
    expect(gone).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('a read-only board may list views but not change them', async () => {
    const { call } = setup()
    const web: Caller = { shell: 'web', readOnly: true }
    expect((await call('views:list', null, web)).ok).toBe(true)
    expect(await call('views:save', { view }, web)).toMatchObject({ ok: false, error: { code: 'read_only' } })
  })

  it('imports views with a config, and keeps the saved ones when the config has none', async () => {
    const { call, settings } = setup()
    await call('views:save', { view })
    const base = JSON.parse(configToText(settings.current())) as Record<string, unknown>
    const without = { ...base }
    delete without.views
    expect((await call('config:import', { text: JSON.stringify(without) })).ok).toBe(true)
    expect(settings.current().views?.map((v) => v.id)).toEqual(['breaks'])
    const other = { ...base, views: [{ ...view, id: 'q', name: 'Queues', page: 'queues', filter: {} }] }
    delete (other.views as Record<string, unknown>[])[0]?.groupBy
    delete (other.views as Record<string, unknown>[])[0]?.sort
    expect((await call('config:import', { text: JSON.stringify(other) })).ok).toBe(true)
    expect(settings.current().views?.map((v) => v.id)).toEqual(['q'])
    const broken = await call('config:import', {
      text: JSON.stringify({ ...base, views: [{ ...view, page: 'nowhere' }] }),
    })
    expect(broken.ok ? '' : broken.error.message).toMatch(/nothing was changed/)
    expect(settings.current().views?.map((v) => v.id)).toEqual(['q'])
  })

  it('lists each connection with its team names and the console links in effect', async () => {
    const { call } = setup()
    const r = await call('connections:list', null)
    const bp = r.ok ? (r.value as Record<string, unknown>[])[0] : null
    expect(bp).toMatchObject({
      teamNames: { '7': 'Night shift' },
      consoleUrls: { agent: '{origin}/admin/users/{id}' },
      consoleLinks: {
        home: '{origin}/agentdesktop/',
        agent: '{origin}/admin/users/{id}',
        queue: '{origin}/admin/services?name={name}',
      },
    })
  })
})
