/**
 * The alert engine (DESIGN §3 "AlertEngine", issue "Alerts"): rules × store changes × time → alerts, notifications,
 * the tray summary and the headless `alert` lines. Pure Node and clock-injected.
 *
 * When it evaluates: right after every engine snapshot or status change (coalesced in a microtask, so one poll is
 * one evaluation) and every second on the clock (agents' time in state and data age grow between polls; snoozes,
 * mutes and quiet hours end on time).
 *
 * What it guarantees:
 * - One alert per rule × entity (the id says which); a rule's forSec, levels and hysteresis as in evaluate.ts.
 * - Stale data never fires or resolves a threshold alert: when a connection's data is older than the staleness
 *   limit (DESIGN §3) or the connection is failing, its entity alerts keep their state with `noData`, and do not
 *   notify (`inhibited`); the connection's own alert (an `entity: 'connection'` rule on dataAgeSec) speaks for them.
 * - Notifications: at most one per severity per evaluation, for alerts that started firing or escalated, held back
 *   while snoozed, muted, inhibited or in quiet hours (allow-listed rules' critical alerts pass), and delivered
 *   when that ends if the alert still fires. Acknowledged alerts do not notify again unless they escalate to
 *   critical. Sound: critical only, once or every N s until acknowledged.
 * - State survives restarts through the AlertStateStore: an alert notified before a restart is not notified again.
 */
import {
  alertId,
  SEVERITY_RANK,
  type AlertAck,
  type AlertEvent,
  type AlertHistoryEntry,
  type AlertList,
  type AlertSeverity,
  type AlertSilence,
  type AlertView,
  type ResolveReason,
  type RuleMute,
  type RulePreview,
  type RuleStatus,
} from '../../../src-shared/alerts'
import type { AlertPrefs, RuleConfig } from '../../../src-shared/config'
import { historyKey, rowKey, type HistoryKind } from '../../../src-shared/live'
import type { ProviderSnapshot } from '../../../src-shared/model'
import type { Engine } from '../engine'
import type { Clock, Disposer, Logger } from '../ports'
import { levelOf, stepTracked, thresholdOf, type Step } from './evaluate'
import type { Notifier } from './notifier'
import { buildGroup, traySummary, type TextAlert } from './notify-text'
import { previewRule, previewSupported, type PreviewEntity } from './preview'
import {
  readingsFor,
  ruleWatchesConnection,
  scopedChatRooms,
  scopedQueues,
  watchConnection,
  type Reading,
  type WatchedConnection,
} from './readings'
import { inWindow, systemTimezoneOffset, type TimezoneOffset } from './schedule'
import type { AlertRecord, AlertStateStore, PersistedAlerts } from './store'

export interface AlertServiceDeps {
  engine: Pick<Engine, 'onEvent' | 'statuses' | 'config' | 'history'>
  clock: Clock
  notifier: Notifier
  store: AlertStateStore
  /** The rules in effect (read at every evaluation, so edits apply within a second). */
  rules: () => readonly RuleConfig[]
  prefs: () => AlertPrefs
  log: Logger
  /** Local time for schedules and quiet hours (default: this machine's zone). */
  timezoneOffset?: TimezoneOffset
  /** Evaluation timer, ms (default 1000). */
  tickMs?: number
  /** Resolved alerts kept (default 500). */
  historyLimit?: number
}

/** Expected failures of an action, as data. */
export type AlertActionResult<T> =
  { ok: true; value: T } | { ok: false; code: 'not_found' | 'bad_request'; message: string }

export interface AlertService {
  /** Lifecycle changes (the headless NDJSON `alert` lines). */
  events: { subscribe(listener: (e: AlertEvent) => void): Disposer }
  /** The list changed (state, severity, acknowledgements, snoozes, mutes; values as new data arrives). */
  changes: { subscribe(listener: (list: AlertList) => void): Disposer }
  list(): AlertList
  /** Acknowledge a firing alert: it stays listed, stops repeating and does not notify again unless it escalates. */
  acknowledge(id: string, by: AlertAck['by']): AlertActionResult<AlertView>
  /** Hold back an alert's notifications for `minutes` (default prefs.snoozeMinutes); 0 ends a snooze. */
  snooze(id: string, minutes?: number): AlertActionResult<AlertView>
  /** Hold back a rule's notifications until `until` (epoch ms); null (or a past time) lifts the mute. */
  muteRule(rule: string, until: number | null): AlertActionResult<RuleMute>
  /** What `rule` would have fired over the stored history since `sinceMs` (default: all of it). */
  preview(rule: RuleConfig, opts?: { sinceMs?: number }): RulePreview
  /** Evaluate now (after the rules or prefs changed). */
  evaluate(): void
  /** Resolves when every state change so far is written to the store. */
  flush(): Promise<void>
  dispose(): Promise<void>
}

