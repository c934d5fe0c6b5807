/**
 * The shift report (docs/ARCHITECTURE.md §3.10): what happened on each connection over a period — per queue and
 * chat room the service level, peak waiting and longest wait from the history ring, and contacts counted from the
 * vendor's day counters; per agent the time in each state as Floorwalker observed it, beside the vendor's own
 * figures for its day; and every alert that fired. Units as in the model: seconds, epoch ms, 0–100, null = not known.
 */
import type { AlertIdentity, AlertSeverity } from './alerts'
import { AGENT_STATES, type AgentState, type Media, type ProviderId } from './model'

/** A figure over the period from the history ring, and where it stood when it peaked. */
export interface ReportPeak {
  value: number | null
  /** epoch ms of the (first) peak; null when there is no value. */
  at: number | null
}

/**
 * A contact count over the period, from the vendor's day counters kept in history (growth between polls, a
 * restart of the vendor's day counted from zero), beside the vendor's own "today" figure as last seen.
 */
export interface ReportCount {
  /** Counted over the period; null when the vendor gives no such counter (or none was kept for the period). */
  period: number | null
  /** The vendor's figure for its own day, as last seen; null when the vendor gives none. */
  vendorToday: number | null
}

export interface ReportQueue {
  /** Row key `<connection>:<id>`. */
  key: string
  id: string
  name: string
  media: Media
  /** Service level over the period, from history: the last value, the lowest and the mean of the polls. */
  serviceLevel: { last: number | null; lowest: ReportPeak; mean: number | null }
  /** The vendor's service level for its day, and the target it sends (null where it gives none). */
  serviceLevelToday: number | null
  serviceLevelTargetPct: number | null
  /** Most contacts waiting at once. */
  peakWaiting: ReportPeak
  /** Longest wait seen (seconds). */
  longestWaitSec: ReportPeak
  received: ReportCount
  answered: ReportCount
  abandoned: ReportCount
}

export interface ReportChatRoom {
  key: string
  id: string
  name: string
  peakWaiting: ReportPeak
  longestWaitSec: ReportPeak
  serviceLevelToday: number | null
  chats: ReportCount
  answered: ReportCount
  missed: ReportCount
}

export interface ReportAgent {
  key: string
  id: string
  name: string | null
  /** The state now (or when last seen). */
  state: AgentState | null
  /**
   * Seconds in each state over the period, from the state changes Floorwalker observed (a state the vendor says
   * began before Floorwalker looked counts from when the vendor says it began). Every state is a key.
   */
  observedSec: Record<AgentState, number>
  /** Seconds of not-ready time by the vendor's reason (e.g. Break, Lunch); reasons the vendor does not name are left out. */
  notReadyByReasonSec: Record<string, number>
  /** Seconds of the period nothing was observed for this agent (not running, the vendor unreachable). */
  unobservedSec: number
  /** The vendor's own figures for its day (src-shared/model.ts AgentToday), or null where it gives none. */
  vendorToday: {
    handled: number | null
    rejected: number | null
    loginSec: number | null
    availableSec: number | null
    breakSec: number | null
    wrapUpSec: number | null
  } | null
}

export interface ReportConnection {
  id: string
  label: string
  provider: ProviderId
  /** The connection's business day (config `businessDay`): start, zone in effect, its date and when it began. */
  businessDay: { start: string; timeZone: string; date: string; startedAt: number }
  /** The period of this connection's figures (epoch ms). */
  from: number
  to: number
  /** The oldest history point inside the period (the ring keeps 8 hours): figures before it are not known. */
  historyFrom: number | null
  queues: ReportQueue[]
  chatRooms: ReportChatRoom[]
  agents: ReportAgent[]
}

export interface ReportAlert extends AlertIdentity {
  firedAt: number
  /** Worst severity reached, and the worst value of the watched field while it fired where history keeps it. */
  peak: AlertSeverity
  peakValue: number | null
  /** Who acknowledged it and when, or null. */
  ackBy: string | null
  ackAt: number | null
  /** When it cleared (epoch ms), or null while it still fires. */
  clearedAt: number | null
  /** Why it ended (cleared, rule_changed, outside_schedule, connection_removed), or null while it fires. */
  endReason: string | null
}

export interface ShiftReport {
  /** Main's clock when the report was made. */
  generatedAt: number
  /** The period asked for: explicit bounds, or null for "this shift" (per connection: business day or last export). */
  requested: { from: number | null; to: number | null }
  /** The earliest `from` and the `to` over every connection. */
  from: number
  to: number
  /** When a report was last exported (CSV, PDF or print), or null. */
  lastExportAt: number | null
  connections: ReportConnection[]
  /** Alerts that fired during the period (of any connection's period), oldest first. */
  alerts: ReportAlert[]
}

/** Every agent state with zero seconds: a row's starting point. */
export function zeroStates(): Record<AgentState, number> {
  return Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>
}

/** The file name of a report's export, e.g. `floorwalker-shift-2026-12-05-0600-1630.csv` (times UTC). */
export function reportFileName(r: Pick<ShiftReport, 'from' | 'to'>, ext: 'csv' | 'pdf'): string {
  const iso = (t: number) => new Date(t).toISOString()
  const day = iso(r.from).slice(0, 10)
  const hm = (t: number) => iso(t).slice(11, 16).replace(':', '')
  return `floorwalker-shift-${day}-${hm(r.from)}-${hm(r.to)}Z.${ext}`
}
