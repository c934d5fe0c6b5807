/**
 * What a `person` rule sees (docs/ARCHITECTURE.md §3.6, "People rules"): the people of every connection, linked as
 * the board links them (src-shared/people.ts), and per person how long an anomaly has held, in seconds (0 while it
 * does not):
 *
 * - `availableWhileBusySec`: available in one connection while busy or logged out in another. It began when the
 *   later of the two states began (both vendors' time in state).
 * - `loggedInElsewhereSec`: logged in to one connection (any state but logged out or unknown) and logged out of
 *   another. The login time is not known, so it began no earlier than the later of the two states began.
 * - `availableIdleSec`: available without the vendor's handled count (`today.handled`) rising: since the later of
 *   the start of the available state and the last rise seen. Only agents whose vendor counts are watched: a
 *   person whose vendors give no counts is not in the rule's scope (the rule editor says so per connection).
 *
 * Where the vendors do not say when a state began, the anomaly counts from when it was first seen here. Either
 * way the count never starts before the anomaly did: it may fire late, never early. A person's value is "no
 * data" when any connection it involves has no fresh data. The alert belongs to the person's home connection (the
 * rule's `connection`, else the connection of the person's first agent) and its id is the person's id.
 */
import type { PersonLink } from '../../../src-shared/people'
import { linkPeople, type Person } from '../../../src-shared/people'
import { rowKey } from '../../../src-shared/live'
import type { Agent, AgentState, ProviderSnapshot } from '../../../src-shared/model'
import type { RuleConfig } from '../../../src-shared/config'
import { agentTimeInState, type Reading, type WatchedConnection } from './readings'

export type PersonField = 'availableWhileBusySec' | 'loggedInElsewhereSec' | 'availableIdleSec'

/** The cross-vendor fields: they watch people with agents in two connections or more. */
export const CROSS_VENDOR_FIELDS: ReadonlySet<string> = new Set([
  'availableWhileBusySec',
  'loggedInElsewhereSec',
])

/** An agent of one connection as the people rules look at it. */
export interface PersonAgent {
  connection: string
  id: string
  name: string | null
  email: string | null
  state: AgentState
  /** epoch ms the current state began, or null when the vendor does not say. */
  since: number | null
  /** The vendor's handled count today, or null when it gives none. */
  handled: number | null
  /** Conversations open now (chat vendors), or null. */
  open: number | null
  /** The connection's data may be used now. */
  fresh: boolean
}

const BUSY_OR_OUT: ReadonlySet<AgentState> = new Set(['busy', 'logged_out'])
const loggedIn = (s: AgentState): boolean => s !== 'logged_out' && s !== 'unknown'

/** When the agent's handled count last rose, as seen here (per `<connection>:<agent id>`). */
interface HandledTrack {
  handled: number
  /** epoch ms (the snapshot's asOf) it was seen to rise; null = not seen to rise yet. */
  roseAt: number | null
}

/** The anomaly of one person × field, first seen at (epoch ms). */
type Seen = Map<string, number>

export class PeopleWatch {
  private readonly handled = new Map<string, HandledTrack>()
  private readonly seen: Seen = new Map()
  /** The last linking and what it was made of: linked again only when a snapshot, a freshness or the map changes. */
  private index: {
    sources: (ProviderSnapshot | boolean | null)[]
    links: readonly PersonLink[]
    people: Person<PersonAgent>[]
  } | null = null

  /** A snapshot arrived: note every agent's handled count, and when it rose. */
  note(s: ProviderSnapshot): void {
    if (s.health === 'warming_up') return
    for (const a of s.agents) {
      const n = a.today?.handled
      const key = rowKey(s.connection, a.id)
      if (typeof n !== 'number' || !Number.isFinite(n)) {
        this.handled.delete(key)
        continue
      }
      const t = this.handled.get(key)
      if (t === undefined) this.handled.set(key, { handled: n, roseAt: null })
      else if (n > t.handled) this.handled.set(key, { handled: n, roseAt: s.asOf })
      // A count that fell is a new vendor day (or a correction): nothing was handled.
      else if (n < t.handled) this.handled.set(key, { handled: n, roseAt: t.roseAt })
    }
    this.index = null
  }

