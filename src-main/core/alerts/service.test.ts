import { describe, expect, it } from 'vitest'
import type { Queue } from '../../../src-shared/model'
import { DEFAULT_RULE_PACK } from '../../../src-shared/rules/default-pack'
import { FakeClock } from '../testing/fake-clock'
import { createMemoryAlertStore } from './store'
import {
  agent,
  LONGEST_WAIT,
  MONDAY_0900,
  queue,
  rule,
  startHarness,
  TestEngine,
  type Harness,
} from './test-support'

const T0 = MONDAY_0900

/** Poll connection `c` every `everySec` for `forSec`, with the queues `at(t)` gives, then settle. */
async function pollFor(h: Harness, forSec: number, at: (t: number) => Queue[], everySec = 5, c = 'c') {
  for (let s = 0; s < forSec; s += everySec) {
    await h.clock.advance(everySec * 1000)
    h.engine.poll(c, { queues: at(h.clock.now()) })
  }
  await h.clock.advance(0)
}

async function pollOnce(h: Harness, queues: Queue[], c = 'c') {
  h.engine.poll(c, { queues })
  await h.clock.advance(0)
}

const waitingRule = (over: Record<string, unknown> = {}) =>
  rule({ id: 'wait', name: 'Contacts waiting', entity: 'queue', field: 'waiting', op: '>', warn: 5, ...over })

/** An agent rule: not ready (a break) for over a minute warns. */
const breakRule = () =>
  rule({
    id: 'brk',
    name: 'Break',
    entity: 'agent',
    state: 'not_ready',
    field: 'timeInStateSec',
    op: '>',
    warn: 60,
  })

describe('alert service: pending period and levels', () => {
  it('holds an alert pending for forSec, then fires it once, at the right moment', async () => {
    const h = await startHarness({ rules: [waitingRule({ forSec: 20 })] })
    await pollOnce(h, [queue('q1', { waiting: 7 })])
    expect(h.log()).toEqual(['pending warning wait c:q1 7'])
    await pollFor(h, 15, () => [queue('q1', { waiting: 8 })])
    expect(h.log()).toHaveLength(1)
    expect(h.notifier.groups).toEqual([])
    await pollFor(h, 5, () => [queue('q1', { waiting: 8 })])
    expect(h.log()).toEqual(['pending warning wait c:q1 7', 'firing warning wait c:q1 8'])
    expect(h.events[1]!.at).toBe(T0 + 20_000)
    expect(h.notifier.titles()).toEqual(['Warning: Contacts waiting'])
    expect(h.notifier.groups[0]!.body).toBe('Queue q1: 8 waiting (warning above 5)')
  })

  it('cancels a pending alert whose condition lapses: no notification, no history', async () => {
    const h = await startHarness({ rules: [waitingRule({ forSec: 20 })] })
    await pollOnce(h, [queue('q1', { waiting: 7 })])
    await pollFor(h, 10, () => [queue('q1', { waiting: 4 })])
    await pollFor(h, 30, () => [queue('q1', { waiting: 4 })])
    expect(h.log()).toEqual(['pending warning wait c:q1 7', 'resolved warning wait c:q1 4'])
    expect(h.notifier.groups).toEqual([])
    expect(h.service.list().history).toEqual([])
  })

  it('escalates to critical and back, notifying (and sounding) only on the way up', async () => {
    const h = await startHarness({
      rules: [rule({ ...LONGEST_WAIT, notify: ['desktop', 'tray', 'sound'] })],
    })
    for (const v of [70, 130, 110, 100, 125, 40])
      await pollFor(h, 5, () => [queue('q1', { longestWaitSec: v })])
    expect(h.log()).toEqual([
      'firing warning lw c:q1 70',
      'firing critical lw c:q1 130',
      // 110 stays critical: it drops back only below 120 − (60 − 45) = 105
      'firing warning lw c:q1 100',
      'firing critical lw c:q1 125',
      'resolved critical lw c:q1 40',
    ])
    expect(h.notifier.titles()).toEqual([
      'Warning: Longest wait',
      'Critical: Longest wait',
      'Critical: Longest wait',
    ])
    expect(h.notifier.groups[1]!.body).toBe('Queue q1: longest wait 2 min 10 s (critical above 2 min)')
    expect(h.notifier.sounds.map((s) => s.at)).toEqual([T0 + 10_000, T0 + 25_000])
    expect(h.service.list().history).toMatchObject([
      { id: 'lw|c:q1', peak: 'critical', reason: 'cleared', value: 40 },
    ])
  })

  it('does not flap on the boundary: the default clear level is the warn level, resolved strictly below it', async () => {
    const h = await startHarness({ rules: [waitingRule()] })
    for (const v of [6, 5, 6, 5, 6, 5]) await pollFor(h, 5, () => [queue('q1', { waiting: v })])
    expect(h.log()).toEqual(['firing warning wait c:q1 6'])
    await pollFor(h, 5, () => [queue('q1', { waiting: 4 })])
    expect(h.log()).toEqual(['firing warning wait c:q1 6', 'resolved warning wait c:q1 4'])
    expect(h.notifier.groups).toHaveLength(1)
  })

  it('holds a firing alert down to clearBelow', async () => {
    const h = await startHarness({ rules: [waitingRule({ clearBelow: 3 })] })
    for (const v of [6, 4, 3, 6, 3]) await pollFor(h, 5, () => [queue('q1', { waiting: v })])
    expect(h.log()).toEqual(['firing warning wait c:q1 6'])
    await pollFor(h, 5, () => [queue('q1', { waiting: 2 })])
    expect(h.log().at(-1)).toBe('resolved warning wait c:q1 2')
  })
})

