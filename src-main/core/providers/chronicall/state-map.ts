import type { AgentState } from '../../../../src-shared/model'
import { CHRONICALL_DEFAULT_STATE_MAP } from '../../../../src-shared/providers/chronicall'

export interface MappedState {
  state: AgentState
  reason: string | null
  mapped: boolean
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
  if (whole !== undefined) return { state: whole, reason: null, mapped: true }
  const m = /^(.+?)\s*(?:-|:|\(|\u2013)\s*(.+?)\)?$/.exec(raw.trim())
  if (m) {
    const head = table.get((m[1] ?? '').toLowerCase())
    if (head !== undefined) return { state: head, reason: (m[2] ?? '').trim() || null, mapped: true }
  }
  return { state: 'unknown', reason: null, mapped: false }
}
