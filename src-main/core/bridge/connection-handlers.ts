/**
 * The connection, secret, config and prefs channels of the IPC contract (issue "Connections and the OS
 * keychain"). Both transports serve them through the BridgeService.
 *
 * Secrets only travel inwards: they are stored (keychain or session memory), used for one test poll, deleted,
 * and asked about ("set or not, and where"). No result, event, error or log line carries one: every secret that
 * comes in is added to the sinks' Redactor (core/runtime/redact.ts), and test reports, adapter logs and exports go
 * through it as a last line of defence.
 *
 * After every change: persist the settings, hand the config to the engine, emit 'connections:changed'.
 */
import { messageOf } from '../../../src-shared/result'
import {
  collectSavedViews,
  parseConfigDocument,
  validateConfig,
  validateConnection,
  validateSavedView,
  validatePeople,
  type Config,
  type ConfigIssue,
  type ConnectionConfig,
  type Prefs,
} from '../../../src-shared/config'
import { buildConsoleUrl, effectiveConsoleTemplates } from '../../../src-shared/console-links'
import type {
  ConnectionView,
  EventPayloads,
  InvokeArgs,
  SecretStatus,
} from '../../../src-shared/ipc/contract'
import { PROVIDER_DESCRIPTORS } from '../../../src-shared/providers'
import type { SavedView } from '../../../src-shared/views'
import { targetEntrySchema, type TargetEntry } from '../../../src-shared/targets'
import { createEmitter } from '../../../src-shared/emitter'
import type { ProviderId } from '../../../src-shared/model'
import { prunePeople, type PersonLink } from '../../../src-shared/people'
import type { Engine } from '../engine'
import type { Clock, Disposer, HttpClient, Logger, LoginItem, SocketConnector } from '../ports'
import { PROVIDER_FACTORIES } from '../providers/registry'
import type { ProviderFactory } from '../providers/types'
import { configToText, toConfigFile } from '../settings/config-file'
import type { SettingsStore } from '../settings/settings-store'
import { Redactor } from '../runtime/redact'
import { SecretStoreError } from '../secret-store'
import { commitConfigChange, summarizeIssues } from './config-issues'
import { testConnection, type ConnectionTestDeps } from './connection-test'
import { connectionViewOf } from './connection-view'
import type { ConnectionChannel } from './service'
import { BridgeFailure, type Caller, type ChannelHandlers, type EventListener } from './types'

export type { ConnectionChannel } from './service'

/** Saved views and console links: kept with the connections (the same settings, the same one writer). */
type ViewChannel = 'views:list' | 'views:save' | 'views:remove' | 'console:open'
export { BridgeFailure } from './types'

export type SecretWhere = 'env' | 'session' | 'keychain'

/** What the handlers need from the secret layers (LayeredSecrets in the app). */
export interface ConnectionSecrets {
  get(connectionId: string): Promise<string | null>
  where(connectionId: string): Promise<SecretWhere | null>
  /** Rejects with a SecretStoreError (its `message` says what is wrong, never the secret) when the keychain fails. */
  set(connectionId: string, secret: string, opts?: { sessionOnly?: boolean }): Promise<SecretWhere>
  delete(connectionId: string): Promise<void>
}

export interface ConnectionHandlerDeps {
  settings: SettingsStore
  secrets: ConnectionSecrets
  engine: Pick<Engine, 'setConfig' | 'reload'>
  http: HttpClient
  clock: Clock
  sockets: SocketConnector
  log: Logger
  /** Adapter factories (tests inject their own); PROVIDER_FACTORIES by default. */
  factories?: Partial<Record<ProviderId, ProviderFactory>>
  /** How long a connection test may take in all, ms (default 30 s). */
  testTimeoutMs?: number
  /** The OS's start-at-login switch (the desktop app); absent: `prefs:set` refuses `startAtLogin`. */
  loginItem?: LoginItem
  /** The Redactor every sink uses (the composition root's); a private one when absent. */
  redactor?: Redactor
  /**
   * Opens a vendor console link in the system browser (the desktop app's safe opener, shell/window.ts); absent:
   * `console:open` is refused (a browser board opens links itself).
   */
  openExternal?: (url: string) => void
}

export interface ConnectionHandlers {
  handlers: ChannelHandlers<ConnectionChannel>
  /** 'connections:changed' and 'views:changed' events, for the BridgeService's `events`. */
  events: { subscribe(listener: EventListener): Disposer }
}

