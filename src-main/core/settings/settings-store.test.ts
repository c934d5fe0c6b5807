import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { demoConfig, validateConfig, validateConnection, type Config } from '../../../src-shared/config'
import { memoryLogger } from '../runtime/logger'
import { configToText, toConfigFile } from './config-file'
import { createFileSettingsStore, createMemorySettingsStore, createPathSettingsStore } from './settings-store'

let dir: string
const now = () => Date.UTC(2025, 0, 2, 3, 4, 5, 6)

function sampleConfig(): Config {
  const r = validateConfig({
    connections: [
      {
        id: 'eu-voice',
        label: 'EU voice',
        provider: '8x8',
        baseUrl: 'https://vcc-na7.8x8.com/api/rtstats/',
        username: 'acme',
        secretEnv: 'EU_VOICE_TOKEN',
        pollSeconds: 5,
      },
      {
        id: 'demo',
        provider: 'simulator',
        options: { seed: 7 },
        businessDay: { start: '06:00', timeZone: 'Europe/Warsaw' },
      },
    ],
    rules: [
      {
        id: 'sales-wait',
        name: 'Sales: longest wait',
        entity: 'queue',
        connection: 'eu-voice',
        ids: ['115'],
        field: 'longestWaitSec',
        op: '>',
        warn: 60,
        critical: 120,
      },
    ],
    prefs: { theme: 'dark' },
  })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.config
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'settings-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('config file form', () => {
  it('round-trips through validation to the same config, keeping what the user asked for', () => {
    const config = sampleConfig()
    expect(config.connections[0]?.pollSeconds).toBe(10) // raised to 8x8's minimum
    const file = toConfigFile(config)
    expect(file.connections[0]).toMatchObject({
      pollSeconds: 5,
      baseUrl: 'https://vcc-na7.8x8.com/api/rtstats',
    })
    expect(file.connections[1]).not.toHaveProperty('baseUrl')
    const back = validateConfig(JSON.parse(configToText(config)))
    expect(back).toEqual({ ok: true, config })
  })

  it('has no place for a secret: the schema rejects secret fields', () => {
    for (const key of ['secret', 'password', 'token']) {
      const r = validateConnection({ id: 'x', provider: 'simulator', [key]: 'hunter2' })
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.issues[0]?.message).toBe(`unknown key "${key}" (check the spelling)`)
    }
    const keys = new Set<string>()
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk)
      else if (typeof v === 'object' && v !== null) {
        for (const [k, x] of Object.entries(v)) {
          keys.add(k)
          walk(x)
        }
      }
    }
    walk(toConfigFile(sampleConfig()))
    expect([...keys].filter((k) => /secret$|password|token|credential/i.test(k))).toEqual([])
  })
})

