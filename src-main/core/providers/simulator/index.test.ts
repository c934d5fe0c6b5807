import { describe, expect, it } from 'vitest'
import { AGENT_STATES, MEDIA, type ProviderSnapshot } from '../../../../src-shared/model'
import type { Clock } from '../../ports'
import { PROVIDER_FACTORIES } from '../registry'
import type { ProviderAdapter, ProviderContext } from '../types'
import { simulatorContext } from '../../testing/simulator-context'
import { createSimulatorAdapter } from './index'

/** 09:30:05 in Helsinki (UTC+2 in November): the connections below follow that clock. */
const START = Date.UTC(2026, 10, 24, 7, 30, 5)
const OPTIONS = { seed: 42, agents: 40, incidents: true, timezone: 'Europe/Helsinki' }

function manualClock(t = START): Clock & { set(ms: number): void } {
  let now = t
  return {
    now: () => now,
    setTimer: () => () => undefined,
    set(ms: number) {
      now = ms
    },
  }
}

function context(clock: Clock, options: Record<string, unknown> = OPTIONS): ProviderContext {
  return simulatorContext('demo', options, clock, { label: 'Demo contact center' })
}

async function snapshotOf(adapter: ProviderAdapter): Promise<ProviderSnapshot> {
  const r = await adapter.poll(new AbortController().signal)
  if (!r.ok) throw new Error(`poll failed: ${r.failure.detail}`)
  return r.snapshot
}

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array'
type Shape = Record<string, readonly (Kind | 'null')[]>

function kindOf(v: unknown): Kind | 'null' | 'undefined' {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  const t = typeof v
  return t === 'string' || t === 'number' || t === 'boolean' || t === 'object' ? t : 'undefined'
}

/** Exactly these keys (docs/ARCHITECTURE.md §4), each with one of the allowed types; numbers finite. */
function expectShape(value: unknown, shape: Shape, where: string): void {
  expect(kindOf(value), where).toBe('object')
  const obj = value as Record<string, unknown>
  expect(Object.keys(obj).sort(), where).toEqual(Object.keys(shape).sort())
  for (const [key, kinds] of Object.entries(shape)) {
    const v = obj[key]
    expect(kinds, `${where}.${key} is ${kindOf(v)}`).toContain(kindOf(v))
    if (typeof v === 'number') expect(Number.isFinite(v), `${where}.${key}`).toBe(true)
  }
}

const num = ['number'] as const
const numOrNull = ['number', 'null'] as const
const str = ['string'] as const
const strOrNull = ['string', 'null'] as const
const obj = ['object'] as const

const SNAPSHOT: Shape = {
  connection: str,
  provider: str,
  asOf: num,
  health: str,
  agents: ['array'],
  queues: ['array'],
  chatRooms: ['array'],
  chatMessages: ['array'],
  metrics: ['array'],
  warnings: ['array'],
}
// The simulator fills every field it has data for: only averages over nothing may be null.
const AGENT: Shape = {
  id: str,
  name: str,
  email: str,
  state: str,
  rawState: str,
  stateReason: strOrNull,
  timeInStateSec: num,
  stateSince: num,
  onHold: ['boolean'],
  contactSec: numOrNull,
  contactSince: numOrNull,
  media: strOrNull,
  openInteractions: num,
  freeCapacity: num,
  groupIds: ['array'],
  groupNames: ['array'],
  queueIds: ['array'],
  today: obj,
  raw: obj,
}
const AGENT_TODAY: Shape = {
  handled: num,
  rejected: num,
  loginSec: num,
  availableSec: num,
  breakSec: num,
  wrapUpSec: num,
  avgHandleSec: numOrNull,
  talkSec: num,
  missed: ['null'],
}
const QUEUE: Shape = {
  id: str,
  name: str,
  media: str,
  waiting: num,
  longestWaitSec: num,
  avgWaitNowSec: num,
  offered: num,
  inProgress: num,
  agentsAvailable: num,
  agentsBusy: num,
  agentsWrapUp: num,
  agentsNotReady: num,
  agentsLoggedIn: num,
  agentsLoggedOut: num,
  serviceLevelPct: numOrNull,
  serviceLevelTargetPct: num,
  serviceLevelThresholdSec: num,
  today: obj,
  last30m: obj,
  raw: obj,
}
const QUEUE_TODAY: Shape = {
  received: num,
  answered: num,
  abandoned: num,
  avgWaitSec: numOrNull,
  avgHandleSec: numOrNull,
  serviceLevelPct: numOrNull,
}
const QUEUE_LAST30: Shape = {
  queued: num,
  answered: num,
  abandoned: num,
  avgWaitSec: numOrNull,
  longestWaitSec: num,
  serviceLevelPct: numOrNull,
}
const ROOM: Shape = {
  id: str,
  name: str,
  openChats: num,
  waitingChats: num,
  avgWaitNowSec: num,
  maxWaitNowSec: num,
  freeCapacity: num,
  visitorsNow: num,
  today: obj,
  raw: obj,
}
const ROOM_TODAY: Shape = {
  chats: num,
  missed: num,
  answered: num,
  avgWaitSec: numOrNull,
  maxWaitSec: num,
  avgChatSec: numOrNull,
  serviceLevelPct: numOrNull,
  satisfactionPct: numOrNull,
}
const MESSAGE: Shape = {
  id: str,
  senderLogin: str,
  senderName: str,
  sentAt: num,
  urgent: ['boolean'],
  text: str,
}
const METRIC: Shape = {
  key: str,
  metricId: str,
  name: str,
  category: ['object', 'null'],
  kind: str,
  status: str,
  value: ['number', 'string'],
  live: ['null'],
  updatedAt: num,
  raw: obj,
}

