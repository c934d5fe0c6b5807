import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  cellNumber,
  cellText,
  mapState,
  parseDispositions,
  parseSendTime,
  parseSessionToken,
  parseSubscriptionData,
  parseTokenResponse,
  stateTable,
  vendorErrorMessage,
  type ParseContext,
} from './parse'
import type { GridSpec, SubscriptionSpec } from './subscription'

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')

/** The spec a client that sent fixtures/reference-subscription.json holds (column ids "1".."8"). */
function specFromRequest(text: string): SubscriptionSpec {
  const body = JSON.parse(text) as Record<string, Record<string, unknown>>
  const [appId, s] = Object.entries(body)[0] as [string, Record<string, unknown>]
  const grid = (g: {
    id: string
    columns: { id: string; stat_name: string }[]
    limit: string
  }): GridSpec => ({
    id: g.id,
    columns: g.columns.map((c) => ({ id: c.id, stat: c.stat_name })),
    limit: Number(g.limit),
  })
  const chat = s['chat_messages'] as { limit: string } | undefined
  return {
    appId,
    totals: s['stats_totals'] as string[],
    agentGrid: grid((s['agent_grids'] as never[])[0] as never),
    serviceGrid: grid((s['service_grids'] as never[])[0] as never),
    chatLimit: chat ? Number(chat.limit) : 0,
    teamIds: [],
  }
}

const ASOF = Date.UTC(2024, 4, 14, 9, 32, 0)
const ctx = (over: Partial<ParseContext> = {}): ParseContext => ({
  asOf: ASOF,
  stateTable: stateTable({}),
  services: [],
  ...over,
})
const referenceSpec = specFromRequest(fixture('reference-subscription.json'))

function parseOk(text: string, spec: SubscriptionSpec, c: ParseContext = ctx()) {
  const r = parseSubscriptionData(text, spec, c)
  if (!r.ok) throw new Error(`expected data, got ${r.reason}: ${r.detail}`)
  return r.data
}

describe('cells', () => {
  it('reads "" and null as no value and numbers from strings', () => {
    expect(cellText('')).toBeNull()
    expect(cellText(null)).toBeNull()
    expect(cellText('Lunch')).toBe('Lunch')
    expect(cellNumber('')).toBeNull()
    expect(cellNumber(null)).toBeNull()
    expect(cellNumber('412')).toBe(412)
    expect(cellNumber('0.82')).toBe(0.82)
    expect(cellNumber(7)).toBe(7)
    expect(cellNumber('12 sec')).toBeUndefined()
  })
})

describe('parseSubscriptionData: the sample payload (docs/vendors/brightpattern.md §4.1)', () => {
  const data = parseOk(fixture('reference-data.json'), referenceSpec)

  it('maps agents with states, reasons, time in state and team', () => {
    expect(
      data.agents.map((a) => [a.id, a.name, a.state, a.rawState, a.stateReason, a.timeInStateSec]),
    ).toEqual([
      ['christy.borden', 'Christy Borden', 'available', 'Ready', null, 35],
      ['liza.smith', 'Liza Smith', 'busy', 'Busy', null, 412],
      ['marky.mark', 'Marky Mark', 'not_ready', 'Not Ready', 'Lunch', 1260],
      ['allen.fawcett', 'Allen Fawcett', 'wrap_up', 'After Call Work', null, 18],
    ])
    const marky = data.agents[2]
    expect(marky?.stateSince).toBe(ASOF - 1_260_000)
    expect(marky?.groupIds).toEqual(['Customer Service'])
    expect(marky?.today).toBeNull()
    expect(marky?.raw).toEqual({
      login_id: 'marky.mark',
      first_last_name: 'Marky Mark',
      acd_state: 'Not Ready',
      reason: 'Lunch',
      state_duration: '1260',
      team_name: 'Customer Service',
    })
  })

  it('maps services to queues with service level as 0–100 and "" as null', () => {
    expect(
      data.queues.map((q) => [
        q.id,
        q.media,
        q.waiting,
        q.longestWaitSec,
        q.serviceLevelPct,
        q.agentsLoggedIn,
        q.agentsBusy,
        q.today?.received,
        q.today?.abandoned,
      ]),
    ).toEqual([
      ['Chat Service', 'chat', 2, 74, 90, 3, 1, 41, 2],
      ['Voice Inbound', 'voice', 1, 12, 75, 4, 2, 88, 7],
      ['Email Svc', 'email', 0, null, null, 2, 0, 5, 0],
    ])
  })

  it('turns totals into metrics keyed "totals:<stat>"', () => {
    expect(data.metrics.map((m) => [m.key, m.metricId, m.kind, m.status, m.value])).toEqual([
      ['totals:agents_logged', 'agents_logged', 'count', 'ok', 5],
      ['totals:agents_ready', 'agents_ready', 'count', 'ok', 2],
      ['totals:in_calls_waiting', 'in_calls_waiting', 'count', 'ok', 3],
      ['totals:in_max_wait_time', 'in_max_wait_time', 'duration', 'ok', 74],
      ['totals:service_level', 'service_level', 'percent', 'ok', 82],
    ])
    expect(data.metrics[0]?.name).toBe('Agents logged in')
    expect(data.metrics[0]?.updatedAt).toBe(ASOF)
    expect(data.metrics[4]?.raw).toEqual({ service_level: '0.82' })
  })

  it('maps chat messages', () => {
    expect(data.chatMessages).toEqual([
      {
        id: '8812',
        senderLogin: 'sup.anna',
        senderName: 'Anna Kowalska',
        sentAt: Date.UTC(2024, 4, 14, 9, 31, 7),
        urgent: true,
        text: 'Chat queue over 2 minutes - everyone available please log in to chat',
      },
    ])
  })

  it('is complete, with no warnings', () => {
    expect(data.partial).toBe(false)
    expect(data.warnings).toEqual([])
  })
})

