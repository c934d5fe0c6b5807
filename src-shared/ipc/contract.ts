/**
 * The one IPC contract between main and the renderer (STYLE: "One contract"). Every invoke channel
 * (`'<domain>:<verb>'`) and every event (`'<domain>:<noun>'`) is listed here with its types; the preload and the
 * web bridge build their allow-lists from the same objects. Secrets only ever travel renderer → main.
 *
 * This file is what the sandboxed preload bundles, so it has no runtime imports (types only): a sandboxed preload
 * may `require` nothing but `electron` (and events, timers, url). The argument schemas main validates with live in
 * `./schemas.ts`, typed against {@link InvokeArgsMap}.
 */
import type { BusinessDay } from '../business-day'
import type { AlertList, AlertView, RuleMute, RulePreview } from '../alerts'
import type { AlertPrefs, ConfigIssue, Prefs, RuleConfig, WebhookKind } from '../config'
import type { ShiftReport } from '../report'
import type { ConsoleTarget, ConsoleTemplates } from '../console-links'
import type { CatchUp, HistorySeries, LivePatch, LiveRow, LiveState } from '../live'
import type { Media, ProviderId } from '../model'
import type { SavedView } from '../views'
import type { Targets } from '../targets'
import type { PersonLink } from '../people'

/** The connection as the renderer sees it: the config without anything secret, plus where its secret lives. */
export interface ConnectionView {
  id: string
  label: string
  provider: ProviderId
  baseUrl: string | null
  username: string | null
  pollSeconds: number
  requestedPollSeconds: number | null
  enabled: boolean
  options: Record<string, unknown>
  /** The user's media per vendor queue id (config `queueMedia`, src-shared/media.ts). */
  queueMedia: Record<string, Exclude<Media, null>>
  /** The business day (config `businessDay`, src-shared/business-day.ts); null = midnight in the computer's zone. */
  businessDay?: BusinessDay | null
  /** The user's team names by vendor team id (config `teamNames`); absent = none. */
  teamNames?: Record<string, string>
  /** The user's console link templates (config `consoleUrls`), as in the config; absent = none. */
  consoleUrls?: ConsoleTemplates
  /**
   * The console link templates in effect (the connection's over the provider's, src-shared/console-links.ts):
   * what the board builds its links from; absent = no links.
   */
  consoleLinks?: ConsoleTemplates
  /** The user's service-level targets per queue or chat-room id (config `targets`, src-shared/targets.ts). */
  targets: Targets
  /**
   * Where the secret is kept; `null` = no secret stored (the connection needs one if its provider does); `team`:
   * the team's pollers hold it and this app never sees it (team mode).
   */
  secret: 'keychain' | 'session' | 'env' | 'team' | null
}

export interface ConnectionTestStep {
  step: 'config' | 'reach' | 'auth' | 'data'
  ok: boolean | null
  /** What happened, in words (includes the vendor's own error text where there is one). */
  detail: string
}
export interface ConnectionTestReport {
  ok: boolean
  steps: ConnectionTestStep[]
  counts: { agents: number; queues: number; chatRooms: number; chatMessages: number; metrics: number } | null
  /** Provider extras: Bright Pattern dispositions, Chronicall metrics available to the key. */
  extras: { title: string; items: string[] }[]
}

export interface SecretStatus {
  connection: string
  /** Only whether a secret is set and where: the secret itself never leaves main. */
  where: 'keychain' | 'session' | 'env' | null
}

/**
 * An escalation webhook as Settings → Webhooks sees it: the config's fields, where its URL is kept and a masked
 * form of it (scheme and host, `https://hooks.slack.com/…`). The URL itself never leaves main.
 */
export interface WebhookView {
  id: string
  name: string
  kind: WebhookKind
  agentNames: boolean
  /** Headless: the environment variable the URL is read from; null: the keychain. */
  urlEnv: string | null
  /** Where the URL is kept; null: none is set (its steps fail with "no URL"). */
  where: 'keychain' | 'session' | 'env' | null
  masked: string | null
}

/** What a test message to a webhook got back (one attempt; the detail never quotes the URL). */
export interface WebhookTestResult {
  ok: boolean
  /** The HTTP status, or null when no answer came (refused, timed out, no URL). */
  status: number | null
  detail: string | null
}

