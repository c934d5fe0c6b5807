/**
 * Alerts as main reports them: the headless NDJSON `alert` line (docs/ARCHITECTURE.md §7.2), the Alerts
 * view's list, rule statuses, the tray summary and rule previews. Units as everywhere: values in the watched
 * field's units (seconds, 0–100, counts), instants epoch ms UTC, null = unknown.
 */
import type { EscalationChannel, NotifyChannel, RuleEntity, RuleOp, SoundRepeat } from './config'
import type { AgentState } from './model'

export const ALERT_SEVERITIES = ['warning', 'critical'] as const
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number]

/** Higher is worse. */
export const SEVERITY_RANK: Record<AlertSeverity, number> = { warning: 1, critical: 2 }

/**
 * One alert lifecycle change: `pending` (the condition holds, the rule's forSec has not passed), `firing` (first
 * firing, or a change of severity while firing), `resolved` (the condition cleared, or a pending alert never
 * fired). The headless runner prints it as a line with `type: 'alert'`.
 */
export interface AlertEvent {
  type: 'alert'
  connection: string
  /** Rule id. */
  rule: string
  severity: AlertSeverity
  state: 'pending' | 'firing' | 'resolved'
  /** The entity kind the rule watches. */
  entity: RuleEntity
  /** The entity's id (queue, room, agent, metric key, connection id). */
  id: string
  /** The watched field's value at `at`; null when the entity is gone. */
  value: number | null
  /** epoch ms */
  at: number
}

/**
 * Who acknowledged: `you` in the desktop app, `web` for a browser board with a token; in team mode the team user
 * name of the supervisor who did (forced by the broker's permissions, never taken from a message body).
 */
export interface AlertAck {
  by: string
  at: number
}

/** Why an active alert does not notify right now (it still shows). */
export type AlertSilence = 'snoozed' | 'muted' | 'quiet_hours' | 'inhibited'

/** Which alert this is: the rule and the entity it watches, the same in every shape an alert takes. */
export interface AlertIdentity {
  /** `<rule>|<connection>:<entity id>`: one alert per rule × entity. */
  id: string
  rule: string
  ruleName: string
  connection: string
  entity: RuleEntity
  entityId: string
  /** Queue, room, metric or connection name; the agent's name (in the app; notifications follow prefs). */
  entityName: string | null
  field: string
}

/** An alert's identity fields copied out of any of its shapes (record, view, history entry, team document). */
export function alertIdentity(a: AlertIdentity): AlertIdentity {
  return {
    id: a.id,
    rule: a.rule,
    ruleName: a.ruleName,
    connection: a.connection,
    entity: a.entity,
    entityId: a.entityId,
    entityName: a.entityName,
    field: a.field,
  }
}

export interface AlertView extends AlertIdentity {
  state: 'pending' | 'firing'
  severity: AlertSeverity
  /** The latest value; kept from the last fresh data while `noData`. */
  value: number | null
  /** The level crossed for `severity`. */
  threshold: number
  /**
   * Where it resolves (hysteresis: strictly below it for a ">" rule, above it for "<"), e.g. a service level alert
   * at 71 % that fired below 70 % "clears at 75 %"; null when its rule is gone.
   */
  clearLevel: number | null
  /** epoch ms the condition started to hold (the start of the pending period). */
  since: number
  /** epoch ms it fired, null while pending. */
  firedAt: number | null
  /** epoch ms of the last state or severity change. */
  changedAt: number
  /** Worst severity reached. */
  peak: AlertSeverity
  /** The data behind it is stale or missing: it neither fires nor resolves until fresh data arrives. */
  noData: boolean
  /** Its connection is down: the connection's own alert speaks for it; this one does not notify. */
  inhibited: boolean
  ack: AlertAck | null
  snoozedUntil: number | null
  /** The severity the user has been notified of in this firing (null: not yet, or held back). */
  notified: AlertSeverity | null
  silenced: AlertSilence | null
  /** Its escalation ladder in this firing (docs/ARCHITECTURE.md §3.6); absent or null: it has none. */
  escalation?: AlertEscalation | null
}

/** Where a firing alert's escalation ladder stands. */
export interface AlertEscalation {
  /** Steps run so far (repeats counted once). */
  ran: number
  /** Steps in the ladder. */
  steps: number
  /** The next step (epoch ms, channel) unless acknowledged or held back; null: nothing more will run by itself. */
  next: { at: number; channel: EscalationChannel } | null
  /** The last delivery of each webhook step that ran (the URL is never here). */
  webhooks: {
    webhook: string
    name: string
    at: number
    outcome: 'sending' | 'sent' | 'failed'
    /** Why it failed, or null. */
    detail: string | null
    attempts: number
  }[]
}

export type ResolveReason =
  /** The value went back past the clear level, or the entity left the rule's scope (agent changed state). */
  | 'cleared'
  /** The rule was removed, disabled or changed so that it no longer watches this entity's kind. */
  | 'rule_changed'
  | 'outside_schedule'
  /** The connection was removed or disabled. */
  | 'connection_removed'

