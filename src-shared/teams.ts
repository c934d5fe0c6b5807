/**
 * Team (agent group) names (docs/ARCHITECTURE.md §4): vendors that send names (the simulator; Bright Pattern,
 * whose team id is its name) and vendors that send only numbers (8x8's group-id, giosg's team_id). The engine puts
 * the connection's `teamNames` over the vendor's names before anything sees a snapshot, so the board, the rules'
 * notifications and the NDJSON lines all say "Sales" where the user named team 3 so.
 */
import type { Agent } from './model'

/**
 * `agents` with `groupNames` from the user's names over the vendor's. An agent whose teams have no name at all is
 * passed on as it came. Agents of the same teams share one names array (thousands of agents, a handful of teams).
 */
export function nameTeams<A extends Agent>(
  agents: readonly A[],
  userNames: Readonly<Record<string, string>>,
): A[] {
  const hasUser = Object.keys(userNames).length > 0
  if (!hasUser) return agents as A[]
  const shared = new Map<string, (string | null)[]>()
  return agents.map((a) => {
    if (a.groupIds.length === 0) return a
    const names = a.groupIds.map((id, i) => userNames[id] ?? a.groupNames?.[i] ?? null)
    if (names.every((n) => n === null)) return a
    const key = JSON.stringify(names)
    let same = shared.get(key)
    if (!same) shared.set(key, (same = names))
    return { ...a, groupNames: same }
  })
}

/** Two agents' team names are the same (arrays compared item by item; absent = no names). */
export function sameTeamNames(
  a: readonly (string | null)[] | undefined,
  b: readonly (string | null)[] | undefined,
): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * What a team is on the board: one team per name across connections (Bright Pattern's "Support team" and the
 * simulator's are one team), else one per connection and id. `key` is what a filter and a saved view store:
 * `name:<name>` or `id:<connection>:<team id>`.
 */
export interface TeamRef {
  key: string
  /** The team's name, or null when only its id is known. */
  name: string | null
  connection: string
  id: string
}

/** The teams of one agent, in the order of its `groupIds`. */
export function teamsOf(agent: Pick<Agent, 'groupIds' | 'groupNames'> & { connection: string }): TeamRef[] {
  return agent.groupIds.map((id, i) => {
    const vendorName = agent.groupNames?.[i] ?? null
    // A vendor whose ids are names (Bright Pattern's team_name) names the team by its id.
    const name = vendorName ?? (/^\d+$/.test(id) || /^[0-9a-f-]{32,36}$/i.test(id) ? null : id)
    return {
      key: name !== null ? `name:${name}` : `id:${agent.connection}:${id}`,
      name,
      connection: agent.connection,
      id,
    }
  })
}
