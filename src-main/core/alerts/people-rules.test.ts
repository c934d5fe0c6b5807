import { describe, expect, it } from 'vitest'
import { agent, BREAK_AND_LUNCH, MONDAY_0900, rule, startHarness, type Harness } from './test-support'
import type { Agent } from '../../../src-shared/model'

const T0 = MONDAY_0900

const breakRule = rule(BREAK_AND_LUNCH)
const meetingRule = rule({
  id: 'meeting',
  name: 'Meeting over 60 min',
  entity: 'agent',
  state: 'not_ready',
  reasons: ['meeting'],
  field: 'timeInStateSec',
  op: '>',
  warn: 3600,
})

async function poll(h: Harness, c: string, agents: Agent[]) {
  h.engine.poll(c, { agents })
  await h.clock.advance(0)
}

/** Let `ms` pass with every connection polled every 5 s with the same agents (the data stays fresh). */
async function hold(h: Harness, ms: number, boards: Record<string, Agent[]>) {
  for (let t = 0; t < ms;) {
    const step = Math.min(5_000, ms - t)
    await h.clock.advance(step)
    t += step
    for (const [c, agents] of Object.entries(boards)) h.engine.poll(c, { agents })
  }
  await h.clock.advance(0)
}

describe('agent rules by reason', () => {
  it('fires the break rule for Break and Lunch only, and the meeting rule for Meeting only', async () => {
    const h = await startHarness({ rules: [breakRule, meetingRule] })
    const agents = [
      agent('a', { state: 'not_ready', stateReason: 'BREAK', stateSince: T0 - 20 * 60_000 }),
      agent('b', { state: 'not_ready', stateReason: 'Lunch ', stateSince: T0 - 16 * 60_000 }),
      agent('m', { state: 'not_ready', stateReason: 'Meeting', stateSince: T0 - 30 * 60_000 }),
      agent('n', { state: 'not_ready', stateReason: null, stateSince: T0 - 90 * 60_000 }),
    ]
    await poll(h, 'c', agents)
    expect(h.log().sort()).toEqual(['firing warning break c:a 1200', 'firing warning break c:b 960'])
    // Meeting reaches an hour half an hour later; the agent without a reason never fires either rule.
    await hold(h, 30 * 60_000 + 1000, { c: agents })
    expect(h.log().filter((l) => l.includes('meeting'))).toEqual(['firing warning meeting c:m 3601'])
    expect(h.log().some((l) => l.includes(':n'))).toBe(false)
  })

  it('ends the alert when the reason changes to one the rule does not take', async () => {
    const h = await startHarness({ rules: [breakRule] })
    await poll(h, 'c', [
      agent('a', { state: 'not_ready', stateReason: 'Break', stateSince: T0 - 20 * 60_000 }),
    ])
    expect(h.log()).toEqual(['firing warning break c:a 1200'])
    await h.clock.advance(5_000)
    await poll(h, 'c', [
      agent('a', { state: 'not_ready', stateReason: 'Meeting', stateSince: T0 - 20 * 60_000 }),
    ])
    expect(h.log()[1]).toBe('resolved warning break c:a null')
  })
})

const crossRule = rule({
  id: 'cross',
  name: 'Available here, busy there',
  entity: 'person',
  field: 'availableWhileBusySec',
  op: '>',
  warn: 60,
  forSec: 0,
})
const elsewhereRule = rule({
  id: 'elsewhere',
  name: 'Logged in to one, not the other',
  entity: 'person',
  field: 'loggedInElsewhereSec',
  op: '>',
  warn: 600,
})
const idleRule = rule({
  id: 'idle',
  name: 'Available without handling',
  entity: 'person',
  field: 'availableIdleSec',
  op: '>',
  warn: 300,
})

const veera = (over: Partial<Agent>) => agent('veera', { name: 'Veera Laurent', ...over })
const veeraB = (over: Partial<Agent>) => agent('1042', { name: 'Laurent, Veera', email: null, ...over })

