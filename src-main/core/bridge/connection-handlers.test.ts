import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { demoConfig, validateConfig, type Config } from '../../../src-shared/config'
import type { Envelope, InvokeArgs, InvokeChannel, InvokeResult } from '../../../src-shared/ipc/contract'
import type { ProviderId, ProviderSnapshot } from '../../../src-shared/model'
import { DEFAULT_RULE_PACK } from '../../../src-shared/rules/default-pack'
import { LayeredSecrets } from '../../secrets/layered-secrets'
import { MemorySecretStore } from '../../secrets/memory-secret-store'
import { SecretStoreError, type SecretStore } from '../secret-store'
import type { Clock, LoginItem, SocketConnector } from '../ports'
import { failureFromTransport } from '../http/failures'
import type { ProviderAdapter, ProviderContext, ProviderFactory } from '../providers/types'
import { FetchHttpClient } from '../runtime/fetch-http-client'
import { memoryLogger } from '../runtime/logger'
import {
  createFileSettingsStore,
  createMemorySettingsStore,
  type SettingsStore,
} from '../settings/settings-store'
import { BridgeFailure, createConnectionHandlers, type ConnectionChannel } from './connection-handlers'
import type { Caller } from './types'

const caller: Caller = { shell: 'electron', readOnly: false }
const clock: Clock = {
  now: () => Date.UTC(2025, 0, 1),
  setTimer(ms, fn) {
    const t = setTimeout(fn, ms)
    return () => clearTimeout(t)
  },
}
const sockets: SocketConnector = { open: async () => ({ ok: false, status: null, detail: 'not used' }) }

function snapshot(
  connection: string,
  provider: ProviderId,
  over: Partial<ProviderSnapshot> = {},
): ProviderSnapshot {
  return {
    connection,
    provider,
    asOf: clock.now(),
    health: 'ok',
    agents: [],
    queues: [],
    chatRooms: [],
    chatMessages: [],
    metrics: [],
    warnings: [],
    ...over,
  }
}

/**
 * A vendor that accepts only "right-secret", and behaves badly on purpose: it logs and reports the secret it
 * was given, so the tests prove the handlers scrub it.
 */
function leakyVendor(record: { contexts: ProviderContext[]; disposed: number }): ProviderFactory {
  return (ctx) => {
    record.contexts.push(ctx)
    const adapter: ProviderAdapter = {
      async poll() {
        ctx.log.info(`polling with ${ctx.secret ?? '(none)'}`, {
          used: ctx.secret,
          nested: { s: ctx.secret },
        })
        if (ctx.secret !== 'right-secret') {
          return {
            ok: false,
            failure: {
              code: 'auth',
              status: 401,
              detail: `HTTP 401: token ${ctx.secret ?? ''} is invalid`,
              vendorMessage: `Invalid token ${ctx.secret ?? ''}`,
            },
          }
        }
        return {
          ok: true,
          snapshot: snapshot(ctx.config.id, ctx.config.provider, {
            agents: [{ id: 'a1' }, { id: 'a2' }] as unknown as ProviderSnapshot['agents'],
            queues: [{ id: 'q1' }] as unknown as ProviderSnapshot['queues'],
            warnings: [`echo ${ctx.secret}`],
          }),
        }
      },
      async extras() {
        return [{ title: 'Dispositions', items: ['Sale', 'No sale', `secret=${ctx.secret}`] }]
      },
      async dispose() {
        record.disposed++
      },
    }
    return adapter
  }
}

class FailingKeychain implements SecretStore {
  constructor(private readonly kind: SecretStoreError['kind'] = 'unavailable') {}
  private fail(): never {
    throw new SecretStoreError(
      this.kind,
      this.kind === 'unavailable'
        ? 'no OS keychain is available: Could not connect: No such file or directory'
        : 'the OS keychain is locked: Cannot create an item in a locked collection',
    )
  }
  async get(): Promise<string | null> {
    return this.fail()
  }
  async set(): Promise<void> {
    this.fail()
  }
  async delete(): Promise<boolean> {
    return this.fail()
  }
  async has(): Promise<boolean> {
    return this.fail()
  }
}

function fakeEngine() {
  const calls: string[] = []
  const configs: Config[] = []
  return {
    calls,
    configs,
    setConfig(c: Config) {
      calls.push('setConfig')
      configs.push(c)
    },
    reload(id: string) {
      calls.push(`reload ${id}`)
    },
  }
}

