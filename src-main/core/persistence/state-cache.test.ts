import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { validateConnection } from '../../../src-shared/config'
import type { ProviderSnapshot } from '../../../src-shared/model'
import { cacheIdentity, type CachedSeries, type EngineCache } from '../engine/cached-state'
import { createSimulatorAdapter } from '../providers/simulator'
import { memoryLogger } from '../runtime/logger'
import { FakeClock } from '../testing/fake-clock'
import { StateCache, type StateSource } from './state-cache'
import {
  LIST_CAPS,
  MAX_CONNECTION_BYTES,
  STATE_FILE_NAME,
  encodeStateFile,
  validateStateFile,
} from './state-file'
import type { WriteResult } from './atomic-file'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'state-cache-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** A real simulated contact center's snapshot (agents, queues, rooms, messages, metrics, with `raw`). */
async function simulated(id: string, clock: FakeClock, agents = 40): Promise<ProviderSnapshot> {
  const c = validateConnection({ id, provider: 'simulator', options: { agents, seed: 7 } })
  if (!c.ok) throw new Error(JSON.stringify(c.issues))
  const adapter = createSimulatorAdapter({
    config: c.connection,
    secret: null,
    http: { request: async () => ({ ok: false, code: 'network', detail: 'no network in tests' }) },
    clock,
    log: memoryLogger(),
    sockets: { open: async () => ({ ok: false, status: null, detail: 'no sockets in tests' }) },
  })
  await clock.advance(60_000)
  const r = await adapter.poll(new AbortController().signal)
  if (!r.ok) throw new Error(r.failure.detail)
  return r.snapshot
}

function series(connection: string, key: string, from: number, stepMs: number, n: number): CachedSeries {
  const points: [number, number | null][] = []
  for (let i = 0; i < n; i++) points.push([from + i * stepMs, i % 97 === 50 ? null : (i * 7) % 23])
  return { key, connection, points }
}

function cacheOf(snapshots: ProviderSnapshot[], history: CachedSeries[], savedAt: number): EngineCache {
  return {
    savedAt,
    connections: snapshots.map((s) => ({
      id: s.connection,
      provider: s.provider,
      identity: cacheIdentity({ provider: s.provider, baseUrl: null, username: null, options: {} }),
      lastOkAt: s.asOf,
      snapshot: s,
    })),
    history,
  }
}

const stripRaw = (s: ProviderSnapshot): ProviderSnapshot => ({
  ...s,
  agents: s.agents.map((a) => ({ ...a, raw: null })),
  queues: s.queues.map((q) => ({ ...q, raw: null })),
  chatRooms: s.chatRooms.map((r) => ({ ...r, raw: null })),
  metrics: s.metrics.map((m) => ({ ...m, raw: null })),
})

