/**
 * The rule editor's working copy: what the user typed (numbers as text, lists as comma-separated text), turned
 * into a raw rule for main and checked with the shared validateRule on every keystroke, so the form shows the same
 * field-level messages main would answer with.
 */
import type { ConfigIssue, RuleConfig, RuleEntity } from '../../../src-shared/config'
import { FORECAST_FIELDS, NOTIFY_CHANNELS, RULE_FIELDS, validateRule } from '../../../src-shared/config'
import type { RuleMedia } from '../../../src-shared/media'
import type { AgentState } from '../../../src-shared/model'
import type { FormIssue } from '../../composables/use-form-issues'
import type { StepDraft } from '../alerts/webhooks/ladder'
import { ladderDraftOf, rawLadder } from '../alerts/webhooks/ladder'

export type RuleOp = RuleConfig['op']
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number]
export type QueueMedia = RuleMedia
export type SoundRepeatChoice = 'default' | 'once' | 'every'

export interface RuleDraft {
  isNew: boolean
  id: string
  /** The user typed the id; until then it follows the name. */
  idEdited: boolean
  name: string
  enabled: boolean
  entity: RuleEntity
  /** '' = every connection. */
  connection: string
  /** Comma-separated ids; empty = all. */
  ids: string
  media: QueueMedia[]
  /** Comma-separated group ids. */
  groups: string
  state: AgentState | ''
  /** Agent rules: the reasons chosen (chips), in the order added; [] = every reason. */
  reasons: string[]
  field: string
  op: RuleOp
  warn: string
  critical: string
  clearBelow: string
  clearAbove: string
  forSec: string
  notify: NotifyChannel[]
  soundRepeat: SoundRepeatChoice
  soundRepeatSec: string
  /** Warn ahead (the rule's `forecast`), and its horizon in seconds. */
  forecastOn: boolean
  forecastSec: string
  /** Spoken where a board's voice is on (the rule's `speak`, absent = true). */
  speak: boolean
  /** The rule's escalation ladder: the severity's default (absent), none (`[]`), or its own steps. */
  escalationMode: 'default' | 'none' | 'own'
  escalation: StepDraft[]
  scheduleOn: boolean
  days: number[]
  from: string
  to: string
}

/** Where a problem shows in the form. */
export type DraftField =
  | 'id'
  | 'name'
  | 'enabled'
  | 'entity'
  | 'connection'
  | 'ids'
  | 'media'
  | 'groups'
  | 'state'
  | 'reasons'
  | 'field'
  | 'op'
  | 'warn'
  | 'critical'
  | 'clearBelow'
  | 'clearAbove'
  | 'forSec'
  | 'notify'
  | 'soundRepeat'
  | 'forecast'
  | 'speak'
  | 'escalation'
  | 'days'
  | 'from'
  | 'to'

const DRAFT_FIELDS: readonly DraftField[] = [
  'id',
  'name',
  'enabled',
  'entity',
  'connection',
  'ids',
  'media',
  'groups',
  'state',
  'reasons',
  'field',
  'op',
  'warn',
  'critical',
  'clearBelow',
  'clearAbove',
  'forSec',
  'notify',
  'soundRepeat',
  'forecast',
  'speak',
  'escalation',
  'days',
  'from',
  'to',
]

export function newDraft(): RuleDraft {
  return {
    isNew: true,
    id: '',
    idEdited: false,
    name: '',
    enabled: true,
    entity: 'queue',
    connection: '',
    ids: '',
    media: [],
    groups: '',
    state: '',
    reasons: [],
    field: 'longestWaitSec',
    op: '>',
    warn: '60',
    critical: '120',
    clearBelow: '',
    clearAbove: '',
    forSec: '0',
    notify: ['desktop', 'tray'],
    soundRepeat: 'default',
    soundRepeatSec: '60',
    forecastOn: false,
    forecastSec: '120',
    speak: true,
    escalationMode: 'default',
    escalation: [],
    scheduleOn: false,
    days: [1, 2, 3, 4, 5],
    from: '08:00',
    to: '18:00',
  }
}

const text = (n: number | undefined): string => (n === undefined ? '' : String(n))

