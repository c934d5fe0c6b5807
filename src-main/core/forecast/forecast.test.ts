import { describe, expect, it } from 'vitest'
import { toSnapshot } from '../providers/simulator'
import { wallCalendar } from '../simulator/business-clock'
import { createSimulator } from '../simulator/model'
import { courseOf, secondsToCross, slopeOf, worstWithin, type Observation } from './project'
import { measureForecast, precisionOf } from './quality'
import { ForecastTracker } from './tracker'

const SEC = 1000
const MIN = 60 * SEC
const T0 = Date.UTC(2026, 2, 3, 9)

const obs = (over: Partial<Observation> & { at: number }): Observation => ({
  waiting: 3,
  longestWaitSec: 30,
  serviceLevelPct: 90,
  received: 100,
  departed: 97,
  available: 1,
  ...over,
})

describe('forecast: courses', () => {
  it('lets the longest wait grow 1 s per second while nobody is available and nobody is answered', () => {
    const list = [0, 60, 120, 180].map((s) =>
      obs({ at: T0 + s * SEC, longestWaitSec: 20 + s, available: 0, received: 100 + s / 60, departed: 97 }),
    )
    const c = courseOf(list, 'longestWait')
    expect(c).toMatchObject({ slope: 1, basis: 'no_agent', start: 200 })
    // 200 s now: passes 240 (strictly) in 41 s; the clock has moved 10 s since the poll.
    expect(c && secondsToCross(c, '>', 240, T0 + 190 * SEC, 120)).toBe(31)
    expect(c && secondsToCross(c, '>=', 240, T0 + 180 * SEC, 120)).toBe(40)
    // Beyond the horizon: no forecast.
    expect(c && secondsToCross(c, '>', 600, T0 + 180 * SEC, 120)).toBeNull()
  })

  it('follows arrivals against departures: g = 1 − d/λ', () => {
    // 12 arrivals and 6 departures in 3 minutes: the head advances at half the clock's pace.
    const list = [0, 90, 180].map((s) =>
      obs({
        at: T0 + s * SEC,
        received: 100 + s / 15,
        departed: 97 + s / 30,
        available: 1,
        longestWaitSec: 40,
      }),
    )
    const c = courseOf(list, 'longestWait')
    expect(c?.basis).toBe('trend')
    expect(c?.slope).toBeCloseTo(0.5, 5)
    expect(c && secondsToCross(c, '>=', 100, T0 + 180 * SEC, 600)).toBe(120)
    // Waiting grows by the net flow: 6 in 3 minutes.
    const w = courseOf(list, 'waiting')
    expect(w?.slope).toBeCloseTo(6 / 180, 5)
  })

  it('says nothing with too little history, no value, or nobody waiting', () => {
    expect(courseOf([obs({ at: T0 })], 'longestWait')).toBeNull()
    expect(courseOf([obs({ at: T0 }), obs({ at: T0 + 10 * SEC })], 'serviceLevel')).toBeNull()
    const empty = [
      obs({ at: T0, waiting: 0, longestWaitSec: 0 }),
      obs({ at: T0 + MIN, waiting: 0, longestWaitSec: 0 }),
    ]
    expect(courseOf(empty, 'longestWait')).toMatchObject({ slope: 0 })
    expect(courseOf([obs({ at: T0, longestWaitSec: null })], 'longestWait')).toBeNull()
  })

  it('does not trust rates across a counter reset (a new day)', () => {
    const list = [
      obs({ at: T0, received: 500, departed: 490 }),
      obs({ at: T0 + MIN, received: 2, departed: 1 }),
    ]
    const c = courseOf(list, 'waiting')
    // Falls back to the waiting slope (3 → 3: flat).
    expect(c?.slope).toBe(0)
  })

  it('continues the service level slope, bounded at 0 and 100, and reads the worst value within the horizon', () => {
    const list = [0, 30, 60, 90, 120].map((s) => obs({ at: T0 + s * SEC, serviceLevelPct: 90 - s / 6 }))
    const c = courseOf(list, 'serviceLevel')
    expect(c?.slope).toBeCloseTo(-1 / 6, 5)
    const now = T0 + 120 * SEC
    // 70 % now; below 60 % (strictly) in 61 s.
    expect(c && secondsToCross(c, '<', 60, now, 300)).toBe(61)
    expect(c && secondsToCross(c, '<', 80, now, 300)).toBe(0)
    expect(c && secondsToCross(c, '<', 0, now, 3600)).toBeNull()
    expect(c && worstWithin(c, '<', now, 60)).toBeCloseTo(60, 5)
    expect(c && worstWithin(c, '>', now, 60)).toBeCloseTo(70, 5)
    expect(c && worstWithin(c, '<', now, 3600)).toBe(0)
  })

  it('fits a least-squares slope and refuses a span under 30 s', () => {
    expect(
      slopeOf([
        [0, 0],
        [10_000, 10],
        [20_000, 20],
        [40_000, 40],
      ]),
    ).toBeCloseTo(1, 9)
    expect(
      slopeOf([
        [0, 0],
        [20_000, 10],
      ]),
    ).toBeNull()
    expect(
      slopeOf([
        [0, null],
        [40_000, 10],
      ]),
    ).toBeNull()
  })
})

