/**
 * The escalation ladder (docs/ARCHITECTURE.md §3.6): what happens while a firing alert stays unacknowledged, after
 * what its rule's `notify` channels did when it fired. Pure: the caller keeps each alert's {@link LadderState} in
 * its record (alerts.json, the team's alert doc), so a restart or a failover carries on without running a step
 * twice.
 *
 * - The ladder in effect is the rule's own `escalation`, else the default of the alert's severity
 *   (prefs.alerts.escalation); `[]` on a rule means none.
 * - Steps count from the firing (a rule's ladder) or from when the alert reached its severity (a severity's
 *   default: an escalation to critical starts the critical ladder then).
 * - A step runs once when its time comes, and with `repeatEverySec` again at that pace.
 * - Acknowledgement stops the ladder; a resolved alert has none. Snoozed, muted, quiet hours, inhibited or without
 *   fresh data, nothing runs; steps whose time passed meanwhile run when that ends (once each). A snooze restarts
 *   the ladder at the snooze's end (the service does that).
 */
import type { AlertEscalation, AlertSeverity } from '../../../src-shared/alerts'
import type { AlertPrefs, EscalationStep, RuleConfig } from '../../../src-shared/config'

/** The last delivery of one webhook step. */
export interface LadderDelivery {
  /** The webhook's id. */
  webhook: string
  /** epoch ms the step ran. */
  at: number
  outcome: 'sending' | 'sent' | 'failed'
  /** Why it failed (never the URL), or null. */
  detail: string | null
  attempts: number
}

/** What one alert's ladder has done. */
export interface LadderState {
  /** Whose ladder: the rule's, or a severity's default. */
  ladder: 'rule' | AlertSeverity
  /** epoch ms the steps count from. */
  since: number
  /** Per step (by index), epoch ms it last ran; null: not yet. */
  ran: (number | null)[]
  /** A tray step ran: the tray counts the alert (even when its rule's notify has no "tray"). */
  tray: boolean
  /** Per webhook step (by index), its last delivery. */
  deliveries: Record<string, LadderDelivery>
}

/** What the ladder needs to know about an alert. */
export interface LadderAlert {
  state: 'pending' | 'firing'
  severity: AlertSeverity
  firedAt: number | null
  /** epoch ms of the last state or severity change. */
  changedAt: number
  acknowledged: boolean
  /** Snoozed, muted, quiet hours, inhibited, or without fresh data. */
  held: boolean
  ladder: LadderState | null
}

export interface DueStep {
  index: number
  step: EscalationStep
  /** A repeat of a step that ran before. */
  repeat: boolean
}

/** The ladder in effect for an alert of `rule` at `severity`, or null when there is none. */
export function ladderFor(
  rule: Pick<RuleConfig, 'escalation'>,
  severity: AlertSeverity,
  prefs: Pick<AlertPrefs, 'escalation'>,
): { key: LadderState['ladder']; steps: readonly EscalationStep[] } | null {
  if (rule.escalation !== undefined)
    return rule.escalation.length > 0 ? { key: 'rule', steps: rule.escalation } : null
  const steps = prefs.escalation?.[severity]
  return steps !== undefined && steps.length > 0 ? { key: severity, steps } : null
}

/**
 * Advance one alert's ladder to `now`: the steps due and the state to keep (null: no ladder). The state returned
 * is a new object whenever anything in it changed, so the caller can tell (`!==`) that it must be saved.
 */
export function advanceLadder(
  a: LadderAlert,
  rule: Pick<RuleConfig, 'escalation'>,
  prefs: Pick<AlertPrefs, 'escalation'>,
  now: number,
): { state: LadderState | null; due: DueStep[] } {
  if (a.state !== 'firing' || a.firedAt === null) return { state: null, due: [] }
  const ladder = ladderFor(rule, a.severity, prefs)
  if (ladder === null) return { state: a.ladder, due: [] }
  let state = a.ladder
  if (state === null || state.ladder !== ladder.key) {
    state = {
      ladder: ladder.key,
      since: ladder.key === 'rule' ? a.firedAt : a.changedAt,
      ran: ladder.steps.map(() => null),
      tray: false,
      deliveries: {},
    }
  } else if (state.ran.length !== ladder.steps.length) {
    // The ladder was edited while the alert fired: steps keep what they did by position.
    state = { ...state, ran: ladder.steps.map((_, i) => state?.ran[i] ?? null) }
  }
  if (a.acknowledged || a.held) return { state, due: [] }
  const due: DueStep[] = []
  const ran = state.ran.slice()
  let tray = state.tray
  ladder.steps.forEach((step, index) => {
    if (now < state.since + step.afterSec * 1000) return
    const last = ran[index] ?? null
    const repeatDue =
      last !== null && step.repeatEverySec !== undefined && now - last >= step.repeatEverySec * 1000
    if (last !== null && !repeatDue) return
    ran[index] = now
    if (step.channel === 'tray') tray = true
    due.push({ index, step, repeat: last !== null })
  })
  if (due.length === 0) return { state, due }
  return { state: { ...state, ran, tray }, due }
}

/** The next step's time (epoch ms) and channel, or null when nothing more will run by itself. */
export function nextStep(
  state: LadderState | null,
  rule: Pick<RuleConfig, 'escalation'>,
  severity: AlertSeverity,
  prefs: Pick<AlertPrefs, 'escalation'>,
): { at: number; channel: EscalationStep['channel'] } | null {
  const ladder = ladderFor(rule, severity, prefs)
  if (state === null || ladder === null || state.ladder !== ladder.key) return null
  let best: { at: number; channel: EscalationStep['channel'] } | null = null
  ladder.steps.forEach((step, i) => {
    const last = state.ran[i] ?? null
    const at =
      last === null
        ? state.since + step.afterSec * 1000
        : step.repeatEverySec !== undefined
          ? last + step.repeatEverySec * 1000
          : null
    if (at !== null && (best === null || at < best.at)) best = { at, channel: step.channel }
  })
  return best
}

/** The ladder as the board shows it on the alert, or null when the alert has none. */
export function escalationView(
  a: {
    state: 'pending' | 'firing'
    severity: AlertSeverity
    acknowledged: boolean
    ladder: LadderState | null
  },
  rule: Pick<RuleConfig, 'escalation'> | undefined,
  prefs: Pick<AlertPrefs, 'escalation'>,
  webhookName: (id: string) => string,
): AlertEscalation | null {
  if (a.state !== 'firing' || rule === undefined) return null
  const ladder = ladderFor(rule, a.severity, prefs)
  if (ladder === null && a.ladder === null) return null
  const state = a.ladder
  return {
    ran: state === null ? 0 : state.ran.filter((t) => t !== null).length,
    steps: ladder?.steps.length ?? 0,
    next: a.acknowledged ? null : nextStep(state, rule, a.severity, prefs),
    webhooks:
      state === null
        ? []
        : Object.keys(state.deliveries)
            .sort((x, y) => Number(x) - Number(y))
            .flatMap((k) => {
              const d = state.deliveries[k]
              return d ? [{ ...d, name: webhookName(d.webhook) }] : []
            }),
  }
}