describe("alert service: every vendor's queues", () => {
  it('watches queues whose vendor sends no media with the default pack, and backlogs on their own rule', async () => {
    const h = await startHarness({ rules: [...DEFAULT_RULE_PACK] })
    // Bright Pattern's and Chronicall's queues carry no media: "Support" stays unknown, "Email" is classed by name
    // (the engine does that before the rules see a snapshot).
    const support = queue('support', { name: 'Support', media: null, mediaFrom: null, waiting: 20 })
    const email = queue('email', {
      name: 'Email',
      media: 'email',
      mediaFrom: 'name',
      waiting: 60,
      longestWaitSec: 5 * 3600,
    })
    await pollFor(h, 90, () => [support, email])
    expect(h.log()).toContain('firing critical waiting-count c:support 20')
    expect(h.log()).toContain('firing warning backlog-age c:email 18000')
    // An email backlog never raises the live-contact rules.
    expect(h.log().filter((l) => l.includes('c:email') && !l.includes('backlog-age'))).toEqual([])
  })

  it('says how many entities each rule watches, per connection, and where a clear level lies', async () => {
    const sl = rule({
      id: 'sl',
      name: 'Service level',
      entity: 'queue',
      field: 'serviceLevelPct',
      op: '<',
      warn: 70,
      clearAbove: 75,
    })
    const live = waitingRule({ media: ['voice', 'unknown'] })
    const h = await startHarness({ rules: [sl, live] })
    await pollOnce(h, [
      queue('a', { media: 'voice', serviceLevelPct: 65 }),
      queue('b', { media: null, serviceLevelPct: null }),
      queue('c', { media: 'email', serviceLevelPct: 90 }),
    ])
    const rules = h.service.list().rules
    expect(rules.find((r) => r.rule === 'sl')?.watching).toEqual([
      { connection: 'c', entities: 3, withValue: 2, fresh: true },
    ])
    expect(rules.find((r) => r.rule === 'wait')?.watching).toEqual([
      { connection: 'c', entities: 2, withValue: 2, fresh: true },
    ])
    // Back at 71 %: still a warning that clears only above 75 %.
    await pollOnce(h, [queue('a', { media: 'voice', serviceLevelPct: 71 })])
    expect(h.service.list().active[0]).toMatchObject({ value: 71, threshold: 70, clearLevel: 75 })
    expect(h.service.preview(live).watching).toEqual([
      { connection: 'c', entities: 1, withValue: 1, fresh: true },
    ])
  })
})

