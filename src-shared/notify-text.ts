/**
 * The words of notifications (the desktop's and a browser board's) and the tray tooltip, in the board's language (prefs.language). Only rule, queue, room, metric and connection names and
 * numbers; agents are "An agent" unless prefs allow their names. No customer content exists in the model, and
 * none is ever added here.
 */
import type { AlertSeverity, TraySummary } from './alerts'
import type { AlertPrefs, RuleEntity } from './config'
import type { FormatLanguage } from './format/duration'
import { formatFieldValue, pluralOf } from './format/number'
import type { AgentState } from './model'

/**
 * One notification for every alert that started firing (or escalated) at one severity in one evaluation:
 * "3 queues breaching" rather than three toasts. Text holds rule, queue, room, metric and connection names and
 * numbers only (agent names only when prefs allow), never customer content. The desktop app shows it as an OS
 * notification (src-main/shell/electron-notifier.ts), a browser board with the Notification API.
 */
export interface NotificationGroup {
  severity: AlertSeverity
  title: string
  body: string
  /** The alert ids in it, worst and oldest first. */
  alerts: string[]
  /** What a click opens: the board's Alerts view on this alert (the first of the group) and its rule. */
  focus: { alert: string; rule: string }
}

export interface TextAlert {
  id: string
  rule: string
  ruleName: string
  entity: RuleEntity
  entityName: string | null
  entityId: string
  field: string
  value: number | null
  severity: AlertSeverity
  threshold: number
  /** The agent state an agent rule watches, if any. */
  ruleState: AgentState | null
  op: '>' | '>=' | '<' | '<='
}

/** What the words of an alert need from the rule that raised it. */
export interface TextRule {
  /** The agent state an agent rule watches, if any. */
  state: AgentState | null
  op: TextAlert['op']
}

/**
 * The text form of an alert, whichever side holds it (main's alert book, a team viewer's view, a browser board's
 * list): the alert's own fields plus what its rule says.
 */
export function textAlertOf(a: Omit<TextAlert, 'ruleState' | 'op'>, rule: TextRule): TextAlert {
  return {
    id: a.id,
    rule: a.rule,
    ruleName: a.ruleName,
    entity: a.entity,
    entityName: a.entityName,
    entityId: a.entityId,
    field: a.field,
    value: a.value,
    severity: a.severity,
    threshold: a.threshold,
    ruleState: rule.state,
    op: rule.op,
  }
}

type FieldWords = Record<string, (v: string) => string>

interface Words {
  fields: FieldWords
  /** Any other field: its name and value. */
  otherField: (field: string, v: string) => string
  inState: (state: AgentState | null, v: string) => string
  anAgent: string
  severity: Record<AlertSeverity, string>
  /** The threshold in brackets after a single alert's line. */
  threshold: (severity: AlertSeverity, above: boolean, v: string) => string
  /** A title for several alerts of one kind (null) or of mixed kinds. */
  manyTitle: (n: number, kind: RuleEntity | null) => string
  line: (rule: string, who: string, what: string) => string
  more: (n: number) => string
  trayNone: string
  trayCounts: (critical: number, warning: number, unacknowledged: number | null) => string
}

const EN_STATE: Record<AgentState, string> = {
  available: 'available',
  offered: 'being offered a contact',
  busy: 'busy',
  wrap_up: 'in wrap-up',
  not_ready: 'not ready',
  offline_work: 'in offline work',
  logged_out: 'logged out',
  unknown: 'in an unknown state',
}

const EN_KIND_PLURAL: Record<RuleEntity, string> = {
  queue: 'queues',
  chatRoom: 'chat rooms',
  agent: 'agents',
  metric: 'metrics',
  connection: 'connections',
  person: 'people',
}