describe('person rules across vendors', () => {
  it('fires once per person when available in one vendor while busy in the other, from the later start', async () => {
    const h = await startHarness({ rules: [crossRule] })
    const boards = {
      a: [veera({ state: 'available', stateSince: T0 - 30_000 })],
      b: [veeraB({ state: 'busy', stateSince: T0 - 300_000 })],
    }
    await poll(h, 'a', boards.a)
    await poll(h, 'b', boards.b)
    expect(h.log()).toEqual([])
    await hold(h, 31_000, boards)
    expect(h.log()).toEqual(['firing warning cross a:auto:a:veera 61'])
    const active = h.service.list().active
    expect(active).toHaveLength(1)
    expect(active[0]).toMatchObject({ entity: 'person', entityName: 'Veera Laurent', connection: 'a' })
    // Notifications say "An agent" under the default privacy preference.
    expect(h.notifier.groups[0]?.body).toBe(
      'An agent: available in one system while busy or logged out in another for 1 min 1 s (warning above 1 min)',
    )
    // The person becomes busy in both: resolved.
    await poll(h, 'a', [veera({ state: 'busy', stateSince: h.clock.now() })])
    expect(h.log()[1]).toBe('resolved warning cross a:auto:a:veera 0')
  })

  it('names the person in notifications only when the preferences allow agent names', async () => {
    const h = await startHarness({ rules: [crossRule], prefs: { notificationDetail: 'names' } })
    await poll(h, 'a', [veera({ state: 'available', stateSince: T0 - 120_000 })])
    await poll(h, 'b', [veeraB({ state: 'logged_out', stateSince: T0 - 120_000 })])
    expect(h.notifier.groups[0]?.body).toMatch(/^Veera Laurent: available in one system/)
  })

  it('never fires for people in one vendor only, and holds (no data) while the other vendor is stale', async () => {
    const h = await startHarness({ rules: [crossRule] })
    await poll(h, 'a', [agent('solo', { state: 'available', stateSince: T0 - 3600_000 })])
    await poll(h, 'b', [agent('other', { name: 'Someone Else', state: 'busy', stateSince: T0 - 3600_000 })])
    await h.clock.advance(120_000)
    expect(h.log()).toEqual([])
    expect(h.service.list().rules[0]?.watching).toEqual([
      { connection: 'a', entities: 1, withValue: 0, fresh: false },
      { connection: 'b', entities: 1, withValue: 0, fresh: false },
    ])
  })

  it('counts from when it was first seen when a vendor does not say when the state began', async () => {
    const h = await startHarness({ rules: [crossRule] })
    const boards = {
      a: [veera({ state: 'available', stateSince: null, timeInStateSec: null })],
      b: [veeraB({ state: 'busy', stateSince: T0 - 3600_000 })],
    }
    await poll(h, 'a', boards.a)
    await poll(h, 'b', boards.b)
    await hold(h, 59_000, boards)
    expect(h.log()).toEqual([])
    await hold(h, 2_000, boards)
    expect(h.log()).toEqual(['firing warning cross a:auto:a:veera 61'])
  })

  it('links people through the config map as the board does', async () => {
    const h = await startHarness({ rules: [elsewhereRule] })
    h.engine.people = [
      {
        id: 'kim',
        name: 'Kim',
        agents: [
          { connection: 'a', id: 'k-1' },
          { connection: 'b', id: '77' },
        ],
      },
    ]
    await poll(h, 'a', [agent('k-1', { name: 'K. One', state: 'available', stateSince: T0 - 3600_000 })])
    await poll(h, 'b', [agent('77', { name: 'Other name', state: 'logged_out', stateSince: T0 - 700_000 })])
    expect(h.log()).toEqual(['firing warning elsewhere a:map:kim 700'])
  })

  it('watches handled counts: fires when they do not rise while available, never where the vendor gives none', async () => {
    const h = await startHarness({ rules: [idleRule] })
    const today = (handled: number | null) => ({
      handled,
      rejected: null,
      loginSec: null,
      availableSec: null,
      breakSec: null,
      wrapUpSec: null,
      avgHandleSec: null,
      talkSec: null,
      missed: null,
    })
    const b = [agent('y', { name: 'No Counts', state: 'available', stateSince: T0 - 3600_000 })]
    await poll(h, 'a', [agent('x', { state: 'available', stateSince: T0 - 200_000, today: today(4) })])
    await poll(h, 'b', b)
    await hold(h, 60_000, {
      a: [agent('x', { state: 'available', stateSince: T0 - 200_000, today: today(4) })],
      b,
    })
    // A chat vendor's agent handles while available: the count rose, so idle counts from then.
    const a = [agent('x', { state: 'available', stateSince: T0 - 200_000, today: today(5) })]
    await hold(h, 295_000, { a, b })
    expect(h.log()).toEqual([])
    await hold(h, 15_000, { a, b })
    expect(h.log()).toEqual(['firing warning idle a:auto:a:x 301'])
    const watching = h.service.list().rules[0]?.watching
    expect(watching?.find((w) => w.connection === 'b')).toMatchObject({ entities: 1, withValue: 0 })
    expect(h.log().some((l) => l.includes(':y'))).toBe(false)
  })
})
