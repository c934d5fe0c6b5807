import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateConfig, type Config } from '../../../src-shared/config'
import { historyKey, type CatchUp, type ConnectionStatus } from '../../../src-shared/live'
import { blankQueue, type ChatRoom, type ProviderSnapshot, type Queue } from '../../../src-shared/model'
import { cacheIdentity, type EngineCache } from './cached-state'
import { PROBE_CHECK_SPACING_MS, type EngineEvent } from '.'
import { StateCache } from '../persistence/state-cache'
import type { Connectivity } from '../ports'
import type { PollResult, ProviderFailure } from '../providers/types'
import { memoryLogger } from '../runtime/logger'
import { FakeClock } from '../testing/fake-clock'
import { createOfflineEngine } from '../testing/offline-engine'
import { ScriptedAdapter, emptySnapshot } from '../testing/scripted-adapter'

/** The OS network signal and the probe, under the test's control. */
class FakeConnectivity implements Connectivity {
  readonly probes: number[] = []
  probeAnswer = true
  private readonly fns = new Set<(online: boolean) => void>()
  constructor(
    private readonly clock: FakeClock,
    public online = true,
  ) {}
  isOnline(): boolean {
    return this.online
  }
  onChange(fn: (online: boolean) => void): () => void {
    this.fns.add(fn)
    return () => this.fns.delete(fn)
  }
  set(online: boolean): void {
    this.online = online
    for (const f of this.fns) f(online)
  }
  async probe(): Promise<boolean> {
    this.probes.push(this.clock.now())
    return this.probeAnswer
  }
}

const CONNECTIONS = [
  {
    id: 'voice',
    label: 'EU voice',
    provider: '8x8',
    baseUrl: 'http://vendor.test/api/rtstats',
    username: 'acme',
    pollSeconds: 10,
    // A business day starting at 08:00 UTC: the catch-up below (07:00–09:00 UTC) crosses it.
    businessDay: { start: '08:00', timeZone: 'UTC' },
  },
  { id: 'chat', label: 'Chat', provider: 'giosg', baseUrl: 'http://chat.test', pollSeconds: 10 },
  { id: 'sim', label: 'Demo', provider: 'simulator', pollSeconds: 5 },
]

function config(connections: unknown[] = CONNECTIONS): Config {
  const r = validateConfig({ connections })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.config
}

type Step = PollResult | ProviderFailure | ((n: number) => PollResult)

const queue = (id: string, today: { received: number; answered: number; abandoned: number }): Queue =>
  blankQueue(id, `Queue ${id}`, {
    media: 'voice',
    waiting: 2,
    longestWaitSec: 30,
    serviceLevelPct: 80,
    today: { ...today, avgWaitSec: null, avgHandleSec: null, serviceLevelPct: null },
    raw: { vendor: 'field' },
  })

const room = (id: string, today: { chats: number; missed: number; answered: number }): ChatRoom => ({
  id,
  name: `Room ${id}`,
  openChats: 1,
  waitingChats: 0,
  avgWaitNowSec: null,
  maxWaitNowSec: null,
  freeCapacity: null,
  visitorsNow: null,
  today: {
    ...today,
    avgWaitSec: null,
    maxWaitSec: null,
    avgChatSec: null,
    serviceLevelPct: null,
    satisfactionPct: null,
  },
  raw: null,
})

