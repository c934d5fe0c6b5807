import { describe, expect, it } from 'vitest'
import { memoryLogger } from '../core/runtime/logger'
import { LayeredSecrets } from './layered-secrets'
import { MemorySecretStore } from './memory-secret-store'
import { SecretStoreError, type SecretStore } from '../core/secret-store'

/** A keychain that is not there (no Secret Service). */
class MissingKeychain implements SecretStore {
  calls = 0
  private fail(): never {
    this.calls++
    throw new SecretStoreError(
      'unavailable',
      'no OS keychain is available: Could not connect: No such file or directory',
    )
  }
  async get(): Promise<string | null> {
    return this.fail()
  }
  async set(): Promise<void> {
    this.fail()
  }
  async delete(): Promise<boolean> {
    return this.fail()
  }
  async has(): Promise<boolean> {
    return this.fail()
  }
}

describe('LayeredSecrets', () => {
  it('prefers the env variable, then session memory, then the keychain', async () => {
    const keychain = new MemorySecretStore()
    const env: Record<string, string | undefined> = {}
    const secrets = new LayeredSecrets({
      keychain,
      env,
      secretEnvOf: (id) => (id === 'eu' ? 'EU_TOKEN' : null),
    })
    expect(await secrets.get('eu')).toBeNull()
    expect(await secrets.where('eu')).toBeNull()

    await keychain.set('eu', 'from-keychain')
    expect(await secrets.get('eu')).toBe('from-keychain')
    expect(await secrets.where('eu')).toBe('keychain')

    expect(await secrets.set('eu', 'from-session', { sessionOnly: true })).toBe('session')
    expect(await secrets.get('eu')).toBe('from-session')
    expect(await secrets.where('eu')).toBe('session')
    // Session-only replaces the keychain copy: it must not come back after a restart.
    expect(await keychain.get('eu')).toBeNull()

    env.EU_TOKEN = 'from-env'
    expect(await secrets.get('eu')).toBe('from-env')
    expect(await secrets.where('eu')).toBe('env')

    env.EU_TOKEN = ''
    expect(await secrets.where('eu')).toBe('session')
  })

  it('storing in the keychain removes the session copy', async () => {
    const keychain = new MemorySecretStore()
    const secrets = new LayeredSecrets({ keychain })
    await secrets.set('a', 's1', { sessionOnly: true })
    expect(await secrets.set('a', 's2')).toBe('keychain')
    expect(await keychain.get('a')).toBe('s2')
    expect(await secrets.where('a')).toBe('keychain')
    expect(await secrets.get('a')).toBe('s2')
  })

  it('delete removes the session and keychain copies', async () => {
    const keychain = new MemorySecretStore()
    const session = new MemorySecretStore()
    const secrets = new LayeredSecrets({ keychain, session })
    await keychain.set('a', 'k')
    await session.set('a', 's')
    await secrets.delete('a')
    expect(await keychain.has('a')).toBe(false)
    expect(await session.has('a')).toBe(false)
    expect(await secrets.where('a')).toBeNull()
  })

  it('a missing keychain reads as "no secret", is logged once, and set() rejects with the explicit error', async () => {
    const keychain = new MissingKeychain()
    const log = memoryLogger()
    const secrets = new LayeredSecrets({ keychain, log })
    expect(await secrets.get('a')).toBeNull()
    expect(await secrets.get('a')).toBeNull()
    expect(await secrets.where('a')).toBeNull()
    expect(log.lines.filter((l) => l.includes('keychain lookup failed'))).toHaveLength(1)

    const err = await secrets.set('a', 'top-secret-value').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SecretStoreError)
    expect((err as SecretStoreError).kind).toBe('unavailable')
    expect((err as Error).message).toMatch(/^no OS keychain is available: /)
    // Nothing was kept anywhere as a fallback.
    expect(await secrets.where('a')).toBeNull()

    // Session-only still works without a keychain.
    expect(await secrets.set('a', 'top-secret-value', { sessionOnly: true })).toBe('session')
    expect(await secrets.get('a')).toBe('top-secret-value')
    expect(log.lines.join('\n')).not.toContain('top-secret-value')

    expect(await secrets.keychainStatus()).toEqual({
      available: false,
      detail: 'no OS keychain is available: Could not connect: No such file or directory',
    })
    expect(await new LayeredSecrets({ keychain: new MemorySecretStore() }).keychainStatus()).toEqual({
      available: true,
      detail: null,
    })
  })

  it('clearSession forgets session-only secrets', async () => {
    const secrets = new LayeredSecrets({ keychain: new MemorySecretStore() })
    await secrets.set('a', 's', { sessionOnly: true })
    await secrets.clearSession()
    expect(await secrets.get('a')).toBeNull()
  })
})
