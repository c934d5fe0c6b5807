import { afterEach, describe, expect, it } from 'vitest'
import type { ProviderSnapshot } from '../../../../src-shared/model'
import { brightPatternOptions } from '../../../../src-shared/providers/brightpattern'
import type { HttpClient } from '../../ports'
import { FetchHttpClient } from '../../runtime/fetch-http-client'
import { memoryLogger } from '../../runtime/logger'
import type { PollResult, ProviderAdapter, ProviderContext, ProviderFailure } from '../types'
import { createBrightPatternAdapter } from './index'
import {
  startBrightPatternSandbox,
  type BrightPatternSandbox,
  type BrightPatternSandboxOptions,
} from './sandbox'
import { fixedSim, manualClock, START, type ManualClock } from './test-support'

const USER = 'api.user'
const SECRET = 's3cret-key'

interface Rig {
  sb: BrightPatternSandbox
  clock: ManualClock
  adapter: ProviderAdapter
  log: ReturnType<typeof memoryLogger>
  /** Requests the sandbox answered since the last call, as "METHOD /path status". */
  trail(): string[]
}

const open: { sb: BrightPatternSandbox; adapter: ProviderAdapter }[] = []
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.adapter.dispose?.()
    await o.sb.close()
  }
})

async function rig(
  opts: {
    sandbox?: Partial<BrightPatternSandboxOptions>
    options?: Record<string, unknown>
    secret?: string | null
    baseUrl?: string | null
    http?: (inner: HttpClient) => HttpClient
  } = {},
): Promise<Rig> {
  const clock = manualClock()
  const sb = await startBrightPatternSandbox({
    sim: fixedSim(),
    clock,
    username: USER,
    secret: SECRET,
    ...opts.sandbox,
  })
  const log = memoryLogger()
  const inner = new FetchHttpClient()
  const ctx: ProviderContext = {
    config: {
      id: 'bp-test',
      label: 'BP test',
      provider: 'brightpattern',
      baseUrl: opts.baseUrl === undefined ? sb.origin : opts.baseUrl,
      username: USER,
      secretEnv: null,
      pollSeconds: 5,
      requestedPollSeconds: null,
      queueMedia: {},
      targets: {},
      enabled: true,
      options: brightPatternOptions.parse(opts.options ?? {}) as Record<string, unknown>,
    },
    secret: opts.secret === undefined ? SECRET : opts.secret,
    http: opts.http ? opts.http(inner) : inner,
    clock,
    log,
    sockets: { open: async () => ({ ok: false, status: null, detail: 'not used' }) },
  }
  const adapter = createBrightPatternAdapter(ctx)
  open.push({ sb, adapter })
  let seen = 0
  return {
    sb,
    clock,
    adapter,
    log,
    trail: () => {
      const out = sb.requests.slice(seen).map((r) => `${r.method} ${r.path} ${r.status}`)
      seen = sb.requests.length
      return out
    },
  }
}

const signal = () => new AbortController().signal

function snapshotOf(r: PollResult): ProviderSnapshot {
  if (!r.ok) throw new Error(`expected a snapshot, got ${r.failure.code}: ${r.failure.detail}`)
  return r.snapshot
}

function failureOf(r: PollResult): ProviderFailure {
  if (r.ok) throw new Error(`expected a failure, got a ${r.snapshot.health} snapshot`)
  return r.failure
}

const TOKEN = 'POST /configapi/v2/oauth/token'
const LOGIN = 'POST /statsapi/auth'
const CLEAR = 'DELETE /statsapi/subscription/active'
const SUBSCRIBE = 'POST /statsapi/subscription'
const DATA = 'GET /statsapi/subscription/data'