export interface AppInfo {
  version: string
  /** `electron`: the desktop app; `web`: a browser through the headless runner's --serve. */
  shell: 'electron' | 'web'
  /** A web client without a token may only look. */
  readOnly: boolean
  /** Whether the OS keychain answered; `detail` says why not. */
  keychain: { available: boolean; detail: string | null }
  prefs: Prefs
  /**
   * Team mode: the team server this board reads (the site's pollers poll the vendors); absent or null when the
   * board polls its own connections.
   */
  team?: TeamInfo | null
}

/** The team a board has joined (team mode, docs/TEAM.md). */
export interface TeamInfo {
  /** Team server URLs. */
  servers: string[]
  site: string
  /** The team user name this board signs in as (and acknowledges under). */
  user: string
  /** Whether the team server answers now, and since when (epoch ms). */
  connected: boolean
  since: number
  /** A view-only board may not acknowledge. */
  canAcknowledge: boolean
  /**
   * Why the team server does not answer, in words (refused sign-in, no route to it), or null. The board keeps the
   * last board it was sent and says "team server unreachable" meanwhile.
   */
  detail?: string | null
}

/** Settings → Team: whether this board is part of a team, and whether it can join or leave one from here. */
export interface TeamSettingsView {
  /** The team this board shows, or null when it polls its own connections. */
  team: TeamInfo | null
  /**
   * The desktop app joins and leaves from Settings → Team; a served board was given its team on the command line
   * (`headless --team`) and cannot change it from a browser.
   */
  canChange: boolean
  /** What the form should show when not joined (the last team left or the one that could not start), or null. */
  last: { servers: string[]; site: string; user: string } | null
  /** Why the saved team could not be joined at start (e.g. its password is no longer in the keychain), or null. */
  problem: string | null
  /** The app restarts now to show the board it just joined or left (the desktop app). */
  restarting: boolean
}

/** Expected failures of an invoke, as data. */
export type BridgeErrorCode =
  'bad_request' | 'not_found' | 'read_only' | 'invalid_config' | 'keychain_unavailable' | 'internal'
export interface BridgeError {
  code: BridgeErrorCode
  message: string
  issues?: ConfigIssue[]
}
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: BridgeError }

/**
 * The argument of every invoke channel. Keys of this map ARE the channel list; main (and the web bridge) check each
 * argument with the schema of the same name in `./schemas.ts`, which is typed against this map so the two cannot
 * drift. This file has no runtime dependency: the sandboxed preload bundles it and may require nothing but
 * `electron`.
 */
