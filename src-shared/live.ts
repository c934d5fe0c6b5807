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
}

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
