import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  NO_ACTIVITY,
  agentFrom,
  chatRoomFrom,
  hmsToSeconds,
  parseSummaryPage,
  readSummaryRow,
  todaysRows,
  type SummaryRow,
} from './parse'

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')

function rowsOf(name: string): SummaryRow[] {
  const page = parseSummaryPage(fixture(name))
  if (!page.ok) throw new Error(page.detail)
  return page.rows
}

describe('hmsToSeconds', () => {
  it('reads HH:MM:SS', () => {
    expect(hmsToSeconds('00:00:48')).toBe(48)
    expect(hmsToSeconds('00:09:45')).toBe(585)
    expect(hmsToSeconds('05:41:09')).toBe(20_469)
    expect(hmsToSeconds('1:02:03')).toBe(3723)
  })

  it('reads hours past 24 (sums over a day or a month)', () => {
    expect(hmsToSeconds('24:00:00')).toBe(86_400)
    expect(hmsToSeconds('26:14:09')).toBe(94_449)
    expect(hmsToSeconds('217:03:45')).toBe(781_425)
    expect(hmsToSeconds('1000:00:01')).toBe(3_600_001)
  })

  it('rejects what is not a duration', () => {
    expect(hmsToSeconds('')).toBeNull()
    expect(hmsToSeconds('12:60:00')).toBeNull()
    expect(hmsToSeconds('00:05')).toBeNull()
    expect(hmsToSeconds('-01:00:00')).toBeNull()
    expect(hmsToSeconds('abc')).toBeNull()
  })
})

describe('parseSummaryPage', () => {
  it('reads the bare array of the vendor sample', () => {
    const page = parseSummaryPage(fixture('vendor-sample.json'))
    expect(page.ok && page.rows.length).toBe(1)
  })

  it('accepts an empty report', () => {
    expect(parseSummaryPage('[]')).toEqual({ ok: true, rows: [] })
  })

  it('refuses what is not an array of rows', () => {
    const envelope = parseSummaryPage(fixture('error-envelope.json'))
    expect(envelope.ok).toBe(false)
    expect(!envelope.ok && envelope.detail).toContain('not a JSON array (got an object)')
    const cut = parseSummaryPage('[{"series": "2025-01-07", "incoming": 4')
    expect(!cut.ok && cut.detail).toContain('not JSON')
    const scalar = parseSummaryPage('[{"series": "x"}, 3]')
    expect(!scalar.ok && scalar.detail).toBe('report row 1 is not an object (got number)')
    expect(parseSummaryPage('<html>login</html>').ok).toBe(false)
  })
})

describe('the vendor document sample', () => {
  const [row] = rowsOf('vendor-sample.json')
  const warnings: string[] = []
  const f = readSummaryRow(row!, 'sample', warnings)

  it('reads every field in model units', () => {
    expect(warnings).toEqual([])
    expect(f).toEqual({
      series: '2021-12',
      userName: 'John Doe',
      incoming: 1,
      incomingToAgent: 1,
      incomingIncludingEmpty: 1,
      abandoned: 0,
      answered: 1,
      incomingToBot: 0,
      transferredByBot: 0,
      finishedByBot: 0,
      serviceLevelPct: 100,
      slaPct: 100,
      chatTime: { min: 48, max: 48, sum: 48, avg: 48 },
      // One chat answered: a wait of 00:00:00 is a real zero.
      waitTime: { min: 0, max: 0, sum: 0, avg: 0 },
      // No ratings at all: satisfaction_percent 0 means "unknown", not "everyone unhappy".
      rating: { sad: 0, neutral: 0, happy: 0, satisfactionPct: null, ratedPct: 0 },
    })
  })

  it('maps to an agent with no live state', () => {
    const a = agentFrom('John Doe', 'John Doe', f, row)
    expect(a.state).toBe('unknown')
    expect(a.rawState).toBeNull()
    expect(a.timeInStateSec).toBeNull()
    expect(a.stateSince).toBeNull()
    expect(a.today).toEqual({
      handled: 1,
      rejected: null,
      loginSec: null,
      availableSec: null,
      breakSec: null,
      wrapUpSec: null,
      avgHandleSec: 48,
      // chat_time.sum and the abandoned chats of the user's row (docs/vendors/thulium.md §7.2)
      talkSec: 48,
      missed: 0,
    })
    expect(a.raw).toBe(row)
  })

  it('maps to a chat room with today figures and no "now" figures', () => {
    const r = chatRoomFrom('3', 'Sales chat', f, row)
    expect(r).toMatchObject({
      id: '3',
      name: 'Sales chat',
      openChats: null,
      waitingChats: null,
      maxWaitNowSec: null,
    })
    expect(r.today).toEqual({
      chats: 1,
      missed: 0,
      answered: 1,
      avgWaitSec: 0,
      maxWaitSec: 0,
      avgChatSec: 48,
      serviceLevelPct: 100,
      satisfactionPct: null,
    })
  })
})

