/**
 * History kept for days (docs/ARCHITECTURE.md §3.7, "History days"): every connection's trend series at one-minute
 * resolution, one file per business day per connection, `<dir>/history/<connection>/<YYYY-MM-DD>.json` (format:
 * history-day-file.ts). What the charts overlay as "last week" and what a rule preview replays for a past day.
 *
 * - Captured from the engine's history ring once a minute (the new points only, folded into minutes), written
 *   every five minutes while something changed, at a business-day change, and at quit ({@link HistoryArchive.flush}).
 * - Written crash-safely (atomic-file.ts `writeFileAtomic`: temp file, fsync, rename, fsync the folder): a crash
 *   at any point leaves the previous file or the new one.
 * - Read at start: every file is parsed and validated; one that does not (torn, edited, another version) is moved
 *   aside as `<name>.corrupt-<timestamp>` and reported with its path; the other days are unaffected.
 * - Bounded: days older than {@link RETENTION_DAYS} business days are removed, and the folder is kept under
 *   {@link DEFAULT_MAX_BYTES} by removing the oldest days first (today's files are never removed for it).
 *
 * Core: no clock but the injected one; the file system only through this module, as the state cache does.
 */
import { Buffer } from 'node:buffer'
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { businessDate, businessDayRange, type BusinessDay } from '../../../src-shared/business-day'
import { businessDayOf, type Config } from '../../../src-shared/config'
import type { HistorySeries } from '../../../src-shared/live'
import { messageOf } from '../../../src-shared/result'
import type { LocalEngine } from '../engine'
import type { Clock, Disposer, Logger } from '../ports'
import {
  fileTimestamp,
  parseJsonText,
  writeFileAtomic,
  type FileProblem,
  type WriteResult,
} from './atomic-file'
import {
  dayPoints,
  emptyDay,
  encodeHistoryDay,
  foldPoints,
  MINUTE_MS,
  validateHistoryDay,
  type HistoryDay,
  type MinuteStat,
} from './history-day-file'

export const HISTORY_DIR = 'history'
/** Past business days kept besides today: a week ago plus one, so "the same day last week" is there all day. */
export const RETENTION_DAYS = 8
/**
 * The bound on the whole history folder, bytes. A simulator day is about 0.6 MiB on the demo floor and 0.7 MiB at
 * 2,000 agents (`npm run bench -- history`, docs/BENCHMARKS.md): nine days of one connection take about 6.5 MiB, so
 * the bound holds nine days of about ten such connections; past it the oldest days go first.
 */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024
export const DEFAULT_CAPTURE_EVERY_MS = 60_000
export const DEFAULT_WRITE_EVERY_MS = 5 * 60_000
const DAY_MS = 86_400_000
/** Parsed past days kept in memory for charts and previews that ask again. */
const CACHED_DAYS = 12
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/
const CORRUPT_FILE = /^(\d{4}-\d{2}-\d{2})\.json\.corrupt-/

/** What the archive reads from: the engine (the ring and the config in effect). */
export interface HistorySource {
  config(): Config | null
  /** Every series key of a connection the ring holds now. */
  historyKeys(connection: string): string[]
  history(keys: string[], sinceMs: number): HistorySeries[]
}

/** A day on disk. */
export interface StoredDay {
  connection: string
  date: string
  from: number
  to: number
  bytes: number
}

export interface HistoryArchiveLoad {
  days: number
  /** Day files that could not be used, each moved aside (or left, when moving failed) and skipped. */
  problems: FileProblem[]
  /** The problems in words, each naming the file. */
  messages: string[]
  /** Files removed for the retention period or the size bound. */
  removed: string[]
}

export interface HistoryArchiveOptions {
  /** The user-data folder (or the headless `--state DIR`); files go under `<dir>/history/`. */
  dir: string
  clock: Clock
  log: Logger
  /** Past business days kept (default {@link RETENTION_DAYS}). */
  retentionDays?: number
  /** Bound on the folder, bytes (default {@link DEFAULT_MAX_BYTES}). */
  maxBytes?: number
  captureEveryMs?: number
  writeEveryMs?: number
}

interface Current {
  day: HistoryDay
  /** Minutes before this instant are folded in; the next capture starts at this minute. */
  capturedTo: number
  dirty: boolean
}

/** A samples source for a past day: series key → points (oldest first), or null when it knows no past. */
export type PastSampler = (from: number, to: number) => Promise<Map<string, [number, number | null][]> | null>