describe('file settings store', () => {
  const make = (log = memoryLogger()) => createFileSettingsStore({ dir, now, defaults: demoConfig, log })

  it('a fresh install starts on the demo and writes nothing until something changes', async () => {
    const store = make()
    expect(await store.load()).toEqual({ ok: true, config: demoConfig(), source: 'default', problems: [] })
    expect(readdirSync(dir)).toEqual([])
    expect(store.path).toBe(join(dir, 'settings.json'))
  })

  it('saves atomically and loads back what was saved', async () => {
    const store = make()
    await store.load()
    const config = sampleConfig()
    expect(await store.update(() => config)).toEqual({ ok: true, config, changed: true })
    expect(store.current()).toEqual(config)
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual(toConfigFile(config))
    const again = make()
    expect(await again.load()).toEqual({ ok: true, config, source: 'file', problems: [] })
  })

  it('never writes a secret to disk', async () => {
    const store = make()
    await store.load()
    await store.update(() => sampleConfig())
    const text = readFileSync(join(dir, 'settings.json'), 'utf8')
    expect(text).not.toMatch(/"(secret|password|token)"/i)
    // The env variable NAME is kept (headless), which is not a secret.
    expect(text).toContain('"secretEnv": "EU_VOICE_TOKEN"')
  })

  it('keeps the valid connections and rules of a file with invalid ones, reports each, and keeps the file as it was', async () => {
    const original = JSON.stringify({
      connections: [
        { id: 'x', provider: 'nope' },
        { id: 'demo', provider: 'simulator', options: { seed: 7 } },
        { id: 'newer', provider: 'simulator', region: 'eu' },
      ],
      rules: [
        { id: 'on-x', name: 'on x', entity: 'queue', connection: 'x', field: 'waiting', op: '>', warn: 1 },
        { id: 'any', name: 'any', entity: 'queue', field: 'waiting', op: '>', warn: 5 },
      ],
      layouts: { compact: true },
    })
    writeFileSync(join(dir, 'settings.json'), original)
    const log = memoryLogger()
    const r = await make(log).load()
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.source).toBe('file')
    expect(r.config.connections.map((c) => c.id)).toEqual(['demo'])
    expect(r.config.rules.map((x) => x.id)).toEqual(['any'])
    const copy = join(dir, 'settings.json.invalid-2025-01-02T03-04-05-006Z')
    expect(readFileSync(copy, 'utf8')).toBe(original)
    // The file itself is untouched until the next save.
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(original)
    expect(r.problems).toEqual([
      `2 connections, 1 rule and other settings in ${join(dir, 'settings.json')} could not be used and were left out; ` +
        `the rest was loaded, and the file as it was is kept at ${copy}:\n` +
        '- field "layouts": unknown key "layouts" (check the spelling) (layouts)\n' +
        '- connection "x", field "provider": must be one of giosg, brightpattern, thulium, 8x8, chronicall, simulator (connections[0].provider)\n' +
        '- connection "newer", field "region": unknown key "region" (check the spelling) (connections[2].region)\n' +
        '- rule "on-x", field "connection": its connection "x" is not valid (see that connection\'s issues) (rules[0].connection)',
    ])
    expect(log.lines.some((l) => l.includes('WARN') && l.includes(copy))).toBe(true)
    // A restart without a save does not pile up identical copies; a save writes only what is valid.
    await make().load()
    expect(readdirSync(dir).filter((n) => n.includes('.invalid-'))).toHaveLength(1)
    const again = make()
    await again.load()
    await again.update((c) => ({ ...c, prefs: { ...c.prefs, theme: 'dark' } }))
    expect(validateConfig(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).ok).toBe(true)
    expect(readFileSync(copy, 'utf8')).toBe(original)
  })

  it('reads JSONC: a byte order mark, comments and trailing commas', async () => {
    writeFileSync(
      join(dir, 'settings.json'),
      '\uFEFF{\n  // the demo\n  "connections": [ /* one */ { "id": "demo", "provider": "simulator", }, ],\n}\n',
    )
    const r = await make().load()
    expect(r.ok && r.source).toBe('file')
    expect(r.ok && r.problems).toEqual([])
    expect(r.ok && r.config.connections.map((c) => c.id)).toEqual(['demo'])
  })

  it('moves a file that is not a config aside, keeps every copy, and starts from the backup', async () => {
    const store = make()
    await store.load()
    const first = sampleConfig()
    await store.update(() => first)
    await store.update((c) => ({ ...c, prefs: { theme: 'light', language: 'pl' } }))
    let t = now()
    for (let i = 0; i < 7; i++) {
      writeFileSync(join(dir, 'settings.json'), `{ "connections": [ { "id": "a", "id": "b" } ] } ${i}`)
      const log = memoryLogger()
      const r = await createFileSettingsStore({ dir, now: () => ++t, defaults: demoConfig, log }).load()
      expect(r.ok && r.source).toBe('backup')
      expect(r.ok && r.config).toEqual(first)
      if (!r.ok) return
      expect(r.problems[0]).toMatch(/could not be used and was moved aside to .*settings\.json\.corrupt-/)
      expect(r.problems[0]).toContain('duplicate key "id" (connections[0].id is given twice; keep one)')
      expect(r.problems[1]).toBe(
        `the settings were restored from the backup ${join(dir, 'settings.json.bak')}`,
      )
    }
    // Seven bad starts, seven copies: none deleted.
    expect(readdirSync(dir).filter((n) => n.startsWith('settings.json.corrupt-'))).toHaveLength(7)
  })

  it('with no usable file or backup, starts on the defaults and reports it (the bad file is kept aside)', async () => {
    writeFileSync(join(dir, 'settings.json'), '{ not json')
    const r = await make().load()
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.source).toBe('default')
    expect(r.config).toEqual(demoConfig())
    expect(r.problems).toHaveLength(2)
    expect(r.problems[0]).toMatch(/moved aside to .*settings\.json\.corrupt-.*: not valid JSON/)
    expect(r.problems[1]).toBe(
      'no usable settings were left, so the app started with the default (demo) settings',
    )
    expect(readFileSync(join(dir, 'settings.json.corrupt-2025-01-02T03-04-05-006Z'), 'utf8')).toBe(
      '{ not json',
    )
  })

  it('reports a write failure as data', async () => {
    const store = createFileSettingsStore({ dir: join(dir, 'file-not-dir'), now, defaults: demoConfig })
    writeFileSync(join(dir, 'file-not-dir'), '')
    const r = await store.update(() => sampleConfig())
    expect(r.ok).toBe(false)
    expect(store.current()).toEqual(demoConfig())
  })
})