describe('alert service: dedupe and grouping', () => {
  it('keeps one alert per rule × entity however often the data repeats', async () => {
    const h = await startHarness({ rules: [waitingRule()] })
    await pollFor(h, 60, () => [queue('q1', { waiting: 7 }), queue('q2', { waiting: 9 })])
    expect(h.log()).toEqual(['firing warning wait c:q1 7', 'firing warning wait c:q2 9'])
    expect(h.service.list().active.map((a) => a.id)).toEqual(['wait|c:q1', 'wait|c:q2'])
    expect(h.notifier.groups).toHaveLength(1)
  })

  it('sends one notification per severity per evaluation: "3 queues breaching"', async () => {
    const h = await startHarness({ rules: [waitingRule({ critical: 10 })] })
    await pollOnce(h, [
      queue('q1', { name: 'Sales', waiting: 6 }),
      queue('q2', { name: 'Support', waiting: 7 }),
      queue('q3', { name: 'Billing', waiting: 8 }),
      queue('q4', { name: 'Claims', waiting: 11 }),
    ])
    await pollOnce(h, [queue('q5', { name: 'Chat', waiting: 6 })], 'other')
    expect(h.notifier.groups.map((g) => [g.severity, g.title, g.alerts.length])).toEqual([
      ['critical', 'Critical: Contacts waiting', 1],
      ['warning', 'Warning: 3 queues breaching', 3],
      ['warning', 'Warning: Contacts waiting', 1],
    ])
    expect(h.notifier.groups[1]).toMatchObject({
      body: 'Contacts waiting — Sales: 6 waiting\nContacts waiting — Support: 7 waiting\nContacts waiting — Billing: 8 waiting',
      alerts: ['wait|c:q1', 'wait|c:q2', 'wait|c:q3'],
      focus: { alert: 'wait|c:q1', rule: 'wait' },
    })
  })

  it('tells the tray the worst severity and the counts', async () => {
    const h = await startHarness({ rules: [waitingRule({ critical: 10 })] })
    expect(h.notifier.trays.at(-1)).toMatchObject({
      worst: null,
      firing: 0,
      tooltip: 'Floorwalker: no alerts',
    })
    await pollOnce(h, [queue('q1', { waiting: 6 }), queue('q2', { waiting: 12 })])
    expect(h.notifier.trays.at(-1)).toEqual({
      worst: 'critical',
      firing: 2,
      unacknowledged: 2,
      tooltip: 'Floorwalker: 1 critical, 1 warning alerts',
    })
    h.service.acknowledge('wait|c:q2', 'you')
    await h.clock.advance(0)
    expect(h.notifier.trays.at(-1)).toMatchObject({
      unacknowledged: 1,
      tooltip: 'Floorwalker: 1 critical, 1 warning alerts (1 not acknowledged)',
    })
  })
})

