import type { ConnectionConfig } from '../../../src-shared/config'
import type {
  AgentState,
  ChatRoom,
  ChatRoomToday,
  FailureCode,
  ProviderSnapshot,
  Queue,
  QueueToday,
} from '../../../src-shared/model'
import type { Clock, Disposer, HttpClient, Logger, LoopYield, SocketConnector } from '../ports'

/** Everything an adapter gets (docs/ARCHITECTURE.md §3.2): no globals, all injected. */
export interface ProviderContext {
  config: ConnectionConfig
  /** The connection's secret, or null when it has none (the adapter reports `auth` if it needs one). */
  secret: string | null
  http: HttpClient
  clock: Clock
  log: Logger
  /** WebSocket connections, for vendors that can push (Chronicall). */
  sockets: SocketConnector
  /** Called between the steps of long synchronous work (the simulator's catch-up), to keep the process answering. */
  loopYield?: LoopYield
}

/** A typed failure: what went wrong, in words a supervisor can act on, never containing the secret. */
export interface ProviderFailure {
  code: FailureCode
  detail: string
  /** HTTP status, when there was one. */
  status?: number
  /** The vendor's own error text, when it sent one. */
  vendorMessage?: string
  /** From Retry-After (either form), ms from now; at most the vendor's cap (VendorLimits.maxRetryAfterSec). */
  retryAfterMs?: number
  /** What the vendor asked for, ms, when it was more than the cap and `retryAfterMs` was cut to it. */
  retryAfterAskedMs?: number
  /** Will not clear by itself (e.g. Bright Pattern's subscription limit, a 404 base URL): `--once` stops waiting. */
  terminal?: boolean
}

export type PollResult =
  | {
      ok: true
      snapshot: ProviderSnapshot
      /** Ask to be polled again sooner than the interval (e.g. Chronicall partial, Bright Pattern 204). ms. */
      pollAgainInMs?: number
    }
  | { ok: false; failure: ProviderFailure }

/** What a connection test can add beyond counts (Bright Pattern dispositions, Chronicall metric list). */
export interface ProviderExtras {
  title: string
  items: string[]
}

/**
 * One past instant for the trend charts: only the figures the history ring keeps (docs/ARCHITECTURE.md §3.4).
 */
export interface HistorySample {
  /** epoch ms */
  asOf: number
  /** `today`: the vendor's day counters where it has them (kept for counts over a period, the shift report). */
  queues: (Pick<Queue, 'id' | 'waiting' | 'longestWaitSec' | 'serviceLevelPct'> & {
    today?: Pick<QueueToday, 'received' | 'answered' | 'abandoned'> | null
  })[]
  chatRooms: (Pick<ChatRoom, 'id' | 'waitingChats' | 'maxWaitNowSec'> & {
    today?: Pick<ChatRoomToday, 'chats' | 'answered' | 'missed'> | null
  })[]
  /** agents per state, per group id and for the whole connection under group "*" */
  agentStates: { group: string; counts: Record<AgentState, number> }[]
}

/**
 * One connection's vendor adapter. `poll` runs one whole cycle (all requests, all pages) and never throws for
 * an expected failure. The poller guarantees no two polls of one adapter overlap.
 */
export interface ProviderAdapter {
  poll(signal: AbortSignal): Promise<PollResult>
  /** Extra facts for the connection test (optional). */
  extras?(signal: AbortSignal): Promise<ProviderExtras[]>
  /**
   * Push: call `emit` with each snapshot the vendor pushes between polls (Chronicall's WebSocket). The poller
   * keeps polling at the interval as a safety net. Returns a disposer that closes the feed.
   */
  watch?(emit: (snapshot: ProviderSnapshot) => void): Disposer
  /**
   * The trend figures of the time before the connection started, every `stepMs` (ms) from `sinceMs` (epoch ms),
   * for a source that knows its own past (the simulator: today so far). The engine asks once, before the first
   * poll, and records them in the history ring, so trends are full at first start. Must not throw.
   */
  backfill?(sinceMs: number, stepMs: number): Promise<HistorySample[]>
  /**
   * The trend figures of any past span [from, to) every `stepMs`, for a source that can compute its past (the
   * simulator: any day is a function of its seed and date), so the history's past days can be filled
   * (persistence/history-archive.ts). Must not disturb what `poll` returns.
   */
  past?(from: number, to: number, stepMs: number): Promise<HistorySample[]>
  /** Release vendor-side state (e.g. Bright Pattern's subscription slot). Must not throw. */
  dispose?(): Promise<void>
}

export type ProviderFactory = (ctx: ProviderContext) => ProviderAdapter