/** A fired alert that is over. */
export interface AlertHistoryEntry extends AlertIdentity {
  peak: AlertSeverity
  /** The value when it resolved (null when the entity was gone). */
  value: number | null
  since: number
  firedAt: number
  resolvedAt: number
  reason: ResolveReason
  ack: AlertAck | null
}

/** How many entities a rule watches on one connection now (the rule editor shows it per connection). */
export interface RuleWatch {
  connection: string
  /** Entities in the rule's scope in the connection's latest data (a connection rule: the connection itself). */
  entities: number
  /** Of those, how many have a value for the watched field (the vendor may not report it). */
  withValue: number
  /** The data is fresh; false: stale, failing, paused or not arrived yet (the counts are from the last data). */
  fresh: boolean
}

/** How a rule stands right now. */
export interface RuleStatus {
  rule: string
  name: string
  /** `no_data`: no entity in scope has fresh data; `inactive`: outside its schedule. */
  state: 'disabled' | 'inactive' | 'no_data' | 'ok' | 'pending' | 'firing'
  /** Worst severity firing, or null. */
  severity: AlertSeverity | null
  /** Alerts pending or firing. */
  active: number
  /** Entities (with an alert) whose data is stale or missing. */
  noData: number
  /** epoch ms the rule's mute ends, or null. */
  mutedUntil: number | null
  /** Per connection the rule looks at, the entities it watches now (none skipped silently). */
  watching: RuleWatch[]
  /** The rule's channels: a browser board tells and sounds by the same policy as main (src-shared/notify-policy.ts). */
  notify: NotifyChannel[]
  /** The critical sound's repeat in effect: the rule's own, else the alert preferences'. */
  soundRepeat: SoundRepeat
  /** The rule's comparison and, for an agent rule, the state it watches: a notification's words need them. */
  op: RuleOp
  agentState: AgentState | null
  /** The rule warns ahead: its levels apply to the value forecast this many seconds ahead; null or absent: now. */
  forecastHorizonSec?: number | null
  /** False: the rule asked not to be spoken (its `speak`); a board's voice reads the others' critical alerts. */
  speak?: boolean
}

/** What the tray shows: the worst severity firing and how many. */
export interface TraySummary {
  worst: AlertSeverity | null
  /** Firing alerts the tray counts (rules with the "tray" channel, not inhibited). */
  firing: number
  /** Of those, not acknowledged and not snoozed. */
  unacknowledged: number
  /** One line, at most 127 characters (Windows cuts tray tooltips there). */
  tooltip: string
}

/**
 * A rule's level forecast to be crossed soon (docs/ARCHITECTURE.md §3.11): the queue and room cards say "longest
 * wait passes 2:00 in ~40 s". One per rule × entity whose next level (the warn level, or the critical one while the
 * alert is a warning) is forecast within the rule's horizon (its `forecast.horizonSec`, else 5 minutes).
 */
export interface EntityForecast {
  connection: string
  entity: 'queue' | 'chatRoom'
  entityId: string
  rule: string
  field: string
  op: RuleOp
  /** The level forecast to be crossed and the severity it stands for. */
  level: number
  severity: AlertSeverity
  /** Seconds from `at` until it is crossed. */
  inSec: number
  /** epoch ms (main's clock) the forecast was made: a board counts `inSec` down from it. */
  at: number
  /**
   * `trend`: arrivals against answers (or the figure's slope) over the last minutes; `no_agent`: nobody is available
   * and nobody was answered lately, so the oldest contact waits on: it holds "if nobody becomes available".
   */
  basis: 'trend' | 'no_agent'
}

export interface AlertList {
  /** Main's clock (epoch ms) when the list was taken. */
  now: number
  /** Firing first (critical, then warning, oldest first), then pending. */
  active: AlertView[]
  /** Newest first, bounded. */
  history: AlertHistoryEntry[]
  rules: RuleStatus[]
  /** Quiet hours are on now. */
  quietHours: boolean
  tray: TraySummary
  /** Levels forecast to be crossed soon, soonest first; absent from producers without a forecast (team viewers). */
  forecasts?: EntityForecast[]
}

export interface RuleMute {
  rule: string
  /** epoch ms; null = not muted. */
  until: number | null
}

export interface RulePreviewEvent {
  at: number
  alert: string
  connection: string
  entityId: string
  entityName: string | null
  state: 'firing' | 'resolved'
  severity: AlertSeverity
  value: number | null
}

/** What a rule would have fired over the stored history (the charts' ring, up to 8 hours). */
export interface RulePreview {
  /** False when the rule's field is not kept in history (agents' time in state, metrics, data age). */
  supported: boolean
  /** In words: what was examined, or why nothing could be. */
  detail: string
  /** epoch ms span of the history examined; null when there was none. */
  from: number | null
  to: number | null
  /** Entities examined. */
  entities: number
  /** How many times it would have fired. */
  firings: number
  /** Oldest first, at most 500 (then `truncated`). */
  events: RulePreviewEvent[]
  truncated: boolean
  /** What the rule, as typed, would watch now, per connection. */
  watching: RuleWatch[]
}

/** The id of the alert of `rule` about entity `entityId` of `connection`. */
export function alertId(rule: string, connection: string, entityId: string): string {
  return `${rule}|${connection}:${entityId}`
}
