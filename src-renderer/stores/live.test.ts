import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LiveState } from '../../src-shared/live'
import { agent, chatRoom, connection, liveState, patch, queue, T0 } from '../testing/fixtures'
import { createTestApp } from '../testing/mount'
import { useClockStore } from './clock'
import { useLiveStore } from './live'

function deferred<T>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

describe('useLiveStore', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('counts a failing connection as failing even when its data is stale too, and a pause apart', () => {
    createTestApp()
    const live = useLiveStore()
    live.replaceAll(
      liveState({
        connections: [
          connection('a', { state: 'auth_failed', stale: true }),
          connection('b', { state: 'paused', stale: true }),
          connection('c', { state: 'stale', stale: true }),
          connection('d'),
        ],
      }),
    )
    expect(live.health).toMatchObject({ total: 4, failing: 1, stale: 1, paused: 1 })
    expect(live.health.worst?.id).toBe('a')
  })

  it('moves agentMembership when an agent comes, goes or changes team or queue, not at a change of state', () => {
    createTestApp()
    const live = useLiveStore()
    live.replaceAll(
      liveState({ seq: 1, agents: [agent('a', '1'), agent('a', '2', { stateReason: 'Lunch' })] }),
    )
    const moves = (p: Parameters<typeof live.applyPatch>[0]): [number, number] => {
      const before = [live.agentMembership, live.agentReasonsVersion]
      expect(live.applyPatch(p)).toBe('applied')
      return [live.agentMembership - before[0]!, live.agentReasonsVersion - before[1]!]
    }
    expect(live.reasonsNow()).toEqual(['Lunch'])
    expect(moves(patch(2, { upserts: { agents: [agent('a', '1', { state: 'busy' })] } }))).toEqual([0, 0])
    // A new reason moves the reasons, not the teams and queues.
    expect(moves(patch(3, { upserts: { agents: [agent('a', '1', { stateReason: 'Break' })] } }))).toEqual([
      0, 1,
    ])
    expect(live.reasonsNow().sort()).toEqual(['Break', 'Lunch'])
    // A reason others still give does not move the list; the last one giving it does.
    expect(moves(patch(4, { upserts: { agents: [agent('a', '3', { stateReason: 'Lunch' })] } }))).toEqual([
      1, 0,
    ])
    expect(moves(patch(5, { upserts: { agents: [agent('a', '2', { queueIds: ['q9'] })] } }))).toEqual([1, 0])
    expect(moves(patch(6, { removed: { agents: ['a:3'] } }))).toEqual([1, 1])
    expect(live.reasonsNow()).toEqual(['Break'])
    expect(live.agentRowsNow().map((r) => r.key)).toEqual(['a:1', 'a:2'])
    expect(live.agentRowsNow()[0]?.stateReason).toBe('Break')
  })

  it('loads live:get, then applies patches: upserts replace whole rows, removed rows go', async () => {
    const { fake } = createTestApp()
    fake.handle('live:get', () =>
      liveState({
        seq: 5,
        connections: [connection('a')],
        agents: [agent('a', '1', { stateReason: 'Lunch' }), agent('a', '2')],
        queues: [queue('a', 'q1')],
      }),
    )
    const live = useLiveStore()
    const stop = live.start()
    await vi.waitFor(() => expect(live.seq).toBe(5))
    expect(live.agents.map((a) => a.key).sort()).toEqual(['a:1', 'a:2'])

    // An upsert replaces the whole row: fields absent from the new row do not survive from the old one.
    fake.emit(
      'live:patch',
      patch(6, {
        upserts: {
          agents: [agent('a', '1', { state: 'busy', stateReason: null })],
          queues: [queue('a', 'q1', { waiting: 9 })],
        },
        removed: { agents: ['a:2'] },
      }),
    )
    expect(live.seq).toBe(6)
    expect(live.agents.map((a) => [a.key, a.state, a.stateReason])).toEqual([['a:1', 'busy', null]])
    expect(live.queues[0]?.waiting).toBe(9)
    expect(live.agentStateCounts.busy).toBe(1)
    expect(live.agentStateCounts.available).toBe(0)
    expect(fake.calls.filter((c) => c.channel === 'live:get')).toHaveLength(1)
    stop()
    expect(fake.listenerCount('live:patch')).toBe(0)
  })

  it('reloads through live:get when a patch skips a sequence number', async () => {
    const { fake } = createTestApp()
    let served = 0
    fake.handle('live:get', () => {
      served += 1
      return served === 1
        ? liveState({ seq: 1, connections: [connection('a')], agents: [agent('a', '1')] })
        : liveState({
            seq: 10,
            connections: [connection('a')],
            agents: [agent('a', '1', { state: 'not_ready' })],
          })
    })
    const live = useLiveStore()
    live.start()
    await vi.waitFor(() => expect(live.seq).toBe(1))

    // seq 2 never arrives: 3 cannot be applied on top of 1.
    fake.emit('live:patch', patch(3, { upserts: { agents: [agent('a', '1', { state: 'busy' })] } }))
    await vi.waitFor(() => expect(live.seq).toBe(10))
    expect(served).toBe(2)
    expect(live.agents[0]?.state).toBe('not_ready')

    // Old or duplicate patches are ignored; the next one in sequence applies.
    fake.emit('live:patch', patch(9, { upserts: { agents: [agent('a', '1', { state: 'logged_out' })] } }))
    expect(live.agents[0]?.state).toBe('not_ready')
    fake.emit('live:patch', patch(11, { upserts: { agents: [agent('a', '1', { state: 'wrap_up' })] } }))
    expect(live.agents[0]?.state).toBe('wrap_up')
    expect(served).toBe(2)
  })

  it('keeps patches that arrive during a load and applies the newer ones after it', async () => {
    const { fake } = createTestApp()
    const answer = deferred<LiveState>()
    fake.handle('live:get', () => answer.promise)
    const live = useLiveStore()
    live.start()
    fake.emit('live:patch', patch(4, { upserts: { agents: [agent('a', '1', { state: 'offered' })] } }))
    fake.emit('live:patch', patch(5, { upserts: { agents: [agent('a', '1', { state: 'busy' })] } }))
    answer.resolve(liveState({ seq: 4, agents: [agent('a', '1', { state: 'offered' })] }))
    await vi.waitFor(() => expect(live.seq).toBe(5))
    expect(live.agents[0]?.state).toBe('busy')
  })

  it('starts again from a full state when the link to main comes back', async () => {
    const { fake } = createTestApp()
    let served = 0
    fake.handle('live:get', () => liveState({ seq: ++served * 100 }))
    const live = useLiveStore()
    live.start()
    await vi.waitFor(() => expect(live.seq).toBe(100))
    fake.setLink({ state: 'lost', retryAt: T0 + 1000 })
    expect(live.link.state).toBe('lost')
    fake.setLink({ state: 'open', retryAt: null })
    await vi.waitFor(() => expect(live.seq).toBe(200))
  })

  it('aligns the clock to serverNow and marks rows of stale connections', async () => {
    const { fake } = createTestApp()
    fake.handle('live:get', () =>
      liveState({
        serverNow: T0 + 5_000,
        connections: [connection('a'), connection('b', { stale: true, state: 'stale' })],
      }),
    )
    const live = useLiveStore()
    const clock = useClockStore()
    await live.reload()
    expect(live.seq).toBe(1)
    expect(clock.offsetMs).toBe(5_000)
    expect(clock.now).toBe(T0 + 5_000)
    expect(live.isStale('a')).toBe(false)
    expect(live.isStale('b')).toBe(true)
    expect(live.health).toMatchObject({ total: 2, stale: 1, failing: 0 })
  })

  it('retries a failed load while the link is open', async () => {
    const { fake } = createTestApp()
    let served = 0
    fake.handle('live:get', () => {
      served += 1
      if (served === 1) throw new Error('engine not ready')
      return liveState({ seq: 7 })
    })
    const live = useLiveStore()
    live.start()
    await vi.waitFor(() => expect(live.loadError).toBe('engine not ready'))
    await vi.advanceTimersByTimeAsync(3_000)
    await vi.waitFor(() => expect(live.seq).toBe(7))
    expect(live.loadError).toBeNull()
  })

  it('sums waiting customers as calls and chats, keeping the email and voicemail backlog apart', async () => {
    const { fake } = createTestApp()
    fake.handle('live:get', () =>
      liveState({
        queues: [
          queue('a', 'v', { media: 'voice', waiting: 4 }),
          queue('b', 'c', { media: 'chat', waiting: 1 }),
          queue('b', 'e', { media: 'email', waiting: 2 }),
          queue('b', 'x', { media: 'voice', waiting: null }),
          queue('b', 'vm', { media: 'voicemail', waiting: 3 }),
          queue('c', 'bp', { media: null, waiting: 6 }),
        ],
        chatRooms: [chatRoom('d', 'web', { waitingChats: 2 })],
      }),
    )
    const live = useLiveStore()
    live.start()
    await vi.waitFor(() => expect(live.seq).toBe(1))
    expect(live.waitingTotals).toEqual({ total: 13, calls: 4, chats: 3, other: 6, backlog: 5 })
  })
})
