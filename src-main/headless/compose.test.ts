import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { demoConfig, validateConnection } from '../../src-shared/config'
import { memoryLogger } from '../core/runtime/logger'
import { FakeClock } from '../core/testing/fake-clock'
import { parseArgs } from './args'
import { headlessSettings, NOWHERE_TO_KEEP } from './compose'

const dirs: string[] = []
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'fw-headless-settings-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function args(argv: string[]) {
  const r = parseArgs(argv)
  if (!r.ok) throw new Error(r.error)
  return r.args
}

function connection(id: string) {
  const r = validateConnection({ id, provider: 'simulator', label: `Added ${id}` })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.connection
}

describe('where a served board keeps its changes', () => {
  it('keeps connections, rules and prefs in the --state folder across a restart, written atomically', async () => {
    const dir = tempDir()
    const clock = new FakeClock()
    const a = args(['--demo', '--serve', '127.0.0.1:0', '--token', 'a-token-of-16-chars', '--state', dir])
    const first = headlessSettings(a, demoConfig(), clock, memoryLogger())
    expect(await first.load()).toMatchObject({ ok: true, source: 'default' })
    const saved = await first.update((c) => ({
      ...c,
      connections: [...c.connections, connection('extra')],
      rules: c.rules.filter((r) => r.id !== 'wrap-up-long'),
      prefs: { ...c.prefs, language: 'pl' },
    }))
    expect(saved).toMatchObject({ ok: true, changed: true })
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).connections).toHaveLength(2)

    // The next run starts from what was saved, not from the demo again.
    const second = headlessSettings(a, demoConfig(), clock, memoryLogger())
    const loaded = await second.load()
    expect(loaded).toMatchObject({ ok: true, source: 'file' })
    expect(second.current().connections.map((c) => c.id)).toEqual(['demo', 'extra'])
    expect(second.current().rules.some((r) => r.id === 'wrap-up-long')).toBe(false)
    expect(second.current().prefs.language).toBe('pl')
  })

  it('refuses an edit it could not keep, with the reason, instead of saying "saved"', async () => {
    const settings = headlessSettings(
      args(['--demo', '--serve', '127.0.0.1:0', '--token', 'a-token-of-16-chars']),
      demoConfig(),
      new FakeClock(),
      memoryLogger(),
    )
    await settings.load()
    const r = await settings.update((c) => ({ ...c, connections: [...c.connections, connection('extra')] }))
    expect(r).toEqual({ ok: false, detail: NOWHERE_TO_KEEP, refused: true })
    expect(NOWHERE_TO_KEEP).toContain('--state DIR')
    expect(settings.current().connections.map((c) => c.id)).toEqual(['demo'])
  })

  it('writes changes back to the --config file for a token holder', async () => {
    const dir = tempDir()
    const file = join(dir, 'floorwalker.json')
    writeFileSync(file, JSON.stringify({ connections: [{ id: 'demo', provider: 'simulator' }] }))
    const settings = headlessSettings(
      args(['--config', file, '--serve', '127.0.0.1:0', '--token', 'a-token-of-16-chars']),
      demoConfig(),
      new FakeClock(),
      memoryLogger(),
    )
    await settings.load()
    // No "rules" in the file: the default pack runs, and is written out explicitly with the first change.
    expect(settings.current().rules.length).toBeGreaterThan(0)
    await settings.update((c) => ({ ...c, connections: [...c.connections, connection('extra')] }))
    const written = JSON.parse(readFileSync(file, 'utf8')) as { connections: unknown[]; rules: unknown[] }
    expect(written.connections).toHaveLength(2)
    expect(written.rules.length).toBe(settings.current().rules.length)
  })
})