describe('parseSubscriptionData: quirks', () => {
  const totalsSpec: SubscriptionSpec = {
    appId: 'example.subscription.string',
    totals: ['agents_logged', 'in_average_speed_of_answer', 'service_level'],
    agentGrid: { id: 'a', columns: [{ id: 'login_id', stat: 'login_id' }], limit: 500 },
    serviceGrid: { id: 's', columns: [{ id: 'name', stat: 'name' }], limit: 500 },
    chatLimit: 50,
    teamIds: [],
  }

  it('keeps "" totals as no_data, percent totals above 1 as they are, unknown text stats as strings', () => {
    const data = parseOk(fixture('totals-empty-values.json'), totalsSpec)
    expect(data.metrics.map((m) => [m.metricId, m.status, m.value, m.kind])).toEqual([
      ['agents_logged', 'ok', 2, 'count'],
      ['in_average_speed_of_answer', 'no_data', null, 'duration'],
      ['service_level', 'ok', 85, 'percent'],
      ['queue_label', 'ok', 'Tier 1', 'string'],
    ])
    // Grids we asked for are missing from the answer: the snapshot is partial and says so.
    expect(data.partial).toBe(true)
    expect(data.warnings).toContain('the answer has no agent_grids entry "a"; its data is missing')
  })

  it('reads send_time as epoch ms, epoch seconds and zoneless UTC dates; is_urgent "0"/"1"', () => {
    const data = parseOk(fixture('totals-empty-values.json'), totalsSpec)
    expect(data.chatMessages).toEqual([
      {
        id: '1',
        senderLogin: 'sup.lee',
        senderName: 'Lee',
        sentAt: 1715679067000,
        urgent: false,
        text: 'Lunch cover starts at 12',
      },
      {
        id: '2',
        senderLogin: null,
        senderName: null,
        sentAt: 1715679067000,
        urgent: true,
        text: 'Fire drill at 3 pm',
      },
      {
        id: '3',
        senderLogin: 'sup.lee',
        senderName: 'Lee Park',
        sentAt: Date.UTC(2024, 4, 14, 9, 31, 7),
        urgent: false,
        text: '',
      },
    ])
    expect(parseSendTime('not a time')).toBeNull()
    expect(parseSendTime('')).toBeNull()
    expect(parseSendTime('2024-05-14T11:31:07+02:00')).toBe(Date.UTC(2024, 4, 14, 9, 31, 7))
  })

  it('decides the service-level scale per snapshot: "1" is 100% among fractions, 1% among percentages', () => {
    const spec: SubscriptionSpec = {
      ...totalsSpec,
      appId: 'x',
      totals: [],
      serviceGrid: {
        id: 's',
        columns: [
          { id: 'n', stat: 'name' },
          { id: 'sl', stat: 'service_level' },
        ],
        limit: 500,
      },
      chatLimit: 0,
    }
    const body = (values: string[]) =>
      JSON.stringify({
        x: {
          agent_grids: [{ id: 'a', values: [] }],
          service_grids: [{ id: 's', values: values.map((v, i) => ({ n: `S${i}`, sl: v })) }],
        },
      })
    expect(parseOk(body(['1', '0.5']), spec).queues.map((q) => q.serviceLevelPct)).toEqual([100, 50])
    expect(parseOk(body(['1', '85', '']), spec).queues.map((q) => q.serviceLevelPct)).toEqual([1, 85, null])
  })

  it('maps states case-insensitively, applies overrides, and warns about unknown states keeping the raw text', () => {
    const spec: SubscriptionSpec = {
      ...referenceSpec,
      agentGrid: {
        id: 'agt',
        columns: [
          { id: 'l', stat: 'login_id' },
          { id: 's', stat: 'acd_state' },
        ],
        limit: 500,
      },
    }
    const text = JSON.stringify({
      sup: {
        stats_totals: {},
        service_grids: [{ id: 'svc', values: [] }],
        agent_grids: [
          {
            id: 'agt',
            values: [
              { l: 'a1', s: 'READY' },
              { l: 'a2', s: ' not   ready ' },
              { l: 'a3', s: 'On Break' },
              { l: 'a4', s: 'On Break' },
              { l: 'a5', s: 'Supervising' },
              { l: 'a6', s: 'Wrap' },
              { l: 'a7', s: '' },
            ],
          },
        ],
      },
    })
    const data = parseOk(
      text,
      spec,
      ctx({ stateTable: stateTable({ WRAP: 'wrap_up', supervising: 'busy' }) }),
    )
    expect(data.agents.map((a) => [a.id, a.state, a.rawState])).toEqual([
      ['a1', 'available', 'READY'],
      ['a2', 'not_ready', ' not   ready '],
      ['a3', 'unknown', 'On Break'],
      ['a4', 'unknown', 'On Break'],
      ['a5', 'busy', 'Supervising'],
      ['a6', 'wrap_up', 'Wrap'],
      ['a7', 'unknown', null],
    ])
    expect(data.warnings).toEqual([
      'agent state "On Break" is not in the state mapping (2 agents shown as unknown); add it under Agent state mapping',
    ])
    expect(mapState('Logged Out', stateTable({}))).toEqual({ state: 'logged_out', known: true })
    expect(mapState('Supervising', stateTable({}))).toEqual({ state: 'unknown', known: true })
  })

  it('fills agent media and today from user-added columns, names from first/last', () => {
    const spec: SubscriptionSpec = {
      ...referenceSpec,
      agentGrid: {
        id: 'agt',
        columns: [
          'login_id',
          'firstname',
          'lastname',
          'active_item_media_type',
          'login_time',
          'in_calls_handled_per_day',
          'agent_total_busy_time',
          'active_item_talk_duration',
          'active_item_hold_duration',
        ].map((s) => ({ id: s, stat: s })),
        limit: 500,
      },
    }
    const text = JSON.stringify({
      sup: {
        stats_totals: {},
        service_grids: [{ id: 'svc', values: [] }],
        agent_grids: [
          {
            id: 'agt',
            values: [
              {
                login_id: 'a1',
                firstname: 'Ann',
                lastname: 'Lee',
                active_item_media_type: 'Chat',
                login_time: '3600',
                in_calls_handled_per_day: '12',
                agent_total_busy_time: '5400',
                active_item_talk_duration: '95',
                active_item_hold_duration: '30',
              },
              {
                login_id: 'a2',
                firstname: '',
                lastname: '',
                active_item_media_type: '',
                login_time: null,
                in_calls_handled_per_day: 'n/a',
                agent_total_busy_time: '',
                active_item_talk_duration: '0',
                active_item_hold_duration: '',
              },
            ],
          },
        ],
      },
    })
    const data = parseOk(text, spec)
    expect(data.agents[0]).toMatchObject({ name: 'Ann Lee', media: 'chat' })
    expect(data.agents[0]?.today).toEqual({
      handled: 12,
      rejected: null,
      loginSec: 3600,
      availableSec: null,
      breakSec: null,
      wrapUpSec: null,
      avgHandleSec: null,
      talkSec: 5400,
      missed: null,
    })
    // The active item's talk and hold so far (docs/vendors/brightpattern.md §7.2); hold now is not given.
    expect(data.agents[0]).toMatchObject({ contactSec: 125, onHold: null })
    expect(data.agents[0]?.contactSince).toBe(ASOF - 125_000)
    expect(data.agents[1]).toMatchObject({ contactSec: null, contactSince: null, onHold: null })
    expect(data.agents[1]).toMatchObject({ name: null, media: null, state: 'unknown' })
    expect(data.agents[1]?.today?.handled).toBeNull()
    expect(data.warnings).toContain(
      'statistic "in_calls_handled_per_day" has a value that is not a number ("n/a")',
    )
  })

  it('filters services by name (case-insensitive) and warns about configured services that are absent', () => {
    const data = parseOk(
      fixture('reference-data.json'),
      referenceSpec,
      ctx({ services: ['voice inbound', 'Billing'] }),
    )
    expect(data.queues.map((q) => q.id)).toEqual(['Voice Inbound'])
    expect(data.warnings).toEqual([
      'service "Billing" is not in the data: check its name and that this user supervises it',
    ])
  })

  it('skips rows without identity or duplicated, and warns when a grid reaches its limit', () => {
    const spec: SubscriptionSpec = {
      ...referenceSpec,
      agentGrid: { id: 'agt', columns: [{ id: '1', stat: 'login_id' }], limit: 3 },
    }
    const text = JSON.stringify({
      sup: {
        stats_totals: {},
        service_grids: [{ id: 'svc', values: [] }],
        agent_grids: [{ id: 'agt', values: [{ '1': 'a' }, { '1': '' }, { '1': 'a' }] }],
        chat_messages: [],
      },
    })
    const data = parseOk(text, spec)
    expect(data.agents.map((a) => a.id)).toEqual(['a'])
    expect(data.warnings).toEqual([
      'agent_grids "agt" returned 3 rows, the limit asked for: some may be cut off',
      'an agent row has no login_id and was skipped',
      'agent "a" appears twice; the first row is shown',
    ])
  })

  it('warns when the agent grid is empty (the user must supervise the teams)', () => {
    const text = JSON.stringify({
      sup: {
        stats_totals: {},
        service_grids: [{ id: 'svc', values: [] }],
        agent_grids: [{ id: 'agt', values: [] }],
      },
    })
    expect(parseOk(text, referenceSpec).warnings).toContain(
      'no agents in the data: the Bright Pattern user must be assigned as supervisor of their teams',
    )
  })

  it('tells data of another subscription from unreadable data', () => {
    const foreign = parseSubscriptionData('{"data": {"stats_totals": {}}}', referenceSpec, ctx())
    expect(foreign).toEqual({
      ok: false,
      reason: 'foreign',
      detail: 'the data is for subscription "data", not "sup"',
    })
    const broken = parseSubscriptionData(
      '{"sup": {"stats_totals": {"agents_logged": "5"',
      referenceSpec,
      ctx(),
    )
    expect(broken.ok === false && broken.reason).toBe('unreadable')
    const notObject = parseSubscriptionData('["sup"]', referenceSpec, ctx())
    expect(notObject.ok === false && notObject.reason).toBe('unreadable')
  })
})

