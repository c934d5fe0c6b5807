import { describe, expect, it } from 'vitest'
import type { LeaseValue } from '../../src-shared/team'
import { memoryLogger } from '../core/runtime/logger'
import { FakeClock } from '../core/testing/fake-clock'
import { createLeaseManager, type LeaseStore, type LeaseWrite } from './lease'

/** A lease bucket with max_age on the fake clock: a key lapses TTL after its last write, as the broker does it. */
function memoryLeases(clock: FakeClock, ttlMs: number) {
  const keys = new Map<string, { rev: number; at: number; holder: string; value: LeaseValue }>()
  /** The next write lands, but its answer is lost (a timeout on a loaded host). */
  let loseAnswer = false
  const answer = (r: LeaseWrite): LeaseWrite => {
    if (!loseAnswer || !r.ok) return r
    loseAnswer = false
    return { ok: false, taken: false, detail: 'timeout' }
  }
  const watchers = new Set<(key: string, holder: string | null) => void>()
  let seq = 0
  let down = false
  const live = (key: string) => {
    const k = keys.get(key)
    if (k && clock.now() - k.at >= ttlMs) keys.delete(key)
    return keys.get(key)
  }
  const store: LeaseStore & {
    down(v: boolean): void
    holder(key: string): string | null
    loseNextAnswer(): void
  } = {
    async create(key, value: LeaseValue): Promise<LeaseWrite> {
      if (down) return { ok: false, taken: false, detail: 'no broker' }
      if (live(key)) return { ok: false, taken: true, detail: 'wrong last sequence' }
      keys.set(key, { rev: ++seq, at: clock.now(), holder: value.holder, value })
      for (const w of watchers) w(key, value.holder)
      return answer({ ok: true, rev: seq })
    },
    async update(key, value, rev): Promise<LeaseWrite> {
      if (down) return { ok: false, taken: false, detail: 'timeout' }
      const k = live(key)
      if (!k || k.rev !== rev) return { ok: false, taken: true, detail: 'wrong last sequence' }
      keys.set(key, { rev: ++seq, at: clock.now(), holder: value.holder, value })
      for (const w of watchers) w(key, value.holder)
      return answer({ ok: true, rev: seq })
    },
    async get(key) {
      const k = live(key)
      return k ? { rev: k.rev, value: k.value } : null
    },
    loseNextAnswer: () => (loseAnswer = true),
    async remove(key, rev) {
      const k = live(key)
      if (k && k.rev === rev) {
        keys.delete(key)
        for (const w of watchers) w(key, null)
      }
    },
    watch(fn) {
      watchers.add(fn)
      return () => watchers.delete(fn)
    },
    down: (v) => (down = v),
    holder: (key) => live(key)?.holder ?? null,
  }
  return store
}

function manager(name: string, clock: FakeClock, store: LeaseStore, ttlMs = 5000) {
  const events: string[] = []
  const m = createLeaseManager({
    store,
    keyOf: (c) => `eu.${c}`,
    clock,
    mono: () => clock.now(),
    random: () => 0.5,
    log: memoryLogger(),
    holder: { holder: name, host: 'h', pid: 1, since: 0 },
    ttlMs,
    handlers: {
      acquired: (c, e) => events.push(`acquired ${c} ${e}`),
      lost: (c, why) => events.push(`${why} ${c}`),
      releasing: async (c) => {
        events.push(`releasing ${c}`)
      },
    },
  })
  return { m, events }
}

/** Pollers a and b on one lease bucket (5 s TTL) and its fake clock. */
function twoPollers() {
  const clock = new FakeClock()
  const store = memoryLeases(clock, 5000)
  return { clock, store, a: manager('a', clock, store), b: manager('b', clock, store) }
}

/** twoPollers holding two connections each (a: c1 and c2, b: c3 and c4), then both wanting all four. */
async function twoHoldingTwo() {
  const t = twoPollers()
  await t.a.m.setWanted(['c1', 'c2'])
  await t.b.m.setWanted(['c3', 'c4'])
  await t.clock.advance(200)
  await t.a.m.setWanted(['c1', 'c2', 'c3', 'c4'])
  await t.b.m.setWanted(['c1', 'c2', 'c3', 'c4'])
  return t
}

