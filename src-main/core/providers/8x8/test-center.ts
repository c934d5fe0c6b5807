/**
 * Test support: a small hand-written contact center (so these tests do not depend on the real simulator) and a
 * clock the test moves by hand. Values are whole numbers so a trip through 8x8's formats is exact.
 */
import type { Agent, Queue } from '../../../../src-shared/model'
import { blankAgent, blankQueue } from '../../../../src-shared/model'
import type { SimulatedContactCenter, SimulatorState } from '../../simulator/types'
import { manualClock as sharedManualClock, type ManualClock } from '../../testing/test-manual-clock'

export type { ManualClock }

export const START = Date.UTC(2024, 4, 14, 9, 30, 0)

/** A clock the test moves by hand, starting at START; timers are real. */
export function manualClock(start = START): ManualClock {
  return sharedManualClock(start)
}

/** The state `elapsedSec` seconds after START: times in state grow with it, so a new state differs from the last. */
export function stateAt(t: number, shape: 'full' | 'one' | 'empty' = 'full'): SimulatorState {
  const e = Math.floor((t - START) / 1000)
  const agents: Agent[] = [
    blankAgent('ag1', {
      name: 'John Doe',
      state: 'available',
      timeInStateSec: 45 + e,
      media: 'voice',
      groupIds: ['101'],
      queueIds: ['115'],
      today: {
        handled: 12,
        rejected: 1,
        loginSec: 14400,
        availableSec: 5400,
        breakSec: 900,
        wrapUpSec: 610,
        avgHandleSec: 212,
        talkSec: null,
        missed: null,
      },
    }),
    blankAgent('clee', {
      name: 'Cecilia Lee',
      state: 'not_ready',
      stateReason: 'LUNCH',
      timeInStateSec: 102 + e,
      media: 'chat',
      groupIds: ['101'],
      queueIds: ['111'],
      today: {
        handled: 0,
        rejected: 0,
        loginSec: 300,
        availableSec: 0,
        breakSec: 102,
        wrapUpSec: 0,
        avgHandleSec: 0,
        talkSec: null,
        missed: null,
      },
    }),
    blankAgent('mk', {
      name: 'Mark Kowalski',
      state: 'busy',
      onHold: true,
      timeInStateSec: 310 + e,
      media: 'voice',
      groupIds: ['102'],
      queueIds: ['115', '111'],
      today: {
        handled: 30,
        rejected: 2,
        loginSec: 20000,
        availableSec: 9000,
        breakSec: 1200,
        wrapUpSec: 900,
        avgHandleSec: 180,
        talkSec: 5400,
        missed: null,
      },
    }),
    blankAgent('gone', { name: 'Logged Out', state: 'logged_out', groupIds: ['102'] }),
    blankAgent('off', {
      name: 'Offline Worker',
      state: 'offline_work',
      stateReason: 'EMAILS',
      timeInStateSec: 60 + e,
      media: 'email',
      queueIds: ['115'],
      groupIds: ['101'],
      today: {
        handled: 1,
        rejected: 0,
        loginSec: 600,
        availableSec: 60,
        breakSec: 0,
        wrapUpSec: 30,
        avgHandleSec: 240,
        talkSec: null,
        missed: null,
      },
    }),
  ]
  const queues: Queue[] = [
    blankQueue('115', 'outbound queue', {
      media: 'voice',
      waiting: 4,
      longestWaitSec: 1113 + e,
      offered: 1,
      inProgress: 2,
      agentsAvailable: 1,
      agentsBusy: 3,
      agentsWrapUp: 1,
      agentsNotReady: 2,
      agentsLoggedIn: 6,
      agentsLoggedOut: 2,
      serviceLevelPct: 87,
      serviceLevelTargetPct: 80,
      today: {
        received: 30,
        answered: 10,
        abandoned: 2,
        avgWaitSec: 566,
        avgHandleSec: 134,
        serviceLevelPct: 90,
      },
      last30m: {
        queued: 24,
        answered: 4,
        abandoned: 0,
        avgWaitSec: 110,
        longestWaitSec: 340,
        serviceLevelPct: 75,
      },
    }),
    blankQueue('111', 'sales-chat', {
      media: 'chat',
      waiting: 1,
      longestWaitSec: 0,
      offered: 1,
      inProgress: 0,
      agentsAvailable: 2,
      agentsBusy: 1,
      agentsWrapUp: 1,
      agentsNotReady: 2,
      agentsLoggedIn: 0,
      agentsLoggedOut: 1,
      serviceLevelPct: null,
      serviceLevelTargetPct: null,
      today: {
        received: 0,
        answered: 0,
        abandoned: 1,
        avgWaitSec: 0,
        avgHandleSec: 0,
        serviceLevelPct: null,
      },
      last30m: {
        queued: 0,
        answered: 0,
        abandoned: 1,
        avgWaitSec: 0,
        longestWaitSec: null,
        serviceLevelPct: null,
      },
    }),
    // Everything unknown: what a simulator may leave null.
    blankQueue('email-1', 'Email & fax <EU>', { media: 'email' }),
  ]
  if (shape === 'empty')
    return { asOf: t, groups: [], agents: [], queues: [], chatRooms: [], chatMessages: [] }
  if (shape === 'one') {
    return {
      asOf: t,
      groups: [],
      agents: agents.slice(0, 1),
      queues: queues.slice(0, 1),
      chatRooms: [],
      chatMessages: [],
    }
  }
  return {
    asOf: t,
    groups: [
      { id: '101', name: 'Sales' },
      { id: '102', name: 'Support' },
    ],
    agents,
    queues,
    chatRooms: [],
    chatMessages: [],
  }
}

/** A center whose state follows `stateAt`, recording every instant it was asked for. */
export function testCenter(
  shape: 'full' | 'one' | 'empty' = 'full',
): SimulatedContactCenter & { calls: number[] } {
  const calls: number[] = []
  return {
    calls,
    at(t) {
      calls.push(t)
      return stateAt(t, shape)
    },
  }
}
