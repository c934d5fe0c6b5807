/**
 * The domain model (docs/ARCHITECTURE.md §4). It is also the headless NDJSON format, so field names and units
 * are a public contract: durations in seconds, instants in epoch ms UTC, percentages 0–100, `null` = unknown
 * / not provided (never -1, never ""). Every entity keeps `raw`, the vendor fields it came from.
 */

export const PROVIDER_IDS = ['giosg', 'brightpattern', 'thulium', '8x8', 'chronicall', 'simulator'] as const
export type ProviderId = (typeof PROVIDER_IDS)[number]

export const AGENT_STATES = [
  'available',
  'offered',
  'busy',
  'wrap_up',
  'not_ready',
  'offline_work',
  'logged_out',
  'unknown',
] as const
export type AgentState = (typeof AGENT_STATES)[number]

/** A count per agent state, every state at 0: the start of any tally of agents by state. */
export function zeroStateCounts(): Record<AgentState, number> {
  return Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>
}

/**
 * What a queue carries. `backoffice`: back-office work items (cases, tickets, letters) that, like email and
 * voicemail, are worked through over hours: a backlog, not customers on the line.
 */
export const MEDIA = ['voice', 'chat', 'email', 'voicemail', 'backoffice', 'other'] as const
export type Media = (typeof MEDIA)[number] | null

/**
 * Where a queue's `media` came from: the vendor's own field, the queue's name, or the user (the connection's
 * `queueMedia`); null when nobody could tell (then `media` is null too).
 */
export type MediaSource = 'vendor' | 'name' | 'user'

export type SnapshotHealth = 'ok' | 'warming_up' | 'partial'

export interface ProviderSnapshot {
  connection: string
  provider: ProviderId
  /** Epoch ms UTC the data describes (the vendor's Date header where it has one, else receive time). */
  asOf: number
  /** warming_up: Bright Pattern 204, Chronicall all-initializing; partial: some parts missing. */
  health: SnapshotHealth
  agents: Agent[]
  queues: Queue[]
  chatRooms: ChatRoom[]
  chatMessages: ChatMessage[]
  metrics: Metric[]
  /** e.g. unknown field spellings, unmapped states. */
  warnings: string[]
}

export interface AgentToday {
  handled: number | null
  rejected: number | null
  /** seconds */
  loginSec: number | null
  availableSec: number | null
  breakSec: number | null
  wrapUpSec: number | null
  avgHandleSec: number | null
  /**
   * seconds on contacts today (talking, handling, on hold: the vendor's busy or processing time). The board's
   * "idle" figure is `availableSec`: time available and waiting for a contact.
   */
  talkSec: number | null
  /** contacts offered to the agent and not answered today (ring-no-answer), where the vendor counts them apart from `rejected` */
  missed: number | null
}

export interface Agent {
  id: string
  name: string | null
  email: string | null
  state: AgentState
  rawState: string | null
  stateReason: string | null
  timeInStateSec: number | null
  /** epoch ms; asOf - timeInStateSec * 1000 */
  stateSince: number | null
  /**
   * The contact in progress is on hold (docs/ARCHITECTURE.md §4): a flag beside the state, which stays `busy`, so
   * every count, chip, strip and rule over states keeps meaning what it meant. `null`: the vendor does not say.
   */
  onHold: boolean | null
  /** seconds on the contact in progress (talk and hold so far) as of asOf; `null` when none or not given */
  contactSec: number | null
  /** epoch ms the contact in progress began; asOf - contactSec * 1000 */
  contactSince: number | null
  media: Media
  openInteractions: number | null
  freeCapacity: number | null
  groupIds: string[]
  /**
   * The teams' readable names, in the order of `groupIds` (null where none is known): the vendor's where it sends
   * them, the connection's `teamNames` over them (set by the engine, docs/ARCHITECTURE.md §4). Absent when no
   * name is known at all.
   */
  groupNames?: (string | null)[]
  queueIds: string[]
  today: AgentToday | null
  raw: unknown
}