export class HistoryArchive {
  readonly root: string
  private readonly retentionDays: number
  private readonly maxBytes: number
  /** connection → date → what is on disk. */
  private readonly index = new Map<string, Map<string, StoredDay>>()
  /** Set-aside corrupt copies: path → bytes and date (pruned as days). */
  private readonly corrupt = new Map<string, { connection: string; date: string; bytes: number }>()
  /** Today's day per connection, as it is built. */
  private readonly current = new Map<string, Current>()
  private readonly cache = new Map<string, HistoryDay>()
  private source: HistorySource | null = null
  private timer: Disposer | null = null
  private lastWriteAt: number
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly o: HistoryArchiveOptions) {
    this.root = join(o.dir, HISTORY_DIR)
    this.retentionDays = o.retentionDays ?? RETENTION_DAYS
    this.maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES
    this.lastWriteAt = o.clock.now()
  }

  /** Where a connection's day lives. */
  pathOf(connection: string, date: string): string {
    return join(this.root, encodeURIComponent(connection), `${date}.json`)
  }

  /**
   * Read every day file: each is validated (a bad one is moved aside, reported with its path and skipped), days past
   * the retention period are removed, the folder is brought under its bound, and today's file of each connection
   * becomes the day the next captures add to. Never throws for a bad or missing file.
   */
  load(config: Config | null = null): Promise<HistoryArchiveLoad> {
    return this.serialized(async () => {
      const problems: FileProblem[] = []
      let folders: string[] = []
      try {
        folders = await readdir(this.root)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
          problems.push({ file: this.root, movedTo: null, message: `could not be read: ${messageOf(e)}` })
      }
      for (const folder of folders) {
        let connection: string
        try {
          connection = decodeURIComponent(folder)
        } catch {
          continue
        }
        const dir = join(this.root, folder)
        const names = await readdir(dir).catch(() => [] as string[])
        for (const name of names) {
          const path = join(dir, name)
          const corrupt = CORRUPT_FILE.exec(name)
          if (corrupt) {
            const size = await stat(path).then(
              (s) => s.size,
              () => 0,
            )
            this.corrupt.set(path, { connection, date: corrupt[1] as string, bytes: size })
            continue
          }
          const m = DAY_FILE.exec(name)
          if (!m) continue
          const date = m[1] as string
          const r = await this.readDay(path, connection, date)
          if (r.ok) {
            this.remember(connection, { connection, date, from: r.day.from, to: r.day.to, bytes: r.bytes })
          } else {
            problems.push(r.problem)
          }
        }
      }
      const removed = await this.pruneNow(config)
      // Today's file, where there is one, is where the next captures continue.
      if (config) {
        const now = this.o.clock.now()
        for (const c of config.connections) {
          const date = businessDate(businessDayOf(c), now)
          if (this.index.get(c.id)?.has(date)) {
            const day = await this.dayNow(c.id, date)
            if (day) this.current.set(c.id, { day, capturedTo: day.from, dirty: false })
          }
        }
      }
      const messages = problems.map(
        (p) =>
          `history day ${p.file}: ${p.message}${p.movedTo ? ` (moved aside to ${p.movedTo}; the other days are kept)` : ''}`,
      )
      for (const m of messages) this.o.log.warn(m)
      return { days: [...this.index.values()].reduce((n, d) => n + d.size, 0), problems, messages, removed }
    })
  }

  /** Follow `source`: capture once a minute, write every few minutes while something changed. */
  attach(source: HistorySource): Disposer {
    this.source = source
    const every = this.o.captureEveryMs ?? DEFAULT_CAPTURE_EVERY_MS
    const tick = () => {
      this.timer = this.o.clock.setTimer(every, () => {
        this.capture()
        if (this.o.clock.now() - this.lastWriteAt >= (this.o.writeEveryMs ?? DEFAULT_WRITE_EVERY_MS))
          void this.write()
        tick()
      })
    }
    tick()
    return () => {
      this.timer?.()
      this.timer = null
      this.source = null
    }
  }

  /**
   * Fold what the ring holds since the last capture into each connection's day. A business day that ended is
   * written and its successor started. Synchronous: what is captured is the ring at the moment of the call.
   */
  capture(source: HistorySource | null = this.source): void {
    const config = source?.config()
    if (!source || !config) return
    const now = this.o.clock.now()
    for (const c of config.connections) {
      const bd = businessDayOf(c)
      let cur = this.current.get(c.id)
      const range = businessDayRange(bd, now)
      if (cur && cur.day.from !== range.from) {
        // The day ended: fold its tail, write it, start the next.
        this.fold(source, c.id, cur, cur.day.to)
        const ended = cur
        void this.serialized(() => this.writeDay(ended))
        cur = undefined
        this.current.delete(c.id)
      }
      if (!cur) {
        cur = {
          day: emptyDay(c.id, businessDate(bd, now), range.from, range.to),
          capturedTo: range.from,
          dirty: false,
        }
        this.current.set(c.id, cur)
      }
      this.fold(source, c.id, cur, now)
    }
  }

  private fold(source: HistorySource, connection: string, cur: Current, until: number): void {
    const since = cur.capturedTo
    const keys = source.historyKeys(connection)
    if (keys.length === 0) return
    let set = 0
    for (const s of source.history(keys, since)) set += foldPoints(cur.day, s.key, s.points, since)
    if (set > 0) cur.dirty = true
    // The minute in progress is folded again next time, with its later points.
    cur.capturedTo = Math.max(cur.day.from, Math.floor(Math.min(until, cur.day.to) / MINUTE_MS) * MINUTE_MS)
  }

  /** Capture and write every day that changed (at quit, before the engine is disposed). */
  flush(): Promise<WriteResult> {
    this.capture()
    return this.write()
  }

  private write(): Promise<WriteResult> {
    this.lastWriteAt = this.o.clock.now()
    return this.serialized(async () => {
      let result: WriteResult = { ok: true }
      for (const cur of this.current.values()) {
        if (!cur.dirty) continue
        const r = await this.writeDay(cur)
        if (!r.ok) result = r
      }
      await this.pruneNow(this.source?.config() ?? null)
      return result
    })
  }

  private async writeDay(cur: Current): Promise<WriteResult> {
    const { day } = cur
    const path = this.pathOf(day.connection, day.date)
    cur.dirty = false
    try {
      const text = JSON.stringify(encodeHistoryDay(day))
      await writeFileAtomic(path, text)
      this.remember(day.connection, {
        connection: day.connection,
        date: day.date,
        from: day.from,
        to: day.to,
        bytes: Buffer.byteLength(text),
      })
      this.cache.delete(`${day.connection}/${day.date}`)
      return { ok: true }
    } catch (e) {
      cur.dirty = true
      this.o.log.error('could not write a history day', { file: path, error: messageOf(e) })
      return { ok: false, detail: `could not write ${path}: ${messageOf(e)}` }
    }
  }

  /** Every stored day (today's included once written), oldest first. */
  storedDays(): StoredDay[] {
    const out: StoredDay[] = []
    for (const days of this.index.values()) out.push(...days.values())
    for (const cur of this.current.values()) {
      if (!this.index.get(cur.day.connection)?.has(cur.day.date) && cur.day.series.size > 0)
        out.push({
          connection: cur.day.connection,
          date: cur.day.date,
          from: cur.day.from,
          to: cur.day.to,
          bytes: 0,
        })
    }
    return out.sort((a, b) => a.date.localeCompare(b.date) || a.connection.localeCompare(b.connection))
  }

  /** Total bytes of the history folder's day files (and set-aside copies). */
  bytes(): number {
    let n = 0
    for (const days of this.index.values()) for (const d of days.values()) n += d.bytes
    for (const c of this.corrupt.values()) n += c.bytes
    return n
  }

  /** A connection's day (today's as captured so far), or null when none is stored or it cannot be read. */
  day(connection: string, date: string): Promise<HistoryDay | null> {
    return this.serialized(() => this.dayNow(connection, date))
  }

  /**
   * Series in [from, to) (epoch ms) at one point per minute, from every stored day they cross; keys are the ring's
   * (`<kind>|<connection>:<id>|<field>`), so each names its connection.
   */
  async series(
    keys: readonly string[],
    from: number,
    to: number,
    stat: MinuteStat = 'last',
  ): Promise<HistorySeries[]> {
    const byKey = new Map<string, [number, number | null][]>(keys.map((k) => [k, []]))
    const connections = new Set(keys.map(connectionOfKey).filter((c): c is string => c !== null))
    for (const connection of connections) {
      const dates = this.storedDays()
        .filter((d) => d.connection === connection && d.to > from && d.from < to)
        .map((d) => d.date)
      for (const date of dates) {
        const day = await this.day(connection, date)
        if (!day) continue
        for (const key of keys) {
          if (connectionOfKey(key) !== connection) continue
          byKey.get(key)?.push(...dayPoints(day, key, stat, from, to))
        }
      }
    }
    return keys.map((key) => ({ key, points: (byKey.get(key) ?? []).sort((a, b) => a[0] - b[0]) }))
  }

  /**
   * Fill the past days a source can compute (the simulator) that have no file: each of the last
   * {@link RETENTION_DAYS} business days before today, sampled by `sampler` and folded into minutes. Returns the
   * dates written.
   */
  async fill(connection: string, bd: BusinessDay, sampler: PastSampler): Promise<string[]> {
    const now = this.o.clock.now()
    const written: string[] = []
    const ranges: { from: number; to: number }[] = []
    let start = businessDayRange(bd, now).from
    for (let i = 0; i < this.retentionDays; i++) {
      const prev = businessDayRange(bd, start - 1)
      ranges.push(prev)
      start = prev.from
    }
    // The same day last week first (what the charts overlay), then the others newest first.
    const order = ranges.length >= 7 ? [ranges[6], ...ranges.filter((_, i) => i !== 6)] : ranges
    for (const prev of order) {
      if (!prev) continue
      const date = businessDate(bd, prev.from)
      if (this.index.get(connection)?.has(date)) continue
      const samples = await sampler(prev.from, prev.to)
      if (samples === null) return written
      const day = emptyDay(connection, date, prev.from, prev.to)
      for (const [key, points] of samples) foldPoints(day, key, points)
      const r = await this.serialized(() => this.writeDay({ day, capturedTo: prev.to, dirty: true }))
      if (r.ok) written.push(date)
    }
    if (written.length > 0) await this.serialized(() => this.pruneNow(null))
    return written
  }

  // ---- inside -----------------------------------------------------------------------------------------------

  private remember(connection: string, d: StoredDay): void {
    let days = this.index.get(connection)
    if (!days) this.index.set(connection, (days = new Map()))
    days.set(d.date, d)
  }

  private async dayNow(connection: string, date: string): Promise<HistoryDay | null> {
    const cur = this.current.get(connection)
    if (cur && cur.day.date === date) return cur.day
    const id = `${connection}/${date}`
    const hit = this.cache.get(id)
    if (hit) {
      this.cache.delete(id)
      this.cache.set(id, hit)
      return hit
    }
    if (!this.index.get(connection)?.has(date)) return null
    const r = await this.readDay(this.pathOf(connection, date), connection, date)
    if (!r.ok) {
      this.o.log.warn(`history day ${r.problem.file}: ${r.problem.message}`, { movedTo: r.problem.movedTo })
      return null
    }
    this.cache.set(id, r.day)
    while (this.cache.size > CACHED_DAYS) this.cache.delete(this.cache.keys().next().value as string)
    return r.day
  }

  /** Read and validate one day file; a bad one is moved aside (and forgotten) and described. */
  private async readDay(
    path: string,
    connection: string,
    date: string,
  ): Promise<{ ok: true; day: HistoryDay; bytes: number } | { ok: false; problem: FileProblem }> {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (e) {
      this.index.get(connection)?.delete(date)
      return {
        ok: false,
        problem: { file: path, movedTo: null, message: `could not be read: ${messageOf(e)}` },
      }
    }
    const parsed = parseJsonText(text)
    let why: string | null = null
    let day: HistoryDay | null = null
    if (!parsed.ok) why = parsed.error
    else {
      const v = validateHistoryDay(parsed.value)
      if (!v.ok) why = v.error
      else if (v.value.connection !== connection || v.value.date !== date)
        why = `it holds ${v.value.connection} ${v.value.date}, not what its name says`
      else day = v.value
    }
    if (day) return { ok: true, day, bytes: Buffer.byteLength(text) }
    this.index.get(connection)?.delete(date)
    const movedTo = `${path}.corrupt-${fileTimestamp(this.o.clock.now())}`
    try {
      await rename(path, movedTo)
      this.corrupt.set(movedTo, { connection, date, bytes: Buffer.byteLength(text) })
      return { ok: false, problem: { file: path, movedTo, message: why ?? 'not a history day' } }
    } catch (e) {
      return {
        ok: false,
        problem: {
          file: path,
          movedTo: null,
          message: `${why ?? 'not a history day'}; could not be moved aside: ${messageOf(e)}`,
        },
      }
    }
  }

  /** The oldest date kept for a connection: its business date {@link RETENTION_DAYS} days ago. */
  private cutoff(config: Config | null, connection: string): string {
    const c = config?.connections.find((x) => x.id === connection)
    const bd = c ? businessDayOf(c) : { start: '00:00', timeZone: 'UTC' }
    return businessDate(bd, this.o.clock.now() - this.retentionDays * DAY_MS)
  }

  /** Remove days past the retention period, then the oldest days while the folder is over its bound. */
  private async pruneNow(config: Config | null): Promise<string[]> {
    const removed: string[] = []
    const drop = async (path: string) => {
      const ok = await rm(path, { force: true }).then(
        () => true,
        () => false,
      )
      if (ok) removed.push(path)
      return ok
    }
    for (const [connection, days] of this.index) {
      const cutoff = this.cutoff(config, connection)
      for (const date of [...days.keys()]) {
        if (date < cutoff && (await drop(this.pathOf(connection, date)))) {
          days.delete(date)
          this.cache.delete(`${connection}/${date}`)
        }
      }
    }
    for (const [path, c] of this.corrupt) {
      if (c.date < this.cutoff(config, c.connection) && (await drop(path))) this.corrupt.delete(path)
    }
    // Over the bound: the oldest first (set-aside copies before days of the same date); today's never.
    if (this.bytes() > this.maxBytes) {
      const today = new Set([...this.current.values()].map((c) => `${c.day.connection}/${c.day.date}`))
      const candidates = [
        ...[...this.corrupt].map(([path, c]) => ({
          date: c.date,
          rank: 0,
          path,
          forget: () => this.corrupt.delete(path),
        })),
        ...[...this.index].flatMap(([connection, days]) =>
          [...days.keys()]
            .filter((date) => !today.has(`${connection}/${date}`))
            .map((date) => ({
              date,
              rank: 1,
              path: this.pathOf(connection, date),
              forget: () => {
                days.delete(date)
                this.cache.delete(`${connection}/${date}`)
              },
            })),
        ),
      ].sort((a, b) => a.date.localeCompare(b.date) || a.rank - b.rank)
      for (const c of candidates) {
        if (this.bytes() <= this.maxBytes) break
        if (await drop(c.path)) c.forget()
      }
    }
    if (removed.length > 0) this.o.log.info('history days removed (retention or size bound)', { removed })
    return removed
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn)
    this.queue = run.catch(() => undefined)
    return run
  }
}

