/**
 * Where a connection's secret comes from, in order (docs/ARCHITECTURE.md §5):
 *  1. the environment variable named by the connection's `secretEnv` (headless servers),
 *  2. session memory ("use for this session only": lost on quit, never written anywhere),
 *  3. the OS keychain.
 * Implements the engine's SecretSource, and answers "where is it?" without ever handing the value out.
 */
import { messageOf } from '../../src-shared/result'
import type { Logger, SecretSource } from '../core/ports'
import { MemorySecretStore } from './memory-secret-store'
import { SecretStoreError, type SecretStore } from '../core/secret-store'

export type SecretWhere = 'env' | 'session' | 'keychain'

export interface LayeredSecretsDeps {
  keychain: SecretStore
  /** Session-only secrets; a fresh MemorySecretStore by default. */
  session?: SecretStore
  /** The process environment (or a copy of it). */
  env?: Record<string, string | undefined>
  /** The `secretEnv` of a connection in the current config, or null. */
  secretEnvOf?: (connectionId: string) => string | null
  log?: Logger
}

export interface KeychainStatus {
  available: boolean
  detail: string | null
}

/** The keychain account that answers "is the keychain there?"; never holds anything. */
const PROBE_ACCOUNT = 'floorwalker-keychain-probe'

export class LayeredSecrets implements SecretSource {
  private readonly keychain: SecretStore
  private readonly session: SecretStore
  private readonly env: Record<string, string | undefined>
  private readonly secretEnvOf: (id: string) => string | null
  private readonly log: Logger | undefined
  /** Last keychain failure kind reported in the log, so a missing keychain is logged once, not every poll. */
  private loggedKeychainFailure: string | null = null

  constructor(deps: LayeredSecretsDeps) {
    this.keychain = deps.keychain
    this.session = deps.session ?? new MemorySecretStore()
    this.env = deps.env ?? {}
    this.secretEnvOf = deps.secretEnvOf ?? (() => null)
    this.log = deps.log
  }

  /** The secret for the engine. A keychain failure reads as "no secret" (the adapter then reports `auth`). */
  async get(connectionId: string): Promise<string | null> {
    const fromEnv = this.fromEnv(connectionId)
    if (fromEnv !== null) return fromEnv
    const fromSession = await this.session.get(connectionId)
    if (fromSession !== null) return fromSession
    try {
      const v = await this.keychain.get(connectionId)
      this.loggedKeychainFailure = null
      return v
    } catch (e) {
      this.noteKeychainFailure(e, connectionId)
      return null
    }
  }

  /** Where the secret of a connection is, or null when there is none (or the keychain cannot be asked). */
  async where(connectionId: string): Promise<SecretWhere | null> {
    if (this.fromEnv(connectionId) !== null) return 'env'
    if (await this.session.has(connectionId)) return 'session'
    try {
      return (await this.keychain.has(connectionId)) ? 'keychain' : null
    } catch (e) {
      this.noteKeychainFailure(e, connectionId)
      return null
    }
  }

  /**
   * Store a secret in the keychain, or in session memory when `sessionOnly`. Storing in one place removes it
   * from the other, so `where` always tells the truth. Rejects with a SecretStoreError when the keychain fails
   * (nothing is then stored anywhere: never a silent fallback to memory or disk).
   */
  async set(
    connectionId: string,
    secret: string,
    opts: { sessionOnly?: boolean } = {},
  ): Promise<SecretWhere> {
    if (opts.sessionOnly) {
      await this.session.set(connectionId, secret)
      // Best effort: an old keychain entry would come back after a restart, which the user did not ask for.
      await this.keychain
        .delete(connectionId)
        .catch((e: unknown) => this.noteKeychainFailure(e, connectionId))
      return 'session'
    }
    await this.keychain.set(connectionId, secret)
    await this.session.delete(connectionId)
    return 'keychain'
  }

  /**
   * Remove the secret from session memory and the keychain. The session copy is always removed; a keychain
   * failure rejects with its SecretStoreError afterwards. (An env variable is the environment's business.)
   */
  async delete(connectionId: string): Promise<void> {
    await this.session.delete(connectionId)
    await this.keychain.delete(connectionId)
  }

  /** Drop every session-only secret (quit). */
  async clearSession(): Promise<void> {
    if (this.session instanceof MemorySecretStore) this.session.clear()
  }

  /** Whether the OS keychain answers; `detail` says why not. */
  async keychainStatus(): Promise<KeychainStatus> {
    try {
      await this.keychain.has(PROBE_ACCOUNT)
      return { available: true, detail: null }
    } catch (e) {
      return { available: false, detail: messageOf(e) }
    }
  }

  private fromEnv(connectionId: string): string | null {
    const name = this.secretEnvOf(connectionId)
    if (name === null) return null
    const v = this.env[name]
    return v === undefined || v === '' ? null : v
  }

  private noteKeychainFailure(e: unknown, connectionId: string): void {
    const message = messageOf(e)
    const kind = e instanceof SecretStoreError ? e.kind : 'failed'
    if (this.loggedKeychainFailure === message) return
    this.loggedKeychainFailure = message
    this.log?.warn('keychain lookup failed', { connection: connectionId, kind, error: message })
  }
}
