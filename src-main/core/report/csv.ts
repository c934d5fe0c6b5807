/**
 * The shift report as one CSV file with sections (docs/ARCHITECTURE.md §3.10): a title row naming the section
 * ("# Queues"), a header row, the rows, and an empty row before the next section. Written by csv-stringify (RFC 4180
 * quoting: fields with commas, quotes or line breaks are quoted, quotes doubled), with a UTF-8 byte order mark so
 * spreadsheet programs read agent and queue names in any language. Times are ISO 8601 in the connection's
 * business-day zone with the offset; durations whole seconds; percentages 0–100 with one decimal; an empty cell is
 * "not known" (never 0). Text a vendor sent that a spreadsheet would run as a formula (=, +, -, @ first) is written
 * with a leading apostrophe.
 */
import { stringify } from 'csv-stringify/sync'
import { isoInZone } from '../../../src-shared/business-day'
import { AGENT_STATES } from '../../../src-shared/model'
import type { ReportConnection, ShiftReport } from '../../../src-shared/report'

type Cell = string | number | null

const text = (s: string | null): Cell => (s === null ? null : /^[=+\-@\t\r]/.test(s) ? `'${s}` : s)
const secs = (v: number | null): Cell => (v === null ? null : Math.round(v))
const pct = (v: number | null): Cell => (v === null ? null : Math.round(v * 10) / 10)
const num = (v: number | null): Cell => v

export function shiftReportCsv(r: ShiftReport, localTimeZone: string): string {
  const zoneOf = new Map(r.connections.map((c) => [c.id, c.businessDay.timeZone]))
  const when = (zone: string, t: number | null): Cell => (t === null ? null : isoInZone(zone, t))
  const rows: Cell[][] = []
  const section = (title: string, header: string[], body: Cell[][]) => {
    if (rows.length > 0) rows.push([])
    rows.push([`# ${title}`])
    rows.push(header)
    rows.push(...body)
  }

  section(
    'Shift report',
    ['generated', 'from', 'to', 'last export', 'time zone'],
    [
      [
        when(localTimeZone, r.generatedAt),
        when(localTimeZone, r.from),
        when(localTimeZone, r.to),
        when(localTimeZone, r.lastExportAt),
        localTimeZone,
      ],
    ],
  )
  section(
    'Connections',
    [
      'connection',
      'label',
      'provider',
      'business day start',
      'time zone',
      'business date',
      'from',
      'to',
      'history from',
    ],
    r.connections.map((c) => {
      const z = c.businessDay.timeZone
      return [
        c.id,
        text(c.label),
        c.provider,
        c.businessDay.start,
        z,
        c.businessDay.date,
        when(z, c.from),
        when(z, c.to),
        when(z, c.historyFrom),
      ]
    }),
  )
  const each = <T>(pick: (c: ReportConnection) => T[], row: (c: ReportConnection, x: T) => Cell[]) =>
    r.connections.flatMap((c) => pick(c).map((x) => row(c, x)))
  /** The wait columns queues and chat rooms share: the peak of contacts waiting and the longest wait, with when. */
  const WAIT_HEADER = ['peak waiting', 'peak waiting at', 'longest wait s', 'longest wait at']
  const waits = (
    zone: string,
    x: ReportConnection['queues'][number] | ReportConnection['chatRooms'][number],
  ) => [
    num(x.peakWaiting.value),
    when(zone, x.peakWaiting.at),
    secs(x.longestWaitSec.value),
    when(zone, x.longestWaitSec.at),
  ]

  section(
    'Queues',
    [
      'connection',
      'queue id',
      'queue',
      'media',
      'service level last %',
      'service level lowest %',
      'service level lowest at',
      'service level mean %',
      'service level today (vendor) %',
      'service level target %',
      ...WAIT_HEADER,
      'received (period)',
      'answered (period)',
      'abandoned (period)',
      'received today (vendor)',
      'answered today (vendor)',
      'abandoned today (vendor)',
    ],
    each(
      (c) => c.queues,
      (c, q) => {
        const z = c.businessDay.timeZone
        return [
          c.id,
          text(q.id),
          text(q.name),
          q.media,
          pct(q.serviceLevel.last),
          pct(q.serviceLevel.lowest.value),
          when(z, q.serviceLevel.lowest.at),
          pct(q.serviceLevel.mean),
          pct(q.serviceLevelToday),
          pct(q.serviceLevelTargetPct),
          ...waits(z, q),
          num(q.received.period),
          num(q.answered.period),
          num(q.abandoned.period),
          num(q.received.vendorToday),
          num(q.answered.vendorToday),
          num(q.abandoned.vendorToday),
        ]
      },
    ),
  )
  section(
    'Chat rooms',
    [
      'connection',
      'room id',
      'room',
      ...WAIT_HEADER,
      'service level today (vendor) %',
      'chats (period)',
      'answered (period)',
      'missed (period)',
      'chats today (vendor)',
      'answered today (vendor)',
      'missed today (vendor)',
    ],
    each(
      (c) => c.chatRooms,
      (c, x) => {
        const z = c.businessDay.timeZone
        return [
          c.id,
          text(x.id),
          text(x.name),
          ...waits(z, x),
          pct(x.serviceLevelToday),
          num(x.chats.period),
          num(x.answered.period),
          num(x.missed.period),
          num(x.chats.vendorToday),
          num(x.answered.vendorToday),
          num(x.missed.vendorToday),
        ]
      },
    ),
  )
  section(
    'Agents',
    [
      'connection',
      'agent id',
      'agent',
      'state now',
      ...AGENT_STATES.map((s) => `${s} s (observed)`),
      'not observed s',
      'not ready by reason (observed)',
      'handled today (vendor)',
      'rejected today (vendor)',
      'login today s (vendor)',
      'available today s (vendor)',
      'break today s (vendor)',
      'wrap-up today s (vendor)',
    ],
    each(
      (c) => c.agents,
      (c, a) => [
        c.id,
        text(a.id),
        text(a.name),
        a.state,
        ...AGENT_STATES.map((s) => secs(a.observedSec[s])),
        secs(a.unobservedSec),
        text(
          Object.entries(a.notReadyByReasonSec)
            .sort((x, y) => y[1] - x[1])
            .map(([reason, s]) => `${reason}: ${Math.round(s)} s`)
            .join('; ') || null,
        ),
        num(a.vendorToday?.handled ?? null),
        num(a.vendorToday?.rejected ?? null),
        secs(a.vendorToday?.loginSec ?? null),
        secs(a.vendorToday?.availableSec ?? null),
        secs(a.vendorToday?.breakSec ?? null),
        secs(a.vendorToday?.wrapUpSec ?? null),
      ],
    ),
  )
  section(
    'Alerts',
    [
      'fired at',
      'connection',
      'rule',
      'rule name',
      'entity',
      'entity id',
      'entity name',
      'field',
      'peak severity',
      'peak value',
      'acknowledged by',
      'acknowledged at',
      'cleared at',
      'ended because',
    ],
    r.alerts.map((a) => {
      const z = zoneOf.get(a.connection) ?? localTimeZone
      return [
        when(z, a.firedAt),
        a.connection,
        a.rule,
        text(a.ruleName),
        a.entity,
        text(a.entityId),
        text(a.entityName),
        a.field,
        a.peak,
        a.peakValue === null ? null : Math.round(a.peakValue * 10) / 10,
        text(a.ackBy),
        when(z, a.ackAt),
        when(z, a.clearedAt),
        a.endReason,
      ]
    }),
  )
  return stringify(rows, { bom: true, record_delimiter: 'windows' })
}
