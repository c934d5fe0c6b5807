import { describe, expect, it } from 'vitest'
import { AGENT_STATES, type AgentState } from '../../../src-shared/model'
import { createSimulator, type ModelState } from './model'
import { mulberry32 } from './prng'
import type { SimulatorOptions } from './types'

// An odd wall-clock hour on purpose: the business-day clock, not the wall clock, drives the model.
const START = Date.UTC(2026, 2, 3, 1, 7, 13)
const SEC = 1000
const MIN = 60 * SEC
const HOUR = 60 * MIN
const options = (over: Partial<SimulatorOptions> = {}): SimulatorOptions => ({
  seed: 42,
  agents: 40,
  incidents: true,
  startAt: START,
  ...over,
})

describe('createSimulator: determinism', () => {
  it('gives identical states for the same options and the same calls', () => {
    const a = createSimulator(options())
    const b = createSimulator(options())
    for (const dt of [0, 2 * MIN, 45 * MIN, 3 * HOUR + 17 * SEC]) {
      expect(a.at(START + dt)).toEqual(b.at(START + dt))
    }
    expect(a.plannedIncidents()).toEqual(b.plannedIncidents())
  })

  it('gives a different center for a different seed', () => {
    const a = createSimulator(options({ seed: 1 })).at(START + 30 * MIN)
    const b = createSimulator(options({ seed: 2 })).at(START + 30 * MIN)
    expect(a.agents.map((x) => x.name)).not.toEqual(b.agents.map((x) => x.name))
    expect(a.agents.map((x) => [x.state, x.timeInStateSec])).not.toEqual(
      b.agents.map((x) => [x.state, x.timeInStateSec]),
    )
    expect(a.queues.map((q) => q.today?.received)).not.toEqual(b.queues.map((q) => q.today?.received))
  })

  it('does not depend on how often it is asked: every second equals one jump', () => {
    const often = createSimulator(options())
    for (let s = 0; s <= 900; s++) often.at(START + s * SEC)
    const once = createSimulator(options())
    expect(often.at(START + 900 * SEC)).toEqual(once.at(START + 900 * SEC))
  })

  it('does not depend on how often it is asked: irregular steps over hours equal one jump', () => {
    const rng = mulberry32(7)
    const stepped = createSimulator(options({ seed: 9 }))
    const end = START + 5 * HOUR + 123
    for (let t = START; t < end; t += 1 + Math.floor(rng() * 600_000)) stepped.at(t)
    const jumped = createSimulator(options({ seed: 9 }))
    expect(stepped.at(end)).toEqual(jumped.at(end))
  })

  it('only moves forward: an earlier instant returns the last state, before startAt means startAt', () => {
    const sim = createSimulator(options())
    expect(sim.at(START - HOUR).asOf).toBe(START)
    const later = sim.at(START + 10 * MIN)
    expect(sim.at(START + 5 * MIN)).toBe(later)
    expect(sim.at(START + 11 * MIN).asOf).toBe(START + 11 * MIN)
  })
})

describe('createSimulator: layout', () => {
  const state = createSimulator(options()).at(START)

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
    const big = createSimulator(options({ agents: 5000 })).at(START)
    expect(big.agents).toHaveLength(5000)
    expect(new Set(big.agents.map((a) => a.id)).size).toBe(5000)
    expect(new Set(big.agents.map((a) => a.name)).size).toBe(5000)
    expect(new Set(big.agents.map((a) => a.email)).size).toBe(5000)
    const tiny = createSimulator(options({ agents: 1 })).at(START + 5 * MIN)
    expect(tiny.agents).toHaveLength(1)
    expect(tiny.queues).toHaveLength(4)
  })

  it('starts warm at 09:30, as if the day began at 08:00', () => {
    const states = new Set(state.agents.map((a) => a.state))
    expect(states.size).toBeGreaterThanOrEqual(4)
    expect(states.has('logged_out')).toBe(true) // later shifts have not started yet
    expect(state.agents.filter((a) => a.state !== 'logged_out').length).toBeGreaterThan(20)
    expect(state.agents.filter((a) => (a.timeInStateSec ?? 0) > 0).length).toBeGreaterThan(30)
    for (const q of state.queues) expect(q.today?.received).toBeGreaterThan(10)
    for (const r of state.chatRooms) expect(r.today?.chats).toBeGreaterThan(5)
    const waiting = state.queues.reduce((n, q) => n + (q.waiting ?? 0), 0)
    expect(waiting).toBeGreaterThan(0) // at least the overnight email backlog
    expect(state.chatMessages.length).toBeGreaterThanOrEqual(2)
    expect(state.agents.filter((a) => (a.today?.handled ?? 0) > 0).length).toBeGreaterThan(15)
  })

  it('keeps raw small and marks it simulated', () => {
    expect(state.agents[0]?.raw).toEqual({ simulated: true, index: 0 })
    expect(state.queues[0]?.raw).toEqual({ simulated: true, slThresholdSec: 20 })
    expect(JSON.stringify(state.chatRooms[0]?.raw).length).toBeLessThan(80)
  })
})