describe('Bright Pattern adapter: the OAuth lifecycle', () => {
  it('authenticates, clears a stale subscription, subscribes, waits through 204s, then maps the data; dispose deletes', async () => {
    const r = await rig({ sandbox: { warmupPolls: 2 } })

    const first = await r.adapter.poll(signal())
    expect(first.ok && first.pollAgainInMs).toBe(2000)
    const warming = snapshotOf(first)
    expect(warming).toMatchObject({
      connection: 'bp-test',
      provider: 'brightpattern',
      health: 'warming_up',
      asOf: START,
    })
    expect(warming.agents).toEqual([])
    expect(r.trail()).toEqual([`${TOKEN} 200`, `${CLEAR} 200`, `${SUBSCRIBE} 200`, `${DATA} 204`])
    expect(r.sb.subscriptions().map((s) => s.appId)).toEqual(['floorwalker'])

    expect(snapshotOf(await r.adapter.poll(signal())).health).toBe('warming_up')
    expect(r.trail()).toEqual([`${DATA} 204`])

    // The local clock is the snapshot's asOf, not the Date header (whole seconds, the vendor's clock).
    r.clock.advance(400)
    const s = snapshotOf(await r.adapter.poll(signal()))
    expect(r.trail()).toEqual([`${DATA} 200`])
    expect(s.health).toBe('ok')
    expect(s.asOf).toBe(START + 400)
    expect(s.warnings).toEqual([])
    expect(
      s.agents.map((a) => [a.id, a.name, a.state, a.rawState, a.stateReason, a.timeInStateSec, a.groupIds]),
    ).toEqual(
      [
        ['christy.borden', 'Christy Borden', 'available', 'Ready', null, 35, ['Customer Service']],
        ['allen.fawcett', 'Allen Fawcett', 'wrap_up', 'After Call Work', null, 18, ['Sales']],
        ['gone.agent', null, 'logged_out', 'Logged Out', null, null, []],
        ['liza.smith', 'Liza Smith', 'busy', 'Busy', null, 412, ['Customer Service']],
        ['marky.mark', 'Marky Mark', 'not_ready', 'Not Ready', 'Lunch', 1260, ['Sales']],
        ['sup.anna', 'Anna Kowalska', 'unknown', 'Supervising', null, 90, ['Customer Service']],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    )
    expect(s.agents.find((a) => a.id === 'marky.mark')?.stateSince).toBe(START + 400 - 1_260_000)
    expect(
      s.queues.map((q) => [q.id, q.name, q.media, q.waiting, q.longestWaitSec, q.serviceLevelPct, q.today]),
    ).toEqual([
      ['Chat Service', 'Chat Service', 'chat', 2, 40, 90, null],
      ['Email Svc', 'Email Svc', 'email', 0, null, null, null],
      ['Voice Inbound', 'Voice Inbound', 'voice', 3, 74, 82.5, null],
    ])
    expect(s.metrics.map((m) => [m.key, m.metricId, m.kind, m.value, m.status])).toEqual([
      ['totals:agents_logged', 'agents_logged', 'count', 5, 'ok'],
      ['totals:agents_ready', 'agents_ready', 'count', 1, 'ok'],
      ['totals:agents_busy', 'agents_busy', 'count', 1, 'ok'],
    ])
    expect(s.chatMessages.map((m) => [m.id, m.urgent, m.senderName, m.sentAt])).toEqual([
      ['m2', true, 'Anna Kowalska', START - 60_000],
      ['m1', false, 'Anna Kowalska', START - 120_000],
    ])
    expect(s.chatRooms).toEqual([])

    await r.adapter.dispose?.()
    expect(r.trail()).toEqual([`${CLEAR} 200`])
    expect(r.sb.subscriptions()).toEqual([])
    expect(r.log.lines.join('\n')).not.toContain(SECRET)
  })

  it('sends the user’s own columns and fills the model from them', async () => {
    const r = await rig({
      sandbox: { warmupPolls: 0 },
      options: {
        agentColumns: ['login_time', 'in_calls_handled_per_day', 'active_item_media_type'],
        serviceColumns: ['agents_logged', 'agents_busy', 'in_calls_received_per_day'],
        totals: ['agents_logged', 'service_level', 'in_max_wait_time'],
        services: ['voice inbound'],
        chatMessageLimit: 1,
      },
    })
    const s = snapshotOf(await r.adapter.poll(signal()))
    expect(s.queues).toHaveLength(1)
    expect(s.queues[0]).toMatchObject({
      id: 'Voice Inbound',
      agentsLoggedIn: 4,
      agentsBusy: 2,
      serviceLevelPct: 82.5,
    })
    expect(s.queues[0]?.today?.received).toBe(88)
    const christy = s.agents.find((a) => a.id === 'christy.borden')
    expect(christy?.today).toMatchObject({ loginSec: 3600, handled: 12 })
    expect(s.agents.find((a) => a.id === 'allen.fawcett')?.media).toBe('chat')
    expect(s.metrics.map((m) => [m.metricId, m.value, m.kind])).toEqual([
      ['agents_logged', 5, 'count'],
      ['service_level', 86.25, 'percent'],
      ['in_max_wait_time', 74, 'duration'],
    ])
    expect(s.chatMessages.map((m) => m.id)).toEqual(['m2'])
  })

  it('maps states through the connection’s own table', async () => {
    const r = await rig({ sandbox: { warmupPolls: 0 }, options: { stateMap: { SUPERVISING: 'busy' } } })
    const s = snapshotOf(await r.adapter.poll(signal()))
    expect(s.agents.find((a) => a.id === 'sup.anna')).toMatchObject({
      state: 'busy',
      rawState: 'Supervising',
    })
  })

  it('refreshes the token before expires_in runs out, without waiting for a 401', async () => {
    const r = await rig({ sandbox: { warmupPolls: 0, tokenTtlSec: 600 } })
    snapshotOf(await r.adapter.poll(signal()))
    r.trail()
    r.clock.advance(500_000)
    snapshotOf(await r.adapter.poll(signal()))
    expect(r.trail()).toEqual([`${DATA} 200`])
    r.clock.advance(50_000) // 550 s: within a minute of the 600 s expiry
    snapshotOf(await r.adapter.poll(signal()))
    expect(r.trail()).toEqual([`${TOKEN} 200`, `${DATA} 200`])
  })

  it('authenticates again once when the token is refused (401), and keeps the subscription', async () => {
    const r = await rig({ sandbox: { warmupPolls: 0 } })
    snapshotOf(await r.adapter.poll(signal()))
    r.trail()
    r.sb.expireSessions()
    const s = snapshotOf(await r.adapter.poll(signal()))
    expect(s.health).toBe('ok')
    expect(r.trail()).toEqual([`${DATA} 401`, `${TOKEN} 200`, `${DATA} 200`])
  })

  it('gives auth (terminal) when the server keeps answering 401, and recovers once it stops', async () => {
    const r = await rig({ sandbox: { warmupPolls: 0 } })
    snapshotOf(await r.adapter.poll(signal()))
    r.trail()
    r.sb.setFaults({ status: 401 })
    const f = failureOf(await r.adapter.poll(signal()))
    expect(f).toMatchObject({ code: 'auth', status: 401, terminal: true })
    expect(r.trail()).toEqual([`${DATA} 401`, `${TOKEN} 401`])
    r.sb.clearFaults()
    expect(snapshotOf(await r.adapter.poll(signal())).health).toBe('ok')
    expect(r.trail()).toEqual([`${TOKEN} 200`, `${DATA} 200`])
  })

  it('gives auth when a freshly obtained token is refused as well', async () => {
    // The data endpoint refuses every token (e.g. the user lost the "Access Realtime Stats API" privilege).
    const r = await rig({
      sandbox: { warmupPolls: 0 },
      http: (inner) => ({
        async request(req) {
          const res = await inner.request(req)
          if (res.ok && req.url.endsWith('/statsapi/subscription/data')) {
            return { ok: true, response: { ...res.response, status: 401, body: '' } }
          }
          return res
        },
      }),
    })
    const f = failureOf(await r.adapter.poll(signal()))
    expect(f.code).toBe('auth')
    expect(f.terminal).toBe(true)
    expect(f.detail).toContain('refused a fresh access token')
    expect(r.trail()).toEqual([
      `${TOKEN} 200`,
      `${CLEAR} 200`,
      `${SUBSCRIBE} 200`,
      `${DATA} 200`,
      `${TOKEN} 200`,
      `${DATA} 200`,
    ])
  })

  it('subscribes again when the subscription is gone (404), then waits through the 204s', async () => {
    const r = await rig({ sandbox: { warmupPolls: 1 } })
    await r.adapter.poll(signal())
    snapshotOf(await r.adapter.poll(signal()))
    r.trail()
    r.sb.dropSubscriptions()
    const warming = snapshotOf(await r.adapter.poll(signal()))
    expect(warming.health).toBe('warming_up')
    expect(r.trail()).toEqual([`${DATA} 404`, `${SUBSCRIBE} 200`, `${DATA} 204`])
    expect(snapshotOf(await r.adapter.poll(signal())).health).toBe('ok')
    expect(r.trail()).toEqual([`${DATA} 200`])
  })

  it('subscribes again when the data belongs to another client of the same user', async () => {
    const r = await rig({ sandbox: { warmupPolls: 0 } })
    snapshotOf(await r.adapter.poll(signal()))
    r.trail()
    // Another wallboard logged in as the same user replaces the subscription
    // (docs/vendors/brightpattern.md §6.2).
    const tok = await fetch(`${r.sb.origin}/configapi/v2/oauth/token`, {
      method: 'POST',
      body: `grant_type=client_credentials&client_id=${USER}&client_secret=${SECRET}`,
    }).then((res) => res.json() as Promise<{ access_token: string }>)
    await fetch(`${r.sb.origin}/statsapi/subscription`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tok.access_token}` },
      body: JSON.stringify({ wallboard: { stats_totals: ['agents_ready'] } }),
    })
    r.trail()
    const s = snapshotOf(await r.adapter.poll(signal()))
    expect(s.health).toBe('ok')
    expect(s.agents).toHaveLength(6)
    expect(r.trail()).toEqual([`${DATA} 200`, `${SUBSCRIBE} 200`, `${DATA} 200`])
    expect(r.sb.subscriptions().map((x) => x.appId)).toEqual(['floorwalker'])
  })

  it('reports the tenant subscription limit (409) as a terminal rate_limited failure and recovers when a slot frees', async () => {
    const r = await rig({ sandbox: { warmupPolls: 0, tenantLimit: 3 } })
    r.sb.occupySlots(3)
    const f = failureOf(await r.adapter.poll(signal()))
    expect(f).toMatchObject({
      code: 'rate_limited',
      status: 409,
      terminal: true,
      retryAfterMs: 60_000,
    })
    expect(f.detail).toContain("the tenant's limit of active subscriptions is reached")
    expect(r.trail()).toEqual([`${TOKEN} 200`, `${CLEAR} 200`, `${SUBSCRIBE} 409`])
    r.sb.occupySlots(2)
    expect(snapshotOf(await r.adapter.poll(signal())).health).toBe('ok')
    expect(r.trail()).toEqual([`${SUBSCRIBE} 200`, `${DATA} 200`])
  })

  it('reports a rejected subscription (400) as a config error carrying error_message', async () => {
    const r = await rig({ options: { agentColumns: ['in_calls_wating'] } })
    const f = failureOf(await r.adapter.poll(signal()))
    expect(f).toMatchObject({
      code: 'config',
      status: 400,
      terminal: true,
      vendorMessage: 'Unknown statistic: in_calls_wating',
    })
    expect(f.detail).toContain('Unknown statistic: in_calls_wating')
  })

  it('backs off on 5xx with Retry-After and resumes on the same subscription', async () => {
    const r = await rig({ sandbox: { warmupPolls: 0 } })
    snapshotOf(await r.adapter.poll(signal()))
    r.trail()
    r.sb.setFaults({ status: 503, retryAfter: '7' })
    expect(failureOf(await r.adapter.poll(signal()))).toMatchObject({
      code: 'unavailable',
      status: 503,
      retryAfterMs: 7000,
    })
    r.sb.clearFaults()
    expect(snapshotOf(await r.adapter.poll(signal())).health).toBe('ok')
    expect(r.trail()).toEqual([`${DATA} 503`, `${DATA} 200`])
  })

  it('reports unreadable data as bad_response', async () => {
    const r = await rig({ sandbox: { warmupPolls: 0 } })
    snapshotOf(await r.adapter.poll(signal()))
    r.sb.setFaults({ malformed: true, remaining: 1 })
    expect(failureOf(await r.adapter.poll(signal()))).toMatchObject({ code: 'bad_response', status: 200 })
    expect(snapshotOf(await r.adapter.poll(signal())).health).toBe('ok')
  })

  it('reports an unreachable server as network and a cancelled poll as timeout', async () => {
    const r = await rig({ baseUrl: 'http://127.0.0.1:1' })
    expect(failureOf(await r.adapter.poll(signal())).code).toBe('network')
    const ok = await rig()
    const aborted = new AbortController()
    aborted.abort()
    expect(failureOf(await ok.adapter.poll(aborted.signal)).code).toBe('timeout')
  })

  it('rejects a wrong secret as auth (terminal) after one token request, and a missing secret without any', async () => {
    const wrong = await rig({ secret: 'wrong' })
    const f = failureOf(await wrong.adapter.poll(signal()))
    expect(f).toMatchObject({ code: 'auth', status: 401, terminal: true, vendorMessage: 'invalid_client' })
    expect(f.detail).not.toContain('wrong')
    expect(wrong.trail()).toEqual([`${TOKEN} 401`])
    await wrong.adapter.dispose?.()
    expect(wrong.trail()).toEqual([])

    const none = await rig({ secret: null })
    expect(failureOf(await none.adapter.poll(signal()))).toMatchObject({ code: 'auth', terminal: true })
    expect(none.trail()).toEqual([])

    const noBase = await rig({ baseUrl: null })
    expect(failureOf(await noBase.adapter.poll(signal()))).toMatchObject({ code: 'config', terminal: true })
  })

  it('lists dispositions for the connection test, in either shape', async () => {
    const r = await rig({ sandbox: { dispositions: ['Sold', 'Callback'] } })
    expect(await r.adapter.extras?.(signal())).toEqual([
      { title: 'Dispositions', items: ['Sold', 'Callback'] },
    ])
    expect(r.trail()).toEqual([`${TOKEN} 200`, 'GET /statsapi/cfg/dispositions 200'])
    const a = await rig({ sandbox: { dispositionsAs: 'array', dispositions: ['X'] } })
    expect(await a.adapter.extras?.(signal())).toEqual([{ title: 'Dispositions', items: ['X'] }])
    const broken = await rig()
    broken.sb.setFaults({ status: 500 })
    const extras = await broken.adapter.extras?.(signal())
    expect(extras?.[0]?.items).toEqual([])
    expect(extras?.[0]?.title).toContain('could not be read')
  })
})

describe('Bright Pattern adapter: the legacy session', () => {
  for (const style of ['bp-session', 'statsapi'] as const) {
    it(`logs in, keeps the session in cookies (${style}), re-logs in on 401 and logs out on dispose`, async () => {
      const r = await rig({
        sandbox: { warmupPolls: 1, sessionCookies: style },
        options: { auth: 'session', tenantUrl: 'acme.brightpattern.com' },
      })
      expect(snapshotOf(await r.adapter.poll(signal())).health).toBe('warming_up')
      expect(r.trail()).toEqual([`${LOGIN} 200`, `${CLEAR} 200`, `${SUBSCRIBE} 200`, `${DATA} 204`])
      expect(snapshotOf(await r.adapter.poll(signal())).agents).toHaveLength(6)
      r.trail()

      r.sb.expireSessions()
      expect(snapshotOf(await r.adapter.poll(signal())).health).toBe('ok')
      expect(r.trail()).toEqual([`${DATA} 401`, `${LOGIN} 200`, `${DATA} 200`])

      await r.adapter.dispose?.()
      expect(r.trail()).toEqual([`${CLEAR} 200`, 'DELETE /statsapi/auth 200'])
      expect(r.sb.subscriptions()).toEqual([])
      expect(r.log.lines.join('\n')).not.toContain(SECRET)
    })
  }

  it('rejects a wrong password as auth', async () => {
    const r = await rig({ secret: 'nope', options: { auth: 'session' } })
    expect(failureOf(await r.adapter.poll(signal()))).toMatchObject({
      code: 'auth',
      status: 401,
      terminal: true,
    })
  })

  it('says to switch to OAuth when the server refuses the legacy login (BPCC 5.36+)', async () => {
    const r = await rig({ sandbox: { legacyLogin: 'forbidden' }, options: { auth: 'session' } })
    const f = failureOf(await r.adapter.poll(signal()))
    expect(f).toMatchObject({
      code: 'config',
      status: 403,
      terminal: true,
      vendorMessage: 'illegal login attempt',
    })
    expect(f.detail).toContain('switch Authentication to OAuth')
  })
})
