import { describe, expect, it } from 'vitest'
import { DEFAULT_RULE_PACK } from '../../src-shared/rules/default-pack'
import { agent, T0 } from '../testing/fixtures'
import { createTestApp } from '../testing/mount'
import type { LimitRule } from './state-limits'
import {
  DEFAULT_STATE_LIMITS,
  crossedSec,
  limitFor,
  limitLevel,
  limitsFromRules,
  parseLimitRules,
  useStateLimitsStore,
} from './state-limits'

const rule = (over: Partial<LimitRule>): LimitRule => ({
  id: 'r',
  name: 'Rule',
  enabled: true,
  entity: 'agent',
  field: 'timeInStateSec',
  op: '>',
  state: 'not_ready',
  warn: 600,
  critical: 900,
  ...over,
})

describe('state limits', () => {
  it('default to 15 minutes not ready and 2 minutes wrap-up, marked as defaults', () => {
    expect(DEFAULT_STATE_LIMITS.map((l) => [l.state, l.warnSec, l.source.kind])).toEqual([
      ['not_ready', 900, 'default'],
      ['wrap_up', 120, 'default'],
    ])
    const nr = agent('eu', '1', { state: 'not_ready' })
    expect(limitFor(nr, DEFAULT_STATE_LIMITS)?.warnSec).toBe(900)
    expect(limitFor(agent('eu', '2', { state: 'busy' }), DEFAULT_STATE_LIMITS)).toBeNull()
  })

  it('come from enabled agent rules on time in state that fire above a level', () => {
    const limits = limitsFromRules([
      rule({ id: 'break', name: 'Break' }),
      rule({ id: 'off', enabled: false }),
      rule({ id: 'queue', entity: 'queue', field: 'longestWaitSec' }),
      rule({ id: 'below', op: '<' }),
      rule({ id: 'wrap', state: 'wrap_up', warn: undefined, critical: 180 }),
    ])
    expect(
      limits.map((l) => [l.source.kind === 'rule' && l.source.id, l.state, l.warnSec, l.criticalSec]),
    ).toEqual([
      ['break', 'not_ready', 600, 900],
      ['wrap', 'wrap_up', null, 180],
    ])
  })

  it('read the default rule pack into the same limits the defaults stand in for', () => {
    const limits = limitsFromRules(DEFAULT_RULE_PACK)
    const nr = limitFor(agent('eu', '1', { state: 'not_ready' }), limits)
    expect(nr).toMatchObject({ warnSec: 900, source: { kind: 'rule', id: 'break-over-15' } })
  })

  it('apply by connection, agent id and group, the strictest first', () => {
    const limits = limitsFromRules([
      rule({ id: 'all', warn: 900 }),
      rule({ id: 'eu-only', connection: 'eu', warn: 600 }),
      rule({ id: 'vip', groups: ['vip'], warn: 300 }),
      rule({ id: 'one', ids: ['7'], warn: 60 }),
    ])
    const id = (a: ReturnType<typeof agent>) => {
      const l = limitFor(a, limits)
      return l?.source.kind === 'rule' ? l.source.id : null
    }
    expect(id(agent('us', '1', { state: 'not_ready', groupIds: [] }))).toBe('all')
    expect(id(agent('eu', '1', { state: 'not_ready', groupIds: [] }))).toBe('eu-only')
    expect(id(agent('us', '1', { state: 'not_ready', groupIds: ['vip'] }))).toBe('vip')
    expect(id(agent('us', '7', { state: 'not_ready', groupIds: ['vip'] }))).toBe('one')
    // a rule without a state applies to every state
    const any = limitsFromRules([rule({ id: 'any', state: undefined, warn: 7200 })])
    expect(limitFor(agent('us', '1', { state: 'busy' }), any)?.warnSec).toBe(7200)
  })

  it('tell warning from critical, and nothing within the limit or with no time known', () => {
    const [limit] = limitsFromRules([rule({ warn: 600, critical: 900 })])
    expect(limitLevel(limit!, 599)).toBeNull()
    expect(limitLevel(limit!, 601)).toBe('warning')
    expect(limitLevel(limit!, 901)).toBe('critical')
    expect(limitLevel(limit!, null)).toBeNull()
    expect(limitLevel(null, 5000)).toBeNull()
    expect(crossedSec(limit!, 'warning')).toBe(600)
    expect(crossedSec(limit!, 'critical')).toBe(900)
  })

  it('parse the rules of an exported config defensively', () => {
    expect(parseLimitRules({ connections: [] })).toBeNull()
    expect(parseLimitRules(null)).toBeNull()
    const parsed = parseLimitRules({
      rules: [
        { id: 'a', name: 'A', entity: 'agent', field: 'timeInStateSec', op: '>', state: 'wrap_up', warn: 90 },
        { id: 'b', name: 'B', entity: 'agent', field: 'timeInStateSec', op: '??', warn: 1 },
        { id: 'c', entity: 'agent' },
        'junk',
      ],
    })
    expect(parsed).toEqual([
      {
        id: 'a',
        name: 'A',
        enabled: true,
        entity: 'agent',
        field: 'timeInStateSec',
        op: '>',
        connection: undefined,
        ids: undefined,
        groups: undefined,
        state: 'wrap_up',
        warn: 90,
        critical: undefined,
      },
    ])
  })
})

describe('useStateLimitsStore', () => {
  it('uses the defaults until the rules are read, then the rules', async () => {
    const { fake } = createTestApp()
    fake.handle('config:export', () => ({
      text: JSON.stringify({
        connections: [],
        rules: [
          {
            id: 'brk',
            name: 'Break',
            entity: 'agent',
            field: 'timeInStateSec',
            op: '>',
            state: 'not_ready',
            warn: 300,
          },
        ],
      }),
    }))
    const limits = useStateLimitsStore()
    expect(limits.usingDefaults).toBe(true)
    await limits.load()
    expect(limits.usingDefaults).toBe(false)
    expect(limitFor(agent('eu', '1', { state: 'not_ready', stateSince: T0 }), limits.limits)?.warnSec).toBe(
      300,
    )
    expect(limitFor(agent('eu', '1', { state: 'wrap_up' }), limits.limits)).toBeNull()
  })

  it('keeps the defaults when main will not give the rules (a read-only browser)', async () => {
    createTestApp()
    const limits = useStateLimitsStore()
    await limits.load()
    expect(limits.usingDefaults).toBe(true)
    expect(limits.loadError).toContain('config:export')
  })
})