describe('the invented "today, per day, two agents" fixture', () => {
  const rows = rowsOf('today-two-agents.json')

  it('converts durations and keeps percentages 0–100', () => {
    const warnings: string[] = []
    const [jan, anna] = rows.map((r) => readSummaryRow(r, 'row', warnings))
    expect(warnings).toEqual([])
    expect(jan).toMatchObject({
      userName: 'Jan Kowalski',
      incoming: 42,
      abandoned: 3,
      answered: 35,
      serviceLevelPct: 88.57,
      slaPct: 91.43,
      chatTime: { min: 31, max: 1632, sum: 20_469, avg: 585 },
      waitTime: { min: 2, max: 160, sum: 1190, avg: 34 },
      rating: { sad: 1, neutral: 2, happy: 9, satisfactionPct: 75, ratedPct: 34.29 },
    })
    expect(anna).toMatchObject({
      userName: 'Anna Nowak',
      answered: 28,
      chatTime: { sum: 14_536, avg: 519 },
      waitTime: { max: 58, avg: 15 },
      rating: { satisfactionPct: 85.71 },
    })
    expect(agentFrom('jkowalski', jan!.userName, jan!, null).today).toMatchObject({
      handled: 35,
      avgHandleSec: 585,
    })
  })

  it('keeps only today’s rows', () => {
    expect(todaysRows(rows, '2025-01-07')).toEqual({ rows, dropped: 0 })
    const mixed = [{ ...rows[0], series: '2025-01-06' }, rows[1]!]
    expect(todaysRows(mixed, '2025-01-07')).toEqual({ rows: [rows[1]], dropped: 1 })
    // A series format nobody expected: keep everything rather than show nothing.
    const monthly = rows.map((r) => ({ ...r, series: '2025-01' }))
    expect(todaysRows(monthly, '2025-01-07')).toEqual({ rows: monthly, dropped: 0 })
  })
})

describe('a summed chat queue row over a month (sum_users=true, durations past 24 h)', () => {
  const [row] = rowsOf('queue-month-long-durations.json')

  it('reads sums of more than a day', () => {
    const warnings: string[] = []
    const f = readSummaryRow(row!, 'chat queue 3', warnings)
    expect(warnings).toEqual([])
    expect(f.userName).toBeNull()
    expect(f.chatTime).toEqual({ min: 12, max: 94_449, sum: 781_425, avg: 484 })
    expect(f.waitTime).toEqual({ min: 0, max: 2490, sum: 108_727, avg: 67 })
    const room = chatRoomFrom('3', 'Chat queue 3', f, row)
    expect(room.today).toEqual({
      chats: 1840,
      missed: 96,
      answered: 1616,
      avgWaitSec: 67,
      maxWaitSec: 2490,
      avgChatSec: 484,
      serviceLevelPct: 81.06,
      satisfactionPct: 77.31,
    })
  })
})

describe('readSummaryRow guards', () => {
  it('turns "no chats yet" zeros into unknowns', () => {
    const warnings: string[] = []
    const f = readSummaryRow(
      {
        series: '2025-01-07',
        incoming: 0,
        answered: 0,
        abandoned: 0,
        service_level_percent: 100,
        sla_percent: 0,
        chat_time: { min: '00:00:00', max: '00:00:00', sum: '00:00:00', avg: '00:00:00' },
        wait_time: { min: '00:00:00', max: '00:00:00', sum: '00:00:00', avg: '00:00:00' },
        rating: { rate: { sad: 0, neutral: 0, happy: 0 }, satisfaction_percent: 0, rated_percent: 0 },
      },
      'chat queue 1',
      warnings,
    )
    expect(warnings).toEqual([])
    expect(f.serviceLevelPct).toBeNull()
    expect(f.slaPct).toBeNull()
    expect(f.chatTime).toEqual({ min: null, max: null, sum: null, avg: null })
    expect(f.waitTime.avg).toBeNull()
    expect(f.rating.satisfactionPct).toBeNull()
    expect(chatRoomFrom('1', 'x', f, null).today).toMatchObject({ chats: 0, answered: 0, avgWaitSec: null })
  })

  it('treats absent, null and empty values as unknown without complaint', () => {
    const warnings: string[] = []
    const f = readSummaryRow(
      { user_name: 'Ewa', incoming: null, answered: '', chat_time: null },
      'user ewa',
      warnings,
    )
    expect(warnings).toEqual([])
    expect(f).toMatchObject({
      userName: 'Ewa',
      incoming: null,
      answered: null,
      abandoned: null,
      serviceLevelPct: null,
    })
    expect(f.chatTime.avg).toBeNull()
  })

  it('accepts numbers sent as strings', () => {
    const f = readSummaryRow({ incoming: '12', answered: '10', service_level_percent: '90.5' }, 'x', [])
    expect(f).toMatchObject({ incoming: 12, answered: 10, serviceLevelPct: 90.5 })
  })

  it('warns about unreadable values and shows them as unknown', () => {
    const warnings: string[] = []
    const f = readSummaryRow(
      {
        incoming: 5,
        answered: -1,
        service_level_percent: 140,
        chat_time: { avg: '5 min' },
      },
      'chat queue 7',
      warnings,
    )
    expect(f.answered).toBeNull()
    expect(f.serviceLevelPct).toBeNull()
    expect(f.chatTime.avg).toBeNull()
    expect(warnings).toEqual([
      'chat queue 7: answered -1 is not a count; shown as unknown',
      'chat queue 7: service_level_percent 140 is not a percentage (0–100); shown as unknown',
      'chat queue 7: chat_time.avg "5 min" is not a duration (HH:MM:SS); shown as unknown',
    ])
  })

  it('gives a queue or user without a row zero chats and unknown averages', () => {
    const r = chatRoomFrom('4', 'Chat queue 4', NO_ACTIVITY, null)
    expect(r.today).toEqual({
      chats: 0,
      missed: 0,
      answered: 0,
      avgWaitSec: null,
      maxWaitSec: null,
      avgChatSec: null,
      serviceLevelPct: null,
      satisfactionPct: null,
    })
    expect(agentFrom('ewa', 'ewa', NO_ACTIVITY, null).today).toMatchObject({ handled: 0, avgHandleSec: null })
  })
})
