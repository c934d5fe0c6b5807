/**
 * A running connection's status as the board and the tray see it: its state with a `reason` (offline, credentials,
 * vendor, cache, resuming) and since when that reason holds, and what the engine keeps per connection to say so.
 */
import type { ConnectionConfig } from '../../../src-shared/config'
import type { CatchUpReason, ConnectionStatus, StatusReason } from '../../../src-shared/live'
import type { FailureCode, ProviderSnapshot } from '../../../src-shared/model'
import type { Disposer } from '../ports'
import type { ProviderAdapter } from '../providers/types'
import type { NetworkState } from './network-watch'
import { OFFLINE_DETAIL } from './network-watch'
import type { Poller } from './poller'
import type { VendorGuard } from './vendor-guard'

/**
 * A connection whose last good snapshot is older than this many intervals is stale
 * (docs/ARCHITECTURE.md §3.5).
 */
export const STALE_AFTER_INTERVALS = 3

/** One enabled connection while the engine runs it. */
export interface Running {
  config: ConnectionConfig
  print: string
  identity: string
  poller: Poller | null
  adapter: ProviderAdapter | null
  status: ConnectionStatus
  staleTimer: Disposer | null
  generation: number
  /** The last good (not warming-up) snapshot: fresh, or restored from the cache. */
  last: ProviderSnapshot | null
  /** Showing what a previous run saved; no fresh data since. */
  restored: boolean
  /** Woke up or back online; the first poll since has not answered. */
  resuming: boolean
  /** Failure code of the latest finished attempt; null after a success or before any attempt. */
  lastFailure: FailureCode | null
  /** Why fresh data stopped, while it is stopped (for the catch-up summary). */
  gap: CatchUpReason | null
  /** Closes the adapter's push feed (Chronicall's WebSocket), if it has one. */
  unwatch: Disposer | null
  /** The connection's caps, redirect policy and vendor clock measurement, once launched. */
  guard: VendorGuard | null
}

/**
 * Machine-level causes explain a gap better than a vendor failure seen just before them, and a pause the user chose
 * explains it best of all.
 */
const GAP_PRIORITY: Record<CatchUpReason, number> = {
  vendor: 0,
  offline: 1,
  suspended: 2,
  restart: 3,
  paused: 4,
}

/** Fresh data stopped for `reason` (a stronger reason replaces a weaker one). */
export function openGap(r: Running, reason: CatchUpReason): void {
  if (r.last === null) return
  if (r.gap === null || GAP_PRIORITY[reason] > GAP_PRIORITY[r.gap]) r.gap = reason
}

export function isStale(r: Running, now: number): boolean {
  return (
    r.status.lastOkAt !== null &&
    now - r.status.lastOkAt > STALE_AFTER_INTERVALS * r.config.pollSeconds * 1000
  )
}

function reasonFor(r: Running, s: ConnectionStatus): StatusReason | null {
  switch (s.state) {
    case 'offline':
      return 'offline'
    case 'paused':
      return 'paused'
    case 'auth_failed':
      return 'credentials'
    case 'unreachable':
    case 'error':
    case 'rate_limited':
      return 'vendor'
    case 'stale':
      return r.restored ? 'cache' : r.resuming ? 'resuming' : 'vendor'
    case 'connecting':
      return r.resuming ? 'resuming' : null
    case 'ok':
    case 'warming_up':
      return null
  }
}

/** Fill in `reason` and `reasonSince` (kept while the reason stays the same). */
export function withReason(
  r: Running,
  next: ConnectionStatus,
  before: ConnectionStatus | null,
  offlineSince: number | null,
  now: number,
): ConnectionStatus {
  const reason = reasonFor(r, next)
  let since: number | null = null
  if (reason === 'offline') since = offlineSince ?? now
  else if (reason !== null) since = before?.reason === reason ? (before.reasonSince ?? now) : now
  return { ...next, reason, reasonSince: since }
}

export function countsOf(s: ProviderSnapshot): ConnectionStatus['counts'] {
  return {
    agents: s.agents.length,
    queues: s.queues.length,
    chatRooms: s.chatRooms.length,
    chatMessages: s.chatMessages.length,
    metrics: s.metrics.length,
  }
}

/** A (re)started connection's first status; a restart keeps what the previous run of it knew. */
export function initialStatus(
  c: ConnectionConfig,
  prev: ConnectionStatus | undefined,
  network: Pick<NetworkState, 'online' | 'cause'>,
  paused: boolean,
): ConnectionStatus {
  return {
    id: c.id,
    label: c.label,
    provider: c.provider,
    state: paused ? 'paused' : network.online ? 'connecting' : 'offline',
    detail: paused ? 'polling paused' : network.online ? null : OFFLINE_DETAIL[network.cause ?? 'os'],
    lastOkAt: prev?.lastOkAt ?? null,
    lastAttemptAt: null,
    nextPollAt: null,
    pollSeconds: c.pollSeconds,
    health: prev?.health ?? null,
    stale: prev?.lastOkAt != null,
    paused,
    consecutiveFailures: 0,
    warnings: [],
    counts: prev?.counts ?? { agents: 0, queues: 0, chatRooms: 0, chatMessages: 0, metrics: 0 },
    reason: null,
    reasonSince: null,
    waitUntil: null,
    clockSkewSec: null,
  }
}

/** Nothing at all in a snapshot: no agents, queues, chat rooms or metrics (messages live in rooms). */
export function isHollow(s: ProviderSnapshot): boolean {
  return s.agents.length === 0 && s.queues.length === 0 && s.chatRooms.length === 0 && s.metrics.length === 0
}

/** "12 agents and 3 queues": what a snapshot held, for the warning when the next one holds nothing. */
export function heldText(s: ProviderSnapshot): string {
  const parts = (
    [
      [s.agents.length, 'agent'],
      [s.queues.length, 'queue'],
      [s.chatRooms.length, 'chat room'],
      [s.metrics.length, 'metric'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, w]) => `${n} ${w}${n === 1 ? '' : 's'}`)
  return parts.length <= 1 ? (parts[0] ?? 'nothing') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
}

/** "10:42": the wall-clock time of this computer, for sentences in logs and the headless output. */
export function clockText(at: number): string {
  const d = new Date(at)
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`
}
