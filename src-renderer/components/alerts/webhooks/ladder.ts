/**
 * The escalation ladder as the editors hold it (docs/ARCHITECTURE.md §3.6): steps with their numbers as typed, turned
 * into the raw steps main validates, and the shared schema's messages put back at the step and field they are about.
 * Used by the rule editor's escalation section and by Alerts → Settings' default ladders per severity.
 */
import type { ConfigIssue, EscalationChannel, EscalationStep } from '../../../../src-shared/config'
import { validateAlertPrefs } from '../../../../src-shared/config'

export interface StepDraft {
  /** Seconds after the firing, as typed. */
  afterSec: string
  channel: EscalationChannel
  /** The webhook id ('' = none chosen yet); only webhook steps use it. */
  webhook: string
  repeat: boolean
  /** Seconds between repeats, as typed. */
  repeatSec: string
}

export type StepField = 'afterSec' | 'channel' | 'webhook' | 'repeatEverySec'

/** Messages per step (by index) and field, plus those about the ladder as a whole. */
export interface LadderErrors {
  steps: Partial<Record<StepField, string[]>>[]
  general: string[]
}

export function stepDraftOf(s: EscalationStep): StepDraft {
  return {
    afterSec: String(s.afterSec),
    channel: s.channel,
    webhook: s.webhook ?? '',
    repeat: s.repeatEverySec !== undefined,
    repeatSec: String(s.repeatEverySec ?? (s.channel === 'webhook' ? 300 : 60)),
  }
}

export function ladderDraftOf(steps: readonly EscalationStep[] | undefined): StepDraft[] {
  return (steps ?? []).map(stepDraftOf)
}

/** A new step: after the last one (a minute later), by default a desktop notification. */
export function nextStepDraft(steps: readonly StepDraft[]): StepDraft {
  const last = Number(steps.at(-1)?.afterSec ?? '')
  const after = Number.isFinite(last) && steps.length > 0 ? last + 60 : 60
  return { afterSec: String(after), channel: 'notification', webhook: '', repeat: false, repeatSec: '60' }
}

const wholeNumber = (s: string): number | null => {
  const v = s.trim()
  if (v === '') return null
  const n = Number(v)
  return Number.isFinite(n) ? n : null
}

/**
 * The raw steps the drafts stand for. A number that does not read is reported per step in `numberErrors` and sent
 * as it was typed (so the ladder cannot pass as valid).
 */
export function rawLadder(steps: readonly StepDraft[]): {
  raw: Record<string, unknown>[]
  numberErrors: { index: number; field: StepField }[]
} {
  const numberErrors: { index: number; field: StepField }[] = []
  const raw = steps.map((s, index) => {
    const after = wholeNumber(s.afterSec)
    if (after === null) numberErrors.push({ index, field: 'afterSec' })
    const step: Record<string, unknown> = { afterSec: after ?? s.afterSec, channel: s.channel }
    if (s.channel === 'webhook' && s.webhook !== '') step.webhook = s.webhook
    if (s.repeat) {
      const every = wholeNumber(s.repeatSec)
      if (every === null) numberErrors.push({ index, field: 'repeatEverySec' })
      step.repeatEverySec = every ?? s.repeatSec
    }
    return step
  })
  return { raw, numberErrors }
}

/** Where an issue's field (`escalation[2].webhook`, `alerts.escalation.critical[0].afterSec`) points in a ladder. */
export function stepOfIssue(field: string | null): { index: number; field: StepField | null } | null {
  const m = /\[(\d+)\](?:\.(\w+))?$/.exec(field ?? '')
  if (!m) return null
  const key = m[2]
  const known: StepField[] = ['afterSec', 'channel', 'webhook', 'repeatEverySec']
  return { index: Number(m[1]), field: known.find((k) => k === key) ?? null }
}

/** Issues (the schema's, or main's answer to a save) as messages by step and field. */
export function ladderErrorsOf(
  issues: readonly Pick<ConfigIssue, 'field' | 'message'>[],
  size: number,
): LadderErrors {
  const out: LadderErrors = { steps: Array.from({ length: size }, () => ({})), general: [] }
  for (const issue of issues) {
    const at = stepOfIssue(issue.field)
    const slot = at === null ? undefined : out.steps[at.index]
    if (at === null || slot === undefined) {
      if (!out.general.includes(issue.message)) out.general.push(issue.message)
      continue
    }
    const list = (slot[at.field ?? 'channel'] ??= [])
    if (!list.includes(issue.message)) list.push(issue.message)
  }
  return out
}

/**
 * Check a ladder as main will (the shared schema, through the alert preferences that hold one), plus what only the
 * editor knows: numbers that do not read, and webhook steps naming a webhook that is not in `webhookIds` (null: the
 * list is not known, so that is not judged).
 */
export function checkLadder(
  steps: readonly StepDraft[],
  webhookIds: readonly string[] | null,
  words: { notANumber: string; missingWebhook: (id: string) => string; chooseWebhook: string },
): { raw: Record<string, unknown>[]; steps: EscalationStep[] | null; errors: LadderErrors } {
  const { raw, numberErrors } = rawLadder(steps)
  const v = validateAlertPrefs({ escalation: { critical: raw } })
  const issues: Pick<ConfigIssue, 'field' | 'message'>[] = numberErrors.map((e) => ({
    field: `[${e.index}].${e.field}`,
    message: words.notANumber,
  }))
  if (!v.ok) {
    for (const issue of v.issues) {
      const at = stepOfIssue(issue.field)
      // A number the editor could not read is already explained.
      if (at && numberErrors.some((e) => e.index === at.index && e.field === at.field)) continue
      if (at?.field === 'webhook' && steps[at.index]?.webhook === '') {
        issues.push({ field: issue.field, message: words.chooseWebhook })
        continue
      }
      issues.push(issue)
    }
  }
  if (webhookIds !== null) {
    steps.forEach((s, i) => {
      if (s.channel === 'webhook' && s.webhook !== '' && !webhookIds.includes(s.webhook))
        issues.push({ field: `[${i}].webhook`, message: words.missingWebhook(s.webhook) })
    })
  }
  const errors = ladderErrorsOf(issues, steps.length)
  const ok = v.ok && issues.length === 0
  return { raw, steps: ok && v.ok ? (v.prefs.escalation?.critical ?? []) : null, errors }
}

/** Every message of a ladder check, flat (for a form's "is anything wrong" and its list of problems). */
export function ladderMessages(errors: LadderErrors): string[] {
  return [...errors.steps.flatMap((s) => Object.values(s).flat()), ...errors.general]
}
