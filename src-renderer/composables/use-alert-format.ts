import { useI18n } from 'vue-i18n'
import type { AlertAck, AlertSeverity } from '../../src-shared/alerts'
import type { RuleConfig, RuleEntity, TimeWindow } from '../../src-shared/config'
import { formatClock } from '../../src-shared/format/duration'
import messages from '../i18n/en-alerts'
import { useClockStore } from '../stores/clock'
import { useLiveStore } from '../stores/live'
import { useFormat } from './use-format'

export type FieldUnit = 'duration' | 'percent' | 'count' | 'number'
type FieldKey = keyof typeof messages.field
export type RuleOp = RuleConfig['op']

/** A rule field's unit, from its name (src-shared/config RULE_FIELDS: *Sec seconds, *Pct 0–100, counts plain). */
export function unitOf(field: string): FieldUnit {
  if (field.endsWith('Sec')) return 'duration'
  if (field.endsWith('Pct')) return 'percent'
  // A metric's value is whatever the vendor measures.
  if (field === 'value') return 'number'
  return 'count'
}

function isFieldKey(field: string): field is FieldKey {
  return Object.prototype.hasOwnProperty.call(messages.field, field)
}

/** Sunday 4 January 1970 (UTC): day `d` of that week is weekday `d` (0 = Sunday). */
const A_SUNDAY = Date.UTC(1970, 0, 4)

/**
 * How alerts and rules read on the board: field names with units, values in their units, levels in words, times
 * of day (with the date when it is not today), who acknowledged, and where an alert is.
 */
