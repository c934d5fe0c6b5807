import { describe, expect, it } from 'vitest'
import {
  blankAgent,
  blankChatRoom,
  blankQueue,
  type Agent,
  type Metric,
  type Queue,
} from '../../../src-shared/model'
import { emptySnapshot } from '../testing/scripted-adapter'
import { Ring, capacityFor } from './history'
import { LiveStore } from './live-store'

const agent = (id: string, over: Partial<Agent> = {}): Agent =>
  blankAgent(id, {
    name: `Agent ${id}`,
    state: 'available',
    rawState: '0',
    timeInStateSec: 30,
    groupIds: ['g1'],
    raw: {},
    ...over,
  })

const queue = (id: string, waiting: number): Queue =>
  blankQueue(id, `Queue ${id}`, {
    media: 'voice',
    waiting,
    longestWaitSec: waiting * 10,
    serviceLevelPct: 80,
    raw: {},
  })

describe('LiveStore', () => {
  it('keys rows by connection and id, derives stateSince, and sends only what changed', () => {
    const s = new LiveStore()
    s.applySnapshot(
      emptySnapshot('c1', 100_000, { agents: [agent('a'), agent('b')], queues: [queue('q', 1)] }),
      5_000,
    )
    const p1 = s.takePatch(100_000)!
    expect(p1.seq).toBe(1)
    expect(p1.upserts.agents!.map((r) => r.key)).toEqual(['c1:a', 'c1:b'])
    expect(p1.upserts.agents![0]!.stateSince).toBe(100_000 - 30_000)

    // same agents a poll later (time in state grew with time: same stateSince), one changed state
    s.applySnapshot(
      emptySnapshot('c1', 105_000, {
        agents: [agent('a', { timeInStateSec: 35 }), agent('b', { state: 'busy', timeInStateSec: 0 })],
        queues: [queue('q', 1)],
      }),
      5_000,
    )
    const p2 = s.takePatch(105_000)!
    expect(p2.seq).toBe(2)
    expect(p2.upserts.agents!.map((r) => r.key)).toEqual(['c1:b'])
    expect(p2.upserts.queues!.map((r) => r.key)).toEqual(['c1:q']) // queues tick from asOf: always sent
    expect(s.takePatch(105_000)).toBeNull()
  })

  it('does not send again a quiet queue, an unchanged room or a live metric whose line did not change', () => {
    const s = new LiveStore()
    const metric = (sinceMs: number, baseSec: number): Metric => ({
      key: 'talk|a',
      metricId: 'talk',
      name: 'Talk time',
      category: null,
      kind: 'duration',
      status: 'ok',
      value: baseSec,
      live: { baseSec, ratePerSec: 1, sinceMs, divisor: 1 },
      updatedAt: sinceMs,
      raw: { ticking: sinceMs },
    })
    const snap = (asOf: number, waiting: number, m: Metric) =>
      emptySnapshot('c1', asOf, {
        queues: [{ ...queue('q', waiting), raw: { ticking: asOf } }],
        chatRooms: [blankChatRoom('r', 'Lobby', { waitingChats: 0, raw: { ticking: asOf } })],
        metrics: [m],
      })
    s.applySnapshot(snap(100_000, 0, metric(100_000, 10)), 5_000)
    s.takePatch(100_000)
    // Five seconds on: the same line (10 s at 100 s is 15 s at 105 s), nobody waiting, only raw ticked.
    s.applySnapshot(snap(105_000, 0, metric(105_000, 15)), 5_000)
    expect(s.takePatch(105_000)).toBeNull()
    // The whole view still has the newest values.
    expect(s.getState(105_000).metrics[0]).toMatchObject({ value: 15, asOf: 105_000 })
    // A new line (the call restarted), and someone waiting: both go.
    s.applySnapshot(snap(110_000, 2, metric(110_000, 0)), 5_000)
    const p = s.takePatch(110_000)!
    expect(p.upserts.metrics?.map((r) => r.key)).toEqual(['c1:talk|a'])
    expect(p.upserts.queues?.map((r) => r.key)).toEqual(['c1:q'])
    expect(p.upserts.chatRooms).toBeUndefined()
    // Back to nobody waiting with the same figures as before: sent, since the board last saw someone waiting.
    s.applySnapshot(snap(115_000, 0, metric(115_000, 5)), 5_000)
    expect(s.takePatch(115_000)!.upserts.queues?.map((r) => r.key)).toEqual(['c1:q'])
  })

  it('removes rows that disappear and everything of a removed connection', () => {
    const s = new LiveStore()
    s.applySnapshot(emptySnapshot('c1', 1, { agents: [agent('a'), agent('b')] }), 5_000)
    s.applySnapshot(emptySnapshot('c2', 1, { agents: [agent('a')] }), 5_000)
    s.takePatch(1)
    s.applySnapshot(emptySnapshot('c1', 2, { agents: [agent('a')] }), 5_000)
    expect(s.takePatch(2)!.removed.agents).toEqual(['c1:b'])
    s.removeConnection('c1')
    expect(s.takePatch(3)!.removed.agents).toEqual(['c1:a'])
    expect(s.getState(3).agents.map((a) => a.key)).toEqual(['c2:a'])
  })

  it('keeps the rows it has while a connection is warming up', () => {
    const s = new LiveStore()
    s.applySnapshot(emptySnapshot('c1', 1, { agents: [agent('a')] }), 5_000)
    s.applySnapshot(emptySnapshot('c1', 2, { health: 'warming_up' }), 5_000)
    expect(s.getState(2).agents).toHaveLength(1)
  })

  it('getState folds pending changes so they are not sent again', () => {
    const s = new LiveStore()
    s.applySnapshot(emptySnapshot('c1', 1, { agents: [agent('a')] }), 5_000)
    const st = s.getState(1)
    expect(st.seq).toBe(1)
    expect(s.takePatch(2)).toBeNull()
  })

  it('records history per queue and agent-state counts per group, with gaps', () => {
    const s = new LiveStore()
    s.applySnapshot(
      emptySnapshot('c1', 1_000, {
        queues: [queue('q', 2)],
        agents: [agent('a'), agent('b', { state: 'busy' })],
      }),
      5_000,
    )
    s.history.gap('c1', 3_000)
    s.applySnapshot(emptySnapshot('c1', 6_000, { queues: [queue('q', 4)], agents: [agent('a')] }), 5_000)
    const [waiting, busy, all] = s.history.get(
      ['queue|c1:q|waiting', 'agentStates|c1:g1|busy', 'agentStates|c1:*|available'],
      0,
    )
    expect(waiting!.points).toEqual([
      [1_000, 2],
      [3_000, null],
      [6_000, 4],
    ])
    expect(busy!.points).toEqual([
      [1_000, 1],
      [3_000, null],
      [6_000, 0],
    ])
    expect(all!.points.at(-1)).toEqual([6_000, 1])
  })
})

