/**
 * One person across vendors (docs/ARCHITECTURE.md §4.1): the agents of different connections that are the same
 * human, linked by the user's map (config `people`, §5) and otherwise by a normalized e-mail, login or name.
 *
 * Pure and deterministic: the board (by person) and the alert rules (cross-vendor anomalies) link the same way.
 *
 * Automatic links, strongest first:
 * - e-mail: the agent's e-mail, or its id or name when that is an e-mail (giosg names operators by e-mail);
 * - login: an id that is a login name (letters in it; never a bare number or a UUID, which are vendor-internal
 *   and collide across vendors by accident);
 * - name: the display name with case, accents, punctuation and word order folded ("Łukasz Nowak", "NOWAK,
 *   Lukasz" and "lukasz.nowak@…" are one name).
 * A key two agents of one connection share says nothing (two "Anna Kowalska" in one tenant): it links nobody. A
 * person never holds two agents of one connection: a link that would do so is not made.
 */

/** An agent of one connection, as the config's map names it. */
export interface PersonAgentRef {
  connection: string
  /** The vendor's agent id, as on the board. */
  id: string
}

/** One entry of the user's map (config `people`): these agents are one person. */
export interface PersonLink {
  /** The person's id (config id rules). */
  id: string
  /** The name to show; absent = the first agent's name. */
  name?: string
  /** The person's agents, at most one per connection. A single agent = "never link this agent automatically". */
  agents: PersonAgentRef[]
}

/** What linking needs of an agent. */
export interface PersonAgentInput {
  connection: string
  id: string
  name: string | null
  email: string | null
}

export type LinkKind = 'map' | 'email' | 'login' | 'name'

export interface Person<A extends PersonAgentInput = PersonAgentInput> {
  /** `map:<id>` for a person of the user's map, else `auto:<connection>:<agent id>` of its first agent. */
  id: string
  name: string
  /** Its agents, at most one per connection, in the order they were given. */
  agents: A[]
  /** How its agents were linked (empty for a person with one agent). */
  linkedBy: LinkKind[]
}

export interface PeopleIndex<A extends PersonAgentInput = PersonAgentInput> {
  people: Person<A>[]
  /** `<connection>:<agent id>` → the person. */
  byAgent: Map<string, Person<A>>
}

const agentKey = (connection: string, id: string): string => `${connection}:${id}`

/** Lower case, accents off (ł too), trimmed. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').toLowerCase().trim()
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** An e-mail address folded for comparison, or null when `s` is none. */
export function normalizeEmail(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null
  const e = fold(s)
  return EMAIL.test(e) ? e : null
}

/**
 * A display name folded for comparison: case, accents and punctuation off, "Last, First" and "First Last" the
 * same (words sorted); null when fewer than two letters remain or it is an e-mail (see {@link normalizeEmail}).
 */
