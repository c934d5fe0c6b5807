/**
 * Alert test kit: a stand-in for the engine (the test sets connection statuses and hands snapshots in, exactly as
 * the engine would emit them, and decides the history the preview reads), a notifier that records, entity
 * builders, and a harness that starts the service under a FakeClock.
 */
import type { AlertEvent, AlertList, TraySummary } from '../../../src-shared/alerts'
import {
  alertPrefsOf,
  validateRule,
  type AlertPrefs,
  type Config,
  type ConnectionConfig,
  type RuleConfig,
} from '../../../src-shared/config'
import type { ConnectionStatus, HistorySeries } from '../../../src-shared/live'
import type { Agent, ChatRoom, Metric, ProviderSnapshot, Queue } from '../../../src-shared/model'
import { blankAgent, blankChatRoom, blankQueue } from '../../../src-shared/model'
import type { PersonLink } from '../../../src-shared/people'
import type { Engine, EngineEvent } from '../engine'
import type { Clock, Logger } from '../ports'
import { memoryLogger } from '../runtime/logger'
import { FakeClock } from '../testing/fake-clock'
import { emptySnapshot } from '../testing/scripted-adapter'
import type { NotificationGroup, Notifier, SoundKind } from './notifier'
import { createAlertService, type AlertService, type AlertServiceDeps } from './service'
import { createMemoryAlertStore, type AlertStateStore } from './store'

export function statusOf(id: string, over: Partial<ConnectionStatus> = {}): ConnectionStatus {
  return {
    id,
    label: `Connection ${id}`,
    provider: 'simulator',
    state: 'connecting',
    detail: null,
    lastOkAt: null,
    lastAttemptAt: null,
    nextPollAt: null,
    pollSeconds: 5,
    health: null,
    stale: false,
    paused: false,
    consecutiveFailures: 0,
    warnings: [],
    counts: { agents: 0, queues: 0, chatRooms: 0, chatMessages: 0, metrics: 0 },
    ...over,
  }
}

export function queue(id: string, over: Partial<Queue> = {}): Queue {
  return blankQueue(id, `Queue ${id}`, { media: 'voice', waiting: 0, longestWaitSec: 0, ...over })
}

export function agent(id: string, over: Partial<Agent> = {}): Agent {
  return blankAgent(id, { name: `Agent Name ${id}`, state: 'available', ...over })
}

export function chatRoom(id: string, over: Partial<ChatRoom> = {}): ChatRoom {
  return blankChatRoom(id, `Room ${id}`, { waitingChats: 0, maxWaitNowSec: 0, ...over })
}

export function metric(key: string, over: Partial<Metric> = {}): Metric {
  return {
    key,
    metricId: key,
    name: `Metric ${key}`,
    category: null,
    kind: 'number',
    status: 'ok',
    value: 0,
    live: null,
    updatedAt: null,
    raw: null,
    ...over,
  }
}

export class TestEngine implements Pick<Engine, 'onEvent' | 'statuses' | 'config' | 'history'> {
  private readonly listeners = new Set<(e: EngineEvent) => void>()
  private readonly map = new Map<string, ConnectionStatus>()
  /** Connection ids in the engine's config (a status implies one); null = the engine has no config yet. */
  configured: Set<string> | null = new Set()
  series: HistorySeries[] = []
  /** The config's map of people (src-shared/people.ts). */
  people: PersonLink[] = []

  constructor(private readonly clock: Clock) {}

  onEvent(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  statuses(): ConnectionStatus[] {
    return [...this.map.values()]
  }

  config(): Config | null {
    if (this.configured === null) return null
    const connections = [...this.configured].map((id): ConnectionConfig => ({
      id,
      label: `Connection ${id}`,
      provider: 'simulator',
      baseUrl: null,
      username: null,
      secretEnv: null,
      pollSeconds: this.map.get(id)?.pollSeconds ?? 5,
      requestedPollSeconds: null,
      queueMedia: {},
      targets: {},
      enabled: true,
      options: {},
    }))
    return { connections, rules: [], prefs: { theme: 'system', language: 'en' }, people: this.people }
  }

  history(keys: string[], sinceMs: number): HistorySeries[] {
    return keys.map((key) => ({
      key,
      points: (this.series.find((s) => s.key === key)?.points ?? []).filter(([t]) => t >= sinceMs),
    }))
  }

  /** Add or change a connection's status; emits a status event when its state changes (as the engine does). */
  setStatus(id: string, over: Partial<ConnectionStatus> = {}): void {
    const before = this.map.get(id)
    const next = { ...(before ?? statusOf(id)), ...over }
    this.map.set(id, next)
    this.configured?.add(id)
    if (before?.state !== next.state) this.emit({ type: 'status', status: next })
  }

  removeConnection(id: string): void {
    this.map.delete(id)
    this.configured?.delete(id)
  }

  /** A good poll of `connection` now with these entities. */
  poll(connection: string, over: Partial<ProviderSnapshot> = {}): ProviderSnapshot {
    const s = emptySnapshot(connection, this.clock.now(), over)
    this.setStatus(connection, { state: 'ok', lastOkAt: s.asOf, stale: false, health: s.health })
    this.emit({ type: 'snapshot', snapshot: s })
    return s
  }

  emit(e: EngineEvent): void {
    for (const l of this.listeners) l(e)
  }
}

export class RecordingNotifier implements Notifier {
  readonly groups: NotificationGroup[] = []
  readonly trays: TraySummary[] = []
  readonly sounds: { kind: SoundKind; at: number }[] = []