describe('small answers', () => {
  it('reads the token with expires_in as a string', () => {
    expect(parseTokenResponse(fixture('token.json'))).toEqual({
      accessToken: '15490315E83EBC929978DB0AE84D0AC63F0DC38AAB701A949FDEF6054E4A1AF9',
      expiresInSec: 3600,
    })
    expect(parseTokenResponse('{"access_token": "t", "expires_in": 1800}')).toEqual({
      accessToken: 't',
      expiresInSec: 1800,
    })
    expect(parseTokenResponse('{"access_token": "t"}')).toEqual({ accessToken: 't', expiresInSec: null })
    expect(parseTokenResponse('{"token_type": "Bearer"}')).toBeNull()
    expect(parseTokenResponse('<html>')).toBeNull()
  })

  it('reads the legacy login token', () => {
    expect(parseSessionToken('{"token": "5f0c2f1e-9a7b-4c1d-8e2f-0a1b2c3d4e5f", "user_id": "x"}')).toBe(
      '5f0c2f1e-9a7b-4c1d-8e2f-0a1b2c3d4e5f',
    )
    expect(parseSessionToken('')).toBeNull()
  })

  it('reads vendor error messages', () => {
    expect(vendorErrorMessage(fixture('error-400.json'))).toBe('Unknown statistic: in_calls_wating')
    expect(vendorErrorMessage(fixture('login-403.json'))).toBe('illegal login attempt')
    expect(vendorErrorMessage('Service Unavailable')).toBeUndefined()
  })

  it('reads dispositions in both shapes', () => {
    expect(parseDispositions(fixture('dispositions-object.json'))).toEqual(['Product sold', 'Wrong number'])
    expect(parseDispositions(fixture('dispositions-array.json'))).toEqual(['Product sold', 'Wrong number'])
    expect(parseDispositions('{"items": []}')).toBeNull()
  })
})
