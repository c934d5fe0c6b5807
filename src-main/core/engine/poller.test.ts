import { describe, expect, it } from 'vitest'
import { validateConnection, type ConnectionConfig } from '../../../src-shared/config'
import { memoryLogger } from '../runtime/logger'
import { FakeClock } from '../testing/fake-clock'
import { ScriptedAdapter, emptySnapshot } from '../testing/scripted-adapter'
import type { PollResult } from '../providers/types'
import { Poller, type PollOutcome } from './poller'

function connection(pollSeconds = 10): ConnectionConfig {
  const r = validateConnection({ id: 'c1', provider: 'simulator', pollSeconds })
  if (!r.ok) throw new Error('bad test config')
  return r.connection
}

function setup(adapter: (clock: FakeClock) => ScriptedAdapter, pollSeconds = 10, random = () => 0.5) {
  const clock = new FakeClock()
  const a = adapter(clock)
  const outcomes: PollOutcome[] = []
  const schedule: (number | null)[] = []
  const poller = new Poller({
    connection: connection(pollSeconds),
    adapter: a,
    clock,
    random,
    log: memoryLogger(),
    events: { onOutcome: (o) => outcomes.push(o), onSchedule: (at) => schedule.push(at) },
  })
  return { clock, a, poller, outcomes, schedule, t0: clock.now() }
}

