/**
 * What the engine hands to the state cache and takes back on the next start: the last good snapshot of every
 * connection and the history rings. The file format, its bounds and its validation live in
 * persistence/state-file.ts; this is the in-memory shape both sides agree on.
 */
import type { ConnectionConfig } from '../../../src-shared/config'
import type { ProviderId, ProviderSnapshot } from '../../../src-shared/model'

export interface CachedConnection {
  id: string
  provider: ProviderId
  /** {@link cacheIdentity} of the connection the snapshot came from: data of another tenant is never shown. */
  identity: string
  /** asOf (epoch ms) of the snapshot. */
  lastOkAt: number
  snapshot: ProviderSnapshot
}

export interface CachedSeries {
  key: string
  connection: string
  /** [epoch ms, value]; null = a gap. */
  points: [number, number | null][]
}

export interface EngineCache {
  /** epoch ms the engine state was taken. */
  savedAt: number
  connections: CachedConnection[]
  history: CachedSeries[]
}

export interface RestoreResult {
  /** Connections whose cached board is now shown. */
  restored: string[]
  /** Cached connections left out, and why (gone from the config, pointed elsewhere, fresher data already here). */
  ignored: { id: string; why: string }[]
}

/**
 * Where a connection's data comes from: the vendor, its address, the tenant / user and the options. The poll
 * interval and the label are left out (changing them does not change whose data it is).
 */
export function cacheIdentity(
  c: Pick<ConnectionConfig, 'provider' | 'baseUrl' | 'username' | 'options'>,
): string {
  return JSON.stringify([c.provider, c.baseUrl, c.username, sortKeys(c.options)])
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    )
  }
  return v
}
