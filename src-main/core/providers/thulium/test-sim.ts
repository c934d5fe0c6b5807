/** A small, fixed simulator state for the Thulium tests (no dependency on the real simulator). */
import type { Agent, ChatRoom, Queue } from '../../../../src-shared/model'
import { blankAgent, blankQueue } from '../../../../src-shared/model'
import type { Clock } from '../../ports'
import type { SimulatedContactCenter, SimulatorState } from '../../simulator/types'

/** 2025-01-07 22:30:15 UTC = 23:30:15 in Warsaw, 07:30:15 on the 8th in Tokyo. A whole second: Date headers match. */
export const NOW = Date.UTC(2025, 0, 7, 22, 30, 15)

export const fixedClock: Clock = {
  now: () => NOW,
  setTimer(ms, fn) {
    const t = setTimeout(fn, ms)
    return () => clearTimeout(t)
  },
}

function agent(
  id: string,
  name: string | null,
  queueIds: string[],
  today: { handled: number | null; rejected: number | null; avgHandleSec: number | null } | null,
  media: Agent['media'] = 'chat',
): Agent {
  return blankAgent(id, {
    name,
    state: 'busy',
    timeInStateSec: 30,
    stateSince: NOW - 30_000,
    media,
    openInteractions: 1,
    queueIds,
    today:
      today === null
        ? null
        : {
            ...today,
            loginSec: null,
            availableSec: null,
            breakSec: null,
            wrapUpSec: null,
            talkSec: null,
            missed: null,
          },
  })
}

function queue(id: string, name: string, media: Queue['media'], today: Queue['today']): Queue {
  return blankQueue(id, name, {
    media,
    waiting: 2,
    longestWaitSec: 75,
    avgWaitNowSec: 20,
    serviceLevelPct: 80,
    serviceLevelTargetPct: 80,
    today,
  })
}

const room: ChatRoom = {
  id: 'room-b',
  name: 'Web chat',
  openChats: 3,
  waitingChats: 1,
  avgWaitNowSec: 10,
  maxWaitNowSec: 40,
  freeCapacity: 2,
  visitorsNow: 30,
  today: {
    chats: 20,
    missed: 2,
    answered: 18,
    avgWaitSec: 12,
    maxWaitSec: 95,
    avgChatSec: 250,
    serviceLevelPct: 95,
    satisfactionPct: 90,
  },
  raw: null,
}

export const SIM_STATE: SimulatorState = {
  asOf: NOW,
  groups: [{ id: 'g1', name: 'Chat team' }],
  agents: [
    agent('a1', 'Jan Kowalski', ['chat-q'], { handled: 12, rejected: 1, avgHandleSec: 300 }),
    agent('a2', 'Anna Nowak', ['room-b'], { handled: null, rejected: null, avgHandleSec: null }),
    agent('a3', null, [], null),
    agent('v1', 'Vera Voice', ['voice-q'], { handled: 40, rejected: 0, avgHandleSec: 200 }, 'voice'),
  ],
  queues: [
    queue('voice-q', 'Phone sales', 'voice', {
      received: 80,
      answered: 75,
      abandoned: 5,
      avgWaitSec: 25,
      avgHandleSec: 200,
      serviceLevelPct: 70,
    }),
    queue('chat-q', 'Sales chat', 'chat', {
      received: 50,
      answered: 44,
      abandoned: 6,
      avgWaitSec: 30,
      avgHandleSec: 400,
      serviceLevelPct: 85,
    }),
  ],
  chatRooms: [room],
  chatMessages: [],
}

export const fixedSim: SimulatedContactCenter = { at: () => SIM_STATE }

/**
 * {@link SIM_STATE} with chat agents added up to `users` in all, so a per-user report spans pages (Thulium's
 * `limit` is at most 100). Names are unique: "Chat Agent 5", ...
 */
export function crowdSim(users: number): SimulatedContactCenter {
  const extra = Array.from({ length: Math.max(0, users - SIM_STATE.agents.length) }, (_, i) =>
    agent(`c${i + 5}`, `Chat Agent ${i + 5}`, ['chat-q'], {
      handled: 3 + (i % 7),
      rejected: 0,
      avgHandleSec: 280,
    }),
  )
  const state: SimulatorState = { ...SIM_STATE, agents: [...SIM_STATE.agents, ...extra] }
  return { at: () => state }
}