function setup(o: { scripts?: Record<string, Step[]>; online?: boolean; random?: () => number } = {}) {
  const clock = new FakeClock()
  const net = new FakeConnectivity(clock, o.online ?? true)
  const adapters = new Map<string, ScriptedAdapter>()
  const events: EngineEvent[] = []
  const log = memoryLogger()
  const engine = createOfflineEngine(clock, {
    random: o.random ?? (() => 0.5),
    log,
    connectivity: net,
    factories: Object.fromEntries(
      (['8x8', 'giosg', 'simulator'] as const).map((p) => [
        p,
        (ctx: { clock: FakeClock; config: { id: string; provider: string } }) => {
          // A vendor answer always holds something (an empty one is a broken answer): one queue by default.
          const answer = (): PollResult => ({
            ok: true,
            snapshot: emptySnapshot(ctx.config.id, ctx.clock.now(), {
              provider: ctx.config.provider as ProviderSnapshot['provider'],
              queues: [queue('q1', { received: 10, answered: 8, abandoned: 2 })],
            }),
          })
          const byDefault = ctx.config.provider === 'simulator' ? [] : [answer]
          const a = new ScriptedAdapter(
            ctx.clock,
            ctx.config.id,
            (o.scripts?.[ctx.config.id] ?? byDefault) as never,
          )
          adapters.set(ctx.config.id, a)
          return a
        },
      ]),
    ) as never,
  })
  engine.onEvent((e) => events.push(e))
  const status = (id: string): ConnectionStatus => engine.statuses().find((s) => s.id === id)!
  const polls = () => Object.fromEntries([...adapters].map(([id, a]) => [id, a.polls]))
  const catchUps = () => events.flatMap((e) => (e.type === 'catchup' ? [e.catchup] : []))
  return { clock, net, engine, adapters, events, status, polls, catchUps, log }
}

/** A cache as a previous run would have left it, two hours ago. */
function savedBoard(clock: FakeClock, connections: Config['connections']): EngineCache {
  const at = clock.now() - 2 * 3_600_000
  const snap = (id: string, provider: ProviderSnapshot['provider']): ProviderSnapshot =>
    emptySnapshot(id, at, {
      provider,
      queues: provider === 'simulator' ? [] : [queue('q1', { received: 10, answered: 8, abandoned: 2 })],
    })
  const of = (id: string) => connections.find((c) => c.id === id)!
  return {
    savedAt: at + 1_000,
    connections: [
      {
        id: 'voice',
        provider: '8x8',
        identity: cacheIdentity(of('voice')),
        lastOkAt: at,
        snapshot: snap('voice', '8x8'),
      },
      {
        id: 'sim',
        provider: 'simulator',
        identity: cacheIdentity(of('sim')),
        lastOkAt: at,
        snapshot: snap('sim', 'simulator'),
      },
      { id: 'gone', provider: 'thulium', identity: 'x', lastOkAt: at, snapshot: snap('gone', 'thulium') },
    ],
    history: [
      {
        key: historyKey('queue', 'voice:q1', 'waiting'),
        connection: 'voice',
        points: [
          [at - 20_000, 1],
          [at - 10_000, 3],
          [at, 2],
        ],
      },
      { key: historyKey('queue', 'gone:q', 'waiting'), connection: 'gone', points: [[at, 1]] },
    ],
  }
}

