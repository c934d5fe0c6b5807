import { describe, expect, it } from 'vitest'
import { validateConfig, type Config } from '../../../src-shared/config'
import { blankQueue } from '../../../src-shared/model'
import type { EngineEvent } from '.'
import { FakeClock } from '../testing/fake-clock'
import { createOfflineEngine } from '../testing/offline-engine'
import { ScriptedAdapter, emptySnapshot } from '../testing/scripted-adapter'

function config(connections: unknown[]): Config {
  const r = validateConfig({ connections })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.config
}

type Script = NonNullable<ConstructorParameters<typeof ScriptedAdapter>[2]>

function setup(scripts: Record<string, Script>) {
  const clock = new FakeClock()
  const adapters = new Map<string, ScriptedAdapter>()
  const events: EngineEvent[] = []
  const engine = createOfflineEngine(clock, {
    factories: {
      simulator: (ctx) => {
        const a = new ScriptedAdapter(ctx.clock, ctx.config.id, scripts[ctx.config.id] ?? [])
        adapters.set(ctx.config.id, a)
        return a
      },
    },
  })
  engine.onEvent((e) => events.push(e))
  const states = (id: string) =>
    events
      .filter((e) => e.type === 'status' && e.status.id === id)
      .map((e) => (e.type === 'status' ? e.status.state : ''))
  return { clock, engine, adapters, events, states }
}

