import type { AgentState } from '../../../../src-shared/model'
import {
  CHRONICALL_DEFAULT_STATE_MAP,
  CHRONICALL_HOLD_STATES,
} from '../../../../src-shared/providers/chronicall'

export interface MappedState {
  state: AgentState
  reason: string | null
  mapped: boolean
  /** the text (or its first part) says the call is on hold ("Holding", "Hold - transfer") */
  onHold: boolean
}

/**
 * Agent state text → AgentState: the user's stateMap first, then the defaults
 * (docs/vendors/chronicall.md §7.1), both case-insensitive. A text with a suffix ("DND - Lunch",
 * "DND (Lunch)") that is not mapped as a whole maps by its first part and keeps the rest as the reason.
 */
export function mapAgentState(raw: string, stateMap: Readonly<Record<string, AgentState>>): MappedState {
  const table = new Map<string, AgentState>(Object.entries(CHRONICALL_DEFAULT_STATE_MAP))
  for (const [k, v] of Object.entries(stateMap)) table.set(k.trim().toLowerCase(), v)
  const norm = raw.trim().replace(/\s+/g, ' ').toLowerCase()
  const whole = table.get(norm)
  if (whole !== undefined)
    return {
      state: whole,
      reason: null,
      mapped: true,
      onHold: whole === 'busy' && CHRONICALL_HOLD_STATES.includes(norm),
    }
  const m = /^(.+?)\s*(?:-|:|\(|\u2013)\s*(.+?)\)?$/.exec(raw.trim())
  if (m) {
    const first = (m[1] ?? '').toLowerCase()
    const head = table.get(first)
    if (head !== undefined)
      return {
        state: head,
        reason: (m[2] ?? '').trim() || null,
        mapped: true,
        onHold: head === 'busy' && CHRONICALL_HOLD_STATES.includes(first),
      }
  }
  return { state: 'unknown', reason: null, mapped: false, onHold: false }
}
