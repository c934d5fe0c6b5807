import { describe, expect, it } from 'vitest'
import type { AlertList } from '../../../src-shared/alerts'
import { validateConnection, type ConnectionConfig } from '../../../src-shared/config'
import { historyKey } from '../../../src-shared/live'
import { blankAgent, blankChatRoom, blankQueue } from '../../../src-shared/model'
import { History } from '../engine/history'
import { emptySnapshot } from '../testing/scripted-adapter'
import { buildShiftReport, countOf, peakOf, type ReportInput } from './build'
import { shiftReportCsv } from './csv'
import { AgentStateLog } from './state-log'
import { readCsv } from './test-csv'

const at = (iso: string) => Date.parse(iso)
const MIN = 60_000

function connection(raw: Record<string, unknown>): ConnectionConfig {
  const r = validateConnection({ provider: 'simulator', ...raw })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.connection
}

const snapshot = emptySnapshot

const noAlerts: ReportInput['alerts'] = { active: [], history: [], rules: [] }

/**
 * A business day from 06:00 in Warsaw (CET, +1 = 05:00Z) on 2026-12-05: a "Sales" queue sampled every minute from
 * 04:30Z (yesterday's business day) to 10:00Z, with a gap from 07:00Z to 07:30Z (offline), and its vendor counters
 * restarting at 05:10Z.
 */
function fixture() {
  const history = new History()
  const c = connection({ id: 'eu', businessDay: { start: '06:00', timeZone: 'Europe/Warsaw' } })
  let received = 900
  for (let t = at('2026-12-05T04:30:00Z'); t <= at('2026-12-05T10:00:00Z'); t += MIN) {
    if (t >= at('2026-12-05T07:00:00Z') && t < at('2026-12-05T07:30:00Z')) {
      if (t === at('2026-12-05T07:00:00Z')) history.gap('eu', t)
      received += 1 // calls keep arriving while nobody looks
      continue
    }
    const minute = (t - at('2026-12-05T04:30:00Z')) / MIN
    if (t === at('2026-12-05T05:10:00Z'))
      received = 0 // the vendor's own day restarts its counters
    else received += 1
    const waiting = t === at('2026-12-05T08:15:00Z') ? 14 : minute % 5
    const sl = t === at('2026-12-05T08:20:00Z') ? 41 : 80 + (minute % 10)
    history.record(
      'eu',
      MIN,
      t,
      new Map<string, number | null>([
        [historyKey('queue', 'eu:sales', 'waiting'), waiting],
        [historyKey('queue', 'eu:sales', 'longestWaitSec'), waiting * 30],
        [historyKey('queue', 'eu:sales', 'serviceLevelPct'), sl],
        [historyKey('queue', 'eu:sales', 'received'), received],
      ]),
    )
  }
  return { history, c }
}

describe('counts and peaks over a period', () => {
  it('counts a day counter across a gap and a restart, from the last value before the period', () => {
    const points: [number, number | null][] = [
      [0, 10],
      [10, 12],
      [20, null],
      [30, 20],
      [40, 3],
      [50, 5],
    ]
    expect(countOf(points, 5, 50)).toBe(2 + 8 + 3 + 2)
    expect(countOf(points, 35, 50)).toBe(3 + 2)
    expect(countOf(points, 60, 70)).toBeNull()
    expect(countOf([[10, 4]], 0, 20)).toBe(0)
  })

  it('finds the first peak, or the lowest for a figure where lower is worse', () => {
    const points: [number, number | null][] = [
      [0, 9],
      [10, 3],
      [20, 7],
      [30, null],
      [40, 7],
    ]
    expect(peakOf(points, 5, 50)).toEqual({ value: 7, at: 20 })
    expect(peakOf(points, 5, 50, true)).toEqual({ value: 3, at: 10 })
    expect(peakOf(points, 100, 200)).toEqual({ value: null, at: null })
  })
})