  constructor(private readonly clock: Clock) {}

  notify(group: NotificationGroup): void {
    this.groups.push(group)
  }

  setTray(summary: TraySummary): void {
    this.trays.push(summary)
  }

  playSound(kind: SoundKind): void {
    this.sounds.push({ kind, at: this.clock.now() })
  }

  titles(): string[] {
    return this.groups.map((g) => g.title)
  }
}

export function rule(raw: Record<string, unknown>): RuleConfig {
  const r = validateRule({ id: 'r', name: 'Rule', ...raw })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.rule
}

/** The queue rule several alert tests share: longest wait over 60 s warns, over 120 s is critical, clears below 45 s. */
export const LONGEST_WAIT = {
  id: 'lw',
  name: 'Longest wait',
  entity: 'queue',
  field: 'longestWaitSec',
  op: '>',
  warn: 60,
  critical: 120,
  clearBelow: 45,
}

/** The agent rule by reason several alert tests share: Break or Lunch over 15 min warns. */
export const BREAK_AND_LUNCH = {
  id: 'break',
  name: 'Break and lunch over 15 min',
  entity: 'agent',
  state: 'not_ready',
  reasons: ['Break', 'Lunch'],
  field: 'timeInStateSec',
  op: '>',
  warn: 900,
}

/** Monday 23 Nov 2026, 09:00 UTC. */
export const MONDAY_0900 = Date.UTC(2026, 10, 23, 9, 0, 0)

export interface Harness {
  clock: FakeClock
  engine: TestEngine
  notifier: RecordingNotifier
  store: AlertStateStore
  service: AlertService
  events: AlertEvent[]
  lists: AlertList[]
  rules: RuleConfig[]
  prefs: AlertPrefs
  /** Compact event strings: `<state> <severity> <rule> <connection>:<id> <value>`. */
  log(): string[]
}

export async function startHarness(opts: {
  rules: RuleConfig[]
  prefs?: Partial<AlertPrefs>
  store?: AlertStateStore
  start?: number
  clock?: FakeClock
  engine?: TestEngine
  /** Minutes east of UTC (default 0). */
  offsetMinutes?: number
  /** Escalation webhooks (definitions and sender). */
  webhooks?: AlertServiceDeps['webhooks']
}): Promise<Harness> {
  const clock = opts.clock ?? new FakeClock(opts.start ?? MONDAY_0900)
  const engine = opts.engine ?? new TestEngine(clock)
  const notifier = new RecordingNotifier(clock)
  const store = opts.store ?? createMemoryAlertStore()
  const h: Omit<Harness, 'service'> & { service: AlertService | null } = {
    clock,
    engine,
    notifier,
    store,
    service: null,
    events: [],
    lists: [],
    rules: opts.rules,
    prefs: { ...alertPrefsOf({}), ...opts.prefs },
    log: () => h.events.map((e) => `${e.state} ${e.severity} ${e.rule} ${e.connection}:${e.id} ${e.value}`),
  }
  const service = await createAlertService({
    engine,
    clock,
    notifier,
    store,
    // Read through the harness, so a test can swap rules and prefs.
    rules: () => h.rules,
    prefs: () => h.prefs,
    log: memoryLogger(),
    timezoneOffset: () => opts.offsetMinutes ?? 0,
    webhooks: opts.webhooks,
  })
  service.events.subscribe((e) => h.events.push(e))
  service.changes.subscribe((l) => h.lists.push(l))
  h.service = service
  return h as Harness
}

/**
 * An alert service on `engine` whose rules and prefs are those of `settings` (read at every evaluation, as the app
 * does), with a recording notifier and an in-memory state store.
 */
export function alertServiceOn(
  engine: AlertServiceDeps['engine'],
  clock: FakeClock,
  settings: { current(): Config },
  log: Logger = memoryLogger(),
): Promise<AlertService> {
  return createAlertService({
    engine,
    clock,
    notifier: new RecordingNotifier(clock),
    store: createMemoryAlertStore(),
    rules: () => settings.current().rules,
    prefs: () => alertPrefsOf(settings.current().prefs),
    log,
  })
}
