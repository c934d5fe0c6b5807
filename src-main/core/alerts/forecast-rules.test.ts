import { describe, expect, it } from 'vitest'
import type { Queue } from '../../../src-shared/model'
import { forecastPoints, previewRule } from './preview'
import { LONGEST_WAIT, MONDAY_0900, queue, rule, startHarness, type Harness } from './test-support'

const T0 = MONDAY_0900

/** A queue backing up: one waiting contact more every 10 s, nobody answered, nobody available. */
const backingUp = (t: number): Queue[] => {
  const s = (t - T0) / 1000
  return [
    queue('q1', {
      waiting: 1 + Math.floor(s / 10),
      longestWaitSec: s,
      agentsAvailable: 0,
      today: {
        received: 10 + Math.floor(s / 10),
        answered: 9,
        abandoned: 0,
        avgWaitSec: 10,
        avgHandleSec: 100,
        serviceLevelPct: 90,
      },
    }),
  ]
}

async function pollUntil(h: Harness, untilSec: number, everySec = 5) {
  while (h.clock.now() < T0 + untilSec * 1000) {
    await h.clock.advance(everySec * 1000)
    h.engine.poll('c', { queues: backingUp(h.clock.now()) })
  }
  await h.clock.advance(0)
}

const lw = { ...LONGEST_WAIT, forSec: 10 }

describe('forecast rules', () => {
  it('fire when the level is forecast within the horizon, with the rule’s pending period', async () => {
    const h = await startHarness({
      rules: [
        rule(lw),
        rule({ ...lw, id: 'lw-ahead', name: 'Longest wait ahead', forecast: { horizonSec: 30 } }),
      ],
    })
    await pollUntil(h, 80)
    const fired = (id: string) => h.events.find((e) => e.rule === id && e.state === 'firing')?.at
    // Nobody available and nobody answered: the longest wait grows 1 s per second. From 35 s of history on (the
    // forecast needs 30 s) it is forecast past 60 s within 30 s; pending 10 s.
    const ahead = fired('lw-ahead')
    const plain = fired('lw')
    expect(ahead).toBeDefined()
    expect(plain).toBeDefined()
    expect((plain ?? 0) - (ahead ?? 0)).toBeGreaterThanOrEqual(20_000)
    // The cards hear of the critical level ahead.
    const f = h.service.list().forecasts ?? []
    expect(f.find((x) => x.rule === 'lw' && x.entityId === 'q1')).toMatchObject({
      level: 120,
      severity: 'critical',
      basis: 'no_agent',
    })
    expect(h.service.list().rules.find((r) => r.rule === 'lw-ahead')?.forecastHorizonSec).toBe(30)
  })

  it('preview over history reads the forecast value', () => {
    const pts: [number, number | null][] = Array.from({ length: 20 }, (_, i) => [T0 + i * 5000, i * 5])
    const r = rule({ ...lw, forecast: { horizonSec: 30 } })
    const ahead = forecastPoints(r, pts)
    // After 30 s of history the slope (1 s per second) is known: 30 s ahead of 35 s is 65 s.
    expect(ahead[7]).toEqual([T0 + 35_000, 65])
    expect(ahead[2]).toEqual([T0 + 10_000, 10])
    const p = previewRule(r, [{ connection: 'c', entityId: 'q1', name: 'Sales', points: pts }], () => 0)
    const plain = previewRule(
      rule(lw),
      [{ connection: 'c', entityId: 'q1', name: 'Sales', points: pts }],
      () => 0,
    )
    expect(p.events[0]!.at).toBeLessThan(plain.events[0]!.at)
    expect(p.detail).toMatch(/on the value forecast 30 s ahead\)$/)
  })
})
