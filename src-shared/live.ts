/**
 * The live view the renderer draws: every entity of every connection, flattened into rows keyed by
 * `<connection>:<id>` (a connection id never contains ':'), plus one status per connection. Main sends it once
 * (`live:get`) and then `live:patch` events holding only what changed.
 */
import type {
  Agent,
  ChatMessage,
  ChatRoom,
  ConnectionState,
  Metric,
  ProviderId,
  Queue,
  SnapshotHealth,
} from './model'

export interface RowBase {
  /** `<connection>:<entity id>` */
  key: string
  connection: string
  provider: ProviderId
  /** asOf (epoch ms) of the snapshot this row came from. */
  asOf: number
}
export type AgentRow = Agent & RowBase
export type QueueRow = Queue & RowBase
export type ChatRoomRow = ChatRoom & RowBase
export type ChatMessageRow = ChatMessage & RowBase
export type MetricRow = Metric & RowBase

export interface ConnectionStatus {
  id: string
  label: string
  provider: ProviderId
  state: ConnectionState
  /** Human-readable reason for the state (vendor error text where there is one); never contains a secret. */
  detail: string | null
  /** asOf (epoch ms) of the last good snapshot, or null if none yet. */
  lastOkAt: number | null
  /** epoch ms of the last poll attempt that finished. */
  lastAttemptAt: number | null
  /** epoch ms the next poll is due, or null while paused / stopped. */
  nextPollAt: number | null
  /** Effective poll interval, seconds. */
  pollSeconds: number
  health: SnapshotHealth | null
  /** The last good snapshot is older than 3 × pollSeconds: show numbers as stale, never alert on them. */
  stale: boolean
  paused: boolean
  consecutiveFailures: number
  warnings: string[]
  counts: { agents: number; queues: number; chatRooms: number; chatMessages: number; metrics: number }
  /**
   * Why the data is not fresh, for the board's one banner (see StatusReason); null when nothing is wrong. Optional
   * only for producers that predate it: the engine always sets it.
   */
  reason?: StatusReason | null
  /** epoch ms the current `reason` began (e.g. offline since), or null. */
  reasonSince?: number | null
  /**
   * epoch ms until which the vendor asked us not to ask (Retry-After, cut to the vendor's cap), while that holds;
   * null otherwise. The board says "the vendor asked us to wait until 10:42" in the viewer's time.
   */
  waitUntil?: number | null
  /**
   * The vendor's clock minus this computer's, seconds, when it is beyond the window the engine corrects silently
   * (5 minutes); null otherwise. Data times always come from this computer's clock.
   */
  clockSkewSec?: number | null
}

/**
 * Why a connection's numbers are not fresh. Three conditions the supervisor acts on differently, kept apart:
 * - `offline`: this computer has no network (state `offline`): nothing to do with any vendor;
 * - `vendor`: the vendor cannot be reached or keeps failing (states `unreachable`, `error`, `rate_limited`, or
 *   `stale` when polls do not complete in time);
 * - `credentials`: the vendor rejected the credential (state `auth_failed`): someone must fix the token.
 * And passing ones: `cache`: the board shows what the previous run saved and no poll has answered yet;
 * `resuming`: the computer woke up, its network came back or polling resumed, and the first poll has not answered
 * yet; `paused`: polling is paused on purpose (state `paused`), so the numbers are as old as the pause.
 * In team mode (a board fed by the team's pollers over NATS): `team`: the team server cannot be reached, or no
 * poller of the team publishes this connection; the last board stays, stale after 3 × the interval.
 */
export type StatusReason = 'offline' | 'vendor' | 'credentials' | 'cache' | 'resuming' | 'paused' | 'team'

export interface LiveCollections {
  connections: ConnectionStatus[]
  agents: AgentRow[]
  queues: QueueRow[]
  chatRooms: ChatRoomRow[]
  chatMessages: ChatMessageRow[]
  metrics: MetricRow[]
}
export type CollectionName = keyof LiveCollections
export const COLLECTION_NAMES: readonly CollectionName[] = [
  'connections',
  'agents',
  'queues',
  'chatRooms',
  'chatMessages',
  'metrics',
]