export interface InvokeArgsMap {
  /** The whole live view (rows without `raw`); then follow `live:patch`. */
  'live:get': null
  /** One row as main has it now, `raw` and all (the agent drawer while it is open); null when it is gone. */
  'live:row': { key: string }
  /** History series by key since `sinceMs` (epoch ms). Points are [epoch ms, value | null]; null = gap. */
  'history:get': { keys: string[]; sinceMs: number }
  /**
   * History kept on disk at one-minute resolution (docs/ARCHITECTURE.md §3.7, "History days"), for [from, to)
   * (epoch ms, at most 26 h): one point per minute at the minute's start, the last value seen in it; null = a gap.
   * What the trend charts overlay as "last week". A board without stored days answers empty series.
   */
  'history:past': { keys: string[]; from: number; to: number }
  /** The business days stored on disk, oldest first (today's included once written). */
  'history:days': null
  /** Poll now: one connection, or every connection when `id` is null. */
  'connections:refresh': { id: string | null }
  /** Pause or resume all polling (tray menu has the same). */
  'polling:setPaused': { paused: boolean }
  /**
   * The catch-up summaries main holds (oldest first, at most 20): a board that opens after a gap still sees them;
   * each board dismisses them for itself (by `id`).
   */
  'catchups:list': null
  'app:info': null
  'connections:list': null
  /**
   * Save (add or replace) a connection (validated fully in main); `secret` (optional) goes to the keychain, or memory
   * if `sessionOnly`.
   */
  'connections:save': { connection: Record<string, unknown>; secret?: string; sessionOnly?: boolean }
  /** Remove a connection and its keychain entry. */
  'connections:remove': { id: string }
  /**
   * Set the user's service-level target of one queue or chat room (`id`, the vendor's id) of a connection, or remove
   * it with `target: null` (config `targets`, src-shared/targets.ts); validated in main, the issues naming the
   * connection and the queue. Answers the connection as it now is.
   */
  'targets:set': { connection: string; id: string; target: Record<string, unknown> | null }
  /** One real poll cycle with these values, before saving. Without `secret`, the stored one is used. */
  'connections:test': { connection: Record<string, unknown>; secret?: string }
  /** The whole config as JSON text, without secrets. */
  'config:export': null
  /** Replace connections and rules from JSON text; validated whole, nothing applied on error. */
  'config:import': { text: string }
  'secrets:set': { connection: string; secret: string; sessionOnly?: boolean }
  'secrets:delete': { connection: string }
  'secrets:status': { connection: string }
  /** `startAtLogin`: the desktop app only (the OS's login items / XDG autostart); a served board is refused. */
  'prefs:set': { theme?: 'system' | 'light' | 'dark'; language?: 'en' | 'pl'; startAtLogin?: boolean }
  /** Active alerts (firing first), the bounded history, rule statuses and the tray summary. */
  'alerts:list': null
  /**
   * Acknowledge a firing alert: it stays listed, stops repeating, is not notified again unless it escalates. `by`:
   * the name a browser board was given (asked once, kept in that browser), recorded as who acknowledged; the
   * desktop app records "you" and ignores it.
   */
  'alerts:acknowledge': { id: string; by?: string }
  /** Hold back an alert's notifications for `minutes` (default prefs.alerts.snoozeMinutes, 15); 0 ends a snooze. */
  'alerts:snooze': { id: string; minutes?: number }
  /** Hold back a rule's notifications until `until` (epoch ms); null lifts the mute. */
  'alerts:muteRule': { rule: string; until: number | null }
  /** Change alert preferences (quiet hours, allow-list, notification detail, sound repeat, snooze); merged, validated. */
  'alerts:setPrefs': { prefs: Record<string, unknown> }
  /**
   * What a rule (saved or as typed) would have fired over the stored history since `sinceMs` (default: all), or,
   * with `day` ("2026-11-26", a date `history:days` lists), over that stored business day at one-minute resolution.
   */
  'rules:preview': { rule: Record<string, unknown>; sinceMs?: number; day?: string }
  /** Add or replace a rule (by id); validated with the whole config, nothing saved on error (invalid_config). */
  'rules:save': { rule: Record<string, unknown> }
  /** Remove a rule; its alerts resolve. */
  'rules:remove': { id: string }
  /** The saved views of the Agents board and Queues & chats (config `views`). */
  'views:list': null
  /**
   * Add or replace a saved view (by id), validated with the others (unique id, one name per page); `default: true`
   * makes it its page's only default. Answers every view after the change.
   */
  'views:save': { view: Record<string, unknown> }
  /** Remove a saved view; answers every view left. */
  'views:remove': { id: string }
  /**
   * Open the vendor's console at an agent, queue, chat room or its home (the desktop app: the system browser). Main
   * builds the link again from the connection's template and opens only when it is `url`: a board cannot open an
   * address of its choosing. A browser board opens links itself (in a new tab); a served board refuses this.
   */
  'console:open': {
    connection: string
    target: ConsoleTarget
    id?: string | null
    name?: string | null
    url: string
  }
  /** The user's map of people across connections (config `people`, src-shared/people.ts). */
  'people:get': null
  /** Replace the map of people; validated against the connections (invalid_config naming the entry), all or nothing. */
  'people:save': { people: Record<string, unknown>[] }
  /** Settings → Team: the team this board shows, if any. */
  'team:status': null
  /**
   * Join a team (the desktop app): `servers` is one URL or several separated by commas (`nats://host:4222`,
   * `tls://…`). Main signs in with `user` and `password` and reads the site before anything is kept; then the
   * password goes to the OS keychain (never a file), the rest to `team.json`, and the app restarts as a viewer of the
   * site. Fails with `bad_request` saying what was wrong (unreachable, refused, no such site, no keychain).
   */
  'team:join': { servers: string; site: string; user: string; password: string }
  /** Leave the team: forget the password and the team file; the app restarts on its own connections. */
  'team:leave': null
  /**
   * The shift report (src-shared/report.ts) for `from`–`to` (epoch ms); absent or null bounds: this shift, i.e. per
   * connection from its business-day start (or the last export, if later) until now.
   */
  'report:get': ReportPeriod
  /** The same report as one CSV file with sections (docs/ARCHITECTURE.md §3.10), and the file name to save it as. */
  'report:csv': ReportPeriod
  /** A report was exported (CSV saved, printed, PDF saved) up to `to`: the next shift's default period starts there. */
  'report:exported': { to: number }
  /**
   * The desktop app: print the window (the Report view, print styles) to PDF with Electron's printToPDF and save it
   * where the user chooses in a save dialog. A served board answers bad_request: its browser prints with print().
   */
  'report:savePdf': { fileName: string }
  /** Settings → Webhooks: the escalation webhooks (URLs masked). */
  'webhooks:list': null
  /**
   * Add or change a webhook (validated in main: validateWebhook). `url` sets its URL in the keychain (or this
   * session only); absent keeps the one stored. A new webhook needs a URL unless it has `urlEnv`.
   */
  'webhooks:save': { webhook: Record<string, unknown>; url?: string; sessionOnly?: boolean }
  /** Remove a webhook and its stored URL; refused (invalid_config) while an escalation step names it. */
  'webhooks:remove': { id: string }
  /** Post a test message to a saved webhook now (one attempt). */
  'webhooks:test': { id: string }
}

