import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Config, ConnectionConfig } from '../../../src-shared/config'
import type { HistorySeries } from '../../../src-shared/live'
import { memoryLogger } from '../runtime/logger'
import { HistoryArchive, type HistorySource } from './history-archive'
import { MINUTE_MS } from './history-day-file'

const DAY = 86_400_000
const TODAY = Date.UTC(2026, 11, 3)
const KEY = 'queue|demo:101|waiting'

function connection(id: string): ConnectionConfig {
  return {
    id,
    label: id,
    provider: 'simulator',
    baseUrl: null,
    username: null,
    secretEnv: null,
    pollSeconds: 15,
    requestedPollSeconds: null,
    enabled: true,
    queueMedia: {},
    businessDay: { start: '00:00', timeZone: 'UTC' },
    options: {},
    targets: {},
  }
}
const CONFIG = { connections: [connection('demo')] } as unknown as Config

/** A ring with one series: `points` as the engine would answer them. */
function ring(points: [number, number | null][]): HistorySource & { points: [number, number | null][] } {
  return {
    points,
    config: () => CONFIG,
    historyKeys: () => [KEY],
    history(keys: string[], since: number): HistorySeries[] {
      return keys.map((key) => ({ key, points: this.points.filter(([t]) => t >= since) }))
    },
  }
}

/** A sampler that knows any day: waiting = the hour of the day. */
const sampler = async (from: number, to: number) => {
  const points: [number, number | null][] = []
  for (let t = from; t < to; t += 15_000) points.push([t, Math.floor((t - from) / 3_600_000)])
  return new Map([[KEY, points]])
}

/** A clock the test sets; the archive's timers are not run here (captures and flushes are called directly). */
class SetClock {
  constructor(private t: number) {}
  now(): number {
    return this.t
  }
  set(t: number): void {
    this.t = t
  }
  setTimer(): () => void {
    return () => undefined
  }
}

let dir: string
let clock: SetClock
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'history-archive-'))
  clock = new SetClock(TODAY + 10 * 3_600_000)
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const archive = (o: { maxBytes?: number } = {}) =>
  new HistoryArchive({ dir, clock, log: memoryLogger(), ...o })
const dayFile = (date: string) => join(dir, 'history', 'demo', `${date}.json`)

