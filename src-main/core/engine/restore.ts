/**
 * The board a previous run saved, back on screen until fresh data arrives ({@link restoreConnection}), and what is
 * worth saving for the next run ({@link exportCache}).
 */
import { formatAge } from '../../../src-shared/format/duration'
import type { ConnectionStatus } from '../../../src-shared/live'
import { nameTeams } from '../../../src-shared/teams'
import { withUserChoices } from './user-choices'
import type { ProviderSnapshot } from '../../../src-shared/model'
import type { CachedSeries, EngineCache } from './cached-state'
import { countsOf, type Running } from './connection-status'
import type { LiveStore } from './live-store'
import { OFFLINE_DETAIL, type NetworkState } from './network-watch'

export interface RestoreContext {
  running: ReadonlyMap<string, Running>
  store: LiveStore
  network: Pick<NetworkState, 'online' | 'cause'>
  publish: (r: Running, change: Partial<ConnectionStatus>) => void
}

/** Show one cached connection, or say why not. */
export function restoreConnection(
  ctx: RestoreContext,
  c: EngineCache['connections'][number],
  series: CachedSeries[],
  now: number,
): { ok: true } | { ok: false; why: string } {
  const { store, network } = ctx
  const r = ctx.running.get(c.id)
  if (!r) return { ok: false, why: 'not in the config (or disabled)' }
  if (c.provider !== r.config.provider || c.identity !== r.identity) {
    return { ok: false, why: 'the connection now points at another vendor, address, tenant or options' }
  }
  if (r.last !== null) return { ok: false, why: 'fresh data is already here' }
  const intervalMs = r.config.pollSeconds * 1000
  const snapshot: ProviderSnapshot = {
    ...withUserChoices(c.snapshot, r.config),
    connection: c.id,
    provider: c.provider,
    agents: nameTeams(c.snapshot.agents, r.config.teamNames ?? {}),
  }
  store.applySnapshot(snapshot, intervalMs, { record: false })
  store.history.load(c.id, intervalMs, series)
  store.history.gap(c.id, now)
  r.last = snapshot
  r.restored = true
  r.gap = 'restart'
  const age = formatAge(now - snapshot.asOf)
  // A failure seen before the restore (restore called late) keeps its state: it is the more current news.
  const state = !network.online ? 'offline' : r.lastFailure !== null ? r.status.state : 'stale'
  const detail = !network.online
    ? `${OFFLINE_DETAIL[network.cause ?? 'os']}; last known data from ${age} ago`
    : r.lastFailure !== null
      ? r.status.detail
      : `last known data from ${age} ago; connecting`
  ctx.publish(r, {
    state,
    detail,
    lastOkAt: snapshot.asOf,
    health: snapshot.health,
    stale: true,
    warnings: snapshot.warnings.slice(0, 50),
    counts: countsOf(snapshot),
  })
  return { ok: true }
}

/** The last good snapshot of every running connection and the history rings behind them. */
export function exportCache(running: Iterable<Running>, store: LiveStore, now: number): EngineCache {
  const connections: EngineCache['connections'] = []
  for (const r of running) {
    if (r.last === null) continue
    connections.push({
      id: r.config.id,
      provider: r.config.provider,
      identity: r.identity,
      lastOkAt: r.last.asOf,
      snapshot: r.last,
    })
  }
  const kept = new Set(connections.map((c) => c.id))
  const history = store.history.dump().filter((s) => kept.has(s.connection))
  return { savedAt: now, connections, history }
}
