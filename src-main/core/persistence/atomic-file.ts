/**
 * Crash-safe JSON files (docs/ARCHITECTURE.md §3.7, issue "Persisted state ... written atomically"):
 * - write: a temp file in the same folder, write, fsync the file, rename over the target, fsync the folder. A
 *   reader (or the next start after a crash or power loss at any point) sees the old file or the new one, never
 *   a torn mix.
 * - one backup generation: before the rename, `<name>.bak` becomes the previous good file (a hard link, so the
 *   target is never missing; a copy where the file system has no hard links).
 * - read with validation: a file that fails to parse or validate is moved aside as `<name>.corrupt-<timestamp>`
 *   and reported (as data), then the backup is tried. Every corrupt copy is kept unless the owner sets
 *   `keepCorrupt` (the saved board, which is only a cache, keeps one): the user's settings are never deleted, and a
 *   copy that is pruned is named in the report, never removed silently.
 */
import { messageOf } from '../../../src-shared/result'
import { randomBytes } from 'node:crypto'
import { copyFile, link, mkdir, open, readdir, readFile, rename, rm, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Logger } from '../ports'
import type { Result } from '../../../src-shared/result'

/** Keep every corrupt copy unless told otherwise. */
export const DEFAULT_KEEP_CORRUPT = Number.POSITIVE_INFINITY

/** A file that could not be used, and where it went. */
export interface FileProblem {
  /** The file that was read. */
  file: string
  /** Where it was moved aside, or null when it was left in place (missing, or moving failed). */
  movedTo: string | null
  /** Why it could not be used, in words. */
  message: string
}

/** A value, or why the data is not one (in words, naming the field). */
export type Validation<T> = Result<T, string>
export type Validate<T> = (raw: unknown) => Validation<T>
/** Text to a value, or why it is not one (a message with the line and column where possible). */
export type ParseText = (text: string) => Result<unknown, string>

/** Plain JSON (state files, which only this app writes). */
export const parseJsonText: ParseText = (text) => {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (e) {
    return { ok: false, error: `not valid JSON: ${errMessage(e)}` }
  }
}

export type AtomicReadResult<T> =
  /** `source`: the file itself, or its backup when the file was corrupt or missing. */
  | { status: 'ok'; value: T; source: 'file' | 'backup'; problems: FileProblem[] }
  /** Nothing usable: no file (first run) when `problems` is empty; otherwise every candidate was bad. */
  | { status: 'missing'; problems: FileProblem[] }

export type WriteResult = { ok: true } | { ok: false; detail: string }

export interface AtomicJsonFileOptions<T> {
  path: string
  validate: Validate<T>
  /** How text becomes a value (default: JSON; the settings file is JSONC). */
  parse?: ParseText
  /** Epoch ms (the injected Clock): names corrupt copies. */
  now: () => number
  /** Keep `<name>.bak` (default true). */
  backup?: boolean
  /** How many corrupt copies to keep (default: all). Pruned copies are named in the problem report. */
  keepCorrupt?: number
  /** JSON indentation (default 2: these files are small and people read them). */
  indent?: number
  log?: Logger
}

function errMessage(e: unknown): string {
  return messageOf(e)
}

function errCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code
}

/** `2025-11-24T15-01-33-123Z`: sortable, and valid in file names on every OS (no ':'). */
export function fileTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[:.]/g, '-')
}

function tempName(target: string, kind: 'tmp' | 'bak.tmp'): string {
  return join(
    dirname(target),
    `.${basename(target)}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`,
  )
}