const EN: Words = {
  fields: {
    waiting: (v) => `${v} waiting`,
    longestWaitSec: (v) => `longest wait ${v}`,
    avgWaitNowSec: (v) => `average wait ${v}`,
    serviceLevelPct: (v) => `service level ${v}`,
    agentsAvailable: (v) => `${v} agents available`,
    agentsLoggedIn: (v) => `${v} agents logged in`,
    offered: (v) => `${v} offered`,
    inProgress: (v) => `${v} in progress`,
    waitingChats: (v) => `${v} chats waiting`,
    maxWaitNowSec: (v) => `longest chat wait ${v}`,
    openChats: (v) => `${v} open chats`,
    freeCapacity: (v) => `free capacity ${v}`,
    visitorsNow: (v) => `${v} visitors`,
    dataAgeSec: (v) => `no fresh data for ${v}`,
    availableWhileBusySec: (v) => `available in one system while busy or logged out in another for ${v}`,
    loggedInElsewhereSec: (v) => `logged in to one system and not another for ${v}`,
    availableIdleSec: (v) => `available without handling anything for ${v}`,
  },
  otherField: (field, v) => `${field} ${v}`,
  inState: (state, v) => (state === null ? `in the same state for ${v}` : `${EN_STATE[state]} for ${v}`),
  anAgent: 'An agent',
  severity: { warning: 'Warning', critical: 'Critical' },
  threshold: (severity, above, v) => `${severity} ${above ? 'above' : 'below'} ${v}`,
  manyTitle: (n, kind) =>
    kind === null
      ? `${n} alerts`
      : `${n} ${EN_KIND_PLURAL[kind]} ${kind === 'connection' ? 'without fresh data' : 'breaching'}`,
  line: (rule, who, what) => `${rule} — ${who}: ${what}`,
  more: (n) => `and ${n} more`,
  trayNone: 'Floorwalker: no alerts',
  trayCounts: (critical, warning, unacknowledged) => {
    const parts: string[] = []
    if (critical > 0) parts.push(`${critical} critical`)
    if (warning > 0) parts.push(`${warning} warning`)
    const open = unacknowledged === null ? '' : ` (${unacknowledged} not acknowledged)`
    return `Floorwalker: ${parts.join(', ')} ${critical + warning === 1 ? 'alert' : 'alerts'}${open}`
  },
}

const PL_STATE: Record<AgentState, string> = {
  available: 'dostępny',
  offered: 'z oferowanym kontaktem',
  busy: 'zajęty',
  wrap_up: 'po rozmowie',
  not_ready: 'niegotowy',
  offline_work: 'w pracy offline',
  logged_out: 'wylogowany',
  unknown: 'w nieznanym stanie',
}

// Polish counts agree with the noun in three forms; "noun: n" reads naturally and needs no agreement.
const PL_KIND: Record<RuleEntity, string> = {
  queue: 'kolejki',
  chatRoom: 'pokoje czatu',
  agent: 'agenci',
  metric: 'metryki',
  connection: 'połączenia',
  person: 'osoby',
}

const PL: Words = {
  fields: {
    waiting: (v) => `oczekujący: ${v}`,
    longestWaitSec: (v) => `najdłuższe oczekiwanie ${v}`,
    avgWaitNowSec: (v) => `średnie oczekiwanie ${v}`,
    serviceLevelPct: (v) => `poziom obsługi ${v}`,
    agentsAvailable: (v) => `dostępni agenci: ${v}`,
    agentsLoggedIn: (v) => `zalogowani agenci: ${v}`,
    offered: (v) => `oferowane: ${v}`,
    inProgress: (v) => `w toku: ${v}`,
    waitingChats: (v) => `oczekujące czaty: ${v}`,
    maxWaitNowSec: (v) => `najdłuższe oczekiwanie na czat ${v}`,
    openChats: (v) => `otwarte czaty: ${v}`,
    freeCapacity: (v) => `wolna pojemność ${v}`,
    visitorsNow: (v) => `odwiedzający: ${v}`,
    dataAgeSec: (v) => `brak świeżych danych od ${v}`,
    availableWhileBusySec: (v) => `dostępny w jednym systemie, a zajęty lub wylogowany w innym od ${v}`,
    loggedInElsewhereSec: (v) => `zalogowany w jednym systemie, a w innym nie od ${v}`,
    availableIdleSec: (v) => `dostępny bez obsłużenia żadnego kontaktu od ${v}`,
  },
  otherField: (field, v) => `${field} ${v}`,
  inState: (state, v) => (state === null ? `w tym samym stanie od ${v}` : `${PL_STATE[state]} od ${v}`),
  anAgent: 'Agent',
  severity: { warning: 'Ostrzeżenie', critical: 'Krytyczny' },
  threshold: (severity, above, v) =>
    `${severity === 'critical' ? 'krytyczny' : 'ostrzeżenie'}: ${above ? 'powyżej' : 'poniżej'} ${v}`,
  manyTitle: (n, kind) => {
    if (kind === null) return `${n} ${pluralOf(n, 'pl') === 'few' ? 'alerty' : 'alertów'}`
    return kind === 'connection'
      ? `brak świeżych danych (${PL_KIND[kind]}: ${n})`
      : `przekroczone progi (${PL_KIND[kind]}: ${n})`
  },
  line: (rule, who, what) => `${rule} — ${who}: ${what}`,
  more: (n) => `i jeszcze ${n}`,
  trayNone: 'Floorwalker: brak alertów',
  trayCounts: (critical, warning, unacknowledged) => {
    const parts: string[] = []
    if (critical > 0) parts.push(`krytyczne: ${critical}`)
    if (warning > 0) parts.push(`ostrzeżenia: ${warning}`)
    const open = unacknowledged === null ? '' : ` (niepotwierdzone: ${unacknowledged})`
    return `Floorwalker: alerty ${parts.join(', ')}${open}`
  },
}

