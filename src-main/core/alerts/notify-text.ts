/**
 * The words of desktop notifications and the tray tooltip. Only rule, queue, room, metric and connection names and
 * numbers; agents are "An agent" unless prefs allow their names. No customer content exists in the model, and
 * none is ever added here.
 */
import type { AlertSeverity, TraySummary } from '../../../src-shared/alerts'
import type { AlertPrefs, RuleEntity } from '../../../src-shared/config'
import { formatFieldValue } from '../../../src-shared/format/number'
import type { AgentState } from '../../../src-shared/model'
import type { NotificationGroup } from './notifier'

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

const STATE_WORDS: Record<AgentState, string> = {
  available: 'available',
  offered: 'being offered a contact',
  busy: 'busy',
  wrap_up: 'in wrap-up',
  not_ready: 'not ready',
  offline_work: 'in offline work',
  logged_out: 'logged out',
  unknown: 'in an unknown state',
}

/** "longest wait 2 min 10 s", "7 waiting", "not ready for 21 min". */
export function describeField(a: Pick<TextAlert, 'field' | 'value' | 'ruleState'>): string {
  const v = formatFieldValue(a.field, a.value)
  switch (a.field) {
    case 'waiting':
      return `${v} waiting`
    case 'longestWaitSec':
      return `longest wait ${v}`
    case 'avgWaitNowSec':
      return `average wait ${v}`
    case 'serviceLevelPct':
      return `service level ${v}`
    case 'agentsAvailable':
      return `${v} agents available`
    case 'agentsLoggedIn':
      return `${v} agents logged in`
    case 'offered':
      return `${v} offered`
    case 'inProgress':
      return `${v} in progress`
    case 'waitingChats':
      return `${v} chats waiting`
    case 'maxWaitNowSec':
      return `longest chat wait ${v}`
    case 'openChats':
      return `${v} open chats`
    case 'freeCapacity':
      return `free capacity ${v}`
    case 'visitorsNow':
      return `${v} visitors`
    case 'timeInStateSec':
      return a.ruleState === null ? `in the same state for ${v}` : `${STATE_WORDS[a.ruleState]} for ${v}`
    case 'dataAgeSec':
      return `no fresh data for ${v}`
    default:
      return `${a.field} ${v}`
  }
}

export function whoOf(
  a: Pick<TextAlert, 'entity' | 'entityName' | 'entityId'>,
  detail: AlertPrefs['notificationDetail'],
): string {
  if (a.entity === 'agent') return detail === 'names' && a.entityName ? a.entityName : 'An agent'
  return a.entityName ?? a.entityId
}

const KIND_PLURAL: Record<RuleEntity, string> = {
  queue: 'queues',
  chatRoom: 'chat rooms',
  agent: 'agents',
  metric: 'metrics',
  connection: 'connections',
}

const SEVERITY_WORD: Record<AlertSeverity, string> = { warning: 'Warning', critical: 'Critical' }

const MAX_LINES = 4

/** The notification for `alerts` (one severity, worst first), already sorted by the caller. */
export function buildGroup(
  severity: AlertSeverity,
  alerts: readonly TextAlert[],
  detail: AlertPrefs['notificationDetail'],
): NotificationGroup | null {
  const first = alerts[0]
  if (!first) return null
  const sev = SEVERITY_WORD[severity]
  let title: string
  let lines: string[]
  if (alerts.length === 1) {
    const side = first.op === '>' || first.op === '>=' ? 'above' : 'below'
    title = `${sev}: ${first.ruleName}`
    lines = [
      `${whoOf(first, detail)}: ${describeField(first)} (${severity} ${side} ${formatFieldValue(first.field, first.threshold)})`,
    ]
  } else {
    const kinds = new Set(alerts.map((a) => a.entity))
    const kind = kinds.size === 1 ? first.entity : null
    const verb = kind === 'connection' ? 'without fresh data' : 'breaching'
    title =
      kind === null
        ? `${sev}: ${alerts.length} alerts`
        : `${sev}: ${alerts.length} ${KIND_PLURAL[kind]} ${verb}`
    lines = alerts.slice(0, MAX_LINES).map((a) => `${a.ruleName} — ${whoOf(a, detail)}: ${describeField(a)}`)
    if (alerts.length > MAX_LINES) lines.push(`and ${alerts.length - MAX_LINES} more`)
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

export function trayTooltip(counts: { critical: number; warning: number; unacknowledged: number }): string {
  const parts: string[] = []
  if (counts.critical > 0) parts.push(`${counts.critical} critical`)
  if (counts.warning > 0) parts.push(`${counts.warning} warning`)
  if (parts.length === 0) return 'Floorwalker: no alerts'
  const total = counts.critical + counts.warning
  const open = counts.unacknowledged < total ? ` (${counts.unacknowledged} not acknowledged)` : ''
  const text = `Floorwalker: ${parts.join(', ')} ${total === 1 ? 'alert' : 'alerts'}${open}`
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`
}

export function traySummary(firing: readonly { severity: AlertSeverity; open: boolean }[]): TraySummary {
  const critical = firing.filter((a) => a.severity === 'critical').length
  const warning = firing.length - critical
  const unacknowledged = firing.filter((a) => a.open).length
  return {
    worst: critical > 0 ? 'critical' : warning > 0 ? 'warning' : null,
    firing: firing.length,
    unacknowledged,
    tooltip: trayTooltip({ critical, warning, unacknowledged }),
  }
}