/** fsync a folder so a rename inside it survives power loss. Windows cannot open folders: nothing to do there. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const fh = await open(dir, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

async function writeAndSync(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  const fh = await open(path, 'wx', mode)
  try {
    await fh.writeFile(data)
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** Make `<target>.bak` the current target, atomically; no-op when the target does not exist. */
async function rotateBackup(target: string, mode: number): Promise<void> {
  const bakTmp = tempName(target, 'bak.tmp')
  try {
    await link(target, bakTmp)
  } catch (e) {
    if (errCode(e) === 'ENOENT') return
    // No hard links here (FAT, some network shares): a synced copy is as good, just slower.
    await copyFile(target, bakTmp)
    const fh = await open(bakTmp, 'r+', mode)
    try {
      await fh.sync()
    } finally {
      await fh.close()
    }
  }
  try {
    await rename(bakTmp, `${target}.bak`)
  } catch (e) {
    await unlink(bakTmp).catch(() => undefined)
    throw e
  }
}

/**
 * Write `data` to `target` atomically (temp file in the same folder, fsync, rename, fsync the folder). With
 * `backup`, the previous target becomes `<target>.bak` first. Throws on I/O failure; the target is then untouched.
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  opts: { backup?: boolean; mode?: number } = {},
): Promise<void> {
  const dir = dirname(target)
  const mode = opts.mode ?? 0o600
  await mkdir(dir, { recursive: true })
  const tmp = tempName(target, 'tmp')
  try {
    await writeAndSync(tmp, data, mode)
    if (opts.backup) await rotateBackup(target, mode)
    await rename(tmp, target)
  } catch (e) {
    await unlink(tmp).catch(() => undefined)
    throw e
  }
  await syncDir(dir)
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return errCode(e) === 'EPERM'
  }
}

/** Remove temp files a killed writer left behind (only those of processes that are gone). */
async function removeStaleTemps(target: string): Promise<void> {
  const dir = dirname(target)
  const prefix = `.${basename(target)}.`
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const m = /^(?:tmp|bak\.tmp)-(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length))
    if (m && !isAlive(Number(m[1]))) await rm(join(dir, name), { force: true }).catch(() => undefined)
  }
}

/**
 * A JSON file written atomically, with one backup generation and validated, self-healing reads. `T` is what a
 * validated read gives; `W` what is written (a file form that validates to `T`), the same by default.
 */
export class AtomicJsonFile<T, W = T> {
  readonly path: string
  private readonly opts: AtomicJsonFileOptions<T>
  /** Whether the file on disk is known to be good (worth rotating into the backup); null = not checked yet. */
  private knownGood: boolean | null = null
  private queue: Promise<unknown> = Promise.resolve()

  constructor(opts: AtomicJsonFileOptions<T>) {
    this.path = opts.path
    this.opts = opts
  }

  get backupPath(): string {
    return `${this.path}.bak`
  }

  /**
   * Read and validate the file; a bad one is moved aside and reported, then the backup is tried. Never throws
   * for a missing or bad file (that is data); only for a folder that cannot be read at all.
   */
  read(): Promise<AtomicReadResult<T>> {
    return this.serialized(() => this.readNow())
  }

  /** Write `value` atomically (rotating the backup). Writes are serialized; the last one wins. */
  write(value: W): Promise<WriteResult> {
    return this.serialized(() => this.writeNow(value))
  }