describe('alert service: stale data and down connections', () => {
  it('neither fires nor resolves on stale data, and shows "no data" instead', async () => {
    const h = await startHarness({
      rules: [waitingRule({ forSec: 20 }), waitingRule({ id: 'now', name: 'Now' })],
    })
    await pollOnce(h, [queue('q1', { waiting: 7 })])
    expect(h.log()).toEqual(['pending warning wait c:q1 7', 'firing warning now c:q1 7'])
    // No poll for a minute: the data is older than 3 × 5 s.
    await h.clock.advance(60_000)
    expect(h.log()).toHaveLength(2)
    const stale = h.service.list()
    expect(stale.active.map((a) => [a.id, a.state, a.noData, a.inhibited])).toEqual([
      ['now|c:q1', 'firing', true, true],
      ['wait|c:q1', 'pending', true, true],
    ])
    expect(stale.rules.map((r) => [r.rule, r.noData])).toEqual([
      ['wait', 1],
      ['now', 1],
    ])
    // Fresh data again: the pending period starts over; the firing alert resolves on fresh numbers only.
    await pollOnce(h, [queue('q1', { waiting: 7 })])
    await pollFor(h, 15, () => [queue('q1', { waiting: 7 })])
    expect(h.log()).toHaveLength(2)
    await pollFor(h, 5, () => [queue('q1', { waiting: 7 })])
    expect(h.log().at(-1)).toBe('firing warning wait c:q1 7')
    await pollFor(h, 5, () => [queue('q1', { waiting: 1 })])
    expect(h.log().slice(-2)).toEqual(['resolved warning wait c:q1 1', 'resolved warning now c:q1 1'])
  })

  it('treats a failing connection as no data even before the staleness limit', async () => {
    const h = await startHarness({ rules: [waitingRule()] })
    await pollOnce(h, [queue('q1', { waiting: 7 })])
    await h.clock.advance(2_000)
    h.engine.setStatus('c', { state: 'unreachable' })
    await h.clock.advance(1_000)
    expect(h.service.list().active.map((a) => [a.state, a.noData, a.inhibited])).toEqual([
      ['firing', true, true],
    ])
    expect(h.log()).toEqual(['firing warning wait c:q1 7'])
  })

  it('lets one connection alert speak for a down connection and inhibits its entity alerts', async () => {
    const h = await startHarness({
      rules: [
        waitingRule(),
        rule({
          id: 'down',
          name: 'Connection down',
          entity: 'connection',
          field: 'dataAgeSec',
          op: '>',
          warn: 20,
        }),
      ],
    })
    // The entity alert fires while its rule is muted, so it has not been notified when the connection goes down.
    h.service.muteRule('wait', T0 + 60_000)
    await pollOnce(h, [queue('q1', { waiting: 7 })])
    expect(h.notifier.groups).toEqual([])
    await h.clock.advance(5_000)
    h.engine.setStatus('c', { state: 'unreachable', detail: 'HTTP 503' })
    await h.clock.advance(70_000)
    expect(h.log()).toEqual(['firing warning wait c:q1 7', 'firing warning down c:c 21'])
    expect(h.notifier.groups.map((g) => [g.title, g.body])).toEqual([
      ['Warning: Connection down', 'Connection c: no fresh data for 21 s (warning above 20 s)'],
    ])
    const l = h.service.list()
    expect(l.active.find((a) => a.id === 'wait|c:q1')).toMatchObject({
      inhibited: true,
      silenced: 'inhibited',
      noData: true,
    })
    expect(l.tray).toMatchObject({ worst: 'warning', firing: 1 })
    // Back up: the connection alert resolves and the entity alert, now unmuted, is finally told.
    await pollOnce(h, [queue('q1', { waiting: 7 })])
    expect(h.log().at(-1)).toMatch(/^resolved warning down c:c /)
    expect(h.notifier.titles()).toEqual(['Warning: Connection down', 'Warning: Contacts waiting'])
  })

  it('counts data age from when it first saw a connection that never delivered, and not while paused', async () => {
    const h = await startHarness({
      rules: [
        rule({
          id: 'down',
          name: 'Down',
          entity: 'connection',
          field: 'dataAgeSec',
          op: '>',
          warn: 30,
          forSec: 10,
        }),
      ],
    })
    h.engine.setStatus('never', { state: 'auth_failed' })
    h.engine.setStatus('paused', {
      state: 'paused',
      reason: 'paused',
      stale: true,
      lastOkAt: T0 - 600_000,
      paused: true,
    })
    // Just resumed: the first poll has not answered yet, so the old data is not "down" either.
    h.engine.setStatus('resuming', {
      state: 'stale',
      reason: 'resuming',
      stale: true,
      lastOkAt: T0 - 600_000,
    })
    await h.clock.advance(45_000)
    expect(h.log()).toEqual(['pending warning down never:never 31', 'firing warning down never:never 41'])
  })
})

