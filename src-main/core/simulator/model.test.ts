import { describe, expect, it } from 'vitest'
import { AGENT_STATES, type AgentState } from '../../../src-shared/model'
import { replayCalendar, wallCalendar, type SimCalendar } from './business-clock'
import { createSimulator, type ModelState } from './model'
import { mulberry32 } from './prng'
import type { SimulatorOptions } from './types'

const SEC = 1000
const MIN = 60 * SEC
const HOUR = 60 * MIN

function zone(name: string): SimCalendar {
  const c = wallCalendar(name)
  if (c === null) throw new Error(`unknown zone ${name}`)
  return c
}

const UTC = zone('UTC')
/** Midnight UTC of a Tuesday; `at(h)` is h hours into that day. */
const DAY = Date.UTC(2026, 2, 3)
const at = (hours: number) => DAY + Math.round(hours * HOUR)

const options = (over: Partial<SimulatorOptions> = {}): SimulatorOptions => ({
  seed: 42,
  agents: 40,
  incidents: true,
  calendar: UTC,
  ...over,
})

interface Counters {
  received: number
  carriedOver: number
  answered: number
  abandoned: number
  waiting: number
}

/** Every queue's and room's day so far, in the terms of the balance. */
function counters(s: ModelState): Map<string, Counters> {
  const out = new Map<string, Counters>()
  const carried = (raw: unknown) => (raw as { carriedOver: number }).carriedOver
  for (const q of s.queues) {
    out.set(q.id, {
      received: q.today?.received ?? NaN,
      carriedOver: carried(q.raw),
      answered: q.today?.answered ?? NaN,
      abandoned: q.today?.abandoned ?? NaN,
      waiting: q.waiting ?? NaN,
    })
  }
  for (const r of s.chatRooms) {
    out.set(r.id, {
      received: r.today?.chats ?? NaN,
      carriedOver: carried(r.raw),
      answered: r.today?.answered ?? NaN,
      abandoned: r.today?.missed ?? NaN,
      waiting: r.waitingChats ?? NaN,
    })
  }
  return out
}

describe('createSimulator: determinism', () => {
  it('gives identical states for the same options and the same calls', () => {
    const a = createSimulator(options())
    const b = createSimulator(options())
    for (const h of [0.5, 9.5, 9.6, 11, 15.25, 23.9]) expect(a.at(at(h))).toEqual(b.at(at(h)))
    expect(a.plannedIncidents(at(12))).toEqual(b.plannedIncidents(at(12)))
  })

  it('gives a different center for a different seed', () => {
    const a = createSimulator(options({ seed: 1 })).at(at(10))
    const b = createSimulator(options({ seed: 2 })).at(at(10))
    expect(a.agents.map((x) => x.name)).not.toEqual(b.agents.map((x) => x.name))
    expect(a.agents.map((x) => [x.state, x.timeInStateSec])).not.toEqual(
      b.agents.map((x) => [x.state, x.timeInStateSec]),
    )
    expect(a.queues.map((q) => q.today?.received)).not.toEqual(b.queues.map((q) => q.today?.received))
  })

  it('does not depend on how often it is asked: every second equals one jump', () => {
    const often = createSimulator(options())
    for (let s = 0; s <= 900; s++) often.at(at(9.5) + s * SEC)
    const once = createSimulator(options())
    expect(often.at(at(9.5) + 900 * SEC)).toEqual(once.at(at(9.5) + 900 * SEC))
  })

  it('does not depend on how often it is asked: irregular steps over hours equal one jump', () => {
    const rng = mulberry32(7)
    const stepped = createSimulator(options({ seed: 9 }))
    const end = at(14) + 123
    for (let t = at(8); t < end; t += 1 + Math.floor(rng() * 600_000)) stepped.at(t)
    const jumped = createSimulator(options({ seed: 9 }))
    expect(stepped.at(end)).toEqual(jumped.at(end))
  })

  it('only moves forward: an earlier instant returns the last state', () => {
    const sim = createSimulator(options())
    const later = sim.at(at(10))
    expect(sim.at(at(9))).toBe(later)
    expect(sim.at(at(10) + MIN).asOf).toBe(at(10) + MIN)
  })
})