describe('Engine', () => {
  it("passes every queue on classed: the user's media, the vendor's, or the name's", async () => {
    const queues = [
      blankQueue('1', 'Email'),
      blankQueue('2', 'Support'),
      blankQueue('3', 'Sales', { media: 'voice' }),
      blankQueue('4', 'Inbox 2'),
    ]
    const { clock, engine, events } = setup({
      a: [{ ok: true, snapshot: emptySnapshot('a', new FakeClock().now(), { queues }) }],
    })
    engine.setConfig(config([{ id: 'a', provider: 'simulator', queueMedia: { '4': 'backoffice' } }]))
    engine.start()
    await clock.advance(100)
    const snap = events.find((e) => e.type === 'snapshot')
    const classed = snap?.type === 'snapshot' ? snap.snapshot.queues : []
    expect(classed.map((q) => [q.id, q.media, q.mediaFrom])).toEqual([
      ['1', 'email', 'name'],
      ['2', null, null],
      ['3', 'voice', 'vendor'],
      ['4', 'backoffice', 'user'],
    ])
    expect(engine.getState().queues.map((q) => q.media)).toEqual(['email', null, 'voice', 'backoffice'])
  })

  it('passes every queue on with its target in effect, and a changed target shows at once without a new poll', async () => {
    const queues = [
      blankQueue('1', 'Sales', { serviceLevelTargetPct: 80, serviceLevelThresholdSec: 20 }),
      blankQueue('2', 'Support'),
    ]
    const { clock, engine, events, adapters } = setup({
      a: [{ ok: true, snapshot: emptySnapshot('a', new FakeClock().now(), { queues }) }],
    })
    const conn = { id: 'a', provider: 'simulator', pollSeconds: 60 }
    engine.setConfig(config([{ ...conn, targets: { '2': { serviceLevelPct: 90, thresholdSec: 30 } } }]))
    engine.start()
    await clock.advance(100)
    const snap = events.find((e) => e.type === 'snapshot')
    const first = snap?.type === 'snapshot' ? snap.snapshot.queues : []
    expect(first.map((q) => [q.id, q.serviceLevelTargetPct, q.serviceLevelThresholdSec])).toEqual([
      ['1', 80, 20],
      ['2', 90, 30],
    ])
    const adapter = adapters.get('a')
    // The user overrides the vendor's 80 % and takes the Support target away: same poller, no new poll.
    engine.setConfig(config([{ ...conn, targets: { '1': { serviceLevelPct: 95, override: true } } }]))
    await clock.advance(100)
    expect(adapters.get('a')).toBe(adapter)
    expect(events.filter((e) => e.type === 'snapshot')).toHaveLength(1)
    expect(
      engine.getState().queues.map((q) => [q.id, q.serviceLevelTargetPct, q.targetOrigin?.pctFrom]),
    ).toEqual([
      ['1', 95, 'user'],
      ['2', null, null],
    ])
  })

  it('runs a poller per enabled connection and reports connecting → ok', async () => {
    const { clock, engine, adapters, states } = setup({})
    engine.setConfig(
      config([
        { id: 'a', provider: 'simulator', pollSeconds: 5 },
        { id: 'b', provider: 'simulator', pollSeconds: 5 },
        { id: 'off', provider: 'simulator', enabled: false },
      ]),
    )
    engine.start()
    await clock.advance(100)
    expect([...adapters.keys()].sort()).toEqual(['a', 'b'])
    expect(states('a')).toEqual(['connecting', 'ok'])
    expect(
      engine
        .getState()
        .connections.map((c) => c.id)
        .sort(),
    ).toEqual(['a', 'b'])
  })

  it('marks a connection stale after 3 × its interval without fresh data, and a gap in history', async () => {
    const t0 = new FakeClock().now()
    const { clock, engine, states } = setup({
      a: [
        { ok: true, snapshot: emptySnapshot('a', t0, { queues: [] }) },
        { code: 'unavailable', detail: 'HTTP 503' },
      ],
    })
    engine.setConfig(config([{ id: 'a', provider: 'simulator', pollSeconds: 5 }]))
    engine.start()
    await clock.advance(14_000)
    expect(engine.statuses()[0]!.stale).toBe(false)
    await clock.advance(2_000)
    const st = engine.statuses()[0]!
    expect(st.stale).toBe(true)
    expect(st.state).toBe('unreachable')
    expect(states('a')).toEqual(['connecting', 'ok', 'unreachable'])
  })

  it('shows auth failures, rate limits and errors as distinct states', async () => {
    const { clock, engine } = setup({
      auth: [{ code: 'auth', detail: 'HTTP 401' }],
      limit: [{ code: 'rate_limited', detail: 'HTTP 429' }],
      bad: [{ code: 'bad_response', detail: 'not XML' }],
    })
    engine.setConfig(config(['auth', 'limit', 'bad'].map((id) => ({ id, provider: 'simulator' }))))
    engine.start()
    await clock.advance(100)
    const byId = Object.fromEntries(engine.statuses().map((s) => [s.id, s.state]))
    expect(byId).toEqual({ auth: 'auth_failed', limit: 'rate_limited', bad: 'error' })
  })

  it('goes offline without polling and polls every connection at once when back online', async () => {
    const { clock, engine, adapters } = setup({})
    engine.setConfig(config([{ id: 'a', provider: 'simulator', pollSeconds: 5 }]))
    engine.start()
    await clock.advance(100)
    engine.setOnline(false)
    expect(engine.statuses()[0]!.state).toBe('offline')
    await clock.advance(60_000)
    expect(adapters.get('a')!.polls).toBe(1)
    engine.setOnline(true)
    await clock.advance(10)
    expect(adapters.get('a')!.polls).toBe(2)
    expect(engine.statuses()[0]!.state).toBe('ok')
  })

  it('reconciles a new config: restarts changed connections, removes deleted ones with their rows', async () => {
    const t0 = new FakeClock().now()
    const withQueue = { ok: true as const, snapshot: emptySnapshot('a', t0, { queues: [], agents: [] }) }
    const { clock, engine, adapters } = setup({ a: [withQueue] })
    engine.setConfig(
      config([
        { id: 'a', provider: 'simulator', pollSeconds: 5 },
        { id: 'b', provider: 'simulator' },
      ]),
    )
    engine.start()
    await clock.advance(100)
    const first = adapters.get('a')!
    engine.setConfig(config([{ id: 'a', provider: 'simulator', pollSeconds: 7 }]))
    await clock.advance(100)
    expect(first.disposed).toBe(true)
    expect(adapters.get('a')).not.toBe(first)
    expect(engine.getState().connections.map((c) => c.id)).toEqual(['a'])
  })

  it('emits patches with increasing seq and disposes every adapter on dispose', async () => {
    const { clock, engine, adapters, events } = setup({})
    engine.setConfig(config([{ id: 'a', provider: 'simulator', pollSeconds: 1 }]))
    engine.start()
    await clock.advance(3_500)
    const seqs = events.flatMap((e) => (e.type === 'patch' ? [e.patch.seq] : []))
    expect(seqs.length).toBeGreaterThan(1)
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y))
    await engine.dispose()
    expect(adapters.get('a')!.disposed).toBe(true)
    const polls = adapters.get('a')!.polls
    await clock.advance(10_000)
    expect(adapters.get('a')!.polls).toBe(polls)
  })

  it('pauses all polling and says so in the live view', async () => {
    const { clock, engine, adapters } = setup({})
    engine.setConfig(config([{ id: 'a', provider: 'simulator', pollSeconds: 1 }]))
    engine.start()
    await clock.advance(100)
    engine.setPaused(true)
    await clock.advance(10_000)
    expect(adapters.get('a')!.polls).toBe(1)
    expect(engine.getState().paused).toBe(true)
    expect(engine.statuses()[0]!.paused).toBe(true)
  })

  it('shows a pause as paused for as long as it lasts, never as a failure, and says "paused" when data returns', async () => {
    const { clock, engine, events, states } = setup({
      a: [() => ({ ok: true, snapshot: emptySnapshot('a', clock.now()) })],
    })
    engine.setConfig(config([{ id: 'a', provider: 'simulator', pollSeconds: 5 }]))
    engine.start()
    await clock.advance(100)
    engine.setPaused(true)
    // Three minutes: far past the staleness limit (15 s) and a "connection down" rule's 90 s.
    await clock.advance(180_000)
    const st = engine.statuses()[0]!
    expect(st).toMatchObject({ state: 'paused', reason: 'paused', detail: 'polling paused', stale: true })
    expect(states('a')).toEqual(['connecting', 'ok', 'paused'])
    engine.setPaused(false)
    await clock.advance(100)
    expect(states('a')).toEqual(['connecting', 'ok', 'paused', 'stale', 'ok'])
    expect(engine.statuses()[0]!.reason).toBe(null)
    const catchUps = events.flatMap((e) => (e.type === 'catchup' ? [e.catchup] : []))
    expect(catchUps.map((c) => c.reason)).toEqual(['paused'])
  })
})

