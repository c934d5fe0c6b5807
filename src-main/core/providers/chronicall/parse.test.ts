import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { liveValueAt } from '../../../../src-shared/model'
import { suggestChronicallRole } from '../../../../src-shared/providers/chronicall'
import {
  ALL_GROUPS_QUEUE_ID,
  averageMsAt,
  buildSnapshot,
  durationMsAt,
  estimateSkew,
  mapAgentState,
  parseChronicallTime,
  parseMetricList,
  parsePushMessage,
  parseValues,
  readValue,
  splitCategoryValue,
  type ChronicallMetricInfo,
  type ChronicallValue,
  type SnapshotInput,
} from './parse'

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8')

function ok<T>(p: { ok: true; value: T } | { ok: false; detail: string }): T {
  if (!p.ok) throw new Error(p.detail)
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

describe('parseMetricList', () => {
  it('reads the vendor document list', () => {
    const list = ok(parseMetricList(fixture('metric-list.json')))
    expect(list).toEqual([
      {
        metricId: '101',
        metricName: 'metricA',
        categoryType: 'AGENT',
        categorySelection: ['Alice', 'Bob', 'Carol'],
      },
      {
        metricId: '102',
        metricName: 'metricB',
        categoryType: 'AGENT',
        categorySelection: ['Dave', 'Eve', 'Frank'],
      },
    ])
  })

  it('keeps ids opaque strings and rejects what is not a list', () => {
    expect(ok(parseMetricList('[{"metricId": 7}]'))[0]?.metricId).toBe('7')
    expect(parseMetricList('{"metrics": []}').ok).toBe(false)
    expect(parseMetricList('[{"metricName": "x"}]').ok).toBe(false)
    expect(parseMetricList('<html>').ok).toBe(false)
  })
})

describe('parseValues', () => {
  it('reads the vendor document 206 body', () => {
    const v = ok(parseValues(fixture('values-206.json')))
    expect(v.results).toHaveLength(2)
    expect(v.results[0]?.key).toEqual({ metricId: 'K13CJXHV', categoryValue: 'John Doe(481)' })
    expect(v.results[0]?.value).toEqual({
      lastUpdateTime: '2019-10-01T10:13:12.244-06:00',
      value: false,
      type: 'BOOLEAN',
    })
    expect(v.results[1]?.key).toEqual({ metricId: 'K0FLAEB6', categoryValue: null })
    expect(v.initializing).toEqual([
      { metricId: 'K08ZIKVN', categoryValue: 'Abraham Lincoln(871)' },
      { metricId: 'K08ZIKVN', categoryValue: 'Elvis Presley(121)' },
      { metricId: 'K1RNV2OQ', categoryValue: null },
    ])
  })

  it('reads the all-types 200 body and refuses broken ones', () => {
    const v = ok(parseValues(fixture('values-200-all-types.json')))
    expect(v.results.map((r) => r.key.metricId)).toEqual([
      'Q1CALLS',
      'Q1LONGEST',
      'Q1AVGWAIT',
      'AGSTATE',
      'AGDND',
      'AGSTATE',
    ])
    expect(v.initializing).toEqual([])
    expect(ok(parseValues('{"results": []}')).initializing).toEqual([])
    expect(parseValues('{"results": [ {"broken":').ok).toBe(false)
    expect(parseValues('{"results": [{"key": {}, "value": {}}]}').ok).toBe(false)
    expect(parseValues('{"results": {}}').ok).toBe(false)
  })

  it('reads pushed messages, one value each (and batches)', () => {
    const one = ok(
      parsePushMessage(
        '{"key":{"metricId":"K0FLAEB6","categoryValue":"John Doe(481)"},"value":{"lastUpdateTime":"2019-10-01T10:17:56.496-06:00","count":15,"type":"COUNT"}}',
      ),
    )
    expect(one).toHaveLength(1)
    expect(one[0]?.value['count']).toBe(15)
    const many = ok(parsePushMessage(`[${fixture('metric-value-examples.json').trim().slice(1, -1)}]`))
    expect(many).toHaveLength(6)
    expect(parsePushMessage('{"hello": 1}').ok).toBe(false)
  })
})

describe('parseChronicallTime', () => {
  it('converts server local time with its offset to UTC', () => {
    expect(parseChronicallTime('2019-10-01T10:17:56.496-06:00')).toBe(Date.UTC(2019, 9, 1, 16, 17, 56, 496))
    expect(parseChronicallTime('2018-09-24T13:17:35.661-06:00')).toBe(Date.UTC(2018, 8, 24, 19, 17, 35, 661))
    expect(parseChronicallTime('2019-10-01T21:47:56.496+05:30')).toBe(Date.UTC(2019, 9, 1, 16, 17, 56, 496))
    expect(parseChronicallTime('2019-10-01T10:17:56.496-0600')).toBe(Date.UTC(2019, 9, 1, 16, 17, 56, 496))
    expect(parseChronicallTime('2019-10-01T16:17:56Z')).toBe(Date.UTC(2019, 9, 1, 16, 17, 56))
    expect(parseChronicallTime('2019-10-01T16:17:56.4961234Z')).toBe(Date.UTC(2019, 9, 1, 16, 17, 56, 496))
    expect(parseChronicallTime('2019-10-01T16:17:56')).toBe(Date.UTC(2019, 9, 1, 16, 17, 56))
  })

  it('gives null for what is not a time', () => {
    expect(parseChronicallTime('yesterday')).toBeNull()
    expect(parseChronicallTime(1569946676496)).toBeNull()
    expect(parseChronicallTime(undefined)).toBeNull()
  })
})

describe('splitCategoryValue', () => {
  it('takes the last parenthesised part as the extension', () => {
    expect(splitCategoryValue('John Doe(481)')).toEqual({ name: 'John Doe', extension: '481' })
    expect(splitCategoryValue('Elvis Presley (121)')).toEqual({ name: 'Elvis Presley', extension: '121' })
    expect(splitCategoryValue('Mary (Sales) Smith(482)')).toEqual({
      name: 'Mary (Sales) Smith',
      extension: '482',
    })
    expect(splitCategoryValue('Alice')).toEqual({ name: 'Alice', extension: null })
    expect(splitCategoryValue('Bob()')).toEqual({ name: 'Bob', extension: null })
    expect(splitCategoryValue('(500)')).toEqual({ name: '(500)', extension: '500' })
  })
})

describe('readValue: every type of the vendor document', () => {
  const examples = JSON.parse(fixture('metric-value-examples.json')) as ChronicallValue[]
  const v = (i: number) => (examples[i] as ChronicallValue).value

  it('COUNT, BOOLEAN, STRING', () => {
    const at = Date.UTC(2019, 9, 1, 16, 20)
    expect(readValue(v(0), at, 0)).toMatchObject({
      type: 'COUNT',
      kind: 'count',
      status: 'ok',
      value: 206,
      live: null,
      updatedAt: Date.UTC(2019, 9, 1, 16, 17, 56, 496),
    })
    expect(readValue(v(1), at, 0)).toMatchObject({ kind: 'boolean', status: 'ok', value: false })
    expect(readValue(v(3), at, 0)).toMatchObject({ kind: 'string', status: 'ok', value: 'string value' })
  })

  it('a value with only lastUpdateTime is no_data', () => {
    expect(readValue(v(2), Date.UTC(2019, 9, 1, 16, 20), 0)).toEqual({
      type: null,
      kind: null,
      status: 'no_data',
      value: null,
      live: null,
      updatedAt: Date.UTC(2019, 9, 1, 16, 13, 12, 244),
      unknownType: false,
    })
  })

  const updated = Date.UTC(2018, 8, 24, 19, 17, 35, 661)

  it('DURATION: value at asOf and live components', () => {
    const r = readValue(v(4), updated + 10_000, 0)
    // 20521 + (2 - 1) * 10000 ms
    expect(r.value).toBeCloseTo(30.521, 9)
    expect(r.kind).toBe('duration')
    expect(r.live).toEqual({ baseSec: 20.521, ratePerSec: 1, sinceMs: updated, divisor: 1 })
  })

  it('AVERAGE_DURATION: value at asOf and live components', () => {
    const r = readValue(v(5), updated + 10_000, 0)
    // (20521 + (2 - 1) * 10000) / 5 ms
    expect(r.value).toBeCloseTo(6.1042, 9)
    expect(r.kind).toBe('avg_duration')
    expect(r.live).toEqual({ baseSec: 20.521, ratePerSec: 1, sinceMs: updated, divisor: 5 })
  })

  it('expresses sinceMs in local-clock terms when the server clock is off', () => {
    // Server 90 s ahead of us: its lastUpdateTime is our updated - 90 s.
    const r = readValue(v(4), updated + 10_000, 90_000)
    expect(r.live?.sinceMs).toBe(updated - 90_000)
    expect(r.value).toBeCloseTo(30.521, 9)
  })

  it('never runs a duration backwards when asOf (whole seconds) falls before lastUpdateTime', () => {
    expect(readValue(v(4), updated - 661, 0).value).toBeCloseTo(20.521, 9)
  })

  it('average of nothing is null, not a division by zero', () => {
    const r = readValue(
      {
        type: 'AVERAGE_DURATION',
        lastUpdateTime: '2018-09-24T13:17:35.661-06:00',
        durationSum: 0,
        count: 0,
        numCountingUp: 0,
        numCountingDown: 0,
      },
      updated,
      0,
    )
    expect(r).toMatchObject({ status: 'ok', value: null, live: null })
  })

  it('an unknown type keeps its plain value and is flagged', () => {
    const r = readValue(
      { type: 'PERCENT', lastUpdateTime: '2019-10-01T10:13:12.244-06:00', value: 87.5 },
      updated,
      0,
    )
    expect(r).toMatchObject({ kind: null, status: 'ok', value: 87.5, unknownType: true })
  })
})

describe('duration formulas at several times', () => {
  const lastUpdateMs = Date.UTC(2018, 8, 24, 19, 17, 35, 661)
  const d = { finishedDuration: 20521, numCountingUp: 2, numCountingDown: 1, lastUpdateMs }
  const a = { durationSum: 20521, count: 5, numCountingUp: 2, numCountingDown: 1, lastUpdateMs }

  it.each([
    [0, 20521, 4104.2],
    [1_000, 21521, 4304.2],
    [60_000, 80521, 16104.2],
    [3_600_000, 3620521, 724104.2],
  ])('t = lastUpdate + %i ms → duration %f ms, average %f ms', (dt, duration, average) => {
    expect(durationMsAt(d, lastUpdateMs + dt)).toBe(duration)
    expect(averageMsAt(a, lastUpdateMs + dt)).toBeCloseTo(average, 6)
  })

  it('counting down shrinks, counting balanced stands still', () => {
    expect(durationMsAt({ ...d, numCountingUp: 0, numCountingDown: 2 }, lastUpdateMs + 5_000)).toBe(10521)
    expect(durationMsAt({ ...d, numCountingUp: 3, numCountingDown: 3 }, lastUpdateMs + 5_000)).toBe(20521)
    expect(averageMsAt({ ...a, count: 0 }, lastUpdateMs)).toBeNull()
  })

  it('the live components the renderer ticks give the vendor formula at every instant, with skew', () => {
    const skew = -42_000 // server clock 42 s behind ours
    const examples = JSON.parse(fixture('metric-value-examples.json')) as ChronicallValue[]
    const dur = readValue((examples[4] as ChronicallValue).value, lastUpdateMs, skew).live
    const avg = readValue((examples[5] as ChronicallValue).value, lastUpdateMs, skew).live
    if (!dur || !avg) throw new Error('live expected')
    for (const dt of [0, 250, 1_000, 59_999, 86_400_000]) {
      const serverT = lastUpdateMs + dt
      const localT = serverT - skew
      expect(liveValueAt(dur, localT) * 1000).toBeCloseTo(durationMsAt(d, serverT), 6)
      expect(liveValueAt(avg, localT) * 1000).toBeCloseTo(averageMsAt(a, serverT) as number, 6)
    }
  })
})

describe('estimateSkew', () => {
  it('leaves in-sync clocks alone (the Date header only has whole seconds)', () => {
    expect(estimateSkew([{ date: 1_000_000, sentAt: 1_000_100, receivedAt: 1_000_400 }], 0)).toBe(0)
  })

  it('finds a server that runs ahead or behind, to within the Date header resolution', () => {
    const ahead = estimateSkew([{ date: 1_120_000, sentAt: 1_000_100, receivedAt: 1_000_300 }], 0)
    expect(ahead).toBeGreaterThanOrEqual(119_000)
    expect(ahead).toBeLessThanOrEqual(121_000)
    const behind = estimateSkew([{ date: 880_000, sentAt: 1_000_100, receivedAt: 1_000_300 }], 0)
    expect(behind).toBeGreaterThanOrEqual(-121_000)
    expect(behind).toBeLessThanOrEqual(-119_000)
  })

  it('keeps the previous estimate when it fits and when there is no Date header', () => {
    expect(estimateSkew([{ date: 1_120_000, sentAt: 1_000_100, receivedAt: 1_000_300 }], 120_300)).toBe(
      120_300,
    )
    expect(estimateSkew([{ date: null, sentAt: 1, receivedAt: 2 }], 5_000)).toBe(5_000)
    expect(estimateSkew([], -7)).toBe(-7)
  })
})

describe('mapAgentState', () => {
  it('maps REFERENCE §6.3 defaults case-insensitively', () => {
    expect(mapAgentState('Idle', {}).state).toBe('available')
    expect(mapAgentState('AVAILABLE', {}).state).toBe('available')
    expect(mapAgentState('ringing', {}).state).toBe('offered')
    expect(mapAgentState('Talking', {}).state).toBe('busy')
    expect(mapAgentState('ACW', {}).state).toBe('wrap_up')
    expect(mapAgentState('DND', {}).state).toBe('not_ready')
    expect(mapAgentState('Logged  Out', {})).toEqual({ state: 'logged_out', reason: null, mapped: true })
  })

  it('lets the user table override and extend the defaults', () => {
    expect(mapAgentState('talking', { Talking: 'offered' }).state).toBe('offered')
    expect(mapAgentState('Lunch', { LUNCH: 'not_ready' })).toEqual({
      state: 'not_ready',
      reason: null,
      mapped: true,
    })
  })

  it('maps "DND - Lunch" by its head and keeps the reason', () => {
    expect(mapAgentState('DND - Lunch', {})).toEqual({ state: 'not_ready', reason: 'Lunch', mapped: true })
    expect(mapAgentState('DND (Training)', {})).toEqual({
      state: 'not_ready',
      reason: 'Training',
      mapped: true,
    })
  })

  it('leaves unmapped strings unknown', () => {
    expect(mapAgentState('Supervising', {})).toEqual({ state: 'unknown', reason: null, mapped: false })
  })
})

describe('suggestChronicallRole', () => {
  it('recognises the usual metric names', () => {
    const s = (metricName: string, categoryType: string, type?: string) =>
      suggestChronicallRole({ metricName, categoryType, type: type ?? null })
    expect(s('Agent State', 'AGENT')).toBe('agent_state')
    expect(s('Time in State', 'AGENT')).toBe('agent_time_in_state')
    expect(s('Agent State Duration', 'AGENT', 'DURATION')).toBe('agent_time_in_state')
    expect(s('Agent Available', 'AGENT')).toBe('agent_available')
    expect(s('Calls Handled Today', 'AGENT')).toBe('agent_handled_today')
    expect(s('Calls in Queue', 'GROUP')).toBe('queue_waiting')
    expect(s('Longest Wait', 'GROUP')).toBe('queue_longest_wait')
    expect(s('Average Wait', 'GROUP')).toBe('queue_avg_wait')
    expect(s('Service Level', 'GROUP')).toBe('queue_service_level')
    expect(s('Current Wait Time', 'NONE', 'DURATION')).toBe('queue_longest_wait')
    expect(s('metricA', 'AGENT')).toBe('metric')
    expect(s('Calls by direction', 'CALL_DIRECTION')).toBe('metric')
  })

  it('does not suggest a role the value type cannot fill', () => {
    expect(suggestChronicallRole({ metricName: 'Agent State', categoryType: 'AGENT', type: 'COUNT' })).toBe(
      'metric',
    )
    expect(
      suggestChronicallRole({ metricName: 'Agent Available Time', categoryType: 'AGENT', type: 'DURATION' }),
    ).toBe('metric')
    expect(
      suggestChronicallRole({ metricName: 'Calls in Queue', categoryType: 'GROUP', type: 'DURATION' }),
    ).toBe('metric')
  })
})

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
})
