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
import type { AlertPrefs, RuleConfig, WebhookConfig } from '../../../src-shared/config'
import { buildGroup, escalationGroup, textAlertOf } from '../../../src-shared/notify-text'
import { createEmitter } from '../../../src-shared/emitter'
import type { FormatLanguage } from '../../../src-shared/format/duration'
import type { Engine } from '../engine'
import type { Clock, Disposer, Logger } from '../ports'
import { AlertBook } from './alert-book'
import { applyRules } from './apply-rules'
import { entityForecasts } from './forecasts'
import { ForecastTracker } from '../forecast/tracker'
import type { Notifier } from './notifier'
import { advanceLadder, type DueStep, type LadderState } from './escalation'
import { notifyDue, silenceOf, trayOf } from './notify-policy'
import { webhookPayload, type WebhookSender } from './webhook'
import { previewFromHistory } from './preview'
import { previewAgentRule } from './preview-agents'
import { observeAgentStates, type ObservedAgentStates } from '../report/state-log'
import type { HistorySeries } from '../../../src-shared/live'
import { inQuietHours, ruleInSchedule, systemTimezoneOffset, type TimezoneOffset } from './schedule'
import { watchCounts, type PeopleContext, type WatchedConnection } from './readings'
import { PeopleWatch } from './people-rules'
import type { PersonLink } from '../../../src-shared/people'
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
  /**
   * Escalation webhooks: the config's definitions and the sender. Absent: a ladder's webhook steps are recorded as
   * failed with the reason (its other steps run).
   */
  webhooks?: { list: () => readonly WebhookConfig[]; sender: WebhookSender }
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
  /**
   * What `rule` would have fired over the stored history since `sinceMs` (default: all of it); `history` replaces
   * the ring (a past day from the day files, preview.ts `pastDayHistory`).
   */
  preview(
    rule: RuleConfig,
    opts?: {
      sinceMs?: number
      history?: (keys: string[], sinceMs: number) => HistorySeries[]
      /** A past day's span (epoch ms): agent rules replay the observed states within it (preview-agents.ts). */
      window?: { from: number; to: number }
    },
  ): RulePreview
  /** The agents' states as observed (report/state-log.ts): the previews of agent rules and the shift report read them. */
  agentStates: Omit<ObservedAgentStates, 'dispose'>
  /** Evaluate now (after the rules or prefs changed). */
  evaluate(): void
  /** Resolves when every state change so far is written to the store. */
  flush(): Promise<void>
  dispose(): Promise<void>
}

type Reason = 'data' | 'timer' | 'action'

