/**
 * "What would this agent rule have fired?" (docs/ARCHITECTURE.md §3.6): the history ring keeps no agent's state, so
 * agent rules are replayed over the agents' states the alert service observes (report/state-log.ts, the log the shift
 * report reads too: per agent the stretches in one state and reason, kept in memory for RETAIN_MS). A stretch in the rule's state and one of its
 * reasons is one run of the alert: time in state grows from the stretch's start, and the alert ends when the agent
 * leaves it, exactly as live. Stretches of one state whose reasons the rule takes alike (a rule without reasons)
 * run on as one.
 *
 * Person rules (people-rules.ts) are not replayed: which agents were one person, and the vendors' handled counts,
 * are known only as of now; the preview says so.
 */
import type { RulePreview, RulePreviewEvent } from '../../../src-shared/alerts'
import { alertId } from '../../../src-shared/alerts'
import type { RuleConfig } from '../../../src-shared/config'
import { formatSpan } from '../../../src-shared/format/duration'
import { rowKey } from '../../../src-shared/live'
import type { ProviderSnapshot } from '../../../src-shared/model'
import { reasonIn, reasonSet } from '../../../src-shared/rules/reasons'
import { ruleWatchesConnection } from '../../../src-shared/rules/scope'
import type { StateSegment } from '../report/state-log'
import { endTracked, type Tracked } from './evaluate'
import { PREVIEW_EVENT_LIMIT, replayPoint, unsupportedPreview } from './preview'
import { agentMatches } from './readings'
import type { TimezoneOffset } from './schedule'

/** What the replay reads of the observed states. */
export interface AgentStates {
  segments(key: string): readonly StateSegment[]
  /** epoch ms of the oldest observation kept, or null when none. */
  oldest(): number | null
}

/** Stretches closer than this are one (the state log's clock slack). */
const JOIN_MS = 2_000

/** The runs (from, to) in which `rule` watches the agent: its state and reasons, stretches joined. */
export function agentRuns(
  rule: Pick<RuleConfig, 'state' | 'reasons'>,
  segments: readonly StateSegment[],
): { from: number; to: number }[] {
  const reasons = reasonSet(rule.reasons)
  const runs: { from: number; to: number; state: string }[] = []
  for (const g of segments) {
    if (rule.state !== undefined && g.state !== rule.state) continue
    if (!reasonIn(reasons, g.reason)) continue
    const last = runs.at(-1)
    // The same state on (another reason the rule also takes, or none): time in state runs on, as the vendor counts.
    if (last && last.state === g.state && g.from - last.to <= JOIN_MS) last.to = Math.max(last.to, g.to)
    else runs.push({ from: g.from, to: g.to, state: g.state })
  }
  return runs.map(({ from, to }) => ({ from, to }))
}

/**
 * The instants to look at in a run so the state machine sees every change: the start, just past each level, the
 * end of each pending period, and the end; clipped to [from, to] of the window.
 */
function runPoints(
  rule: Pick<RuleConfig, 'warn' | 'critical' | 'forSec'>,
  run: { from: number; to: number },
  window: { from: number; to: number },
): [number, number][] {
  const start = Math.max(run.from, window.from)
  const end = Math.min(run.to, window.to)
  if (end < start) return []
  const at = new Set<number>([start, end])
  for (const level of [rule.warn, rule.critical]) {
    if (level === undefined) continue
    const cross = run.from + level * 1000 + 1
    for (const t of [cross, cross + rule.forSec * 1000]) if (t > start && t < end) at.add(t)
  }
  return [...at].sort((a, b) => a - b).map((t) => [t, (t - run.from) / 1000])
}

/**
 * Replay an agent rule over the observed states of the agents in its scope now (the latest snapshots), within
 * `window` (epoch ms).
 */
export function previewAgentRule(
  rule: RuleConfig,
  snapshots: ReadonlyMap<string, ProviderSnapshot>,
  states: AgentStates,
  window: { from: number; to: number },
  tz: TimezoneOffset,
  limit = PREVIEW_EVENT_LIMIT,
): Omit<RulePreview, 'watching'> {
  if (rule.entity === 'person') {
    return unsupportedPreview(
      'rules about people across vendors cannot be previewed: who was linked to whom, and the vendors’ handled counts, are known only as of now',
    )
  }
  if (rule.entity !== 'agent' || rule.field !== 'timeInStateSec')
    return unsupportedPreview(`agent ${rule.field} is not kept, so this rule cannot be previewed`)
  const oldest = states.oldest()
  if (oldest === null || oldest > window.to) {
    return unsupportedPreview(
      'no agent states were observed in that period: agents’ states are kept in memory for 36 hours from when this app started watching',
    )
  }
  const from = Math.max(window.from, oldest)
  const clipped = { from, to: window.to }
  // Scope by what the agent is now except its state and reason, which the replay follows over time.
  const scope: RuleConfig = { ...rule, state: undefined, reasons: undefined }
  const events: RulePreviewEvent[] = []
  let firings = 0
  let entities = 0
  let seenFrom: number | null = null
  let seenTo: number | null = null
  for (const [connection, s] of snapshots) {
    if (!ruleWatchesConnection(rule, connection)) continue
    for (const a of s.agents) {
      if (!agentMatches(scope, a)) continue
      const segments = states.segments(rowKey(connection, a.id))
      if (segments.length === 0) continue
      entities += 1
      const first = segments[0]
      const last = segments.at(-1)
      if (first && last) {
        seenFrom = Math.min(seenFrom ?? Infinity, Math.max(first.from, clipped.from))
        seenTo = Math.max(seenTo ?? -Infinity, Math.min(last.to, clipped.to))
      }
      const id = alertId(rule.id, connection, a.id)
      const event = (at: number, state: RulePreviewEvent['state'], t: Tracked, value: number | null) =>
        events.push({
          at,
          alert: id,
          connection,
          entityId: a.id,
          entityName: a.name,
          state,
          severity: t.severity,
          value,
        })
      for (const run of agentRuns(rule, segments)) {
        let tracked: Tracked | null = null
        let lastValue: number | null = null
        let lastAt = run.to
        for (const [at, value] of runPoints(rule, run, clipped)) {
          lastAt = at
          lastValue = value
          const step = replayPoint(rule, tracked, at, value, tz, event)
          if (step.fired) firings += 1
          tracked = step.tracked
        }
        // The agent left the state (or the reason): the alert ends, unless the run is still going at the end.
        if (tracked !== null && run.to < clipped.to && endTracked(tracked) === 'resolved')
          event(lastAt, 'resolved', tracked, lastValue)
      }
    }
  }
  events.sort((x, y) => x.at - y.at)
  const span =
    seenFrom !== null && seenTo !== null
      ? ` over ${formatSpan((seenTo - seenFrom) / 1000)} of observed states`
      : ''
  const detail =
    entities === 0
      ? 'no agent in the rule’s scope has observed states in that period yet'
      : `${entities} ${entities === 1 ? 'agent' : 'agents'} examined${span}: ` +
        (firings === 0
          ? 'it would not have fired'
          : `it would have fired ${firings} ${firings === 1 ? 'time' : 'times'}`)
  return {
    supported: true,
    detail,
    from: seenFrom,
    to: seenTo,
    entities,
    firings,
    events: events.slice(0, limit),
    truncated: events.length > limit,
  }
}
