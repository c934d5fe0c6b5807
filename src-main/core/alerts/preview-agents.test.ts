import { describe, expect, it } from 'vitest'
import { AgentStateLog } from '../report/state-log'
import { emptySnapshot } from '../testing/scripted-adapter'
import { agentRuns, previewAgentRule } from './preview-agents'
import { agent, BREAK_AND_LUNCH, MONDAY_0900, rule, startHarness } from './test-support'
import type { Agent } from '../../../src-shared/model'

const T0 = MONDAY_0900
const MIN = 60_000
const utc = () => 0

const breakRule = rule({ ...BREAK_AND_LUNCH, critical: 1800 })

/** One agent's day: state changes at minutes from T0, observed every minute. */
function observe(changes: [number, Agent['state'], string | null][], untilMin: number) {
  const log = new AgentStateLog()
  let i = 0
  for (let m = 0; m <= untilMin; m++) {
    while (i + 1 < changes.length && (changes[i + 1]?.[0] ?? Infinity) <= m) i++
    const [at, state, reason] = changes[i] ?? [0, 'available', null]
    const s = emptySnapshot('c', T0 + m * MIN, {
      agents: [agent('a', { state, stateReason: reason, stateSince: T0 + at * MIN })],
    })
    log.observe(s, 3 * MIN)
  }
  return log
}

describe('agent rule preview over observed states', () => {
  const day: [number, Agent['state'], string | null][] = [
    [0, 'available', null],
    [10, 'not_ready', 'Meeting'], // 70 min of meeting: the break rule must not fire
    [80, 'available', null],
    [90, 'not_ready', 'LUNCH'], // 20 min: warning at 15
    [110, 'available', null],
    [120, 'not_ready', 'Break'], // 35 min: warning at 15, critical at 30
    [155, 'available', null],
  ]
  const log = observe(day, 170)
  const snapshots = new Map([['c', emptySnapshot('c', T0 + 170 * MIN, { agents: [agent('a')] })]])
  const states = { segments: (k: string) => log.segments(k), oldest: () => T0 }

  it('fires for the reasons the rule names only, when it would have live', () => {
    const p = previewAgentRule(breakRule, snapshots, states, { from: 0, to: T0 + 170 * MIN }, utc)
    expect(p.supported).toBe(true)
    expect(p.firings).toBe(2)
    // Just past each level (1 ms), and resolved when the agent left the state.
    expect(p.events.map((e) => [e.at - T0, e.state, e.severity])).toEqual([
      [105 * MIN + 1, 'firing', 'warning'],
      [110 * MIN, 'resolved', 'warning'],
      [135 * MIN + 1, 'firing', 'warning'],
      [150 * MIN + 1, 'firing', 'critical'],
      [155 * MIN, 'resolved', 'critical'],
    ])
    expect(p.detail).toMatch(
      /^1 agent examined over 2 h 50 min of observed states: it would have fired 2 times$/,
    )
  })

  it('without reasons takes every stretch in the state, Meeting too', () => {
    const anyReason = rule({ ...breakRule, reasons: undefined })
    const p = previewAgentRule(anyReason, snapshots, states, { from: 0, to: T0 + 170 * MIN }, utc)
    expect(p.firings).toBe(3)
  })

  it('joins stretches of one state whose reasons the rule takes alike', () => {
    const g = (from: number, to: number, reason: string | null) => ({
      state: 'not_ready' as const,
      reason,
      from,
      to,
    })
    expect(agentRuns(breakRule, [g(0, 10, 'Break'), g(10, 20, 'Lunch'), g(20, 30, 'Meeting')])).toEqual([
      { from: 0, to: 20 },
    ])
    expect(agentRuns({ state: 'not_ready' }, [g(0, 10, 'Break'), g(10, 20, 'Meeting')])).toEqual([
      { from: 0, to: 20 },
    ])
  })

  it('says why a period without observations, or a person rule, cannot be previewed', () => {
    const late = { segments: () => [], oldest: () => T0 + 1000 * MIN }
    expect(previewAgentRule(breakRule, snapshots, late, { from: 0, to: T0 }, utc)).toMatchObject({
      supported: false,
      detail: expect.stringMatching(/kept in memory for 36 hours/) as unknown,
    })
    const person = rule({
      entity: 'person',
      field: 'availableWhileBusySec',
      op: '>',
      warn: 60,
    })
    expect(previewAgentRule(person, snapshots, states, { from: 0, to: T0 }, utc)).toMatchObject({
      supported: false,
      detail: expect.stringMatching(/^rules about people across vendors cannot be previewed/) as unknown,
    })
  })

  it('is what rules:preview answers for an agent rule in the running service', async () => {
    const h = await startHarness({ rules: [] })
    for (let m = 0; m <= 25; m++) {
      const reason = m < 5 ? null : 'Break'
      h.engine.poll('c', {
        agents: [
          agent('a', {
            state: m < 5 ? 'available' : 'not_ready',
            stateReason: reason,
            stateSince: T0 + (m < 5 ? 0 : 5) * MIN,
          }),
        ],
      })
      await h.clock.advance(MIN)
    }
    const p = h.service.preview(breakRule)
    expect(p.supported).toBe(true)
    expect(p.firings).toBe(1)
    expect(p.events[0]).toMatchObject({ state: 'firing', entityId: 'a', at: T0 + 20 * MIN + 1 })
    const meeting = h.service.preview(rule({ ...breakRule, reasons: ['Meeting'] }))
    expect(meeting.firings).toBe(0)
  })
})
