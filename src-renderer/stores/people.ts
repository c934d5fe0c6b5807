import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { AgentRow } from '../../src-shared/live'
import { linkPeople, type PeopleIndex, type Person, type PersonLink } from '../../src-shared/people'
import { useClient } from '../api'
import { useLiveStore } from './live'

/** One person on the Agents board (by person): the person and the board's rows that put it there. */
export interface PersonItem {
  type: 'person'
  id: string
  person: Person<AgentRow>
}

/**
 * One person across vendors (src-shared/people.ts) for the Agents board: the user's map (`people:get`, kept
 * current by `connections:changed`) and the people it and the automatic links make of the live agents. Linking
 * runs over every agent, so a filter never splits a person; which people are listed is the filter's business.
 */
export const usePeopleStore = defineStore('people', () => {
  const client = useClient()
  const live = useLiveStore()

  const links = shallowRef<PersonLink[]>([])
  const loadError = ref<string | null>(null)

  async function load(): Promise<void> {
    try {
      links.value = await client.invoke('people:get', null)
      loadError.value = null
    } catch (err) {
      // The board still links automatically; the map is what could not be read.
      loadError.value = err instanceof Error ? err.message : String(err)
    }
  }

  /** Follow changes of the config (another board saved the map, an import) and load; returns the disposer. */
  function start(): () => void {
    const off = client.on('connections:changed', () => void load())
    const offLink = client.link.onChange((status) => {
      if (status.state === 'open') void load()
    })
    void load()
    return () => {
      off()
      offLink()
    }
  }

  const index = computed<PeopleIndex<AgentRow>>(() => linkPeople(live.agents, links.value))

  // A person's item is kept while the person object is the same (it changes when any of its rows change).
  const itemOf = new WeakMap<Person<AgentRow>, PersonItem>()
  function item(person: Person<AgentRow>): PersonItem {
    let it = itemOf.get(person)
    if (!it) itemOf.set(person, (it = { type: 'person', id: person.id, person }))
    return it
  }

  /** The people of `rows` (filtered and sorted), each once, in the order of its first row. */
  function peopleOf(rows: readonly AgentRow[]): PersonItem[] {
    const seen = new Set<Person<AgentRow>>()
    const out: PersonItem[] = []
    const byAgent = index.value.byAgent
    for (const r of rows) {
      const p = byAgent.get(r.key)
      if (!p || seen.has(p)) continue
      seen.add(p)
      out.push(item(p))
    }
    return out
  }

  /** Replace the map (validated in main; a refusal's message names the entry). */
  async function save(next: PersonLink[]): Promise<void> {
    links.value = await client.invoke('people:save', {
      people: next.map((l) => ({ ...l, agents: l.agents.map((a) => ({ ...a })) })),
    })
  }

  /** A map id for a new entry: from the name, unique in the map. */
  function freshId(name: string): string {
    const base =
      name
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 50) || 'person'
    const ids = new Set(links.value.map((l) => l.id))
    let id = base
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`
    return id
  }

  /**
   * Link the agents of these people as one person (kept in the map). Refused (false) when two of them are in one
   * connection: a person has one agent per connection.
   */
  async function linkTogether(people: readonly Person<AgentRow>[]): Promise<boolean> {
    const agents = people.flatMap((p) => p.agents.map((a) => ({ connection: a.connection, id: a.id })))
    if (new Set(agents.map((a) => a.connection)).size < agents.length) return false
    const first = people[0]
    if (!first) return true
    const mapped = people.find((p) => p.id.startsWith('map:'))
    const id = mapped ? mapped.id.slice(4) : freshId(first.name)
    const drop = new Set(people.filter((p) => p.id.startsWith('map:')).map((p) => p.id.slice(4)))
    // Every mapped agent of these people is in one of their entries, which the new entry replaces.
    await save([
      ...links.value.filter((l) => !drop.has(l.id) && l.id !== id),
      { id, name: first.name, agents },
    ])
    return true
  }

  /**
   * Undo a link: a person of several agents becomes one person per agent, kept apart in the map (no automatic
   * link joins them again); a one-agent entry of the map is dropped (automatic links apply again).
   */
  async function unlink(person: Person<AgentRow>): Promise<void> {
    const mapId = person.id.startsWith('map:') ? person.id.slice(4) : null
    const rest = links.value.filter((l) => l.id !== mapId)
    if (person.agents.length <= 1) return save(rest)
    const apart = person.agents.map((a) => ({
      id: freshId(`${a.name ?? a.id}-${a.connection}`),
      agents: [{ connection: a.connection, id: a.id }],
    }))
    // freshId looks at the map as it is: make the new ids unique among themselves too.
    const seen = new Set<string>()
    for (const e of apart) {
      let id = e.id
      for (let n = 2; seen.has(id); n++) id = `${e.id}-${n}`
      seen.add((e.id = id))
    }
    await save([...rest, ...apart])
  }

  return { links, loadError, load, start, index, peopleOf, save, linkTogether, unlink }
})