describe('history days on disk', () => {
  it('captures the ring into today’s file and reads it back at the next start', async () => {
    const a = archive()
    await a.load(CONFIG)
    const src = ring([
      [TODAY + 9 * 3_600_000, 2],
      [TODAY + 9 * 3_600_000 + 30_000, 6],
    ])
    a.attach(src)
    expect((await a.flush()).ok).toBe(true)
    expect(existsSync(dayFile('2026-12-03'))).toBe(true)
    // No temp file is left beside it.
    expect(readdirSync(join(dir, 'history', 'demo'))).toEqual(['2026-12-03.json'])

    const b = archive()
    const load = await b.load(CONFIG)
    expect(load).toMatchObject({ days: 1, problems: [] })
    expect(await b.series([KEY], TODAY, TODAY + DAY)).toEqual([
      { key: KEY, points: [[TODAY + 9 * 3_600_000, 6]] },
    ])
    // Today's saved minutes stay when this run's ring starts later (a restart).
    b.attach(ring([[TODAY + 10 * 3_600_000, 1]]))
    await b.flush()
    const c = archive()
    await c.load(CONFIG)
    expect((await c.series([KEY], TODAY, TODAY + DAY))[0]?.points.filter(([, v]) => v !== null)).toEqual([
      [TODAY + 9 * 3_600_000, 6],
      [TODAY + 10 * 3_600_000, 1],
    ])
  })

  it('writes the day that ended when the business day changes', async () => {
    const a = archive()
    await a.load(CONFIG)
    const src = ring([[TODAY + 23 * 3_600_000 + 59 * MINUTE_MS + 30_000, 4]])
    clock.set(TODAY + 23 * 3_600_000 + 59 * MINUTE_MS + 40_000)
    a.capture(src)
    src.points.push([TODAY + DAY + 30_000, 9])
    clock.set(TODAY + DAY + 60_000)
    await a.flush()
    a.capture(src)
    await a.flush()
    expect(a.storedDays().map((d) => d.date)).toEqual(['2026-12-03', '2026-12-04'])
  })

  it('reports a torn day with its path, moves it aside and keeps the other days', async () => {
    const a = archive()
    await a.load(CONFIG)
    await a.fill('demo', { start: '00:00', timeZone: 'UTC' }, sampler)
    const torn = dayFile('2026-11-30')
    const text = readFileSync(torn, 'utf8')
    writeFileSync(torn, text.slice(0, Math.floor(text.length / 2)))

    const b = archive()
    const load = await b.load(CONFIG)
    expect(load.days).toBe(7)
    expect(load.problems).toHaveLength(1)
    expect(load.problems[0]?.file).toBe(torn)
    expect(load.messages[0]).toContain(torn)
    expect(load.messages[0]).toContain('not valid JSON')
    expect(existsSync(torn)).toBe(false)
    expect(
      readdirSync(join(dir, 'history', 'demo')).some((n) => n.startsWith('2026-11-30.json.corrupt-')),
    ).toBe(true)
    expect(b.storedDays().map((d) => d.date)).not.toContain('2026-11-30')
    // A day that is not what its name says is refused too.
    writeFileSync(dayFile('2026-11-29'), readFileSync(dayFile('2026-11-28'), 'utf8'))
    const c = await archive().load(CONFIG)
    expect(c.messages[0]).toMatch(/2026-11-29\.json: it holds demo 2026-11-28/)
  })

  it('fills the past eight days from a source that knows them, last week’s first', async () => {
    const a = archive()
    await a.load(CONFIG)
    const asked: number[] = []
    const written = await a.fill('demo', { start: '00:00', timeZone: 'UTC' }, async (from, to) => {
      asked.push(from)
      return sampler(from, to)
    })
    expect(written[0]).toBe('2026-11-26')
    expect([...written].sort()).toEqual([
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ])
    const lastWeek = await a.series(
      [KEY],
      TODAY - 7 * DAY + 10 * 3_600_000,
      TODAY - 7 * DAY + 10 * 3_600_000 + 2 * MINUTE_MS,
    )
    expect(lastWeek[0]?.points).toEqual([
      [TODAY - 7 * DAY + 10 * 3_600_000, 10],
      [TODAY - 7 * DAY + 10 * 3_600_000 + MINUTE_MS, 10],
    ])
    // Days already on disk are not computed again.
    asked.length = 0
    expect(await a.fill('demo', { start: '00:00', timeZone: 'UTC' }, sampler)).toEqual([])
  })

  it('removes days past the retention period at start', async () => {
    const a = archive()
    await a.load(CONFIG)
    await a.fill('demo', { start: '00:00', timeZone: 'UTC' }, sampler)
    clock.set(TODAY + 3 * DAY + 3_600_000)
    const b = archive()
    const load = await b.load(CONFIG)
    expect(load.removed.map((p) => p.slice(-15))).toEqual([
      '2026-11-25.json',
      '2026-11-26.json',
      '2026-11-27.json',
    ])
    expect(b.storedDays()[0]?.date).toBe('2026-11-28')
  })

  it('keeps the folder under its bound by removing the oldest days first', async () => {
    const a = archive()
    await a.load(CONFIG)
    await a.fill('demo', { start: '00:00', timeZone: 'UTC' }, sampler)
    const perDay = a.bytes() / 8
    const b = archive({ maxBytes: Math.floor(perDay * 3.5) })
    const load = await b.load(CONFIG)
    expect(b.storedDays().map((d) => d.date)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02'])
    expect(load.removed).toHaveLength(5)
    expect(b.bytes()).toBeLessThanOrEqual(perDay * 3.5)
  })

  it('skips a folder that is not a connection’s and files that are not days', async () => {
    mkdirSync(join(dir, 'history', 'demo'), { recursive: true })
    writeFileSync(join(dir, 'history', 'demo', 'notes.txt'), 'hello')
    writeFileSync(join(dir, 'history', 'stray.json'), '{}')
    expect(await archive().load(CONFIG)).toMatchObject({ days: 0, problems: [] })
  })
})
