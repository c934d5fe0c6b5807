import { describe, expect, it } from 'vitest'
import { suggestChronicallRole } from '../../../../src-shared/providers/chronicall'

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
