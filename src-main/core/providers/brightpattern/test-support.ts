/** Test helpers: a clock tests move by hand and a fixed contact center (not the real simulator). */
import type { Agent, AgentState, Media, Queue } from '../../../../src-shared/model'
import type { Clock } from '../../ports'
import type { SimulatedContactCenter, SimulatorState } from '../../simulator/types'

export const START = Date.UTC(2024, 4, 14, 9, 30, 0)

export interface ManualClock extends Clock {
  advance(ms: number): void
}

/** `now()` moves only when told; timers are real (the sandbox kit only uses them for delay faults). */
export function manualClock(start = START): ManualClock {
  let t = start
  return {
    now: () => t,
    setTimer(ms, fn) {
      const h = setTimeout(fn, ms)
      return () => clearTimeout(h)
    },
    advance(ms) {
      t += ms
    },
  }
}

function agent(
  id: string,
  name: string | null,
  state: AgentState,
  sec: number | null,
  over: Partial<Agent> = {},
): Agent {
  return {
    id,
    name,
    email: null,
    state,
    rawState: null,
    stateReason: null,
    timeInStateSec: sec,
    stateSince: sec === null ? null : START - sec * 1000,
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

function queue(id: string, name: string, media: Media, over: Partial<Queue> = {}): Queue {
  return {
    id,
    name,
    media,
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

export const FIXED_STATE: SimulatorState = {
  asOf: START,
  groups: [
    { id: 'g-cs', name: 'Customer Service' },
    { id: 'g-sales', name: 'Sales' },
  ],
  agents: [
    agent('christy.borden', 'Christy Borden', 'available', 35, {
      groupIds: ['g-cs'],
      today: {
        handled: 12,
        rejected: 0,
        loginSec: 3600,
        availableSec: 1200,
        breakSec: 600,
        wrapUpSec: 300,
        avgHandleSec: 240,
      },
    }),
    agent('liza.smith', 'Liza Smith', 'busy', 412, { groupIds: ['g-cs'], media: 'voice' }),
    agent('marky.mark', 'Marky Mark', 'not_ready', 1260, { groupIds: ['g-sales'], stateReason: 'Lunch' }),
    agent('allen.fawcett', 'Allen Fawcett', 'wrap_up', 18, { groupIds: ['g-sales'], media: 'chat' }),
    agent('gone.agent', null, 'logged_out', null),
    agent('sup.anna', 'Anna Kowalska', 'unknown', 90, { groupIds: ['g-cs'] }),
  ],
  queues: [
    queue('q-voice', 'Voice Inbound', 'voice', {
      waiting: 3,
      longestWaitSec: 74,
      serviceLevelPct: 82.5,
      serviceLevelTargetPct: 80,
      agentsLoggedIn: 4,
      agentsBusy: 2,
      agentsAvailable: 1,
      today: {
        received: 88,
        answered: 81,
        abandoned: 7,
        avgWaitSec: 21,
        avgHandleSec: 200,
        serviceLevelPct: 85,
      },
    }),
    queue('q-chat', 'Chat Service', 'chat', {
      waiting: 2,
      longestWaitSec: 40,
      serviceLevelPct: 90,
      agentsLoggedIn: 3,
      agentsBusy: 1,
      agentsAvailable: 0,
      today: {
        received: 41,
        answered: 39,
        abandoned: 2,
        avgWaitSec: 15,
        avgHandleSec: 300,
        serviceLevelPct: 91,
      },
    }),
    queue('q-email', 'Email Svc', 'email', { waiting: 0 }),
  ],
  chatRooms: [],
  chatMessages: [
    {
      id: 'm1',
      senderLogin: 'sup.anna',
      senderName: 'Anna Kowalska',
      sentAt: START - 120_000,
      urgent: false,
      text: 'Team meeting at 2 pm',
    },
    {
      id: 'm2',
      senderLogin: 'sup.anna',
      senderName: 'Anna Kowalska',
      sentAt: START - 60_000,
      urgent: true,
      text: 'Chat queue over 2 minutes - everyone available please log in to chat',
    },
  ],
}

/** A contact center that always answers the same state (times in state computed by the sandbox from stateSince). */
export function fixedSim(state: SimulatorState = FIXED_STATE): SimulatedContactCenter {
  return { at: () => state }
}
