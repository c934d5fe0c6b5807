import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Result } from '../../../../src-shared/result'
import { type ChronicallMetricInfo, type ChronicallValue, parseValues } from './parse'
import { suggestChronicallRole } from '../../../../src-shared/providers/chronicall'
import { ALL_GROUPS_QUEUE_ID, buildSnapshot, type SnapshotInput } from './snapshot'

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8')

function ok<T>(p: Result<T, string>): T {
  if (!p.ok) throw new Error(p.error)
  return p.value
}

/** 2024-05-14T09:30:00.120-06:00 */
const Q1_UPDATED = Date.UTC(2024, 4, 14, 15, 30, 0, 120)

function input(over: Partial<SnapshotInput>): SnapshotInput {
  return {
    connection: 'c1',
    asOf: Q1_UPDATED + 10_000,
    serverAsOf: Q1_UPDATED + 10_000,
    skewMs: 0,
    catalogue: new Map(),
    roles: {},
    stateMap: {},
    results: [],
    initializing: [],
    warnings: [],
    ...over,
  }
}

describe('buildSnapshot', () => {
  const allTypes = ok(parseValues(fixture('values-200-all-types.json')))
  const roles = {
    Q1CALLS: 'queue_waiting',
    Q1LONGEST: 'queue_longest_wait',
    Q1AVGWAIT: 'queue_avg_wait',
    AGSTATE: 'agent_state',
    AGDND: 'metric',
  } as const

  it('maps the all-types body to agents, an all-groups queue and metrics', () => {
    const s = buildSnapshot(input({ results: allTypes.results, roles }))
    expect(s.health).toBe('ok')
    expect(s.provider).toBe('chronicall')
    expect(s.connection).toBe('c1')
    expect(s.warnings).toEqual([])
    expect(s.agents.map((a) => [a.id, a.name, a.state, a.rawState])).toEqual([
      ['481', 'John Doe', 'busy', 'Talking'],
      ['482', 'Jane Roe', 'unknown', null],
    ])
    expect(s.queues).toHaveLength(1)
    const q = s.queues[0]
    expect(q?.id).toBe(ALL_GROUPS_QUEUE_ID)
    expect(q?.name).toBe('All groups')
    expect(q?.waiting).toBe(4)
    expect(q?.longestWaitSec).toBeCloseTo(30.521, 9)
    expect(q?.avgWaitNowSec).toBeCloseTo(6.1042, 9)
    expect(s.metrics).toHaveLength(6)
    const jane = s.metrics.find((m) => m.key === 'AGSTATE|Jane Roe(482)')
    expect(jane).toMatchObject({
      status: 'no_data',
      value: null,
      kind: null,
      category: { type: 'UNKNOWN', value: 'Jane Roe(482)' },
    })
    const longest = s.metrics.find((m) => m.key === 'Q1LONGEST|')
    expect(longest).toMatchObject({
      metricId: 'Q1LONGEST',
      kind: 'duration',
      status: 'ok',
      category: null,
      live: { baseSec: 20.521, ratePerSec: 1, sinceMs: Q1_UPDATED, divisor: 1 },
      updatedAt: Q1_UPDATED,
    })
    expect(s.metrics.find((m) => m.key === 'AGDND|John Doe(481)')?.value).toBe(false)
  })

  it('uses the catalogue for names and categories, and suggests roles from names', () => {
    const catalogue = new Map<string, ChronicallMetricInfo>([
      [
        'AGSTATE',
        { metricId: 'AGSTATE', metricName: 'Agent State', categoryType: 'AGENT', categorySelection: [] },
      ],
      [
        'Q1CALLS',
        { metricId: 'Q1CALLS', metricName: 'Calls in Queue', categoryType: 'NONE', categorySelection: [] },
      ],
    ])
    const s = buildSnapshot(input({ results: allTypes.results, catalogue }))
    expect(s.agents.find((a) => a.id === '481')?.state).toBe('busy')
    expect(s.queues[0]?.waiting).toBe(4)
    expect(s.metrics.find((m) => m.key === 'AGSTATE|John Doe(481)')).toMatchObject({
      name: 'Agent State',
      category: { type: 'AGENT', value: 'John Doe(481)' },
    })
  })

  it('stateSince and time in state from a DURATION metric', () => {
    const lu = '2024-05-14T09:30:00.120-06:00'
    const results: ChronicallValue[] = [
      {
        key: { metricId: 'S', categoryValue: 'A B(7)' },
        value: { type: 'STRING', lastUpdateTime: lu, value: 'Idle' },
      },
      {
        key: { metricId: 'T', categoryValue: 'A B(7)' },
        value: {
          type: 'DURATION',
          lastUpdateTime: lu,
          finishedDuration: 5000,
          numCountingUp: 1,
          numCountingDown: 0,
        },
      },
      {
        key: { metricId: 'H', categoryValue: 'A B(7)' },
        value: { type: 'COUNT', lastUpdateTime: lu, count: 12 },
      },
    ]
    const s = buildSnapshot(
      input({ results, roles: { S: 'agent_state', T: 'agent_time_in_state', H: 'agent_handled_today' } }),
    )
    const a = s.agents[0]
    expect(a?.timeInStateSec).toBeCloseTo(15, 9)
    expect(a?.stateSince).toBe(Q1_UPDATED + 10_000 - 15_000)
    expect(a?.today?.handled).toBe(12)
    expect(a?.state).toBe('available')
    expect((a?.raw as { categoryValue: string }).categoryValue).toBe('A B(7)')
  })

  it('an available flag makes an agent without a state text available', () => {
    const lu = '2024-05-14T09:30:00.120-06:00'
    const s = buildSnapshot(
      input({
        roles: { AV: 'agent_available' },
        results: [
          {
            key: { metricId: 'AV', categoryValue: 'X(1)' },
            value: { type: 'BOOLEAN', lastUpdateTime: lu, value: true },
          },
          {
            key: { metricId: 'AV', categoryValue: 'Y(2)' },
            value: { type: 'BOOLEAN', lastUpdateTime: lu, value: false },
          },
        ],
      }),
    )
    expect(s.agents.map((a) => a.state)).toEqual(['available', 'unknown'])
  })

  it('the vendor 206 body: partial, with the initializing keys as warming-up metrics', () => {
    const v = ok(parseValues(fixture('values-206.json')))
    const s = buildSnapshot(
      input({ results: v.results, initializing: v.initializing, roles: { K13CJXHV: 'agent_available' } }),
    )
    expect(s.health).toBe('partial')
    const init = s.metrics.filter((m) => m.status === 'initializing')
    expect(init.map((m) => m.key)).toEqual([
      'K08ZIKVN|Abraham Lincoln(871)',
      'K08ZIKVN|Elvis Presley(121)',
      'K1RNV2OQ|',
    ])
    expect(s.agents.map((a) => [a.id, a.name, a.state])).toEqual([['481', 'John Doe', 'unknown']])
    expect(s.metrics.find((m) => m.key === 'K0FLAEB6|')?.value).toBe(206)
  })

  it('nothing ready: warming_up', () => {
    const v = ok(parseValues(fixture('values-206.json')))
    const s = buildSnapshot(input({ results: [], initializing: v.initializing }))
    expect(s.health).toBe('warming_up')
    expect(s.metrics).toHaveLength(3)
  })

  it('warns about a meaning that does not fit, a wrong category and unmapped states', () => {
    const lu = '2024-05-14T09:30:00.120-06:00'
    const catalogue = new Map<string, ChronicallMetricInfo>([
      ['G', { metricId: 'G', metricName: 'Group state', categoryType: 'GROUP', categorySelection: [] }],
    ])
    const s = buildSnapshot(
      input({
        catalogue,
        roles: { C: 'agent_state', G: 'agent_state', S: 'agent_state' },
        results: [
          {
            key: { metricId: 'C', categoryValue: 'X(1)' },
            value: { type: 'COUNT', lastUpdateTime: lu, count: 3 },
          },
          {
            key: { metricId: 'G', categoryValue: 'Sales' },
            value: { type: 'STRING', lastUpdateTime: lu, value: 'Open' },
          },
          {
            key: { metricId: 'S', categoryValue: 'X(1)' },
            value: { type: 'STRING', lastUpdateTime: lu, value: 'Coaching' },
          },
          {
            key: { metricId: 'S', categoryValue: 'Y(2)' },
            value: { type: 'STRING', lastUpdateTime: lu, value: 'Coaching' },
          },
        ],
      }),
    )
    expect(s.warnings).toEqual([
      'metric C: meaning agent_state needs a STRING value but the server sends COUNT; shown as a metric only',
      'metric G ("Group state"): agent_state needs an AGENT-category metric; shown as a metric only',
      'agent state "Coaching" is not mapped; add it to the agent state mapping',
    ])
    expect(s.agents.map((a) => [a.id, a.state, a.rawState])).toEqual([
      ['1', 'unknown', 'Coaching'],
      ['2', 'unknown', 'Coaching'],
    ])
    expect(s.metrics).toHaveLength(4)
  })

  it('GROUP values become queues named by their category value; service level as a percentage', () => {
    const lu = '2024-05-14T09:30:00.120-06:00'
    const catalogue = new Map<string, ChronicallMetricInfo>([
      [
        'W',
        { metricId: 'W', metricName: 'Calls in Queue', categoryType: 'GROUP', categorySelection: ['Sales'] },
      ],
      [
        'SL',
        { metricId: 'SL', metricName: 'Service Level', categoryType: 'GROUP', categorySelection: ['Sales'] },
      ],
    ])
    const s = buildSnapshot(
      input({
        catalogue,
        results: [
          {
            key: { metricId: 'W', categoryValue: 'Sales' },
            value: { type: 'COUNT', lastUpdateTime: lu, count: 2 },
          },
          {
            key: { metricId: 'SL', categoryValue: 'Sales' },
            value: { type: 'STRING', lastUpdateTime: lu, value: '87.5%' },
          },
          { key: { metricId: 'W', categoryValue: 'Support' }, value: { lastUpdateTime: lu } },
        ],
      }),
    )
    expect(s.queues.map((q) => [q.id, q.name, q.waiting, q.serviceLevelPct])).toEqual([
      ['Sales', 'Sales', 2, 87.5],
      ['Support', 'Support', null, null],
    ])
  })

  it("maps hold, reasons, the call in progress and today's figures (docs/vendors/chronicall.md §7)", () => {
    const figures = ok(parseValues(fixture('values-200-agent-figures.json')))
    const s = buildSnapshot(
      input({
        results: figures.results,
        roles: {
          AGSTATE: 'agent_state',
          AGREASON: 'agent_state_reason',
          AGCALL: 'agent_call_duration',
          AGTALK: 'agent_talk_today',
          AGIDLE: 'agent_idle_today',
          AGMISSED: 'agent_missed_today',
          AGHANDLED: 'agent_handled_today',
        },
      }),
    )
    expect(s.warnings).toEqual([])
    const byId = new Map(s.agents.map((a) => [a.id, a]))
    // "Holding" is busy on hold; a reason metric says nothing about a busy agent (no stale "Lunch").
    expect(byId.get('481')).toMatchObject({
      state: 'busy',
      rawState: 'Holding',
      onHold: true,
      stateReason: null,
      contactSec: 105,
      contactSince: s.asOf - 105_000,
      today: { handled: 21, talkSec: 3610, availableSec: 1200, missed: 3, rejected: null, loginSec: null },
    })
    // The reason metric wins over the text's suffix; a call duration of an agent not busy is no contact.
    expect(byId.get('482')).toMatchObject({
      state: 'not_ready',
      onHold: false,
      stateReason: 'Team meeting',
      contactSec: null,
      contactSince: null,
      today: null,
    })
    // An empty reason metric keeps the reason the state text carries.
    expect(byId.get('483')).toMatchObject({ state: 'not_ready', stateReason: 'Break', onHold: false })
  })

  it('suggests the new agent roles from the usual metric names', () => {
    const suggest = (metricName: string, type: string) =>
      suggestChronicallRole({ metricName, categoryType: 'AGENT', type })
    expect(suggest('Agent State Reason', 'STRING')).toBe('agent_state_reason')
    expect(suggest('Talk Time Today', 'DURATION')).toBe('agent_talk_today')
    expect(suggest('Idle Time', 'DURATION')).toBe('agent_idle_today')
    expect(suggest('Missed Calls', 'COUNT')).toBe('agent_missed_today')
    expect(suggest('Current Call Duration', 'DURATION')).toBe('agent_call_duration')
    expect(suggest('Time in State', 'DURATION')).toBe('agent_time_in_state')
    expect(suggest('Missed Calls', 'STRING')).toBe('metric')
  })
})