export function normalizeName(s: string | null | undefined): string | null {
  if (s === null || s === undefined) return null
  if (normalizeEmail(s) !== null) return null
  const words = fold(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
  const out = words.sort().join(' ')
  return out.replace(/[^\p{L}]/gu, '').length >= 2 ? out : null
}

/** The name an e-mail's local part spells ("veera.laurent@…" → "laurent veera"), when it has two words or more. */
export function nameFromEmail(email: string): string | null {
  const local = email.slice(0, email.indexOf('@'))
  if (!/[._-]/.test(local)) return null
  return normalizeName(local.replace(/[._-]+/g, ' '))
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** An id that is a login name (has a letter; not a UUID, not an e-mail), folded; else null. */
export function normalizeLogin(id: string): string | null {
  const l = fold(id)
  if (l === '' || UUID.test(l) || normalizeEmail(l) !== null || !/\p{L}/u.test(l)) return null
  return l
}

/** The keys an agent can be linked by, strongest first. */
export function linkKeys(a: PersonAgentInput): { kind: Exclude<LinkKind, 'map'>; key: string }[] {
  const out: { kind: Exclude<LinkKind, 'map'>; key: string }[] = []
  const emails = new Set<string>()
  for (const e of [a.email, a.id, a.name]) {
    const n = normalizeEmail(e)
    if (n !== null) emails.add(n)
  }
  for (const e of emails) out.push({ kind: 'email', key: `email:${e}` })
  const login = normalizeLogin(a.id)
  if (login !== null) out.push({ kind: 'login', key: `login:${login}` })
  const names = new Set<string>()
  const own = normalizeName(a.name)
  if (own !== null) names.add(own)
  for (const e of emails) {
    const n = nameFromEmail(e)
    if (n !== null) names.add(n)
  }
  for (const n of names) out.push({ kind: 'name', key: `name:${n}` })
  return out
}

const KIND_ORDER: readonly Exclude<LinkKind, 'map'>[] = ['email', 'login', 'name']

/**
 * The people among `agents`: the user's map first (its agents are never linked automatically), then automatic
 * links. Every agent is in exactly one person; people come in the order of their first agent.
 */
export function linkPeople<A extends PersonAgentInput>(
  agents: readonly A[],
  links: readonly PersonLink[] = [],
): PeopleIndex<A> {
  const byKey = new Map<string, A>()
  for (const a of agents) byKey.set(agentKey(a.connection, a.id), a)

  // The user's map.
  const mapped = new Map<string, { link: PersonLink; order: number }>()
  links.forEach((link, order) => {
    for (const ref of link.agents) {
      const k = agentKey(ref.connection, ref.id)
      if (!mapped.has(k)) mapped.set(k, { link, order })
    }
  })

  // Union-find over the rest, by index.
  const free = agents.filter((a) => !mapped.has(agentKey(a.connection, a.id)))
  const parent = free.map((_, i) => i)
  const conns = free.map((a) => new Set([a.connection]))
  const kinds = free.map(() => new Set<LinkKind>())
  const find = (i: number): number => {
    while (parent[i] !== i) {
      const p = parent[i] as number
      parent[i] = parent[p] as number
      i = p
    }
    return i
  }
  const keysOf = free.map((a) => linkKeys(a))
  for (const kind of KIND_ORDER) {
    // Which agents carry each key, and whether one connection has it twice (then it links nobody).
    const holders = new Map<string, number[]>()
    keysOf.forEach((keys, i) => {
      for (const k of keys) {
        if (k.kind !== kind) continue
        const list = holders.get(k.key)
        if (list) list.push(i)
        else holders.set(k.key, [i])
      }
    })
    for (const list of holders.values()) {
      if (list.length < 2) continue
      const inConnections = new Set(list.map((i) => (free[i] as A).connection))
      if (inConnections.size < list.length) continue
      for (const i of list.slice(1)) {
        const a = find(list[0] as number)
        const b = find(i)
        if (a === b) continue
        const ca = conns[a] as Set<string>
        const cb = conns[b] as Set<string>
        if ([...cb].some((c) => ca.has(c))) continue
        parent[b] = a
        for (const c of cb) ca.add(c)
        const ka = kinds[a] as Set<LinkKind>
        for (const x of kinds[b] as Set<LinkKind>) ka.add(x)
        ka.add(kind)
      }
    }
  }

  const people: Person<A>[] = []
  const byAgent = new Map<string, Person<A>>()
  const byRoot = new Map<number, Person<A>>()
  const byLink = new Map<PersonLink, Person<A>>()
  let freeIndex = 0
  for (const a of agents) {
    const k = agentKey(a.connection, a.id)
    const m = mapped.get(k)
    let person: Person<A> | undefined
    if (m) {
      person = byLink.get(m.link)
      if (!person) {
        person = {
          id: `map:${m.link.id}`,
          name: m.link.name ?? a.name ?? a.id,
          agents: [],
          linkedBy: ['map'],
        }
        byLink.set(m.link, person)
        people.push(person)
      }
      if (person.agents.some((x) => x.connection === a.connection)) {
        // The map is validated to hold one agent per connection; a duplicate here is the same agent twice.
        continue
      }
    } else {
      const root = find(freeIndex++)
      person = byRoot.get(root)
      if (!person) {
        person = {
          id: `auto:${k}`,
          name: a.name ?? a.id,
          agents: [],
          linkedBy: KIND_ORDER.filter((x) => kinds[root]?.has(x)),
        }
        byRoot.set(root, person)
        people.push(person)
      }
    }
    person.agents.push(a)
    byAgent.set(k, person)
  }
  // A person found automatically is named by the first agent whose name is a name, not an e-mail.
  for (const p of people) {
    if (p.linkedBy[0] === 'map') continue
    const named = p.agents.find((x) => x.name !== null && normalizeEmail(x.name) === null)
    if (named?.name) p.name = named.name
  }
  return { people, byAgent }
}

/**
 * The map without agents of connections not in `known` (a removed connection), and without people left with no
 * agent: removing a connection never leaves the config invalid.
 */
export function prunePeople(
  links: readonly PersonLink[] | undefined,
  known: ReadonlySet<string>,
): PersonLink[] {
  const out: PersonLink[] = []
  for (const l of links ?? []) {
    const agents = l.agents.filter((a) => known.has(a.connection))
    if (agents.length > 0) out.push({ ...l, agents })
  }
  return out
}
