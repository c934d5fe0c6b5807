/**
 * Connection edits and rule edits change the same settings file. A connection save waits on the keychain (an unlock
 * prompt can take a while); a rule saved meanwhile must survive it, on disk and in effect, and vice versa.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { demoConfig, type Config } from '../../../src-shared/config'
import { alertServiceOn, TestEngine } from '../alerts/test-support'
import { FetchHttpClient } from '../runtime/fetch-http-client'
import { memoryLogger } from '../runtime/logger'
import { createFileSettingsStore } from '../settings/settings-store'
import { FakeClock } from '../testing/fake-clock'
import { createAlertHandlers } from './alert-handlers'
import { createConnectionHandlers, type ConnectionSecrets } from './connection-handlers'
import type { Caller } from './types'

const APP: Caller = { shell: 'electron', readOnly: false }

/** A keychain whose writes wait until the test lets them through, like one showing an unlock prompt. */
function slowKeychain() {
  const stored = new Map<string, string>()
  const waiting: (() => void)[] = []
  const secrets: ConnectionSecrets = {
    get: async (id) => stored.get(id) ?? null,
    where: async (id) => (stored.has(id) ? 'keychain' : null),
    set: (id, secret) =>
      new Promise((resolve) => {
        waiting.push(() => {
          stored.set(id, secret)
          resolve('keychain')
        })
      }),
    delete: async (id) => {
      stored.delete(id)
    },
  }
  return { secrets, waiting, stored }
}

const rule = {
  id: 'sales-wait',
  name: 'Sales: longest wait',
  entity: 'queue',
  field: 'longestWaitSec',
  op: '>',
  warn: 60,
  critical: 120,
}
const connection = {
  id: 'chat',
  label: 'Web chat',
  provider: 'giosg',
  baseUrl: 'https://service.giosg.com',
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'one-writer-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function setup() {
  const clock = new FakeClock()
  const log = memoryLogger()
  const settings = createFileSettingsStore({ dir, now: clock.now, defaults: demoConfig, log })
  await settings.load()
  const engine = new TestEngine(clock)
  const configs: Config[] = []
  const keychain = slowKeychain()
  const connections = createConnectionHandlers({
    settings,
    secrets: keychain.secrets,
    engine: { setConfig: (c) => configs.push(c), reload: () => undefined },
    http: new FetchHttpClient(),
    clock,
    sockets: { connect: () => Promise.reject(new Error('no sockets here')) } as never,
    log,
  })
  const alerts = await alertServiceOn(engine, clock, settings, log)
  const rules = createAlertHandlers({ alerts, settings, log })
  const onDisk = () => JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as Config
  return { settings, connections: connections.handlers, rules: rules.handlers, keychain, configs, onDisk }
}

/** Let every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('one writer for the settings', () => {
  it('a rule saved while a connection save waits on the keychain survives it', async () => {
    const s = await setup()
    const saving = s.connections['connections:save']({ connection, secret: 'the-chat-token' }, APP)
    await settle()
    expect(s.keychain.waiting).toHaveLength(1)

    await s.rules['rules:save']({ rule }, APP)
    expect(s.onDisk().rules.map((r) => r.id)).toContain('sales-wait')

    s.keychain.waiting.shift()?.()
    await saving

    for (const config of [s.settings.current(), s.onDisk()]) {
      expect(config.connections.map((c) => c.id)).toEqual(['demo', 'chat'])
      expect(config.rules.map((r) => r.id)).toContain('sales-wait')
    }
    // The engine ends on the config with both.
    expect(s.configs.at(-1)?.rules.map((r) => r.id)).toContain('sales-wait')
    expect(s.configs.at(-1)?.connections.map((c) => c.id)).toEqual(['demo', 'chat'])
    expect(JSON.stringify(s.onDisk())).not.toContain('the-chat-token')
  })

  it('a connection saved while a rule is being removed does not bring the rule back', async () => {
    const s = await setup()
    await s.rules['rules:save']({ rule }, APP)
    const saving = s.connections['connections:save']({ connection, secret: 'the-chat-token' }, APP)
    await settle()
    await s.rules['rules:remove']({ id: 'sales-wait' }, APP)
    s.keychain.waiting.shift()?.()
    await saving
    expect(s.onDisk().rules.map((r) => r.id)).not.toContain('sales-wait')
    expect(s.onDisk().connections.map((c) => c.id)).toEqual(['demo', 'chat'])
  })

  it('prefs, rules and connections changed at once all land', async () => {
    const s = await setup()
    const saving = s.connections['connections:save']({ connection, secret: 'x' }, APP)
    await settle()
    await Promise.all([
      s.connections['prefs:set']({ theme: 'dark' }, APP),
      s.rules['rules:save']({ rule }, APP),
      s.rules['alerts:setPrefs']({ prefs: { snoozeMinutes: 30 } }, APP),
    ])
    s.keychain.waiting.shift()?.()
    await saving
    const disk = s.onDisk()
    expect(disk.prefs.theme).toBe('dark')
    expect(disk.prefs.alerts?.snoozeMinutes).toBe(30)
    expect(disk.rules.map((r) => r.id)).toContain('sales-wait')
    expect(disk.connections.map((c) => c.id)).toEqual(['demo', 'chat'])
  })
})