const WORDS: Record<FormatLanguage, Words> = { en: EN, pl: PL }

/** "longest wait 2 min 10 s", "7 waiting", "not ready for 21 min". */
export function describeField(
  a: Pick<TextAlert, 'field' | 'value' | 'ruleState'>,
  language: FormatLanguage = 'en',
): string {
  const w = WORDS[language]
  const v = formatFieldValue(a.field, a.value, language)
  if (a.field === 'timeInStateSec') return w.inState(a.ruleState, v)
  const words = w.fields[a.field]
  return words ? words(v) : w.otherField(a.field, v)
}

/** The entity is a human (an agent, or one person across connections): named only when the prefs allow. */
export function namesAPerson(entity: RuleEntity): boolean {
  return entity === 'agent' || entity === 'person'
}

export function whoOf(
  a: Pick<TextAlert, 'entity' | 'entityName' | 'entityId'>,
  detail: AlertPrefs['notificationDetail'],
  language: FormatLanguage = 'en',
): string {
  if (namesAPerson(a.entity))
    return detail === 'names' && a.entityName ? a.entityName : WORDS[language].anAgent
  return a.entityName ?? a.entityId
}

const MAX_LINES = 4

const STILL: Record<FormatLanguage, string> = {
  en: 'Still not acknowledged',
  pl: 'Nadal niepotwierdzone',
}

/** A notification an escalation step repeats (docs/ARCHITECTURE.md §3.6): the alert's, marked as a reminder. */
export function escalationGroup(
  group: NotificationGroup,
  language: FormatLanguage = 'en',
): NotificationGroup {
  return { ...group, title: `${STILL[language]} · ${group.title}` }
}

/** The notification for `alerts` (one severity, worst first), already sorted by the caller. */
export function buildGroup(
  severity: AlertSeverity,
  alerts: readonly TextAlert[],
  detail: AlertPrefs['notificationDetail'],
  language: FormatLanguage = 'en',
): NotificationGroup | null {
  const first = alerts[0]
  if (!first) return null
  const w = WORDS[language]
  const sev = w.severity[severity]
  let title: string
  let lines: string[]
  if (alerts.length === 1) {
    const above = first.op === '>' || first.op === '>='
    const threshold = formatFieldValue(first.field, first.threshold, language)
    title = `${sev}: ${first.ruleName}`
    lines = [
      `${whoOf(first, detail, language)}: ${describeField(first, language)} (${w.threshold(severity, above, threshold)})`,
    ]
  } else {
    const kinds = new Set(alerts.map((a) => a.entity))
    title = `${sev}: ${w.manyTitle(alerts.length, kinds.size === 1 ? first.entity : null)}`
    lines = alerts
      .slice(0, MAX_LINES)
      .map((a) => w.line(a.ruleName, whoOf(a, detail, language), describeField(a, language)))
    if (alerts.length > MAX_LINES) lines.push(w.more(alerts.length - MAX_LINES))
  }
  return {
    severity,
    title,
    body: lines.join('\n'),
    alerts: alerts.map((a) => a.id),
    focus: { alert: first.id, rule: first.rule },
  }
}

/** Windows cuts tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127

export function trayTooltip(
  counts: { critical: number; warning: number; unacknowledged: number },
  language: FormatLanguage = 'en',
): string {
  const w = WORDS[language]
  const total = counts.critical + counts.warning
  if (total === 0) return w.trayNone
  const text = w.trayCounts(
    counts.critical,
    counts.warning,
    counts.unacknowledged < total ? counts.unacknowledged : null,
  )
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`
}

export function traySummary(
  firing: readonly { severity: AlertSeverity; open: boolean }[],
  language: FormatLanguage = 'en',
): TraySummary {
  const critical = firing.filter((a) => a.severity === 'critical').length
  const warning = firing.length - critical
  const unacknowledged = firing.filter((a) => a.open).length
  return {
    worst: critical > 0 ? 'critical' : warning > 0 ? 'warning' : null,
    firing: firing.length,
    unacknowledged,
    tooltip: trayTooltip({ critical, warning, unacknowledged }, language),
  }
}
