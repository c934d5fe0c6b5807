/** Test support: a small hand-written contact center and a clock tests move by hand. */
import { blankAgent, blankQueue } from '../../../../src-shared/model'
import type { SimulatedContactCenter, SimulatorState } from '../../simulator/types'
import { manualClock as sharedManualClock, type ManualClock } from '../../testing/test-manual-clock'

export type { ManualClock }

/** 2024-05-14T15:30:00Z: whole seconds, so the Date header (whole seconds) equals the clock. */
export const T0 = Date.UTC(2024, 4, 14, 15, 30, 0)

/** A clock the test moves by hand, starting at T0; timers are real. */
export function manualClock(start = T0): ManualClock {
  return sharedManualClock(start)
}

const today = (handled: number) => ({
  handled,
  rejected: null,
  loginSec: null,
  availableSec: null,
  breakSec: null,
  wrapUpSec: null,
  avgHandleSec: null,
  talkSec: null,
  missed: null,
})

/** Three agents (one with nulls everywhere), two voice queues and a chat queue (which Chronicall does not serve). */
export function fakeSim(start = T0): { sim: SimulatedContactCenter; state: SimulatorState } {
  const state: SimulatorState = {
    asOf: start,
    groups: [{ id: 'g1', name: 'Sales' }],
    agents: [
      blankAgent('201', { name: 'Ann Lee', state: 'available', stateSince: start - 30_000, today: today(4) }),
      blankAgent('202', {
        name: 'Bob (Night) Roy',
        state: 'busy',
        stateSince: start - 95_500,
        today: today(7),
      }),
      blankAgent('203', { state: 'not_ready' }),
    ],
    queues: [
      blankQueue('q1', 'Sales', { media: 'voice', waiting: 3, longestWaitSec: 42, avgWaitNowSec: 20 }),
      blankQueue('q2', 'Support', { media: 'voice', waiting: 0, longestWaitSec: 0, avgWaitNowSec: null }),
      blankQueue('q3', 'Web chat', { media: 'chat', waiting: 1, longestWaitSec: 5, avgWaitNowSec: 5 }),
    ],
    chatRooms: [],
    chatMessages: [],
  }
  return { sim: { at: (t) => ({ ...state, asOf: t }) }, state }
}