/** A business date with history on disk (`history:days`): which connections have it, and its span. */
export interface StoredHistoryDay {
  /** "2026-11-26": the connections' business date (src-shared/business-day.ts `businessDate`). */
  date: string
  /** Connection ids with a file for that date. */
  connections: string[]
  /** The earliest start and latest end of those connections' business days, epoch ms. */
  from: number
  to: number
}

/** A report's period: epoch ms bounds; null or absent = this shift (the business-day start or last export, until now). */
export interface ReportPeriod {
  from?: number | null
  to?: number | null
}

export type InvokeChannel = keyof InvokeArgsMap
export type InvokeArgs<C extends InvokeChannel> = InvokeArgsMap[C]

/** Result of each invoke channel. Exhaustive: a channel without a result type fails to compile. */
export interface InvokeResults {
  'live:get': LiveState
  'live:row': LiveRow | null
  'history:get': HistorySeries[]
  'history:past': HistorySeries[]
  'history:days': StoredHistoryDay[]
  'connections:refresh': null
  'polling:setPaused': null
  'catchups:list': CatchUp[]
  'app:info': AppInfo
  'connections:list': ConnectionView[]
  'connections:save': ConnectionView
  'connections:remove': null
  'targets:set': ConnectionView
  'connections:test': ConnectionTestReport
  'config:export': { text: string }
  'config:import': { connections: number; rules: number }
  'secrets:set': SecretStatus
  'secrets:delete': SecretStatus
  'secrets:status': SecretStatus
  'prefs:set': Prefs
  'alerts:list': AlertList
  'alerts:acknowledge': AlertView
  'alerts:snooze': AlertView
  'alerts:muteRule': RuleMute
  'alerts:setPrefs': AlertPrefs
  'rules:preview': RulePreview
  'rules:save': RuleConfig
  'rules:remove': null
  'views:list': SavedView[]
  'views:save': SavedView[]
  'views:remove': SavedView[]
  'console:open': null
  'people:get': PersonLink[]
  'people:save': PersonLink[]
  'team:status': TeamSettingsView
  'team:join': TeamSettingsView
  'team:leave': TeamSettingsView
  'report:get': ShiftReport
  'report:csv': { fileName: string; text: string }
  'report:exported': { lastExportAt: number }
  /** `saved`: false when the user cancelled the dialog; `path` where the PDF went. */
  'report:savePdf': { saved: boolean; path: string | null }
  'webhooks:list': WebhookView[]
  'webhooks:save': WebhookView
  'webhooks:remove': null
  'webhooks:test': WebhookTestResult
}
export type InvokeResult<C extends InvokeChannel> = InvokeResults[C]
type _ResultsCoverChannels = [InvokeChannel] extends [keyof InvokeResults]
  ? [keyof InvokeResults] extends [InvokeChannel]
    ? true
    : never
  : never