describe('StateCache', () => {
  it('round-trips snapshots and history (raw dropped, values to 2 decimals, gaps kept)', async () => {
    const clock = new FakeClock()
    const snap = await simulated('demo', clock)
    expect(snap.agents.length).toBe(40)
    const t0 = snap.asOf - 3_600_000
    const hist: CachedSeries[] = [
      {
        key: 'queue|demo:sales|waiting',
        connection: 'demo',
        points: [
          [t0, 1],
          [t0 + 5_000, null],
          [t0 + 9_000, 2.345678],
        ],
      },
    ]
    const cache = new StateCache({ dir, clock, log: memoryLogger() })
    expect(await cache.save(cacheOf([snap], hist, clock.now()))).toEqual({ ok: true })

    const loaded = await new StateCache({ dir, clock, log: memoryLogger() }).load()
    expect(loaded.status).toBe('ok')
    if (loaded.status !== 'ok') return
    expect(loaded.source).toBe('file')
    expect(loaded.messages).toEqual([])
    expect(loaded.cache.savedAt).toBe(clock.now())
    expect(loaded.cache.connections).toHaveLength(1)
    expect(loaded.cache.connections[0]!.snapshot).toEqual(stripRaw(snap))
    expect(loaded.cache.connections[0]!.lastOkAt).toBe(snap.asOf)
    expect(loaded.cache.history).toEqual([
      {
        key: 'queue|demo:sales|waiting',
        connection: 'demo',
        points: [
          [t0, 1],
          [t0 + 5_000, null],
          [t0 + 9_000, 2.35],
        ],
      },
    ])
    // Compact JSON, owner-only permissions (it holds names of agents).
    const text = readFileSync(join(dir, STATE_FILE_NAME), 'utf8')
    expect(text.split('\n').length).toBe(2)
    if (process.platform !== 'win32') expect(statSync(join(dir, STATE_FILE_NAME)).mode & 0o077).toBe(0)
  })

  it('moves a corrupt file aside, says so, and uses the backup', async () => {
    const clock = new FakeClock()
    const snap = await simulated('demo', clock, 5)
    const cache = new StateCache({ dir, clock, log: memoryLogger() })
    await cache.save(cacheOf([snap], [], 1_000))
    await cache.save(cacheOf([{ ...snap, asOf: snap.asOf + 10_000 }], [], 2_000))
    // Power loss mid-way through someone else's write: the file is cut short.
    const path = join(dir, STATE_FILE_NAME)
    writeFileSync(path, readFileSync(path, 'utf8').slice(0, 500))

    const loaded = await new StateCache({ dir, clock, log: memoryLogger() }).load()
    expect(loaded.status).toBe('ok')
    if (loaded.status !== 'ok') return
    expect(loaded.source).toBe('backup')
    expect(loaded.cache.savedAt).toBe(1_000)
    expect(loaded.problems).toHaveLength(1)
    expect(loaded.problems[0]!.message).toMatch(/^not valid JSON/)
    expect(loaded.messages[0]).toMatch(
      /^state\.json: not valid JSON: .* \(moved aside to state\.json\.corrupt-.*\)$/,
    )
    expect(loaded.messages[1]).toBe('the saved board was taken from state.json.bak')
    expect(readdirSync(dir).filter((n) => n.startsWith('state.json.corrupt-'))).toHaveLength(1)
    expect(existsSync(path)).toBe(false)
  })

  it('rejects a file of the wrong shape or version with a message that says what is wrong', async () => {
    const clock = new FakeClock()
    const snap = await simulated('demo', clock, 3)
    const good = encodeStateFile(cacheOf([snap], [], 1))
    expect(validateStateFile(good).ok).toBe(true)
    const msg = (raw: unknown) => {
      const v = validateStateFile(raw)
      return v.ok ? null : v.error
    }
    expect(msg({ version: 1 })).toBe('not a Floorwalker state file')
    expect(msg({ ...good, version: 2 })).toBe(
      'unsupported state file version 2 (this Floorwalker reads version 1)',
    )
    const badAgent = structuredClone(good)
    ;(badAgent.connections[0]!.snapshot.agents[1] as unknown as Record<string, unknown>)['state'] = 'dancing'
    expect(msg(badAgent)).toMatch(
      /^the saved board does not have the expected shape: connections\.0\.snapshot\.agents\.1\.state: /,
    )
    const badSeries = { ...good, history: [{ key: 'k', connection: 'demo', t0: 1, dt: [1, 2], v: [1] }] }
    expect(msg(badSeries)).toBe('history.0: 1 values but 2 time steps')

    // A bad file with no backup: reported, set aside, nothing restored.
    writeFileSync(join(dir, STATE_FILE_NAME), JSON.stringify(badAgent))
    const loaded = await new StateCache({ dir, clock, log: memoryLogger() }).load()
    expect(loaded.status).toBe('missing')
    expect(loaded.messages).toHaveLength(1)
    expect(loaded.messages[0]).toMatch(/^state\.json: the saved board does not have the expected shape/)
  })

  it('stays within its bound: lists capped and trimmed, raw dropped, history thinned with gaps kept', async () => {
    const clock = new FakeClock()
    const big = await simulated('big', clock, 6_000)
    const small = await simulated('small', clock, 20)
    // A long message that must be cut, and history far beyond the budget: 300 series × 5,760 points (8 h at 5 s).
    big.chatMessages.push({
      id: 'long',
      senderLogin: null,
      senderName: 'x',
      sentAt: big.asOf,
      urgent: true,
      text: 'y'.repeat(10_000),
    })
    const hist = Array.from({ length: 300 }, (_, i) =>
      series('big', `queue|big:q${i}|waiting`, big.asOf - 8 * 3_600_000, 5_000, 5_760),
    )
    hist.push(series('small', 'queue|small:q|waiting', small.asOf - 600_000, 10_000, 60))
    const maxBytes = 3 * 1024 * 1024
    const cache = new StateCache({ dir, clock, log: memoryLogger(), maxBytes })
    expect(await cache.save(cacheOf([big, small], hist, clock.now()))).toEqual({ ok: true })

    const size = statSync(join(dir, STATE_FILE_NAME)).size
    expect(size).toBeLessThanOrEqual(maxBytes)
    const file = JSON.parse(readFileSync(join(dir, STATE_FILE_NAME), 'utf8')) as ReturnType<
      typeof encodeStateFile
    >
    const [bigC, smallC] = file.connections
    expect(bigC!.trimmed).toBe(true)
    expect(bigC!.snapshot.agents.length).toBeLessThan(LIST_CAPS.agents)
    expect(bigC!.snapshot.agents.length).toBeGreaterThan(0)
    expect(bigC!.snapshot.warnings).toContain('the saved board was trimmed to fit the cache')
    expect(bigC!.snapshot.chatMessages.find((m) => m.id === 'long')!.text.length).toBe(2_000)
    expect(bigC!.snapshot.agents.every((a) => a.raw === null)).toBe(true)
    // The small connection is whole; its history untouched.
    expect(smallC!.trimmed).toBe(false)
    expect(smallC!.snapshot.agents).toHaveLength(20)
    const loaded = await new StateCache({ dir, clock, log: memoryLogger() }).load()
    if (loaded.status !== 'ok') throw new Error('not loaded')
    const smallSeries = loaded.cache.history.filter((s) => s.connection === 'small')
    expect(smallSeries[0]!.points).toEqual(hist.at(-1)!.points)
    // Each connection keeps within its share.
    const share = Math.min(MAX_CONNECTION_BYTES, Math.floor((maxBytes - 4096) / 2))
    const bigBytes =
      Buffer.byteLength(JSON.stringify(bigC)) +
      file.history
        .filter((s) => s.connection === 'big')
        .reduce((n, s) => n + Buffer.byteLength(JSON.stringify(s)) + 1, 0)
    expect(bigBytes).toBeLessThanOrEqual(share)
    // Thinned big history still spans the day and keeps its gaps.
    const bigSeries = loaded.cache.history.filter((s) => s.connection === 'big')
    expect(bigSeries.length).toBeGreaterThan(0)
    const pts = bigSeries[0]!.points
    expect(pts.length).toBeLessThan(5_760)
    expect(pts.some((p) => p[1] === null)).toBe(true)
  })

  it('writes at most every 30 s while things change, on flush at quit, and not at all when nothing changed', async () => {
    const clock = new FakeClock()
    const snap = await simulated('demo', clock, 3)
    const saves: number[] = []
    class Counting extends StateCache {
      override save(c: EngineCache): Promise<WriteResult> {
        saves.push(c.savedAt)
        return Promise.resolve({ ok: true })
      }
    }
    const listeners: ((e: { type: string }) => void)[] = []
    let exported = 0
    const source: StateSource = {
      exportCache: () => {
        exported += 1
        return cacheOf([snap], [], clock.now())
      },
      onEvent: (l) => {
        listeners.push(l)
        return () => listeners.splice(listeners.indexOf(l), 1)
      },
    }
    const cache = new Counting({ dir, clock, log: memoryLogger() })
    const t0 = clock.now()
    const detach = cache.attach(source)
    const change = () => listeners.forEach((l) => l({ type: 'snapshot' }))
    // A change every second for two minutes: four writes, 30 s apart.
    for (let i = 0; i < 120; i++) {
      change()
      await clock.advance(1_000)
    }
    expect(saves.map((t) => t - t0)).toEqual([30_000, 60_000, 90_000, 120_000])
    // Patches alone are not worth a write.
    listeners.forEach((l) => l({ type: 'patch' }))
    await clock.advance(60_000)
    expect(saves).toHaveLength(4)
    // Quit: flush writes what changed, at once, and nothing when nothing did.
    change()
    detach()
    await cache.flush()
    expect(saves).toHaveLength(5)
    await cache.flush()
    expect(saves).toHaveLength(5)
    await clock.advance(120_000)
    expect(saves).toHaveLength(5)
    expect(exported).toBe(5)
    expect(clock.pending()).toBe(0)
  })
})
