import { describe, expect, it } from 'vitest'
import {
  dayPoints,
  emptyDay,
  encodeHistoryDay,
  foldPoints,
  MINUTE_MS,
  validateHistoryDay,
} from './history-day-file'

const FROM = Date.UTC(2026, 10, 26)
const TO = FROM + 86_400_000
const KEY = 'queue|demo:101|waiting'

describe('downsampling into minutes', () => {
  it('keeps the last, highest and lowest value of each minute, and a gap-only minute as no value', () => {
    const day = emptyDay('demo', '2026-11-26', FROM, TO)
    const m = (min: number, sec: number) => FROM + min * MINUTE_MS + sec * 1000
    foldPoints(day, KEY, [
      [m(600, 0), 3],
      [m(600, 15), 9],
      [m(600, 30), 1],
      [m(600, 45), 4],
      [m(601, 0), null],
      [m(601, 30), null],
      [m(602, 10), 5],
    ])
    expect(dayPoints(day, KEY, 'last')).toEqual([
      [m(600, 0), 4],
      [m(601, 0), null],
      [m(602, 0), 5],
    ])
    expect(dayPoints(day, KEY, 'hi').map(([, v]) => v)).toEqual([9, null, 5])
    expect(dayPoints(day, KEY, 'lo').map(([, v]) => v)).toEqual([1, null, 5])
    // A window inside the day.
    expect(dayPoints(day, KEY, 'last', m(601, 0), m(603, 0))).toEqual([[m(602, 0), 5]])
  })

  it('lets newer values of a minute replace older ones, and never lets a gap wipe a saved minute', () => {
    const day = emptyDay('demo', '2026-11-26', FROM, TO)
    foldPoints(day, KEY, [[FROM + 5_000, 2]])
    foldPoints(day, KEY, [[FROM + 20_000, null]], FROM)
    expect(dayPoints(day, KEY, 'last')).toEqual([[FROM, 2]])
    foldPoints(day, KEY, [[FROM + 30_000, 7]], FROM)
    expect(dayPoints(day, KEY, 'last')).toEqual([[FROM, 7]])
  })

  it('ignores points outside the day', () => {
    const day = emptyDay('demo', '2026-11-26', FROM, TO)
    expect(
      foldPoints(day, KEY, [
        [FROM - 1, 1],
        [TO, 2],
      ]),
    ).toBe(0)
    expect(day.series.size).toBe(0)
  })
})

describe('the day file', () => {
  const sample = () => {
    const day = emptyDay('demo', '2026-11-26', FROM, TO)
    foldPoints(day, KEY, [
      [FROM + 600 * MINUTE_MS, 3],
      [FROM + 600 * MINUTE_MS + 30_000, 8],
      [FROM + 602 * MINUTE_MS, 83.3333],
    ])
    foldPoints(day, 'queue|demo:101|received', [[FROM + 10 * MINUTE_MS, 12]])
    return day
  }

  it('round-trips through JSON, leaving out highs and lows equal to the last value', () => {
    const file = encodeHistoryDay(sample())
    const waiting = file.series.find((s) => s.k === KEY)
    expect(waiting).toEqual({ k: KEY, a: 600, l: [8, null, 83.33], m: [3, null, 83.33] })
    expect(file.series.find((s) => s.k === 'queue|demo:101|received')).toEqual({
      k: 'queue|demo:101|received',
      a: 10,
      l: [12],
    })
    const back = validateHistoryDay(JSON.parse(JSON.stringify(file)))
    if (!back.ok) throw new Error(back.error)
    expect(dayPoints(back.value, KEY, 'lo')).toEqual(dayPoints(sample(), KEY, 'lo'))
    expect(dayPoints(back.value, KEY, 'hi')).toEqual(dayPoints(sample(), KEY, 'hi'))
  })

  it('names the field that is wrong', () => {
    const file = JSON.parse(JSON.stringify(encodeHistoryDay(sample())))
    file.series[0].l[1] = 'x'
    expect(validateHistoryDay(file)).toEqual({ ok: false, error: 'series[0].l[1] must be a number or null' })
    expect(validateHistoryDay({ ...file, version: 2 })).toMatchObject({ ok: false, error: /version 2/ })
    const long = JSON.parse(JSON.stringify(encodeHistoryDay(sample())))
    long.series[0].a = 1439
    expect(validateHistoryDay(long)).toMatchObject({ ok: false, error: /runs past the end of the day/ })
    expect(validateHistoryDay([])).toMatchObject({ ok: false })
  })
})
