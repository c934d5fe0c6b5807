/**
 * The board that survives a restart: the last good snapshot of every connection and the history rings behind the
 * charts, kept in `<dir>/state.json` (its format and bound: state-file.ts) so the next start shows them at once
 * (marked stale, with their age) before any network request finishes.
 *
 * Written with AtomicJsonFile (temp file, fsync, rename; one `.bak` generation; a file that does not validate is
 * moved aside, reported, and the backup used), at most every {@link DEFAULT_WRITE_EVERY_MS} while something
 * changed, and on demand at quit ({@link StateCache.flush}).
 */
import { basename, join } from 'node:path'
import type { EngineCache } from '../engine/cached-state'
import type { Clock, Disposer, Logger } from '../ports'
import { AtomicJsonFile, type FileProblem, type WriteResult } from './atomic-file'
import {
  encodeStateFile,
  MAX_FILE_BYTES,
  STATE_FILE_NAME,
  validateStateFile,
  type StateFileV1,
} from './state-file'

export const DEFAULT_WRITE_EVERY_MS = 30_000
export type StateCacheLoad =
  | {
      status: 'ok'
      cache: EngineCache
      /** `backup`: state.json was missing or corrupt and its backup was used. */
      source: 'file' | 'backup'
      problems: FileProblem[]
      /** The problems in words, for a log line or a notice ("... moved aside; the backup was used"). */
      messages: string[]
    }
  | { status: 'missing'; problems: FileProblem[]; messages: string[] }

/** What the cache reads from: the engine (or anything with the same two methods). */
export interface StateSource {
  exportCache(): EngineCache
  onEvent(listener: (e: { type: string }) => void): Disposer
}

export interface StateCacheOptions {
  /** The folder (the app's user-data folder, or the headless `--state DIR`). */
  dir: string
  clock: Clock
  log: Logger
  /** Least time between scheduled writes, ms (default 30 s). */
  writeEveryMs?: number
  /** The bound on state.json, bytes (default {@link MAX_FILE_BYTES}). */
  maxBytes?: number
}

export class StateCache {
  private readonly file: AtomicJsonFile<EngineCache, StateFileV1>
  private readonly writeEveryMs: number
  private readonly maxBytes: number
  private source: StateSource | null = null
  /** Attached and not detached: scheduled writes run. */
  private following = false
  private timer: Disposer | null = null
  private dirty = false
  private writing = false
  private lastWriteAt: number

  constructor(private readonly o: StateCacheOptions) {
    this.writeEveryMs = o.writeEveryMs ?? DEFAULT_WRITE_EVERY_MS
    this.maxBytes = o.maxBytes ?? MAX_FILE_BYTES
    this.lastWriteAt = o.clock.now()
    this.file = new AtomicJsonFile<EngineCache, StateFileV1>({
      path: join(o.dir, STATE_FILE_NAME),
      validate: validateStateFile,
      now: () => o.clock.now(),
      // Compact: this file is data, not settings a person edits, and indentation would double its size.
      indent: 0,
      // A cache: one set-aside copy is enough to look into, and keeps the bound on the folder.
      keepCorrupt: 1,
      log: o.log,
    })
  }

  get path(): string {
    return this.file.path
  }

  /** Read the saved board (a corrupt file is moved aside and the backup used; both reported as data). */
  async load(): Promise<StateCacheLoad> {
    const r = await this.file.read()
    const messages = r.problems.map(
      (p) =>
        `${basename(p.file)}: ${p.message}${p.movedTo ? ` (moved aside to ${basename(p.movedTo)})` : ''}`,
    )
    if (r.status === 'ok' && r.source === 'backup')
      messages.push(`the saved board was taken from ${basename(this.file.backupPath)}`)
    for (const m of messages) this.o.log.warn(`state cache: ${m}`)
    if (r.status === 'missing') return { status: 'missing', problems: r.problems, messages }
    return { status: 'ok', cache: r.value, source: r.source, problems: r.problems, messages }
  }

  /** Follow `source`: write at most every `writeEveryMs` while it changes. The disposer stops following. */
  attach(source: StateSource): Disposer {
    this.source = source
    this.following = true
    const off = source.onEvent((e) => {
      if (e.type === 'snapshot' || e.type === 'status') this.markDirty()
    })
    return () => {
      // `flush` still works after this: the quit path may detach first and write last.
      this.following = false
      off()
      this.timer?.()
      this.timer = null
    }
  }

  /**
   * Write now if anything changed since the last write (at quit, before the engine is disposed: the state is
   * taken synchronously, so disposing right after the call is safe).
   */
  flush(): Promise<WriteResult> {
    this.timer?.()
    this.timer = null
    if (!this.dirty || !this.source) return Promise.resolve({ ok: true })
    return this.writeNow()
  }

  /** Write `cache` now (bounded), whatever the schedule. */
  save(cache: EngineCache): Promise<WriteResult> {
    return this.file.write(encodeStateFile(cache, this.maxBytes))
  }

  private markDirty(): void {
    this.dirty = true
    if (!this.following || this.timer || this.writing) return
    const due = Math.max(0, this.lastWriteAt + this.writeEveryMs - this.o.clock.now())
    this.timer = this.o.clock.setTimer(due, () => {
      this.timer = null
      void this.writeNow()
    })
  }

  private async writeNow(): Promise<WriteResult> {
    const source = this.source
    if (!source) return { ok: true }
    this.dirty = false
    // Taken before the first await: what is written is the state at the moment of the call.
    const cache = source.exportCache()
    this.writing = true
    let result: WriteResult
    try {
      result = await this.save(cache)
    } finally {
      this.writing = false
      this.lastWriteAt = this.o.clock.now()
    }
    if (!result.ok) this.dirty = true
    if (this.dirty && !this.timer) this.markDirty()
    return result
  }
}