describe('LiveStore.backfill', () => {
  const counts = (busy: number) => ({
    available: 0,
    offered: 0,
    busy,
    wrap_up: 0,
    not_ready: 0,
    offline_work: 0,
    logged_out: 0,
    unknown: 0,
  })
  const sample = (asOf: number, waiting: number) => ({
    asOf,
    queues: [{ id: 'q', waiting, longestWaitSec: waiting * 10, serviceLevelPct: 90 }],
    chatRooms: [{ id: 'r', waitingChats: 1, maxWaitNowSec: 5 }],
    agentStates: [
      { group: '*', counts: counts(waiting) },
      { group: 'g1', counts: counts(waiting) },
    ],
  })

  it('records the past under the same keys a poll records, then live points follow', () => {
    const s = new LiveStore()
    s.backfill('c1', 5_000, [sample(1_000, 1), sample(2_000, 2)], 2_500)
    s.applySnapshot(emptySnapshot('c1', 3_000, { queues: [queue('q', 3)], agents: [] }), 5_000)
    const [waiting, room, busy] = s.history.get(
      ['queue|c1:q|waiting', 'chatRoom|c1:r|waitingChats', 'agentStates|c1:g1|busy'],
      0,
    )
    expect(waiting!.points).toEqual([
      [1_000, 1],
      [2_000, 2],
      [3_000, 3],
    ])
    expect(room!.points).toEqual([
      [1_000, 1],
      [2_000, 1],
    ])
    expect(busy!.points).toEqual([
      [1_000, 1],
      [2_000, 2],
    ])
  })

  it('replaces what the history held for its span (a restored board and its restart gap), keeping the rest', () => {
    const s = new LiveStore()
    s.history.load('c1', 5_000, [
      {
        key: 'queue|c1:q|waiting',
        points: [
          [500, 7],
          [1_500, 8],
        ],
      },
    ])
    s.history.gap('c1', 2_200)
    s.backfill('c1', 5_000, [sample(1_000, 1), sample(2_000, 2)], 2_500)
    expect(s.history.get(['queue|c1:q|waiting'], 0)[0]!.points).toEqual([
      [500, 7],
      [1_000, 1],
      [2_000, 2],
    ])
  })
})

describe('Ring', () => {
  it('keeps the newest points within capacity, in order', () => {
    const r = new Ring(3)
    for (let i = 1; i <= 5; i++) r.push(i, i * 10)
    expect(r.points(0)).toEqual([
      [3, 30],
      [4, 40],
      [5, 50],
    ])
    expect(r.points(5)).toEqual([[5, 50]])
  })
  it('drops a point older than the last one', () => {
    const r = new Ring(3)
    r.push(10, 1)
    r.push(5, 2)
    expect(r.points(0)).toEqual([[10, 1]])
  })
  it('sizes for eight hours within bounds', () => {
    expect(capacityFor(10_000)).toBe(2_881)
    expect(capacityFor(1_000)).toBe(5_760)
    expect(capacityFor(600_000)).toBe(60)
  })
})
