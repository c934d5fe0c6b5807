/**
 * What the alert service knows: the active alerts (one per rule × entity), the bounded history of resolved ones and
 * the rule mutes. `dirty` says the book changed since it was last handed to the store.
 */
import {
  alertIdentity,
  type AlertEvent,
  type AlertHistoryEntry,
  type ResolveReason,
} from '../../../src-shared/alerts'
import type { AlertRecord, PersistedAlerts } from './store'

export class AlertBook {
  readonly alerts = new Map<string, AlertRecord>()
  /** Newest first, at most `historyLimit`. */
  history: AlertHistoryEntry[] = []
  /** rule id → epoch ms its mute ends. */
  readonly mutes = new Map<string, number>()
  dirty = false

  constructor(private readonly historyLimit: number) {}

  /** Take over what a previous run saved. Nothing is known about its alerts until this run's data arrives. */
  restore(saved: PersistedAlerts): void {
    for (const a of saved.alerts) this.alerts.set(a.id, { ...a, noData: true })
    this.history = saved.history.slice(0, this.historyLimit)
    for (const m of saved.mutes) this.mutes.set(m.rule, m.until)
  }

  toPersisted(): PersistedAlerts {
    return {
      version: 1,
      alerts: [...this.alerts.values()],
      history: this.history,
      mutes: [...this.mutes].map(([rule, until]) => ({ rule, until })),
    }
  }

  /** epoch ms the rule's mute ends, or null when it is not muted at `now`. */
  mutedUntil(rule: string, now: number): number | null {
    const until = this.mutes.get(rule)
    return until !== undefined && until > now ? until : null
  }

  /** The alert is over: a fired one goes to history, a pending one just goes. */
  finish(a: AlertRecord, reason: ResolveReason, value: number | null, now: number, out: AlertEvent[]): void {
    this.alerts.delete(a.id)
    out.push(eventOf(a, 'resolved', value, now))
    if (a.firedAt !== null) {
      this.history.unshift({
        ...alertIdentity(a),
        peak: a.peak,
        value,
        since: a.since,
        firedAt: a.firedAt,
        resolvedAt: now,
        reason,
        ack: a.ack,
      })
      if (this.history.length > this.historyLimit) this.history.length = this.historyLimit
    }
    this.dirty = true
  }

  /** Snoozes and mutes that ended by `now` are lifted. */
  expire(now: number): void {
    for (const a of this.alerts.values()) {
      if (a.snoozedUntil !== null && a.snoozedUntil <= now) {
        a.snoozedUntil = null
        this.dirty = true
      }
    }
    for (const [rule, until] of [...this.mutes]) {
      if (until <= now) {
        this.mutes.delete(rule)
        this.dirty = true
      }
    }
  }
}

/** The headless `alert` line for one alert's lifecycle change. */
export function eventOf(
  a: AlertRecord,
  state: AlertEvent['state'],
  value: number | null,
  at: number,
): AlertEvent {
  return {
    type: 'alert',
    connection: a.connection,
    rule: a.rule,
    severity: a.severity,
    state,
    entity: a.entity,
    id: a.entityId,
    value,
    at,
  }
}
