/**
 * The forecasts the queue and room cards show (docs/ARCHITECTURE.md §3.11): per rule on a forecast field and per
 * entity in its scope with fresh data, the next level of the rule (warn, or critical while the alert is a warning)
 * forecast to be crossed within the rule's horizon, or CARD_HORIZON_SEC for a rule without one.
 */
import { alertId, type EntityForecast } from '../../../src-shared/alerts'
import { FORECAST_FIELDS, type RuleConfig } from '../../../src-shared/config'
import { secondsToCross } from '../forecast/project'
import type { ForecastTracker } from '../forecast/tracker'
import type { AlertBook } from './alert-book'
import { ruleWatchesConnection } from '../../../src-shared/rules/scope'
import { readingsFor, type WatchedConnection } from './readings'

export const CARD_HORIZON_SEC = 300

export function entityForecasts(
  rules: readonly RuleConfig[],
  conns: ReadonlyMap<string, WatchedConnection>,
  tracker: ForecastTracker,
  book: AlertBook,
  now: number,
  inSchedule: (rule: RuleConfig, now: number) => boolean,
): EntityForecast[] {
  const out: EntityForecast[] = []
  for (const rule of rules) {
    if (!rule.enabled || !inSchedule(rule, now)) continue
    if (rule.entity !== 'queue' && rule.entity !== 'chatRoom') continue
    if (!(FORECAST_FIELDS[rule.entity]?.includes(rule.field) ?? false)) continue
    const kind = rule.entity
    const horizon = rule.forecast?.horizonSec ?? CARD_HORIZON_SEC
    for (const c of conns.values()) {
      if (!c.fresh || !ruleWatchesConnection(rule, c.id)) continue
      for (const r of readingsFor(rule, c, now)) {
        const course = tracker.course(c.id, kind, r.entityId, rule.field)
        if (course === null) continue
        const alert = book.alerts.get(alertId(rule.id, c.id, r.entityId))
        const firing = alert?.state === 'firing' ? alert.severity : null
        if (firing === 'critical') continue
        const levels: [number | undefined, 'warning' | 'critical'][] = [
          [rule.warn, 'warning'],
          [rule.critical, 'critical'],
        ]
        for (const [level, severity] of levels) {
          if (level === undefined || (firing === 'warning' && severity === 'warning')) continue
          const inSec = secondsToCross(course, rule.op, level, now, horizon)
          if (inSec === null) continue
          // Crossed already: the alert (or its pending period) speaks for it; look at the next level.
          if (inSec === 0) continue
          out.push({
            connection: c.id,
            entity: kind,
            entityId: r.entityId,
            rule: rule.id,
            field: rule.field,
            op: rule.op,
            level,
            severity,
            inSec,
            at: now,
            basis: course.basis,
          })
          break
        }
      }
    }
  }
  return out.sort((a, b) => a.inSec - b.inSec)
}