  /** Connections that went away take their agents' counts with them. */
  keepOnly(connections: ReadonlySet<string>): void {
    for (const key of [...this.handled.keys()]) {
      const conn = key.slice(0, key.indexOf(':'))
      if (!connections.has(conn)) this.handled.delete(key)
    }
  }

  /**
   * The people of the connections' latest data, linked as the board links them. Linking thousands of agents takes
   * milliseconds and the rules read people every second: the last linking stands until a snapshot arrives, a
   * connection's freshness changes or the map does.
   */
  people(
    conns: ReadonlyMap<string, WatchedConnection>,
    links: readonly PersonLink[],
    now: number,
  ): Person<PersonAgent>[] {
    const sources = [...conns.values()].flatMap((c) => [c.snapshot, c.fresh])
    const last = this.index
    if (
      last !== null &&
      last.links === links &&
      last.sources.length === sources.length &&
      last.sources.every((x, i) => x === sources[i])
    )
      return last.people
    const agents: PersonAgent[] = []
    for (const c of conns.values()) {
      const s = c.snapshot
      if (s === null) continue
      for (const a of s.agents) agents.push(personAgentOf(c, s, a, now))
    }
    const people = linkPeople(agents, links).people
    this.index = { sources, links, people }
    // Anomalies of people no longer on any board are forgotten.
    const ids = new Set(people.map((p) => p.id))
    for (const k of [...this.seen.keys()]) if (!ids.has(k.split('|')[1] ?? '')) this.seen.delete(k)
    return people
  }

  /**
   * The readings of a person rule on connection `c` (the people whose home it is). `people` from
   * {@link PeopleWatch.people} of the same pass.
   */
  readings(
    rule: RuleConfig,
    c: WatchedConnection,
    people: readonly Person<PersonAgent>[],
    now: number,
  ): Reading[] {
    const field = rule.field as PersonField
    const out: Reading[] = []
    for (const p of people) {
      if (!inScope(rule, p, c.id)) continue
      const r = this.valueOf(field, p, now)
      if (r === undefined) continue
      out.push({ entityId: p.id, name: p.name, value: r })
    }
    return out
  }

  /**
   * The person's value for `field`: seconds the anomaly has held (0 = not now), null = no data (a connection it
   * involves has no fresh data), undefined = the person is not watched by this field (one vendor only for a
   * cross-vendor field, no handled counts for `availableIdleSec`).
   */
  valueOf(field: PersonField, p: Person<PersonAgent>, now: number): number | null | undefined {
    if (field === 'availableIdleSec') {
      const counted = p.agents.filter(
        (a) => this.handled.has(rowKey(a.connection, a.id)) || a.handled !== null,
      )
      if (counted.length === 0) return undefined
      if (counted.some((a) => !a.fresh)) return null
      let worst = 0
      let holds = false
      for (const a of counted) {
        // A chat agent handles while available: an open conversation is not idling.
        if (a.state !== 'available' || (a.open ?? 0) > 0) continue
        const rose = this.handled.get(rowKey(a.connection, a.id))?.roseAt ?? null
        const key = `${field}|${p.id}|${a.connection}`
        let first = this.seen.get(key)
        if (first === undefined) this.seen.set(key, (first = now))
        // Idle since the later of "became available" (else first seen so) and the last handled contact seen.
        const since = Math.max(a.since ?? first, rose ?? -Infinity)
        worst = Math.max(worst, (now - Math.min(since, now)) / 1000)
        holds = true
      }
      this.forgetUnless(field, p, holds)
      return worst
    }
    if (new Set(p.agents.map((a) => a.connection)).size < 2) return undefined
    if (p.agents.some((a) => !a.fresh)) return null
    let worst = 0
    let holds = false
    for (const a of p.agents) {
      for (const b of p.agents) {
        if (a.connection === b.connection) continue
        const anomaly =
          field === 'availableWhileBusySec'
            ? a.state === 'available' && BUSY_OR_OUT.has(b.state)
            : loggedIn(a.state) && b.state === 'logged_out'
        if (!anomaly) continue
        holds = true
        const since = this.since(`${field}|${p.id}|${a.connection}|${b.connection}`, [a.since, b.since], now)
        worst = Math.max(worst, (now - since) / 1000)
      }
    }
    this.forgetUnless(field, p, holds)
    return worst
  }