describe('Engine offline', () => {
  it('starts from the cache with no network: the saved board at once, stale and offline, no vendor request', async () => {
    const { clock, net, engine, adapters, status, polls } = setup({ online: false })
    net.probeAnswer = false
    const cfg = config()
    engine.setConfig(cfg)
    const saved = savedBoard(clock, cfg.connections)
    const result = engine.restore(saved)
    expect(result.restored).toEqual(['voice', 'sim'])
    expect(result.ignored).toEqual([{ id: 'gone', why: 'not in the config (or disabled)' }])

    // Before start, before any poll: the rows are there.
    const state = engine.getState()
    expect(state.queues.map((q) => [q.key, q.today?.abandoned])).toEqual([['voice:q1', 2]])
    const voice = status('voice')
    expect(voice).toMatchObject({
      state: 'offline',
      reason: 'offline',
      stale: true,
      lastOkAt: saved.connections[0]!.lastOkAt,
      detail: 'this computer is offline; last known data from 2 h ago',
      counts: { queues: 1 },
    })
    expect(status('chat')).toMatchObject({
      state: 'offline',
      reason: 'offline',
      stale: false,
      lastOkAt: null,
    })
    // The chart: the saved points, then a gap at the restore instant.
    expect(engine.history([historyKey('queue', 'voice:q1', 'waiting')], 0)[0]!.points).toEqual([
      ...saved.history[0]!.points,
      [clock.now(), null],
    ])

    engine.start()
    await clock.advance(30 * 60_000)
    expect([...adapters.keys()].sort()).toEqual(['chat', 'sim', 'voice'])
    expect(polls()).toEqual({ voice: 0, chat: 0, sim: 0 })
    // Only the probe ran: every 30 s with random() = 0.5.
    expect(net.probes).toHaveLength(60)
    expect(engine.network()).toMatchObject({ online: false, cause: 'os' })
    await engine.dispose()
  })

  it('shows the saved board while connecting, then fresh data with a catch-up of what happened meanwhile', async () => {
    const t0 = new FakeClock().now()
    const { clock, engine, status, catchUps } = setup({
      scripts: {
        voice: [
          () => ({
            ok: true,
            snapshot: emptySnapshot('voice', t0, {
              provider: '8x8',
              queues: [queue('q1', { received: 30, answered: 21, abandoned: 9 })],
            }),
          }),
        ],
      },
    })
    const cfg = config()
    engine.setConfig(cfg)
    engine.restore(savedBoard(clock, cfg.connections))
    expect(status('voice')).toMatchObject({
      state: 'stale',
      reason: 'cache',
      stale: true,
      detail: 'last known data from 2 h ago; connecting',
    })
    engine.start()
    await clock.advance(100)
    expect(status('voice')).toMatchObject({ state: 'ok', reason: null, stale: false, lastOkAt: t0 })
    // The simulator's saved board had no counters: its catch-up is only the gap.
    expect(catchUps().find((c) => c.connection === 'sim')).toMatchObject({
      reason: 'restart',
      gapSec: 7_200,
      counted: false,
      changes: [],
    })
    expect(catchUps().filter((c) => c.connection === 'voice')).toEqual([
      {
        id: `voice:${t0 - 2 * 3_600_000}`,
        connection: 'voice',
        label: 'EU voice',
        reason: 'restart',
        from: t0 - 2 * 3_600_000,
        to: t0,
        gapSec: 7_200,
        totals: { abandoned: 7, missed: null, received: 20, chats: null, answered: 13 },
        counted: true,
        businessDayStartedAt: t0 - 3_600_000,
        changes: [
          {
            entity: 'queue',
            key: 'voice:q1',
            name: 'Queue q1',
            field: 'received',
            before: 10,
            after: 30,
            delta: 20,
          },
          {
            entity: 'queue',
            key: 'voice:q1',
            name: 'Queue q1',
            field: 'answered',
            before: 8,
            after: 21,
            delta: 13,
          },
          {
            entity: 'queue',
            key: 'voice:q1',
            name: 'Queue q1',
            field: 'abandoned',
            before: 2,
            after: 9,
            delta: 7,
          },
        ],
      },
    ])
    expect(engine.catchUps()).toEqual(catchUps())
    await engine.dispose()
  })

  it('ignores a cached connection that now points at another tenant', () => {
    const { clock, engine } = setup()
    const cfg = config()
    engine.setConfig(cfg)
    const saved = savedBoard(clock, cfg.connections)
    saved.connections[0]!.identity = cacheIdentity({ ...cfg.connections[0]!, username: 'other-tenant' })
    const r = engine.restore(saved)
    expect(r.restored).toEqual(['sim'])
    expect(r.ignored.map((i) => i.id)).toEqual(['voice', 'gone'])
    expect(engine.getState().queues).toEqual([])
  })

  it('offline: no poll beyond jittered probes; back online: one immediate poll each, stale until then, no burst', async () => {
    const jitter = [0, 0.999, 0.5]
    let n = 0
    const { clock, net, engine, status, polls } = setup({ random: () => jitter[n++ % jitter.length]! })
    net.probeAnswer = false
    engine.setConfig(config())
    engine.start()
    await clock.advance(100)
    expect(polls()).toEqual({ voice: 1, chat: 1, sim: 1 })

    net.set(false)
    const offAt = clock.now()
    expect(['voice', 'chat', 'sim'].map((id) => [status(id).state, status(id).reason])).toEqual([
      ['offline', 'offline'],
      ['offline', 'offline'],
      ['offline', 'offline'],
    ])
    expect(status('voice').reasonSince).toBe(offAt)
    await clock.advance(3_600_000)
    expect(polls()).toEqual({ voice: 1, chat: 1, sim: 1 })
    const gaps = net.probes.map((t, i) => t - (net.probes[i - 1] ?? offAt))
    expect(gaps.length).toBeGreaterThan(3_600_000 / 45_000)
    expect(gaps.every((g) => g >= 15_000 && g <= 45_000)).toBe(true)
    expect(new Set(gaps).size).toBeGreaterThan(1)

    net.set(true)
    // Marked stale (and why) until the first poll answers.
    expect(status('voice')).toMatchObject({
      state: 'stale',
      stale: true,
      reason: 'resuming',
      detail: 'back online: refreshing',
    })
    net.set(true) // a repeated signal adds nothing
    await clock.advance(10)
    expect(polls()).toEqual({ voice: 2, chat: 2, sim: 2 })
    expect(status('voice')).toMatchObject({ state: 'ok', stale: false, reason: null })
    // Then the regular interval: nothing more until 10 s (5 s for the simulator).
    await clock.advance(4_980)
    expect(polls()).toEqual({ voice: 2, chat: 2, sim: 2 })
    await clock.advance(5_010)
    expect(polls()).toEqual({ voice: 3, chat: 3, sim: 4 })
    const probesAfter = net.probes.length
    await clock.advance(120_000)
    expect(net.probes.length).toBe(probesAfter)
    await engine.dispose()
  })

  it('asleep: nothing runs, not even a probe; awake: one immediate poll each, stale until it answers', async () => {
    const { clock, net, engine, status, polls } = setup()
    engine.setConfig(config())
    engine.start()
    await clock.advance(100)
    engine.suspend()
    const asleep = clock.now()
    await clock.advance(2 * 3_600_000)
    expect(polls()).toEqual({ voice: 1, chat: 1, sim: 1 })

    // Offline while asleep (the lid closed on the train): still no probe until the wake.
    net.set(false)
    await clock.advance(600_000)
    expect(net.probes).toEqual([])
    net.set(true)
    engine.resume()
    expect(status('sim')).toMatchObject({ state: 'stale', stale: true, reason: 'resuming' })
    await clock.advance(10)
    expect(polls()).toEqual({ voice: 2, chat: 2, sim: 2 })
    expect(status('sim')).toMatchObject({ state: 'ok', stale: false })
    engine.resume() // a second wake signal adds no poll
    await clock.advance(10)
    expect(polls()).toEqual({ voice: 2, chat: 2, sim: 2 })
    expect(status('voice').lastOkAt).toBeGreaterThan(asleep)
    await engine.dispose()
  })

  it('tells "this computer is offline", "the vendor is unreachable" and "the credential was rejected" apart', async () => {
    const refused: ProviderFailure = {
      code: 'network',
      detail: 'could not connect: http://vendor.test/ (ECONNREFUSED)',
    }
    const run = async (scripts: Record<string, Step[]>, probeAnswer: boolean) => {
      const s = setup({ scripts })
      s.net.probeAnswer = probeAnswer
      s.engine.setConfig(config())
      s.engine.start()
      await s.clock.advance(100)
      return s
    }

    // Every vendor fails at the network level and the probe fails too: this computer is offline.
    const offline = await run({ voice: [refused], chat: [refused] }, false)
    const offlineChat = offline.status('chat')
    expect(offline.net.probes).toHaveLength(1)
    expect(offline.status('voice')).toMatchObject({
      state: 'offline',
      reason: 'offline',
      detail: 'this computer seems to be offline: no vendor could be reached and a network check failed too',
    })
    expect(offline.status('sim').state).toBe('offline')
    expect(offline.engine.network()).toMatchObject({ online: false, cause: 'probe' })
    // (The simulator needs no secret lookup, so its first poll ran at once, before the probe answered.)
    const before = offline.polls()
    expect(before).toEqual({ voice: 1, chat: 1, sim: 1 })
    await offline.clock.advance(600_000)
    expect(offline.polls()).toEqual(before)
    expect(offline.net.probes).toHaveLength(21)
    // The probe answers again: one poll each, now.
    offline.net.probeAnswer = true
    await offline.clock.advance(30_000)
    expect(offline.polls()).toEqual({ voice: 2, chat: 2, sim: 2 })

    // The same failures, but the network answers: those vendors are unreachable.
    const vendor = await run({ voice: [refused], chat: [refused] }, true)
    const vendorChat = vendor.status('chat')
    expect(vendor.net.probes).toHaveLength(1)
    expect(vendor.status('voice')).toMatchObject({
      state: 'unreachable',
      reason: 'vendor',
      detail: refused.detail,
    })
    expect(vendor.status('sim')).toMatchObject({ state: 'ok', reason: null })
    // Retried at the interval (nothing reached the vendor), probed at most once a minute meanwhile.
    await vendor.clock.advance(PROBE_CHECK_SPACING_MS * 3)
    expect(vendor.polls().voice).toBe(19)
    // at 0 (both had failed), 60, 120 and 180 s
    expect(vendor.net.probes.map((t) => t - vendor.net.probes[0]!)).toEqual([0, 60_000, 120_000, 180_000])

    // A rejected credential.
    const auth = await run({ voice: [{ code: 'auth', detail: 'HTTP 401: invalid token' }] }, true)
    expect(auth.status('voice')).toMatchObject({
      state: 'auth_failed',
      reason: 'credentials',
      detail: 'HTTP 401: invalid token',
    })
    expect(auth.net.probes).toEqual([])

    const three = [offlineChat, vendorChat, auth.status('voice')]
    expect(new Set(three.map((s) => s.state)).size).toBe(3)
    expect(new Set(three.map((s) => s.reason)).size).toBe(3)
    expect(new Set(three.map((s) => s.detail)).size).toBe(3)

    // One vendor failing while another answers: no probe at all, just that vendor.
    const one = await run({ voice: [refused] }, false)
    expect(one.net.probes).toEqual([])
    expect(one.status('voice').state).toBe('unreachable')
    for (const s of [offline, vendor, auth, one]) await s.engine.dispose()
  })

  it('sums up a long gap with what the data shows happened meanwhile; a short one is not news', async () => {
    const { clock, net, engine, catchUps } = setup({
      scripts: {
        voice: [
          (n) => ({
            ok: true,
            snapshot: emptySnapshot('voice', clock.now(), {
              provider: '8x8',
              queues: [
                queue('sales', { received: 10 + n, answered: 10, abandoned: n < 5 ? 3 : 8 }),
                queue('support', { received: 5, answered: 5, abandoned: 1 }),
              ],
            }),
          }),
        ],
        chat: [
          (n) => ({
            ok: true,
            snapshot: emptySnapshot('chat', clock.now(), {
              provider: 'giosg',
              chatRooms: [room('web', { chats: 20, missed: n < 5 ? 1 : 2, answered: 18 })],
            }),
          }),
        ],
      },
    })
    net.probeAnswer = false
    engine.setConfig(config())
    engine.start()
    await clock.advance(25_000)
    // 30 s offline: shorter than the threshold.
    net.set(false)
    await clock.advance(30_000)
    net.set(true)
    await clock.advance(100)
    expect(catchUps()).toEqual([])
    const lastBefore = clock.now() - 100
    // 14 minutes offline.
    net.set(false)
    await clock.advance(14 * 60_000)
    net.set(true)
    await clock.advance(100)
    const got = catchUps()
    expect(got.map((c) => [c.connection, c.reason])).toEqual([
      ['voice', 'offline'],
      ['chat', 'offline'],
      ['sim', 'offline'],
    ])
    // No counters to compare in the simulator's (empty) snapshots: the gap itself is the news.
    expect(got[2]).toMatchObject({
      gapSec: 14 * 60,
      changes: [],
      counted: false,
      totals: { abandoned: null, missed: null, answered: null },
    })
    const voice = got[0] as CatchUp
    expect(voice.from).toBe(lastBefore)
    expect(voice.gapSec).toBe(14 * 60)
    // "answered" was there on both sides and did not move: 0, not unknown.
    expect(voice.totals).toEqual({ abandoned: 5, missed: null, received: 1, chats: null, answered: 0 })
    expect(voice.counted).toBe(true)
    expect(voice.changes.map((c) => [c.key, c.field, c.delta])).toEqual([
      ['voice:sales', 'abandoned', 5],
      ['voice:sales', 'received', 1],
    ])
    expect(got[1]!.totals).toEqual({ abandoned: null, missed: 1, received: null, chats: 0, answered: 0 })
    await engine.dispose()
  })

  it('breaks the chart lines at going offline, at sleep and at a restore', async () => {
    const { clock, net, engine } = setup({
      scripts: {
        voice: [
          () => ({
            ok: true,
            snapshot: emptySnapshot('voice', clock.now(), {
              provider: '8x8',
              queues: [queue('q1', { received: 1, answered: 1, abandoned: 0 })],
            }),
          }),
        ],
      },
    })
    const cfg = config()
    engine.setConfig(cfg)
    engine.restore(savedBoard(clock, cfg.connections))
    const restoredAt = clock.now()
    engine.start()
    await clock.advance(15_000) // polls at 0 and 10 s
    net.set(false)
    const offAt = clock.now()
    await clock.advance(60_000)
    net.set(true)
    await clock.advance(5_000) // the poll on reconnect
    engine.suspend()
    const sleepAt = clock.now()
    await clock.advance(60_000)
    engine.resume()
    await clock.advance(100)
    const key = historyKey('queue', 'voice:q1', 'waiting')
    const points = engine.history([key], 0)[0]!.points
    const at = (t: number) => points.filter((p) => p[0] >= t)
    const gapsAt = points.filter((p) => p[1] === null).map((p) => p[0])
    expect(gapsAt).toEqual([restoredAt, offAt, sleepAt])
    // Each gap is followed by fresh values, never a line straight across the missing time.
    expect(
      at(offAt)
        .slice(0, 2)
        .map((p) => p[1]),
    ).toEqual([null, 2])
    expect(
      at(sleepAt)
        .slice(0, 2)
        .map((p) => p[1]),
    ).toEqual([null, 2])
    await engine.dispose()
  })

  it('keeps the board across a restart through the state cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engine-state-'))
    try {
      const first = setup({
        scripts: {
          voice: [
            () => ({
              ok: true,
              snapshot: emptySnapshot('voice', first.clock.now(), {
                provider: '8x8',
                queues: [queue('q1', { received: 4, answered: 3, abandoned: 1 })],
              }),
            }),
          ],
        },
      })
      first.engine.setConfig(config())
      const cache = new StateCache({ dir, clock: first.clock, log: memoryLogger() })
      const detach = cache.attach(first.engine)
      first.engine.start()
      await first.clock.advance(20_000)
      detach()
      expect(await cache.flush()).toEqual({ ok: true })
      const before = first.engine.getState()
      const key = historyKey('queue', 'voice:q1', 'waiting')
      const firstPoints = first.engine.history([key], 0)[0]!.points
      expect(firstPoints).toHaveLength(3)
      await first.engine.dispose()

      // The next start, with no network: the same rows (without raw), history up to the quit, then a gap.
      const second = setup({ online: false })
      await second.clock.advance(3_600_000)
      second.engine.setConfig(config())
      const loaded = await new StateCache({ dir, clock: second.clock, log: memoryLogger() }).load()
      if (loaded.status !== 'ok') throw new Error('nothing saved')
      expect(second.engine.restore(loaded.cache).restored.sort()).toEqual(['chat', 'sim', 'voice'])
      const after = second.engine.getState()
      expect(after.queues).toEqual(before.queues.map((q) => ({ ...q, raw: null })))
      const points = second.engine.history([key], 0)[0]!.points
      expect(points.slice(0, -1)).toEqual(firstPoints)
      expect(points.at(-1)).toEqual([second.clock.now(), null])
      await second.engine.dispose()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
