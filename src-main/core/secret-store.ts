/**
 * The SecretStore port: where connection secrets are kept (the OS keychain, or memory for "this session only").
 * keytar is archived upstream, so callers only ever see this port and another backend can replace it.
 *
 * Accounts are connection ids. Every method is async; a store that cannot do its job rejects with a
 * {@link SecretStoreError}, whose message never contains the secret.
 */
export interface SecretStore {
  /** The secret of `account`, or null when none is stored. */
  get(account: string): Promise<string | null>
  /** Store (or replace) the secret of `account`. */
  set(account: string, secret: string): Promise<void>
  /** Remove the secret of `account`; true if there was one. */
  delete(account: string): Promise<boolean>
  /** Whether a secret is stored for `account`, without handing it out. */
  has(account: string): Promise<boolean>
}

/**
 * - `unavailable`: no keychain at all (no Secret Service / D-Bus session, keytar's native module missing).
 * - `locked`: the keychain exists but is locked and could not be unlocked.
 * - `denied`: the user (or the OS) refused access.
 * - `failed`: anything else the keychain reported.
 */
export type SecretStoreErrorKind = 'unavailable' | 'locked' | 'denied' | 'failed'

export class SecretStoreError extends Error {
  constructor(
    readonly kind: SecretStoreErrorKind,
    message: string,
  ) {
    super(message)
    this.name = 'SecretStoreError'
  }
}

export function isSecretStoreError(e: unknown): e is SecretStoreError {
  return e instanceof SecretStoreError
}