/** The connection a ring key names (`queue|<connection>:<id>|waiting`), or null. */
export function connectionOfKey(key: string): string | null {
  const row = key.split('|')[1]
  if (!row) return null
  const i = row.indexOf(':')
  return i > 0 ? row.slice(0, i) : null
}

/** What {@link followPastDays} needs of the engine (engine/index.ts `LocalEngine`). */
export interface PastSource extends Pick<LocalEngine, 'pastHistory'> {
  config(): Config | null
  onEvent(listener: (e: { type: string; snapshot?: { connection: string } }) => void): Disposer
}

/** Past days are sampled this often before they are folded into minutes (the highs and lows within a minute). */
export const PAST_STEP_MS = 15_000

/**
 * Fill the missing past days of every connection whose source can compute them (the simulator), once per
 * connection after its first snapshot (its adapter is running then), one connection at a time, in the background:
 * a new user of the demo sees last week at once. The disposer stops following (a fill under way finishes).
 */
export function followPastDays(archive: HistoryArchive, engine: PastSource, log: Logger): Disposer {
  const tried = new Set<string>()
  let chain: Promise<unknown> = Promise.resolve()
  let stopped = false
  const off = engine.onEvent((e) => {
    const connection = e.type === 'snapshot' ? e.snapshot?.connection : undefined
    if (!connection || tried.has(connection)) return
    tried.add(connection)
    chain = chain.then(async () => {
      const c = engine.config()?.connections.find((x) => x.id === connection)
      if (stopped || !c) return
      try {
        const dates = await archive.fill(connection, businessDayOf(c), (from, to) =>
          stopped ? Promise.resolve(null) : engine.pastHistory(connection, from, to, PAST_STEP_MS),
        )
        if (dates.length > 0) log.info('past history days filled', { connection, dates })
      } catch (e) {
        log.warn('past history days could not be filled', { connection, error: messageOf(e) })
      }
    })
  })
  return () => {
    stopped = true
    off()
  }
}
