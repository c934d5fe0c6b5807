import { describe, expect, it } from 'vitest'
import { localTimeZone } from '../../../../src-shared/business-day'
import { reportWindow } from './report-window'

describe('reportWindow', () => {
  const at = Date.UTC(2025, 0, 7, 22, 30, 15)

  it('writes today from midnight to now in the zone, as Thulium wants it', () => {
    expect(reportWindow(at, 'Europe/Warsaw')).toEqual({
      dateFrom: '2025-01-07 00:00:00',
      dateTo: '2025-01-07 23:30:15',
      today: '2025-01-07',
      timeZone: 'Europe/Warsaw',
    })
    expect(reportWindow(at, 'UTC')).toMatchObject({
      dateFrom: '2025-01-07 00:00:00',
      dateTo: '2025-01-07 22:30:15',
    })
  })

  it('moves to the next day where it is already tomorrow, and back where it is still today', () => {
    expect(reportWindow(at, 'Asia/Tokyo')).toMatchObject({
      today: '2025-01-08',
      dateTo: '2025-01-08 07:30:15',
    })
    expect(reportWindow(Date.UTC(2025, 0, 8, 3, 0, 0), 'America/New_York')).toMatchObject({
      today: '2025-01-07',
      dateTo: '2025-01-07 22:00:00',
    })
  })

  it('follows daylight saving time', () => {
    // Warsaw switches to CEST at 01:00 UTC on 2025-03-30.
    expect(reportWindow(Date.UTC(2025, 2, 30, 0, 59, 59), 'Europe/Warsaw')!.dateTo).toBe(
      '2025-03-30 01:59:59',
    )
    expect(reportWindow(Date.UTC(2025, 2, 30, 1, 0, 0), 'Europe/Warsaw')!.dateTo).toBe('2025-03-30 03:00:00')
  })

  it('writes midnight as 00, not 24', () => {
    expect(reportWindow(Date.UTC(2025, 0, 7, 23, 0, 0), 'Europe/Warsaw')).toMatchObject({
      today: '2025-01-08',
      dateTo: '2025-01-08 00:00:00',
    })
  })

  it('refuses an unknown zone', () => {
    expect(reportWindow(at, 'Mars/Olympus')).toBeNull()
  })

  it('knows the machine zone', () => {
    expect(reportWindow(at, localTimeZone())).not.toBeNull()
  })
})