describe('buildShiftReport', () => {
  it('covers this shift from the business-day start in the connection’s zone, with the history’s gap and restart', () => {
    const { history, c } = fixture()
    const snap = snapshot('eu', at('2026-12-05T10:00:00Z'), {
      queues: [
        blankQueue('sales', 'Sales', {
          waiting: 2,
          serviceLevelTargetPct: 80,
          today: {
            received: 400,
            answered: 380,
            abandoned: 12,
            avgWaitSec: null,
            avgHandleSec: null,
            serviceLevelPct: 84,
          },
        }),
      ],
      chatRooms: [blankChatRoom('web', 'Web chat')],
    })
    const r = buildShiftReport({
      now: at('2026-12-05T10:00:00Z'),
      requested: { from: null, to: null },
      lastExportAt: null,
      connections: [c],
      snapshots: new Map([['eu', snap]]),
      history: (keys, since) => history.get(keys, since),
      states: new AgentStateLog(),
      alerts: noAlerts,
      localTimeZone: 'UTC',
    })
    const eu = r.connections[0]!
    expect(eu.businessDay).toEqual({
      start: '06:00',
      timeZone: 'Europe/Warsaw',
      date: '2026-12-05',
      startedAt: at('2026-12-05T05:00:00Z'),
    })
    expect([eu.from, eu.to]).toEqual([at('2026-12-05T05:00:00Z'), at('2026-12-05T10:00:00Z')])
    expect(eu.historyFrom).toBe(at('2026-12-05T05:00:00Z'))
    const q = eu.queues[0]!
    expect(q.peakWaiting).toEqual({ value: 14, at: at('2026-12-05T08:15:00Z') })
    expect(q.longestWaitSec.value).toBe(14 * 30)
    expect(q.serviceLevel.lowest).toEqual({ value: 41, at: at('2026-12-05T08:20:00Z') })
    expect(q.serviceLevelTargetPct).toBe(80)
    // From 04:59's value: 10 calls to 05:09, the restart at 05:10 counts from 0, then one a minute to 10:00, the 30
    // that arrived in the gap seen at 07:30 as one jump of 31.
    const minutes = (at('2026-12-05T10:00:00Z') - at('2026-12-05T05:10:00Z')) / MIN
    expect(q.received).toEqual({ period: 10 + minutes, vendorToday: 400 })
    expect(q.answered).toEqual({ period: null, vendorToday: 380 })
    // A room the vendor gives no history for has nothing over the period, never zeros.
    expect(eu.chatRooms[0]).toMatchObject({
      name: 'Web chat',
      peakWaiting: { value: null },
      chats: { period: null, vendorToday: null },
    })
  })

  it('starts this shift at the last export when that is later, and takes explicit bounds as given', () => {
    const { history, c } = fixture()
    const base: ReportInput = {
      now: at('2026-12-05T10:00:00Z'),
      requested: { from: null, to: null },
      lastExportAt: at('2026-12-05T08:00:00Z'),
      connections: [c],
      snapshots: new Map([
        ['eu', snapshot('eu', at('2026-12-05T10:00:00Z'), { queues: [blankQueue('sales', 'Sales')] })],
      ]),
      history: (keys, since) => history.get(keys, since),
      states: new AgentStateLog(),
      alerts: noAlerts,
      localTimeZone: 'UTC',
    }
    const r = buildShiftReport(base)
    expect(r.connections[0]?.from).toBe(at('2026-12-05T08:00:00Z'))
    expect(r.connections[0]?.queues[0]?.peakWaiting.value).toBe(14)
    const early = buildShiftReport({
      ...base,
      requested: { from: at('2026-12-05T04:30:00Z'), to: at('2026-12-05T06:00:00Z') },
    })
    expect([early.from, early.to]).toEqual([at('2026-12-05T04:30:00Z'), at('2026-12-05T06:00:00Z')])
    expect(early.connections[0]?.queues[0]?.peakWaiting.value).toBe(4)
    // An export from before the business day does not reach back into yesterday.
    const old = buildShiftReport({ ...base, lastExportAt: at('2026-12-04T20:00:00Z') })
    expect(old.connections[0]?.from).toBe(at('2026-12-05T05:00:00Z'))
  })

  it('sums observed agent states over the period, by reason, with what was not observed', () => {
    const states = new AgentStateLog()
    const t0 = at('2026-12-05T05:00:00Z')
    const look = (
      min: number,
      state: 'available' | 'busy' | 'not_ready',
      since: number,
      reason: string | null = null,
    ) =>
      states.observe(
        snapshot('eu', t0 + min * MIN, {
          agents: [
            blankAgent('a1', { name: 'Ann', state, stateReason: reason, stateSince: t0 + since * MIN }),
          ],
        }),
        3 * MIN,
      )
    look(0, 'available', -30) // available since 04:30, before the shift
    look(1, 'available', -30)
    look(2, 'busy', 1.5) // busy since 05:01:30: available until then
    look(3, 'busy', 1.5)
    // 05:03–05:20: offline, nothing seen; the vendor then says break since 05:10.
    look(20, 'not_ready', 10, 'Break')
    look(30, 'not_ready', 10, 'Break')
    look(31, 'not_ready', 31, 'Lunch')
    look(40, 'not_ready', 31, 'Lunch')
    const r = buildShiftReport({
      now: t0 + 40 * MIN,
      requested: { from: null, to: null },
      lastExportAt: null,
      connections: [connection({ id: 'eu', businessDay: { start: '06:00', timeZone: 'Europe/Warsaw' } })],
      snapshots: new Map(),
      history: () => [],
      states,
      alerts: noAlerts,
      localTimeZone: 'UTC',
    })
    const a = r.connections[0]?.agents[0]
    expect(a?.key).toBe('eu:a1')
    expect(a?.observedSec.available).toBe(90)
    expect(a?.observedSec.busy).toBe(90)
    expect(a?.observedSec.not_ready).toBe(30 * 60)
    expect(a?.notReadyByReasonSec).toEqual({ Break: 21 * 60, Lunch: 9 * 60 })
    expect(a?.unobservedSec).toBe(40 * 60 - 90 - 90 - 30 * 60)
    expect(a?.vendorToday).toBeNull()
  })

  it('lists every alert that fired in the period with its peak, acknowledgement and clearing', () => {
    const { history, c } = fixture()
    const alerts: AlertList = {
      now: at('2026-12-05T10:00:00Z'),
      active: [
        {
          id: 'sales-wait|eu:sales',
          rule: 'sales-wait',
          ruleName: 'Sales: waiting',
          connection: 'eu',
          entity: 'queue',
          entityId: 'sales',
          entityName: 'Sales',
          field: 'waiting',
          state: 'firing',
          severity: 'warning',
          value: 3,
          threshold: 3,
          clearLevel: 2,
          since: at('2026-12-05T09:00:00Z'),
          firedAt: at('2026-12-05T09:01:00Z'),
          changedAt: at('2026-12-05T09:01:00Z'),
          peak: 'warning',
          noData: false,
          inhibited: false,
          ack: null,
          snoozedUntil: null,
          notified: 'warning',
          silenced: null,
        },
        {
          id: 'pending|eu:sales',
          rule: 'pending',
          ruleName: 'Pending only',
          connection: 'eu',
          entity: 'queue',
          entityId: 'sales',
          entityName: 'Sales',
          field: 'waiting',
          state: 'pending',
          severity: 'warning',
          value: 3,
          threshold: 3,
          clearLevel: 2,
          since: at('2026-12-05T09:59:00Z'),
          firedAt: null,
          changedAt: at('2026-12-05T09:59:00Z'),
          peak: 'warning',
          noData: false,
          inhibited: false,
          ack: null,
          snoozedUntil: null,
          notified: null,
          silenced: null,
        },
      ],
      history: [
        {
          id: 'sales-sl|eu:sales',
          rule: 'sales-sl',
          ruleName: 'Sales: service level',
          connection: 'eu',
          entity: 'queue',
          entityId: 'sales',
          entityName: 'Sales',
          field: 'serviceLevelPct',
          peak: 'critical',
          value: 85,
          since: at('2026-12-05T08:10:00Z'),
          firedAt: at('2026-12-05T08:12:00Z'),
          resolvedAt: at('2026-12-05T08:30:00Z'),
          reason: 'cleared',
          ack: { by: 'Ewa', at: at('2026-12-05T08:14:00Z') },
        },
        {
          id: 'old|eu:sales',
          rule: 'old',
          ruleName: 'Yesterday',
          connection: 'eu',
          entity: 'queue',
          entityId: 'sales',
          entityName: 'Sales',
          field: 'waiting',
          peak: 'warning',
          value: 1,
          since: at('2026-12-05T04:31:00Z'),
          firedAt: at('2026-12-05T04:32:00Z'),
          resolvedAt: at('2026-12-05T04:50:00Z'),
          reason: 'cleared',
          ack: null,
        },
      ],
      rules: [],
      quietHours: false,
      tray: { worst: null, firing: 0, unacknowledged: 0, tooltip: '' },
    }
    const r = buildShiftReport({
      now: at('2026-12-05T10:00:00Z'),
      requested: { from: null, to: null },
      lastExportAt: null,
      connections: [c],
      snapshots: new Map([
        ['eu', snapshot('eu', at('2026-12-05T10:00:00Z'), { queues: [blankQueue('sales', 'Sales')] })],
      ]),
      history: (keys, since) => history.get(keys, since),
      states: new AgentStateLog(),
      alerts,
      localTimeZone: 'UTC',
    })
    expect(r.alerts.map((a) => a.rule)).toEqual(['sales-sl', 'sales-wait'])
    expect(r.alerts[0]).toMatchObject({
      peak: 'critical',
      // Service level: lower is worse, and it dipped to 41 at 08:20 while the alert fired.
      peakValue: 41,
      ackBy: 'Ewa',
      ackAt: at('2026-12-05T08:14:00Z'),
      clearedAt: at('2026-12-05T08:30:00Z'),
      endReason: 'cleared',
    })
    expect(r.alerts[1]).toMatchObject({ clearedAt: null, endReason: null, ackBy: null, peakValue: 4 })

    // The CSV has every section, names as the board shows them, and quoting done by the library.
    const csv = shiftReportCsv(r, 'UTC')
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const rows = readCsv(csv).filter((row) => row.join('') !== '')
    const titles = rows.filter((row) => row[0]?.startsWith('# ')).map((row) => row[0])
    expect(titles).toEqual([
      '# Shift report',
      '# Connections',
      '# Queues',
      '# Chat rooms',
      '# Agents',
      '# Alerts',
    ])
    const alertRow = rows.find((row) => row[2] === 'sales-sl')
    expect(alertRow?.[0]).toBe('2026-12-05T09:12:00+01:00')
    expect(alertRow?.[10]).toBe('Ewa')
  })
})

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas in vendor text', () => {
    const r = buildShiftReport({
      now: at('2026-12-05T10:00:00Z'),
      requested: { from: null, to: null },
      lastExportAt: null,
      connections: [connection({ id: 'eu' })],
      snapshots: new Map([
        [
          'eu',
          snapshot('eu', at('2026-12-05T10:00:00Z'), {
            queues: [blankQueue('q1', 'Sales, "VIP"\nline'), blankQueue('q2', '=HYPERLINK("x")')],
          }),
        ],
      ]),
      history: () => [],
      states: new AgentStateLog(),
      alerts: noAlerts,
      localTimeZone: 'Europe/Warsaw',
    })
    const csv = shiftReportCsv(r, 'Europe/Warsaw')
    expect(csv).toContain('"Sales, ""VIP""\nline"')
    const rows = readCsv(csv)
    expect(rows.some((row) => row[2] === 'Sales, "VIP"\nline')).toBe(true)
    expect(rows.some((row) => row[2] === `'=HYPERLINK("x")`)).toBe(true)
  })
})
