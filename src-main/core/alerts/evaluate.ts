/**
 * The threshold state machine of one alert (one rule × one entity), pure: the live service and rule previews
 * both step it. pending → firing (warning / critical, escalating and back) → resolved.
 *
 * - A rule fires when the value crosses a level with the rule's operator (`>` 60: above 60).
 * - forSec: the condition must hold that long before the alert fires; a pending alert whose condition lapses is
 *   cancelled and never notified.
 * - Hysteresis: a firing `>` rule resolves only strictly below clearBelow (default: its lowest level), a `<` rule
 *   only strictly above clearAbove (default: its highest level), so a value sitting on the level does not flap.
 *   Critical drops back to warning with the same margin under the critical level (critical − (warn − clear)).
 * - No data (stale or missing values) changes nothing: a firing alert neither resolves nor escalates, a pending one
 *   waits and restarts its pending period when fresh data shows the condition still holds.
 */
import type { AlertSeverity } from '../../../src-shared/alerts'
import type { RuleConfig } from '../../../src-shared/config'

export type Levels = Pick<RuleConfig, 'op' | 'warn' | 'critical' | 'clearBelow' | 'clearAbove'>

export function isUpward(op: RuleConfig['op']): boolean {
  return op === '>' || op === '>='
}

function crosses(op: RuleConfig['op'], value: number, level: number): boolean {
  switch (op) {
    case '>':
      return value > level
    case '>=':
      return value >= level
    case '<':
      return value < level
    case '<=':
      return value <= level
  }
}

/** The severity the value calls for by the levels alone (no hysteresis), or null. */
export function levelOf(rule: Levels, value: number): AlertSeverity | null {
  if (rule.critical !== undefined && crosses(rule.op, value, rule.critical)) return 'critical'
  if (rule.warn !== undefined && crosses(rule.op, value, rule.warn)) return 'warning'
  return null
}

/** The level that stands for a severity (a rule with one level uses it for both). */
export function thresholdOf(rule: Levels, severity: AlertSeverity): number {
  const t = severity === 'critical' ? (rule.critical ?? rule.warn) : (rule.warn ?? rule.critical)
  // The schema guarantees one of them.
  return t ?? 0
}

/** Where a firing alert resolves: past this (strictly) on the clear side. */
export function clearLevel(rule: Levels): number {
  const levels = [rule.warn, rule.critical].filter((v): v is number => v !== undefined)
  return isUpward(rule.op)
    ? (rule.clearBelow ?? Math.min(...levels))
    : (rule.clearAbove ?? Math.max(...levels))
}

/** The severity of a firing alert after seeing `value`, with hysteresis; null = resolved. */
export function nextSeverity(rule: Levels, current: AlertSeverity, value: number): AlertSeverity | null {
  const up = isUpward(rule.op)
  const clear = clearLevel(rule)
  if (up ? value < clear : value > clear) return null
  if (levelOf(rule, value) === 'critical') return 'critical'
  if (current === 'critical') {
    if (rule.warn === undefined || rule.critical === undefined) return 'critical'
    const margin = Math.abs(rule.warn - clear)
    const back = up ? rule.critical - margin : rule.critical + margin
    return (up ? value >= back : value <= back) ? 'critical' : 'warning'
  }
  return current
}

/** What the state machine keeps about one alert. */
export interface Tracked {
  state: 'pending' | 'firing'
  severity: AlertSeverity
  /** epoch ms the condition started to hold */
  since: number
  firedAt: number | null
  changedAt: number
  value: number | null
  noData: boolean
  peak: AlertSeverity
}

export type Transition = 'pending' | 'fired' | 'severity' | 'resolved' | 'cancelled' | null

export interface Step {
  next: Tracked | null
  transition: Transition
}

const worse = (a: AlertSeverity, b: AlertSeverity): AlertSeverity =>
  a === 'critical' || b === 'critical' ? 'critical' : 'warning'

/**
 * One evaluation: `value` is the field's fresh value, or null for no data. `forSec` from the rule.
 * The caller ends alerts whose entity left the rule's scope with {@link endTracked}.
 */
export function stepTracked(
  rule: Levels & Pick<RuleConfig, 'forSec'>,
  prev: Tracked | null,
  value: number | null,
  now: number,
): Step {
  const forMs = rule.forSec * 1000
  if (prev === null) {
    if (value === null) return { next: null, transition: null }
    const raw = levelOf(rule, value)
    if (raw === null) return { next: null, transition: null }
    const base = { severity: raw, since: now, changedAt: now, value, noData: false, peak: raw }
    if (forMs <= 0) return { next: { ...base, state: 'firing', firedAt: now }, transition: 'fired' }
    return { next: { ...base, state: 'pending', firedAt: null }, transition: 'pending' }
  }
  if (value === null) {
    return { next: prev.noData ? prev : { ...prev, noData: true }, transition: null }
  }
  if (prev.state === 'pending') {
    const raw = levelOf(rule, value)
    if (raw === null) return { next: null, transition: 'cancelled' }
    // The condition was not seen while data was missing: its pending period starts again.
    const since = prev.noData ? now : prev.since
    if (now - since >= forMs) {
      return {
        next: {
          state: 'firing',
          severity: raw,
          since,
          firedAt: now,
          changedAt: now,
          value,
          noData: false,
          peak: raw,
        },
        transition: 'fired',
      }
    }
    return {
      next: { ...prev, severity: raw, since, value, noData: false, peak: worse(prev.peak, raw) },
      transition: null,
    }
  }
  const sev = nextSeverity(rule, prev.severity, value)
  if (sev === null) return { next: null, transition: 'resolved' }
  if (sev !== prev.severity) {
    return {
      next: { ...prev, severity: sev, changedAt: now, value, noData: false, peak: worse(prev.peak, sev) },
      transition: 'severity',
    }
  }
  return { next: { ...prev, value, noData: false }, transition: null }
}

/** The alert's entity is gone (or left the rule's scope): a firing alert resolves, a pending one is cancelled. */
export function endTracked(prev: Tracked): Transition {
  return prev.state === 'firing' ? 'resolved' : 'cancelled'
}