describe('createSimulatorAdapter', () => {
  it('is registered as the simulator provider', () => {
    expect(PROVIDER_FACTORIES.simulator).toBe(createSimulatorAdapter)
  })

  it('produces a snapshot that follows docs/ARCHITECTURE.md §4 field for field', async () => {
    const clock = manualClock()
    const adapter = createSimulatorAdapter(context(clock))
    clock.set(START + 5 * 60_000)
    const s = await snapshotOf(adapter)
    expectShape(s, SNAPSHOT, 'snapshot')
    expect(s).toMatchObject({
      connection: 'demo',
      provider: 'simulator',
      health: 'ok',
      asOf: START + 5 * 60_000,
    })
    expect(s.warnings).toEqual([])
    expect(s.agents).toHaveLength(40)
    for (const a of s.agents) {
      expectShape(a, AGENT, `agent ${a.id}`)
      expectShape(a.today, AGENT_TODAY, `agent ${a.id}.today`)
      expect(AGENT_STATES).toContain(a.state)
      if (a.media !== null) expect(MEDIA).toContain(a.media)
      expect(a.stateSince).toBe(s.asOf - (a.timeInStateSec ?? 0) * 1000)
      // The contact in progress runs while busy; only a call goes on hold.
      expect(a.contactSec).toBe(a.state === 'busy' ? a.timeInStateSec : null)
      if (a.onHold) expect(a).toMatchObject({ state: 'busy', media: 'voice' })
      expect(a.groupIds.length).toBe(1)
      for (const id of [...a.groupIds, ...a.queueIds]) expect(typeof id).toBe('string')
    }
    expect(s.queues.length).toBeGreaterThanOrEqual(3)
    for (const q of s.queues) {
      expectShape(q, QUEUE, `queue ${q.id}`)
      expectShape(q.today, QUEUE_TODAY, `queue ${q.id}.today`)
      expectShape(q.last30m, QUEUE_LAST30, `queue ${q.id}.last30m`)
      expect(MEDIA).toContain(q.media)
    }
    expect(s.queues.map((q) => q.media).sort()).toEqual(['chat', 'email', 'voice', 'voice'])
    expect(s.chatRooms).toHaveLength(2)
    for (const r of s.chatRooms) {
      expectShape(r, ROOM, `room ${r.id}`)
      expectShape(r.today, ROOM_TODAY, `room ${r.id}.today`)
    }
    expect(s.chatMessages.length).toBeGreaterThanOrEqual(2)
    for (const m of s.chatMessages) expectShape(m, MESSAGE, `message ${m.id}`)
    expect(s.metrics.length).toBeGreaterThanOrEqual(10)
    for (const m of s.metrics) expectShape(m, METRIC, `metric ${m.key}`)
    // The whole snapshot survives the NDJSON round trip unchanged (no undefined, no NaN, no Infinity).
    expect(JSON.parse(JSON.stringify(s))).toEqual(s)
  })

  it('reports totals that agree with its agents and the documented incidents as metrics', async () => {
    const clock = manualClock()
    const adapter = createSimulatorAdapter(context(clock))
    clock.set(START + 10 * 60_000)
    const s = await snapshotOf(adapter)
    const value = (key: string) => s.metrics.find((m) => m.key === key)?.value
    expect(value('totals:agents_logged_in')).toBe(s.agents.filter((a) => a.state !== 'logged_out').length)
    expect(value('totals:agents_available')).toBe(s.agents.filter((a) => a.state === 'available').length)
    expect(value('totals:contacts_waiting')).toBe(
      s.queues.reduce((n, q) => n + (q.waiting ?? 0), 0) +
        s.chatRooms.reduce((n, r) => n + (r.waitingChats ?? 0), 0),
    )
    expect(value('sim:business_time')).toBe('09:40')
    // Every day's opening: a long break since 09:13 and Support backing up since 09:33.
    expect(value('sim:incidents_active')).toBe(2)
    const incidents = s.metrics.filter((m) => m.category?.type === 'incident')
    expect(incidents.map((m) => m.category?.value).sort()).toEqual(['break_overstay', 'queue_backup'])
    expect(incidents.find((m) => m.category?.value === 'queue_backup')?.value).toBe('116')
    const onBreak = incidents.find((m) => m.category?.value === 'break_overstay')?.value
    const agent = s.agents.find((a) => a.id === onBreak)
    expect(agent?.state).toBe('not_ready')
    expect(agent?.timeInStateSec).toBeGreaterThan(20 * 60)
  })

  it('moves with the injected clock and is deterministic per seed and instant', async () => {
    const c1 = manualClock()
    const c2 = manualClock()
    const a1 = createSimulatorAdapter(context(c1))
    const a2 = createSimulatorAdapter(context(c2))
    const first = await snapshotOf(a1)
    expect(first.asOf).toBe(START)
    c1.set(START + 30_000)
    c2.set(START + 30_000)
    const later1 = await snapshotOf(a1)
    const later2 = await snapshotOf(a2)
    expect(later1).toEqual(later2)
    expect(later1.asOf).toBe(START + 30_000)
    const changed = later1.agents.filter((a, i) => a.state !== first.agents[i]?.state)
    const ticking = later1.agents.filter(
      (a, i) => (a.timeInStateSec ?? 0) > (first.agents[i]?.timeInStateSec ?? 0),
    )
    expect(changed.length + ticking.length).toBeGreaterThan(30)

    const other = createSimulatorAdapter(context(manualClock(), { ...OPTIONS, seed: 7 }))
    expect((await snapshotOf(other)).agents.map((a) => a.name)).not.toEqual(first.agents.map((a) => a.name))
  })

  it('takes its defaults from the options schema and honours the agents option', async () => {
    const s = await snapshotOf(createSimulatorAdapter(context(manualClock(), {})))
    expect(s.agents).toHaveLength(40)
    // Without a zone, the simulated clock is this machine's.
    const local = new Date(START)
    const hhmm = `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`
    expect(s.metrics.find((m) => m.key === 'sim:business_time')?.value).toBe(hhmm)
    const big = await snapshotOf(
      createSimulatorAdapter(context(manualClock(), { ...OPTIONS, agents: 120, incidents: false })),
    )
    expect(big.agents).toHaveLength(120)
    expect(big.metrics.find((m) => m.key === 'sim:incidents_active')?.value).toBe(0)
  })

  it('reports bad options as a config failure instead of throwing', async () => {
    const adapter = createSimulatorAdapter(
      context(manualClock(), { agents: -3, sed: 1, timezone: 'Mars/Olympus', startTime: '9:30' }),
    )
    const r = await adapter.poll(new AbortController().signal)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.failure.code).toBe('config')
    expect(r.failure.terminal).toBe(true)
    expect(r.failure.detail).toMatch(/agents/)
    expect(r.failure.detail).toMatch(/sed/)
    expect(r.failure.detail).toMatch(/timezone: must be a time zone name/)
    expect(r.failure.detail).toMatch(/startTime: must be a time of day written HH:MM/)
  })

  it('follows the wall clock of its time zone: a restart resumes the same floor', async () => {
    const clock = manualClock(START + 5.5 * 3600_000) // 15:00:05 in Helsinki
    const first = createSimulatorAdapter(context(clock))
    const before = await snapshotOf(first)
    expect(before.metrics.find((m) => m.key === 'sim:business_time')?.value).toBe('15:00')
    clock.set(START + 5.5 * 3600_000 + 60_000)
    const kept = await snapshotOf(first)
    const restarted = await snapshotOf(createSimulatorAdapter(context(clock)))
    expect(restarted).toEqual(kept)
    for (const q of restarted.queues) {
      const was = before.queues.find((x) => x.id === q.id)
      expect(q.today?.received).toBeGreaterThanOrEqual(was?.today?.received ?? Infinity)
    }
    // The same instant in New York is 08:01: the day has barely begun there.
    const ny = await snapshotOf(
      createSimulatorAdapter(context(clock, { ...OPTIONS, timezone: 'America/New_York' })),
    )
    expect(ny.metrics.find((m) => m.key === 'sim:business_time')?.value).toBe('08:01')
    expect(ny.agents.filter((a) => a.state !== 'logged_out').length).toBeLessThan(10)
  })

  it('replays a reference day from startTime, whatever the clock says', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 24, 2, 0, 0))
    const adapter = createSimulatorAdapter(context(clock, { ...OPTIONS, startTime: '10:30' }))
    const s = await snapshotOf(adapter)
    expect(s.metrics.find((m) => m.key === 'sim:business_time')?.value).toBe('10:30')
    expect(s.agents.filter((a) => a.state !== 'logged_out').length).toBeGreaterThan(25)
  })

  it('offers the day so far as history, before its first poll', async () => {
    const clock = manualClock()
    const adapter = createSimulatorAdapter(context(clock))
    const samples = (await adapter.backfill?.(START - 8 * 3600_000, 15_000)) ?? []
    // Every 15 s (on the quarter minute) for the last 8 hours, up to now.
    expect(samples[0]?.asOf).toBe(START - 8 * 3600_000 + 10_000)
    expect(samples.at(-1)?.asOf).toBe(START - 5_000)
    expect(samples).toHaveLength(8 * 240)
    const first = await snapshotOf(adapter)
    expect(first).toEqual(await snapshotOf(createSimulatorAdapter(context(manualClock()))))
    const last = samples.at(-1)
    expect(last?.queues.map((q) => q.id)).toEqual(first.queues.map((q) => q.id))
    expect(last?.agentStates.map((g) => g.group)).toEqual(['*', '1', '2', '3'])

    // At 03:00 the 8 hours reach into yesterday: the history starts at Helsinki's midnight.
    const early = createSimulatorAdapter(context(manualClock(START - 6.5 * 3600_000)))
    const night = (await early.backfill?.(START - 14.5 * 3600_000, 60_000)) ?? []
    expect(night[0]?.asOf).toBe(Date.UTC(2026, 10, 23, 22, 0, 0))
    expect(night).toHaveLength(3 * 60 + 1)
  })

  it('catches up in steps with a LoopYield, giving the same history and first poll, a poll meanwhile waiting for it', async () => {
    let turns = 0
    let yielded = 0
    let pending = 0
    const loopYield = () => {
      // Every eighth call really gives the event loop a turn, as the runtime's does after a slice of work.
      if (++turns % 8 !== 0) return Promise.resolve()
      yielded++
      pending++
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          pending--
          resolve()
        }),
      )
    }
    const plain = createSimulatorAdapter(context(manualClock()))
    const expected = (await plain.backfill?.(START - 8 * 3600_000, 15_000)) ?? []
    const first = await snapshotOf(plain)

    const stepped = createSimulatorAdapter({ ...context(manualClock()), loopYield })
    const backfill = stepped.backfill?.(START - 8 * 3600_000, 15_000)
    // Asked while the day is being caught up: it waits, and reads the model where the catch-up leaves it.
    const meanwhile = snapshotOf(stepped)
    const details = stepped.extras?.(new AbortController().signal)
    expect(await backfill).toEqual(expected)
    expect(await meanwhile).toEqual(first)
    expect(await details).toEqual(await plain.extras?.(new AbortController().signal))
    expect(turns).toBeGreaterThan(8 * 240)
    expect(yielded).toBeGreaterThan(200)
    expect(pending).toBe(0)

    // Past days are read in steps too, with the same samples.
    const from = START - 7 * 86_400_000
    const before = turns
    expect(await stepped.past?.(from, from + 3_600_000, 60_000)).toEqual(
      await plain.past?.(from, from + 3_600_000, 60_000),
    )
    expect(turns - before).toBe(60)
  })

  it('computes any past span the same way every time, without moving its live day', async () => {
    const week = 7 * 86_400_000
    const from = START - week
    const a = createSimulatorAdapter(context(manualClock()))
    const samples = (await a.past?.(from, from + 3_600_000, 60_000)) ?? []
    expect(samples).toHaveLength(60)
    expect(samples[0]?.asOf).toBe(Math.ceil(from / 60_000) * 60_000)
    expect(samples.some((s) => s.queues.some((q) => (q.waiting ?? 0) > 0))).toBe(true)
    const b = createSimulatorAdapter(context(manualClock()))
    expect(await b.past?.(from, from + 3_600_000, 60_000)).toEqual(samples)
    // The live day is where it would be without the past read.
    expect(await snapshotOf(a)).toEqual(await snapshotOf(createSimulatorAdapter(context(manualClock()))))
    // Never past now.
    expect((await a.past?.(START - 60_000, START + 3_600_000, 15_000))?.length).toBe(4)
  })

  it('describes the simulated center for the connection test', async () => {
    const clock = manualClock()
    const adapter = createSimulatorAdapter(context(clock))
    clock.set(START + 60 * 60_000)
    const extras = (await adapter.extras?.(new AbortController().signal)) ?? []
    expect(extras[0]?.title).toBe('Simulated contact center')
    expect(extras[0]?.items).toContain('Queue Sales (115, voice)')
    expect(extras[0]?.items[0]).toBe('Business time 10:30 on 2026-11-24 (Europe/Helsinki)')
  })
})
