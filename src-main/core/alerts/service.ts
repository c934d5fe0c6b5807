/**
 * The alert engine (docs/ARCHITECTURE.md §3.6, issue "Alerts"): rules × store changes × time → alerts,
 * notifications, the tray summary and the headless `alert` lines. Pure Node and clock-injected.
 *
 * When it evaluates: right after every engine snapshot or status change (coalesced in a microtask, so one poll is
 * one evaluation) and every second on the clock (agents' time in state and data age grow between polls; snoozes,
 * mutes and quiet hours end on time).
 *
 * The parts: what is known (alert-book.ts), one evaluation pass (apply-rules.ts), who is told (notify-policy.ts), what
 * the board shows (views.ts), saving (state-writer.ts, store.ts). This file runs them and takes the user's actions.
 *
 * What it guarantees:
 * - One alert per rule × entity (the id says which); a rule's forSec, levels and hysteresis as in evaluate.ts.
 * - Stale data never fires or resolves a threshold alert: when a connection's data is older than the staleness
 *   limit (docs/ARCHITECTURE.md §3.5) or the connection is failing, its entity alerts keep their state with
 *   `noData`, and do not notify (`inhibited`); the connection's own alert (an `entity: 'connection'` rule on
 *   dataAgeSec) speaks for them.
 * - Notifications as notify-policy.ts says.
 * - State survives restarts through the AlertStateStore: an alert notified before a restart is not notified again.
 */
import type {
  AlertAck,
  AlertEvent,
  AlertList,
  AlertView,
  RuleMute,
  RulePreview,
} from '../../../src-shared/alerts'
import type { AlertPrefs, RuleConfig } from '../../../src-shared/config'
import { createEmitter } from '../../../src-shared/emitter'
import type { FormatLanguage } from '../../../src-shared/format/duration'
import type { Engine } from '../engine'
import type { Clock, Disposer, Logger } from '../ports'
import { AlertBook } from './alert-book'
import { applyRules } from './apply-rules'
import type { Notifier } from './notifier'
import { notifyDue, trayOf } from './notify-policy'
import { previewFromHistory } from './preview'
import { inQuietHours, ruleInSchedule, systemTimezoneOffset, type TimezoneOffset } from './schedule'
import { watchCounts } from './readings'
import { createStateWriter } from './state-writer'
import type { AlertRecord, AlertStateStore } from './store'
import { listAlerts, viewOf } from './views'
import { WatchedConnections } from './watched-connections'

