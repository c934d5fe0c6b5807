/**
 * Alerts on a team viewer (study §3.5): the lease holders evaluate the rules once for the team and keep each
 * connection's alert state in `fw_alerts`; this follows that state and adds what stays personal.
 * - Shared: which alerts are active, their values, and acknowledgements (`alerts:acknowledge` is a request to the
 *   holder on `fw.<site>.cmd.<conn>.ack.<user>`; the broker only lets this user publish under this name).
 * - Personal: snooze, rule mutes, quiet hours, notification detail and sound. Notifications are raised here from
 *   what this viewer sees fire (alerts already firing when it joined were announced before; they are listed, not
 *   notified again), filtered by these local preferences.
 */
import type { NatsConnection } from '@nats-io/nats-core'
import type { KV } from '@nats-io/kv'
import {
  SEVERITY_RANK,
  type AlertEvent,
  type AlertHistoryEntry,
  type AlertList,
  type AlertSilence,
  type AlertView,
  type RuleMute,
  type RuleStatus,
} from '../../src-shared/alerts'
import type { AlertPrefs, RuleConfig, SoundRepeat } from '../../src-shared/config'
import { createEmitter } from '../../src-shared/emitter'
import type { FormatLanguage } from '../../src-shared/format/duration'
import { TEAM_BUCKETS, teamKeys, teamSubjects, type TeamAckReply } from '../../src-shared/team'
import type { Notifier } from '../core/alerts/notifier'
import {
  decideNotifications,
  observeAlerts,
  rememberMarks,
  type ObservedAlert,
} from '../../src-shared/notify-policy'
import { buildGroup, textAlertOf, traySummary } from '../../src-shared/notify-text'
import { inWindow, systemTimezoneOffset, type TimezoneOffset } from '../core/alerts/schedule'
import type { AlertActionResult } from '../core/alerts/service'
import type { Clock, Disposer, Logger } from '../core/ports'
import type { TeamAlertDoc } from './alert-doc'
import { decodeJson, encodeJson, followJson } from './kv'
import type { TeamEngine } from './viewer'

export interface TeamAlerts {
  events: { subscribe(listener: (e: AlertEvent) => void): Disposer }
  changes: { subscribe(listener: (list: AlertList) => void): Disposer }
  list(): AlertList
  /** Shared: asks the connection's holder; fails with a clear message when no poller runs for it. */
  acknowledge(id: string): Promise<AlertActionResult<AlertView>>
  snooze(id: string, minutes?: number): AlertActionResult<AlertView>
  muteRule(rule: string, until: number | null): AlertActionResult<RuleMute>
  dispose(): Promise<void>
}