describe('forecast: the tracker', () => {
  it('keeps a few minutes per entity, ignores repeats and forgets entities that are gone', () => {
    const sim = createSimulator({ seed: 42, agents: 40, incidents: true, calendar: wallCalendar('UTC')! })
    const t = new ForecastTracker()
    for (let at = T0; at <= T0 + 10 * MIN; at += 5 * SEC) t.note(toSnapshot('demo', sim.at(at), ''))
    const kept = t.observations('demo', 'queue', '116')
    expect(kept.length).toBeGreaterThan(30)
    expect((kept[kept.length - 1]?.at ?? 0) - (kept[0]?.at ?? 0)).toBeLessThanOrEqual(3 * MIN)
    t.note(toSnapshot('demo', sim.at(T0 + 10 * MIN), ''))
    expect(t.observations('demo', 'queue', '116')).toHaveLength(kept.length)
    expect(t.course('demo', 'queue', '116', 'agentsAvailable')).toBeNull()
    t.keepOnly(new Set())
    expect(t.observations('demo', 'queue', '116')).toHaveLength(0)
  })
})

describe('forecast: the seeded day', () => {
  it('forecasts the Support queue backing up at 09:33 before its longest wait passes 2:00', () => {
    // Seed 42, the reference day in UTC, polled every 2 s from 09:00 (docs/vendors/simulator.md §6): the numbers
    // below are the ones `npm run bench -- forecast` reports for this incident.
    const sim = createSimulator({ seed: 42, agents: 40, incidents: true, calendar: wallCalendar('UTC')! })
    function* day() {
      for (let at = T0; at <= T0 + 50 * MIN; at += 2 * SEC) yield toSnapshot('demo', sim.at(at), '')
    }
    const [critical, warning] = measureForecast(day(), [
      { entity: 'queue', field: 'longestWaitSec', op: '>', level: 120, clear: 45, horizonSec: 60 },
      { entity: 'queue', field: 'longestWaitSec', op: '>', level: 60, clear: 45, horizonSec: 60 },
    ])
    const backup = critical?.breaches.find((b) => b.entityId === '116' && b.startedAt > T0 + 33 * MIN)
    expect(backup).toBeDefined()
    // It breaches at 09:36:28 and was forecast from 09:35:54: 34 s ahead.
    expect(backup?.startedAt).toBe(T0 + (36 * 60 + 28) * SEC)
    expect(backup?.leadSec).toBe(34)
    // Every 2:00 forecast of those 50 minutes came true.
    expect(critical && precisionOf(critical)).toBe(1)
    const early = warning?.breaches.find((b) => b.entityId === '116' && b.startedAt > T0 + 33 * MIN)
    expect(early?.leadSec).toBeGreaterThan(0)
  })
})