describe('createSimulator: restarts', () => {
  it('resumes the same floor after a restart: same agents, counters and incidents as if it had kept running', () => {
    const running = createSimulator(options())
    let before: ModelState | null = null
    for (let t = at(8); t < at(15); t += MIN) before = running.at(t)
    const kept = running.at(at(15))
    const restarted = createSimulator(options()).at(at(15))
    expect(restarted).toEqual(kept)
    // Today's counters carry on from where they were a minute earlier: nothing goes backwards.
    const was = counters(before as ModelState)
    for (const [id, c] of counters(restarted)) {
      const prev = was.get(id) as Counters
      expect(c.received, id).toBeGreaterThanOrEqual(prev.received)
      expect(c.answered, id).toBeGreaterThanOrEqual(prev.answered)
      expect(c.abandoned, id).toBeGreaterThanOrEqual(prev.abandoned)
    }
    // The morning's incidents are over and stay over; the plan is the same one.
    expect(restarted.incidents.map((i) => i.id)).toEqual(kept.incidents.map((i) => i.id))
    expect(restarted.incidents.every((i) => i.startedAt > at(9.6))).toBe(true)
    expect(createSimulator(options()).plannedIncidents(at(15))).toEqual(running.plannedIncidents(at(15)))
  })

  it('takes up the next day at midnight as a fresh start would, with today’s counters back at zero', () => {
    const running = createSimulator(options({ seed: 3 }))
    running.at(at(23.9))
    const nextDay = running.at(at(24) + 5 * MIN)
    expect(nextDay).toEqual(createSimulator(options({ seed: 3 })).at(at(24) + 5 * MIN))
    for (const c of counters(nextDay).values()) {
      expect(c.answered).toBe(0)
      // Nothing answered and nothing abandoned yet (phones and chat are closed): everything received waits.
      expect(c.received).toBe(c.waiting)
    }
  })

  it('models each date as its own day: the roster stays, the day does not', () => {
    const today = createSimulator(options()).at(at(11))
    const tomorrow = createSimulator(options()).at(at(24 + 11))
    expect(tomorrow.agents.map((a) => a.name)).toEqual(today.agents.map((a) => a.name))
    expect(tomorrow.queues.map((q) => q.today?.received)).not.toEqual(
      today.queues.map((q) => q.today?.received),
    )
    const later = (t: number) =>
      createSimulator(options())
        .plannedIncidents(t)
        .filter((p) => p.dueAt - DAY > 10 * HOUR)
        .map((p) => [p.kind, p.queueId, (p.dueAt - DAY) % (24 * HOUR)])
    expect(later(at(24 + 11))).not.toEqual(later(at(11)))
  })
})

describe('createSimulator: the wall clock', () => {
  it('is busy at 10:00 and quiet at 03:00 on the supervisor’s clock, in any zone', () => {
    for (const name of ['Europe/Helsinki', 'America/New_York', 'Asia/Tokyo']) {
      const cal = zone(name)
      const day = cal.dayAt(at(12))
      const night = createSimulator(options({ calendar: cal })).at(day.start + 3 * HOUR)
      expect(
        night.agents.every((a) => a.state === 'logged_out'),
        name,
      ).toBe(true)
      for (const q of night.queues) if (q.media !== 'email') expect(q.waiting, name).toBe(0)
      const morning = createSimulator(options({ calendar: cal })).at(day.start + 10 * HOUR)
      expect(morning.agents.filter((a) => a.state !== 'logged_out').length, name).toBeGreaterThan(25)
      expect(morning.agents.filter((a) => a.state === 'busy').length, name).toBeGreaterThan(10)
      for (const q of morning.queues) expect(q.today?.answered, `${name} ${q.name}`).toBeGreaterThan(10)
    }
  })

  it('runs the clock-change days too: 23 and 25 hours, busy at 10:00 local', () => {
    const cal = zone('Europe/Helsinki')
    for (const t of [Date.UTC(2026, 2, 29, 12), Date.UTC(2026, 9, 25, 12)]) {
      const day = cal.dayAt(t)
      const sim = createSimulator(options({ calendar: cal }))
      // 10:00 local is 9 h after midnight in spring, 11 h in autumn.
      const ten = day.start + (day.end - day.start === 23 * HOUR ? 9 : 11) * HOUR
      expect(sim.businessTime(ten).label).toBe('10:00')
      const s = sim.at(ten)
      expect(s.agents.filter((a) => a.state !== 'logged_out').length).toBeGreaterThan(25)
      expect(sim.at(day.end - SEC).agents.every((a) => a.state === 'logged_out')).toBe(true)
    }
  })

  it('writes supervisor messages about times a little ahead of the supervisor’s clock', () => {
    const sim = createSimulator(options())
    const s = sim.at(at(17))
    const timed = s.chatMessages.filter((m) => /\b\d\d:\d\d\b/.test(m.text))
    expect(timed.length).toBeGreaterThan(0)
    for (const m of timed) {
      const [hh, mm] = (/\b(\d\d):(\d\d)\b/.exec(m.text) ?? []).slice(1).map(Number)
      const mentioned = DAY + ((hh ?? 0) * 60 + (mm ?? 0)) * MIN
      const ahead = mentioned - (m.sentAt ?? 0)
      expect(ahead, m.text).toBeGreaterThanOrEqual(15 * MIN)
      expect(ahead, m.text).toBeLessThanOrEqual(20 * MIN)
    }
    for (const m of s.chatMessages) {
      const hour = ((m.sentAt ?? 0) - DAY) / HOUR
      expect(hour).toBeGreaterThanOrEqual(7.75)
      expect(hour).toBeLessThan(19.5)
    }
  })

  it('replays a reference day from a chosen time whatever the date', () => {
    const a = Date.UTC(2026, 0, 5, 2, 0)
    const b = Date.UTC(2027, 6, 9, 19, 30)
    const first = createSimulator(options({ calendar: replayCalendar(a, 10.5 * 3600) }))
    const second = createSimulator(options({ calendar: replayCalendar(b, 10.5 * 3600) }))
    expect(first.businessTime(a).label).toBe('10:30')
    const sa = first.at(a + 5 * MIN)
    const sb = second.at(b + 5 * MIN)
    expect(sb.agents.map((x) => [x.id, x.state, x.timeInStateSec])).toEqual(
      sa.agents.map((x) => [x.id, x.state, x.timeInStateSec]),
    )
    expect(sb.queues.map((q) => q.today)).toEqual(sa.queues.map((q) => q.today))
  })
})

