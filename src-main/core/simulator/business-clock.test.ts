import { describe, expect, it } from 'vitest'
import {
  arrivalCurve,
  arrivalCurveMaxInHour,
  businessTimeIn,
  calendarFor,
  elapsedOfLocal,
  localMsOfDay,
  parseClockTime,
  replayCalendar,
  wallCalendar,
  type SimCalendar,
} from './business-clock'

const HOUR = 3_600_000

function calendar(zone: string): SimCalendar {
  const c = wallCalendar(zone)
  if (c === null) throw new Error(`no calendar for ${zone}`)
  return c
}

describe('wall calendar', () => {
  it('follows the clock of the zone: local midnight to midnight, labelled by the local date', () => {
    const t = Date.UTC(2026, 11, 4, 18, 44, 10)
    const utc = calendar('UTC').dayAt(t)
    expect(utc).toMatchObject({
      label: '2026-12-04',
      start: Date.UTC(2026, 11, 4),
      end: Date.UTC(2026, 11, 5),
    })
    expect(utc.shiftAt).toBe(Infinity)
    expect(businessTimeIn(utc, t)).toMatchObject({ label: '18:44', secondOfDay: 18 * 3600 + 44 * 60 + 10 })

    // 18:44 UTC is 20:44 in Helsinki (UTC+2 in winter) and 13:44 in New York (UTC−5).
    const helsinki = calendar('Europe/Helsinki').dayAt(t)
    expect(helsinki).toMatchObject({ label: '2026-12-04', start: Date.UTC(2026, 11, 3, 22) })
    expect(businessTimeIn(helsinki, t).label).toBe('20:44')
    expect(businessTimeIn(calendar('America/New_York').dayAt(t), t).label).toBe('13:44')
    // 23:30 UTC is already tomorrow in Helsinki.
    expect(calendar('Europe/Helsinki').dayAt(Date.UTC(2026, 11, 4, 23, 30)).label).toBe('2026-12-05')
  })

  it('keys each date once: consecutive days, the same key for every instant of a day', () => {
    const c = calendar('Europe/Warsaw')
    const a = c.dayAt(Date.UTC(2026, 5, 1, 8))
    expect(c.dayAt(a.start).key).toBe(a.key)
    expect(c.dayAt(a.end - 1).key).toBe(a.key)
    expect(c.dayAt(a.end).key).toBe(a.key + 1)
    expect(c.dayAt(a.end).start).toBe(a.end)
  })

  it('knows the two days a year whose clock jumps: 23 and 25 hours, local time converted both ways', () => {
    const c = calendar('Europe/Helsinki')
    // 29 March 2026: 03:00 becomes 04:00 (01:00 UTC).
    const spring = c.dayAt(Date.UTC(2026, 2, 29, 12))
    expect(spring.end - spring.start).toBe(23 * HOUR)
    expect(spring).toMatchObject({ shiftAt: 3 * HOUR, shiftMs: HOUR })
    expect(businessTimeIn(spring, Date.UTC(2026, 2, 29, 7)).label).toBe('10:00')
    expect(localMsOfDay(spring, 2 * HOUR)).toBe(2 * HOUR)
    expect(localMsOfDay(spring, 3 * HOUR)).toBe(4 * HOUR)
    expect(elapsedOfLocal(spring, 10 * HOUR)).toBe(9 * HOUR)
    expect(elapsedOfLocal(spring, 3.5 * HOUR)).toBe(3 * HOUR) // skipped: the instant of the jump
    // 25 October 2026: 04:00 becomes 03:00 again (01:00 UTC).
    const autumn = c.dayAt(Date.UTC(2026, 9, 25, 12))
    expect(autumn.end - autumn.start).toBe(25 * HOUR)
    expect(autumn).toMatchObject({ shiftAt: 4 * HOUR, shiftMs: -HOUR })
    expect(businessTimeIn(autumn, Date.UTC(2026, 9, 25, 8)).label).toBe('10:00')
    expect(elapsedOfLocal(autumn, 10 * HOUR)).toBe(11 * HOUR)
    expect(elapsedOfLocal(autumn, 3.5 * HOUR)).toBe(3.5 * HOUR) // the first of the two 03:30s
    for (const local of [0, 2, 5, 9.5, 13, 23.99].map((h) => h * HOUR)) {
      expect(localMsOfDay(autumn, elapsedOfLocal(autumn, local))).toBe(local)
      expect(localMsOfDay(spring, elapsedOfLocal(spring, local))).toBe(local)
    }
  })

  it('refuses a zone it does not know', () => {
    expect(wallCalendar('Mars/Olympus_Mons')).toBeNull()
    expect(calendarFor({ timezone: 'Mars/Olympus_Mons' }, 0)).toMatch(/not a time zone this system knows/)
  })
})

describe('replay calendar', () => {
  it('opens the reference day at the chosen time and runs one-for-one from there', () => {
    const start = Date.UTC(2026, 5, 1, 23, 50)
    const c = replayCalendar(start, 9.5 * 3600)
    const day = c.dayAt(start)
    expect(day).toMatchObject({ key: 0, start: start - 9.5 * HOUR, end: start + 14.5 * HOUR })
    expect(businessTimeIn(day, start).label).toBe('09:30')
    expect(businessTimeIn(day, start + 61_000).label).toBe('09:31')
    expect(c.dayAt(start + 14.5 * HOUR)).toMatchObject({ key: 1, start: start + 14.5 * HOUR })
    expect(
      (calendarFor({ startTime: '09:30', timezone: 'Europe/Helsinki' }, start) as SimCalendar).description,
    ).toBe('replaying a day from 09:30')
  })

  it('reads HH:MM and nothing else', () => {
    expect(parseClockTime('10:30')).toBe(10.5 * 3600)
    expect(parseClockTime('00:00')).toBe(0)
    for (const bad of ['24:00', '9:30', '10:60', '10.30', '']) expect(parseClockTime(bad)).toBeNull()
    expect(calendarFor({ startTime: '25:00' }, 0)).toMatch(/not a time of day/)
  })
})

describe('arrival curve', () => {
  it('peaks late in the morning and is quiet early and at night', () => {
    expect(arrivalCurve(11)).toBe(1)
    expect(arrivalCurve(8)).toBeCloseTo(0.25, 10)
    expect(arrivalCurve(8.5)).toBeCloseTo(0.375, 10)
    expect(arrivalCurve(3)).toBeCloseTo(0.02, 10)
    expect(arrivalCurve(24 + 11)).toBe(1)
    expect(arrivalCurve(-13)).toBe(1)
    expect(arrivalCurve(12.5)).toBeLessThan(arrivalCurve(11))
    expect(arrivalCurve(14)).toBeGreaterThan(arrivalCurve(13))
  })

  it('bounds each hour from above (what thinning relies on)', () => {
    for (let h = -24; h < 24; h++) {
      const max = arrivalCurveMaxInHour(h)
      for (let m = 0; m <= 60; m++) expect(arrivalCurve(h + m / 60)).toBeLessThanOrEqual(max + 1e-12)
    }
    expect(arrivalCurveMaxInHour(10)).toBe(1)
  })
})
