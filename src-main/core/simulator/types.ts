import type { Agent, ChatMessage, ChatRoom, Queue } from '../../../src-shared/model'

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
}

/**
 * A deterministic, seeded contact center (DESIGN §6). The same options and the same sequence of `at()` instants
 * give the same states. Time only moves forward: `at(t)` with t earlier than the last call returns the last state.
 */
export interface SimulatedContactCenter {
  at(t: number): SimulatorState
}

export interface SimulatorOptions {
  seed: number
  agents: number
  incidents: boolean
  /** epoch ms the simulation starts at (the first state). */
  startAt: number
}