export async function startTeamAlerts(d: {
  nc: NatsConnection
  kv: KV
  site: string
  user: string
  clock: Clock
  notifier: Notifier
  /** The site's config (rules, connections) and a signal when it or the broker connection changes. */
  engine: Pick<TeamEngine, 'config' | 'onTeam'>
  prefs: () => AlertPrefs
  /** This board's language (prefs.language) for notification and tray texts (default English). */
  language?: () => FormatLanguage
  log: Logger
  timezoneOffset?: TimezoneOffset
}): Promise<TeamAlerts> {
  const language = d.language ?? (() => 'en' as const)
  const { clock, log } = d
  const rulesOf = (): readonly RuleConfig[] => d.engine.config()?.rules ?? []
  const connectionIds = () => (d.engine.config()?.connections ?? []).filter((c) => c.enabled).map((c) => c.id)
  const labelOf = (id: string) => d.engine.config()?.connections.find((c) => c.id === id)?.label ?? id
  const tz = d.timezoneOffset ?? systemTimezoneOffset
  const startedAt = clock.now()
  const docs = new Map<string, TeamAlertDoc>()
  const snoozes = new Map<string, number>()
  const mutes = new Map<string, number>()
  /** What this viewer told, per alert (the shared repeat policy's memory). */
  const memory = new Map<string, ObservedAlert>()
  const events = createEmitter<AlertEvent>((e) =>
    log.error('an alert event listener threw', { error: (e as Error).message }),
  )
  const changes = createEmitter<AlertList>((e) =>
    log.error('an alert list listener threw', { error: (e as Error).message }),
  )
  let shown: string | null = null
  let shownTray: string | null = null
  let disposed = false

  const active = (): AlertView[] => [...docs.values()].flatMap((doc) => doc.active)
  const quietNow = (p: AlertPrefs, now: number) => p.quietHours !== null && inWindow(p.quietHours, now, tz)

  const silenceOf = (a: AlertView, p: AlertPrefs, quiet: boolean, now: number): AlertSilence | null => {
    if (a.inhibited) return 'inhibited'
    if ((snoozes.get(a.id) ?? 0) > now) return 'snoozed'
    if ((mutes.get(a.rule) ?? 0) > now) return 'muted'
    if (quiet && !(a.severity === 'critical' && p.quietAllow.includes(a.rule))) return 'quiet_hours'
    return null
  }

  const view = (a: AlertView, p: AlertPrefs, quiet: boolean, now: number): AlertView => {
    const until = snoozes.get(a.id)
    const mine = memory.get(a.id)
    return {
      ...a,
      snoozedUntil: until !== undefined && until > now ? until : null,
      notified: mine && mine.firedAt === a.firedAt ? mine.notified : null,
      silenced: silenceOf(a, p, quiet, now),
    }
  }

  const order = (a: AlertView, b: AlertView) =>
    (a.state === 'firing' ? 0 : 1) - (b.state === 'firing' ? 0 : 1) ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    (a.firedAt ?? a.since) - (b.firedAt ?? b.since) ||
    a.id.localeCompare(b.id)

  const ruleStatuses = (
    rules: readonly RuleConfig[],
    list: AlertView[],
    now: number,
    soundRepeat: SoundRepeat,
  ): RuleStatus[] =>
    rules.map((r) => {
      const mine = list.filter((a) => a.rule === r.id)
      const firing = mine.filter((a) => a.state === 'firing')
      const until = mutes.get(r.id)
      const state: RuleStatus['state'] = !r.enabled
        ? 'disabled'
        : r.schedule !== undefined && !inWindow(r.schedule, now, tz)
          ? 'inactive'
          : firing.length > 0
            ? 'firing'
            : mine.length > 0
              ? 'pending'
              : 'ok'
      return {
        rule: r.id,
        name: r.name,
        state,
        severity:
          firing.length === 0 ? null : firing.some((a) => a.severity === 'critical') ? 'critical' : 'warning',
        active: mine.length,
        noData: mine.filter((a) => a.noData).length,
        // The team's pollers evaluate the rules against the data; this viewer does not count their entities.
        watching: [],
        notify: r.notify.slice(),
        soundRepeat: r.soundRepeat ?? soundRepeat,
        op: r.op,
        agentState: r.state ?? null,
        mutedUntil: until !== undefined && until > now ? until : null,
      }
    })

  const trayOf = (list: AlertView[], rules: readonly RuleConfig[], now: number) => {
    const withTray = new Set(rules.filter((r) => r.notify.includes('tray')).map((r) => r.id))
    return traySummary(
      list
        .filter((a) => a.state === 'firing' && !a.inhibited && withTray.has(a.rule))
        .map((a) => ({
          severity: a.severity,
          open: a.ack === null && !((snoozes.get(a.id) ?? 0) > now),
        })),
      language(),
    )
  }

  const list = (): AlertList => {
    const now = clock.now()
    const p = d.prefs()
    const quiet = quietNow(p, now)
    const rules = rulesOf()
    const act = active()
      .map((a) => view(a, p, quiet, now))
      .sort(order)
    const history: AlertHistoryEntry[] = [...docs.values()]
      .flatMap((doc) => doc.history)
      .sort((a, b) => b.resolvedAt - a.resolvedAt)
      .slice(0, 500)
    return {
      now,
      active: act,
      history,
      rules: ruleStatuses(rules, act, now, p.soundRepeat),
      quietHours: quiet,
      tray: trayOf(act, rules, now),
    }
  }

  /** Notify what started firing or escalated since this viewer last looked, as the local preferences allow. */
  const notifyDue = () => {
    const now = clock.now()
    const p = d.prefs()
    const quiet = quietNow(p, now)
    const rules = rulesOf()
    const byId = new Map(rules.map((r) => [r.id, r]))
    const views = active().map((a) => ({ ...a, silenced: silenceOf(a, p, quiet, now) }))
    const decision = decideNotifications(observeAlerts(memory, views, startedAt), rules, p.soundRepeat, now)
    rememberMarks(memory, decision.marks)
    const viewById = new Map(views.map((v) => [v.id, v]))
    for (const severity of ['critical', 'warning'] as const) {
      const items = decision.notify[severity].flatMap((id) => {
        const a = viewById.get(id)
        const r = a && byId.get(a.rule)
        return a && r ? [textAlertOf(a, { state: r.state ?? null, op: r.op })] : []
      })
      const g = buildGroup(severity, items, p.notificationDetail, language())
      if (!g) continue
      try {
        d.notifier.notify(g)
      } catch (e) {
        log.error('the notifier failed', { error: (e as Error).message })
      }
    }
    if (decision.sound) {
      try {
        d.notifier.playSound('critical')
      } catch (e) {
        log.error('the notifier could not play a sound', { error: (e as Error).message })
      }
    }
  }

  const announce = () => {
    if (disposed) return
    notifyDue()
    const l = list()
    const tray = JSON.stringify(l.tray)
    if (tray !== shownTray) {
      shownTray = tray
      try {
        d.notifier.setTray(l.tray)
      } catch (e) {
        log.error('the notifier could not update the tray', { error: (e as Error).message })
      }
    }
    const print = JSON.stringify({ ...l, now: 0 })
    if (print === shown) return
    shown = print
    changes.emit(l)
  }

  const follow = followJson<TeamAlertDoc>(d.nc, d.kv, {
    bucket: TEAM_BUCKETS.alerts,
    pattern: `${d.site}.>`,
    log,
    onValue: (key, doc) => {
      if (doc === null) docs.delete(key)
      else docs.set(key, doc)
      announce()
    },
  })
  const offDocs = follow.stop
  /** Read every connection's alert state (at join, when connections change, after a reconnect). */
  const readAll = () => follow.read(connectionIds().map((id) => teamKeys.alerts(d.site, id)))
  await readAll()
  const offConnections = d.engine.onTeam(() => void readAll())

  const evSub = d.nc.subscribe(`fw.${d.site}.evt.alert.>`, {
    callback: (err, msg) => {
      if (err) return
      const e = decodeJson<AlertEvent>(msg.data)
      if (e?.type !== 'alert') return
      events.emit(e)
    },
  })
  let timer: Disposer | null = null
  const arm = () => {
    timer = clock.setTimer(1000, () => {
      for (const [id, until] of [...snoozes]) if (until <= clock.now()) snoozes.delete(id)
      for (const [r, until] of [...mutes]) if (until <= clock.now()) mutes.delete(r)
      announce()
      if (!disposed) arm()
    })
  }
  arm()

  const find = (id: string): AlertView | null => active().find((a) => a.id === id) ?? null
  const viewNow = (a: AlertView) => {
    const now = clock.now()
    const p = d.prefs()
    return view(a, p, quietNow(p, now), now)
  }

  return {
    events: { subscribe: events.subscribe },
    changes: { subscribe: changes.subscribe },
    list,
    async acknowledge(id) {
      const a = find(id)
      if (!a)
        return {
          ok: false,
          code: 'not_found',
          message: `there is no active alert "${id}" (it may have resolved)`,
        }
      try {
        const m = await d.nc.request(teamSubjects.ack(d.site, a.connection, d.user), encodeJson({ id }), {
          timeout: 5000,
        })
        const r = decodeJson<TeamAckReply>(m.data)
        if (!r) return { ok: false, code: 'bad_request', message: 'the poller answered something unreadable' }
        if (!r.ok)
          return { ok: false, code: r.code === 'not_found' ? 'not_found' : 'bad_request', message: r.message }
        snoozes.delete(id)
        return { ok: true, value: viewNow(r.alert) }
      } catch (e) {
        const msg = (e as Error).message
        if (/no responders|503/i.test(msg))
          return {
            ok: false,
            code: 'not_found',
            message: `no poller of the team is running for ${labelOf(a.connection)}: the acknowledgement cannot be shared now`,
          }
        if (/permission/i.test(msg))
          return {
            ok: false,
            code: 'bad_request',
            message: 'this team user may only look: acknowledging needs a supervisor',
          }
        return { ok: false, code: 'bad_request', message: `the team server did not answer: ${msg}` }
      }
    },
    snooze(id, minutes) {
      const a = find(id)
      if (!a)
        return {
          ok: false,
          code: 'not_found',
          message: `there is no active alert "${id}" (it may have resolved)`,
        }
      if (a.ack !== null)
        return {
          ok: false,
          code: 'bad_request',
          message:
            'this alert is acknowledged: it does not notify again unless it escalates, so there is nothing to snooze',
        }
      const m = minutes ?? d.prefs().snoozeMinutes
      if (!Number.isFinite(m) || m < 0 || m > 1440)
        return { ok: false, code: 'bad_request', message: 'snooze minutes must be between 0 and 1440' }
      if (m === 0) snoozes.delete(id)
      else {
        snoozes.set(id, clock.now() + m * 60_000)
        // When the snooze ends and it still fires, it is told again.
        const mine = memory.get(id)
        if (mine) memory.set(id, { ...mine, notified: null, lastSoundAt: null })
      }
      announce()
      return { ok: true, value: viewNow(a) }
    },
    muteRule(rule, until) {
      if (!rulesOf().some((r) => r.id === rule) && !mutes.has(rule))
        return { ok: false, code: 'not_found', message: `there is no rule "${rule}"` }
      if (until === null || until <= clock.now()) mutes.delete(rule)
      else mutes.set(rule, until)
      announce()
      return { ok: true, value: { rule, until: mutes.get(rule) ?? null } }
    },
    async dispose() {
      disposed = true
      timer?.()
      offDocs()
      offConnections()
      evSub.unsubscribe()
      events.clear()
      changes.clear()
    },
  }
}
