/**
 * The config (connections, rules, prefs: docs/ARCHITECTURE.md §5) and where it is kept:
 * - {@link createFileSettingsStore}: `settings.json` in the user-data folder (JSONC), written atomically with a
 *   backup generation, validated on load. Connections and rules that are valid are kept; the rest (a wrong value,
 *   a key this version does not know) is left out and reported per connection and rule, and the file as it was is
 *   copied beside it first (`settings.json.invalid-<timestamp>`), since the next save rewrites it. A file that
 *   cannot be read as a config at all is moved aside (`settings.json.corrupt-<timestamp>`) and reported: the app
 *   then starts from the backup, or from the defaults (the demo). No copy is ever deleted.
 * - {@link createPathSettingsStore}: a config file the user points at (headless `--config`). Never moved or
 *   rewritten unless `writeBack` (a web client allowed to change things); an invalid file is an error to report.
 * - {@link createMemorySettingsStore}: tests, and a headless runner with nowhere to keep changes (it refuses them).
 * The schema has no secret fields, so no secret can ever reach these files.
 */
import { basename, dirname, join } from 'node:path'
import { copyFile, readdir, readFile } from 'node:fs/promises'
import {
  formatConfigIssue,
  parseConfigDocument,
  parseConfigText,
  validateConfig,
  validateConfigKeepingValid,
  type Config,
  type ConfigIssue,
} from '../../../src-shared/config'
import { AtomicJsonFile, fileTimestamp, type ParseText, type Validation } from '../persistence/atomic-file'
import type { Logger } from '../ports'
import { toConfigFile, type ConfigFile } from './config-file'

export const SETTINGS_FILE_NAME = 'settings.json'
/** Issues listed one by one in the start-up report; the rest are counted. */
const MAX_ISSUES_SHOWN = 20

export type SettingsLoad =
  | {
      ok: true
      config: Config
      /** `default`: no usable file (first run, or a bad file moved aside); `memory`: not file-backed. */
      source: 'file' | 'backup' | 'default' | 'memory'
      /** What went wrong on the way, for the user (a file moved aside, the backup used). Empty when all is well. */
      problems: string[]
    }
  /** Only a user-supplied file (createPathSettingsStore) fails to load; the app's own store falls back instead. */
  | { ok: false; message: string; issues: ConfigIssue[] }

/** What an update did: the config now in effect, and whether it changed; or why it could not be written. */
export type SettingsUpdate =
  | { ok: true; config: Config; changed: boolean }
  /** `refused`: the store keeps no changes at all (the detail says why); otherwise the write failed. */
  | { ok: false; detail: string; refused?: boolean }

/**
 * One change to the settings: gets the config in effect and returns the next one (the same object: no change).
 * Synchronous on purpose: slow work (the keychain) happens before the change, never while it holds the turn.
 * Throwing (an edit that does not fit) rejects the update with that error; nothing is written.
 */
export type SettingsChange = (current: Config) => Config

export interface SettingsStore {
  /** The file behind the store, or null for memory. */
  readonly path: string | null
  /** Whether save() writes to disk. */
  readonly persistent: boolean
  /** Read (or re-read) the settings; call once at start. */
  load(): Promise<SettingsLoad>
  /** The config in effect (the last loaded or saved one). */
  current(): Config
  /**
   * The one writer: apply `change` to the config in effect and persist the result (when the store is persistent).
   * Updates run one at a time, each seeing every update that finished before it, so a connection edit and a rule
   * edit can never undo each other. A write failure is data (`ok: false`); the config in effect is then unchanged.
   */
  update(change: SettingsChange): Promise<SettingsUpdate>
}

/**
 * The serialized update shared by every store: one queue, the change applied to the config in effect at its turn,
 * written (if persistent) before the next change starts.
 */
function serializedUpdates(
  get: () => Config,
  set: (next: Config) => void,
  persist: (file: ConfigFile) => Promise<{ ok: true } | { ok: false; detail: string; refused?: boolean }>,
): (change: SettingsChange) => Promise<SettingsUpdate> {
  let turn: Promise<unknown> = Promise.resolve()
  return (change) => {
    const run = turn.then(async (): Promise<SettingsUpdate> => {
      const current = get()
      const next = change(current)
      if (next === current) return { ok: true, config: current, changed: false }
      const checked = checkedFile(next)
      if (!checked.ok) return checked
      const written = await persist(checked.file)
      if (!written.ok) return written
      set(next)
      return { ok: true, config: next, changed: true }
    })
    turn = run.catch(() => undefined)
    return run
  }
}

