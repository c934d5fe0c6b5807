import type { ConnectionConfig } from '../../../src-shared/config'
import type { FailureCode, ProviderSnapshot } from '../../../src-shared/model'
import type { Clock, Disposer, HttpClient, Logger, SocketConnector } from '../ports'

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
}

/** A typed failure: what went wrong, in words a supervisor can act on, never containing the secret. */
export interface ProviderFailure {
  code: FailureCode
  detail: string
  /** HTTP status, when there was one. */
  status?: number
  /** The vendor's own error text, when it sent one. */
  vendorMessage?: string
  /** From Retry-After (either form), ms from now. */
  retryAfterMs?: number
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
  /** Release vendor-side state (e.g. Bright Pattern's subscription slot). Must not throw. */
  dispose?(): Promise<void>
}

export type ProviderFactory = (ctx: ProviderContext) => ProviderAdapter