/** Samples a simulated day; returns per-state visits, longest stints seen and reasons seen. */
function sampleDay(sim: ReturnType<typeof createSimulator>, stepsSec: [number, number][]) {
  const seen = new Set<AgentState>()
  const longest = new Map<AgentState, number>()
  const reasons = new Map<AgentState, Set<string>>()
  let t = START
  const states: ModelState[] = []
  for (const [untilSec, step] of stepsSec) {
    for (; t <= START + untilSec * SEC; t += step * SEC) {
      const s = sim.at(t)
      states.push(s)
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
      [11 * 3600, 30],
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

  it('has more arrivals at the business-day peak than early in the morning', () => {
    const sim = createSimulator(options({ incidents: false }))
    const received = (t: number) => {
      const s = sim.at(t)
      return [
        ...s.queues.map((q) => q.today?.received ?? 0),
        ...s.chatRooms.map((r) => r.today?.chats ?? 0),
      ].reduce((a, b) => a + b, 0)
    }
    // Day 1 (the morning after startAt): 08:00 is startAt + 22.5 h.
    const day1 = (hh: number) => START + (hh - 9.5 + 24) * HOUR
    const at8 = received(day1(8))
    const at9 = received(day1(9))
    const at1030 = received(day1(10.5))
    const at1130 = received(day1(11.5))
    const early = at9 - at8
    const peak = at1130 - at1030
    expect(early).toBeGreaterThan(20)
    expect(peak).toBeGreaterThan(2 * early)
  })
})

describe('createSimulator: invariants', () => {
  it('holds them all day long', () => {
    const sim = createSimulator(options({ seed: 5 }))
    for (let t = START; t <= START + 13 * HOUR; t += 7 * MIN + 3 * SEC) {
      const s = sim.at(t)
      expect(s.asOf).toBe(t)
      const byGroup = new Map<string, AgentState[]>()
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
        const g = a.groupIds[0] ?? ''
        byGroup.set(g, [...(byGroup.get(g) ?? []), a.state])
      }
      for (const q of s.queues) {
        expect(q.waiting).toBeGreaterThanOrEqual(0)
        expect(q.longestWaitSec).toBeGreaterThanOrEqual(q.avgWaitNowSec ?? 0)
        expect(q.offered).toBeGreaterThanOrEqual(0)
        expect(q.inProgress).toBeGreaterThanOrEqual(0)
        for (const sl of [q.serviceLevelPct, q.today?.serviceLevelPct, q.last30m?.serviceLevelPct]) {
          if (sl !== null && sl !== undefined) {
            expect(sl).toBeGreaterThanOrEqual(0)
            expect(sl).toBeLessThanOrEqual(100)
          }
        }
        expect((q.today?.answered ?? 0) + (q.today?.abandoned ?? 0)).toBeLessThanOrEqual(
          (q.today?.received ?? 0) + (q.media === 'email' ? 200 : 0),
        )
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
        expect(r.maxWaitNowSec).toBeGreaterThanOrEqual(r.avgWaitNowSec ?? 0)
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
  it('opens with an overstayed break and a backed-up Support queue (the documented day-0 plan)', () => {
    for (const seed of [1, 42, 2026]) {
      const sim = createSimulator(options({ seed }))
      const plan = sim.plannedIncidents()
      expect(plan[0]).toMatchObject({ kind: 'break_overstay', dueAt: START - 17 * MIN, queueId: null })
      expect(plan[1]).toMatchObject({
        kind: 'queue_backup',
        dueAt: START + 3 * MIN,
        queueId: '116',
        durationSec: 900,
      })
      let overstayAt: number | null = null
      let backedUpAt: number | null = null
      for (let t = START; t <= START + 15 * MIN; t += 10 * SEC) {
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
      expect(overstayAt ?? Infinity).toBeLessThanOrEqual(START + 5 * MIN)
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
      for (let t = START; t <= START + 10 * HOUR; t += MIN) {
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
        planned: sim.plannedIncidents(),
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