/** The file form must validate back to a config: anything else is a bug, refused before it reaches the disk. */
function checkedFile(config: Config): { ok: true; file: ConfigFile } | { ok: false; detail: string } {
  const file = toConfigFile(config)
  const r = validateConfig(file)
  if (!r.ok)
    return {
      ok: false,
      detail: `refusing to save an invalid config: ${r.issues.map(formatConfigIssue).join('; ')}`,
    }
  return { ok: true, file }
}

/** Config files are JSONC (docs/ARCHITECTURE.md §5): comments, trailing commas and a BOM are fine. */
const parseConfigFileText: ParseText = (text) => {
  const doc = parseConfigDocument(text)
  return doc.ok
    ? { ok: true, value: doc.raw }
    : { ok: false, error: doc.issues.map(formatConfigIssue).join('; ') }
}

/** All or nothing: a user-supplied file (headless --config) and what is written. */
function validation(raw: unknown): Validation<Config> {
  const r = validateConfig(raw)
  if (r.ok) return { ok: true, value: r.config }
  return { ok: false, error: `the settings do not validate: ${r.issues.map(formatConfigIssue).join('; ')}` }
}

/** The app's own settings as loaded: what is in effect, and what was left out of the file (and why). */
interface KeptSettings {
  config: Config
  leftOut: ConfigIssue[]
}

/** The app's own settings: keep what is valid, report the rest. */
function keepingValid(raw: unknown): Validation<KeptSettings> {
  const r = validateConfigKeepingValid(raw)
  if (!r.ok) {
    return {
      ok: false,
      error: `the settings do not validate: ${r.issues.map(formatConfigIssue).join('; ')}`,
    }
  }
  return { ok: true, value: { config: r.config, leftOut: r.issues } }
}

/** What was left out, in words: "1 connection and 2 rules", or "some settings" (prefs, unknown top-level keys). */
function leftOutWords(issues: readonly ConfigIssue[]): string {
  const connections = new Set(issues.flatMap((i) => (i.connection !== null ? [i.connection] : [])))
  const rules = new Set(issues.flatMap((i) => (i.rule !== null ? [i.rule] : [])))
  const parts: string[] = []
  if (connections.size > 0) parts.push(`${connections.size} connection${connections.size === 1 ? '' : 's'}`)
  if (rules.size > 0) parts.push(`${rules.size} rule${rules.size === 1 ? '' : 's'}`)
  const other = issues.some((i) => i.connection === null && i.rule === null)
  if (other) parts.push(parts.length > 0 ? 'other settings' : 'some settings')
  return parts.length > 1
    ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
    : (parts[0] ?? '')
}

/**
 * Copy `path` to `<path>.invalid-<timestamp>` before the next save can rewrite it, unless the newest such copy
 * already holds the same text (a restart without saving must not pile up identical copies). Returns the copy's
 * path, or null when it could not be made (then the message says so).
 */
async function keepOriginal(path: string, now: number): Promise<{ copy: string | null; error?: string }> {
  try {
    const text = await readFile(path, 'utf8')
    const prefix = `${basename(path)}.invalid-`
    const copies = (await readdir(dirname(path))).filter((n) => n.startsWith(prefix)).sort()
    const newest = copies[copies.length - 1]
    if (newest !== undefined) {
      const at = join(dirname(path), newest)
      if ((await readFile(at, 'utf8').catch(() => null)) === text) return { copy: at }
    }
    let copy = `${path}.invalid-${fileTimestamp(now)}`
    for (let i = 2; copies.includes(basename(copy)); i++) copy = `${path}.invalid-${fileTimestamp(now)}-${i}`
    await copyFile(path, copy)
    return { copy }
  } catch (e) {
    return { copy: null, error: (e as Error).message }
  }
}

export interface FileSettingsStoreOptions {
  /** The user-data folder. */
  dir: string
  /** Epoch ms (the injected Clock). */
  now: () => number
  /** The config when there is no usable file (the app: the demo). */
  defaults: () => Config
  log?: Logger
}

