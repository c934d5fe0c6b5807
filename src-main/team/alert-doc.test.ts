import { describe, expect, it } from 'vitest'
import type { Queue } from '../../src-shared/model'
import { MONDAY_0900, queue, rule, startHarness, TestEngine, type Harness } from '../core/alerts/test-support'
import { memoryLogger } from '../core/runtime/logger'
import { FakeClock } from '../core/testing/fake-clock'
import { teamAlertStore, type TeamAlertDoc } from './alert-doc'

const waitingRule = rule({
  id: 'wait',
  name: 'Contacts waiting',
  entity: 'queue',
  field: 'waiting',
  op: '>',
  warn: 5,
})

async function poll(h: Harness, queues: Queue[], forSec = 5) {
  for (let s = 0; s < forSec; s += 5) {
    await h.clock.advance(5_000)
    h.engine.poll('c', { queues })
  }
  await h.clock.advance(0)
}

/** `fw_alerts` for one key, with failures the test switches on: each put or get that should fail throws once. */
function teamKv() {
  const kv = { doc: null as TeamAlertDoc | null, failPuts: 0, failGets: 0, puts: 0 }
  return Object.assign(kv, {
    holder(clock: FakeClock, epoch: number) {
      let lease = true
      const log = memoryLogger()
      const store = teamAlertStore({
        load: async () => {
          if (kv.failGets > 0) {
            kv.failGets--
            throw new Error('timeout')
          }
          return kv.doc === null ? null : (JSON.parse(JSON.stringify(kv.doc)) as TeamAlertDoc)
        },
        put: async (doc) => {
          kv.puts++
          if (kv.failPuts > 0) {
            kv.failPuts--
            throw new Error('timeout')
          }
          kv.doc = JSON.parse(JSON.stringify(doc)) as TeamAlertDoc
        },
        epoch,
        now: () => clock.now(),
        mayWrite: () => lease,
        sleep: (ms) =>
          new Promise<void>((resolve) => {
            clock.setTimer(ms, resolve)
          }),
        log,
      })
      return { store, log, kill: () => (lease = false) }
    },
  })
}

/** The first holder fires `wait|c:q1`, then dies without a goodbye; the second takes over with the same data. */
async function failover(kv: ReturnType<typeof teamKv>, beforeKill?: (a: Harness) => Promise<void>) {
  const clock = new FakeClock(MONDAY_0900)
  const first = kv.holder(clock, 1)
  const a = await startHarness({ rules: [waitingRule], store: first.store, clock })
  await poll(a, [queue('q1', { waiting: 9 })])
  expect(a.log()).toEqual(['firing warning wait c:q1 9'])
  expect(a.notifier.groups).toHaveLength(1)
  await beforeKill?.(a)
  first.kill()
  await a.service.dispose()

  const engine = new TestEngine(clock)
  engine.configured = new Set(['c'])
  const second = kv.holder(clock, 2)
  // Loading may wait between attempts on the fake clock: let time pass until the service is up.
  let b: Harness | null = null
  const starting = startHarness({ rules: [waitingRule], store: second.store, clock, engine }).then(
    (h) => (b = h),
  )
  for (let i = 0; i < 40 && !b; i++) await clock.advance(250)
  b = await starting
  await poll(b, [queue('q1', { waiting: 9 })], 30)
  return { first, second, b }
}

describe('team alert state across a failover', () => {
  it('a write that timed out is tried again, so the next holder does not fire the alert again', async () => {
    const kv = teamKv()
    kv.failPuts = 1
    const { first, second, b } = await failover(kv, async (a) => {
      // The retry lands after the first pause, well within the lease.
      await a.clock.advance(1_000)
    })
    expect(first.log.lines.join('\n')).toContain('could not write the alert state to the team; trying again')
    expect(kv.puts).toBeGreaterThan(1)
    expect(b.log()).toEqual([])
    expect(b.notifier.groups).toEqual([])
    expect(b.service.list().active.map((x) => [x.id, x.state])).toEqual([['wait|c:q1', 'firing']])
    expect(second.log.lines.join('\n')).not.toContain('could not')
    await b.service.dispose()
  })

  it('a fenced holder stops retrying: nothing is written after its lease lapsed', async () => {
    const kv = teamKv()
    kv.failPuts = 100
    const clock = new FakeClock(MONDAY_0900)
    const first = kv.holder(clock, 1)
    const a = await startHarness({ rules: [waitingRule], store: first.store, clock })
    await poll(a, [queue('q1', { waiting: 9 })])
    await clock.advance(3_000)
    first.kill()
    const tried = kv.puts
    await clock.advance(10_000)
    await first.store.flush()
    expect(kv.puts).toBeLessThanOrEqual(tried + 1)
    expect(kv.doc).toBeNull()
    await a.service.dispose()
  })

  it('a read that fails on takeover is tried again instead of starting without the state', async () => {
    const kv = teamKv()
    const { second, b } = await failover(kv, async () => {
      kv.failGets = 2
    })
    expect(second.log.lines.join('\n')).toContain('could not read the team alert state; trying again')
    expect(b.log()).toEqual([])
    expect(b.notifier.groups).toEqual([])
    await b.service.dispose()
  })

  it('an unusable state still names the alerts viewers saw: they are taken over as already notified', async () => {
    const kv = teamKv()
    const { second, b } = await failover(kv, async (a) => {
      await a.clock.advance(0)
      const doc = kv.doc!
      kv.doc = { ...doc, active: a.service.list().active, state: { version: 1, broken: true } as never }
    })
    expect(second.log.lines.join('\n')).toContain('keeping its active alerts as already notified')
    expect(b.log()).toEqual([])
    expect(b.notifier.groups).toEqual([])
    expect(b.service.list().active.map((x) => [x.id, x.state])).toEqual([['wait|c:q1', 'firing']])
    await b.service.dispose()
  })
})