describe('alert service: acknowledge, snooze, mute, quiet hours', () => {
  const critRule = rule({
    id: 'crit',
    name: 'Critical wait',
    entity: 'queue',
    field: 'waiting',
    op: '>',
    critical: 10,
    notify: ['desktop', 'tray', 'sound'],
    soundRepeat: 30,
  })

  it('repeats a critical sound every N s until acknowledged, and records who acknowledged', async () => {
    const h = await startHarness({ rules: [critRule] })
    await pollOnce(h, [queue('q1', { waiting: 12 })])
    await pollFor(h, 70, () => [queue('q1', { waiting: 12 })])
    expect(h.notifier.sounds.map((s) => (s.at - T0) / 1000)).toEqual([0, 30, 60])
    const r = h.service.acknowledge('crit|c:q1', 'web')
    expect(r).toMatchObject({ ok: true, value: { ack: { by: 'web', at: T0 + 70_000 }, state: 'firing' } })
    await pollFor(h, 120, () => [queue('q1', { waiting: 12 })])
    expect(h.notifier.sounds).toHaveLength(3)
    expect(h.notifier.groups).toHaveLength(1)
    expect(h.service.list().active[0]!.ack).toEqual({ by: 'web', at: T0 + 70_000 })
    await pollFor(h, 5, () => [queue('q1', { waiting: 0 })])
    expect(h.service.list().history[0]).toMatchObject({
      id: 'crit|c:q1',
      ack: { by: 'web', at: T0 + 70_000 },
    })
  })

  it('plays the sound once by default (prefs), and again on a new escalation after an acknowledged warning', async () => {
    const h = await startHarness({
      rules: [waitingRule({ critical: 10, notify: ['desktop', 'sound'] })],
    })
    await pollFor(h, 60, () => [queue('q1', { waiting: 12 })])
    expect(h.notifier.sounds).toHaveLength(1)
    await pollFor(h, 5, () => [queue('q1', { waiting: 7 })])
    expect(h.service.acknowledge('wait|c:q1', 'you').ok).toBe(true)
    await pollFor(h, 5, () => [queue('q1', { waiting: 12 })])
    expect(h.notifier.sounds).toHaveLength(2)
    expect(h.notifier.titles()).toEqual(['Critical: Contacts waiting', 'Critical: Contacts waiting'])
    expect(h.service.list().active[0]!.ack).toBeNull()
  })

  it('snoozes for 15 minutes by default and tells again when the snooze ends', async () => {
    const h = await startHarness({ rules: [waitingRule()] })
    await pollOnce(h, [queue('q1', { waiting: 7 })])
    const s = h.service.snooze('wait|c:q1')
    expect(s).toMatchObject({ ok: true, value: { snoozedUntil: T0 + 15 * 60_000, silenced: 'snoozed' } })
    await pollFor(h, 15 * 60 - 15, () => [queue('q1', { waiting: 7 })], 15)
    expect(h.notifier.groups).toHaveLength(1)
    await pollFor(h, 15, () => [queue('q1', { waiting: 7 })], 15)
    expect(h.notifier.groups).toHaveLength(2)
    expect(h.service.list().active[0]).toMatchObject({ snoozedUntil: null, silenced: null })
  })

  it('mutes a rule until a time, then notifies what still fires', async () => {
    const h = await startHarness({ rules: [waitingRule()] })
    expect(h.service.muteRule('wait', T0 + 10 * 60_000)).toEqual({
      ok: true,
      value: { rule: 'wait', until: T0 + 600_000 },
    })
    await pollFor(h, 60, () => [queue('q1', { waiting: 7 })])
    expect(h.service.list().active[0]!.silenced).toBe('muted')
    expect(h.service.list().rules[0]!.mutedUntil).toBe(T0 + 600_000)
    await pollFor(h, 9 * 60 - 15, () => [queue('q1', { waiting: 7 })], 15)
    expect(h.notifier.groups).toHaveLength(0)
    await pollFor(h, 15, () => [queue('q1', { waiting: 7 })], 15)
    expect(h.notifier.groups).toHaveLength(1)
    expect(h.service.list().rules[0]!.mutedUntil).toBeNull()
    expect(h.service.muteRule('nope', null)).toMatchObject({ ok: false, code: 'not_found' })
  })

  it('holds notifications in quiet hours except allow-listed critical rules, and delivers them at the end', async () => {
    // 04:00 UTC is 06:00 local (UTC+2); quiet hours end at 07:00 local.
    const h = await startHarness({
      start: Date.UTC(2026, 10, 23, 4, 0, 0),
      offsetMinutes: 120,
      rules: [waitingRule(), critRule],
      prefs: { quietHours: { from: '22:00', to: '07:00' }, quietAllow: ['crit'] },
    })
    h.engine.setStatus('c', { pollSeconds: 60 })
    await pollOnce(h, [queue('q1', { waiting: 7 }), queue('q2', { waiting: 12 })])
    expect(h.notifier.titles()).toEqual(['Critical: Critical wait'])
    expect(h.notifier.sounds).toHaveLength(1)
    const l = h.service.list()
    expect(l.quietHours).toBe(true)
    expect(l.active.find((a) => a.id === 'wait|c:q1')!.silenced).toBe('quiet_hours')
    await pollFor(h, 59 * 60, () => [queue('q1', { waiting: 7 }), queue('q2', { waiting: 12 })], 60)
    expect(h.notifier.groups).toHaveLength(1)
    await pollFor(h, 60, () => [queue('q1', { waiting: 7 }), queue('q2', { waiting: 12 })], 60)
    // q2 is over the warn level of "Contacts waiting" too.
    expect(h.notifier.titles()).toEqual(['Critical: Critical wait', 'Warning: 2 queues breaching'])
    expect(h.service.list().quietHours).toBe(false)
  })

  it('refuses what makes no sense, as data', async () => {
    const h = await startHarness({ rules: [waitingRule({ forSec: 60 })] })
    await pollOnce(h, [queue('q1', { waiting: 7 })])
    expect(h.service.acknowledge('wait|c:q9', 'you')).toMatchObject({ ok: false, code: 'not_found' })
    expect(h.service.acknowledge('wait|c:q1', 'you')).toMatchObject({ ok: false, code: 'bad_request' })
    await pollFor(h, 60, () => [queue('q1', { waiting: 7 })])
    expect(h.service.acknowledge('wait|c:q1', 'you').ok).toBe(true)
    expect(h.service.snooze('wait|c:q1', 5)).toMatchObject({ ok: false, code: 'bad_request' })
  })
})