function setup(
  opts: {
    keychain?: SecretStore
    settings?: SettingsStore
    factories?: Record<string, ProviderFactory>
    testTimeoutMs?: number
    loginItem?: LoginItem
  } = {},
) {
  const keychain = opts.keychain ?? new MemorySecretStore()
  const session = new MemorySecretStore()
  const log = memoryLogger()
  const secrets = new LayeredSecrets({ keychain, session, log: log.child('secrets') })
  const settings = opts.settings ?? createMemorySettingsStore(demoConfig())
  const engine = fakeEngine()
  const record = { contexts: [] as ProviderContext[], disposed: 0 }
  const { handlers, events } = createConnectionHandlers({
    settings,
    secrets,
    engine,
    http: new FetchHttpClient(),
    clock,
    sockets,
    log,
    factories: (opts.factories ?? { giosg: leakyVendor(record), thulium: leakyVendor(record) }) as never,
    testTimeoutMs: opts.testTimeoutMs ?? 5000,
    ...(opts.loginItem ? { loginItem: opts.loginItem } : {}),
  })
  const seen: unknown[] = []
  events.subscribe((event, payload) => seen.push({ event, payload }))
  /** Call a channel as the service would: a BridgeFailure becomes an error envelope. */
  const call = async <C extends ConnectionChannel>(
    channel: C,
    args: InvokeArgs<C>,
    who: Caller = caller,
  ): Promise<Envelope<InvokeResult<C>>> => {
    const h = handlers[channel] as (a: InvokeArgs<C>, c: Caller) => Promise<InvokeResult<C>>
    try {
      const value = await h(args, who)
      seen.push(value)
      return { ok: true, value }
    } catch (e) {
      if (e instanceof BridgeFailure) {
        seen.push(e.error)
        return { ok: false, error: e.error }
      }
      throw e
    }
  }
  return { call, keychain, session, secrets, settings, engine, log, record, seen, events }
}

const giosg = (over: Record<string, unknown> = {}) => ({
  id: 'chat',
  label: 'Web chat',
  provider: 'giosg',
  baseUrl: 'https://service.giosg.com',
  ...over,
})

