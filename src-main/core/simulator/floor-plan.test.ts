import { describe, expect, it } from 'vitest'
import { apportion, buildRoster, emailReserve, GROUPS, GROUPS_BY_SOURCE, SHIFTS, SOURCES } from './floor-plan'
import { mulberry32 } from './prng'

describe('floor plan', () => {
  it('apportions exactly, largest remainder first', () => {
    expect(apportion(40, [0.35, 0.4, 0.25])).toEqual([14, 16, 10])
    expect(apportion(1, [0.35, 0.4, 0.25])).toEqual([0, 1, 0])
    expect(apportion(7, [0.35, 0.3, 0.2, 0.15]).reduce((a, b) => a + b, 0)).toBe(7)
    expect(apportion(0, [1, 1])).toEqual([0, 0])
  })

  it('serves every source from at least one group, email blended by two', () => {
    expect(GROUPS_BY_SOURCE.map((gs) => gs.length)).toEqual([1, 1, 2, 1, 1, 1])
    expect(SOURCES.filter((s) => s.kind === 'room')).toHaveLength(2)
    expect(GROUPS.find((g) => g.chatCapacity > 0)?.name).toBe('Digital team')
    expect(emailReserve(16)).toBe(2)
    expect(emailReserve(3)).toBe(1)
    expect(emailReserve(800)).toBe(64)
  })

  it('builds a roster with groups in blocks, staggered shifts and unique people', () => {
    const roster = buildRoster(mulberry32(5), 100)
    expect(roster.map((a) => a.group)).toEqual([
      ...Array<number>(35).fill(0),
      ...Array<number>(40).fill(1),
      ...Array<number>(25).fill(2),
    ])
    const perShift = SHIFTS.map((_, s) => roster.filter((a) => a.shift === s).length)
    expect(perShift.reduce((a, b) => a + b, 0)).toBe(100)
    expect(perShift[0]).toBeGreaterThan(perShift[3] ?? 0)
    expect(new Set(roster.map((a) => a.email)).size).toBe(100)
    expect(roster[99]?.id).toBe('1100')
  })
})
