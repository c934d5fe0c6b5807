/** Test helpers: a clock tests move by hand and a fixed contact center (not the real simulator). */
import type { Agent, AgentState } from '../../../../src-shared/model'
import { blankAgent, blankQueue, stateSinceFrom } from '../../../../src-shared/model'
import type { SimulatedContactCenter, SimulatorState } from '../../simulator/types'
import { manualClock as sharedManualClock, type ManualClock } from '../../testing/test-manual-clock'

export type { ManualClock }

export const START = Date.UTC(2024, 4, 14, 9, 30, 0)

/** A clock the test moves by hand, starting at START; timers are real. */
export function manualClock(start = START): ManualClock {
  return sharedManualClock(start)
}

function agent(
  id: string,
  name: string | null,
  state: AgentState,
  sec: number | null,
  over: Partial<Agent> = {},
): Agent {
  return blankAgent(id, { name, state, timeInStateSec: sec, stateSince: stateSinceFrom(START, sec), ...over })
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
        talkSec: 1500,
        missed: null,
      },
    }),
    agent('liza.smith', 'Liza Smith', 'busy', 412, { groupIds: ['g-cs'], media: 'voice' }),
    agent('marky.mark', 'Marky Mark', 'not_ready', 1260, { groupIds: ['g-sales'], stateReason: 'Lunch' }),
    agent('allen.fawcett', 'Allen Fawcett', 'wrap_up', 18, { groupIds: ['g-sales'], media: 'chat' }),
    agent('gone.agent', null, 'logged_out', null),
    agent('sup.anna', 'Anna Kowalska', 'unknown', 90, { groupIds: ['g-cs'] }),
  ],
  queues: [
    blankQueue('q-voice', 'Voice Inbound', {
      media: 'voice',
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
    blankQueue('q-chat', 'Chat Service', {
      media: 'chat',
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
    blankQueue('q-email', 'Email Svc', { media: 'email', waiting: 0 }),
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
