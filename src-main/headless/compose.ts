/**
 * Pieces the headless runner wires together: secrets (env, session, keychain), sockets, and the bridge service
 * for --serve. Connections can be changed from a browser only by a client holding the token; with --config the
 * changes are written back to that file, otherwise they last for the run.
 */
import type { HistoryArchive } from '../core/persistence/history-archive'
import { secretEnvOfAccount, type Config } from '../../src-shared/config'
import type { AppInfo } from '../../src-shared/ipc/contract'
import type { AlertService } from '../core/alerts/service'
import { createAlertHandlers } from '../core/bridge/alert-handlers'
import { createConnectionHandlers } from '../core/bridge/connection-handlers'
import { createBridgeService } from '../core/bridge/service'
import { createWebhookHandlers } from '../core/bridge/webhook-handlers'
import { createWebhookSender, webhookUrlFrom } from '../core/alerts/webhook'
import { createReportHandlers, createReportService } from '../core/report/service'
import type { BridgeService } from '../core/bridge/types'
import type { Engine } from '../core/engine'
import type { Clock, HttpClient, Logger, SocketConnector } from '../core/ports'
import type { Redactor } from '../core/runtime/redact'
import { WsSocketConnector } from '../core/runtime/ws-socket-connector'
import {
  createFileSettingsStore,
  createMemorySettingsStore,
  createPathSettingsStore,
  type SettingsStore,
} from '../core/settings/settings-store'
import { DEFAULT_KEYCHAIN_SERVICE, KeytarSecretStore } from '../secrets/keytar-secret-store'
import { LayeredSecrets } from '../secrets/layered-secrets'
import type { HeadlessArgs } from './args'

/**
 * Headless secrets: a connection's `secretEnv` variable (docs/ARCHITECTURE.md §5) first, then this run's
 * session secrets (the loopback sandbox demo's, or ones typed into a browser with "this session only"), then
 * the OS keychain.
 */
export async function headlessSecrets(
  config: () => Config,
  env: Record<string, string | undefined>,
  log: Logger,
  known: ReadonlyMap<string, string> = new Map(),
): Promise<LayeredSecrets> {
  const secrets = new LayeredSecrets({
    keychain: new KeytarSecretStore({ service: DEFAULT_KEYCHAIN_SERVICE }),
    env,
    // A webhook's URL (account `webhook:<id>`) from its `urlEnv`, as a connection's secret from its `secretEnv`.
    secretEnvOf: (account) => secretEnvOfAccount(config(), account),
    log: log.child('secrets'),
  })
  for (const [id, secret] of known) await secrets.set(id, secret, { sessionOnly: true })
  return secrets
}

export function headlessSockets(log: Logger): SocketConnector {
  return new WsSocketConnector(log)
}

/** Why a served board's edits are refused when the runner has nowhere to keep them. */
export const NOWHERE_TO_KEEP =
  'this board has nowhere to keep changes, so they would be lost when the runner stops: start it with ' +
  '--state DIR (or --config FILE) to keep connections, rules and preferences'

/**
 * Where a served board's changes are kept (docs/ARCHITECTURE.md §7.4):
 * - `--config FILE` alone: that file (rewritten only for a client with the token);
 * - `--state DIR` otherwise: `DIR/settings.json`, written atomically as the app writes its own, started from the
 *   config of this run (the demo, the sandboxes, a config file they were added to) the first time;
 * - neither: memory, and every edit is refused with the reason, never "saved" and then lost.
 */
export function headlessSettings(
  args: HeadlessArgs,
  config: Config,
  clock: Clock,
  log: Logger,
): SettingsStore {
  if (args.config && !args.demo && !args.sandboxes) {
    return createPathSettingsStore({
      path: args.config,
      writeBack: args.token !== null,
      now: () => clock.now(),
      log,
    })
  }
  if (args.stateDir) {
    return createFileSettingsStore({
      dir: args.stateDir,
      now: () => clock.now(),
      defaults: () => config,
      log: log.child('settings'),
    })
  }
  return createMemorySettingsStore(config, { refuse: NOWHERE_TO_KEEP })
}

export function buildHeadlessService(o: {
  engine: Engine
  settings: SettingsStore
  secrets: LayeredSecrets
  http: HttpClient
  clock: Clock
  sockets: SocketConnector
  alerts: AlertService
  version: string
  log: Logger
  /** The runner's Redactor (secrets typed in a served board join it). */
  redactor?: Redactor
  /** The history days on disk (with `--state`); without them a served board has no past days. */
  historyDays?: HistoryArchive | null
}): BridgeService {
  // Rules and alert prefs are saved through the same settings store (a browser with the token may edit them).
  const alerts = createAlertHandlers({
    alerts: o.alerts,
    settings: o.settings,
    engine: o.engine,
    historyDays: o.historyDays ?? undefined,
    log: o.log.child('alerts'),
  })
  const connections = createConnectionHandlers({
    settings: o.settings,
    secrets: o.secrets,
    engine: o.engine,
    http: o.http,
    clock: o.clock,
    sockets: o.sockets,
    log: o.log.child('connections'),
    redactor: o.redactor,
  })
  const appInfo = async (caller: { readOnly: boolean }): Promise<AppInfo> => ({
    version: o.version,
    shell: 'web',
    readOnly: caller.readOnly,
    keychain: await o.secrets.keychainStatus(),
    prefs: o.settings.current().prefs,
  })
  // Settings → Webhooks from a browser with the token; "Send test" makes one attempt.
  const tester = createWebhookSender({
    http: o.http,
    clock: o.clock,
    log: o.log.child('webhooks'),
    urlOf: webhookUrlFrom(o.secrets, o.redactor),
    attempts: 1,
  })
  const webhooks = createWebhookHandlers({
    settings: o.settings,
    secrets: o.secrets,
    send: (hook, body) => tester.send(hook, body),
    language: () => o.settings.current().prefs.language,
    redactor: o.redactor,
    log: o.log.child('webhooks'),
  })
  // The shift report: a browser prints it itself (print()), so there is no PDF channel here.
  const report = createReportService({ engine: o.engine, alerts: o.alerts, clock: o.clock })
  return createBridgeService({
    engine: o.engine,
    appInfo,
    connections: connections.handlers,
    alerts: alerts.handlers,
    report: createReportHandlers(report),
    webhooks,
    events: [connections.events, alerts.events],
    history: o.historyDays ?? undefined,
    log: o.log,
  })
}
