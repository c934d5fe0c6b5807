import { describe, expect, it } from 'vitest'
import { compareWorst, distanceFromTarget, type WaitLine } from './wait-lines'

function line(name: string, over: Partial<WaitLine> = {}): WaitLine {
  return {
    kind: 'queue',
    key: `c:${name}`,
    name,
    connection: 'c',
    provider: '8x8',
    media: 'voice',
    backlog: false,
    waiting: 0,
    longestWaitSec: 0,
    asOf: 0,
    serviceLevelPct: null,
    serviceLevelTargetPct: null,
    agentsAvailable: null,
    stale: false,
    waitLimitSec: 60,
    ...over,
  }
}

describe('worst first', () => {
  it('ranks by distance from target: a queue at 0 % of its service level comes first, not last', () => {
    const busy = line('Busy', {
      waiting: 9,
      longestWaitSec: 50,
      serviceLevelPct: 78,
      serviceLevelTargetPct: 80,
    })
    const failing = line('Failing', {
      waiting: 1,
      longestWaitSec: 20,
      serviceLevelPct: 0,
      serviceLevelTargetPct: 80,
    })
    const slow = line('Slow', { waiting: 2, longestWaitSec: 150 })
    expect(distanceFromTarget(failing)).toBe(1)
    expect(distanceFromTarget(slow)).toBe(1.5)
    expect([busy, failing, slow].sort(compareWorst).map((l) => l.name)).toEqual(['Slow', 'Failing', 'Busy'])
  })

  it('holds each line to the level of the rule that watches it, and keeps backlogs after live contacts', () => {
    const strict = line('Strict', { longestWaitSec: 40, waitLimitSec: 30 })
    const lax = line('Lax', { longestWaitSec: 90, waitLimitSec: 120 })
    const email = line('Email', {
      media: 'email',
      backlog: true,
      longestWaitSec: 50_000,
      waitLimitSec: 14_400,
    })
    expect([lax, email, strict].sort(compareWorst).map((l) => l.name)).toEqual(['Strict', 'Lax', 'Email'])
  })
})