type Reason = 'data' | 'timer' | 'action'

const HISTORY_KIND: Partial<Record<RuleConfig['entity'], HistoryKind>> = {
  queue: 'queue',
  chatRoom: 'chatRoom',
}

export async function createAlertService(deps: AlertServiceDeps): Promise<AlertService> {
  const { engine, clock, notifier, log } = deps
  const tz = deps.timezoneOffset ?? systemTimezoneOffset
  const tickMs = deps.tickMs ?? 1000
  const historyLimit = deps.historyLimit ?? 500

  const alerts = new Map<string, AlertRecord>()
  let history: AlertHistoryEntry[] = []
  const mutes = new Map<string, number>()
  const snapshots = new Map<string, ProviderSnapshot>()
  const firstSeen = new Map<string, number>()
  const eventListeners = new Set<(e: AlertEvent) => void>()
  const changeListeners = new Set<(l: AlertList) => void>()
  let disposed = false
  let dirty = false
  let shownTray: string | null = null
  let shownStructure: string | null = null
  let shownValues: string | null = null

  try {
    const saved = await deps.store.load()
    if (saved) {
      // Nothing is known about them until this run's data arrives.
      for (const a of saved.alerts) alerts.set(a.id, { ...a, noData: true })
      history = saved.history.slice(0, historyLimit)
      for (const m of saved.mutes) mutes.set(m.rule, m.until)
    }
  } catch (e) {
    log.error('could not load the alert state; starting without it', { error: (e as Error).message })
  }

  const quietNow = (prefs: AlertPrefs, now: number) =>
    prefs.quietHours !== null && inWindow(prefs.quietHours, now, tz)
  const inSchedule = (r: RuleConfig, now: number) => r.schedule === undefined || inWindow(r.schedule, now, tz)

  const silenceOf = (a: AlertRecord, prefs: AlertPrefs, quiet: boolean, now: number): AlertSilence | null => {
    if (a.inhibited) return 'inhibited'
    if (a.snoozedUntil !== null && a.snoozedUntil > now) return 'snoozed'
    if ((mutes.get(a.rule) ?? 0) > now) return 'muted'
    if (quiet && !(a.severity === 'critical' && prefs.quietAllow.includes(a.rule))) return 'quiet_hours'
    return null
  }

  const watched = (now: number): Map<string, WatchedConnection> => {
    const out = new Map<string, WatchedConnection>()
    for (const s of engine.statuses()) {
      let seen = firstSeen.get(s.id)
      if (seen === undefined) firstSeen.set(s.id, (seen = now))
      out.set(s.id, watchConnection(s, snapshots.get(s.id) ?? null, seen, now))
    }
    for (const id of [...snapshots.keys()]) if (!out.has(id)) snapshots.delete(id)
    for (const id of [...firstSeen.keys()]) if (!out.has(id)) firstSeen.delete(id)
    return out
  }

  const eventOf = (
    a: AlertRecord,
    state: AlertEvent['state'],
    value: number | null,
    at: number,
  ): AlertEvent => ({
    type: 'alert',
    connection: a.connection,
    rule: a.rule,
    severity: a.severity,
    state,
    entity: a.entity,
    id: a.entityId,
    value,
    at,
  })

  /** The alert is over: a fired one goes to history, a pending one just goes. */
  const finish = (
    a: AlertRecord,
    reason: ResolveReason,
    value: number | null,
    now: number,
    out: AlertEvent[],
  ) => {
    alerts.delete(a.id)
    out.push(eventOf(a, 'resolved', value, now))
    if (a.firedAt !== null) {
      history.unshift({
        id: a.id,
        rule: a.rule,
        ruleName: a.ruleName,
        connection: a.connection,
        entity: a.entity,
        entityId: a.entityId,
        entityName: a.entityName,
        field: a.field,
        peak: a.peak,
        value,
        since: a.since,
        firedAt: a.firedAt,
        resolvedAt: now,
        reason,
        ack: a.ack,
      })
      if (history.length > historyLimit) history.length = historyLimit
    }
    dirty = true
  }

  const apply = (
    rule: RuleConfig,
    c: WatchedConnection,
    reading: Reading,
    prev: AlertRecord | null,
    step: Step,
    now: number,
    out: AlertEvent[],
  ) => {
    if (step.next === null) {
      if (prev) finish(prev, 'cleared', reading.value, now, out)
      return
    }
    const record: AlertRecord = prev
      ? Object.assign(prev, step.next)
      : {
          ...step.next,
          id: alertId(rule.id, c.id, reading.entityId),
          rule: rule.id,
          ruleName: rule.name,
          connection: c.id,
          entity: rule.entity,
          entityId: reading.entityId,
          entityName: reading.name,
          field: rule.field,
          threshold: thresholdOf(rule, step.next.severity),
          inhibited: false,
          ack: null,
          snoozedUntil: null,
          notified: null,
          lastSoundAt: null,
        }
    if (prev && prev.noData !== step.next.noData) dirty = true
    record.ruleName = rule.name
    record.entityName = reading.name
    record.threshold = thresholdOf(rule, record.severity)
    record.inhibited = false
    alerts.set(record.id, record)
    switch (step.transition) {
      case 'pending':
        out.push(eventOf(record, 'pending', reading.value, now))
        dirty = true
        break
      case 'fired':
        out.push(eventOf(record, 'firing', reading.value, now))
        dirty = true
        break
      case 'severity':
        out.push(eventOf(record, 'firing', reading.value, now))
        if (record.severity === 'critical') {
          // An escalation asks for attention again, acknowledged or not.
          record.ack = null
        } else if (record.notified === 'critical') {
          // Back to warning: nothing to tell, but a later escalation is news again.
          record.notified = 'warning'
        }
        record.lastSoundAt = null
        dirty = true
        break
      default:
        break
    }
  }

  const runRules = (
    rules: readonly RuleConfig[],
    configured: ReadonlySet<string>,
    conns: Map<string, WatchedConnection>,
    now: number,
    out: AlertEvent[],
  ) => {
    const byId = new Map(rules.map((r) => [r.id, r]))
    for (const a of [...alerts.values()]) {
      const r = byId.get(a.rule)
      if (
        !r ||
        !r.enabled ||
        r.entity !== a.entity ||
        r.field !== a.field ||
        !ruleWatchesConnection(r, a.connection)
      ) {
        finish(a, 'rule_changed', a.value, now, out)
      } else if (!inSchedule(r, now)) {
        finish(a, 'outside_schedule', a.value, now, out)
      } else if (!configured.has(a.connection)) {
        finish(a, 'connection_removed', a.value, now, out)
      } else if (!conns.has(a.connection) && !a.noData) {
        // Configured but not running yet (the engine is starting): no data.
        a.noData = true
        dirty = true
      }
    }
    const index = new Map<string, AlertRecord[]>()
    for (const a of alerts.values()) {
      const k = `${a.rule}|${a.connection}`
      const list = index.get(k)
      if (list) list.push(a)
      else index.set(k, [a])
    }
    for (const rule of rules) {
      if (!rule.enabled || !inSchedule(rule, now)) continue
      for (const c of conns.values()) {
        if (!ruleWatchesConnection(rule, c.id)) continue
        const existing = index.get(`${rule.id}|${c.id}`) ?? []
        if (rule.entity !== 'connection' && !c.fresh) {
          for (const a of existing) {
            const step = stepTracked(rule, a, null, now)
            if (step.next && (a.noData !== step.next.noData || a.inhibited !== c.down)) dirty = true
            if (step.next) Object.assign(a, step.next)
            a.inhibited = c.down
          }
          continue
        }
        // A connection that has not delivered in this run cannot vouch that an alert restored from the last run
        // is over: its data age counts from now, but only a real snapshot may resolve it.
        const unproven = rule.entity === 'connection' && c.status.lastOkAt === null && c.snapshot === null
        const seen = new Set<string>()
        for (const reading of readingsFor(rule, c, now)) {
          const id = alertId(rule.id, c.id, reading.entityId)
          seen.add(id)
          const prev = alerts.get(id) ?? null
          const value =
            unproven && prev !== null && levelOf(rule, reading.value ?? 0) === null ? null : reading.value
          apply(rule, c, reading, prev, stepTracked(rule, prev, value, now), now, out)
        }
        for (const a of existing)
          if (!seen.has(a.id) && alerts.has(a.id)) finish(a, 'cleared', null, now, out)
      }
    }
  }

  const expire = (now: number) => {
    for (const a of alerts.values()) {
      if (a.snoozedUntil !== null && a.snoozedUntil <= now) {
        a.snoozedUntil = null
        dirty = true
      }
    }
    for (const [rule, until] of [...mutes]) {
      if (until <= now) {
        mutes.delete(rule)
        dirty = true
      }
    }
  }

  const textOf = (a: AlertRecord, rule: RuleConfig): TextAlert => ({
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
    ruleState: rule.state ?? null,
    op: rule.op,
  })

  const notifyDue = (rules: readonly RuleConfig[], prefs: AlertPrefs, now: number) => {
    const byId = new Map(rules.map((r) => [r.id, r]))
    const quiet = quietNow(prefs, now)
    const due: Record<AlertSeverity, { a: AlertRecord; rule: RuleConfig }[]> = { critical: [], warning: [] }
    let sound = false
    for (const a of alerts.values()) {
      const rule = byId.get(a.rule)
      if (
        !rule ||
        a.state !== 'firing' ||
        a.noData ||
        silenceOf(a, prefs, quiet, now) !== null ||
        a.ack !== null
      )
        continue
      if (a.notified === null || SEVERITY_RANK[a.severity] > SEVERITY_RANK[a.notified]) {
        if (rule.notify.includes('desktop')) due[a.severity].push({ a, rule })
        a.notified = a.severity
        dirty = true
      }
      if (a.severity === 'critical' && rule.notify.includes('sound')) {
        const repeat = rule.soundRepeat ?? prefs.soundRepeat
        if (a.lastSoundAt === null || (repeat !== 'once' && now - a.lastSoundAt >= repeat * 1000)) {
          sound = true
          a.lastSoundAt = now
          dirty = true
        }
      }
    }
    for (const severity of ['critical', 'warning'] as const) {
      const items = due[severity].sort(
        (x, y) => (x.a.firedAt ?? 0) - (y.a.firedAt ?? 0) || x.a.id.localeCompare(y.a.id),
      )
      const group = buildGroup(
        severity,
        items.map((x) => textOf(x.a, x.rule)),
        prefs.notificationDetail,
      )
      if (!group) continue
      try {
        notifier.notify(group)
      } catch (e) {
        log.error('the notifier failed', { error: (e as Error).message })
      }
    }
    if (sound) {
      try {
        notifier.playSound('critical')
      } catch (e) {
        log.error('the notifier could not play a sound', { error: (e as Error).message })
      }
    }
  }

  const viewOf = (a: AlertRecord, prefs: AlertPrefs, quiet: boolean, now: number): AlertView => ({
    id: a.id,
    rule: a.rule,
    ruleName: a.ruleName,
    connection: a.connection,
    entity: a.entity,
    entityId: a.entityId,
    entityName: a.entityName,
    field: a.field,
    state: a.state,
    severity: a.severity,
    value: a.value,
    threshold: a.threshold,
    since: a.since,
    firedAt: a.firedAt,
    changedAt: a.changedAt,
    peak: a.peak,
    noData: a.noData,
    inhibited: a.inhibited,
    ack: a.ack,
    snoozedUntil: a.snoozedUntil !== null && a.snoozedUntil > now ? a.snoozedUntil : null,
    notified: a.notified,
    silenced: silenceOf(a, prefs, quiet, now),
  })

  const trayOf = (rules: readonly RuleConfig[], now: number) => {
    const withTray = new Set(rules.filter((r) => r.notify.includes('tray')).map((r) => r.id))
    return traySummary(
      [...alerts.values()]
        .filter((a) => a.state === 'firing' && !a.inhibited && withTray.has(a.rule))
        .map((a) => ({
          severity: a.severity,
          open: a.ack === null && !(a.snoozedUntil !== null && a.snoozedUntil > now),
        })),
    )
  }

  const ruleStatuses = (
    rules: readonly RuleConfig[],
    conns: Map<string, WatchedConnection>,
    now: number,
  ): RuleStatus[] =>
    rules.map((r) => {
      const until = mutes.get(r.id)
      const base = { rule: r.id, name: r.name, mutedUntil: until !== undefined && until > now ? until : null }
      const mine = [...alerts.values()].filter((a) => a.rule === r.id)
      const firing = mine.filter((a) => a.state === 'firing')
      const noData = mine.filter((a) => a.noData).length
      let state: RuleStatus['state']
      if (!r.enabled) state = 'disabled'
      else if (!inSchedule(r, now)) state = 'inactive'
      else if (firing.length > 0) state = 'firing'
      else if (mine.length > 0) state = 'pending'
      else if (
        r.entity !== 'connection' &&
        ![...conns.values()].some((c) => c.fresh && ruleWatchesConnection(r, c.id))
      )
        state = 'no_data'
      else state = 'ok'
      const severity =
        firing.length === 0 ? null : firing.some((a) => a.severity === 'critical') ? 'critical' : 'warning'
      return { ...base, state, severity, active: mine.length, noData }
    })

  const order = (a: AlertView, b: AlertView) =>
    (a.state === 'firing' ? 0 : 1) - (b.state === 'firing' ? 0 : 1) ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    (a.firedAt ?? a.since) - (b.firedAt ?? b.since) ||
    a.id.localeCompare(b.id)

  const list = (): AlertList => {
    const now = clock.now()
    const rules = deps.rules()
    const prefs = deps.prefs()
    const quiet = quietNow(prefs, now)
    return {
      now,
      active: [...alerts.values()].map((a) => viewOf(a, prefs, quiet, now)).sort(order),
      history: history.slice(),
      rules: ruleStatuses(rules, watched(now), now),
      quietHours: quiet,
      tray: trayOf(rules, now),
    }
  }

  const stateToSave = (): PersistedAlerts => ({
    version: 1,
    alerts: [...alerts.values()],
    history,
    mutes: [...mutes].map(([rule, until]) => ({ rule, until })),
  })

  let writing: Promise<void> | null = null
  let writeAgain = false
  const persist = () => {
    if (!dirty) return
    dirty = false
    if (writing) {
      writeAgain = true
      return
    }
    writing = (async () => {
      do {
        writeAgain = false
        try {
          const r = await deps.store.save(stateToSave())
          if (!r.ok) log.warn('could not save the alert state', { detail: r.detail })
        } catch (e) {
          log.error('saving the alert state threw', { error: (e as Error).message })
        }
      } while (writeAgain)
      writing = null
    })()
  }

  const announce = (reason: Reason, rules: readonly RuleConfig[], now: number) => {
    const tray = trayOf(rules, now)
    const trayPrint = JSON.stringify(tray)
    if (trayPrint !== shownTray) {
      shownTray = trayPrint
      try {
        notifier.setTray(tray)
      } catch (e) {
        log.error('the notifier could not update the tray', { error: (e as Error).message })
      }
    }
    if (changeListeners.size === 0) return
    const l = list()
    const structure = JSON.stringify({ ...l, now: 0, active: l.active.map((a) => ({ ...a, value: null })) })
    const values = JSON.stringify(l.active.map((a) => a.value))
    // Time in state grows every second: values alone go out with new data, not with every timer tick.
    if (structure === shownStructure && (reason === 'timer' || values === shownValues)) return
    shownStructure = structure
    shownValues = values
    for (const listener of changeListeners) {
      try {
        listener(l)
      } catch (e) {
        log.error('an alert list listener threw', { error: (e as Error).message })
      }
    }
  }

  const evaluate = (reason: Reason) => {
    if (disposed) return
    try {
      const now = clock.now()
      const rules = deps.rules()
      const prefs = deps.prefs()
      const out: AlertEvent[] = []
      // Before the engine has a config there is nothing to compare with: restored alerts wait.
      const config = engine.config()
      if (config !== null) {
        const configured = new Set(config.connections.filter((c) => c.enabled).map((c) => c.id))
        runRules(rules, configured, watched(now), now, out)
      }
      expire(now)
      notifyDue(rules, prefs, now)
      for (const e of out) {
        for (const listener of eventListeners) {
          try {
            listener(e)
          } catch (err) {
            log.error('an alert event listener threw', { error: (err as Error).message })
          }
        }
      }
      announce(out.length > 0 ? 'data' : reason, rules, now)
      persist()
    } catch (e) {
      log.error('alert evaluation failed (a bug)', { error: (e as Error).stack ?? String(e) })
    }
  }

  let queued: Reason | null = null
  const schedule = (reason: Reason) => {
    const first = queued === null
    if (queued === null || queued === 'timer') queued = reason
    if (!first) return
    queueMicrotask(() => {
      const r = queued ?? reason
      queued = null
      evaluate(r)
    })
  }

  let stopTimer: Disposer | null = null
  const arm = () => {
    stopTimer = clock.setTimer(tickMs, () => {
      stopTimer = null
      evaluate('timer')
      if (!disposed) arm()
    })
  }

  const offEngine = engine.onEvent((e) => {
    if (e.type === 'snapshot') {
      // A warming-up snapshot carries no entities; the last data stays (as in the store).
      if (e.snapshot.health !== 'warming_up') snapshots.set(e.snapshot.connection, e.snapshot)
      schedule('data')
    } else if (e.type === 'status' || e.type === 'failure') {
      schedule('data')
    }
  })
  arm()
  schedule('data')

  const find = (id: string): AlertActionResult<AlertRecord> => {
    const a = alerts.get(id)
    if (!a)
      return {
        ok: false,
        code: 'not_found',
        message: `there is no active alert "${id}" (it may have resolved)`,
      }
    return { ok: true, value: a }
  }
  const viewNow = (a: AlertRecord): AlertView => {
    const now = clock.now()
    const prefs = deps.prefs()
    return viewOf(a, prefs, quietNow(prefs, now), now)
  }

  const previewOf = (rule: RuleConfig, sinceMs: number): RulePreview => {
    const kind = HISTORY_KIND[rule.entity]
    if (!previewSupported(rule) || kind === undefined) return previewRule(rule, [], tz)
    const found: { connection: string; entityId: string; name: string; key: string }[] = []
    for (const [connection, s] of snapshots) {
      if (!ruleWatchesConnection(rule, connection)) continue
      const rows = rule.entity === 'queue' ? scopedQueues(rule, s) : scopedChatRooms(rule, s)
      for (const row of rows) {
        found.push({
          connection,
          entityId: row.id,
          name: row.name,
          key: historyKey(kind, rowKey(connection, row.id), rule.field),
        })
      }
    }
    const series = new Map(
      engine
        .history(
          found.map((f) => f.key),
          sinceMs,
        )
        .map((s) => [s.key, s.points]),
    )
    const entities: PreviewEntity[] = found.map((f) => ({
      connection: f.connection,
      entityId: f.entityId,
      name: f.name,
      points: series.get(f.key) ?? [],
    }))
    return previewRule(rule, entities, tz)
  }

  return {
    events: {
      subscribe(listener) {
        eventListeners.add(listener)
        return () => {
          eventListeners.delete(listener)
        }
      },
    },
    changes: {
      subscribe(listener) {
        changeListeners.add(listener)
        return () => {
          changeListeners.delete(listener)
        }
      },
    },
    list,
    acknowledge(id, by) {
      const f = find(id)
      if (!f.ok) return f
      const a = f.value
      if (a.state !== 'firing') {
        return {
          ok: false,
          code: 'bad_request',
          message: 'a pending alert cannot be acknowledged: it has not fired yet',
        }
      }
      if (a.ack === null) {
        a.ack = { by, at: clock.now() }
        a.snoozedUntil = null
        dirty = true
        schedule('action')
      }
      return { ok: true, value: viewNow(a) }
    },
    snooze(id, minutes) {
      const f = find(id)
      if (!f.ok) return f
      const a = f.value
      if (a.ack !== null) {
        return {
          ok: false,
          code: 'bad_request',
          message:
            'this alert is acknowledged: it does not notify again unless it escalates, so there is nothing to snooze',
        }
      }
      const m = minutes ?? deps.prefs().snoozeMinutes
      if (!Number.isFinite(m) || m < 0 || m > 1440) {
        return { ok: false, code: 'bad_request', message: 'snooze minutes must be between 0 and 1440' }
      }
      if (m === 0) {
        a.snoozedUntil = null
      } else {
        a.snoozedUntil = clock.now() + m * 60_000
        // When the snooze ends and the alert still fires, it is told again (with its sound).
        a.notified = null
        a.lastSoundAt = null
      }
      dirty = true
      schedule('action')
      return { ok: true, value: viewNow(a) }
    },
    muteRule(rule, until) {
      if (!deps.rules().some((r) => r.id === rule) && !mutes.has(rule)) {
        return { ok: false, code: 'not_found', message: `there is no rule "${rule}"` }
      }
      if (until === null || until <= clock.now()) mutes.delete(rule)
      else mutes.set(rule, until)
      dirty = true
      schedule('action')
      return { ok: true, value: { rule, until: mutes.get(rule) ?? null } }
    },
    preview: (rule, opts) => previewOf(rule, opts?.sinceMs ?? 0),
    evaluate: () => schedule('action'),
    async flush() {
      await Promise.resolve()
      while (writing) await writing
    },
    async dispose() {
      if (disposed) return
      disposed = true
      stopTimer?.()
      stopTimer = null
      offEngine()
      eventListeners.clear()
      changeListeners.clear()
      persist()
      while (writing) await writing
    },
  }
}
