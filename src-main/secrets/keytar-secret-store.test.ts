import { describe, expect, it } from 'vitest'
import { classifyKeychainError, KeytarSecretStore, type KeytarApi } from './keytar-secret-store'
import { SecretStoreError } from '../core/secret-store'

/** In-memory keytar look-alike that records what it was asked. */
function fakeKeytar(overrides: Partial<KeytarApi> = {}): KeytarApi & { calls: string[] } {
  const data = new Map<string, string>()
  const calls: string[] = []
  return {
    calls,
    getPassword: async (s, a) => {
      calls.push(`get ${s} ${a}`)
      return data.get(`${s}/${a}`) ?? null
    },
    setPassword: async (s, a, p) => {
      calls.push(`set ${s} ${a}`)
      data.set(`${s}/${a}`, p)
    },
    deletePassword: async (s, a) => {
      calls.push(`delete ${s} ${a}`)
      return data.delete(`${s}/${a}`)
    },
    ...overrides,
  }
}

async function rejection(p: Promise<unknown>): Promise<SecretStoreError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(SecretStoreError)
  return e as SecretStoreError
}

describe('KeytarSecretStore (unit, fake keytar)', () => {
  it('uses the app id as service and the connection id as account', async () => {
    const k = fakeKeytar()
    const store = new KeytarSecretStore({ load: async () => k })
    await store.set('eu-voice', 's3cret')
    expect(await store.get('eu-voice')).toBe('s3cret')
    expect(await store.has('eu-voice')).toBe(true)
    expect(await store.delete('eu-voice')).toBe(true)
    expect(await store.has('eu-voice')).toBe(false)
    expect(k.calls[0]).toBe('set app.floorwalker.desktop eu-voice')
  })

  it('a keytar module that cannot load is an explicit "unavailable" error, remembered', async () => {
    let loads = 0
    const store = new KeytarSecretStore({
      load: async () => {
        loads++
        throw new Error('Cannot find module ../build/Release/keytar.node')
      },
    })
    const e = await rejection(store.get('a'))
    expect(e.kind).toBe('unavailable')
    expect(e.message).toBe(
      'no OS keychain is available: the keytar native module could not be loaded (Cannot find module ../build/Release/keytar.node)',
    )
    await rejection(store.set('a', 'x'))
    expect(loads).toBe(1)
  })

  it('says keytar is not installed on this machine when npm left the optional package out', async () => {
    for (const missing of [
      "Cannot find package 'keytar' imported from /app/src-main/secrets/keytar-secret-store.ts",
      "Cannot find module 'keytar'",
    ]) {
      const store = new KeytarSecretStore({
        load: async () => {
          throw new Error(missing)
        },
      })
      const e = await rejection(store.get('a'))
      expect(e.kind).toBe('unavailable')
      expect(e.message).toBe(
        'no OS keychain is available: keytar is not installed on this machine (npm leaves it out when it cannot ' +
          'be built; on Linux install libsecret-1-dev, then run npm ci again)',
      )
    }
  })

  it('maps native errors to kinds and never puts the secret in the message', async () => {
    const secret = 'hunter2-very-secret'
    const store = new KeytarSecretStore({
      load: async () =>
        fakeKeytar({
          setPassword: async (_s, _a, p) => {
            throw new Error(`Cannot create an item in a locked collection (value ${p})`)
          },
          getPassword: async () => {
            throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')
          },
        }),
    })
    const locked = await rejection(store.set('a', secret))
    expect(locked.kind).toBe('locked')
    expect(locked.message).toMatch(/^the OS keychain is locked: Cannot create an item in a locked collection/)
    expect(locked.message).not.toContain(secret)
    const none = await rejection(store.get('a'))
    expect(none.kind).toBe('unavailable')
    expect(none.message).toBe('no OS keychain is available: Cannot autolaunch D-Bus without X11 $DISPLAY')
  })

  it('gives up on a keychain that does not answer', async () => {
    const store = new KeytarSecretStore({
      timeoutMs: 50,
      load: async () => fakeKeytar({ getPassword: () => new Promise<string | null>(() => undefined) }),
    })
    const e = await rejection(store.get('a'))
    expect(e.kind).toBe('unavailable')
    expect(e.message).toBe('no OS keychain is available: the keychain did not answer within 0.05 s')
  })

  it('rejects an empty account or secret before calling keytar', async () => {
    const k = fakeKeytar()
    const store = new KeytarSecretStore({ load: async () => k })
    expect((await rejection(store.get(''))).kind).toBe('failed')
    expect((await rejection(store.set('a', ''))).kind).toBe('failed')
    expect(k.calls).toEqual([])
  })

  it('classifies the messages libsecret, macOS and Windows give', () => {
    expect(classifyKeychainError('Could not connect: No such file or directory')).toBe('unavailable')
    expect(
      classifyKeychainError('The name org.freedesktop.secrets was not provided by any .service files'),
    ).toBe('unavailable')
    expect(classifyKeychainError('Cannot create an item in a locked collection')).toBe('locked')
    expect(classifyKeychainError('User canceled the operation.')).toBe('denied')
    expect(classifyKeychainError('The user name or passphrase you entered is not correct.')).toBe('failed')
  })
})
