/**
 * The OS keychain through keytar (macOS Keychain, Windows Credential Manager, the Secret Service on Linux).
 * service = the app id, account = the connection id (docs/ARCHITECTURE.md §5). The only file that imports
 * keytar.
 *
 * keytar is loaded lazily on first use: a missing or broken native module, or a Linux session without D-Bus /
 * a Secret Service, becomes an explicit `unavailable` error ("no OS keychain is available: ...") instead of a
 * crash at start, and the app keeps running with session-only secrets.
 */
import { messageOf } from '../../src-shared/result'
import { redact } from '../core/runtime/redact'
import { SecretStoreError, type SecretStore, type SecretStoreErrorKind } from '../core/secret-store'

export const DEFAULT_KEYCHAIN_SERVICE = 'app.floorwalker.desktop'

/** The part of keytar's API we use. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

export interface KeytarSecretStoreOptions {
  /** Keychain service name; the app id by default. */
  service?: string
  /** How keytar is loaded; replaced in tests to simulate a missing native module. */
  load?: () => Promise<KeytarApi>
  /**
   * Give up on a keychain call after this many ms. libsecret waits up to its D-Bus timeout (about 25 s) when a
   * Secret Service is registered but does not answer; the editor should not hang that long.
   */
  timeoutMs?: number
}

async function loadKeytar(): Promise<KeytarApi> {
  const mod = (await import('keytar')) as KeytarApi & { default?: KeytarApi }
  // keytar is CommonJS: under ESM its exports arrive as `default` (named exports only when detectable).
  const api = mod.default ?? mod
  if (typeof api.getPassword !== 'function') throw new Error('the keytar module has no getPassword()')
  return api
}

const PREFIX: Record<SecretStoreErrorKind, string> = {
  unavailable: 'no OS keychain is available',
  locked: 'the OS keychain is locked',
  denied: 'access to the OS keychain was refused',
  failed: 'the OS keychain failed',
}

/**
 * What kind of failure a keychain error message describes (libsecret / Keychain / Credential Manager texts).
 * "Object does not exist at path .../collection/login": a Secret Service without a default keyring, which is
 * as good as none for us.
 */
export function classifyKeychainError(message: string): SecretStoreErrorKind {
  if (/locked/i.test(message)) return 'locked'
  if (/denied|dismissed|cancel+ed|not allowed|user interaction|authorization/i.test(message)) return 'denied'
  if (
    /d-?bus|autolaunch|could not connect|secret service|org\.freedesktop|no such (file|interface)|not provided by any \.service|ServiceUnknown|x11|\$DISPLAY|cannot find module|native|\.node\b|object does not exist at path/i.test(
      message,
    )
  ) {
    return 'unavailable'
  }
  return 'failed'
}

export function keychainError(kind: SecretStoreErrorKind, why: string): SecretStoreError {
  return new SecretStoreError(kind, `${PREFIX[kind]}: ${why}`)
}

export class KeytarSecretStore implements SecretStore {
  readonly service: string
  private readonly load: () => Promise<KeytarApi>
  private readonly timeoutMs: number
  private loaded: Promise<KeytarApi> | null = null

  constructor(opts: KeytarSecretStoreOptions = {}) {
    this.service = opts.service ?? DEFAULT_KEYCHAIN_SERVICE
    this.load = opts.load ?? loadKeytar
    this.timeoutMs = opts.timeoutMs ?? 10_000
  }

  async get(account: string): Promise<string | null> {
    return this.call(account, null, (k) => k.getPassword(this.service, account))
  }

  async set(account: string, secret: string): Promise<void> {
    if (secret === '') throw new SecretStoreError('failed', 'a secret must not be empty')
    await this.call(account, secret, (k) => k.setPassword(this.service, account, secret))
  }

  async delete(account: string): Promise<boolean> {
    return this.call(account, null, (k) => k.deletePassword(this.service, account))
  }

  async has(account: string): Promise<boolean> {
    return (await this.get(account)) !== null
  }

  private api(): Promise<KeytarApi> {
    // A module that failed to load will not load later in this process: remember the failure.
    this.loaded ??= this.load().catch((e: unknown) => {
      const message = (e as Error).message
      // keytar is optional: npm leaves it out where it cannot be built (no libsecret headers), and that is a fact
      // about this machine, with a fix, not a fault of the app.
      if (/cannot find (package|module) ['"]?keytar['"]?(?!\/)/i.test(message)) {
        throw keychainError(
          'unavailable',
          'keytar is not installed on this machine (npm leaves it out when it cannot be built; on Linux install ' +
            'libsecret-1-dev, then run npm ci again)',
        )
      }
      throw keychainError('unavailable', `the keytar native module could not be loaded (${message})`)
    })
    return this.loaded
  }

  private async call<T>(
    account: string,
    secret: string | null,
    fn: (k: KeytarApi) => Promise<T>,
  ): Promise<T> {
    if (account === '')
      throw new SecretStoreError('failed', 'a keychain account (connection id) must not be empty')
    const keytar = await this.api()
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            keychainError('unavailable', `the keychain did not answer within ${this.timeoutMs / 1000} s`),
          ),
        this.timeoutMs,
      )
    })
    try {
      return await Promise.race([fn(keytar), timeout])
    } catch (e) {
      if (e instanceof SecretStoreError) throw e
      // keytar reports errors as plain Error messages from the native side; they never echo the password, but
      // scrub anyway so no code path can put it in a message.
      const why = redact(messageOf(e), [secret])
      throw keychainError(classifyKeychainError(why), why)
    } finally {
      clearTimeout(timer)
    }
  }
}