export interface AlertServiceDeps {
  engine: Pick<Engine, 'onEvent' | 'statuses' | 'config' | 'history'>
  clock: Clock
  notifier: Notifier
  store: AlertStateStore
  /** The rules in effect (read at every evaluation, so edits apply within a second). */
  rules: () => readonly RuleConfig[]
  prefs: () => AlertPrefs
  /** The board's language (prefs.language) for notification and tray texts (default English). */
  language?: () => FormatLanguage
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

/** How often an alert list whose only news is new values is sent again (`alerts:changed`). */
export const ALERT_VALUES_EVERY_MS = 5_000

export async function createAlertService(deps: AlertServiceDeps): Promise<AlertService> {
  const { engine, clock, notifier, log } = deps
  const tz = deps.timezoneOffset ?? systemTimezoneOffset
  const tickMs = deps.tickMs ?? 1000
  const historyLimit = deps.historyLimit ?? 500
  const language = deps.language ?? (() => 'en' as const)

  const book = new AlertBook(historyLimit)
  const watch = new WatchedConnections()
  const events = createEmitter<AlertEvent>((err) =>
    log.error('an alert event listener threw', { error: (err as Error).message }),
  )
  const changes = createEmitter<AlertList>((err) =>
    log.error('an alert list listener threw', { error: (err as Error).message }),
  )
  let disposed = false
  let shownTray: string | null = null
  let shownStructure: string | null = null
  let shownValues: string | null = null
  let valuesSentAt = -Infinity
  /** New data brought new values that were held back by ALERT_VALUES_EVERY_MS: a timer tick sends them. */
  let valuesOwed = false

  try {
    const saved = await deps.store.load()
    if (saved) book.restore(saved)
  } catch (e) {
    log.error('could not load the alert state; starting without it', { error: (e as Error).message })
  }

  const quietNow = (prefs: AlertPrefs, now: number) => inQuietHours(prefs, now, tz)
  const inSchedule = (r: RuleConfig, now: number) => ruleInSchedule(r, now, tz)
  const watched = (now: number) => watch.current(engine.statuses(), now)

  const list = (): AlertList => {
    const now = clock.now()
    const prefs = deps.prefs()
    return listAlerts({
      book,
      rules: deps.rules(),
      prefs,
      language: language(),
      conns: watched(now),
      quiet: quietNow(prefs, now),
      now,
      inSchedule,
    })
  }

  const writer = createStateWriter(deps.store, () => book.toPersisted(), log)
  const persist = () => {
    if (!book.dirty) return
    book.dirty = false
    writer.request()
  }

  const announce = (reason: Reason, rules: readonly RuleConfig[], now: number) => {
    const tray = trayOf(book, rules, now, language())
    const trayPrint = JSON.stringify(tray)
    if (trayPrint !== shownTray) {
      shownTray = trayPrint
      try {
        notifier.setTray(tray)
      } catch (e) {
        log.error('the notifier could not update the tray', { error: (e as Error).message })
      }
    }
    if (changes.size === 0) return
    const l = list()
    // What the rules watch moves with every agent going on a break: it travels with the values.
    const structure = JSON.stringify({
      ...l,
      now: 0,
      active: l.active.map((a) => ({ ...a, value: null })),
      rules: l.rules.map((r) => ({ ...r, watching: null })),
    })
    const values = JSON.stringify([l.active.map((a) => a.value), l.rules.map((r) => r.watching)])
    // A change of alerts, severities, acknowledgements or rules goes out at once. Values alone go out with new
    // data (time in state grows every second, and boards tick it themselves), and then at most every
    // ALERT_VALUES_EVERY_MS: waits move with every poll of every connection, and every board on every TV receives
    // every list.
    if (structure === shownStructure) {
      if (values === shownValues) return
      if (reason === 'timer' && !valuesOwed) return
      if (now - valuesSentAt < ALERT_VALUES_EVERY_MS) {
        if (reason !== 'timer') valuesOwed = true
        return
      }
    }
    shownStructure = structure
    shownValues = values
    valuesSentAt = now
    valuesOwed = false
    changes.emit(l)
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
        applyRules({ book, rules, configured, conns: watched(now), now, inSchedule, out })
      }
      book.expire(now)
      notifyDue({
        book,
        rules,
        prefs,
        language: language(),
        quiet: quietNow(prefs, now),
        now,
        notifier,
        log,
      })
      for (const e of out) events.emit(e)
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
      watch.noteSnapshot(e.snapshot)
      schedule('data')
    } else if (e.type === 'status' || e.type === 'failure') {
      schedule('data')
    }
  })
  arm()
  schedule('data')

  const find = (id: string): AlertActionResult<AlertRecord> => {
    const a = book.alerts.get(id)
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
    return viewOf(
      a,
      book,
      prefs,
      quietNow(prefs, now),
      now,
      deps.rules().find((r) => r.id === a.rule),
    )
  }

  return {
    events: { subscribe: events.subscribe },
    changes: { subscribe: changes.subscribe },
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
        book.dirty = true
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
      book.dirty = true
      schedule('action')
      return { ok: true, value: viewNow(a) }
    },
    muteRule(rule, until) {
      if (!deps.rules().some((r) => r.id === rule) && !book.mutes.has(rule)) {
        return { ok: false, code: 'not_found', message: `there is no rule "${rule}"` }
      }
      if (until === null || until <= clock.now()) book.mutes.delete(rule)
      else book.mutes.set(rule, until)
      book.dirty = true
      schedule('action')
      return { ok: true, value: { rule, until: book.mutes.get(rule) ?? null } }
    },
    preview: (rule, opts) => ({
      ...previewFromHistory(
        rule,
        watch.snapshots(),
        (keys, since) => engine.history(keys, since),
        opts?.sinceMs ?? 0,
        tz,
      ),
      watching: watchCounts(rule, watched(clock.now()), clock.now()),
    }),
    evaluate: () => schedule('action'),
    async flush() {
      await Promise.resolve()
      await writer.settled()
    },
    async dispose() {
      if (disposed) return
      disposed = true
      stopTimer?.()
      stopTimer = null
      offEngine()
      events.clear()
      changes.clear()
      persist()
      await writer.settled()
    },
  }
}