describe('path settings store (headless --config)', () => {
  it('loads a user file and leaves it alone unless write-back is allowed', async () => {
    const path = join(dir, 'floorwalker.json')
    const original = JSON.stringify({ connections: [{ id: 'demo', provider: 'simulator' }] })
    writeFileSync(path, original)
    const ro = createPathSettingsStore({ path, writeBack: false, now })
    const r = await ro.load()
    expect(r.ok && r.config.connections[0]?.id).toBe('demo')
    expect(ro.persistent).toBe(false)
    expect(await ro.update(() => sampleConfig())).toMatchObject({ ok: true, changed: true })
    expect(ro.current()).toEqual(sampleConfig())
    expect(readFileSync(path, 'utf8')).toBe(original)

    const rw = createPathSettingsStore({ path, writeBack: true, now })
    await rw.load()
    expect(await rw.update(() => sampleConfig())).toMatchObject({ ok: true, changed: true })
    expect(validateConfig(JSON.parse(readFileSync(path, 'utf8')))).toEqual({
      ok: true,
      config: sampleConfig(),
    })
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(original)
  })

  it('an invalid user file is an error naming the connection and field, and is not moved', async () => {
    const path = join(dir, 'bad.json')
    writeFileSync(path, JSON.stringify({ connections: [{ id: 'eu', provider: '8x8', pollSeconds: -1 }] }))
    const r = await createPathSettingsStore({ path, writeBack: true, now }).load()
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.message).toContain('connection "eu", field "pollSeconds": must be greater than 0')
    expect(r.issues[0]).toMatchObject({ connection: 'eu', field: 'pollSeconds' })
    expect(readdirSync(dir)).toEqual(['bad.json'])
  })

  it('a missing file is an error', async () => {
    const r = await createPathSettingsStore({ path: join(dir, 'nope.json'), writeBack: false, now }).load()
    expect(r).toMatchObject({ ok: false, issues: [] })
    if (!r.ok) expect(r.message).toMatch(/^cannot read the config file .*nope\.json: ENOENT/)
  })
})

describe('memory settings store', () => {
  it('keeps the config in memory only', async () => {
    const store = createMemorySettingsStore(demoConfig())
    expect(await store.load()).toEqual({ ok: true, config: demoConfig(), source: 'memory', problems: [] })
    await store.update(() => sampleConfig())
    expect(store.current()).toEqual(sampleConfig())
    expect(store.path).toBeNull()
    expect(store.persistent).toBe(false)
  })

  it('refuses a config whose file form would not validate (a bug), keeping the old one', async () => {
    const store = createMemorySettingsStore(demoConfig())
    const broken = {
      ...demoConfig(),
      connections: [...demoConfig().connections, ...demoConfig().connections],
    }
    const r = await store.update(() => broken)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.detail).toContain('duplicate connection id "demo"')
    expect(store.current()).toEqual(demoConfig())
  })
})

describe('the one writer: update()', () => {
  const rule = (id: string) => ({ ...sampleConfig().rules[0]!, id, name: `Rule ${id}` })

  it('runs changes one at a time, each on the config the previous one left, in call order', async () => {
    const store = createFileSettingsStore({ dir, now, defaults: sampleConfig })
    await store.load()
    const seen: string[][] = []
    const results = await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        store.update((current) => {
          seen.push(current.rules.map((r) => r.id))
          return { ...current, rules: [...current.rules, rule(id)] }
        }),
      ),
    )
    expect(seen).toEqual([['sales-wait'], ['sales-wait', 'a'], ['sales-wait', 'a', 'b']])
    expect(results.map((r) => r.ok && r.config.rules.length)).toEqual([2, 3, 4])
    const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { rules: { id: string }[] }
    expect(onDisk.rules.map((r) => r.id)).toEqual(['sales-wait', 'a', 'b', 'c'])
  })

  it('writes nothing when the change returns the config unchanged', async () => {
    const store = createFileSettingsStore({ dir, now, defaults: sampleConfig })
    await store.load()
    const r = await store.update((c) => c)
    expect(r).toEqual({ ok: true, config: sampleConfig(), changed: false })
    expect(readdirSync(dir)).toEqual([])
  })

  it('a change that throws rejects, writes nothing, and does not stop the next change', async () => {
    const store = createFileSettingsStore({ dir, now, defaults: sampleConfig })
    await store.load()
    const bad = store.update(() => {
      throw new Error('the rule does not fit')
    })
    const next = store.update((c) => ({ ...c, rules: [...c.rules, rule('after')] }))
    await expect(bad).rejects.toThrow('the rule does not fit')
    expect(await next).toMatchObject({ ok: true, changed: true })
    expect(store.current().rules.map((r) => r.id)).toEqual(['sales-wait', 'after'])
  })
})
