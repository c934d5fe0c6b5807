import type { AlertHistoryEntry, AlertList, AlertView, RuleStatus } from '../../src-shared/alerts'
import { alertId } from '../../src-shared/alerts'
import type { RuleConfig } from '../../src-shared/config'
import { T0 } from './fixtures'

/** What an alert and its history entry are about: a queue's waiting count under a rule, by default. */
function alertSubject(rule: string, connection: string, entityId: string) {
  return {
    id: alertId(rule, connection, entityId),
    rule,
    ruleName: `Rule ${rule}`,
    connection,
    entity: 'queue' as const,
    entityId,
    entityName: `Queue ${entityId}`,
    field: 'waiting' as const,
  }
}

export function alertView(
  rule: string,
  connection: string,
  entityId: string,
  over: Partial<AlertView> = {},
): AlertView {
  return {
    ...alertSubject(rule, connection, entityId),
    state: 'firing',
    severity: 'warning',
    value: 7,
    threshold: 5,
    clearLevel: 5,
    since: T0 - 120_000,
    firedAt: T0 - 100_000,
    changedAt: T0 - 100_000,
    peak: 'warning',
    noData: false,
    inhibited: false,
    ack: null,
    snoozedUntil: null,
    notified: 'warning',
    silenced: null,
    ...over,
  }
}

export function historyEntry(
  rule: string,
  connection: string,
  entityId: string,
  over: Partial<AlertHistoryEntry> = {},
): AlertHistoryEntry {
  return {
    ...alertSubject(rule, connection, entityId),
    peak: 'critical',
    value: 2,
    since: T0 - 3_600_000,
    firedAt: T0 - 3_500_000,
    resolvedAt: T0 - 3_000_000,
    reason: 'cleared',
    ack: null,
    ...over,
  }
}

export function ruleStatus(rule: string, over: Partial<RuleStatus> = {}): RuleStatus {
  return {
    rule,
    name: `Rule ${rule}`,
    state: 'ok',
    severity: null,
    active: 0,
    noData: 0,
    mutedUntil: null,
    watching: [],
    notify: ['desktop', 'tray', 'sound'],
    soundRepeat: 'once',
    op: '>',
    agentState: null,
    ...over,
  }
}

export function alertList(over: Partial<AlertList> = {}): AlertList {
  return {
    now: T0,
    active: [],
    history: [],
    rules: [],
    quietHours: false,
    tray: { worst: null, firing: 0, unacknowledged: 0, tooltip: 'Floorwalker' },
    ...over,
  }
}

export function rule(id: string, over: Partial<RuleConfig> = {}): RuleConfig {
  return {
    id,
    name: `Rule ${id}`,
    enabled: true,
    entity: 'queue',
    field: 'waiting',
    op: '>',
    warn: 5,
    critical: 10,
    forSec: 0,
    notify: ['desktop', 'tray'],
    ...over,
  }
}

/** The `config:export` text of a config with these rules. */
export function exportText(rules: RuleConfig[], prefs: Record<string, unknown> = {}): string {
  return JSON.stringify({ connections: [], rules, prefs })
}