const _resultsCoverChannels: _ResultsCoverChannels = true
void _resultsCoverChannels

/** Channels a read-only web client (no token) may call. */
export const READ_ONLY_CHANNELS: readonly InvokeChannel[] = [
  'live:get',
  'live:row',
  'history:get',
  'history:past',
  'history:days',
  'catchups:list',
  'app:info',
  'connections:list',
  'alerts:list',
  'rules:preview',
  'views:list',
  'people:get',
  'team:status',
  'report:get',
  'report:csv',
]

const CHANNELS: Record<InvokeChannel, true> = {
  'live:get': true,
  'live:row': true,
  'history:get': true,
  'history:past': true,
  'history:days': true,
  'connections:refresh': true,
  'polling:setPaused': true,
  'catchups:list': true,
  'app:info': true,
  'connections:list': true,
  'connections:save': true,
  'connections:remove': true,
  'targets:set': true,
  'connections:test': true,
  'config:export': true,
  'config:import': true,
  'secrets:set': true,
  'secrets:delete': true,
  'secrets:status': true,
  'prefs:set': true,
  'alerts:list': true,
  'alerts:acknowledge': true,
  'alerts:snooze': true,
  'alerts:muteRule': true,
  'alerts:setPrefs': true,
  'rules:preview': true,
  'rules:save': true,
  'rules:remove': true,
  'views:list': true,
  'views:save': true,
  'views:remove': true,
  'console:open': true,
  'people:get': true,
  'people:save': true,
  'team:status': true,
  'team:join': true,
  'team:leave': true,
  'report:get': true,
  'report:csv': true,
  'report:exported': true,
  'report:savePdf': true,
  'webhooks:list': true,
  'webhooks:save': true,
  'webhooks:remove': true,
  'webhooks:test': true,
}
export const INVOKE_CHANNELS = Object.keys(CHANNELS) as InvokeChannel[]

/** Events main sends to the renderer. */
export interface EventPayloads {
  /** What changed in the live view (see LivePatch). */
  'live:patch': LivePatch
  /**
   * Main asks the renderer to show a view (tray menu, notification click). For `alerts`, `focus` is the alert id to
   * bring into view.
   */
  'app:navigate': { view: 'overview' | 'agents' | 'queues' | 'connections' | 'alerts'; focus: string | null }
  /** The connection list changed (saved, removed, imported). */
  'connections:changed': { connections: ConnectionView[] }
  /**
   * A connection has fresh data again after a gap (offline, asleep, not running, or a failing vendor) longer than
   * about two poll intervals: how long (epoch ms, seconds) and which today-counters moved meanwhile.
   */
  'app:catchup': CatchUp
  /** The alert list changed (a transition, an acknowledgement, a snooze or mute, new values with new data). */
  'alerts:changed': AlertList
  /** Play the critical alert sound now (the desktop app; the service applies the repeat policy). */
  'alerts:sound': { kind: 'critical' }
  /** Team mode: the team server answers again or stopped answering (and why), or the site's setup changed. */
  'team:changed': TeamInfo
  /** The saved views changed (saved, removed, imported with a config). */
  'views:changed': { views: SavedView[] }
}
export type EventName = keyof EventPayloads
const EVENTS: Record<EventName, true> = {
  'live:patch': true,
  'app:navigate': true,
  'connections:changed': true,
  'app:catchup': true,
  'alerts:changed': true,
  'alerts:sound': true,
  'team:changed': true,
  'views:changed': true,
}
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[]

/** What the preload exposes as `window.floorwalker` (and what the WebSocket bridge implements in a browser). */
export interface FloorwalkerBridge {
  invoke<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<Envelope<InvokeResult<C>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
}

export function isInvokeChannel(c: unknown): c is InvokeChannel {
  return typeof c === 'string' && Object.prototype.hasOwnProperty.call(CHANNELS, c)
}
export function isEventName(e: unknown): e is EventName {
  return typeof e === 'string' && Object.prototype.hasOwnProperty.call(EVENTS, e)
}