export interface QueueToday {
  received: number | null
  answered: number | null
  abandoned: number | null
  avgWaitSec: number | null
  avgHandleSec: number | null
  serviceLevelPct: number | null
}

export interface QueueLast30m {
  queued: number | null
  answered: number | null
  abandoned: number | null
  avgWaitSec: number | null
  longestWaitSec: number | null
  serviceLevelPct: number | null
}

export interface Queue {
  id: string
  name: string
  media: Media
  /**
   * Where `media` came from. Set by the engine for every queue it passes on (parsers leave it out): the vendor's
   * media, else one read from the queue's name, and the user's choice over both (docs/ARCHITECTURE.md §4).
   */
  mediaFrom?: MediaSource | null
  waiting: number | null
  longestWaitSec: number | null
  avgWaitNowSec: number | null
  offered: number | null
  inProgress: number | null
  agentsAvailable: number | null
  agentsBusy: number | null
  agentsWrapUp: number | null
  agentsNotReady: number | null
  agentsLoggedIn: number | null
  agentsLoggedOut: number | null
  serviceLevelPct: number | null
  /** The service-level target in effect, 0–100: the vendor's, or the user's (config `targets`, {@link TargetOrigin}). */
  serviceLevelTargetPct: number | null
  /**
   * Seconds within which a contact counts towards the service level, in effect: the vendor's where it says, or the
   * user's. Parsers set it where the vendor gives one; the engine always sets it (null = nobody said).
   */
  serviceLevelThresholdSec?: number | null
  /** Where the target and threshold in effect came from; set by the engine for every queue it passes on. */
  targetOrigin?: TargetOrigin
  today: QueueToday | null
  last30m: QueueLast30m | null
  raw: unknown
}

/** Who set a service-level target or threshold in effect. */
export type TargetSource = 'vendor' | 'user'

/**
 * Where a queue's or chat room's service-level target and threshold in effect came from (src-shared/targets.ts): the
 * vendor's where it gives them, the user's where it does not, and the user's over the vendor's when the user chose to
 * override. The vendor's own values are kept, so taking the user's target away gives the vendor's back.
 */
export interface TargetOrigin {
  /** Source of `serviceLevelTargetPct` in effect; null = nobody set one. */
  pctFrom: TargetSource | null
  /** Source of `serviceLevelThresholdSec` in effect; null = nobody set one. */
  thresholdFrom: TargetSource | null
  /** What the vendor said (null = nothing). */
  vendorPct: number | null
  vendorThresholdSec: number | null
}

export interface ChatRoomToday {
  chats: number | null
  missed: number | null
  answered: number | null
  avgWaitSec: number | null
  maxWaitSec: number | null
  avgChatSec: number | null
  serviceLevelPct: number | null
  satisfactionPct: number | null
}

export interface ChatRoom {
  id: string
  name: string
  openChats: number | null
  waitingChats: number | null
  avgWaitNowSec: number | null
  maxWaitNowSec: number | null
  freeCapacity: number | null
  visitorsNow: number | null
  /**
   * The service-level target (0–100) and threshold (seconds) in effect, as for a queue. No chat vendor sends a target;
   * Thulium's threshold is the one its report is asked for (docs/vendors/thulium.md). The engine always sets them.
   */
  serviceLevelTargetPct?: number | null
  serviceLevelThresholdSec?: number | null
  targetOrigin?: TargetOrigin
  today: ChatRoomToday | null
  raw: unknown
}

export interface ChatMessage {
  id: string
  senderLogin: string | null
  senderName: string | null
  /** epoch ms */
  sentAt: number | null
  urgent: boolean
  text: string
}

export type MetricKind = 'count' | 'duration' | 'avg_duration' | 'boolean' | 'string' | 'percent' | 'number'

/** A live duration at time t = (baseSec + ratePerSec * (t - sinceMs) / 1000) / divisor */
export interface MetricLive {
  baseSec: number
  ratePerSec: number
  sinceMs: number
  divisor: number
}

