import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { AgentRow } from '../../src-shared/live'
import type { AgentState } from '../../src-shared/model'
import { AGENT_STATES } from '../../src-shared/model'
import { useLiveStore } from './live'

export const AGENT_SORT_KEYS = ['name', 'state', 'timeInState'] as const
export type AgentSortKey = (typeof AGENT_SORT_KEYS)[number]
export type SortDirection = 'asc' | 'desc'

export interface AgentsViewSettings {
  states: AgentState[]
  group: string | null
  connection: string | null
  search: string
  sortKey: AgentSortKey
  sortDir: SortDirection
}

export const AGENTS_VIEW_STORAGE_KEY = 'floorwalker.agentsView.v1'

const DEFAULTS: AgentsViewSettings = {
  states: [],
  group: null,
  connection: null,
  search: '',
  sortKey: 'state',
  sortDir: 'asc',
}

function readStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    // Storage can be disabled (privacy settings, sandboxed frames): the board then simply forgets.
    return null
  }
}

/** Whatever is in storage, kept only where it still makes sense. */
function loadSettings(): AgentsViewSettings {
  const raw = readStorage()?.getItem(AGENTS_VIEW_STORAGE_KEY)
  if (!raw) return { ...DEFAULTS }
  let v: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(raw)
    if (typeof parsed !== 'object' || parsed === null) return { ...DEFAULTS }
    v = parsed as Record<string, unknown>
  } catch {
    return { ...DEFAULTS }
  }
  const str = (x: unknown): string | null => (typeof x === 'string' && x !== '' ? x : null)
  return {
    states: Array.isArray(v.states)
      ? AGENT_STATES.filter((s) => (v.states as unknown[]).includes(s))
      : [...DEFAULTS.states],
    group: str(v.group),
    connection: str(v.connection),
    search: typeof v.search === 'string' ? v.search : '',
    sortKey: AGENT_SORT_KEYS.find((k) => k === v.sortKey) ?? DEFAULTS.sortKey,
    sortDir: v.sortDir === 'desc' ? 'desc' : 'asc',
  }
}

/** Lower case without diacritics, so "lukasz" finds "Łukasz" and "zofia" finds "Zófia". */
export function foldForSearch(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').toLowerCase()
}

const STATE_ORDER = new Map(AGENT_STATES.map((s, i) => [s, i]))

/**
 * The Agents board's filter, search and sort, persisted in localStorage, and the rows that come out of them.
 * Sorting by time in state sorts by `stateSince`, so the order does not churn every second as the clock ticks.
 */
export const useAgentsViewStore = defineStore('agentsView', () => {
  const live = useLiveStore()
  const initial = loadSettings()

  const states = ref<AgentState[]>(initial.states)
  const group = ref<string | null>(initial.group)
  const connection = ref<string | null>(initial.connection)
  const search = ref(initial.search)
  const sortKey = ref<AgentSortKey>(initial.sortKey)
  const sortDir = ref<SortDirection>(initial.sortDir)

  watch([states, group, connection, search, sortKey, sortDir], () => {
    const settings: AgentsViewSettings = {
      states: states.value,
      group: group.value,
      connection: connection.value,
      search: search.value,
      sortKey: sortKey.value,
      sortDir: sortDir.value,
    }
    try {
      readStorage()?.setItem(AGENTS_VIEW_STORAGE_KEY, JSON.stringify(settings))
    } catch {
      // Quota or disabled storage: filters still work for this session.
    }
  })

  // Rows are replaced whole on every upsert, so a row object's search text can be cached by identity.
  const searchText = new WeakMap<AgentRow, string>()
  function haystack(row: AgentRow): string {
    let s = searchText.get(row)
    if (s === undefined) {
      s = foldForSearch(
        [row.name, row.email, row.id, row.stateReason, row.rawState, ...row.groupIds]
          .filter(Boolean)
          .join('\n'),
      )
      searchText.set(row, s)
    }
    return s
  }

  /** Everything but the state filter: the chips count these, so a chip says what clicking it would show. */
  const baseRows = computed(() => {
    const terms = foldForSearch(search.value).split(/\s+/).filter(Boolean)
    const g = group.value
    const c = connection.value
    return live.agents.filter(
      (row) =>
        (c === null || row.connection === c) &&
        (g === null || row.groupIds.includes(g)) &&
        (terms.length === 0 || terms.every((t) => haystack(row).includes(t))),
    )
  })

  const stateCounts = computed(() => {
    const counts = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>
    for (const row of baseRows.value) counts[row.state] += 1
    return counts
  })

  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
  const byName = (a: AgentRow, b: AgentRow): number =>
    collator.compare(a.name ?? a.id, b.name ?? b.id) || a.key.localeCompare(b.key)

  const rows = computed(() => {
    const wanted = states.value.length ? new Set(states.value) : null
    const list = wanted ? baseRows.value.filter((r) => wanted.has(r.state)) : [...baseRows.value]
    const dir = sortDir.value === 'asc' ? 1 : -1
    let compare: (a: AgentRow, b: AgentRow) => number
    if (sortKey.value === 'name') compare = (a, b) => dir * byName(a, b)
    else if (sortKey.value === 'state')
      compare = (a, b) =>
        dir * ((STATE_ORDER.get(a.state) ?? 0) - (STATE_ORDER.get(b.state) ?? 0)) ||
        // Within a state, the longest in it first: that is who a supervisor looks for.
        (a.stateSince ?? Infinity) - (b.stateSince ?? Infinity) ||
        byName(a, b)
    else
      compare = (a, b) => {
        // Unknown time in state sorts last in either direction.
        if (a.stateSince === null || b.stateSince === null)
          return (a.stateSince === null ? 1 : 0) - (b.stateSince === null ? 1 : 0) || byName(a, b)
        // Ascending = shortest time in state first = the latest stateSince first.
        return dir * (b.stateSince - a.stateSince) || byName(a, b)
      }
    return list.sort(compare)
  })

  const groups = computed(() => {
    const set = new Set<string>()
    for (const row of live.agents)
      if (connection.value === null || row.connection === connection.value)
        for (const g of row.groupIds) set.add(g)
    return [...set].sort((a, b) => collator.compare(a, b))
  })

  const connections = computed(() => {
    const ids = new Set(live.agents.map((a) => a.connection))
    return live.connectionList.filter((c) => ids.has(c.id))
  })

  const filtered = computed(
    () =>
      states.value.length > 0 ||
      group.value !== null ||
      connection.value !== null ||
      search.value.trim() !== '',
  )

  function toggleState(state: AgentState): void {
    states.value = states.value.includes(state)
      ? states.value.filter((s) => s !== state)
      : AGENT_STATES.filter((s) => s === state || states.value.includes(s))
  }

  function sortBy(key: AgentSortKey): void {
    if (sortKey.value === key) sortDir.value = sortDir.value === 'asc' ? 'desc' : 'asc'
    else {
      sortKey.value = key
      // Time in state opens longest first: that is who a supervisor looks for.
      sortDir.value = key === 'timeInState' ? 'desc' : 'asc'
    }
  }

  function clearFilters(): void {
    states.value = []
    group.value = null
    connection.value = null
    search.value = ''
  }

  return {
    states,
    group,
    connection,
    search,
    sortKey,
    sortDir,
    rows,
    stateCounts,
    groups,
    connections,
    filtered,
    toggleState,
    sortBy,
    clearFilters,
  }
})
