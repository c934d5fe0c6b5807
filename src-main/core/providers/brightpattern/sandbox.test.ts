import { afterEach, describe, expect, it } from 'vitest'
import {
  startBrightPatternSandbox,
  type BrightPatternSandbox,
  type BrightPatternSandboxOptions,
} from './sandbox'
import { fixedSim, manualClock, START } from './test-support'

const USER = 'api.user'
const SECRET = 's3cret-key'

let sandbox: BrightPatternSandbox | null = null
afterEach(async () => {
  await sandbox?.close()
  sandbox = null
})

async function start(over: Partial<BrightPatternSandboxOptions> = {}) {
  const clock = manualClock()
  sandbox = await startBrightPatternSandbox({
    sim: fixedSim(),
    clock,
    username: USER,
    secret: SECRET,
    ...over,
  })
  return { sb: sandbox, clock }
}

async function call(sb: BrightPatternSandbox, method: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${sb.origin}${path}`, { method, ...init })
  const text = await res.text()
  return { status: res.status, text, headers: res.headers }
}

async function token(sb: BrightPatternSandbox): Promise<string> {
  const r = await call(sb, 'POST', '/configapi/v2/oauth/token', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: USER,
      client_secret: SECRET,
    }).toString(),
  })
  return (JSON.parse(r.text) as { access_token: string }).access_token
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` })

function subscription(section: Record<string, unknown>, appId = 'sup'): string {
  return JSON.stringify({ [appId]: section })
}

const AGENT_GRID = {
  id: 'agt',
  columns: [
    { id: '1', stat_name: 'login_id' },
    { id: '2', stat_name: 'acd_state' },
    { id: '3', stat_name: 'state_duration' },
    { id: '4', stat_name: 'team_name' },
    { id: '5', stat_name: 'reason' },
  ],
  order_by: '1',
  order_dir: 'ASC',
  limit: '500',
}