export interface Metric {
  key: string
  metricId: string
  name: string | null
  category: { type: string; value: string } | null
  kind: MetricKind | null
  status: 'ok' | 'initializing' | 'no_data'
  /** durations in seconds as of asOf */
  value: number | string | boolean | null
  live: MetricLive | null
  updatedAt: number | null
  raw: unknown
}

/** Value of a live metric at instant `t` (epoch ms); see {@link MetricLive}. */
export function liveValueAt(live: MetricLive, t: number): number {
  return (live.baseSec + (live.ratePerSec * (t - live.sinceMs)) / 1000) / live.divisor
}

/** `stateSince` derived from a snapshot's `asOf` and a time in state (docs/ARCHITECTURE.md §4). */
export function stateSinceFrom(asOf: number, timeInStateSec: number | null): number | null {
  // A negative time in state (a vendor counting from a clock ahead of its own) is "just now", never the future.
  return timeInStateSec === null ? null : asOf - Math.max(0, timeInStateSec) * 1000
}

/** Today's figures with nothing known. `over` wins. */
export function blankAgentToday(over: Partial<AgentToday> = {}): AgentToday {
  return {
    handled: null,
    rejected: null,
    loginSec: null,
    availableSec: null,
    breakSec: null,
    wrapUpSec: null,
    avgHandleSec: null,
    talkSec: null,
    missed: null,
    ...over,
  }
}

/** An agent with nothing known: state `unknown`, every figure null, no groups or queues. `over` wins. */
export function blankAgent(id: string, over: Partial<Agent> = {}): Agent {
  return {
    id,
    name: null,
    email: null,
    state: 'unknown',
    rawState: null,
    stateReason: null,
    timeInStateSec: null,
    stateSince: null,
    onHold: null,
    contactSec: null,
    contactSince: null,
    media: null,
    openInteractions: null,
    freeCapacity: null,
    groupIds: [],
    queueIds: [],
    today: null,
    raw: null,
    ...over,
  }
}

/** A queue with nothing known: every figure, media, today and last30m null. `over` wins. */
export function blankQueue(id: string, name: string, over: Partial<Queue> = {}): Queue {
  return {
    id,
    name,
    media: null,
    waiting: null,
    longestWaitSec: null,
    avgWaitNowSec: null,
    offered: null,
    inProgress: null,
    agentsAvailable: null,
    agentsBusy: null,
    agentsWrapUp: null,
    agentsNotReady: null,
    agentsLoggedIn: null,
    agentsLoggedOut: null,
    serviceLevelPct: null,
    serviceLevelTargetPct: null,
    today: null,
    last30m: null,
    raw: null,
    ...over,
  }
}

/** A chat room with nothing known: every figure and today null. `over` wins. */
export function blankChatRoom(id: string, name: string, over: Partial<ChatRoom> = {}): ChatRoom {
  return {
    id,
    name,
    openChats: null,
    waitingChats: null,
    avgWaitNowSec: null,
    maxWaitNowSec: null,
    freeCapacity: null,
    visitorsNow: null,
    today: null,
    raw: null,
    ...over,
  }
}

/**
 * Connection states as the headless runner prints them and the board shows them (docs/ARCHITECTURE.md §7.2).
 * `paused`: polling is paused on purpose; the numbers are as old as the pause, and nothing is wrong.
 */
export const CONNECTION_STATES = [
  'connecting',
  'ok',
  'warming_up',
  'paused',
  'stale',
  'auth_failed',
  'offline',
  'unreachable',
  'rate_limited',
  'error',
] as const
export type ConnectionState = (typeof CONNECTION_STATES)[number]

/** Typed failures an adapter yields instead of throwing (docs/ARCHITECTURE.md §3.2). */
export const FAILURE_CODES = [
  'auth',
  'forbidden',
  'not_found',
  'rate_limited',
  'unavailable',
  'timeout',
  'network',
  'bad_response',
  'config',
] as const
export type FailureCode = (typeof FAILURE_CODES)[number]
