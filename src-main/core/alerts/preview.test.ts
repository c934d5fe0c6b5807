import { describe, expect, it } from 'vitest'
import { historyKey } from '../../../src-shared/live'
import { previewRule } from './preview'
import { LONGEST_WAIT, MONDAY_0900, queue, rule, startHarness } from './test-support'

const T0 = MONDAY_0900
const lw = rule({ ...LONGEST_WAIT, forSec: 10 })
const utc = () => 0

/** One point every 5 s from T0. */
const points = (values: (number | null)[]): [number, number | null][] =>
  values.map((v, i) => [T0 + i * 5_000, v])

describe('rule preview', () => {
  it('replays the history through the rule: pending period, levels, hysteresis and gaps', () => {
    const p = previewRule(
      lw,
      [
        {
          connection: 'c',
          entityId: 'q1',
          name: 'Sales',
          points: points([30, 70, 70, 80, 130, 50, null, 40, 70, 65]),
        },
      ],
      utc,
    )
    expect(p).toMatchObject({
      supported: true,
      entities: 1,
      firings: 1,
      from: T0,
      to: T0 + 45_000,
      truncated: false,
    })
    expect(p.events.map((e) => [(e.at - T0) / 1000, e.state, e.severity, e.value])).toEqual([
      [15, 'firing', 'warning', 80],
      [20, 'firing', 'critical', 130],
      [25, 'firing', 'warning', 50],
      [35, 'resolved', 'warning', 40],
    ])
    expect(p.detail).toBe('1 queue examined over 45 s of history: it would have fired 1 time')
  })

  it('says plainly when a field is not kept in history', () => {
    const p = previewRule(rule({ entity: 'agent', field: 'timeInStateSec', op: '>', warn: 900 }), [], utc)
    expect(p.supported).toBe(false)
    expect(p.detail).toMatch(/^the history keeps no agent timeInStateSec values/)
  })

  it('previews over the engine history for the entities in the rule scope', async () => {
    const h = await startHarness({ rules: [] })
    h.engine.poll('c', {
      queues: [queue('115', { name: 'Sales' }), queue('117', { name: 'Email', media: 'email' })],
    })
    h.engine.series = [
      { key: historyKey('queue', 'c:115', 'longestWaitSec'), points: points([10, 70, 80, 90, 20]) },
      { key: historyKey('queue', 'c:117', 'longestWaitSec'), points: points([900, 900, 900, 900, 900]) },
    ]
    const p = h.service.preview({ ...lw, media: ['voice'] })
    expect(p.entities).toBe(1)
    expect(p.events.map((e) => [e.alert, e.entityName, e.state, (e.at - T0) / 1000])).toEqual([
      ['lw|c:115', 'Sales', 'firing', 15],
      ['lw|c:115', 'Sales', 'resolved', 20],
    ])
    // From 10 s on, Sales's climb is too short for forSec; the email backlog (no media filter now) fires.
    const later = h.service.preview({ ...lw }, { sinceMs: T0 + 10_000 })
    expect(later.events.map((e) => [e.alert, e.state, (e.at - T0) / 1000])).toEqual([
      ['lw|c:117', 'firing', 20],
    ])
  })
})