describe('Bright Pattern sandbox: auth', () => {
  it('issues OAuth tokens with expires_in as a string and checks the client credentials', async () => {
    const { sb } = await start({ tokenTtlSec: 900 })
    const ok = await call(sb, 'POST', '/configapi/v2/oauth/token', {
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: USER,
        client_secret: SECRET,
        scope: 'acme.brightpattern.com',
      }).toString(),
    })
    expect(ok.status).toBe(200)
    const body = JSON.parse(ok.text) as Record<string, unknown>
    expect(body['expires_in']).toBe('900')
    expect(body['token_type']).toBe('Bearer')
    expect(body['scope']).toBe('acme.brightpattern.com')
    expect(String(body['access_token'])).toMatch(/^[0-9A-F]{64}$/)
    expect(ok.headers.get('date')).toBe(new Date(START).toUTCString())

    const bad = await call(sb, 'POST', '/configapi/v2/oauth/token', {
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: USER,
        client_secret: 'nope',
      }).toString(),
    })
    expect(bad.status).toBe(401)
    const grant = await call(sb, 'POST', '/configapi/v2/oauth/token', { body: 'grant_type=password' })
    expect(grant.status).toBe(400)
  })

  it('lets tokens expire with the clock and answers 401 without credentials', async () => {
    const { sb, clock } = await start({ tokenTtlSec: 60 })
    const t = await token(sb)
    expect((await call(sb, 'GET', '/statsapi/cfg/dispositions', { headers: bearer(t) })).status).toBe(200)
    expect((await call(sb, 'GET', '/statsapi/cfg/dispositions')).status).toBe(401)
    clock.advance(61_000)
    expect((await call(sb, 'GET', '/statsapi/cfg/dispositions', { headers: bearer(t) })).status).toBe(401)
  })

  it('opens a legacy session in cookies; a second login of the same user invalidates the first', async () => {
    const { sb } = await start()
    const login = () =>
      fetch(`${sb.origin}/statsapi/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant_url: 'acme.brightpattern.com', username: USER, password: SECRET }),
      })
    const first = await login()
    expect(first.status).toBe(200)
    const cookie1 = first.headers.getSetCookie()
    expect(cookie1).toHaveLength(1)
    expect(cookie1[0]).toMatch(/^X-BP-SESSION-ID=[0-9a-f-]{36}; Path=\/; HttpOnly$/)
    const body = (await first.json()) as { token: string }
    expect(cookie1[0]).toContain(body.token)
    const c1 = (cookie1[0] ?? '').split(';')[0] ?? ''
    expect((await call(sb, 'GET', '/statsapi/cfg/teams', { headers: { cookie: c1 } })).status).toBe(200)
    const second = await login()
    const c2 = (second.headers.getSetCookie()[0] ?? '').split(';')[0] ?? ''
    expect((await call(sb, 'GET', '/statsapi/cfg/teams', { headers: { cookie: c1 } })).status).toBe(401)
    expect((await call(sb, 'GET', '/statsapi/cfg/teams', { headers: { cookie: c2 } })).status).toBe(200)

    const wrong = await call(sb, 'POST', '/statsapi/auth', {
      body: JSON.stringify({ tenant_url: 'acme', username: USER, password: 'x' }),
    })
    expect(wrong.status).toBe(401)
  })

  it('sets the documented X-STATSAPI-* cookies in that style, and refuses legacy login like BPCC 5.36+', async () => {
    const { sb } = await start({ sessionCookies: 'statsapi' })
    const res = await fetch(`${sb.origin}/statsapi/auth`, {
      method: 'POST',
      body: JSON.stringify({ tenant_url: 'acme.brightpattern.com', username: USER, password: SECRET }),
    })
    expect(res.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual([
      'X-STATSAPI-TOKEN',
      'X-STATSAPI-TENANT',
      'X-STATSAPI-LOGIN',
    ])
    sb.setLegacyLogin('forbidden')
    const refused = await call(sb, 'POST', '/statsapi/auth', {
      body: JSON.stringify({ tenant_url: 'acme', username: USER, password: SECRET }),
    })
    expect(refused.status).toBe(403)
    expect(JSON.parse(refused.text)).toEqual({ error: 'illegal login attempt' })
  })
})

describe('Bright Pattern sandbox: subscription and data', () => {
  it('answers 404 without a subscription, 204 while warming up, then string values keyed by column ids', async () => {
    const { sb } = await start({ warmupPolls: 2 })
    const t = await token(sb)
    const h = bearer(t)
    expect((await call(sb, 'GET', '/statsapi/subscription/data', { headers: h })).status).toBe(404)
    const created = await call(sb, 'POST', '/statsapi/subscription', {
      headers: { ...h, 'content-type': 'application/json' },
      body: subscription({
        stats_totals: ['agents_logged', 'agents_ready', 'agents_busy', 'service_level', 'in_calls_waiting'],
        agent_grids: [AGENT_GRID],
        service_grids: [
          {
            id: 'svc',
            columns: [
              { id: 'n', stat_name: 'name' },
              { id: 'w', stat_name: 'in_calls_waiting' },
              { id: 'm', stat_name: 'in_max_wait_time' },
              { id: 'sl', stat_name: 'service_level' },
            ],
            order_by: 'w',
            order_dir: 'DESC',
            limit: '2',
          },
        ],
        chat_messages: { filter: '', limit: '1' },
      }),
    })
    expect(created).toMatchObject({ status: 200, text: '' })
    expect((await call(sb, 'GET', '/statsapi/subscription/data', { headers: h })).status).toBe(204)
    expect((await call(sb, 'GET', '/statsapi/subscription/data', { headers: h })).status).toBe(204)
    const data = await call(sb, 'GET', '/statsapi/subscription/data', { headers: h })
    expect(data.status).toBe(200)
    expect(JSON.parse(data.text)).toEqual({
      sup: {
        stats_totals: {
          agents_logged: '5',
          agents_ready: '1',
          agents_busy: '1',
          service_level: '0.8625',
          in_calls_waiting: '5',
        },
        service_grids: [
          {
            id: 'svc',
            values: [
              { n: 'Voice Inbound', w: '3', m: '74', sl: '0.825' },
              { n: 'Chat Service', w: '2', m: '40', sl: '0.9' },
            ],
          },
        ],
        agent_grids: [
          {
            id: 'agt',
            values: [
              { '1': 'allen.fawcett', '2': 'After Call Work', '3': '18', '4': 'Sales', '5': '' },
              { '1': 'christy.borden', '2': 'Ready', '3': '35', '4': 'Customer Service', '5': '' },
              { '1': 'gone.agent', '2': 'Logged Out', '3': '', '4': '', '5': '' },
              { '1': 'liza.smith', '2': 'Busy', '3': '412', '4': 'Customer Service', '5': '' },
              { '1': 'marky.mark', '2': 'Not Ready', '3': '1260', '4': 'Sales', '5': 'Lunch' },
              { '1': 'sup.anna', '2': 'Supervising', '3': '90', '4': 'Customer Service', '5': '' },
            ],
          },
        ],
        chat_messages: [
          {
            id: 'm2',
            login_id: 'sup.anna',
            first_name: 'Anna',
            last_name: 'Kowalska',
            send_time: new Date(START - 60_000).toISOString(),
            is_urgent: '1',
            content: 'Chat queue over 2 minutes - everyone available please log in to chat',
          },
        ],
      },
    })
    // DELETE frees it: data is 404 again.
    expect((await call(sb, 'DELETE', '/statsapi/subscription/active', { headers: h })).status).toBe(200)
    expect((await call(sb, 'GET', '/statsapi/subscription/data', { headers: h })).status).toBe(404)
  })

  it('accepts the old statName spelling, filters, team_ids, logged-in-only, SUM columns and percent/epoch formats', async () => {
    const { sb } = await start({ warmupPolls: 0, serviceLevelAs: 'percent', sendTimeAs: 'epoch' })
    const h = bearer(await token(sb))
    await call(sb, 'POST', '/statsapi/subscription', {
      headers: h,
      body: subscription({
        agent_grids: [
          {
            id: 'a',
            columns: [
              { id: 'l', statName: 'login_id' },
              { id: 'd', statName: 'state_duration' },
            ],
            order_by: 'd',
            order_dir: 'DESC',
            limit: '10',
            filter_by: 'd',
            filter_value: '30',
            filter_operation: 'GT',
            team_ids: ['g-cs'],
            logged_in_agents_only: 'true',
          },
        ],
        service_grids: [
          {
            id: 's',
            columns: [
              { id: 'n', stat_name: 'name' },
              { id: 'sl', stat_name: 'service_level' },
              {
                id: 'sum',
                stat_name: 'SUM',
                sum_stat_names: ['in_calls_received_per_day', 'in_calls_abandoned_total_per_day'],
              },
            ],
            filter_by: 'n',
            filter_value: 'Chat Service',
            filter_operation: 'EQ',
          },
        ],
        chat_messages: { filter: 'meeting', limit: '5' },
      }),
    })
    const body = JSON.parse((await call(sb, 'GET', '/statsapi/subscription/data', { headers: h })).text) as {
      sup: Record<string, unknown>
    }
    expect(body.sup['agent_grids']).toEqual([
      {
        id: 'a',
        values: [
          { l: 'liza.smith', d: '412' },
          { l: 'sup.anna', d: '90' },
          { l: 'christy.borden', d: '35' },
        ],
      },
    ])
    expect(body.sup['service_grids']).toEqual([
      { id: 's', values: [{ n: 'Chat Service', sl: '90', sum: '43' }] },
    ])
    expect(body.sup['chat_messages']).toEqual([
      {
        id: 'm1',
        login_id: 'sup.anna',
        first_name: 'Anna',
        last_name: 'Kowalska',
        send_time: String(START - 120_000),
        is_urgent: '0',
        content: 'Team meeting at 2 pm',
      },
    ])
  })

  it('rejects the vendor document’s non-JSON sample and unknown statistics with 400 {error_code, error_message}', async () => {
    const { sb } = await start()
    const h = bearer(await token(sb))
    const docStyle = await call(sb, 'POST', '/statsapi/subscription', {
      headers: h,
      body: '{ "sup": { "stats_totals": ["agents_logged" ], //array of statistics\n } }',
    })
    expect(docStyle.status).toBe(400)
    expect(JSON.parse(docStyle.text)).toEqual({ error_code: 1, error_message: 'Malformed JSON' })
    const typo = await call(sb, 'POST', '/statsapi/subscription', {
      headers: h,
      body: subscription({ stats_totals: ['in_calls_wating'] }),
    })
    expect(typo.status).toBe(400)
    expect(JSON.parse(typo.text)).toEqual({
      error_code: 2,
      error_message: 'Unknown statistic: in_calls_wating',
    })
  })

  it('enforces the tenant limit with 409, but lets a client replace its own subscription', async () => {
    const { sb } = await start({ tenantLimit: 2 })
    const h = bearer(await token(sb))
    const post = () =>
      call(sb, 'POST', '/statsapi/subscription', { headers: h, body: subscription({ stats_totals: [] }) })
    sb.occupySlots(1)
    expect((await post()).status).toBe(200)
    expect((await post()).status).toBe(200)
    expect(sb.subscriptions()).toHaveLength(1)
    await call(sb, 'DELETE', '/statsapi/subscription/active', { headers: h })
    sb.occupySlots(2)
    expect((await post()).status).toBe(409)
    expect(sb.subscriptions()).toHaveLength(0)
  })

  it('serves dispositions (both shapes) and cfg lists', async () => {
    const { sb } = await start({ dispositionsAs: 'array', dispositions: ['Sold', 'No answer'] })
    const h = bearer(await token(sb))
    const d = await call(sb, 'GET', '/statsapi/cfg/dispositions?agentCanSelect=1&inbound=1', { headers: h })
    expect(JSON.parse(d.text)).toEqual(['Sold', 'No answer'])
    const teams = await call(sb, 'GET', '/statsapi/cfg/teams', { headers: h })
    expect(JSON.parse(teams.text)).toEqual([
      { id: 'g-cs', name: 'Customer Service' },
      { id: 'g-sales', name: 'Sales' },
    ])
    const services = await call(sb, 'GET', '/statsapi/cfg/services', { headers: h })
    expect((JSON.parse(services.text) as unknown[]).length).toBe(3)
  })

  it('has switches as functions and as /__sandbox/ control paths', async () => {
    const { sb } = await start({ warmupPolls: 0 })
    const h = bearer(await token(sb))
    await call(sb, 'POST', '/statsapi/subscription', { headers: h, body: subscription({ stats_totals: [] }) })
    expect((await call(sb, 'GET', '/statsapi/subscription/data', { headers: h })).status).toBe(200)
    const listed = await call(sb, 'GET', '/__sandbox/subscriptions')
    expect(JSON.parse(listed.text)).toEqual([
      { user: USER, appId: 'sup', request: { sup: { stats_totals: [] } } },
    ])

    expect((await call(sb, 'POST', '/__sandbox/drop-subscriptions')).status).toBe(200)
    expect((await call(sb, 'GET', '/statsapi/subscription/data', { headers: h })).status).toBe(404)

    await call(sb, 'POST', '/__sandbox/warmup', { body: '{"polls": 1}' })
    await call(sb, 'POST', '/statsapi/subscription', { headers: h, body: subscription({ stats_totals: [] }) })
    expect((await call(sb, 'GET', '/statsapi/subscription/data', { headers: h })).status).toBe(204)
    expect((await call(sb, 'GET', '/statsapi/subscription/data', { headers: h })).status).toBe(200)

    expect((await call(sb, 'POST', '/__sandbox/occupy-slots', { body: '{"slots": 5}' })).status).toBe(200)
    await call(sb, 'DELETE', '/statsapi/subscription/active', { headers: h })
    expect(
      (await call(sb, 'POST', '/statsapi/subscription', { headers: h, body: subscription({}) })).status,
    ).toBe(409)
    sb.occupySlots(0)

    expect((await call(sb, 'POST', '/__sandbox/expire-sessions')).status).toBe(200)
    expect((await call(sb, 'GET', '/statsapi/subscription/data', { headers: h })).status).toBe(401)

    await call(sb, 'POST', '/__sandbox/legacy-login', { body: '{"mode": "forbidden"}' })
    const refused = await call(sb, 'POST', '/statsapi/auth', {
      body: JSON.stringify({ tenant_url: 'a', username: USER, password: SECRET }),
    })
    expect(refused.status).toBe(403)
    expect((await call(sb, 'POST', '/__sandbox/legacy-login', { body: '{"mode": "maybe"}' })).status).toBe(
      400,
    )

    sb.dropSubscriptions()
    sb.expireSessions()
    expect(sb.subscriptions()).toEqual([])
  })
})