describe('createSimulator: history of the day so far', () => {
  it('samples the trend figures on the way to now, each as a fresh start would read them', () => {
    const sim = createSimulator(options())
    const now = at(15) + 7 * SEC
    const samples = sim.history(now, now - 8 * HOUR, 15 * SEC)
    expect(samples).toHaveLength(8 * 240)
    expect(samples[0]?.asOf).toBe(at(7) + 15 * SEC)
    expect(samples.at(-1)?.asOf).toBe(at(15))
    for (const sample of [samples[0], samples[700], samples.at(-1)]) {
      if (sample === undefined) throw new Error('missing sample')
      const s = createSimulator(options()).at(sample.asOf)
      expect(sample.queues).toEqual(
        s.queues.map((q) => ({
          id: q.id,
          waiting: q.waiting,
          longestWaitSec: q.longestWaitSec,
          serviceLevelPct: q.serviceLevelPct,
          today: { received: q.today?.received, answered: q.today?.answered, abandoned: q.today?.abandoned },
        })),
      )
      expect(sample.chatRooms).toEqual(
        s.chatRooms.map((r) => ({
          id: r.id,
          waitingChats: r.waitingChats,
          maxWaitNowSec: r.maxWaitNowSec,
          today: { chats: r.today?.chats, answered: r.today?.answered, missed: r.today?.missed },
        })),
      )
      const all = sample.agentStates.find((g) => g.group === '*')?.counts
      for (const st of AGENT_STATES) expect(all?.[st]).toBe(s.agents.filter((a) => a.state === st).length)
      const digital = sample.agentStates.find((g) => g.group === '3')?.counts
      expect(digital?.busy).toBe(s.agents.filter((a) => a.groupIds[0] === '3' && a.state === 'busy').length)
    }
    // Sampling changed nothing: now is what a fresh start says.
    expect(sim.at(now)).toEqual(createSimulator(options()).at(now))
  })

  it('starts at the day’s midnight and never goes back', () => {
    const sim = createSimulator(options())
    const early = sim.history(at(2), at(2) - 8 * HOUR, 60 * SEC)
    expect(early[0]?.asOf).toBe(DAY)
    expect(early).toHaveLength(120)
    sim.at(at(3))
    expect(sim.history(at(2.5), 0, 60 * SEC)).toEqual([])
    expect(sim.history(at(4), 0, 60 * SEC)[0]?.asOf).toBe(at(3) + MIN)
  })

  it('in steps gives the same samples and leaves the same state, catching up a minute of the day at most per step', () => {
    const now = at(15) + 7 * SEC
    const whole = createSimulator(options())
    const samples = whole.history(now, now - 8 * HOUR, 15 * SEC)
    for (const before of [null, at(3), at(6.5)]) {
      const sim = createSimulator(options())
      if (before !== null) sim.at(before)
      const stepped: typeof samples = []
      let catchUp = 0
      for (const s of sim.historySteps(now, now - 8 * HOUR, 15 * SEC)) {
        if (s === null) {
          catchUp++
          expect(stepped, 'the catch-up comes before the first sample').toEqual([])
        } else stepped.push(s)
      }
      // From midnight (or from where the model was) to 07:00:15, a minute at a time.
      expect(catchUp).toBe(Math.ceil((at(7) + 15 * SEC - (before ?? DAY)) / MIN) - 1)
      expect(stepped).toEqual(samples)
      expect(sim.at(now)).toEqual(whole.at(now))
    }
  })
})