export function draftFromRule(r: RuleConfig): RuleDraft {
  return {
    isNew: false,
    id: r.id,
    idEdited: true,
    name: r.name,
    enabled: r.enabled,
    entity: r.entity,
    connection: r.connection ?? '',
    ids: (r.ids ?? []).join(', '),
    media: [...(r.media ?? [])],
    groups: (r.groups ?? []).join(', '),
    state: r.state ?? '',
    reasons: [...(r.reasons ?? [])],
    field: r.field,
    op: r.op,
    warn: text(r.warn),
    critical: text(r.critical),
    clearBelow: text(r.clearBelow),
    clearAbove: text(r.clearAbove),
    forSec: String(r.forSec),
    notify: [...r.notify],
    soundRepeat: r.soundRepeat === undefined ? 'default' : r.soundRepeat === 'once' ? 'once' : 'every',
    soundRepeatSec: typeof r.soundRepeat === 'number' ? String(r.soundRepeat) : '60',
    forecastOn: r.forecast !== undefined,
    forecastSec: String(r.forecast?.horizonSec ?? 120),
    speak: r.speak !== false,
    escalationMode: r.escalation === undefined ? 'default' : r.escalation.length === 0 ? 'none' : 'own',
    escalation: ladderDraftOf(r.escalation),
    scheduleOn: r.schedule !== undefined,
    days: r.schedule ? [...r.schedule.days] : [1, 2, 3, 4, 5],
    from: r.schedule?.from ?? '08:00',
    to: r.schedule?.to ?? '18:00',
  }
}

/** A rule id from its name: "Sales: longest wait" → "sales-longest-wait". */
export function idFromName(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      // "ł" has no decomposition: Polish names (Thulium's market) would lose it.
      .replace(/ł/g, 'l')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64)
  )
}

/** Switching the entity keeps the field when the new kind has it, else takes the kind's first field. */
export function withEntity(d: RuleDraft, entity: RuleEntity): RuleDraft {
  const fields = RULE_FIELDS[entity]
  return { ...d, entity, field: fields.includes(d.field) ? d.field : (fields[0] ?? d.field), ids: '' }
}

const list = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '')

/** The draft's field can be forecast (docs/ARCHITECTURE.md §3.11). */
export function forecastable(d: Pick<RuleDraft, 'entity' | 'field'>): boolean {
  return FORECAST_FIELDS[d.entity]?.includes(d.field) ?? false
}

const isUp = (op: RuleOp): boolean => op === '>' || op === '>='

/**
 * The raw rule the draft stands for. Fields that do not apply (media outside queue rules, state and groups outside
 * agent rules, the clear level of the other direction) are left out rather than sent to be rejected; a number
 * that does not parse is reported in `numberErrors` and left out.
 */
export function rawFromDraft(d: RuleDraft): { raw: Record<string, unknown>; numberErrors: DraftField[] } {
  const numberErrors: DraftField[] = []
  const raw: Record<string, unknown> = {
    id: d.id.trim(),
    name: d.name.trim(),
    enabled: d.enabled,
    entity: d.entity,
    field: d.field,
    op: d.op,
  }
  const num = (key: DraftField, s: string): void => {
    const v = s.trim()
    if (v === '') return
    const n = Number(v.replace(',', '.'))
    if (Number.isFinite(n)) raw[key] = n
    else numberErrors.push(key)
  }
  if (d.connection !== '') raw.connection = d.connection
  const ids = list(d.ids)
  if (ids.length > 0) raw.ids = ids
  if (d.entity === 'queue' && d.media.length > 0) raw.media = [...d.media]
  if (d.entity === 'agent') {
    const groups = list(d.groups)
    if (groups.length > 0) raw.groups = groups
    if (d.state !== '') raw.state = d.state
    if (d.reasons.length > 0) raw.reasons = [...d.reasons]
  }
  num('warn', d.warn)
  num('critical', d.critical)
  num(isUp(d.op) ? 'clearBelow' : 'clearAbove', isUp(d.op) ? d.clearBelow : d.clearAbove)
  num('forSec', d.forSec)
  if (d.forSec.trim() === '') raw.forSec = 0
  raw.notify = NOTIFY_CHANNELS.filter((c) => d.notify.includes(c))
  if (d.notify.includes('sound') && d.soundRepeat !== 'default') {
    if (d.soundRepeat === 'once') raw.soundRepeat = 'once'
    else {
      const n = Number(d.soundRepeatSec.trim())
      if (d.soundRepeatSec.trim() !== '' && Number.isFinite(n)) raw.soundRepeat = n
      else numberErrors.push('soundRepeat')
    }
  }
  if (d.forecastOn && forecastable(d)) {
    const n = Number(d.forecastSec.trim())
    if (d.forecastSec.trim() !== '' && Number.isFinite(n)) raw.forecast = { horizonSec: n }
    else numberErrors.push('forecast')
  }
  if (!d.speak) raw.speak = false
  if (d.escalationMode === 'none') raw.escalation = []
  if (d.escalationMode === 'own') {
    const ladder = rawLadder(d.escalation)
    raw.escalation = ladder.raw
    if (ladder.numberErrors.length > 0) numberErrors.push('escalation')
  }
  if (d.scheduleOn) raw.schedule = { days: [...d.days].sort((a, b) => a - b), from: d.from, to: d.to }
  return { raw, numberErrors }
}