describe('leases', () => {
  it('gives each connection to exactly one poller and keeps it there while it renews', async () => {
    const { clock, store, a, b } = twoPollers()
    await a.m.setWanted(['c1'])
    await clock.advance(200)
    await b.m.setWanted(['c1'])
    await clock.advance(30_000)
    expect(store.holder('eu.c1')).toBe('a')
    expect(a.m.validFor('c1')).toBeGreaterThan(0)
    expect(b.m.validFor('c1')).toBe(0)
    expect(b.events).toEqual([])
  })

  it('fences a holder that cannot renew before anyone else can acquire, and never validates past the expiry', async () => {
    const clock = new FakeClock()
    const store = memoryLeases(clock, 5000)
    const a = manager('a', clock, store)
    await a.m.setWanted(['c1'])
    await clock.advance(100)
    const lastWrite = clock.now()
    store.down(true)
    // The holder stops by itself at last renew + TTL − safety, before the broker would let anyone else in.
    let fencedAt: number | null = null
    for (let t = 0; t < 8000 && fencedAt === null; t += 50) {
      await clock.advance(50)
      if (a.m.validFor('c1') === 0) fencedAt = clock.now()
    }
    expect(fencedAt).not.toBeNull()
    expect(fencedAt as number).toBeLessThan(lastWrite + 5000 + 2000)
    expect(a.events).toContain('fenced c1')
  })

  it('hands over at once on a graceful release, and the leaving poller does not take it back', async () => {
    const { clock, store, a, b } = twoPollers()
    await a.m.setWanted(['c1'])
    await clock.advance(100)
    await b.m.setWanted(['c1'])
    await clock.advance(2000)
    await a.m.releaseAll()
    expect(a.events).toEqual(['acquired c1 1', 'releasing c1'])
    await clock.advance(300)
    expect(store.holder('eu.c1')).toBe('b')
    await clock.advance(20_000)
    expect(a.events).toEqual(['acquired c1 1', 'releasing c1'])
  })

  it('hands over at once even when the poller that stays already holds its fair share', async () => {
    const { clock, a, b } = await twoHoldingTwo()
    // Both renew (each sees the other), so each holds the fair share of two.
    await clock.advance(4000)
    expect(b.m.held().map((h) => h.conn)).toEqual(['c3', 'c4'])
    await a.m.releaseAll()
    // Without the balance wait (2 s): b is the only poller left, so its share is all four.
    await clock.advance(300)
    expect(
      b.m
        .held()
        .map((h) => h.conn)
        .sort(),
    ).toEqual(['c1', 'c2', 'c3', 'c4'])
  })

  it('takes over a hard-killed poller’s leases within a contend interval of their expiry, without the balance wait', async () => {
    const { clock, store, a } = await twoHoldingTwo()
    await clock.advance(4000)
    a.m.dispose() // a hard kill: no more renewals
    const killed = clock.now()
    // The keys lapse at most TTL after the kill; b tries every second (± 50 %), not every three.
    await clock.advance(5000 + 1100)
    expect(store.holder('eu.c1')).toBe('b')
    expect(store.holder('eu.c2')).toBe('b')
    expect(clock.now() - killed).toBeLessThanOrEqual(5000 + 1500)
  })

  it('keeps a lease whose renewal landed but whose answer was lost', async () => {
    const { clock, store, a, b } = twoPollers()
    await a.m.setWanted(['c1'])
    await clock.advance(100)
    await b.m.setWanted(['c1'])
    store.loseNextAnswer()
    await clock.advance(20_000)
    expect(store.holder('eu.c1')).toBe('a')
    expect(a.m.validFor('c1')).toBeGreaterThan(0)
    expect(a.events).toEqual(['acquired c1 1'])
    expect(b.events).toEqual([])
  })

  it('takes up a lease whose acquisition landed but whose answer was lost, instead of leaving it unpolled', async () => {
    const clock = new FakeClock()
    const store = memoryLeases(clock, 5000)
    const a = manager('a', clock, store)
    store.loseNextAnswer()
    await a.m.setWanted(['c1'])
    // The next attempt (about a second later) finds the key naming a, and holds it from then on.
    await clock.advance(2500)
    expect(a.events).toEqual(['acquired c1 1'])
    expect(a.m.validFor('c1')).toBeGreaterThan(0)
    await clock.advance(20_000)
    expect(store.holder('eu.c1')).toBe('a')
    expect(a.events).toEqual(['acquired c1 1'])
  })

  it('a taker after expiry gets a higher epoch; the old holder learns it lost', async () => {
    const clock = new FakeClock()
    const store = memoryLeases(clock, 5000)
    const a = manager('a', clock, store)
    await a.m.setWanted(['c1'])
    await clock.advance(100)
    a.m.dispose() // a "hard kill": no more renewals
    const b = manager('b', clock, store)
    await b.m.setWanted(['c1'])
    await clock.advance(8000)
    expect(store.holder('eu.c1')).toBe('b')
    const epoch = Number(b.events[0]?.split(' ')[2])
    expect(epoch).toBeGreaterThan(1)
  })
})