describe('alert service: schedules, time in state, rule changes', () => {
  it('applies a rule only inside its schedule, resolving its alerts when the window closes', async () => {
    const h = await startHarness({
      start: Date.UTC(2026, 10, 23, 8, 59, 0),
      rules: [waitingRule({ schedule: { days: [1], from: '09:00', to: '09:30' } })],
    })
    await pollFor(h, 55, () => [queue('q1', { waiting: 7 })])
    expect(h.log()).toEqual([])
    expect(h.service.list().rules[0]!.state).toBe('inactive')
    await pollFor(h, 5, () => [queue('q1', { waiting: 7 })])
    expect(h.events.map((e) => [e.state, e.at])).toEqual([['firing', Date.UTC(2026, 10, 23, 9, 0, 0)]])
    await pollFor(h, 30 * 60, () => [queue('q1', { waiting: 7 })], 15)
    expect(h.events.map((e) => [e.state, e.at])).toEqual([
      ['firing', Date.UTC(2026, 10, 23, 9, 0, 0)],
      ['resolved', Date.UTC(2026, 10, 23, 9, 30, 0)],
    ])
    expect(h.service.list().history[0]!.reason).toBe('outside_schedule')
  })

  it('lets time in state grow between polls (a break crosses 15 min between two polls a minute apart)', async () => {
    const h = await startHarness({
      rules: [
        rule({
          id: 'brk',
          name: 'Break over 15 min',
          entity: 'agent',
          state: 'not_ready',
          field: 'timeInStateSec',
          op: '>',
          warn: 900,
        }),
        rule({
          id: 'wrap',
          name: 'Wrap-up',
          entity: 'agent',
          state: 'wrap_up',
          field: 'timeInStateSec',
          op: '>',
          warn: 60,
        }),
      ],
    })
    h.engine.setStatus('c', { pollSeconds: 60 })
    const onBreak = agent('7', {
      name: 'Aino Virtanen',
      state: 'not_ready',
      stateSince: T0 - (14 * 60 + 50) * 1000,
    })
    h.engine.poll('c', { agents: [onBreak] })
    await h.clock.advance(30_000)
    expect(h.events.map((e) => [e.state, e.rule, e.id, e.value, (e.at - T0) / 1000])).toEqual([
      ['firing', 'brk', '7', 901, 11],
    ])
    expect(h.notifier.groups[0]!.body).toBe('An agent: not ready for 15 min 1 s (warning above 15 min)')
    // The next poll says the agent is back: the alert resolves.
    await h.clock.advance(30_000)
    h.engine.poll('c', { agents: [agent('7', { state: 'available', stateSince: T0 + 50_000 })] })
    await h.clock.advance(0)
    expect(h.log().at(-1)).toBe('resolved warning brk c:7 null')
  })

  it('names agents in notifications only when prefs allow it', async () => {
    const h = await startHarness({
      rules: [breakRule()],
      prefs: { notificationDetail: 'names' },
    })
    h.engine.poll('c', {
      agents: [agent('7', { name: 'Aino Virtanen', state: 'not_ready', stateSince: T0 - 120_000 })],
    })
    await h.clock.advance(0)
    expect(h.notifier.groups[0]!.body).toBe('Aino Virtanen: not ready for 2 min (warning above 1 min)')
  })

  it('resolves alerts of removed or disabled rules and of removed connections', async () => {
    const h = await startHarness({ rules: [waitingRule(), waitingRule({ id: 'other', name: 'Other' })] })
    await pollOnce(h, [queue('q1', { waiting: 7 })])
    await pollOnce(h, [queue('q1', { waiting: 7 })], 'd')
    h.rules = [waitingRule({ enabled: false })]
    await h.clock.advance(1_000)
    h.engine.removeConnection('d')
    h.rules = [waitingRule()]
    await h.clock.advance(1_000)
    expect(h.log().slice(4)).toEqual([
      'resolved warning wait c:q1 7',
      'resolved warning other c:q1 7',
      'resolved warning wait d:q1 7',
      'resolved warning other d:q1 7',
      'firing warning wait c:q1 7',
    ])
    expect(h.service.list().history.map((x) => [x.id, x.reason])).toEqual([
      ['other|d:q1', 'rule_changed'],
      ['wait|d:q1', 'rule_changed'],
      ['other|c:q1', 'rule_changed'],
      ['wait|c:q1', 'rule_changed'],
    ])
  })

  it('emits alert events in the docs/ARCHITECTURE.md §7.2 NDJSON shape', async () => {
    const h = await startHarness({ rules: [waitingRule()] })
    await pollOnce(h, [queue('q1', { waiting: 7 })])
    expect(h.events).toEqual([
      {
        type: 'alert',
        connection: 'c',
        rule: 'wait',
        severity: 'warning',
        state: 'firing',
        entity: 'queue',
        id: 'q1',
        value: 7,
        at: T0,
      },
    ])
  })

  it('sends list changes on transitions and actions, not on every timer tick', async () => {
    const h = await startHarness({
      rules: [breakRule()],
    })
    h.engine.setStatus('c', { pollSeconds: 60 })
    h.engine.poll('c', { agents: [agent('7', { state: 'not_ready', stateSince: T0 - 120_000 })] })
    await h.clock.advance(0)
    const after = h.lists.length
    await h.clock.advance(30_000)
    expect(h.lists.length).toBe(after)
    h.service.acknowledge('brk|c:7', 'you')
    await h.clock.advance(0)
    expect(h.lists.length).toBe(after + 1)
    expect(h.lists.at(-1)!.active[0]!.ack).toEqual({ by: 'you', at: T0 + 30_000 })
  })
})