/** The form field an issue belongs to; null = a problem with the rule as a whole. */
export function fieldOfIssue(issue: Pick<ConfigIssue, 'field'>): DraftField | null {
  if (issue.field === null) return null
  const parts = issue.field.split(/[.[]/)
  const head = parts[0] ?? ''
  if (head === 'schedule') {
    const sub = parts[1] ?? ''
    return sub === 'from' || sub === 'to' ? sub : 'days'
  }
  return DRAFT_FIELDS.find((f) => f === head) ?? null
}

export interface DraftCheck {
  raw: Record<string, unknown>
  /** The rule as main would save it; null while anything is wrong. */
  rule: RuleConfig | null
  errors: Partial<Record<DraftField, string[]>>
  /** Problems that belong to no single field. */
  general: string[]
}

/** Check a draft as main will: the shared validateRule, plus what only the editor knows (numbers, a taken id). */
export function checkDraft(
  d: RuleDraft,
  takenIds: readonly string[],
  words: { notANumber: string; idTaken: string },
): DraftCheck {
  const { raw, numberErrors } = rawFromDraft(d)
  const errors: Partial<Record<DraftField, string[]>> = {}
  const general: string[] = []
  const add = (field: DraftField | null, message: string): void => {
    if (field === null) {
      if (!general.includes(message)) general.push(message)
      return
    }
    const list = (errors[field] ??= [])
    if (!list.includes(message)) list.push(message)
  }
  for (const f of numberErrors) add(f, words.notANumber)
  if (d.isNew && takenIds.includes(d.id.trim())) add('id', words.idTaken)
  const v = validateRule(raw)
  if (!v.ok) {
    for (const issue of v.issues) {
      const field = fieldOfIssue(issue)
      // A number the editor could not read is already explained; zod would only add "required".
      if (field !== null && numberErrors.includes(field)) continue
      add(field, issue.message)
    }
  }
  const ok = v.ok && numberErrors.length === 0 && Object.keys(errors).length === 0 && general.length === 0
  return { raw, rule: ok && v.ok ? v.rule : null, errors, general }
}

/** Main's answer to a save (invalid_config issues) as form errors. */
export function errorsFromIssues(issues: readonly ConfigIssue[]): Pick<DraftCheck, 'errors' | 'general'> {
  const errors: Partial<Record<DraftField, string[]>> = {}
  const general: string[] = []
  for (const i of issues) {
    const f = fieldOfIssue(i)
    if (f === null) general.push(i.message)
    else (errors[f] ??= []).push(i.message)
  }
  return { errors, general }
}

/** A check's (or main's) messages as the form's issues: by field, then those about the rule as a whole. */
export function issuesOf(found: Pick<DraftCheck, 'errors' | 'general'>): FormIssue<DraftField>[] {
  const byField = Object.entries(found.errors) as [DraftField, string[]][]
  return [
    ...byField.flatMap(([key, messages]) => messages.map((message) => ({ key, message }))),
    ...found.general.map((message) => ({ key: null, message })),
  ]
}
