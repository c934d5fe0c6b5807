/* Test helpers for the giosg tests: a hand-written contact center and a clock the test moves by hand. */
import type { Agent, AgentState, ChatRoom } from '../../../../src-shared/model'
import { blankAgent } from '../../../../src-shared/model'
import type { HttpClient, HttpRequest, SocketConnector } from '../../ports'
import type { SimulatedContactCenter, SimulatorState } from '../../simulator/types'

export function room(id: string, over: Partial<ChatRoom> = {}): ChatRoom {
  return {
    id,
    name: `Room ${id}`,
    openChats: 2,
    waitingChats: 1,
    avgWaitNowSec: 12.34,
    maxWaitNowSec: 30.06,
    freeCapacity: 3,
    visitorsNow: 40,
    today: {
      chats: 10,
      missed: 1,
      answered: null,
      avgWaitSec: null,
      maxWaitSec: null,
      avgChatSec: null,
      serviceLevelPct: null,
      satisfactionPct: null,
    },
    raw: null,
    ...over,
  }
}

export function agent(id: string, state: AgentState, over: Partial<Agent> = {}): Agent {
  return blankAgent(id, { name: `Agent ${id}`, state, ...over })
}

/** A contact center whose state the test sets; `at()` always answers the current one. */
export function fixedSim(
  state: Partial<SimulatorState> = {},
): SimulatedContactCenter & { state: SimulatorState } {
  const sim = {
    state: { asOf: 0, groups: [], agents: [], queues: [], chatRooms: [], chatMessages: [], ...state },
    at: (t: number) => ({ ...sim.state, asOf: t }),
  }
  return sim
}

export { manualClock } from '../../testing/test-manual-clock'

/** An HttpClient that records each request before passing it on (and can act just before one is sent). */
export function recordingHttp(
  inner: HttpClient,
  before: (req: HttpRequest, index: number) => void = () => {},
): HttpClient & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = []
  return {
    sent,
    request: (req) => {
      before(req, sent.length)
      sent.push(req)
      return inner.request(req)
    },
  }
}

export const unusedSockets: SocketConnector = {
  open: () => Promise.resolve({ ok: false, status: null, detail: 'not used' }),
}