/**
 * The console link `console:open` may open: the one main builds from the connection's templates in effect for this
 * target and entity, when it is exactly what the board asked to open. Anything else is refused with the reason:
 * a board must not be able to open an address of its choosing (docs/ARCHITECTURE.md §2.4).
 */
export function checkedConsoleUrl(
  connection: ConnectionConfig | undefined,
  args: InvokeArgs<'console:open'>,
): { ok: true; url: string } | { ok: false; message: string } {
  if (!connection) return { ok: false, message: `console:open: there is no connection "${args.connection}"` }
  const templates = effectiveConsoleTemplates(
    PROVIDER_DESCRIPTORS[connection.provider].console,
    connection.consoleUrls ?? {},
  )
  const template = templates[args.target]
  if (template === undefined)
    return {
      ok: false,
      message: `console:open: connection "${connection.id}" has no console link for ${args.target}`,
    }
  const url = buildConsoleUrl(template, args.target, {
    baseUrl: connection.baseUrl,
    username: connection.username,
    id: args.id ?? null,
    name: args.name ?? null,
  })
  if (url === null)
    return {
      ok: false,
      message: `console:open: the ${args.target} link of connection "${connection.id}" needs a value it does not have`,
    }
  if (url !== args.url)
    return {
      ok: false,
      message: `console:open: the link asked for is not the one connection "${connection.id}"'s ${args.target} template makes; nothing was opened`,
    }
  return { ok: true, url }
}

function invalid(message: string, issues: ConfigIssue[]): BridgeFailure {
  return new BridgeFailure({ code: 'invalid_config', message, issues })
}

function notFound(id: string): BridgeFailure {
  return new BridgeFailure({ code: 'not_found', message: `there is no connection "${id}"` })
}

