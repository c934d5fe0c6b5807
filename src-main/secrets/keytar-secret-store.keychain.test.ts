/**
 * KeytarSecretStore against a real Secret Service: gnome-keyring in a private D-Bus session, started by
 * `npm run test:keychain` (scripts/with-keychain.mjs). Never a mock.
 */
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeytarSecretStore } from './keytar-secret-store'
import { SecretStoreError } from '../core/secret-store'

const probe = fileURLToPath(new URL('./fixtures/keychain-probe.ts', import.meta.url))
const service = `app.floorwalker.desktop.test-${randomBytes(4).toString('hex')}`
const store = new KeytarSecretStore({ service })
const used = new Set<string>()
const account = (name: string) => {
  used.add(name)
  return name
}

interface ProbeOutcome {
  ok: boolean
  kind?: string
  message?: string
  value?: unknown
}

/** Run the probe in a child process with the given environment changes; returns its JSON report. */
function runProbe(
  env: Record<string, string | undefined>,
  wrap: string[] = [],
): Promise<{ set: ProbeOutcome; get: ProbeOutcome }> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k]
  const cmd = [...wrap, process.execPath, '--import', 'tsx', probe, service]
  return new Promise((resolve, reject) => {
    execFile(cmd[0] as string, cmd.slice(1), { env: childEnv, timeout: 25_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`probe failed: ${err.message}\n${stderr}`))
      try {
        resolve(JSON.parse(stdout) as { set: ProbeOutcome; get: ProbeOutcome })
      } catch {
        reject(new Error(`probe printed no JSON: ${stdout}\n${stderr}`))
      }
    })
  })
}

beforeAll(() => {
  if (process.env.FLOORWALKER_PRIVATE_KEYRING !== '1') {
    throw new Error('run these tests with `npm run test:keychain` (a private D-Bus session and keyring)')
  }
})

afterAll(async () => {
  for (const a of used) await store.delete(a).catch(() => undefined)
})

describe('KeytarSecretStore (real Secret Service)', () => {
  it('sets, reads, overwrites and deletes a secret', async () => {
    const a = account('eu-voice')
    expect(await store.get(a)).toBeNull()
    expect(await store.has(a)).toBe(false)
    await store.set(a, 'first-token')
    expect(await store.get(a)).toBe('first-token')
    expect(await store.has(a)).toBe(true)
    await store.set(a, 'second-token')
    expect(await store.get(a)).toBe('second-token')
    expect(await store.delete(a)).toBe(true)
    expect(await store.get(a)).toBeNull()
    expect(await store.has(a)).toBe(false)
    expect(await store.delete(a)).toBe(false)
  })

  it('keeps unicode and long secrets exactly', async () => {
    const unicode = 'zażółć gęślą jaźń — 鍵 🔑 \u00e9\u0301 "quoted" \\ back'
    await store.set(account('unicode'), unicode)
    expect(await store.get('unicode')).toBe(unicode)

    const long = randomBytes(3072).toString('base64') // 4096 characters
    expect(long).toHaveLength(4096)
    await store.set(account('long'), long)
    expect(await store.get('long')).toBe(long)
  })

  it('keeps two connections side by side', async () => {
    await store.set(account('conn-a'), 'secret-a')
    await store.set(account('conn-b'), 'secret-b')
    expect(await store.get('conn-a')).toBe('secret-a')
    expect(await store.get('conn-b')).toBe('secret-b')
    await store.delete('conn-a')
    expect(await store.get('conn-a')).toBeNull()
    expect(await store.get('conn-b')).toBe('secret-b')
  })

  it('uses the app id as the service by default and the connection id as the account', async () => {
    const byDefault = new KeytarSecretStore()
    const explicit = new KeytarSecretStore({ service: 'app.floorwalker.desktop' })
    const other = new KeytarSecretStore({ service: 'app.floorwalker.desktop.other' })
    const a = `floorwalker-test-${randomBytes(4).toString('hex')}`
    try {
      await byDefault.set(a, 'by-default')
      expect(byDefault.service).toBe('app.floorwalker.desktop')
      expect(await explicit.get(a)).toBe('by-default')
      expect(await other.get(a)).toBeNull()
    } finally {
      await byDefault.delete(a)
    }
  })

  it('without a D-Bus session, fails with the explicit "no OS keychain is available" error', async () => {
    const r = await runProbe({
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/floorwalker-no-bus',
      DISPLAY: undefined,
      WAYLAND_DISPLAY: undefined,
    })
    for (const step of [r.set, r.get]) {
      expect(step.ok).toBe(false)
      expect(step.kind).toBe('unavailable')
      expect(step.message).toMatch(/^no OS keychain is available: \S/)
      expect(step.message).not.toContain('the-probe-secret-value')
    }
  })

  it('with no D-Bus session address at all, fails the same way', async () => {
    const r = await runProbe({
      DBUS_SESSION_BUS_ADDRESS: undefined,
      DISPLAY: undefined,
      WAYLAND_DISPLAY: undefined,
    })
    expect(r.set).toMatchObject({ ok: false, kind: 'unavailable' })
    expect(r.set.message).toMatch(/^no OS keychain is available: /)
  })

  /**
   * Run the probe in a second private session whose gnome-keyring was started but never unlocked. It gets its own
   * runtime and data folders, or the daemon would find the unlocked one of the outer session and defer to it.
   * With `createLoginKeyring`, a first session creates a password-protected login keyring there, so the second
   * finds it locked; without, the Secret Service has no default keyring at all.
   */
  async function probeUnlockedNever(createLoginKeyring: boolean) {
    const dir = mkdtempSync(join(tmpdir(), 'floorwalker-locked-'))
    const env = {
      DISPLAY: undefined,
      WAYLAND_DISPLAY: undefined,
      XDG_RUNTIME_DIR: join(dir, 'run'),
      XDG_DATA_HOME: join(dir, 'data'),
    }
    const session = (script: string) => ['dbus-run-session', '--', 'sh', '-c', script, 'keyring-session']
    const freshRuntimeDir = () => {
      rmSync(env.XDG_RUNTIME_DIR, { recursive: true, force: true })
      mkdirSync(env.XDG_RUNTIME_DIR, { mode: 0o700 })
    }
    mkdirSync(env.XDG_DATA_HOME, { mode: 0o700 })
    try {
      if (createLoginKeyring) {
        freshRuntimeDir()
        await runProbe(
          env,
          session(
            'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"',
          ),
        )
      }
      freshRuntimeDir()
      return await runProbe(
        env,
        session('gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; exec "$@"'),
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  it('a locked keyring that cannot prompt is reported as locked', async () => {
    const r = await probeUnlockedNever(true)
    expect(r.set.ok).toBe(false)
    expect(r.set.kind).toBe('locked')
    expect(r.set.message).toBe('the OS keychain is locked: Cannot create an item in a locked collection')
  })

  it('a Secret Service without a default keyring is reported as unavailable', async () => {
    const r = await probeUnlockedNever(false)
    expect(r.set.ok).toBe(false)
    expect(r.set.kind).toBe('unavailable')
    expect(r.set.message).toMatch(
      /^no OS keychain is available: Object does not exist at path .*collection\/login/,
    )
    expect(r.set.message).not.toContain('the-probe-secret-value')
  })

  it('errors are SecretStoreErrors in this process too', async () => {
    const broken = new KeytarSecretStore({
      service,
      load: async () => {
        throw new Error('simulated: native module missing')
      },
    })
    const e = await broken.get('x').catch((err: unknown) => err)
    expect(e).toBeInstanceOf(SecretStoreError)
    expect((e as SecretStoreError).kind).toBe('unavailable')
  })
})
