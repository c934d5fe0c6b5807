import type { Agent, AgentState, ChatMessage, ChatRoom, Queue } from '../../../src-shared/model'
import type { SimCalendar } from './business-clock'

export interface SimulatedGroup {
  id: string
  name: string
}

/** The simulator's state at one instant, in canonical model terms (sandbox servers translate it to vendor formats). */
export interface SimulatorState {
  /** epoch ms the state describes */
  asOf: number
  groups: SimulatedGroup[]
  agents: Agent[]
  /** voice, email (and other non-chat) queues, plus the chat queue as a Queue with media 'chat' */
  queues: Queue[]
  /** live chat rooms (giosg-like) */
  chatRooms: ChatRoom[]
  /** supervisor messages, newest last */
  chatMessages: ChatMessage[]
  /**
   * Incidents under way at `asOf` (the built-in model always fills it; empty with `incidents: false`). Optional so
   * hand-written states in tests stay valid.
   */
  incidents?: SimulatedIncident[]
}

/** Something going wrong on purpose, so alerts have something to catch (docs/vendors/simulator.md §6). */
export interface SimulatedIncident {
  id: string
  /** queue_backup: arrivals surge and callers hold on, so the longest wait climbs past 2–3 min;
   *  break_overstay: an agent's "Break" runs 28–38 min (not_ready past 20 min). */
  kind: 'queue_backup' | 'break_overstay'
  /** the queue id (queue_backup) or the agent id (break_overstay) */
  targetId: string
  /** epoch ms */
  startedAt: number
  /** epoch ms: the surge stops (the backlog then drains within minutes) / the break ends */
  endsAt: number
}

/** One past instant for the trend charts: only the figures the history keeps (docs/vendors/simulator.md §8). */
export interface SimulatorSample {
  /** epoch ms */
  asOf: number
  queues: (Pick<Queue, 'id' | 'waiting' | 'longestWaitSec' | 'serviceLevelPct'> & {
    today: { received: number; answered: number; abandoned: number }
  })[]
  chatRooms: (Pick<ChatRoom, 'id' | 'waitingChats' | 'maxWaitNowSec'> & {
    today: { chats: number; answered: number; missed: number }
  })[]
  /** agents per state, per group id and for the whole center under group "*" */
  agentStates: { group: string; counts: Record<AgentState, number> }[]
}

/**
 * A deterministic, seeded contact center (docs/vendors/simulator.md §5). The state at an instant depends only on
 * the options and the instant. Time only moves forward: `at(t)` with t earlier than the last call returns the
 * last state.
 */
export interface SimulatedContactCenter {
  at(t: number): SimulatorState
}

export interface SimulatorOptions {
  seed: number
  agents: number
  incidents: boolean
  /** Which business day an instant falls in and what the wall clock says (business-clock.ts). */
  calendar: SimCalendar
}
