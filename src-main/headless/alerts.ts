/**
 * Alerts in the headless runner (docs/ARCHITECTURE.md §7.2): the config's rules evaluated against the engine,
 * every lifecycle change written as an `alert` NDJSON line. No notifier (nobody to show a toast to); escalation
 * ladders run their webhook steps (their other steps have nobody to show them to here). With
 * --state-dir the alert state is kept there, so a restarted runner does not report an alert it already
 * reported as newly firing; otherwise every run starts from nothing.
 */
import type { AlertEvent } from '../../src-shared/alerts'
import { alertPrefsOf, webhooksOf, type Config } from '../../src-shared/config'
import { silentNotifier } from '../core/alerts/notifier'
import type { TimezoneOffset } from '../core/alerts/schedule'
import { createAlertService, type AlertService } from '../core/alerts/service'
import type { WebhookSender } from '../core/alerts/webhook'
import { createFileAlertStore, createMemoryAlertStore } from '../core/alerts/store'
import type { Engine } from '../core/engine'
import type { Clock, Logger } from '../core/ports'

export async function startHeadlessAlerts(o: {
  engine: Engine
  /** The config in effect (rules and prefs are read at every evaluation, so saved rules apply at once). */
  config: () => Config
  clock: Clock
  log: Logger
  /** One `alert` line per event. */
  write: (line: AlertEvent) => void
  stateDir?: string | null
  timezoneOffset?: TimezoneOffset
  /** Sends escalation webhooks (URLs from `urlEnv`, the session or the keychain). */
  webhooks?: WebhookSender
}): Promise<AlertService> {
  const log = o.log.child('alerts')
  const service = await createAlertService({
    engine: o.engine,
    clock: o.clock,
    notifier: silentNotifier,
    store: o.stateDir
      ? createFileAlertStore({ dir: o.stateDir, now: () => o.clock.now(), log })
      : createMemoryAlertStore(),
    rules: () => o.config().rules,
    prefs: () => alertPrefsOf(o.config().prefs),
    language: () => o.config().prefs.language,
    log,
    timezoneOffset: o.timezoneOffset,
    webhooks: o.webhooks && { list: () => webhooksOf(o.config()), sender: o.webhooks },
  })
  service.events.subscribe(o.write)
  return service
}
