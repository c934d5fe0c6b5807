import { describe, expect, it } from 'vitest'
import {
  startOfDay,
  businessDate,
  businessDayRange,
  businessDayStart,
  businessDayStartsBetween,
  clockMinutes,
  instantOfWall,
  isoInZone,
  isTimeZoneName,
  isValidTimeZone,
  nextBusinessDayStart,
  startTimeProblem,
  wallClock,
} from './business-day'

const at = (iso: string) => Date.parse(iso)
const H = 3600_000

describe('businessDayStart', () => {
  it('starts at the given time in the given zone, on the previous date before that time', () => {
    const day = { start: '06:00', timeZone: 'Europe/Warsaw' }
    // 16:00 in Warsaw (CET, +1) → today 06:00 = 05:00Z.
    expect(businessDayStart(day, at('2026-12-05T15:00:00Z'))).toBe(at('2026-12-05T05:00:00Z'))
    // 05:59 in Warsaw still belongs to the day that started yesterday at 06:00.
    expect(businessDayStart(day, at('2026-12-05T04:59:00Z'))).toBe(at('2026-12-04T05:00:00Z'))
    // Exactly at the start, the new day has begun.
    expect(businessDayStart(day, at('2026-12-05T05:00:00Z'))).toBe(at('2026-12-05T05:00:00Z'))
  })

  it('handles a start after midnight: 01:00 belongs to the day that began yesterday at 02:00', () => {
    const day = { start: '02:00', timeZone: 'UTC' }
    expect(businessDayStart(day, at('2026-06-10T01:00:00Z'))).toBe(at('2026-06-09T02:00:00Z'))
    expect(businessDayStart(day, at('2026-06-10T02:30:00Z'))).toBe(at('2026-06-10T02:00:00Z'))
    expect(businessDate(day, at('2026-06-10T01:00:00Z'))).toBe('2026-06-09')
  })

  it('names a late-evening day by the date it started on', () => {
    const day = { start: '22:00', timeZone: 'America/New_York' }
    // 2026-12-05 10:00 in New York (EST, −5) belongs to the day that started 2026-12-04 22:00 = 2026-12-05T03:00Z.
    const now = at('2026-12-05T15:00:00Z')
    expect(businessDayStart(day, now)).toBe(at('2026-12-05T03:00:00Z'))
    expect(businessDate(day, now)).toBe('2026-12-04')
  })

  it('counts in half- and quarter-hour zones', () => {
    // Kolkata is +05:30: 06:00 there is 00:30Z.
    expect(businessDayStart({ start: '06:00', timeZone: 'Asia/Kolkata' }, at('2026-01-10T12:00:00Z'))).toBe(
      at('2026-01-10T00:30:00Z'),
    )
    // Kathmandu is +05:45.
    expect(businessDayStart({ start: '00:00', timeZone: 'Asia/Kathmandu' }, at('2026-01-10T12:00:00Z'))).toBe(
      at('2026-01-09T18:15:00Z'),
    )
  })

  it('is the same instant wherever it is computed: the zone is the connection’s, not the computer’s', () => {
    const day = { start: '08:00', timeZone: 'Asia/Tokyo' }
    expect(businessDayStart(day, at('2026-07-01T00:30:00Z'))).toBe(at('2026-06-30T23:00:00Z'))
  })
})

describe('DST', () => {
  const warsaw = (start: string) => ({ start, timeZone: 'Europe/Warsaw' })

  it('a day the clocks go forward is an hour short', () => {
    // 2026-03-29: 02:00 CET → 03:00 CEST.
    const r = businessDayRange(warsaw('06:00'), at('2026-03-29T12:00:00Z'))
    expect(r.from).toBe(at('2026-03-29T04:00:00Z'))
    expect(r.to).toBe(at('2026-03-30T04:00:00Z'))
    const before = businessDayRange(warsaw('06:00'), at('2026-03-28T12:00:00Z'))
    expect(before.to - before.from).toBe(23 * H)
  })

  it('a start the clocks skip starts the day when they jump', () => {
    // 02:30 does not exist on 2026-03-29 in Warsaw: the day starts at 03:00 CEST = 01:00Z.
    expect(businessDayStart(warsaw('02:30'), at('2026-03-29T06:00:00Z'))).toBe(at('2026-03-29T01:00:00Z'))
    // Before the jump the previous day (from 02:30 CET on the 28th) is still running.
    expect(businessDayStart(warsaw('02:30'), at('2026-03-29T00:59:00Z'))).toBe(at('2026-03-28T01:30:00Z'))
    // The day after is back to 02:30 (CEST now): 00:30Z.
    expect(nextBusinessDayStart(warsaw('02:30'), at('2026-03-29T06:00:00Z'))).toBe(at('2026-03-30T00:30:00Z'))
    expect(instantOfWall('Europe/Warsaw', at('2026-03-29T02:30:00Z'))).toBe(at('2026-03-29T01:00:00Z'))
  })

  it('a start the clocks pass twice starts the day at the first one, and the day is 25 hours', () => {
    // 2026-10-25: 03:00 CEST → 02:00 CET; 02:30 happens at 00:30Z and again at 01:30Z.
    expect(businessDayStart(warsaw('02:30'), at('2026-10-25T01:00:00Z'))).toBe(at('2026-10-25T00:30:00Z'))
    expect(businessDayStart(warsaw('02:30'), at('2026-10-25T01:45:00Z'))).toBe(at('2026-10-25T00:30:00Z'))
    const r = businessDayRange(warsaw('06:00'), at('2026-10-25T12:00:00Z'))
    expect(r.from).toBe(at('2026-10-25T05:00:00Z'))
    const before = businessDayRange(warsaw('06:00'), at('2026-10-24T12:00:00Z'))
    expect(before.to - before.from).toBe(25 * H)
  })

  it('follows southern-hemisphere and half-hour DST (Lord Howe Island moves 30 minutes)', () => {
    // Sydney: DST ends 2026-04-05 03:00 AEDT → 02:00 AEST.
    const sydney = businessDayRange(
      { start: '00:00', timeZone: 'Australia/Sydney' },
      at('2026-04-04T20:00:00Z'),
    )
    expect(sydney.to - sydney.from).toBe(25 * H)
    const lordHowe = businessDayRange(
      { start: '00:00', timeZone: 'Australia/Lord_Howe' },
      at('2026-04-04T20:00:00Z'),
    )
    expect(lordHowe.to - lordHowe.from).toBe(24.5 * H)
  })
})