export interface LiveState extends LiveCollections {
  /** Sequence number of the last patch folded into this state. */
  seq: number
  /** Main's clock (epoch ms) when the state was taken: the renderer ticks durations from it. */
  serverNow: number
  paused: boolean
}

/**
 * What changed since patch `seq - 1`. A renderer that sees a gap in `seq` asks for `live:get` again.
 * `upserts` rows replace the row with the same key whole; `removed` lists keys that are gone.
 */
export interface LivePatch {
  seq: number
  serverNow: number
  paused: boolean
  upserts: Partial<LiveCollections>
  removed: Partial<Record<CollectionName, string[]>>
}

/**
 * One row as main holds it now, `raw` included (`live:row`): rows in `live:get` and `live:patch` travel without
 * `raw`, and an agent's today-seconds (login, available, break, wrap-up) are sent only with another change.
 */
export type LiveRow =
  | { collection: 'agents'; row: AgentRow }
  | { collection: 'queues'; row: QueueRow }
  | { collection: 'chatRooms'; row: ChatRoomRow }
  | { collection: 'chatMessages'; row: ChatMessageRow }
  | { collection: 'metrics'; row: MetricRow }

export function rowKey(connection: string, id: string): string {
  return `${connection}:${id}`
}

/** History series are named `<kind>|<row key or group>|<field>`, e.g. `queue|demo:sales|waiting`. */
export type HistoryKind = 'queue' | 'chatRoom' | 'agentStates'
export function historyKey(kind: HistoryKind, key: string, field: string): string {
  return `${kind}|${key}|${field}`
}

/** A time series: [epoch ms, value]. A `null` value is a gap (no data then), which charts draw as a gap. */
export interface HistorySeries {
  key: string
  points: [number, number | null][]
}

/**
 * What kept a connection without fresh data: see CatchUp. `restart`: Floorwalker was not running; `paused`: polling
 * was paused on purpose.
 */
export type CatchUpReason = 'offline' | 'suspended' | 'restart' | 'vendor' | 'paused'

/** A "today" counter that moved while the board had no data (from Queue.today / ChatRoom.today). */
export interface CatchUpChange {
  entity: 'queue' | 'chatRoom'
  /** Row key `<connection>:<id>`. */
  key: string
  name: string
  /** The model's field under `today` (Queue: received, answered, abandoned; ChatRoom: chats, answered, missed). */
  field: 'received' | 'answered' | 'abandoned' | 'chats' | 'missed'
  before: number
  after: number
  /** after − before; null when the counter went down (the vendor's day rolled over and counting restarted). */
  delta: number | null
}

/**
 * The first fresh data after a gap longer than about two poll intervals (event `app:catchup`): how long the board
 * was blind and what the data shows happened meanwhile, e.g. "offline 14 min — 3 calls abandoned, 1 chat missed".
 */
export interface CatchUp {
  /** `<connection>:<from>`: one summary per gap per connection (a board dismisses it by this id). */
  id: string
  connection: string
  label: string
  reason: CatchUpReason
  /** asOf (epoch ms) of the last fresh data before the gap. */
  from: number
  /** asOf (epoch ms) of the first fresh data after it. */
  to: number
  /** to − from, seconds. */
  gapSec: number
  /**
   * Sums over the connection of what the counters show happened during the gap: calls received and abandoned,
   * chats and chats missed, contacts answered (queues and rooms); 0 when a counter was there on both sides and did
   * not move; null when the vendor reports no such counter (or every one of them restarted with a new day).
   */
  totals: {
    abandoned: number | null
    missed: number | null
    received: number | null
    chats: number | null
    answered: number | null
  }
  /**
   * Whether the vendor gives any day counter on both sides of the gap. False: nothing can be said about what
   * happened meanwhile (never "no change").
   */
  counted: boolean
  /** Counters that moved, biggest growth first (at most 50). */
  changes: CatchUpChange[]
  /**
   * The latest start of the connection's business day (config `businessDay`) inside the gap, epoch ms, or null: the
   * counters above are the vendor's day, and "today" on our side began again meanwhile.
   */
  businessDayStartedAt?: number | null
}