export function useAlertFormat() {
  const { t, locale } = useI18n()
  const f = useFormat()
  const clock = useClockStore()
  const live = useLiveStore()

  const fieldLabel = (field: string): string => (isFieldKey(field) ? t(`alerts.field.${field}`) : field)
  const fieldWithUnit = (field: string): string => {
    const unit = unitOf(field)
    return unit === 'number'
      ? fieldLabel(field)
      : t('alerts.editor.fieldWithUnit', { field: fieldLabel(field), unit: t(`alerts.unit.${unit}`) })
  }

  function value(field: string, v: number | null | undefined): string {
    if (v === null || v === undefined) return t('common.none')
    switch (unitOf(field)) {
      case 'duration':
        return formatClock(v, t('common.none'))
      case 'percent':
        return t('common.percent', {
          value: new Intl.NumberFormat(locale.value, { maximumFractionDigits: 1 }).format(v),
        })
      case 'count':
        return f.count(v)
      case 'number':
        return new Intl.NumberFormat(locale.value, { maximumFractionDigits: 2 }).format(v)
    }
  }

  function level(severity: AlertSeverity, threshold: number, field: string, op: RuleOp | null): string {
    const sev = t(`alerts.severity.${severity}`).toLowerCase()
    const at = value(field, threshold)
    return op === null
      ? t('alerts.level.plain', { severity: sev, threshold: at })
      : t('alerts.level.withOp', { severity: sev, op: t(`alerts.op.${op}`), threshold: at })
  }

  const sameDay = (a: number, b: number): boolean => new Date(a).toDateString() === new Date(b).toDateString()

  /** "15:34", or "3 Mar, 15:34" when not today. */
  function time(ms: number): string {
    const opts: Intl.DateTimeFormatOptions = sameDay(ms, clock.now)
      ? { hour: '2-digit', minute: '2-digit' }
      : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }
    return new Intl.DateTimeFormat(locale.value, opts).format(ms)
  }

  /** "15:34:05": for events close together (previews, acknowledgements). */
  function timeWithSeconds(ms: number): string {
    const opts: Intl.DateTimeFormatOptions = sameDay(ms, clock.now)
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' }
    return new Intl.DateTimeFormat(locale.value, opts).format(ms)
  }

  /** A length of time in words: "45 s", "12 min", "3 h". */
  const span = (ms: number): string => f.age(ms)

  // `you` and `web` are words of this app; in team mode `by` is the acknowledging person's team user name.
  const who = (ack: AlertAck): string =>
    ack.by === 'you' || ack.by === 'web' ? t(`alerts.ack.by.${ack.by}`) : ack.by
  const ackText = (ack: AlertAck): string =>
    t('alerts.ack.text', { who: who(ack), at: timeWithSeconds(ack.at) })

  const connectionLabel = (id: string): string => live.connection(id)?.label ?? id
  const entityKind = (entity: RuleEntity): string => t(`alerts.entity.${entity}`)

  /** "Email · Queue · Demo contact center"; a connection alert is about the connection itself. */
  function where(a: {
    entity: RuleEntity
    entityId: string
    entityName: string | null
    connection: string
  }): string {
    if (a.entity === 'connection')
      return `${a.entityName ?? connectionLabel(a.connection)} · ${entityKind('connection')}`
    return `${a.entityName ?? a.entityId} · ${entityKind(a.entity)} · ${connectionLabel(a.connection)}`
  }

  function dayName(day: number, style: 'short' | 'long' = 'short'): string {
    return new Intl.DateTimeFormat(locale.value, { weekday: style, timeZone: 'UTC' }).format(
      A_SUNDAY + day * 86_400_000,
    )
  }

  /** "Mon, Tue, Wed, 22:00–07:00", or "Every day, …". */
  function windowText(w: Pick<TimeWindow, 'from' | 'to'> & { days?: number[] | undefined }): string {
    const days =
      !w.days || w.days.length === 7
        ? t('alerts.days.every')
        : [...w.days]
            .sort((a, b) => a - b)
            .map((d) => dayName(d))
            .join(', ')
    return t('alerts.rules.scheduleShort', { days, from: w.from, to: w.to })
  }

  /** One line about what a rule watches and when it fires. */
  function ruleSummary(r: RuleConfig): string {
    const levels =
      r.warn !== undefined && r.critical !== undefined
        ? t('alerts.rules.levelsBoth', { warn: value(r.field, r.warn), critical: value(r.field, r.critical) })
        : r.warn !== undefined
          ? t('alerts.rules.levelWarn', { warn: value(r.field, r.warn) })
          : t('alerts.rules.levelCritical', { critical: value(r.field, r.critical) })
    const parts = [
      t('alerts.rules.summary', { field: fieldLabel(r.field), op: t(`alerts.op.${r.op}`), levels }),
    ]
    if (r.forSec > 0) parts.push(t('alerts.rules.forSec', { duration: formatClock(r.forSec) }))
    return parts.join(' ')
  }

  /** The name the board knows for an entity id (any connection the rule watches), else the id. */
  function nameOf(r: RuleConfig, id: string): string {
    const inScope = (c: string): boolean => r.connection === undefined || r.connection === c
    let name: string | null | undefined
    switch (r.entity) {
      case 'queue':
        name = live.queues.find((q) => q.id === id && inScope(q.connection))?.name
        break
      case 'chatRoom':
        name = live.chatRooms.find((q) => q.id === id && inScope(q.connection))?.name
        break
      case 'agent':
        name = live.agents.find((a) => a.id === id && inScope(a.connection))?.name
        break
      case 'metric':
        name = live.metrics.find((m) => m.metricId === id && inScope(m.connection))?.name
        break
      case 'connection':
        name = live.connection(id)?.label
        break
    }
    return name && name !== id ? `${name} (${id})` : id
  }

  /** Which entities a rule watches, in words. */
  function ruleScope(r: RuleConfig): string {
    const kind = t(`alerts.entityPlural.${r.entity}`)
    const parts = [
      r.ids && r.ids.length > 0
        ? t('alerts.rules.scopeIds', { kind, ids: r.ids.map((id) => nameOf(r, id)).join(', ') })
        : t('alerts.rules.scopeAll', { kind: kind.toLowerCase() }),
    ]
    if (r.media) parts.push(r.media.map((m) => t(`media.${m}`)).join(', '))
    if (r.state) parts.push(t('alerts.rules.scopeState', { state: t(`agentState.${r.state}`) }))
    if (r.groups && r.groups.length > 0)
      parts.push(t('alerts.rules.scopeGroups', { groups: r.groups.join(', ') }))
    if (r.connection)
      parts.push(t('alerts.rules.scopeConnection', { connection: connectionLabel(r.connection) }))
    if (r.schedule) parts.push(windowText(r.schedule))
    return parts.join(' · ')
  }

  return {
    fieldLabel,
    fieldWithUnit,
    value,
    level,
    time,
    timeWithSeconds,
    span,
    who,
    ackText,
    connectionLabel,
    entityKind,
    where,
    dayName,
    windowText,
    ruleSummary,
    ruleScope,
    duration: f.duration,
  }
}