export function createConnectionHandlers(deps: ConnectionHandlerDeps): ConnectionHandlers {
  const { settings, secrets, engine, log } = deps
  const redactor = deps.redactor ?? new Redactor()
  const testDeps: ConnectionTestDeps = {
    redactor,
    http: deps.http,
    clock: deps.clock,
    sockets: deps.sockets,
    log,
    factories: deps.factories ?? PROVIDER_FACTORIES,
    timeoutMs: deps.testTimeoutMs ?? 30_000,
  }
  const changed = createEmitter<EventPayloads['connections:changed']>((e) =>
    log.error('connections:changed listener threw', { error: messageOf(e) }),
  )
  // Connection operations (keychain and settings together) one at a time, so two saves of one connection cannot
  // pair one's secret with the other's settings. The settings file itself has one writer: settings.update().
  let queue: Promise<unknown> = Promise.resolve()
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }

  const guard = (channel: ConnectionChannel, caller: Caller) => {
    if (caller.readOnly) {
      throw new BridgeFailure({ code: 'read_only', message: `${channel}: this board is read-only` })
    }
  }

  const find = (id: string): ConnectionConfig | undefined =>
    settings.current().connections.find((c) => c.id === id)

  const view = async (c: ConnectionConfig): Promise<ConnectionView> =>
    connectionViewOf(c, await secrets.where(c.id))
  const viewsChanged = createEmitter<EventPayloads['views:changed']>((e) =>
    log.error('views:changed listener threw', { error: messageOf(e) }),
  )
  const savedViews = (): SavedView[] => settings.current().views ?? []

  const list = () => Promise.all(settings.current().connections.map(view))

  const emitChanged = async () => {
    if (changed.size === 0) return
    changed.emit({ connections: await list() })
  }

  /**
   * Change the config through the settings store's one writer (which serializes with rule and prefs edits), then
   * hand the result to the engine. `change` sees the config in effect at its turn; a config the schema refuses
   * never reaches the file or the engine.
   */
  const commit = async (change: (current: Config) => Config): Promise<Config> => {
    const saved = await commitConfigChange(settings, log, change)
    if (saved.changed) engine.setConfig(settings.current())
    return saved.config
  }

  /** `current` with `c` added or replaced, checked whole (a rule may refer to it, ids must stay unique). */
  const withConnection = (current: Config, c: ConnectionConfig): Config => {
    const connections = current.connections.some((x) => x.id === c.id)
      ? current.connections.map((x) => (x.id === c.id ? c : x))
      : [...current.connections, c]
    const next: Config = { ...current, connections }
    // The config in effect is valid, so anything the whole-config check finds comes from this connection.
    const whole = validateConfig(toConfigFile(next))
    if (!whole.ok) {
      throw invalid(summarizeIssues('the connection does not fit the config', whole.issues), whole.issues)
    }
    return next
  }

  const keychainFailure = (e: Error, what: string) =>
    new BridgeFailure({ code: 'keychain_unavailable', message: `${e.message}. ${what}` })

  /** Remove stored secrets of connections that no longer exist; a keychain failure is logged, not fatal. */
  const forgetSecrets = async (ids: string[]) => {
    for (const id of ids) {
      try {
        await secrets.delete(id)
      } catch (e) {
        log.warn('could not remove the keychain entry of a removed connection', {
          connection: id,
          error: messageOf(e),
        })
      }
    }
  }

  const handlers: ChannelHandlers<Exclude<ConnectionChannel, ViewChannel>> = {
    'connections:list': async () => list(),

    'connections:save': async (args, caller) => {
      guard('connections:save', caller)
      const v = validateConnection(args.connection)
      if (!v.ok) throw invalid(summarizeIssues('the connection is not valid', v.issues), v.issues)
      const c = v.connection
      return exclusive(async () => {
        const before = find(c.id)
        // Checked before the secret is stored, so a connection that cannot be saved leaves no keychain entry.
        withConnection(settings.current(), c)
        // The secret is stored before the config is committed, so a new or changed connection's poller (started
        // by commit) finds it on its first poll; an unchanged connection keeps its poller and is restarted. The
        // keychain may take its time (an unlock prompt): the settings are not held meanwhile, and the connection
        // is merged into whatever they are when it is done.
        let keychainError: Error | null = null
        redactor.add(args.secret)
        if (args.secret !== undefined) {
          try {
            await secrets.set(c.id, args.secret, { sessionOnly: args.sessionOnly === true })
          } catch (e) {
            if (!(e instanceof SecretStoreError)) throw e
            keychainError = e
            log.warn('the secret could not be stored; the connection is saved without it', {
              connection: c.id,
              error: e.message,
            })
          }
        }
        try {
          await commit((current) => withConnection(current, c))
        } catch (e) {
          // A new connection that did not make it into the settings must not leave its secret behind.
          if (before === undefined && args.secret !== undefined && !keychainError) await forgetSecrets([c.id])
          throw e
        }
        const unchanged = before !== undefined && JSON.stringify(before) === JSON.stringify(c)
        if (args.secret !== undefined && !keychainError && unchanged) engine.reload(c.id)
        await emitChanged()
        if (keychainError) {
          throw keychainFailure(
            keychainError,
            'The connection was saved without a secret. Enter the secret again with "use for this session only", ' +
              'or make the keychain available and save again.',
          )
        }
        return view(c)
      })
    },

    'connections:remove': async (args, caller) => {
      guard('connections:remove', caller)
      return exclusive(async () => {
        await commit((current) => {
          if (!current.connections.some((c) => c.id === args.id)) throw notFound(args.id)
          const using = current.rules.flatMap((r, i) =>
            r.connection === args.id
              ? [
                  {
                    path: `rules[${i}].connection`,
                    connection: args.id,
                    rule: r.id,
                    field: 'connection',
                    message: `rule "${r.name}" watches this connection: change or remove the rule first`,
                  },
                ]
              : [],
          )
          if (using.length > 0)
            throw invalid(summarizeIssues(`connection "${args.id}" is in use`, using), using)
          const next = { ...current, connections: current.connections.filter((c) => c.id !== args.id) }
          // The removed connection's agents leave the map of people (a person left with none goes too).
          const people = prunePeople(current.people, new Set(next.connections.map((c) => c.id)))
          if (people.length > 0) next.people = people
          else delete next.people
          return next
        })
        await forgetSecrets([args.id])
        await emitChanged()
        return null
      })
    },

    'targets:set': async (args, caller) => {
      guard('targets:set', caller)
      const where = `connection "${args.connection}", queue or room "${args.id}"`
      let entry: TargetEntry | null = null
      if (args.target !== null) {
        const t = targetEntrySchema.safeParse(args.target)
        if (!t.success) {
          const issues: ConfigIssue[] = t.error.issues.map((i) => {
            const field = ['targets', args.id, ...i.path.map(String)].join('.')
            return { path: field, connection: args.connection, rule: null, field, message: i.message }
          })
          throw invalid(summarizeIssues(`the target of ${where} is not valid`, issues), issues)
        }
        entry = t.data
      }
      return exclusive(async () => {
        await commit((current) => {
          const c = current.connections.find((x) => x.id === args.connection)
          if (!c) throw notFound(args.connection)
          const targets = { ...c.targets }
          if (entry === null) delete targets[args.id]
          else targets[args.id] = entry
          return withConnection(current, { ...c, targets })
        })
        await emitChanged()
        const saved = find(args.connection)
        if (!saved) throw notFound(args.connection)
        return view(saved)
      })
    },

    'connections:test': async (args, caller) => {
      guard('connections:test', caller)
      return testConnection(testDeps, args.connection, args.secret ?? null, async (c) =>
        find(c.id) ? secrets.get(c.id) : null,
      )
    },

    'config:export': async (_args, caller) => {
      guard('config:export', caller)
      // No secret field exists, but one pasted into a label or user name must not leave in a file either.
      return { text: redactor.redact(configToText(settings.current())) }
    },

    'config:import': async (args, caller) => {
      guard('config:import', caller)
      const doc = parseConfigDocument(args.text)
      const r = doc.ok ? validateConfig(doc.raw) : doc
      if (!r.ok)
        throw invalid(
          summarizeIssues('the imported config is not valid; nothing was changed', r.issues),
          r.issues,
        )
      const hasPrefs = doc.ok && typeof doc.raw === 'object' && doc.raw !== null && 'prefs' in doc.raw
      // A config without `views` (written before views existed, or by hand) keeps the board's saved views.
      const hasViews = doc.ok && typeof doc.raw === 'object' && doc.raw !== null && 'views' in doc.raw
      const hasPeople = doc.ok && typeof doc.raw === 'object' && doc.raw !== null && 'people' in doc.raw
      return exclusive(async () => {
        let dropped: string[] = []
        const next = await commit((current) => {
          const kept = new Set(r.config.connections.map((c) => c.id))
          dropped = current.connections.map((c) => c.id).filter((id) => !kept.has(id))
          const views = hasViews ? r.config.views : current.views
          // The imported map of people, or (when the file has none) the current one for the connections kept.
          const people = hasPeople ? (r.config.people ?? []) : prunePeople(current.people, kept)
          return {
            connections: r.config.connections,
            rules: r.config.rules,
            prefs: hasPrefs ? r.config.prefs : current.prefs,
            ...(views === undefined ? {} : { views }),
            ...(people.length > 0 ? { people } : {}),
          }
        })
        await forgetSecrets(dropped)
        await emitChanged()
        if (hasViews) viewsChanged.emit({ views: savedViews() })
        return { connections: next.connections.length, rules: next.rules.length }
      })
    },

    'people:get': async () => settings.current().people ?? [],

    'people:save': async (args, caller) => {
      guard('people:save', caller)
      return exclusive(async () => {
        let saved: PersonLink[] = []
        await commit((current) => {
          const v = validatePeople(args.people, new Set(current.connections.map((c) => c.id)))
          if (!v.ok)
            throw invalid(
              summarizeIssues('the map of people is not valid; nothing was changed', v.issues),
              v.issues,
            )
          saved = v.people
          const next = { ...current }
          if (v.people.length > 0) next.people = v.people
          else delete next.people
          return next
        })
        // Other boards read the map again (they refresh it with the connection list).
        await emitChanged()
        return saved
      })
    },

    'secrets:set': async (args, caller) => {
      guard('secrets:set', caller)
      redactor.add(args.secret)
      return exclusive(async () => {
        if (!find(args.connection)) throw notFound(args.connection)
        try {
          await secrets.set(args.connection, args.secret, { sessionOnly: args.sessionOnly === true })
        } catch (e) {
          if (!(e instanceof SecretStoreError)) throw e
          log.warn('the secret could not be stored', { connection: args.connection, error: e.message })
          throw keychainFailure(
            e,
            'The secret was not stored. Use "use for this session only", or make the keychain available.',
          )
        }
        engine.reload(args.connection)
        const status: SecretStatus = {
          connection: args.connection,
          where: await secrets.where(args.connection),
        }
        await emitChanged()
        return status
      })
    },

    'secrets:delete': async (args, caller) => {
      guard('secrets:delete', caller)
      return exclusive(async () => {
        try {
          await secrets.delete(args.connection)
        } catch (e) {
          if (!(e instanceof SecretStoreError)) throw e
          throw keychainFailure(
            e,
            'Any session copy was removed, but the keychain entry could not be removed.',
          )
        }
        if (find(args.connection)) {
          engine.reload(args.connection)
          await emitChanged()
        }
        return { connection: args.connection, where: await secrets.where(args.connection) }
      })
    },

    'secrets:status': async (args) => {
      if (!find(args.connection)) throw notFound(args.connection)
      return { connection: args.connection, where: await secrets.where(args.connection) }
    },

    'prefs:set': async (args, caller) => {
      guard('prefs:set', caller)
      // Only the keys given change; the rest of the prefs stay as they are.
      const given = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined))
      const login = args.startAtLogin
      const loginItem = deps.loginItem
      if (login !== undefined) {
        if (!loginItem) {
          throw new BridgeFailure({
            code: 'bad_request',
            message:
              'startAtLogin: only the desktop app can start when you sign in; a served board has no such switch',
          })
        }
        // The OS first (the slow part, outside the settings' turn): a choice the OS did not take is never saved.
        const set = await loginItem.setEnabled(login)
        if (!set.ok) {
          log.warn('could not change starting at login', { enabled: login, detail: set.detail })
          throw new BridgeFailure({
            code: 'internal',
            message: `could not change starting at login: ${set.detail}`,
          })
        }
      }
      try {
        const next = await commit((current) => ({
          ...current,
          prefs: { ...current.prefs, ...given } as Prefs,
        }))
        return next.prefs
      } catch (e) {
        // The settings did not take it: put the OS back, so the two keep saying the same.
        if (login !== undefined && loginItem) {
          const back = await loginItem.setEnabled(settings.current().prefs.startAtLogin ?? false)
          if (!back.ok) log.warn('could not undo the start-at-login change', { detail: back.detail })
        }
        throw e
      }
    },
  }

  /** `views` checked as a whole (unique ids, one name per page, one default per page), or the issues. */
  const checkedViews = (views: SavedView[], what: string): SavedView[] => {
    const r = collectSavedViews(views)
    if (r.issues.length > 0) throw invalid(summarizeIssues(what, r.issues), r.issues)
    return r.views
  }

  const commitViews = async (change: (views: SavedView[]) => SavedView[]): Promise<SavedView[]> => {
    const next = await commit((current) => ({ ...current, views: change(current.views ?? []) }))
    const views = next.views ?? []
    viewsChanged.emit({ views })
    return views
  }

  const viewHandlers: ChannelHandlers<ViewChannel> = {
    'views:list': async () => savedViews(),

    'views:save': async (args, caller) => {
      guard('views:save', caller)
      const v = validateSavedView(args.view)
      if (!v.ok) throw invalid(summarizeIssues('the view is not valid', v.issues), v.issues)
      const saved = v.view
      return commitViews((views) => {
        const others = views
          .filter((x) => x.id !== saved.id)
          // One default per page: making this one the default takes it from the other.
          .map((x) =>
            saved.default === true && x.page === saved.page && x.default ? { ...x, default: false } : x,
          )
        const at = views.findIndex((x) => x.id === saved.id)
        const next = at < 0 ? [...others, saved] : [...others.slice(0, at), saved, ...others.slice(at)]
        return checkedViews(next, 'the view does not fit the saved views')
      })
    },

    'views:remove': async (args, caller) => {
      guard('views:remove', caller)
      return commitViews((views) => {
        if (!views.some((x) => x.id === args.id))
          throw new BridgeFailure({ code: 'not_found', message: `there is no saved view "${args.id}"` })
        return views.filter((x) => x.id !== args.id)
      })
    },

    'console:open': async (args) => {
      const open = deps.openExternal
      if (!open)
        throw new BridgeFailure({
          code: 'bad_request',
          message: 'console:open: a board in a browser opens console links itself (in a new tab)',
        })
      const checked = checkedConsoleUrl(find(args.connection), args)
      if (!checked.ok) {
        log.warn('refused to open a console link', { connection: args.connection, target: args.target })
        throw new BridgeFailure({ code: 'bad_request', message: checked.message })
      }
      open(checked.url)
      return null
    },
  }

  return {
    handlers: { ...handlers, ...viewHandlers },
    events: {
      subscribe: (listener) => {
        const offConnections = changed.subscribe((payload) => listener('connections:changed', payload))
        const offViews = viewsChanged.subscribe((payload) => listener('views:changed', payload))
        return () => {
          offConnections()
          offViews()
        }
      },
    },
  }
}
