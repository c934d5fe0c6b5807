import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { liveValueAt } from '../../../../src-shared/model'
import { averageMsAt, durationMsAt, readValue } from './live-value'
import type { ChronicallValue } from './parse'

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8')

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
