/**
 * One evaluation pass: every enabled rule in its schedule over every watched connection. Alerts start, change
 * severity and finish here (the per-alert state machine is evaluate.ts); stale or failing connections keep their
 * entity alerts as they are, marked `noData` and `inhibited`.
 */
import { alertId, type AlertEvent } from '../../../src-shared/alerts'
import type { RuleConfig } from '../../../src-shared/config'
import type { AlertBook } from './alert-book'
import { eventOf } from './alert-book'
import { levelOf, stepTracked, thresholdOf, type Step } from './evaluate'
import { ruleWatchesConnection } from '../../../src-shared/rules/scope'
import { readingsFor, type PeopleContext, type Reading, type WatchedConnection } from './readings'
import type { AlertRecord } from './store'
import type { ForecastTracker } from '../forecast/tracker'

export interface RulePass {
  book: AlertBook
  rules: readonly RuleConfig[]
  /** Ids of the enabled connections in the config. */
  configured: ReadonlySet<string>
  /** The connections the engine runs, as the rules see them. */
  conns: Map<string, WatchedConnection>
  now: number
  inSchedule: (rule: RuleConfig, now: number) => boolean
  /** Lifecycle events of this pass, in order. */
  out: AlertEvent[]
  /** What forecast rules read ahead with (docs/ARCHITECTURE.md §3.11); without it they read the value now. */
  forecast?: ForecastTracker
  /** What person rules read (people-rules.ts); without it they watch nobody. */
  people?: PeopleContext
}

function apply(
  pass: RulePass,
  rule: RuleConfig,
  c: WatchedConnection,
  reading: Reading,
  prev: AlertRecord | null,
  step: Step,
): void {
  const { book, now, out } = pass
  if (step.next === null) {
    if (prev) book.finish(prev, 'cleared', reading.value, now, out)
    return
  }
  const record: AlertRecord = prev
    ? Object.assign(prev, step.next)
    : {
        ...step.next,
        id: alertId(rule.id, c.id, reading.entityId),
        rule: rule.id,
        ruleName: rule.name,
        connection: c.id,
        entity: rule.entity,
        entityId: reading.entityId,
        entityName: reading.name,
        field: rule.field,
        threshold: thresholdOf(rule, step.next.severity),
        inhibited: false,
        ack: null,
        snoozedUntil: null,
        notified: null,
        lastSoundAt: null,
      }
  if (prev && prev.noData !== step.next.noData) book.dirty = true
  record.ruleName = rule.name
  record.entityName = reading.name
  record.threshold = thresholdOf(rule, record.severity)
  record.inhibited = false
  book.alerts.set(record.id, record)
  switch (step.transition) {
    case 'pending':
      out.push(eventOf(record, 'pending', reading.value, now))
      book.dirty = true
      break
    case 'fired':
      out.push(eventOf(record, 'firing', reading.value, now))
      book.dirty = true
      break
    case 'severity':
      out.push(eventOf(record, 'firing', reading.value, now))
      if (record.severity === 'critical') {
        // An escalation asks for attention again, acknowledged or not.
        record.ack = null
      } else if (record.notified === 'critical') {
        // Back to warning: nothing to tell, but a later escalation is news again.
        record.notified = 'warning'
      }
      record.lastSoundAt = null
      book.dirty = true
      break
    default:
      break
  }
}

/** Finish the alerts whose rule, schedule or connection went away; then step every rule × entity. */
export function applyRules(pass: RulePass): void {
  const { book, rules, configured, conns, now, inSchedule, out } = pass
  const byId = new Map(rules.map((r) => [r.id, r]))
  for (const a of [...book.alerts.values()]) {
    const r = byId.get(a.rule)
    if (
      !r ||
      !r.enabled ||
      r.entity !== a.entity ||
      r.field !== a.field ||
      !ruleWatchesConnection(r, a.connection)
    ) {
      book.finish(a, 'rule_changed', a.value, now, out)
    } else if (!inSchedule(r, now)) {
      book.finish(a, 'outside_schedule', a.value, now, out)
    } else if (!configured.has(a.connection)) {
      book.finish(a, 'connection_removed', a.value, now, out)
    } else if (!conns.has(a.connection) && !a.noData) {
      // Configured but not running yet (the engine is starting): no data.
      a.noData = true
      book.dirty = true
    }
  }
  const index = new Map<string, AlertRecord[]>()
  for (const a of book.alerts.values()) {
    const k = `${a.rule}|${a.connection}`
    const list = index.get(k)
    if (list) list.push(a)
    else index.set(k, [a])
  }
  for (const rule of rules) {
    if (!rule.enabled || !inSchedule(rule, now)) continue
    for (const c of conns.values()) {
      if (!ruleWatchesConnection(rule, c.id)) continue
      const existing = index.get(`${rule.id}|${c.id}`) ?? []
      if (rule.entity !== 'connection' && !c.fresh) {
        for (const a of existing) {
          const step = stepTracked(rule, a, null, now)
          if (step.next && (a.noData !== step.next.noData || a.inhibited !== c.down)) book.dirty = true
          if (step.next) Object.assign(a, step.next)
          a.inhibited = c.down
        }
        continue
      }
      // A connection that has not delivered in this run cannot vouch that an alert restored from the last run
      // is over: its data age counts from now, but only a real snapshot may resolve it.
      const unproven = rule.entity === 'connection' && c.status.lastOkAt === null && c.snapshot === null
      const seen = new Set<string>()
      for (const reading of readingsFor(rule, c, now, pass.forecast, pass.people)) {
        const id = alertId(rule.id, c.id, reading.entityId)
        seen.add(id)
        const prev = book.alerts.get(id) ?? null
        const value =
          unproven && prev !== null && levelOf(rule, reading.value ?? 0) === null ? null : reading.value
        apply(pass, rule, c, reading, prev, stepTracked(rule, prev, value, now))
      }
      for (const a of existing)
        if (!seen.has(a.id) && book.alerts.has(a.id)) book.finish(a, 'cleared', null, now, out)
    }
  }
}
