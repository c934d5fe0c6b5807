import { describe, expect, it } from 'vitest'
import { clearLevel, levelOf, nextSeverity, stepTracked, type Tracked } from './evaluate'
import { rule } from './test-support'

describe('threshold levels', () => {
  const up = rule({
    entity: 'queue',
    field: 'longestWaitSec',
    op: '>',
    warn: 60,
    critical: 120,
    clearBelow: 45,
  })
  const down = rule({
    entity: 'queue',
    field: 'serviceLevelPct',
    op: '<',
    warn: 80,
    critical: 60,
    clearAbove: 85,
  })

  it('maps values to severities with the rule operator', () => {
    expect([59, 60, 61, 120, 121].map((v) => levelOf(up, v))).toEqual([
      null,
      null,
      'warning',
      'warning',
      'critical',
    ])
    expect([81, 80, 79, 60, 59].map((v) => levelOf(down, v))).toEqual([
      null,
      null,
      'warning',
      'warning',
      'critical',
    ])
    const inclusive = rule({ entity: 'queue', field: 'waiting', op: '>=', warn: 5 })
    expect([4, 5].map((v) => levelOf(inclusive, v))).toEqual([null, 'warning'])
  })

  it('clears at clearBelow / clearAbove, or at the warn level by default', () => {
    expect(clearLevel(up)).toBe(45)
    expect(clearLevel(down)).toBe(85)
    expect(clearLevel(rule({ entity: 'queue', field: 'waiting', op: '>', warn: 5, critical: 10 }))).toBe(5)
    expect(
      clearLevel(rule({ entity: 'queue', field: 'serviceLevelPct', op: '<', warn: 80, critical: 60 })),
    ).toBe(80)
  })

  it('holds a firing alert in the dead band and resolves strictly past the clear level', () => {
    expect(nextSeverity(up, 'warning', 50)).toBe('warning')
    expect(nextSeverity(up, 'warning', 45)).toBe('warning')
    expect(nextSeverity(up, 'warning', 44)).toBeNull()
    expect(nextSeverity(down, 'warning', 84)).toBe('warning')
    expect(nextSeverity(down, 'warning', 86)).toBeNull()
  })

  it('drops from critical to warning with the same margin under the critical level', () => {
    // margin = warn − clearBelow = 15, so critical holds down to 105.
    expect(nextSeverity(up, 'critical', 110)).toBe('critical')
    expect(nextSeverity(up, 'critical', 105)).toBe('critical')
    expect(nextSeverity(up, 'critical', 104)).toBe('warning')
    expect(nextSeverity(up, 'warning', 121)).toBe('critical')
    // "<" rule: margin = 85 − 80 = 5: critical holds up to 65.
    expect(nextSeverity(down, 'critical', 65)).toBe('critical')
    expect(nextSeverity(down, 'critical', 66)).toBe('warning')
  })
})

describe('stepTracked', () => {
  const r = rule({ entity: 'queue', field: 'waiting', op: '>', warn: 5, critical: 10, forSec: 20 })
  const t0 = 1_000_000

  it('goes pending, then fires once the condition held for forSec', () => {
    const a = stepTracked(r, null, 7, t0)
    expect(a.transition).toBe('pending')
    const b = stepTracked(r, a.next, 8, t0 + 19_999)
    expect(b.transition).toBeNull()
    expect(b.next?.state).toBe('pending')
    const c = stepTracked(r, b.next, 8, t0 + 20_000)
    expect(c.transition).toBe('fired')
    expect(c.next).toMatchObject({ state: 'firing', severity: 'warning', since: t0, firedAt: t0 + 20_000 })
  })

  it('cancels a pending alert whose condition lapses', () => {
    const a = stepTracked(r, null, 7, t0)
    expect(stepTracked(r, a.next, 5, t0 + 5_000)).toEqual({ next: null, transition: 'cancelled' })
  })

  it('fires at once without a pending period', () => {
    const now = rule({ entity: 'queue', field: 'waiting', op: '>', warn: 5 })
    expect(stepTracked(now, null, 6, t0).transition).toBe('fired')
  })

  it('keeps its state through no data, and restarts a pending period afterwards', () => {
    const firing: Tracked = {
      state: 'firing',
      severity: 'critical',
      since: t0,
      firedAt: t0,
      changedAt: t0,
      value: 12,
      noData: false,
      peak: 'critical',
    }
    const gap = stepTracked(r, firing, null, t0 + 5_000)
    expect(gap).toEqual({ next: { ...firing, noData: true }, transition: null })
    const pending = stepTracked(r, null, 7, t0).next
    const held = stepTracked(r, pending, null, t0 + 30_000).next
    expect(held).toMatchObject({ state: 'pending', noData: true, since: t0 })
    const back = stepTracked(r, held, 7, t0 + 31_000)
    expect(back.transition).toBeNull()
    expect(back.next).toMatchObject({ state: 'pending', since: t0 + 31_000, noData: false })
  })

  it('reports escalations and keeps the peak', () => {
    const f = stepTracked(
      rule({ entity: 'queue', field: 'waiting', op: '>', warn: 5, critical: 10 }),
      null,
      6,
      t0,
    ).next
    const esc = stepTracked(r, f, 11, t0 + 1_000)
    expect(esc.transition).toBe('severity')
    const back = stepTracked(r, esc.next, 7, t0 + 2_000)
    expect(back.transition).toBe('severity')
    expect(back.next).toMatchObject({ severity: 'warning', peak: 'critical' })
    expect(stepTracked(r, back.next, 5, t0 + 3_000).transition).toBeNull()
    expect(stepTracked(r, back.next, 4, t0 + 3_000).transition).toBe('resolved')
  })
})
