/** Test support: a small hand-written contact center and a clock tests move by hand. */
import type { Agent, Queue } from '../../../../src-shared/model'
import type { Clock, Disposer } from '../../ports'
import type { SimulatedContactCenter, SimulatorState } from '../../simulator/types'

/** 2024-05-14T15:30:00Z: whole seconds, so the Date header (whole seconds) equals the clock. */
export const T0 = Date.UTC(2024, 4, 14, 15, 30, 0)

export interface ManualClock extends Clock {
  advance(ms: number): void
}

/** now() only moves when told; timers are real (short) ones. */
export function manualClock(start = T0): ManualClock {
  let t = start
  return {
    now: () => t,
    setTimer(ms: number, fn: () => void): Disposer {
      const h = setTimeout(fn, Math.max(0, ms))
      return () => clearTimeout(h)
    },
    advance(ms: number) {
      t += ms
    },
  }
}

export function agent(over: Partial<Agent> & Pick<Agent, 'id' | 'state'>): Agent {
  return {
    name: null,
    email: null,
    rawState: null,
    stateReason: null,
    timeInStateSec: null,
    stateSince: null,
    media: null,
    openInteractions: null,
    freeCapacity: null,
    groupIds: [],
    queueIds: [],
    today: null,
    raw: null,
    ...over,
  }
}

export function queue(over: Partial<Queue> & Pick<Queue, 'id' | 'name'>): Queue {
  return {
    media: 'voice',
    waiting: null,
    longestWaitSec: null,
    avgWaitNowSec: null,
    offered: null,
    inProgress: null,
    agentsAvailable: null,
    agentsBusy: null,
    agentsWrapUp: null,
    agentsNotReady: null,
    agentsLoggedIn: null,
    agentsLoggedOut: null,
    serviceLevelPct: null,
    serviceLevelTargetPct: null,
    today: null,
    last30m: null,
    raw: null,
    ...over,
  }
}

const today = (handled: number) => ({
  handled,
  rejected: null,
  loginSec: null,
  availableSec: null,
  breakSec: null,
  wrapUpSec: null,
  avgHandleSec: null,
})

/** Three agents (one with nulls everywhere), two voice queues and a chat queue (which Chronicall does not serve). */
export function fakeSim(start = T0): { sim: SimulatedContactCenter; state: SimulatorState } {
  const state: SimulatorState = {
    asOf: start,
    groups: [{ id: 'g1', name: 'Sales' }],
    agents: [
      agent({ id: '201', name: 'Ann Lee', state: 'available', stateSince: start - 30_000, today: today(4) }),
      agent({
        id: '202',
        name: 'Bob (Night) Roy',
        state: 'busy',
        stateSince: start - 95_500,
        today: today(7),
      }),
      agent({ id: '203', name: null, state: 'not_ready' }),
    ],
    queues: [
      queue({ id: 'q1', name: 'Sales', waiting: 3, longestWaitSec: 42, avgWaitNowSec: 20 }),
      queue({ id: 'q2', name: 'Support', waiting: 0, longestWaitSec: 0, avgWaitNowSec: null }),
      queue({ id: 'q3', name: 'Web chat', media: 'chat', waiting: 1, longestWaitSec: 5, avgWaitNowSec: 5 }),
    ],
    chatRooms: [],
    chatMessages: [],
  }
  return { sim: { at: (t) => ({ ...state, asOf: t }) }, state }
}
