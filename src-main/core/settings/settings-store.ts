/**
 * The config (connections, rules, prefs: docs/ARCHITECTURE.md §5) and where it is kept:
 * - {@link createFileSettingsStore}: `settings.json` in the user-data folder, written atomically with a backup
 *   generation, validated on load. A file that does not validate is moved aside and reported, never silently
 *   replaced: the app then starts from the backup, or from the defaults (the demo) with the problem shown.
 * - {@link createPathSettingsStore}: a config file the user points at (headless `--config`). Never moved or
 *   rewritten unless `writeBack` (a web client allowed to change things); an invalid file is an error to report.
 * - {@link createMemorySettingsStore}: tests, and a headless runner with nowhere to keep changes (it refuses them).
 * The schema has no secret fields, so no secret can ever reach these files.
 */
import { join } from 'node:path'
import { readFile } from 'node:fs/promises'
import {
  formatConfigIssue,
  parseConfigText,
  validateConfig,
  type Config,
  type ConfigIssue,
} from '../../../src-shared/config'
import { AtomicJsonFile, type Validation } from '../persistence/atomic-file'
import type { Logger } from '../ports'
import { toConfigFile, type ConfigFile } from './config-file'

export const SETTINGS_FILE_NAME = 'settings.json'

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

function validation(raw: unknown): Validation<Config> {
  const r = validateConfig(raw)
  if (r.ok) return { ok: true, value: r.config }
  return { ok: false, message: `the settings do not validate: ${r.issues.map(formatConfigIssue).join('; ')}` }
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
  const file = new AtomicJsonFile<Config, ConfigFile>({
    path,
    validate: validation,
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
        config = r.value
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