describe('Poller', () => {
  it('polls at once on start, then every interval', async () => {
    const { clock, a, poller, t0 } = setup((c) => new ScriptedAdapter(c, 'c1'))
    poller.start()
    await clock.advance(35_000)
    expect(a.startedAt.map((t) => t - t0)).toEqual([0, 10_000, 20_000, 30_000])
  })

  it('never overlaps polls of one connection, and folds a refresh during a poll into one more poll', async () => {
    const { clock, a, poller } = setup((c) => new ScriptedAdapter(c, 'c1', [], 3_000))
    poller.start()
    await clock.advance(1_000)
    poller.pollNow()
    poller.pollNow()
    await clock.advance(10_000)
    expect(a.maxInFlight).toBe(1)
    // first poll (0–3 s), then exactly one queued refresh right after it (3–6 s), then the interval
    expect(a.startedAt.slice(0, 2).map((t) => t - a.startedAt[0]!)).toEqual([0, 3_000])
  })

  it('backs off with jitter after failures, honours Retry-After, and recovers', async () => {
    const { clock, a, poller, outcomes, t0 } = setup(
      (c) =>
        new ScriptedAdapter(c, 'c1', [
          { code: 'unavailable', detail: '503' },
          { code: 'unavailable', detail: '503', retryAfterMs: 45_000 },
          { code: 'unavailable', detail: '503' },
          { ok: true, snapshot: { connection: 'c1' } as never },
        ]),
      1,
      () => 0.999,
    )
    poller.start()
    await clock.advance(120_000)
    const at = a.startedAt.map((t) => t - t0)
    expect(at[0]).toBe(0)
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(1_990) // ≈ 2 s · 0.999
    expect(at[1]! - at[0]!).toBeLessThanOrEqual(2_000)
    expect(at[2]! - at[1]!).toBe(45_000) // Retry-After wins over the 4 s backoff
    expect(at[3]! - at[2]!).toBeGreaterThan(7_900) // third failure: ≈ 8 s
    expect(outcomes.slice(0, 4).map((o) => o.ok)).toEqual([false, false, false, true])
    expect(poller.consecutiveFailures).toBe(0)
    // back on the 1 s interval after recovery
    expect(at[4]! - at[3]!).toBe(1_000)
  })

  it('gives a hanging cycle a timeout, reported as a timeout failure', async () => {
    const { clock, poller, outcomes } = setup((c) => new ScriptedAdapter(c, 'c1', ['hang']), 10)
    poller.start()
    await clock.advance(31_000)
    expect(outcomes[0]).toMatchObject({ ok: false, failure: { code: 'timeout' } })
  })

  it('does nothing while paused, suspended or offline, and polls at once when allowed again', async () => {
    const { clock, a, poller, t0 } = setup((c) => new ScriptedAdapter(c, 'c1'))
    poller.start()
    await clock.advance(1_000)
    poller.setPaused(true)
    await clock.advance(60_000)
    expect(a.polls).toBe(1)
    poller.setPaused(false)
    await clock.advance(1)
    expect(a.polls).toBe(2)
    expect(a.startedAt[1]! - t0).toBe(61_000)

    poller.setSuspended(true)
    await clock.advance(60_000)
    expect(a.polls).toBe(2)
    poller.setSuspended(false)
    await clock.advance(1)
    expect(a.polls).toBe(3)

    poller.setOnline(false)
    await clock.advance(60_000)
    expect(a.polls).toBe(3)
    poller.setOnline(true)
    await clock.advance(1)
    expect(a.polls).toBe(4)
  })

  it('adds no poll for a repeated "online", "awake" or "not paused"', async () => {
    const { clock, a, poller } = setup((c) => new ScriptedAdapter(c, 'c1'))
    poller.start()
    await clock.advance(1_000)
    poller.setOnline(true)
    poller.setSuspended(false)
    poller.setPaused(false)
    await clock.advance(1_000)
    expect(a.polls).toBe(1)
  })

  it('polls again after a wake that came before the poll cut short by the sleep had settled', async () => {
    const clock = new FakeClock()
    const t0 = clock.now()
    let polls = 0
    const outcomes: PollOutcome[] = []
    // An adapter that finishes its request even when aborted (as a slow socket close does).
    const adapter = {
      poll: () => {
        polls += 1
        return new Promise<PollResult>((resolve) => {
          clock.setTimer(3_000, () => resolve({ ok: true, snapshot: emptySnapshot('c1', clock.now()) }))
        })
      },
    }
    const poller = new Poller({
      connection: connection(10),
      adapter,
      clock,
      random: () => 0.5,
      log: memoryLogger(),
      events: { onOutcome: (o) => outcomes.push(o) },
    })
    poller.start()
    await clock.advance(1_000)
    poller.setSuspended(true)
    await clock.advance(1_000)
    poller.setSuspended(false)
    await clock.advance(1_500)
    // The cut-short poll reported nothing; a new one started as soon as it settled (at 3 s).
    expect(polls).toBe(2)
    await clock.advance(3_000)
    expect(outcomes.map((o) => [o.ok, o.at - t0])).toEqual([[true, 6_000]])
    await poller.stop()
  })

  it("keeps a vendor's Retry-After through a reconnect", async () => {
    const { clock, a, poller, t0 } = setup(
      (c) =>
        new ScriptedAdapter(c, 'c1', [
          { code: 'rate_limited', detail: '429', retryAfterMs: 60_000 },
          { ok: true, snapshot: { connection: 'c1' } as never },
        ]),
    )
    poller.start()
    await clock.advance(5_000)
    poller.setOnline(false)
    await clock.advance(5_000)
    poller.setOnline(true)
    await clock.advance(120_000)
    expect(a.startedAt.slice(0, 2).map((t) => t - t0)).toEqual([0, 60_000])
  })

  it('stops for good and disposes the adapter, leaving no timer behind', async () => {
    const { clock, a, poller } = setup((c) => new ScriptedAdapter(c, 'c1'))
    poller.start()
    await clock.advance(5_000)
    await poller.stop()
    await clock.advance(60_000)
    expect(a.polls).toBe(1)
    expect(a.disposed).toBe(true)
    expect(clock.pending()).toBe(0)
  })

  it('treats an adapter that throws as a bad response and keeps going', async () => {
    const { clock, poller, outcomes } = setup(
      (c) =>
        new ScriptedAdapter(c, 'c1', [
          () => {
            throw new Error('boom')
          },
          { ok: true, snapshot: { connection: 'c1' } as never },
        ]),
      1,
      () => 0,
    )
    poller.start()
    await clock.advance(5_000)
    expect(outcomes[0]).toMatchObject({ ok: false, failure: { code: 'bad_response' } })
    expect(outcomes.some((o) => o.ok)).toBe(true)
  })
})
