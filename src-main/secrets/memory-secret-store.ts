import type { SecretStore } from '../core/secret-store'

/**
 * Secrets kept in this process only: "use for this session only" (lost on quit, never written anywhere) and the
 * stand-in for the keychain in tests.
 */
export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>()

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret)
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account)
  }

  async has(account: string): Promise<boolean> {
    return this.secrets.has(account)
  }

  /** Forget everything (quit, or a test's cleanup). */
  clear(): void {
    this.secrets.clear()
  }
}
