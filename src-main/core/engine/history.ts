/**
 * The bounded history the charts read (docs/ARCHITECTURE.md §3.4): per series a ring of [time, value] points,
 * `null` for a gap. Values live in typed arrays (NaN = gap) so eight hours of a busy tenant stay a few MB.
 */
import type { HistorySeries } from '../../../src-shared/live'

export const HISTORY_SPAN_MS = 8 * 3600_000
const MIN_CAPACITY = 60
const MAX_CAPACITY = 5_760

export function capacityFor(intervalMs: number): number {
  return Math.min(
    MAX_CAPACITY,
    Math.max(MIN_CAPACITY, Math.ceil(HISTORY_SPAN_MS / Math.max(1, intervalMs)) + 1),
  )
}

export class Ring {
  private readonly t: Float64Array
  private readonly v: Float64Array
  private start = 0
  private size = 0

  constructor(readonly capacity: number) {
    this.t = new Float64Array(capacity)
    this.v = new Float64Array(capacity)
  }

  get length(): number {
    return this.size
  }

  lastTime(): number | null {
    return this.size === 0 ? null : (this.t[(this.start + this.size - 1) % this.capacity] ?? null)
  }

  lastIsGap(): boolean {
    return this.size > 0 && Number.isNaN(this.v[(this.start + this.size - 1) % this.capacity])
  }

  push(at: number, value: number | null): void {
    // Time never runs backwards inside a series; a late point is dropped rather than reordering.
    const last = this.lastTime()
    if (last !== null && at < last) return
    const i = (this.start + this.size) % this.capacity
    this.t[i] = at
    this.v[i] = value === null ? Number.NaN : value
    if (this.size < this.capacity) this.size += 1
    else this.start = (this.start + 1) % this.capacity
  }

  points(sinceMs: number): [number, number | null][] {
    const out: [number, number | null][] = []
    for (let k = 0; k < this.size; k++) {
      const i = (this.start + k) % this.capacity
      const t = this.t[i] as number
      if (t < sinceMs) continue
      const v = this.v[i] as number
      out.push([t, Number.isNaN(v) ? null : v])
    }
    return out
  }
}

/**
 * Most series one connection keeps (docs/ARCHITECTURE.md §3.4): a vendor whose ids keep changing (rooms or queues
 * renamed every poll) would otherwise add a ring per new id forever. Series of entities not seen for the whole
 * history span are freed first; past the cap, new ids get no trend until old ones are freed.
 */
export const MAX_SERIES_PER_CONNECTION = 2_000

/** All series of the app, grouped by connection so a removed connection drops its history. */
export class History {
  private readonly series = new Map<string, { connection: string; ring: Ring; seenAt: number }>()
  private readonly perConnection = new Map<string, number>()

  record(connection: string, intervalMs: number, at: number, values: Map<string, number | null>): void {
    this.forget(connection, at - HISTORY_SPAN_MS)
    let count = this.perConnection.get(connection) ?? 0
    for (const [key, value] of values) {
      let s = this.series.get(key)
      if (!s) {
        if (count >= MAX_SERIES_PER_CONNECTION) continue
        s = { connection, ring: new Ring(capacityFor(intervalMs)), seenAt: at }
        this.series.set(key, s)
        count += 1
      }
      s.seenAt = Math.max(s.seenAt, at)
      s.ring.push(at, value)
    }
    this.perConnection.set(connection, count)
  }

  /** Series a connection's polls last named before `before` (epoch ms): entities gone for the whole span. */
  private forget(connection: string, before: number): void {
    let count = this.perConnection.get(connection) ?? 0
    for (const [k, s] of this.series) {
      if (s.connection === connection && s.seenAt < before) {
        this.series.delete(k)
        count -= 1
      }
    }
    this.perConnection.set(connection, Math.max(0, count))
  }

  /** How many series a connection holds now. */
  seriesCount(connection: string): number {
    return this.perConnection.get(connection) ?? 0
  }

  /**
   * Break every series of a connection at `at` (a failed poll, offline, sleep, a restart): charts draw a gap. A
   * series whose last point is later than `at` (a vendor clock ahead of ours) gets the gap at that point's time, so
   * the break is never dropped as out of order.
   */
  gap(connection: string, at: number): void {
    for (const s of this.series.values()) {
      if (s.connection === connection && !s.ring.lastIsGap() && s.ring.length > 0) {
        s.ring.push(Math.max(at, s.ring.lastTime() ?? at), null)
      }
    }
  }

  /**
   * Put back series a previous run saved, for a connection with no live points yet (a key that already has a ring
   * is left alone). Rings are sized for the connection's interval now; the newest points win.
   */
  load(
    connection: string,
    intervalMs: number,
    series: { key: string; points: [number, number | null][] }[],
  ): void {
    for (const s of series) {
      if (this.series.has(s.key)) continue
      if (this.seriesCount(connection) >= MAX_SERIES_PER_CONNECTION) continue
      const ring = new Ring(capacityFor(intervalMs))
      for (const [t, v] of s.points) ring.push(t, v)
      this.series.set(s.key, { connection, ring, seenAt: ring.lastTime() ?? 0 })
      this.perConnection.set(connection, this.seriesCount(connection) + 1)
    }
  }

  /**
   * Put in the past a source knows, up to `until` (epoch ms; points oldest first per key). From a key's first
   * point to `until` the backfill wins over what the series held (a board saved by the previous run, with its
   * restart gap, which the source reproduces); points before and after that span stay.
   */
  backfill(
    connection: string,
    intervalMs: number,
    series: Map<string, [number, number | null][]>,
    until: number,
  ): void {
    for (const [key, points] of series) {
      const first = points[0]?.[0]
      if (first === undefined) continue
      const before = this.series.get(key)
      if (!before && this.seriesCount(connection) >= MAX_SERIES_PER_CONNECTION) continue
      const held = before?.ring.points(-Infinity) ?? []
      const ring = new Ring(capacityFor(intervalMs))
      for (const [t, v] of held) if (t < first) ring.push(t, v)
      for (const [t, v] of points) if (t <= until) ring.push(t, v)
      for (const [t, v] of held) if (t > until) ring.push(t, v)
      this.series.set(key, { connection, ring, seenAt: Math.max(before?.seenAt ?? 0, ring.lastTime() ?? 0) })
      if (!before) this.perConnection.set(connection, this.seriesCount(connection) + 1)
    }
  }

  drop(connection: string): void {
    for (const [k, s] of this.series) if (s.connection === connection) this.series.delete(k)
    this.perConnection.delete(connection)
  }

  get(keys: string[], sinceMs: number): HistorySeries[] {
    return keys.map((key) => ({ key, points: this.series.get(key)?.ring.points(sinceMs) ?? [] }))
  }

  keys(): string[] {
    return [...this.series.keys()]
  }

  /** The keys of one connection's series. */
  keysOf(connection: string): string[] {
    const out: string[] = []
    for (const [k, s] of this.series) if (s.connection === connection) out.push(k)
    return out
  }

  /** Everything, for persistence. */
  dump(): { key: string; connection: string; points: [number, number | null][] }[] {
    return [...this.series].map(([key, s]) => ({
      key,
      connection: s.connection,
      points: s.ring.points(-Infinity),
    }))
  }
}
