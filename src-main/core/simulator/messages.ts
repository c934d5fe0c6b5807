/**
 * Supervisor broadcast messages (the kind Bright Pattern pushes, docs/vendors/brightpattern.md §7.5), written
 * by the simulator.
 */
import { pick, type Rng } from './prng'

export interface Supervisor {
  login: string
  name: string
}

export const SUPERVISORS: readonly Supervisor[] = [
  { login: 'laura.nieminen', name: 'Laura Nieminen' },
  { login: 'marek.kowalski', name: 'Marek Kowalski' },
  { login: 'ops.desk', name: 'Operations Desk' },
]

/** `soon` is a business-clock time about a quarter of an hour ahead ("HH:MM"). */
const ROUTINE: readonly ((soon: string) => string)[] = [
  (soon) => `Reminder: team huddle at ${soon} by the whiteboard.`,
  () => 'Nice work on service level so far today, everyone!',
  () => 'Please set a disposition code on every call before you close wrap-up.',
  () => 'Campaign code SPRING25 is live. Sales, mention it on renewals.',
  () => 'Knowledge base: the password reset article was updated, please re-read it.',
  () => 'Duplicate invoices go to billing (ext. 4410), not to Support.',
  () => 'Stagger your breaks please: check the break planner before you go.',
  () => 'Email backlog is growing. Digital team, pick up emails between chats.',
  (soon) => `Coaching slots open from ${soon}: book one with your team lead.`,
  () => "Reminder: verify the caller's identity before discussing any order.",
  () => 'Parcel tracking is back to normal, you can give delivery dates again.',
  () => 'Thanks for covering the phones over lunch, it made a difference.',
]

const URGENT: readonly string[] = [
  'CRM is slow right now: use the fallback form and update records later.',
  'Carrier reports intermittent call drops: note any cut-off calls in the case.',
  'Payment page is down on the web shop. Tell customers we are on it, no refunds promised.',
]

export function routineOrUrgentText(rng: Rng, soon: string): { urgent: boolean; text: string } {
  if (rng() < 0.1) return { urgent: true, text: pick(rng, URGENT) }
  return { urgent: false, text: pick(rng, ROUTINE)(soon) }
}

export function backlogText(queue: string, waiting: number, longestWaitSec: number): string {
  const wait = longestWaitSec >= 60 ? `${Math.floor(longestWaitSec / 60)} min` : `${longestWaitSec} s`
  return `${queue} queue is backing up: ${waiting} waiting, longest ${wait}. Keep wrap-up short and take contacts.`
}
