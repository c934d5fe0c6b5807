/**
 * Rows of the live view kept from snapshots and patches rather than from vendor data: the holder keeps one per
 * connection to publish its whole state, a viewer keeps the merged board of its site and sends the renderer its
 * own `live:patch` sequence (the renderer contract does not change in team mode).
 */
import {
  COLLECTION_NAMES,
  type CollectionName,
  type ConnectionStatus,
  type LiveCollections,
  type LivePatch,
  type LiveRow,
  type LiveState,
} from '../../src-shared/live'

type Row = { key: string; connection: string } & Record<string, unknown>
type EntityCollection = Exclude<CollectionName, 'connections'>
const ENTITY_COLLECTIONS = COLLECTION_NAMES.filter((c): c is EntityCollection => c !== 'connections')

/** `raw` is vendor debugging detail (≈ 650 B per agent): it does not travel to every viewer. */
export function withoutRaw<T extends object>(row: T): T {
  return 'raw' in row && (row as { raw: unknown }).raw !== null ? { ...row, raw: null } : row
}

export function emptyCollections(): LiveCollections {
  return { connections: [], agents: [], queues: [], chatRooms: [], chatMessages: [], metrics: [] }
}

export class TeamBoard {
  private seq = 0
  private readonly rows: Record<EntityCollection, Map<string, Row>> = Object.fromEntries(
    ENTITY_COLLECTIONS.map((c) => [c, new Map()]),
  ) as Record<EntityCollection, Map<string, Row>>
  private readonly statuses = new Map<string, ConnectionStatus>()
  private upserts = new Map<CollectionName, Map<string, unknown>>()
  private removed = new Map<CollectionName, Set<string>>()

  /** Fold a patch in (rows of any connection it carries). */
  applyPatch(p: Pick<LivePatch, 'upserts' | 'removed'>, onlyConnection?: string): void {
    for (const c of ENTITY_COLLECTIONS) {
      for (const key of p.removed[c] ?? []) {
        if (onlyConnection !== undefined && !key.startsWith(`${onlyConnection}:`)) continue
        if (this.rows[c].delete(key)) this.markRemoved(c, key)
      }
      for (const row of (p.upserts[c] ?? []) as unknown as Row[]) {
        if (onlyConnection !== undefined && row.connection !== onlyConnection) continue
        const r = withoutRaw(row)
        this.rows[c].set(r.key, r)
        this.markUpsert(c, r.key, r)
      }
    }
    for (const id of p.removed.connections ?? []) {
      if (onlyConnection !== undefined && id !== onlyConnection) continue
      if (this.statuses.delete(id)) this.markRemoved('connections', id)
    }
    for (const s of p.upserts.connections ?? []) {
      if (onlyConnection !== undefined && s.id !== onlyConnection) continue
      this.setStatus(s)
    }
  }

  /** Make `conn`'s rows exactly those of `state` (a snapshot taken over from the team). */
  replaceConnection(conn: string, state: LiveCollections): void {
    for (const c of ENTITY_COLLECTIONS) {
      const keep = new Set<string>()
      for (const row of state[c] as unknown as Row[]) {
        if (row.connection !== conn) continue
        const r = withoutRaw(row)
        keep.add(r.key)
        this.rows[c].set(r.key, r)
        this.markUpsert(c, r.key, r)
      }
      for (const [key, row] of this.rows[c]) {
        if (row.connection === conn && !keep.has(key)) {
          this.rows[c].delete(key)
          this.markRemoved(c, key)
        }
      }
    }
    const status = state.connections.find((s) => s.id === conn)
    if (status) this.setStatus(status)
  }

  removeConnection(conn: string): void {
    for (const c of ENTITY_COLLECTIONS) {
      for (const [key, row] of this.rows[c]) {
        if (row.connection === conn) {
          this.rows[c].delete(key)
          this.markRemoved(c, key)
        }
      }
    }
    if (this.statuses.delete(conn)) this.markRemoved('connections', conn)
  }

  setStatus(s: ConnectionStatus): void {
    this.statuses.set(s.id, s)
    this.markUpsert('connections', s.id, s)
  }

  status(id: string): ConnectionStatus | undefined {
    return this.statuses.get(id)
  }

  allStatuses(): ConnectionStatus[] {
    return [...this.statuses.values()]
  }

  /** One connection's rows and status (what the holder puts in `fw_live`). */
  collections(conn: string): LiveCollections {
    const out = emptyCollections()
    for (const c of ENTITY_COLLECTIONS) {
      ;(out as unknown as Record<EntityCollection, Row[]>)[c] = [...this.rows[c].values()].filter(
        (r) => r.connection === conn,
      )
    }
    const s = this.statuses.get(conn)
    if (s) out.connections = [s]
    return out
  }

  hasPending(): boolean {
    return this.upserts.size > 0 || this.removed.size > 0
  }

  takePatch(now: number, paused: boolean): LivePatch | null {
    if (!this.hasPending()) return null
    const patch: LivePatch = { seq: ++this.seq, serverNow: now, paused, upserts: {}, removed: {} }
    for (const [c, rows] of this.upserts)
      if (rows.size > 0) (patch.upserts as Record<string, unknown[]>)[c] = [...rows.values()]
    for (const [c, keys] of this.removed) if (keys.size > 0) patch.removed[c] = [...keys]
    this.upserts = new Map()
    this.removed = new Map()
    return patch
  }

  /** One row as this viewer has it (team rows carry no `raw`), or null. */
  row(key: string): LiveRow | null {
    for (const c of ENTITY_COLLECTIONS) {
      const row = this.rows[c].get(key)
      if (row) return { collection: c, row } as unknown as LiveRow
    }
    return null
  }

  /** The whole view; pending changes are folded in and not sent again. */
  getState(now: number, paused: boolean): LiveState {
    const p = this.takePatch(now, paused)
    const state: LiveState = {
      seq: p?.seq ?? this.seq,
      serverNow: now,
      paused,
      ...emptyCollections(),
      connections: [...this.statuses.values()],
    }
    for (const c of ENTITY_COLLECTIONS)
      (state as unknown as Record<EntityCollection, Row[]>)[c] = [...this.rows[c].values()]
    return state
  }

  private markUpsert(c: CollectionName, key: string, row: unknown): void {
    let m = this.upserts.get(c)
    if (!m) this.upserts.set(c, (m = new Map()))
    m.set(key, row)
    this.removed.get(c)?.delete(key)
  }

  private markRemoved(c: CollectionName, key: string): void {
    this.upserts.get(c)?.delete(key)
    let s = this.removed.get(c)
    if (!s) this.removed.set(c, (s = new Set()))
    s.add(key)
  }
}