describe('createSimulator: layout', () => {
  const state = createSimulator(options()).at(at(9.5))

  it('has the documented queues, chat rooms and groups', () => {
    expect(state.queues.map((q) => [q.id, q.name, q.media])).toEqual([
      ['115', 'Sales', 'voice'],
      ['116', 'Support', 'voice'],
      ['117', 'Email', 'email'],
      ['118', 'Chat', 'chat'],
    ])
    expect(state.chatRooms.map((r) => [r.id, r.name])).toEqual([
      ['7c9e6679-7425-40de-944b-e07fc1f90ae7', 'Web shop chat'],
      ['3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'Help center chat'],
    ])
    expect(state.groups).toEqual([
      { id: '1', name: 'Sales team' },
      { id: '2', name: 'Support team' },
      { id: '3', name: 'Digital team' },
    ])
  })

  it('puts 40 agents in 3 groups with skills mapping groups to queues', () => {
    expect(state.agents).toHaveLength(40)
    const inGroup = (g: string) => state.agents.filter((a) => a.groupIds[0] === g)
    expect([inGroup('1').length, inGroup('2').length, inGroup('3').length]).toEqual([14, 16, 10])
    for (const a of inGroup('1')) expect(a.queueIds).toEqual(['115'])
    for (const a of inGroup('2')) expect(a.queueIds).toEqual(['116', '117'])
    for (const a of inGroup('3')) {
      expect(a.queueIds).toEqual(['118', ...state.chatRooms.map((r) => r.id), '117'])
    }
    expect(state.agents[0]?.id).toBe('1001')
    expect(new Set(state.agents.map((a) => a.name)).size).toBe(40)
    for (const a of state.agents) {
      expect(a.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/)
      expect(a.email).toMatch(/^[a-z]+\.[a-z]+@example\.com$/)
    }
  })

  it('scales to the agents option with unique ids, names and emails', () => {
    const big = createSimulator(options({ agents: 5000 })).at(at(0.5))
    expect(big.agents).toHaveLength(5000)
    expect(new Set(big.agents.map((a) => a.id)).size).toBe(5000)
    expect(new Set(big.agents.map((a) => a.name)).size).toBe(5000)
    expect(new Set(big.agents.map((a) => a.email)).size).toBe(5000)
    const tiny = createSimulator(options({ agents: 1 })).at(at(9))
    expect(tiny.agents).toHaveLength(1)
    expect(tiny.queues).toHaveLength(4)
  })

  it('is mid-morning at 09:30: later shifts not in yet, the overnight emails being worked off', () => {
    const states = new Set(state.agents.map((a) => a.state))
    expect(states.size).toBeGreaterThanOrEqual(4)
    expect(states.has('logged_out')).toBe(true)
    expect(state.agents.filter((a) => a.state !== 'logged_out').length).toBeGreaterThan(15)
    expect(state.agents.filter((a) => (a.timeInStateSec ?? 0) > 0).length).toBeGreaterThan(30)
    for (const q of state.queues) expect(q.today?.received).toBeGreaterThan(10)
    for (const r of state.chatRooms) expect(r.today?.chats).toBeGreaterThan(5)
    const email = state.queues.find((q) => q.media === 'email')
    expect((email?.raw as { carriedOver: number }).carriedOver).toBeGreaterThan(0)
    expect(email?.waiting).toBeGreaterThan(0)
    expect(state.chatMessages.length).toBeGreaterThanOrEqual(2)
    expect(state.agents.filter((a) => (a.today?.handled ?? 0) > 0).length).toBeGreaterThan(15)
  })

  it('keeps raw small and marks it simulated', () => {
    expect(state.agents[0]?.raw).toEqual({ simulated: true, index: 0 })
    expect(state.queues[0]?.raw).toEqual({ simulated: true, slThresholdSec: 20, carriedOver: 0 })
    expect(JSON.stringify(state.chatRooms[0]?.raw).length).toBeLessThan(80)
  })
})

/** Samples a simulated day; returns per-state visits, longest stints seen and reasons seen. */
function sampleDay(sim: ReturnType<typeof createSimulator>, stepsSec: [number, number][]) {
  const seen = new Set<AgentState>()
  const longest = new Map<AgentState, number>()
  const reasons = new Map<AgentState, Set<string>>()
  let t = at(7.75)
  for (const [untilSec, step] of stepsSec) {
    for (; t <= at(7.75) + untilSec * SEC; t += step * SEC) {
      const s = sim.at(t)
      for (const a of s.agents) {
        seen.add(a.state)
        longest.set(a.state, Math.max(longest.get(a.state) ?? 0, a.timeInStateSec ?? 0))
        if (a.stateReason !== null) {
          const set = reasons.get(a.state) ?? new Set<string>()
          set.add(a.stateReason)
          reasons.set(a.state, set)
        }
      }
    }
  }
  return { seen, longest, reasons }
}

describe('createSimulator: agents', () => {
  it('visits every AgentState over a simulated day with realistic durations and break reasons', () => {
    const sim = createSimulator(options({ incidents: false }))
    // Fine steps for the short states (ringing lasts seconds), then coarser to the evening.
    const { seen, longest, reasons } = sampleDay(sim, [
      [4 * 3600, 3],
      [13 * 3600, 30],
    ])
    expect([...seen].sort()).toEqual([...AGENT_STATES].sort())
    expect(longest.get('offered')).toBeLessThanOrEqual(12)
    expect(longest.get('wrap_up')).toBeLessThan(60)
    expect(longest.get('busy')).toBeGreaterThan(5 * 60)
    expect(longest.get('not_ready')).toBeGreaterThan(10 * 60)
    expect(longest.get('not_ready')).toBeLessThan(20 * 60)
    expect(reasons.get('not_ready')).toEqual(
      new Set(['Break', 'Lunch', 'Meeting', 'Training', 'Personal', 'No answer']),
    )
    expect(reasons.get('offline_work')?.has('Admin')).toBe(true)
  })

  it('has more arrivals at the late-morning peak than early in the morning, and no calls or chats at night', () => {
    const sim = createSimulator(options({ incidents: false }))
    const received = (t: number, media: 'email' | 'other') => {
      const s = sim.at(t)
      return [
        ...s.queues
          .filter((q) => (q.media === 'email') === (media === 'email'))
          .map((q) => q.today?.received),
        ...(media === 'email' ? [] : s.chatRooms.map((r) => r.today?.chats)),
      ].reduce((a: number, b) => a + (b ?? 0), 0)
    }
    expect(received(at(7.9), 'other')).toBe(0)
    expect(received(at(7.9), 'email')).toBeGreaterThan(10)
    const at8 = received(at(8), 'other')
    const at9 = received(at(9), 'other')
    const at1030 = received(at(10.5), 'other')
    const at1130 = received(at(11.5), 'other')
    const early = at9 - at8
    const peak = at1130 - at1030
    expect(early).toBeGreaterThan(20)
    expect(peak).toBeGreaterThan(2 * early)
    const evening = received(at(23.9), 'other')
    expect(received(at(21), 'other')).toBe(evening)
  })
})

/**
 * The checks a supervisor can make on one board, for every queue and room, every few minutes of a whole day
 * (docs/vendors/simulator.md §5): the day's counters balance, the waits agree with each other, and service level
 * agrees with the waits and the target.
 */
describe('createSimulator: figures that agree', () => {
  const STEP = 5 * MIN + 7 * SEC
  const days = [
    { name: 'seed 42, incidents on', opts: options() },
    { name: 'seed 5, incidents off', opts: options({ seed: 5, incidents: false }) },
    { name: 'seed 11 in Helsinki', opts: options({ seed: 11, calendar: zone('Europe/Helsinki') }) },
  ]

  it.each(days)('balances received = answered + abandoned + waiting all day ($name)', ({ opts }) => {
    const sim = createSimulator(opts)
    const start = opts.calendar.dayAt(at(12)).start
    let prev: Map<string, Counters> | null = null
    let busiest = 0
    for (let t = start; t < start + 24 * HOUR; t += STEP) {
      const now = counters(sim.at(t))
      expect(now.size).toBe(6)
      for (const [id, c] of now) {
        // Received counts what entered today's queue: today's arrivals and what was carried over at midnight.
        expect(c.received, `${id} at ${new Date(t).toISOString()}`).toBe(c.answered + c.abandoned + c.waiting)
        expect(c.carriedOver).toBeLessThanOrEqual(c.received)
        const p = prev?.get(id)
        if (p === undefined) continue
        expect(c.carriedOver).toBe(p.carriedOver)
        expect(c.received).toBeGreaterThanOrEqual(p.received)
        expect(c.answered).toBeGreaterThanOrEqual(p.answered)
        expect(c.abandoned).toBeGreaterThanOrEqual(p.abandoned)
        busiest = Math.max(busiest, c.received)
      }
      prev = now
    }
    expect(busiest).toBeGreaterThan(200)
  })

  it.each(days)('keeps waits and service level consistent with each other all day ($name)', ({ opts }) => {
    const sim = createSimulator(opts)
    const start = opts.calendar.dayAt(at(12)).start
    const longestSeen = new Map<string, number>()
    for (let t = start; t < start + 24 * HOUR; t += STEP) {
      const s = sim.at(t)
      for (const q of s.queues) {
        const where = `${q.name} at ${new Date(t).toISOString()}`
        const threshold = (q.raw as { slThresholdSec: number }).slThresholdSec
        const seen = Math.max(
          longestSeen.get(q.id) ?? 0,
          q.longestWaitSec ?? 0,
          q.last30m?.longestWaitSec ?? 0,
        )
        longestSeen.set(q.id, seen)
        expect(q.avgWaitNowSec, where).toBeLessThanOrEqual(q.longestWaitSec ?? 0)
        expect(q.last30m?.avgWaitSec ?? 0, where).toBeLessThanOrEqual(q.last30m?.longestWaitSec ?? 0)
        // Today's average is over waits the board has shown as the longest at some point today.
        expect(q.today?.avgWaitSec ?? 0, where).toBeLessThanOrEqual(seen)
        expect(q.serviceLevelTargetPct).toBe(80)
        serviceLevelAgrees(where, threshold, {
          longestNowSec: q.longestWaitSec,
          now: q.serviceLevelPct,
          last30Longest: q.last30m?.longestWaitSec ?? null,
          last30Answered: q.last30m?.answered ?? 0,
          last30: q.last30m?.serviceLevelPct ?? null,
          todayAvgSec: q.today?.avgWaitSec ?? null,
          today: q.today?.serviceLevelPct ?? null,
        })
      }
      for (const r of s.chatRooms) {
        const where = `${r.name} at ${new Date(t).toISOString()}`
        expect(r.avgWaitNowSec, where).toBeLessThanOrEqual(r.maxWaitNowSec ?? 0)
        expect(r.today?.maxWaitSec ?? 0, where).toBeGreaterThanOrEqual(r.maxWaitNowSec ?? 0)
        expect(r.today?.avgWaitSec ?? 0, where).toBeLessThanOrEqual(r.today?.maxWaitSec ?? 0)
        serviceLevelAgrees(where, (r.raw as { slThresholdSec: number }).slThresholdSec, {
          longestNowSec: r.maxWaitNowSec,
          now: null,
          last30Longest: null,
          last30Answered: 0,
          last30: null,
          todayAvgSec: r.today?.avgWaitSec ?? null,
          today: r.today?.serviceLevelPct ?? null,
        })
      }
    }
  })
})

function serviceLevelAgrees(
  where: string,
  thresholdSec: number,
  f: {
    longestNowSec: number | null
    now: number | null
    last30Longest: number | null
    last30Answered: number
    last30: number | null
    todayAvgSec: number | null
    today: number | null
  },
): void {
  for (const sl of [f.now, f.last30, f.today]) {
    if (sl === null) continue
    expect(sl, where).toBeGreaterThanOrEqual(0)
    expect(sl, where).toBeLessThanOrEqual(100)
  }
  // Someone waiting past the threshold is already a miss: service level now cannot be 100 %.
  if (f.longestNowSec !== null && f.longestNowSec > thresholdSec && f.now !== null) {
    expect(f.now, where).toBeLessThan(100)
  }
  // Nobody waited past the threshold in the last half hour: everyone answered was on time.
  if (f.last30Longest !== null && f.last30Longest <= thresholdSec && f.last30Answered > 0) {
    expect(f.last30, where).toBe(100)
  }
  // 100 % today means every answer was within the threshold, so the average was too; 0 % the other way round.
  if (f.today === 100) expect(f.todayAvgSec ?? 0, where).toBeLessThanOrEqual(thresholdSec)
  if (f.today === 0 && f.todayAvgSec !== null) expect(f.todayAvgSec, where).toBeGreaterThan(thresholdSec)
}

describe('createSimulator: invariants', () => {
  it('holds them all day long', () => {
    const sim = createSimulator(options({ seed: 5 }))
    for (let t = at(7); t <= at(21); t += 7 * MIN + 3 * SEC) {
      const s = sim.at(t)
      expect(s.asOf).toBe(t)
      for (const a of s.agents) {
        expect(a.timeInStateSec).toBeGreaterThanOrEqual(0)
        expect(a.stateSince).toBe(s.asOf - (a.timeInStateSec ?? 0) * 1000)
        expect(a.freeCapacity).toBeGreaterThanOrEqual(0)
        expect(a.openInteractions).toBeGreaterThanOrEqual(0)
        expect(a.media === null).toBe(!['offered', 'busy', 'wrap_up'].includes(a.state))
        const today = a.today
        expect(today).not.toBeNull()
        if (today === null) continue
        expect(today.loginSec).toBeGreaterThanOrEqual((today.availableSec ?? 0) + (today.wrapUpSec ?? 0))
      }
      for (const q of s.queues) {
        expect(q.waiting).toBeGreaterThanOrEqual(0)
        // Ringing contacts are still waiting (and counted in it).
        expect(q.waiting).toBeGreaterThanOrEqual(q.offered ?? 0)
        expect(q.inProgress).toBeGreaterThanOrEqual(0)
        // Agent counts per queue agree with the agent list (busy includes ringing, not ready offline work).
        const skilled = s.agents.filter((a) => a.queueIds.includes(q.id)).map((a) => a.state)
        const n = (...st: AgentState[]) => skilled.filter((x) => st.includes(x)).length
        expect(q.agentsAvailable).toBe(n('available'))
        expect(q.agentsBusy).toBe(n('busy', 'offered'))
        expect(q.agentsWrapUp).toBe(n('wrap_up'))
        expect(q.agentsNotReady).toBe(n('not_ready', 'offline_work'))
        expect(q.agentsLoggedOut).toBe(n('logged_out'))
        expect(q.agentsLoggedIn).toBe(skilled.length - n('logged_out'))
        const inProgressAgents = s.agents
          .filter((a) => a.queueIds.includes(q.id) && a.state === 'busy' && a.media === q.media)
          .reduce((sum, a) => sum + (a.openInteractions ?? 0), 0)
        if (q.media !== 'email' && q.media !== 'chat') expect(q.inProgress).toBe(inProgressAgents)
      }
      for (const r of s.chatRooms) {
        expect(r.waitingChats).toBeGreaterThanOrEqual(0)
        expect(r.openChats).toBeGreaterThanOrEqual(0)
        expect(r.freeCapacity).toBeGreaterThanOrEqual(0)
        expect(r.visitorsNow).toBeGreaterThanOrEqual((r.openChats ?? 0) + (r.waitingChats ?? 0))
        const sat = r.today?.satisfactionPct
        if (sat !== null && sat !== undefined) expect(sat).toBeLessThanOrEqual(100)
      }
      const chatsOpen =
        s.chatRooms.reduce((n, r) => n + (r.openChats ?? 0), 0) +
        (s.queues.find((q) => q.media === 'chat')?.inProgress ?? 0)
      const chatsOnAgents = s.agents
        .filter((a) => a.state === 'busy' && a.media === 'chat')
        .reduce((n, a) => n + (a.openInteractions ?? 0), 0)
      expect(chatsOpen).toBe(chatsOnAgents)
      const sent = s.chatMessages.map((m) => m.sentAt ?? Infinity)
      expect([...sent].sort((a, b) => a - b)).toEqual(sent)
      for (const m of s.chatMessages) expect(m.sentAt).toBeLessThanOrEqual(s.asOf)
    }
  })
})

describe('createSimulator: incidents', () => {
  it('opens every day with an overstayed break and a backed-up Support queue at the documented times', () => {
    for (const [seed, day] of [
      [1, DAY],
      [42, DAY + 24 * HOUR],
      [2026, DAY + 40 * 24 * HOUR],
    ] as const) {
      const sim = createSimulator(options({ seed }))
      const plan = sim.plannedIncidents(day + 12 * HOUR)
      expect(plan[0]).toMatchObject({
        kind: 'break_overstay',
        dueAt: day + (9 * 60 + 13) * MIN,
        queueId: null,
      })
      expect(plan[1]).toMatchObject({
        kind: 'queue_backup',
        dueAt: day + (9 * 60 + 33) * MIN,
        queueId: '116',
        durationSec: 900,
      })
      let overstayAt: number | null = null
      let backedUpAt: number | null = null
      for (let t = day + 9.5 * HOUR; t <= day + 9.75 * HOUR; t += 10 * SEC) {
        const s = sim.at(t)
        const long = s.agents.find((a) => a.state === 'not_ready' && (a.timeInStateSec ?? 0) > 20 * 60)
        if (long !== undefined && overstayAt === null) {
          overstayAt = t
          expect(long.stateReason).toBe('Break')
          expect(s.incidents).toContainEqual(
            expect.objectContaining({ kind: 'break_overstay', targetId: long.id }),
          )
        }
        const support = s.queues.find((q) => q.id === '116')
        if ((support?.longestWaitSec ?? 0) > 120 && backedUpAt === null) {
          backedUpAt = t
          expect(s.incidents).toContainEqual(
            expect.objectContaining({ kind: 'queue_backup', targetId: '116' }),
          )
        }
      }
      expect(overstayAt).not.toBeNull()
      expect(overstayAt ?? Infinity).toBeLessThanOrEqual(day + 9.5 * HOUR + 5 * MIN)
      expect(backedUpAt).not.toBeNull()
    }
  })

  it('recur through the day with incidents on, and never happen with incidents off', () => {
    const kinds = (incidents: boolean) => {
      const sim = createSimulator(options({ seed: 11, incidents }))
      const ids = new Set<string>()
      const seenKinds = new Set<string>()
      let longestNotReady = 0
      let longestRealtimeWait = 0
      const messages = new Map<string, { urgent: boolean; text: string }>()
      for (let t = at(8); t <= at(20); t += MIN) {
        const s = sim.at(t)
        for (const m of s.chatMessages) messages.set(m.id, m)
        for (const i of s.incidents) {
          ids.add(i.id)
          seenKinds.add(i.kind)
        }
        for (const a of s.agents) {
          if (a.state === 'not_ready') longestNotReady = Math.max(longestNotReady, a.timeInStateSec ?? 0)
        }
        for (const q of s.queues) {
          if (q.media !== 'email') longestRealtimeWait = Math.max(longestRealtimeWait, q.longestWaitSec ?? 0)
        }
        for (const r of s.chatRooms) longestRealtimeWait = Math.max(longestRealtimeWait, r.maxWaitNowSec ?? 0)
      }
      return {
        ids,
        seenKinds,
        longestNotReady,
        longestRealtimeWait,
        planned: sim.plannedIncidents(at(12)),
        messages,
      }
    }
    const on = kinds(true)
    expect(on.ids.size).toBeGreaterThanOrEqual(6)
    expect([...on.seenKinds].sort()).toEqual(['break_overstay', 'queue_backup'])
    expect(on.longestNotReady).toBeGreaterThan(20 * 60)
    expect(on.longestRealtimeWait).toBeGreaterThan(150)
    // Supervisor messages every few minutes, some urgent, including a heads-up when a queue backs up.
    expect(on.messages.size).toBeGreaterThan(60)
    const urgent = [...on.messages.values()].filter((m) => m.urgent)
    expect(urgent.length).toBeGreaterThanOrEqual(3)
    expect(urgent.some((m) => /queue is backing up: \d+ waiting/.test(m.text))).toBe(true)

    const off = kinds(false)
    expect(off.ids.size).toBe(0)
    expect(off.planned).toEqual([])
    expect(off.longestNotReady).toBeLessThan(20 * 60)
    expect(off.longestRealtimeWait).toBeLessThanOrEqual(120)
  })
})
