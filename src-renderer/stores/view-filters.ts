import type { Breach } from './alerts'
import type { AgentRow, ChatRoomRow, QueueRow } from '../../src-shared/live'
import type { RuleMedia } from '../../src-shared/media'
import { teamsOf, type TeamRef } from '../../src-shared/teams'
import type { AgentsViewFilter, QueuesViewFilter } from '../../src-shared/views'

/**
 * The filters of the Agents board and of Queues & chats as pure functions, so the pages' stores, saved views and
 * the wallboard (`#/wallboard?views=<saved view>`) all filter the same way.
 */

/** Lower case without diacritics, so "lukasz" finds "Łukasz" and "zofia" finds "Zófia". */
export function foldForSearch(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').toLowerCase()
}

export function searchTerms(search: string): string[] {
  return foldForSearch(search).split(/\s+/).filter(Boolean)
}

// Rows are replaced whole on every upsert, so what is derived from a row can be cached by identity.
const teamCache = new WeakMap<AgentRow, TeamRef[]>()
/** An agent's teams (src-shared/teams.ts), cached per row object. */
export function agentTeams(row: AgentRow): TeamRef[] {
  let t = teamCache.get(row)
  if (t === undefined) teamCache.set(row, (t = teamsOf(row)))
  return t
}

const haystacks = new WeakMap<AgentRow, string>()
function agentHaystack(row: AgentRow): string {
  let s = haystacks.get(row)
  if (s === undefined) {
    s = foldForSearch(
      [
        row.name,
        row.email,
        row.id,
        row.stateReason,
        row.rawState,
        ...row.groupIds,
        ...agentTeams(row).map((t) => t.name),
      ]
        .filter(Boolean)
        .join('\n'),
    )
    haystacks.set(row, s)
  }
  return s
}

/** The agent's board key of a queue or room it serves: `<connection>:<id>`. */
export function agentQueueKeys(row: AgentRow): string[] {
  return row.queueIds.map((id) => `${row.connection}:${id}`)
}

/**
 * Whether an agent passes every filter but the state one (the state chips count over these, so a chip says what
 * clicking it would show).
 */
export function agentMatches(
  row: AgentRow,
  f: Pick<AgentsViewFilter, 'team' | 'queue' | 'connection' | 'reason'>,
  terms: readonly string[],
): boolean {
  if (f.connection !== null && row.connection !== f.connection) return false
  if (f.reason !== null && row.stateReason !== f.reason) return false
  if (f.team !== null && !agentTeams(row).some((t) => t.key === f.team)) return false
  if (f.queue !== null) {
    const sep = f.queue.indexOf(':')
    if (row.connection !== f.queue.slice(0, sep) || !row.queueIds.includes(f.queue.slice(sep + 1)))
      return false
  }
  if (terms.length > 0) {
    const text = agentHaystack(row)
    if (!terms.every((t) => text.includes(t))) return false
  }
  return true
}

/** The agents a whole filter (states included) lets through, in their order. */
export function filterAgents(rows: readonly AgentRow[], f: AgentsViewFilter): AgentRow[] {
  const terms = searchTerms(f.search)
  const states = f.states.length > 0 ? new Set(f.states) : null
  return rows.filter((r) => (states === null || states.has(r.state)) && agentMatches(r, f, terms))
}

/** A team to filter by: its key and what names it (the board words it with {@link teamLabel}). */
export interface TeamOption extends TeamRef {
  /** More than one connection has agents: a team known only by its number says which connection it is in. */
  qualify: boolean
}

/** Every team of these agents, once (one name is one team across connections), names first, then by number. */
export function teamOptions(rows: readonly AgentRow[]): TeamOption[] {
  const teams = new Map<string, TeamRef>()
  const connections = new Set<string>()
  for (const r of rows) {
    connections.add(r.connection)
    for (const t of agentTeams(r)) if (!teams.has(t.key)) teams.set(t.key, t)
  }
  const qualify = connections.size > 1
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
  return [...teams.values()]
    .map((t) => ({ ...t, qualify }))
    .sort(
      (a, b) =>
        Number(a.name === null) - Number(b.name === null) ||
        collator.compare(a.name ?? `${a.connection} ${a.id}`, b.name ?? `${b.connection} ${b.id}`),
    )
}

/** A team's name, or "Team 3" (and its connection, where several connections have agents). */
export function teamLabel(
  t: TeamRef & { qualify?: boolean },
  numbered: (id: string) => string,
  connectionLabel: (id: string) => string,
): string {
  if (t.name !== null) return t.name
  const base = /^\d+$/.test(t.id) ? numbered(t.id) : t.id
  return t.qualify ? `${base} · ${connectionLabel(t.connection)}` : base
}

/** The reasons agents give now (vendor words, as they come), sorted. */
export function reasonOptions(rows: readonly AgentRow[]): string[] {
  const set = new Set<string>()
  for (const r of rows) if (r.stateReason) set.add(r.stateReason)
  return sortReasons(set)
}

/** Reasons in the order the filter lists them. */
export function sortReasons(reasons: Iterable<string>): string[] {
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
  return [...reasons].sort((a, b) => collator.compare(a, b))
}

/** Queues and chat rooms agents serve, by board key, named by the queue's or room's own row where there is one. */
export function queueOptions(
  agents: readonly AgentRow[],
  names: (key: string) => string | null,
): { key: string; label: string }[] {
  const keys = new Set<string>()
  for (const a of agents) for (const k of agentQueueKeys(a)) keys.add(k)
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
  return [...keys]
    .map((key) => ({ key, label: names(key) ?? key.slice(key.indexOf(':') + 1) }))
    .sort((a, b) => collator.compare(a.label, b.label))
}

/** How a queue or room stands on alerts, for the alert filter. */
function alertPasses(breach: Breach | null, want: QueuesViewFilter['alert']): boolean {
  switch (want) {
    case 'all':
      return true
    case 'alerting':
      return breach !== null
    case 'critical':
      return breach?.severity === 'critical'
    case 'quiet':
      return breach === null
  }
}

/** Whether a queue (media as classed, §4) or a chat room (always chat) passes a Queues & chats filter. */
export function queueRowMatches(
  row: QueueRow | ChatRoomRow,
  kind: 'queue' | 'chatRoom',
  f: QueuesViewFilter,
  ctx: { breach: Breach | null; connectionLabel: string },
): boolean {
  if (f.kind === 'queues' && kind !== 'queue') return false
  if (f.kind === 'chats' && kind !== 'chatRoom') return false
  if (f.connection !== null && row.connection !== f.connection) return false
  if (f.media !== null) {
    const media: RuleMedia = kind === 'chatRoom' ? 'chat' : ((row as QueueRow).media ?? 'unknown')
    if (media !== f.media) return false
  }
  if (!alertPasses(ctx.breach, f.alert)) return false
  const terms = searchTerms(f.search)
  if (terms.length === 0) return true
  const text = foldForSearch(`${row.name}\n${ctx.connectionLabel}`)
  return terms.every((t) => text.includes(t))
}

/** An agent's teams as one line: names, or "Team 3" for a numbered team without one. */
export function teamsText(row: AgentRow, numbered: (id: string) => string): string {
  return agentTeams(row)
    .map((t) => teamLabel(t, numbered, (c) => c))
    .join(', ')
}