/** A config without a map of people (one array, so the people watch's linking is reused between evaluations). */
const NO_LINKS: readonly PersonLink[] = []

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
  const forecast = new ForecastTracker()
  const peopleWatch = new PeopleWatch()
  /** The agents' states as observed, for previews of agent rules (preview-agents.ts) and the shift report. */
  const agentStates = observeAgentStates(engine, clock)
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
    // A delivery that was under way when the last run stopped may or may not have arrived: say so, do not resend.
    for (const a of book.alerts.values()) {
      const l = a.ladder
      if (!l) continue
      for (const [k, d] of Object.entries(l.deliveries))
        if (d.outcome === 'sending')
          l.deliveries[k] = { ...d, outcome: 'failed', detail: 'interrupted by a restart; not sent again' }
    }
  } catch (e) {
    log.error('could not load the alert state; starting without it', { error: (e as Error).message })
  }

  const quietNow = (prefs: AlertPrefs, now: number) => inQuietHours(prefs, now, tz)
  const inSchedule = (r: RuleConfig, now: number) => ruleInSchedule(r, now, tz)
  const watched = (now: number) => {
    const conns = watch.current(engine.statuses(), now)
    forecast.keepOnly(new Set(conns.keys()))
    peopleWatch.keepOnly(new Set(conns.keys()))
    return conns
  }
  /** The people person rules read; linked only while an enabled person rule (or a preview of one) asks. */
  const peopleOf = (
    rules: readonly RuleConfig[],
    conns: ReadonlyMap<string, WatchedConnection>,
    now: number,
  ): PeopleContext | undefined => {
    if (!rules.some((r) => r.enabled && r.entity === 'person')) return undefined
    return { watch: peopleWatch, people: peopleWatch.people(conns, engine.config()?.people ?? NO_LINKS, now) }
  }

  const list = (): AlertList => {
    const now = clock.now()
    const prefs = deps.prefs()
    const rules = deps.rules()
    const conns = watched(now)
    return {
      ...listAlerts({
        book,
        rules,
        prefs,
        language: language(),
        conns,
        quiet: quietNow(prefs, now),
        now,
        inSchedule,
        webhookName,
        people: peopleOf(rules, conns, now),
      }),
      forecasts: entityForecasts(rules, conns, forecast, book, now, inSchedule),
    }
  }

  const webhookName = (id: string) => deps.webhooks?.list().find((w) => w.id === id)?.name ?? id

  /** Record a webhook step's delivery on its alert, if that firing is still on. */
  const deliver = (
    id: string,
    firedAt: number | null,
    index: number,
    d: LadderState['deliveries'][string],
  ) => {
    const a = book.alerts.get(id)
    if (!a || a.firedAt !== firedAt || !a.ladder) return
    a.ladder = { ...a.ladder, deliveries: { ...a.ladder.deliveries, [String(index)]: d } }
    book.dirty = true
  }

  /** Run what is due on every alert's escalation ladder (docs/ARCHITECTURE.md §3.6). */
  const escalate = (rules: readonly RuleConfig[], prefs: AlertPrefs, now: number) => {
    const byId = new Map(rules.map((r) => [r.id, r]))
    const quiet = quietNow(prefs, now)
    const notes: Record<'critical' | 'warning', AlertRecord[]> = { critical: [], warning: [] }
    let sound = false
    for (const a of book.alerts.values()) {
      const rule = byId.get(a.rule)
      if (!rule) continue
      const before = a.ladder ?? null
      const r = advanceLadder(
        {
          state: a.state,
          severity: a.severity,
          firedAt: a.firedAt,
          changedAt: a.changedAt,
          acknowledged: a.ack !== null,
          held: a.noData || silenceOf(a, book, prefs, quiet, now) !== null,
          ladder: before,
        },
        rule,
        prefs,
        now,
      )
      if (r.state !== before) {
        a.ladder = r.state
        book.dirty = true
      }
      for (const due of r.due) {
        if (due.step.channel === 'notification') notes[a.severity].push(a)
        else if (due.step.channel === 'sound') sound = true
        else if (due.step.channel === 'webhook') sendStep(a, rule, due, now)
      }
    }
    for (const severity of ['critical', 'warning'] as const) {
      const items = notes[severity].flatMap((a) => {
        const rule = byId.get(a.rule)
        return rule ? [textAlertOf(a, { state: rule.state ?? null, op: rule.op })] : []
      })
      const group = buildGroup(severity, items, prefs.notificationDetail, language())
      if (!group) continue
      try {
        notifier.notify(escalationGroup(group, language()))
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

  const sendStep = (a: AlertRecord, rule: RuleConfig, due: DueStep, now: number) => {
    const hookId = due.step.webhook ?? ''
    const hook = deps.webhooks?.list().find((w) => w.id === hookId)
    const failed = (detail: string) => {
      log.warn('escalation webhook not sent', { alert: a.id, webhook: hookId, detail })
      deliver(a.id, a.firedAt, due.index, {
        webhook: hookId,
        at: now,
        outcome: 'failed',
        detail,
        attempts: 0,
      })
    }
    if (!deps.webhooks) return failed('webhooks are not sent from here')
    if (!hook) return failed(`there is no webhook "${hookId}" (it was removed)`)
    if (a.firedAt === null) return
    const connection = engine.config()?.connections.find((c) => c.id === a.connection)
    const body = webhookPayload(hook, {
      alert: {
        ...textAlertOf(a, { state: rule.state ?? null, op: rule.op }),
        connection: a.connection,
        connectionLabel: connection?.label ?? a.connection,
        firedAt: a.firedAt,
      },
      at: now,
      step: { index: due.index, afterSec: due.step.afterSec, repeat: due.repeat },
      language: language(),
    })
    const firedAt = a.firedAt
    deliver(a.id, firedAt, due.index, {
      webhook: hook.id,
      at: now,
      outcome: 'sending',
      detail: null,
      attempts: 0,
    })
    void deps.webhooks.sender.send(hook, body).then((o) => {
      deliver(a.id, firedAt, due.index, {
        webhook: hook.id,
        at: now,
        outcome: o.ok ? 'sent' : 'failed',
        detail: o.ok ? null : o.detail,
        attempts: o.attempts,
      })
      if (o.ok) log.info('escalation webhook sent', { alert: a.id, webhook: hook.id, attempts: o.attempts })
      schedule('action')
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
      // Forecasts move with every poll: they travel with the values, so a board hears of one within 5 s.
      forecasts: null,
    })
    const values = JSON.stringify([
      l.active.map((a) => a.value),
      l.rules.map((r) => r.watching),
      // A forecast counting down as forecast is no news (boards count it down); one that moves by 5 s is.
      (l.forecasts ?? []).map((f) => [
        f.rule,
        f.connection,
        f.entityId,
        f.level,
        f.basis,
        Math.round((f.at + f.inSec * 1000) / 5000),
      ]),
    ])
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
        const conns = watched(now)
        applyRules({
          book,
          rules,
          configured,
          conns,
          now,
          inSchedule,
          out,
          forecast,
          people: peopleOf(rules, conns, now),
        })
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
      escalate(rules, prefs, now)
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
      forecast.note(e.snapshot)
      peopleWatch.note(e.snapshot)
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
      webhookName,
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
      // The ladder starts over when the snooze ends: the supervisor asked for that long.
      if (a.ladder) {
        const restart = m === 0 ? clock.now() : clock.now() + m * 60_000
        a.ladder = { ...a.ladder, since: restart, ran: a.ladder.ran.map(() => null) }
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
      ...(rule.entity === 'agent' || rule.entity === 'person'
        ? previewAgentRule(
            rule,
            watch.snapshots(),
            agentStates,
            opts?.window ?? { from: opts?.sinceMs ?? 0, to: clock.now() },
            tz,
          )
        : previewFromHistory(
            rule,
            watch.snapshots(),
            opts?.history ?? ((keys, since) => engine.history(keys, since)),
            opts?.sinceMs ?? 0,
            tz,
          )),
      watching: (() => {
        const now = clock.now()
        const conns = watched(now)
        return watchCounts(rule, conns, now, peopleOf([{ ...rule, enabled: true }], conns, now))
      })(),
    }),
    agentStates,
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
      agentStates.dispose()
      events.clear()
      changes.clear()
      persist()
      await writer.settled()
    },
  }
}