describe('Engine and vendor secrets / push feeds', () => {
  it('asks the secret store only for vendors that take a secret', async () => {
    const clock = new FakeClock()
    const asked: string[] = []
    const engine = createOfflineEngine(clock, {
      secrets: {
        get: async (id) => {
          asked.push(id)
          return 'tok'
        },
      },
      factories: {
        simulator: (ctx) => new ScriptedAdapter(ctx.clock, ctx.config.id),
        giosg: (ctx) => new ScriptedAdapter(ctx.clock, ctx.config.id),
      },
    })
    engine.setConfig(
      config([
        { id: 'sim', provider: 'simulator' },
        { id: 'chat', provider: 'giosg' },
      ]),
    )
    engine.start()
    await clock.advance(100)
    expect(asked).toEqual(['chat'])
    await engine.dispose()
  })

  it('folds pushed snapshots in between polls and closes the feed on stop', async () => {
    const clock = new FakeClock()
    let emit: ((s: ReturnType<typeof emptySnapshot>) => void) | null = null
    let closed = 0
    const engine = createOfflineEngine(clock, {
      factories: {
        simulator: (ctx) =>
          Object.assign(new ScriptedAdapter(ctx.clock, ctx.config.id), {
            watch: (fn: (s: ReturnType<typeof emptySnapshot>) => void) => {
              emit = fn
              return () => {
                closed += 1
              }
            },
          }),
      },
    })
    engine.setConfig(config([{ id: 'p', provider: 'simulator', pollSeconds: 60 }]))
    engine.start()
    await clock.advance(100)
    const pushed = emptySnapshot('p', clock.now(), {
      queues: [blankQueue('q', 'Q', { media: 'voice', waiting: 3, longestWaitSec: 40 })],
    })
    emit!(pushed)
    expect(engine.getState().queues.map((q) => q.waiting)).toEqual([3])
    await engine.dispose()
    expect(closed).toBe(1)
  })

  it('fills the history with the past an adapter knows before its first poll (the simulator’s day so far)', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 3, 10, 0, 0))
    const engine = createOfflineEngine(clock)
    engine.setConfig(
      config([{ id: 'sim', provider: 'simulator', pollSeconds: 2, options: { timezone: 'UTC' } }]),
    )
    engine.start()
    await clock.advance(4_100)
    const [waiting, busy] = engine.history(['queue|sim:115|waiting', 'agentStates|sim:*|busy'], 0)
    const points = waiting?.points ?? []
    // 02:00 to 10:00 every 15 s (8 hours back), then a poll every 2 s.
    expect(points[0]?.[0]).toBe(Date.UTC(2026, 2, 3, 2, 0, 0))
    const live = points.filter(([t]) => t >= Date.UTC(2026, 2, 3, 10, 0, 0))
    expect(points.length - live.length).toBe(8 * 240)
    expect(live.map(([t]) => t - Date.UTC(2026, 2, 3, 10, 0, 0))).toEqual([0, 2_000, 4_000])
    expect(points.every(([, v]) => v !== null)).toBe(true)
    // Nobody is busy before the first shift at 08:00; by 10:00 most of the floor is.
    const busyAt = (h: number) => busy?.points.find(([t]) => t === Date.UTC(2026, 2, 3, h, 0, 0))?.[1]
    expect(busyAt(6)).toBe(0)
    expect(busyAt(10)).toBeGreaterThan(10)
    await engine.dispose()
  })
})