  /**
   * When an anomaly began. Every start known: the later of them (the anomaly needs both states) or when it was
   * first seen here, whichever is earlier: neither is before the true start, so the earlier is the closer and still
   * not early. A start unknown: when it was first seen here.
   */
  private since(key: string, starts: readonly (number | null)[], now: number): number {
    let first = this.seen.get(key)
    if (first === undefined) this.seen.set(key, (first = now))
    if (starts.some((s) => s === null)) return first
    return Math.min(first, Math.max(...(starts as number[])))
  }

  /** An anomaly that no longer holds is forgotten, so its next occurrence counts from its own start. */
  private forgetUnless(field: PersonField, p: Person<PersonAgent>, holds: boolean): void {
    if (holds) return
    const prefix = `${field}|${p.id}|`
    for (const k of [...this.seen.keys()]) if (k.startsWith(prefix)) this.seen.delete(k)
  }
}

function personAgentOf(c: WatchedConnection, s: ProviderSnapshot, a: Agent, now: number): PersonAgent {
  const t = agentTimeInState(a, s.asOf, now)
  const handled = a.today?.handled
  return {
    connection: c.id,
    id: a.id,
    name: a.name,
    email: a.email,
    state: a.state,
    since: t === null ? null : now - t * 1000,
    handled: typeof handled === 'number' && Number.isFinite(handled) ? handled : null,
    open: a.openInteractions,
    fresh: c.fresh,
  }
}

/** The connection a person's alert belongs to under `rule`. */
export function homeOf(rule: Pick<RuleConfig, 'connection'>, p: Person<PersonAgent>): string | null {
  if (rule.connection !== undefined)
    return p.agents.some((a) => a.connection === rule.connection) ? rule.connection : null
  return p.agents[0]?.connection ?? null
}

/** The person is one the rule watches from connection `connection`: its home there, and its ids if any. */
export function inScope(rule: RuleConfig, p: Person<PersonAgent>, connection: string): boolean {
  if (homeOf(rule, p) !== connection) return false
  if (rule.ids === undefined) return true
  return rule.ids.includes(p.id) || p.agents.some((a) => rule.ids?.includes(a.id))
}

/**
 * How many of connection `c`'s agents a person rule can watch through that connection: for `availableIdleSec` the
 * agents whose vendor counts handled contacts, for the cross-vendor fields the agents linked to a person in another
 * connection. `withValue` 0 with agents there = the rule cannot watch this connection (the editor says why).
 */
export function personWatchCount(
  rule: RuleConfig,
  c: WatchedConnection,
  people: readonly Person<PersonAgent>[],
): { entities: number; withValue: number } {
  let entities = 0
  let withValue = 0
  for (const p of people) {
    const mine = p.agents.find((a) => a.connection === c.id)
    if (!mine) continue
    if (rule.ids !== undefined && !rule.ids.includes(p.id) && !p.agents.some((a) => rule.ids?.includes(a.id)))
      continue
    entities += 1
    const watched =
      rule.field === 'availableIdleSec'
        ? mine.handled !== null
        : new Set(p.agents.map((a) => a.connection)).size >= 2
    if (watched) withValue += 1
  }
  return { entities, withValue }
}