export function createFileSettingsStore(opts: FileSettingsStoreOptions): SettingsStore {
  const path = join(opts.dir, SETTINGS_FILE_NAME)
  const file = new AtomicJsonFile<KeptSettings, ConfigFile>({
    path,
    validate: keepingValid,
    parse: parseConfigFileText,
    now: opts.now,
    log: opts.log,
  })
  let config: Config = opts.defaults()
  return {
    path,
    persistent: true,
    async load() {
      const r = await file.read()
      const problems = r.problems.map((p) =>
        p.movedTo === null
          ? `${p.file}: ${p.message}`
          : `${p.file} could not be used and was moved aside to ${p.movedTo}: ${p.message}`,
      )
      if (r.status === 'ok') {
        config = r.value.config
        const out = r.value.leftOut
        if (out.length > 0) {
          const used = r.source === 'backup' ? file.backupPath : path
          const kept = await keepOriginal(used, opts.now())
          const where =
            kept.copy !== null
              ? `the file as it was is kept at ${kept.copy}`
              : `no copy could be made (${kept.error ?? 'unknown error'}), so the file stays as it is until the next save`
          const shown = out.slice(0, MAX_ISSUES_SHOWN).map((i) => `- ${formatConfigIssue(i)}`)
          if (out.length > MAX_ISSUES_SHOWN) shown.push(`- and ${out.length - MAX_ISSUES_SHOWN} more`)
          problems.push(
            `${leftOutWords(out)} in ${used} could not be used and ${out.length === 1 ? 'was' : 'were'} left out; ` +
              `the rest was loaded, and ${where}:\n${shown.join('\n')}`,
          )
        }
        if (r.source === 'backup')
          problems.push(`the settings were restored from the backup ${file.backupPath}`)
        for (const p of problems) opts.log?.warn(p)
        return { ok: true, config, source: r.source, problems }
      }
      config = opts.defaults()
      if (problems.length > 0) {
        problems.push('no usable settings were left, so the app started with the default (demo) settings')
        for (const p of problems) opts.log?.warn(p)
      }
      return { ok: true, config, source: 'default', problems }
    },
    current: () => config,
    update: serializedUpdates(
      () => config,
      (next) => (config = next),
      (form) => file.write(form),
    ),
  }
}

export interface PathSettingsStoreOptions {
  path: string
  /** Write changes back to the file (a web client with a token may change things); otherwise memory only. */
  writeBack: boolean
  now: () => number
  log?: Logger
}

export function createPathSettingsStore(opts: PathSettingsStoreOptions): SettingsStore {
  const file = new AtomicJsonFile<Config, ConfigFile>({
    path: opts.path,
    validate: validation,
    parse: parseConfigFileText,
    now: opts.now,
    log: opts.log,
  })
  let config: Config | null = null
  const current = () => {
    if (config === null) throw new Error('settings used before load()')
    return config
  }
  return {
    path: opts.path,
    persistent: opts.writeBack,
    async load() {
      let text: string
      try {
        text = await readFile(opts.path, 'utf8')
      } catch (e) {
        const message = `cannot read the config file ${opts.path}: ${(e as Error).message}`
        return { ok: false, message, issues: [] }
      }
      const r = parseConfigText(text)
      if (!r.ok) {
        return {
          ok: false,
          message: `${opts.path}: ${r.issues.map(formatConfigIssue).join('; ')}`,
          issues: r.issues,
        }
      }
      config = r.config
      return { ok: true, config, source: 'file', problems: [] }
    },
    current,
    update: serializedUpdates(
      current,
      (next) => (config = next),
      async (form) => (opts.writeBack ? file.write(form) : { ok: true }),
    ),
  }
}

/**
 * Settings in memory. With `refuse`, every change that would alter them is refused with that reason (a board
 * must not say "saved" for what is lost at exit).
 */
export function createMemorySettingsStore(initial: Config, opts: { refuse?: string } = {}): SettingsStore {
  let config = initial
  return {
    path: null,
    persistent: false,
    async load() {
      return { ok: true, config, source: 'memory', problems: [] }
    },
    current: () => config,
    update: serializedUpdates(
      () => config,
      (next) => (config = next),
      async () =>
        opts.refuse === undefined ? { ok: true } : { ok: false, detail: opts.refuse, refused: true },
    ),
  }
}