describe('connections:list and connections:save', () => {
  it('lists the demo connection without a secret', async () => {
    const { call } = setup()
    const r = await call('connections:list', null)
    expect(r).toEqual({
      ok: true,
      value: [
        {
          id: 'demo',
          label: 'Demo contact center',
          provider: 'simulator',
          baseUrl: null,
          username: null,
          pollSeconds: 2,
          requestedPollSeconds: null,
          enabled: true,
          options: { seed: 42, agents: 40, incidents: true },
          queueMedia: {},
          businessDay: null,
          teamNames: {},
          consoleUrls: {},
          consoleLinks: {},
          targets: {},
          secret: null,
        },
      ],
    })
  })

  it('saves a new connection with its secret in the keychain, persists, reconfigures and emits', async () => {
    const { call, keychain, settings, engine, seen } = setup()
    // The new connection's poller starts on setConfig: its secret must already be stored by then.
    let storedAtStart: string | null = 'not called'
    const setConfig = engine.setConfig.bind(engine)
    engine.setConfig = (c: Config) => {
      setConfig(c)
      void keychain.get('chat').then((v) => (storedAtStart = v))
    }
    const r = await call('connections:save', { connection: giosg(), secret: 'right-secret' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value).toMatchObject({
      id: 'chat',
      provider: 'giosg',
      baseUrl: 'https://service.giosg.com',
      secret: 'keychain',
    })
    expect(await keychain.get('chat')).toBe('right-secret')
    expect(settings.current().connections.map((c) => c.id)).toEqual(['demo', 'chat'])
    expect(engine.calls).toEqual(['setConfig'])
    expect(storedAtStart).toBe('right-secret')
    expect(engine.configs[0]?.connections.map((c) => c.id)).toEqual(['demo', 'chat'])
    const changed = seen.find((s) => (s as { event?: string }).event === 'connections:changed') as {
      payload: { connections: { id: string; secret: string | null }[] }
    }
    expect(changed.payload.connections.map((c) => [c.id, c.secret])).toEqual([
      ['demo', null],
      ['chat', 'keychain'],
    ])
  })

  it('session-only keeps the secret in memory, not the keychain', async () => {
    const { call, keychain, session } = setup()
    const r = await call('connections:save', {
      connection: giosg(),
      secret: 'right-secret',
      sessionOnly: true,
    })
    expect(r.ok && r.value.secret).toBe('session')
    expect(await keychain.has('chat')).toBe(false)
    expect(await session.get('chat')).toBe('right-secret')
  })

  it('replaces an existing connection in place; a new secret alone restarts its poller', async () => {
    const { call, settings, engine } = setup()
    await call('connections:save', { connection: giosg() })
    await call('connections:save', { connection: giosg({ label: 'Renamed' }) })
    expect(settings.current().connections.map((c) => [c.id, c.label])).toEqual([
      ['demo', 'Demo contact center'],
      ['chat', 'Renamed'],
    ])
    engine.calls.length = 0
    await call('connections:save', { connection: giosg({ label: 'Renamed' }), secret: 'new-secret' })
    expect(engine.calls).toEqual(['setConfig', 'reload chat'])
  })

  it('an invalid connection is an invalid_config error naming the field; nothing changes', async () => {
    const { call, settings, engine } = setup()
    const r = await call('connections:save', {
      connection: giosg({ pollSeconds: -1 }),
      secret: 'right-secret',
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('invalid_config')
    expect(r.error.message).toBe(
      'the connection is not valid: connection "chat", field "pollSeconds": must be greater than 0 (pollSeconds)',
    )
    expect(r.error.issues?.[0]).toMatchObject({ connection: 'chat', field: 'pollSeconds' })
    expect(settings.current()).toEqual(demoConfig())
    expect(engine.calls).toEqual([])
  })

  it('an unknown option is an error too (typos never pass silently)', async () => {
    const { call } = setup()
    const r = await call('connections:save', { connection: giosg({ options: { roomz: [] } }) })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.issues?.[0]?.message).toBe('unknown key "roomz" (check the spelling)')
  })

  it('without a keychain: the connection stays configured without a secret and the answer says why', async () => {
    const { call, settings, engine, secrets } = setup({ keychain: new FailingKeychain() })
    const r = await call('connections:save', { connection: giosg(), secret: 'right-secret' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('keychain_unavailable')
    expect(r.error.message).toMatch(
      /^no OS keychain is available: Could not connect: No such file or directory\. /,
    )
    expect(r.error.message).toContain('use for this session only')
    expect(settings.current().connections.map((c) => c.id)).toEqual(['demo', 'chat'])
    expect(engine.calls).toEqual(['setConfig'])
    expect(await secrets.where('chat')).toBeNull()
    const list = await call('connections:list', null)
    expect(list.ok && list.value.find((c) => c.id === 'chat')?.secret).toBeNull()

    // The explicit alternative works without a keychain.
    const s = await call('secrets:set', { connection: 'chat', secret: 'right-secret', sessionOnly: true })
    expect(s).toEqual({ ok: true, value: { connection: 'chat', where: 'session' } })
  })

  it('a locked keychain is reported as such, with the same error code', async () => {
    const { call } = setup({ keychain: new FailingKeychain('locked') })
    const r = await call('secrets:set', { connection: 'demo', secret: 'x-secret' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('keychain_unavailable')
      expect(r.error.message).toMatch(/^the OS keychain is locked: /)
    }
  })

  it('refuses changes from a read-only caller', async () => {
    const { call, settings } = setup()
    const r = await call('connections:save', { connection: giosg() }, { shell: 'web', readOnly: true })
    expect(r).toEqual({
      ok: false,
      error: { code: 'read_only', message: 'connections:save: this board is read-only' },
    })
    expect(settings.current()).toEqual(demoConfig())
  })
})

describe('targets:set', () => {
  it('sets, keeps through an edit of the connection, exports, and removes a queue’s target', async () => {
    const { call, settings, engine, seen } = setup()
    const r = await call('targets:set', {
      connection: 'demo',
      id: '115',
      target: { serviceLevelPct: 90, thresholdSec: 15, override: true },
    })
    expect(r.ok && r.value.targets).toEqual({
      '115': { serviceLevelPct: 90, thresholdSec: 15, override: true },
    })
    expect(engine.configs.at(-1)?.connections[0]?.targets['115']?.serviceLevelPct).toBe(90)
    expect(seen.some((x) => (x as { event?: string }).event === 'connections:changed')).toBe(true)
    const exported = await call('config:export', null)
    expect(exported.ok && JSON.parse(exported.value.text).connections[0].targets).toEqual({
      '115': { serviceLevelPct: 90, thresholdSec: 15, override: true },
    })
    await call('targets:set', { connection: 'demo', id: '115', target: null })
    expect(settings.current().connections[0]?.targets).toEqual({})
  })

  it('names the connection, the queue and the field of a bad target; nothing changes', async () => {
    const { call, settings, engine } = setup()
    const r = await call('targets:set', {
      connection: 'demo',
      id: 'Support',
      target: { serviceLevelPct: 101 },
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('invalid_config')
    expect(r.error.message).toContain('connection "demo", queue or room "Support"')
    expect(r.error.issues?.[0]).toMatchObject({
      connection: 'demo',
      field: 'targets.Support.serviceLevelPct',
      message: 'must be at most 100 (%)',
    })
    expect(settings.current()).toEqual(demoConfig())
    expect(engine.calls).toEqual([])
  })

  it('an unknown connection is not_found, and a read-only caller is refused', async () => {
    const { call } = setup()
    const none = await call('targets:set', { connection: 'nope', id: 'x', target: { serviceLevelPct: 80 } })
    expect(!none.ok && none.error.code).toBe('not_found')
    const ro = await call(
      'targets:set',
      { connection: 'demo', id: 'x', target: { serviceLevelPct: 80 } },
      { shell: 'web', readOnly: true },
    )
    expect(!ro.ok && ro.error.code).toBe('read_only')
  })
})

describe('connections:remove', () => {
  it('removes the connection and its keychain and session entries', async () => {
    const { call, keychain, session, settings, engine } = setup()
    await call('connections:save', { connection: giosg(), secret: 'right-secret' })
    await session.set('chat', 'also-here')
    engine.calls.length = 0
    expect(await call('connections:remove', { id: 'chat' })).toEqual({ ok: true, value: null })
    expect(settings.current().connections.map((c) => c.id)).toEqual(['demo'])
    expect(await keychain.has('chat')).toBe(false)
    expect(await session.has('chat')).toBe(false)
    expect(engine.calls).toEqual(['setConfig'])
  })

  it('an unknown id is not_found', async () => {
    const { call } = setup()
    expect(await call('connections:remove', { id: 'nope' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'there is no connection "nope"' },
    })
  })

  it('refuses while a rule watches the connection, naming the rule', async () => {
    const r0 = validateConfig({
      connections: [{ id: 'demo', provider: 'simulator' }],
      rules: [
        {
          id: 'r1',
          name: 'Long waits',
          entity: 'queue',
          connection: 'demo',
          field: 'waiting',
          op: '>',
          warn: 5,
        },
      ],
    })
    if (!r0.ok) throw new Error('fixture')
    const { call, settings } = setup({ settings: createMemorySettingsStore(r0.config) })
    const r = await call('connections:remove', { id: 'demo' })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('invalid_config')
    expect(r.error.issues).toEqual([
      {
        path: 'rules[0].connection',
        connection: 'demo',
        rule: 'r1',
        field: 'connection',
        message: 'rule "Long waits" watches this connection: change or remove the rule first',
      },
    ])
    expect(settings.current()).toEqual(r0.config)
  })

  it('a keychain that fails does not block removing the connection', async () => {
    const { call, settings, log } = setup({ keychain: new FailingKeychain() })
    await call('connections:save', { connection: giosg() })
    expect(await call('connections:remove', { id: 'chat' })).toEqual({ ok: true, value: null })
    expect(settings.current().connections.map((c) => c.id)).toEqual(['demo'])
    expect(log.lines.some((l) => l.includes('could not remove the keychain entry'))).toBe(true)
  })
})

describe('connections:test', () => {
  it('runs one poll with the entered values before saving, and reports every step with counts and extras', async () => {
    const { call, settings, record } = setup()
    const r = await call('connections:test', { connection: giosg(), secret: 'right-secret' })
    expect(r).toEqual({
      ok: true,
      value: {
        ok: true,
        steps: [
          { step: 'config', ok: true, detail: 'valid giosg connection, polled every 15 s' },
          { step: 'reach', ok: true, detail: 'reached https://service.giosg.com/' },
          { step: 'auth', ok: true, detail: 'the credentials were accepted' },
          {
            step: 'data',
            ok: true,
            detail: 'got 2 agents, 1 queue, 0 chat rooms, 0 messages, 0 metrics. Warnings: echo [redacted]',
          },
        ],
        counts: { agents: 2, queues: 1, chatRooms: 0, chatMessages: 0, metrics: 0 },
        extras: [{ title: 'Dispositions', items: ['Sale', 'No sale', 'secret=[redacted]'] }],
      },
    })
    expect(record.contexts).toHaveLength(1)
    expect(record.disposed).toBe(1)
    // Nothing saved.
    expect(settings.current()).toEqual(demoConfig())
  })

  it('explains an authentication failure with the vendor text, scrubbed of the secret', async () => {
    const { call } = setup()
    const r = await call('connections:test', { connection: giosg(), secret: 'wrong-secret' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.ok).toBe(false)
    expect(r.value.steps).toEqual([
      { step: 'config', ok: true, detail: 'valid' },
      { step: 'reach', ok: true, detail: 'the server answered (HTTP 401)' },
      {
        step: 'auth',
        ok: false,
        detail: 'HTTP 401: token [redacted] is invalid (the vendor says: "Invalid token [redacted]")',
      },
      { step: 'data', ok: null, detail: 'not tried' },
    ])
  })

  it('uses the stored secret of an existing connection when none is typed', async () => {
    const { call, record } = setup()
    await call('connections:save', { connection: giosg(), secret: 'right-secret' })
    const r = await call('connections:test', { connection: giosg() })
    expect(r.ok && r.value.ok).toBe(true)
    expect(record.contexts.at(-1)?.secret).toBe('right-secret')
  })

  it('says when there was no secret at all', async () => {
    const { call } = setup()
    const r = await call('connections:test', { connection: giosg({ id: 'fresh' }) })
    expect(r.ok && r.value.steps[2]?.detail).toMatch(
      /No secret was entered, and none is stored for this connection\.$/,
    )
  })

  it('reports an invalid connection on the config step without polling', async () => {
    const { call, record } = setup()
    const r = await call('connections:test', {
      connection: giosg({ baseUrl: 'ftp://x' }),
      secret: 'right-secret',
    })
    expect(r.ok && r.value.ok).toBe(false)
    if (!r.ok) return
    expect(r.value.steps[0]).toEqual({
      step: 'config',
      ok: false,
      detail:
        'the connection is not valid: connection "chat", field "baseUrl": must use http:// or https://, not ftp:// (baseUrl)',
    })
    expect(record.contexts).toHaveLength(0)
  })

  it('an unreachable host stops at the reach step', async () => {
    const { call } = setup({
      factories: {
        giosg: () => ({
          poll: async () => ({
            ok: false,
            failure: {
              code: 'network',
              detail: 'could not connect: https://service.giosg.com/ (ECONNREFUSED)',
            },
          }),
        }),
      },
    })
    const r = await call('connections:test', { connection: giosg(), secret: 'right-secret' })
    expect(r.ok && r.value.steps.map((s) => [s.step, s.ok])).toEqual([
      ['config', true],
      ['reach', false],
      ['auth', null],
      ['data', null],
    ])
  })

  it('gives up on a vendor that never answers, and still frees it', async () => {
    let disposed = false
    const { call } = setup({
      factories: {
        giosg: () => ({
          poll: () => new Promise(() => undefined),
          dispose: async () => {
            disposed = true
          },
        }),
      },
      testTimeoutMs: 300,
    })
    const r = await call('connections:test', { connection: giosg(), secret: 'right-secret' })
    expect(r.ok && r.value.steps[1]).toEqual({
      step: 'reach',
      ok: false,
      detail: 'no complete answer within 0.3 s',
    })
    expect(disposed).toBe(true)
  })

  it('a provider missing from this build is a config step failure', async () => {
    const { call } = setup({ factories: {} })
    const r = await call('connections:test', { connection: giosg(), secret: 'right-secret' })
    expect(r.ok && r.value.steps[0]).toEqual({
      step: 'config',
      ok: false,
      detail: 'the giosg provider is not available in this build',
    })
  })
})

describe('connections:test goes through the same vendor guard as polling', () => {
  /** A vendor answering 12 agents as JSON, 2 MB under `/huge`, a redirect to itself as localhost under `/away`. */
  async function vendorServer(dateOffsetMs = 0) {
    const server = createServer((req, res) => {
      res.setHeader('date', new Date(clock.now() + dateOffsetMs).toUTCString())
      if (req.url?.startsWith('/huge')) return res.end(' '.repeat(2 * 1024 * 1024))
      if (req.url?.startsWith('/away')) {
        res.statusCode = 302
        res.setHeader('location', `http://localhost:${(server.address() as AddressInfo).port}/data`)
        return res.end()
      }
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ agents: Array.from({ length: 12 }, (_, i) => `a${i}`) }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    stop.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }
  const stop: (() => Promise<void>)[] = []
  afterEach(async () => {
    await Promise.all(stop.splice(0).map((f) => f()))
  })

  /** A vendor adapter that reads its base URL with the HTTP client it is given. */
  const httpVendor: ProviderFactory = (ctx) => ({
    async poll(signal) {
      const url = ctx.config.baseUrl ?? ''
      const r = await ctx.http.request({ url, timeoutMs: 5000, signal })
      if (!r.ok) return { ok: false, failure: failureFromTransport(r, url) }
      const body = JSON.parse(r.response.body) as { agents: string[] }
      return {
        ok: true,
        snapshot: snapshot(ctx.config.id, ctx.config.provider, {
          agents: body.agents.map((id) => ({ id })) as unknown as ProviderSnapshot['agents'],
        }),
      }
    },
  })

  const run = async (baseUrl: string, options: Record<string, unknown>) => {
    const { call } = setup({ factories: { giosg: httpVendor } })
    const r = await call('connections:test', {
      connection: giosg({ baseUrl, options }),
      secret: 'right-secret',
    })
    if (!r.ok) throw new Error(r.error.message)
    return r.value
  }

  it('an answer over the connection’s size cap fails the data step, naming the limit', async () => {
    const report = await run(`${await vendorServer()}/huge`, { maxResponseMB: 1 })
    expect(report.ok).toBe(false)
    expect(report.steps[3]).toMatchObject({ step: 'data', ok: false })
    expect(report.steps[3]).toMatchObject({ step: 'data', ok: false })
    expect(report.steps[3]?.detail).toContain('larger than 1 MB (limit for giosg)')
  })

  it('a redirect to a host the connection does not name fails, naming the host', async () => {
    const report = await run(`${await vendorServer()}/away`, {})
    expect(report.ok).toBe(false)
    expect(report.steps[3]?.detail).toMatch(/redirected to another host, localhost/)
  })

  it('more entities than the connection’s cap fail the data step', async () => {
    const report = await run(await vendorServer(), { maxEntities: 5 })
    expect(report.ok).toBe(false)
    expect(report.steps[3]?.detail).toMatch(/holds 12 agents, .* more than 5 \(limit for giosg\)/)
  })

  it('a vendor clock far off passes with the skew warning polling would show', async () => {
    const report = await run(await vendorServer(2 * 3600_000), {})
    expect(report.ok).toBe(true)
    expect(report.counts?.agents).toBe(12)
    expect(report.steps[3]?.detail).toContain("the vendor's clock is 2 h ahead of this computer's")
  })
})

describe('config export / import', () => {
  it('exports JSON without secrets that imports back to the same config', async () => {
    const { call } = setup()
    await call('connections:save', { connection: giosg({ username: 'acme' }), secret: 'right-secret' })
    const exported = await call('config:export', null)
    expect(exported.ok).toBe(true)
    if (!exported.ok) return
    expect(exported.value.text).not.toContain('right-secret')
    const parsed = validateConfig(JSON.parse(exported.value.text))
    expect(parsed.ok && parsed.config.connections.map((c) => c.id)).toEqual(['demo', 'chat'])

    const other = setup()
    expect(await other.call('config:import', { text: exported.value.text })).toEqual({
      ok: true,
      value: { connections: 2, rules: demoConfig().rules.length },
    })
    expect(other.settings.current()).toEqual(parsed.ok ? parsed.config : null)
  })

  it('validates the whole import and applies nothing on error', async () => {
    const { call, settings, engine } = setup()
    const text = JSON.stringify({
      connections: [
        { id: 'ok-one', provider: 'simulator' },
        { id: 'bad', provider: '8x8' },
      ],
    })
    const r = await call('config:import', { text })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('invalid_config')
    expect(r.error.message).toMatch(
      /^the imported config is not valid; nothing was changed: connection "bad", field "baseUrl"/,
    )
    expect(settings.current()).toEqual(demoConfig())
    expect(engine.calls).toEqual([])
    const syntax = await call('config:import', { text: '{"connections": [' })
    expect(syntax.ok).toBe(false)
    if (!syntax.ok) expect(syntax.error.message).toMatch(/not valid JSON/)
  })

  it('keeps the current prefs unless the import has some, and forgets secrets of dropped connections', async () => {
    const { call, settings, keychain } = setup()
    await call('prefs:set', { theme: 'dark' })
    await call('connections:save', { connection: giosg(), secret: 'right-secret' })
    await call('config:import', {
      text: JSON.stringify({ connections: [{ id: 'demo', provider: 'simulator' }] }),
    })
    expect(settings.current().prefs).toEqual({ theme: 'dark', language: 'en' })
    expect(await keychain.has('chat')).toBe(false)
    await call('config:import', { text: JSON.stringify({ rules: [], prefs: { language: 'pl' } }) })
    expect(settings.current()).toEqual({
      connections: [],
      rules: [],
      prefs: { theme: 'system', language: 'pl' },
    })
    // A file that says nothing about rules brings the default pack (docs/ARCHITECTURE.md §5).
    await call('config:import', { text: JSON.stringify({ connections: [] }) })
    expect(settings.current().rules.map((r) => r.id)).toEqual(DEFAULT_RULE_PACK.map((r) => r.id))
  })
})

describe('secrets and prefs', () => {
  it('sets, reports and deletes a secret; only "where" comes back', async () => {
    const { call, engine } = setup()
    expect(await call('secrets:status', { connection: 'demo' })).toEqual({
      ok: true,
      value: { connection: 'demo', where: null },
    })
    expect(await call('secrets:set', { connection: 'demo', secret: 'abc-secret' })).toEqual({
      ok: true,
      value: { connection: 'demo', where: 'keychain' },
    })
    expect(engine.calls).toEqual(['reload demo'])
    expect(await call('secrets:status', { connection: 'demo' })).toEqual({
      ok: true,
      value: { connection: 'demo', where: 'keychain' },
    })
    expect(await call('secrets:delete', { connection: 'demo' })).toEqual({
      ok: true,
      value: { connection: 'demo', where: null },
    })
    expect(await call('secrets:set', { connection: 'nope', secret: 'abc-secret' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
  })

  it('an env variable is reported as such', async () => {
    const keychain = new MemorySecretStore()
    const r0 = validateConfig({ connections: [{ id: 'hl', provider: 'simulator', secretEnv: 'HL_TOKEN' }] })
    if (!r0.ok) throw new Error('fixture')
    const settings = createMemorySettingsStore(r0.config)
    const secrets = new LayeredSecrets({
      keychain,
      env: { HL_TOKEN: 'from-env' },
      secretEnvOf: (id) => settings.current().connections.find((c) => c.id === id)?.secretEnv ?? null,
    })
    const { handlers } = createConnectionHandlers({
      settings,
      secrets,
      engine: fakeEngine(),
      http: new FetchHttpClient(),
      clock,
      sockets,
      log: memoryLogger(),
    })
    expect(await handlers['secrets:status']({ connection: 'hl' }, caller)).toEqual({
      connection: 'hl',
      where: 'env',
    })
  })

  it('sets prefs, persisting and handing the config to the engine', async () => {
    const { call, settings, engine } = setup()
    expect(await call('prefs:set', { language: 'pl' })).toEqual({
      ok: true,
      value: { theme: 'system', language: 'pl' },
    })
    expect(settings.current().prefs).toEqual({ theme: 'system', language: 'pl' })
    expect(engine.calls).toEqual(['setConfig'])
  })
})

describe('start at login (prefs:set startAtLogin)', () => {
  /** The OS's switch as a fake: records every change, and can be told to fail. */
  function fakeLoginItem(opts: { fail?: string } = {}) {
    const item = {
      enabled: false,
      changes: [] as boolean[],
      isEnabled: async () => item.enabled,
      setEnabled: async (on: boolean) => {
        if (opts.fail) return { ok: false as const, detail: opts.fail }
        item.changes.push(on)
        item.enabled = on
        return { ok: true as const }
      },
    }
    return item
  }

  it('turns the OS switch on first, then keeps the choice in the settings', async () => {
    const loginItem = fakeLoginItem()
    const { call, settings } = setup({ loginItem })
    expect(await call('prefs:set', { startAtLogin: true })).toEqual({
      ok: true,
      value: { theme: 'system', language: 'en', startAtLogin: true },
    })
    expect(loginItem.changes).toEqual([true])
    expect(settings.current().prefs.startAtLogin).toBe(true)
    await call('prefs:set', { startAtLogin: false })
    expect(loginItem.changes).toEqual([true, false])
    expect(settings.current().prefs.startAtLogin).toBe(false)
    // Other prefs do not touch the OS.
    await call('prefs:set', { theme: 'dark' })
    expect(loginItem.changes).toEqual([true, false])
  })

  it('saves nothing when the OS refused, and says what and where', async () => {
    const loginItem = fakeLoginItem({ fail: 'cannot write /home/x/.config/autostart/app.desktop: EACCES' })
    const { call, settings } = setup({ loginItem })
    const r = await call('prefs:set', { startAtLogin: true })
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message:
          'could not change starting at login: cannot write /home/x/.config/autostart/app.desktop: EACCES',
      },
    })
    expect(settings.current().prefs.startAtLogin).toBeUndefined()
  })

  it('puts the OS back when the settings could not be kept', async () => {
    const loginItem = fakeLoginItem()
    const refused = createMemorySettingsStore(demoConfig(), { refuse: 'nowhere to keep changes' })
    const { call } = setup({ loginItem, settings: refused })
    const r = await call('prefs:set', { startAtLogin: true })
    expect(r.ok).toBe(false)
    expect(loginItem.changes).toEqual([true, false])
    expect(loginItem.enabled).toBe(false)
  })

  it('is refused where there is no OS switch (a served board)', async () => {
    const { call, settings } = setup()
    const r = await call('prefs:set', { startAtLogin: true, theme: 'dark' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('bad_request')
      expect(r.error.message).toMatch(/^startAtLogin: only the desktop app can start when you sign in/)
    }
    expect(settings.current().prefs).toEqual({ theme: 'system', language: 'en' })
  })
})

describe('no secret ever comes back out', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'handlers-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('scans every returned value, event, log line and the settings file for the secrets used', async () => {
    const secrets = [
      'right-secret',
      'wrong-secret',
      'session-only-s3cr3t',
      'replacement-s3cr3t',
      'thulium-pw-42',
    ]
    const settings = createFileSettingsStore({ dir, now: clock.now, defaults: demoConfig })
    await settings.load()
    const t = setup({ settings })
    const { call } = t
    await call('connections:test', { connection: giosg(), secret: 'wrong-secret' })
    await call('connections:test', { connection: giosg(), secret: 'right-secret' })
    await call('connections:save', { connection: giosg(), secret: 'right-secret' })
    await call('connections:test', { connection: giosg() })
    await call('connections:save', {
      connection: { id: 'th', provider: 'thulium', baseUrl: 'https://acme.thulium.com', username: 'api' },
      secret: 'thulium-pw-42',
    })
    await call('connections:test', {
      connection: { id: 'th', provider: 'thulium', baseUrl: 'https://acme.thulium.com', username: 'api' },
    })
    await call('secrets:set', { connection: 'chat', secret: 'session-only-s3cr3t', sessionOnly: true })
    await call('connections:test', { connection: giosg() })
    await call('secrets:set', { connection: 'chat', secret: 'replacement-s3cr3t' })
    await call('secrets:status', { connection: 'chat' })
    await call('connections:list', null)
    await call('config:export', null)
    await call('connections:save', { connection: giosg({ pollSeconds: -5 }), secret: 'wrong-secret' })
    await call('connections:remove', { id: 'th' })
    await call('secrets:delete', { connection: 'chat' })

    // The vendor really got the secrets (so the scan below is meaningful).
    expect(t.record.contexts.map((c) => c.secret)).toEqual([
      'wrong-secret',
      'right-secret',
      'right-secret',
      'thulium-pw-42',
      'session-only-s3cr3t',
    ])
    const haystacks = [
      ...t.seen.map((v) => JSON.stringify(v)),
      ...t.log.lines,
      ...[join(dir, 'settings.json'), join(dir, 'settings.json.bak')].map((f) => readFileSync(f, 'utf8')),
    ]
    expect(t.seen.length).toBeGreaterThan(15)
    expect(t.log.lines.length).toBeGreaterThanOrEqual(5)
    for (const secret of secrets) {
      const hits = haystacks.filter((h) => h.includes(secret))
      expect(hits, `"${secret}" leaked`).toEqual([])
    }
  })
})

describe('a real vendor through PROVIDER_FACTORIES', () => {
  it('tests a giosg connection against its sandbox server: right token, then wrong token', async () => {
    const { startGiosgSandbox } = await import('../providers/giosg/sandbox')
    const { fixedSim, manualClock, room, agent } = await import('../providers/giosg/test-sim')
    const token = 'giosg-sandbox-token-7f3a'
    const server = await startGiosgSandbox({
      sim: fixedSim({
        chatRooms: [room('r1'), room('r2')],
        agents: [agent('1', 'available'), agent('2', 'busy')],
      }),
      clock: manualClock(Date.UTC(2024, 2, 10, 12)),
      username: 'unused',
      secret: token,
    })
    try {
      const log = memoryLogger()
      const { handlers } = createConnectionHandlers({
        settings: createMemorySettingsStore(demoConfig()),
        secrets: new LayeredSecrets({ keychain: new MemorySecretStore() }),
        engine: fakeEngine(),
        http: new FetchHttpClient(),
        clock,
        sockets,
        log,
      })
      const connection = { id: 'chat', provider: 'giosg', baseUrl: server.origin }
      const good = await handlers['connections:test']({ connection, secret: token }, caller)
      expect(good.ok).toBe(true)
      expect(good.counts).toMatchObject({ agents: 2, chatRooms: 2 })
      expect(good.steps.map((s) => s.ok)).toEqual([true, true, true, true])

      const bad = await handlers['connections:test']({ connection, secret: 'not-the-token-123' }, caller)
      expect(bad.ok).toBe(false)
      expect(bad.steps.map((s) => [s.step, s.ok])).toEqual([
        ['config', true],
        ['reach', true],
        ['auth', false],
        ['data', null],
      ])
      expect(bad.steps[2]?.detail).toMatch(/401/)
      const all = JSON.stringify([good, bad]) + log.lines.join('\n')
      expect(all).not.toContain(token)
      expect(all).not.toContain('not-the-token-123')
    } finally {
      await server.close()
    }
  })
})

// Keeps the helper types honest: every connection channel is callable through `call`.
export type _AllChannels = Extract<InvokeChannel, ConnectionChannel>