describe('alert service: what the boards are sent', () => {
  it('sends new values at most every 5 s, and the last of them once the data stops', async () => {
    const h = await startHarness({ rules: [waitingRule()] })
    await pollOnce(h, [queue('q1', { waiting: 6 })])
    const after = h.lists.length
    // Five polls a second apart, each with a new value: one list now, the rest held back...
    for (const w of [7, 8, 9, 10, 11]) {
      await h.clock.advance(1_000)
      await pollOnce(h, [queue('q1', { waiting: w })])
    }
    expect(h.lists.length - after).toBeLessThanOrEqual(1)
    // ...and the latest value goes out with the next tick once the window has passed, without new data.
    await h.clock.advance(5_000)
    expect(h.lists.at(-1)!.active[0]!.value).toBe(11)
    expect(h.lists.length - after).toBeLessThanOrEqual(2)
  })
})

describe('alert service: persistence', () => {
  it('restores alerts after a restart without notifying them again', async () => {
    const store = createMemoryAlertStore()
    const clock = new FakeClock(T0)
    const rules = [
      waitingRule({ critical: 10, notify: ['desktop', 'tray', 'sound'] }),
      waitingRule({ id: 'slow', name: 'Slow', forSec: 60 }),
    ]
    const a = await startHarness({ rules, store, clock })
    await pollOnce(a, [queue('q1', { waiting: 7 }), queue('q2', { waiting: 12 })])
    a.service.acknowledge('wait|c:q1', 'you')
    a.service.muteRule('slow', T0 + 3_600_000)
    await a.clock.advance(0)
    expect(a.notifier.groups).toHaveLength(2)
    await a.service.dispose()

    await clock.advance(30_000)
    // The new run's engine has the connection in its config but has not started it yet.
    const engine = new TestEngine(clock)
    engine.configured = new Set(['c'])
    const b = await startHarness({ rules, store, clock, engine })
    await b.clock.advance(2_000)
    // Before the first poll: the alerts are there, waiting for data.
    expect(b.service.list().active.map((x) => [x.id, x.state, x.noData, x.ack?.by ?? null])).toEqual([
      ['wait|c:q2', 'firing', true, null],
      ['wait|c:q1', 'firing', true, 'you'],
      ['slow|c:q1', 'pending', true, null],
      ['slow|c:q2', 'pending', true, null],
    ])
    await pollFor(b, 90, () => [queue('q1', { waiting: 7 }), queue('q2', { waiting: 12 })])
    expect(b.notifier.groups).toEqual([])
    expect(b.notifier.sounds).toEqual([])
    expect(b.log()).toEqual(['firing warning slow c:q1 7', 'firing warning slow c:q2 12'])
    expect(b.service.list().rules.find((r) => r.rule === 'slow')!.mutedUntil).toBe(T0 + 3_600_000)
    await pollFor(b, 5, () => [queue('q1', { waiting: 0 }), queue('q2', { waiting: 12 })])
    await b.service.flush()
    expect(store.saved?.history.map((x) => x.id)).toEqual(['slow|c:q1', 'wait|c:q1'])
    await b.service.dispose()
  })

  it('notifies once after a restart an alert that fired while it was held back', async () => {
    const store = createMemoryAlertStore()
    const clock = new FakeClock(T0)
    const rules = [waitingRule()]
    const a = await startHarness({ rules, store, clock })
    a.service.muteRule('wait', T0 + 60_000)
    await pollOnce(a, [queue('q1', { waiting: 7 })])
    await a.service.dispose()
    expect(a.notifier.groups).toEqual([])
    await clock.advance(120_000)
    const engine = new TestEngine(clock)
    engine.configured = new Set(['c'])
    const b = await startHarness({ rules, store, clock, engine })
    await pollFor(b, 30, () => [queue('q1', { waiting: 7 })])
    expect(b.notifier.titles()).toEqual(['Warning: Contacts waiting'])
    expect(b.log()).toEqual([])
  })
})
