/**
 * The Agents board's optional columns: today's figures per agent (Agent.today, docs/ARCHITECTURE.md §4), chosen
 * by the user from the board's Columns menu. A figure the vendor does not give is null, shown as "—" with a note,
 * never as 0.
 */
import type { AgentState, AgentToday } from '../../src-shared/model'
import { tickingSecAt } from './clock'
import { AGENT_VIEW_COLUMNS } from '../../src-shared/views'

export const AGENT_EXTRA_COLUMNS = AGENT_VIEW_COLUMNS
export type AgentExtraColumn = (typeof AGENT_EXTRA_COLUMNS)[number]

const FIELD: Record<AgentExtraColumn, keyof AgentToday> = {
  handled: 'handled',
  rejected: 'rejected',
  missed: 'missed',
  talk: 'talkSec',
  available: 'availableSec',
  wrapUp: 'wrapUpSec',
  avgHandle: 'avgHandleSec',
}

/** Counts are shown as numbers, the rest as durations. */
export function columnKind(col: AgentExtraColumn): 'count' | 'duration' {
  return col === 'handled' || col === 'rejected' || col === 'missed' ? 'count' : 'duration'
}

/** The agent's figure for a column, or null where the vendor does not give it. */
export function columnValue(today: AgentToday | null, col: AgentExtraColumn): number | null {
  const v = today?.[FIELD[col]]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/**
 * The time figures that grow while the agent is in a state: idle while available, talk while busy, wrap-up in
 * wrap-up. Main re-sends an agent only when something other than these seconds changed (docs/BENCHMARKS.md
 * "bridge"), so the board ticks them itself from the row's asOf, as it ticks time in state. Never past the truth:
 * a vendor that counts a state only when it ends gave less at asOf than the agent has.
 */
const GROWS_IN: Partial<Record<AgentExtraColumn, AgentState>> = {
  available: 'available',
  talk: 'busy',
  wrapUp: 'wrap_up',
}

/** The agent's figure for a column at `now`, ticking the time figure of the state it is in; null where not given. */
export function columnValueAt(
  row: { today: AgentToday | null; state: AgentState; asOf: number },
  col: AgentExtraColumn,
  now: number,
): number | null {
  const v = columnValue(row.today, col)
  return tickingSecAt(now, v, row.asOf, GROWS_IN[col] === row.state)
}

/** Whether a column's figure ticks with the clock (a time figure that grows in some state). */
export function columnTicks(col: AgentExtraColumn): boolean {
  return GROWS_IN[col] !== undefined
}

/** Known column ids from stored settings, in the menu's order, each once. */
export function parseColumns(raw: unknown): AgentExtraColumn[] {
  if (!Array.isArray(raw)) return []
  return AGENT_EXTRA_COLUMNS.filter((c) => raw.includes(c))
}