describe('businessDayStartsBetween', () => {
  it('lists the day starts a gap crosses', () => {
    const day = { start: '06:00', timeZone: 'UTC' }
    expect(businessDayStartsBetween(day, at('2026-05-01T05:00:00Z'), at('2026-05-01T07:00:00Z'))).toEqual([
      at('2026-05-01T06:00:00Z'),
    ])
    expect(businessDayStartsBetween(day, at('2026-05-01T07:00:00Z'), at('2026-05-01T09:00:00Z'))).toEqual([])
    expect(
      businessDayStartsBetween(day, at('2026-04-29T07:00:00Z'), at('2026-05-01T09:00:00Z')),
    ).toHaveLength(2)
  })
})

describe('validation helpers', () => {
  it('knows IANA zones and refuses others', () => {
    expect(isValidTimeZone('Europe/Warsaw')).toBe(true)
    expect(isValidTimeZone('UTC')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false)
    expect(isValidTimeZone('')).toBe(false)
    expect(isValidTimeZone(' Europe/Warsaw')).toBe(false)
  })

  it('takes tz database names only where a vendor wants names', () => {
    expect(isTimeZoneName('Europe/Helsinki')).toBe(true)
    expect(isTimeZoneName('America/Argentina/Buenos_Aires')).toBe(true)
    expect(isTimeZoneName('+02:00')).toBe(false)
    expect(isTimeZoneName('Mars/Olympus_Mons')).toBe(false)
  })

  it('reads 24-hour clock times as minutes after midnight', () => {
    expect(clockMinutes('06:30')).toBe(390)
    expect(clockMinutes(' 23:59 ')).toBe(1439)
    expect(clockMinutes('24:00')).toBeNull()
    expect(clockMinutes('6:30')).toBeNull()
  })

  it('takes HH:MM only', () => {
    expect(startTimeProblem('06:00')).toBeNull()
    expect(startTimeProblem('23:59')).toBeNull()
    expect(startTimeProblem('24:00')).not.toBeNull()
    expect(startTimeProblem('6:00')).not.toBeNull()
    expect(() => businessDayStart({ start: '6am', timeZone: 'UTC' }, 0)).toThrow(/6am/)
  })

  it('writes local ISO times with the offset', () => {
    expect(isoInZone('Europe/Warsaw', at('2026-12-05T15:00:00.400Z'))).toBe('2026-12-05T16:00:00+01:00')
    expect(isoInZone('America/St_Johns', at('2026-12-05T15:00:00Z'))).toBe('2026-12-05T11:30:00-03:30')
    expect(isoInZone('UTC', at('2026-12-05T15:00:00Z'))).toBe('2026-12-05T15:00:00+00:00')
  })

  it('reads wall clocks', () => {
    expect(wallClock('Europe/Warsaw', at('2026-07-01T10:00:00.250Z'))).toBe(at('2026-07-01T12:00:00.250Z'))
  })
})

describe('startOfDay', () => {
  it('finds the local midnight of the day an instant falls in', () => {
    const t = Date.UTC(2024, 2, 10, 22, 30, 15, 250)
    expect(startOfDay('UTC', t)).toBe(Date.UTC(2024, 2, 10))
    expect(startOfDay('Europe/Helsinki', t)).toBe(Date.UTC(2024, 2, 10, 22))
    expect(startOfDay('Asia/Kolkata', t)).toBe(Date.UTC(2024, 2, 10, 18, 30))
  })

  it('takes the UTC offset in force at midnight on a DST day', () => {
    // New York moved to summer time at 02:00 on 10 March 2024: that day began at 00:00 EST (05:00 UTC).
    expect(startOfDay('America/New_York', Date.UTC(2024, 2, 10, 22, 30))).toBe(Date.UTC(2024, 2, 10, 5))
    expect(startOfDay('America/New_York', Date.UTC(2024, 2, 12, 1, 0))).toBe(Date.UTC(2024, 2, 11, 4))
  })
})
