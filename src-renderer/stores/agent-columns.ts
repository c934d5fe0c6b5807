/**
 * The Agents board's optional columns: today's figures per agent (Agent.today, docs/ARCHITECTURE.md §4), chosen
 * by the user from the board's Columns menu. A figure the vendor does not give is null, shown as "—" with a note,
 * never as 0.
 */
import type { AgentToday } from '../../src-shared/model'
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

/** Known column ids from stored settings, in the menu's order, each once. */
export function parseColumns(raw: unknown): AgentExtraColumn[] {
  if (!Array.isArray(raw)) return []
  return AGENT_EXTRA_COLUMNS.filter((c) => raw.includes(c))
}