  private serialized<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.queue.then(fn, fn)
    this.queue = run.catch(() => undefined)
    return run
  }

  private async readNow(): Promise<AtomicReadResult<T>> {
    await removeStaleTemps(this.path)
    const problems: FileProblem[] = []
    const main = await this.readCandidate(this.path, problems)
    if (main.kind === 'ok') {
      this.knownGood = true
      return { status: 'ok', value: main.value, source: 'file', problems }
    }
    this.knownGood = false
    if (this.opts.backup === false) return { status: 'missing', problems }
    const bak = await this.readCandidate(this.backupPath, problems)
    if (bak.kind === 'ok') {
      if (main.kind === 'missing') {
        problems.push({ file: this.path, movedTo: null, message: 'the file is missing; using its backup' })
      }
      this.opts.log?.warn('using the backup file', { file: this.backupPath })
      return { status: 'ok', value: bak.value, source: 'backup', problems }
    }
    return { status: 'missing', problems }
  }

  private async readCandidate(
    file: string,
    problems: FileProblem[],
  ): Promise<{ kind: 'ok'; value: T } | { kind: 'missing' } | { kind: 'bad' }> {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (e) {
      if (errCode(e) === 'ENOENT') return { kind: 'missing' }
      problems.push({ file, movedTo: null, message: `could not be read: ${errMessage(e)}` })
      return { kind: 'bad' }
    }
    let why: string
    const parsed = text.trim() === '' ? null : (this.opts.parse ?? parseJsonText)(text)
    if (parsed === null) why = 'the file is empty'
    else if (!parsed.ok) why = parsed.error
    else {
      try {
        const v = this.opts.validate(parsed.value)
        if (v.ok) return { kind: 'ok', value: v.value }
        why = v.error
      } catch (e) {
        why = `could not be checked: ${errMessage(e)}`
      }
    }
    const moved = await this.moveAside(file)
    const movedTo = moved?.to ?? null
    const pruned =
      moved && moved.pruned.length > 0
        ? ` (older set-aside copies removed to bound the disk: ${moved.pruned.join(', ')})`
        : ''
    problems.push({ file, movedTo, message: why + pruned })
    this.opts.log?.warn('a file did not validate and was moved aside', { file, movedTo, reason: why })
    return { kind: 'bad' }
  }

  private async moveAside(file: string): Promise<{ to: string; pruned: string[] } | null> {
    const stamp = fileTimestamp(this.opts.now())
    for (let i = 1; i < 100; i++) {
      const candidate = `${file}.corrupt-${stamp}${i === 1 ? '' : `-${i}`}`
      try {
        // link + unlink instead of rename: never replaces an existing corrupt copy with the same name.
        await link(file, candidate)
        await unlink(file)
        return { to: candidate, pruned: await this.pruneCorrupt(file) }
      } catch (e) {
        if (errCode(e) === 'EEXIST') continue
        try {
          await rename(file, candidate)
          return { to: candidate, pruned: await this.pruneCorrupt(file) }
        } catch (e2) {
          this.opts.log?.error('could not move a corrupt file aside', { file, error: errMessage(e2) })
          return null
        }
      }
    }
    return null
  }

  /** Remove the oldest corrupt copies beyond `keepCorrupt`; returns the paths removed. */
  private async pruneCorrupt(file: string): Promise<string[]> {
    const keep = this.opts.keepCorrupt ?? DEFAULT_KEEP_CORRUPT
    if (!Number.isFinite(keep)) return []
    const prefix = `${basename(file)}.corrupt-`
    const names = (await readdir(dirname(file)).catch(() => [] as string[]))
      .filter((n) => n.startsWith(prefix))
      .sort()
    const removed: string[] = []
    for (const old of names.slice(0, Math.max(0, names.length - keep))) {
      const path = join(dirname(file), old)
      const gone = await rm(path, { force: true }).then(
        () => true,
        () => false,
      )
      if (gone) removed.push(path)
    }
    if (removed.length > 0) this.opts.log?.warn('older corrupt copies removed', { file, removed })
    return removed
  }

  private async currentIsGood(): Promise<boolean> {
    if (this.knownGood !== null) return this.knownGood
    try {
      const parsed = (this.opts.parse ?? parseJsonText)(await readFile(this.path, 'utf8'))
      return parsed.ok && this.opts.validate(parsed.value).ok
    } catch {
      return false
    }
  }

  private async writeNow(value: W): Promise<WriteResult> {
    try {
      const text = JSON.stringify(value, null, this.opts.indent ?? 2) + '\n'
      // Only a good file becomes the backup: a bad one must not push the last good backup out.
      const backup = this.opts.backup !== false && (await this.currentIsGood())
      await writeFileAtomic(this.path, text, { backup })
      this.knownGood = true
      return { ok: true }
    } catch (e) {
      this.opts.log?.error('could not write a file', { file: this.path, error: errMessage(e) })
      return { ok: false, detail: `could not write ${this.path}: ${errMessage(e)}` }
    }
  }
}
