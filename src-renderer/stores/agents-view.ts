import { defineStore } from 'pinia'
import { computed, ref, watch, type Ref } from 'vue'
import type { AgentRow, ConnectionStatus } from '../../src-shared/live'
import type { AgentState } from '../../src-shared/model'
import { AGENT_STATES } from '../../src-shared/model'
import type { AgentsSavedView } from '../../src-shared/views'
import { useLiveStore } from './live'
import { AGENT_EXTRA_COLUMNS, parseColumns, type AgentExtraColumn } from './agent-columns'
import {
  agentMatches,
  agentTeams,
  queueOptions,
  sortReasons,
  searchTerms,
  teamOptions,
  type TeamOption,
} from './view-filters'
import type { TeamRef } from '../../src-shared/teams'

export { foldForSearch } from './view-filters'

export const AGENT_SORT_KEYS = ['name', 'state', 'timeInState'] as const
export const AGENT_GROUPINGS = ['none', 'team', 'connection'] as const
export type AgentGrouping = (typeof AGENT_GROUPINGS)[number]
export type AgentSortKey = (typeof AGENT_SORT_KEYS)[number]
export type SortDirection = 'asc' | 'desc'

export interface AgentsViewSettings {
  states: AgentState[]
  /** A team's key (src-shared/teams.ts): `name:<name>` or `id:<connection>:<team id>`. */
  group: string | null
  /** A queue's or chat room's board key (`<connection>:<id>`): agents who serve it. */
  queue: string | null
  /** A state reason, as the vendor words it. */
  reason: string | null
  connection: string | null
  search: string
  sortKey: AgentSortKey
  sortDir: SortDirection
  groupBy: AgentGrouping
  /** Collapsed sections, as `<grouping>:<id>`. */
  collapsed: string[]
  /** Each person once, with their state in every vendor (src-shared/people.ts). */
  byPerson: boolean
  /** Today's figures shown as extra columns (stores/agent-columns.ts). */
  columns: AgentExtraColumn[]
}

/** A team (agent group) or a connection, as a section of the board. */
export interface AgentSection {
  type: 'section'
  /** `<grouping>:<id>`; a team's id is '' for agents in no team. */
  id: string
  by: Exclude<AgentGrouping, 'none'>
  key: string
  /** A team's name, where it has one; connections are named by the board. */
  label?: string
  /** A team known only by its number: the number ("Team 3"). */
  teamId?: string
  count: number
  counts: Record<AgentState, number>
  collapsed: boolean
}
export interface AgentItem {
  type: 'agent'
  /** Unique on the board: an agent in two teams is listed under both. */
  id: string
  row: AgentRow
}
export type BoardItem = AgentSection | AgentItem

export const AGENTS_VIEW_STORAGE_KEY = 'floorwalker.agentsView.v1'

const DEFAULT_GROUPING: AgentGrouping = 'none'
const DEFAULTS: AgentsViewSettings = {
  states: [],
  group: null,
  queue: null,
  reason: null,
  connection: null,
  search: '',
  sortKey: 'state',
  sortDir: 'asc',
  groupBy: 'none',
  collapsed: [],
  byPerson: false,
  columns: [],
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
    // Teams are keyed `name:` / `id:` (a bare group id from before team names is dropped).
    group: /^(name|id):/.test(str(v.group) ?? '') ? str(v.group) : null,
    queue: str(v.queue),
    reason: str(v.reason),
    connection: str(v.connection),
    search: typeof v.search === 'string' ? v.search : '',
    sortKey: AGENT_SORT_KEYS.find((k) => k === v.sortKey) ?? DEFAULTS.sortKey,
    sortDir: v.sortDir === 'desc' ? 'desc' : 'asc',
    groupBy: AGENT_GROUPINGS.find((g) => g === v.groupBy) ?? DEFAULT_GROUPING,
    collapsed: Array.isArray(v.collapsed)
      ? (v.collapsed as unknown[]).filter((c): c is string => typeof c === 'string').slice(0, 500)
      : [],
    byPerson: v.byPerson === true,
    columns: parseColumns(v.columns),
  }
}

type SettingRefs = { [K in keyof AgentsViewSettings]: Ref<AgentsViewSettings[K]> }

function settingRefs(initial: AgentsViewSettings): SettingRefs {
  return Object.fromEntries(Object.entries(initial).map(([k, v]) => [k, ref(v)])) as SettingRefs
}

/** What is stored: each setting's value, under the same keys and in the same order as AgentsViewSettings. */
function settingValues(refs: SettingRefs): Record<string, unknown> {
  return Object.fromEntries(Object.entries(refs).map(([k, r]) => [k, r.value]))
}

const STATE_ORDER = new Map(AGENT_STATES.map((s, i) => [s, i]))

/**
 * The Agents board's filter, search and sort, persisted in localStorage, and the rows that come out of them.
 * Sorting by time in state sorts by `stateSince`, so the order does not churn every second as the clock ticks.
 */
export const useAgentsViewStore = defineStore('agentsView', () => {
  const live = useLiveStore()
  const initial = loadSettings()

  /** Each stored setting as a ref: listed once (AgentsViewSettings), watched and returned as a whole. */
  const settings = settingRefs(initial)
  const { states, group, queue, reason, connection, search, sortKey, sortDir, groupBy, collapsed, columns } =
    settings
  /** The agent whose details are open (row key), or null. */
  const selectedKey = ref<string | null>(null)

  watch(Object.values(settings), () => {
    try {
      readStorage()?.setItem(AGENTS_VIEW_STORAGE_KEY, JSON.stringify(settingValues(settings)))
    } catch {
      // Quota or disabled storage: filters still work for this session.
    }
  })

  /** Everything but the state filter: the chips count these, so a chip says what clicking it would show. */
  const baseRows = computed(() => {
    const terms = searchTerms(search.value)
    const f = { team: group.value, queue: queue.value, connection: connection.value, reason: reason.value }
    // No filter (the usual board): the rows as they are, without a pass over every agent at every patch.
    if (
      terms.length === 0 &&
      f.team === null &&
      f.queue === null &&
      f.connection === null &&
      f.reason === null
    )
      return live.agents
    return live.agents.filter((row) => agentMatches(row, f, terms))
  })

  /** Per state, and how many of the busy are on hold (a flag beside busy, docs/ARCHITECTURE.md §4), in one pass. */
  const countsAndHold = computed(() => {
    const counts = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>
    let onHold = 0
    for (const row of baseRows.value) {
      counts[row.state] += 1
      if (row.onHold === true && row.state === 'busy') onHold += 1
    }
    return { counts, onHold }
  })
  const stateCounts = computed(() => countsAndHold.value.counts)
  const onHoldCount = computed(() => countsAndHold.value.onHold)

  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
  /**
   * Each name's place in collation order, so sorting compares numbers: a collator comparison is slow enough to
   * matter when thousands of rows are sorted at every patch. Rebuilt only when a name it has not seen turns up.
   */
  let nameRanks = new Map<string, number>()
  const nameOf = (a: AgentRow): string => a.name ?? a.id
  function rankNames(list: AgentRow[]): void {
    const names = new Set(nameRanks.keys())
    for (const a of list) names.add(nameOf(a))
    // Bounded: names of agents long gone are dropped when the table is rebuilt.
    const keep = names.size > list.length * 2 ? new Set(list.map(nameOf)) : names
    nameRanks = new Map([...keep].sort((x, y) => collator.compare(x, y)).map((n, i) => [n, i]))
  }

  const rows = computed(() => {
    const wanted = states.value.length ? new Set(states.value) : null
    const list = wanted ? baseRows.value.filter((r) => wanted.has(r.state)) : baseRows.value
    const dir = sortDir.value === 'asc' ? 1 : -1
    const key = sortKey.value
    // Sort keys are computed once per row into typed arrays and an index array is sorted: thousands of rows are
    // sorted at every patch, and this allocates a few arrays instead of an object per row.
    const n = list.length
    const state = new Uint8Array(n)
    const since = new Float64Array(n)
    const name = new Float64Array(n)
    const order = new Uint32Array(n)
    let unranked = false
    for (let i = 0; i < n; i++) {
      const row = list[i] as AgentRow
      state[i] = STATE_ORDER.get(row.state) ?? 0
      since[i] = row.stateSince ?? Number.NaN
      const rank = nameRanks.get(nameOf(row))
      if (rank === undefined) unranked = true
      name[i] = rank ?? 0
      order[i] = i
    }
    if (unranked) {
      // A name not seen before: rank every name again, then read them all from the new table.
      rankNames(list)
      for (let i = 0; i < n; i++) name[i] = nameRanks.get(nameOf(list[i] as AgentRow)) ?? 0
    }
    const keyOf = (i: number): string => (list[i] as AgentRow).key
    const byRank = (a: number, b: number): number =>
      (name[a] as number) - (name[b] as number) || (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0)
    /** Unknown time in state (NaN) sorts last in either direction. */
    const unknownLast = (a: number, b: number): number =>
      Number(Number.isNaN(since[a] as number)) - Number(Number.isNaN(since[b] as number))
    let compare: (a: number, b: number) => number
    if (key === 'name') compare = (a, b) => dir * byRank(a, b)
    else if (key === 'state')
      compare = (a, b) =>
        dir * ((state[a] as number) - (state[b] as number)) ||
        // Within a state, the longest in it first: that is who a supervisor looks for.
        unknownLast(a, b) ||
        (since[a] as number) - (since[b] as number) ||
        byRank(a, b)
    else
      compare = (a, b) =>
        unknownLast(a, b) ||
        // Ascending = shortest time in state first = the latest stateSince first.
        dir * ((since[b] as number) - (since[a] as number)) ||
        byRank(a, b)
    order.sort(compare)
    const out: AgentRow[] = new Array(n)
    for (let i = 0; i < n; i++) out[i] = list[order[i] as number] as AgentRow
    return out
  })

  // Rows are replaced whole when they change, so an ungrouped board item can be kept per row object.
  const plainItems = new WeakMap<AgentRow, AgentItem>()
  function plainItem(row: AgentRow): AgentItem {
    let item = plainItems.get(row)
    if (!item) plainItems.set(row, (item = { type: 'agent', id: row.key, row }))
    return item
  }

  function emptyCounts(): Record<AgentState, number> {
    return Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>
  }

  /**
   * What the board lists: the rows, or with a grouping, a section header per team or connection (with its
   * counts per state) followed by its rows unless collapsed. Rows keep the chosen sort inside each section.
   */
  const items = computed<BoardItem[]>(() => {
    const by = groupBy.value
    if (by === 'none') return rows.value.map(plainItem)
    const sections = new Map<string, AgentRow[]>()
    const add = (key: string, row: AgentRow): void => {
      const list = sections.get(key)
      if (list) list.push(row)
      else sections.set(key, [row])
    }
    const teamsByKey = new Map<string, TeamRef>()
    for (const row of rows.value) {
      if (by === 'connection') add(row.connection, row)
      else if (row.groupIds.length === 0) add('', row)
      else
        for (const t of agentTeams(row)) {
          add(t.key, row)
          if (!teamsByKey.has(t.key)) teamsByKey.set(t.key, t)
        }
    }
    // Named teams by name; numbered ones by connection and number ("Team 2" before "Team 10").
    const label = (key: string): string => {
      if (by === 'connection') return live.connection(key)?.label ?? key
      const t = teamsByKey.get(key)
      return t === undefined ? key : (t.name ?? `\uffff${t.connection} ${t.id}`)
    }
    const keys = [...sections.keys()].sort(
      // Agents in no team come last.
      (a, b) => (a === '' ? 1 : 0) - (b === '' ? 1 : 0) || collator.compare(label(a), label(b)),
    )
    const closed = new Set(collapsed.value)
    const out: BoardItem[] = []
    for (const key of keys) {
      const list = sections.get(key) ?? []
      const id = `${by}:${key}`
      const counts = emptyCounts()
      for (const r of list) counts[r.state] += 1
      const isCollapsed = closed.has(id)
      const section: AgentSection = {
        type: 'section',
        id,
        by,
        key,
        count: list.length,
        counts,
        collapsed: isCollapsed,
      }
      const team = teamsByKey.get(key)
      if (team !== undefined) {
        if (team.name !== null) section.label = team.name
        else section.teamId = team.id
      }
      out.push(section)
      if (!isCollapsed) for (const row of list) out.push({ type: 'agent', id: `${id}|${row.key}`, row })
    }
    return out
  })

  function toggleSection(id: string): void {
    collapsed.value = collapsed.value.includes(id)
      ? collapsed.value.filter((c) => c !== id)
      : [...collapsed.value, id]
  }

  function setAllCollapsed(closed: boolean): void {
    const ids = items.value.filter((i): i is AgentSection => i.type === 'section').map((i) => i.id)
    const others = collapsed.value.filter((c) => !ids.includes(c))
    collapsed.value = closed ? [...others, ...ids] : others
  }

  /** The open agent's row, live; null when none is open or the agent is gone. */
  const selected = computed(() =>
    selectedKey.value === null ? null : (live.agentMap.get(selectedKey.value) ?? null),
  )

  /** The same array as last time when nothing changed, so what shows it is not rebuilt at every patch. */
  function stable<T>(previous: T[] | undefined, next: T[]): T[] {
    return previous && previous.length === next.length && previous.every((x, i) => x === next[i])
      ? previous
      : next
  }

  // The filters' lists are rebuilt when the agents' memberships move (live.agentMembership), not at every patch.
  /** The teams to filter by (of the chosen connection's agents), named: one name is one team across connections. */
  const groups = computed<TeamOption[]>((previous) => {
    void live.agentMembership
    const all = live.agentRowsNow()
    const rows = connection.value === null ? all : all.filter((r) => r.connection === connection.value)
    const next = teamOptions(rows)
    return previous &&
      previous.length === next.length &&
      previous.every((x, i) => x.key === next[i]?.key && x.qualify === next[i]?.qualify)
      ? previous
      : next
  })

  /** The queues and chat rooms agents serve (Agent.queueIds), named after the queue's or room's row. */
  /** Queue and chat-room names by key, the same Map while no name changes (their figures change every poll). */
  const queueNames = computed<Map<string, string>>((previous) => {
    const next = new Map<string, string>()
    for (const row of live.queueMap.values()) next.set(row.key, row.name)
    for (const row of live.chatRoomMap.values()) if (!next.has(row.key)) next.set(row.key, row.name)
    return previous && previous.size === next.size && [...next].every(([k, n]) => previous.get(k) === n)
      ? previous
      : next
  })
  const queues = computed<{ key: string; label: string }[]>((previous) => {
    void live.agentMembership
    const names = queueNames.value
    const next = queueOptions(live.agentRowsNow(), (key) => names.get(key) ?? null)
    return previous &&
      previous.length === next.length &&
      previous.every((x, i) => x.key === next[i]?.key && x.label === next[i]?.label)
      ? previous
      : next
  })

  /** The state reasons agents give now. */
  const reasons = computed<string[]>((previous) => {
    void live.agentReasonsVersion
    return stable(previous, sortReasons(live.reasonsNow()))
  })

  /**
   * The connections that have agents, for the filter. Compared by id and label: a connection's status object is
   * replaced at every poll, and the toolbar that lists them must not be rebuilt for that.
   */
  const connections = computed<ConnectionStatus[]>((previous) => {
    void live.agentMembership
    const ids = new Set(live.agentRowsNow().map((a) => a.connection))
    const next = live.connectionList.filter((c) => ids.has(c.id))
    return previous &&
      previous.length === next.length &&
      previous.every((x, i) => x.id === next[i]?.id && x.label === next[i]?.label)
      ? previous
      : next
  })

  const filtered = computed(
    () =>
      states.value.length > 0 ||
      group.value !== null ||
      queue.value !== null ||
      reason.value !== null ||
      connection.value !== null ||
      search.value.trim() !== '',
  )

  function toggleState(state: AgentState): void {
    states.value = states.value.includes(state)
      ? states.value.filter((s) => s !== state)
      : AGENT_STATES.filter((s) => s === state || states.value.includes(s))
  }

  /** Show or hide one of today's figures as a column (kept in the menu's order). */
  function toggleColumn(col: AgentExtraColumn): void {
    const on = new Set(columns.value)
    if (on.has(col)) on.delete(col)
    else on.add(col)
    columns.value = AGENT_EXTRA_COLUMNS.filter((c) => on.has(c))
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
    queue.value = null
    reason.value = null
    connection.value = null
    search.value = ''
  }

  /** What a saved view keeps of this board: the filter, the grouping and the sort. */
  function spec(): Pick<AgentsSavedView, 'filter' | 'groupBy' | 'sort' | 'columns'> {
    return {
      filter: {
        states: [...states.value],
        team: group.value,
        queue: queue.value,
        connection: connection.value,
        reason: reason.value,
        search: search.value,
      },
      groupBy: groupBy.value,
      sort: { key: sortKey.value, dir: sortDir.value },
      columns: [...columns.value],
    }
  }

  /** Show a saved view: its filter, grouping and sort replace the board's. */
  function apply(view: Pick<AgentsSavedView, 'filter' | 'groupBy' | 'sort' | 'columns'>): void {
    states.value = AGENT_STATES.filter((s) => view.filter.states.includes(s))
    group.value = view.filter.team
    queue.value = view.filter.queue
    reason.value = view.filter.reason
    connection.value = view.filter.connection
    search.value = view.filter.search
    groupBy.value = view.groupBy
    sortKey.value = view.sort.key
    sortDir.value = view.sort.dir
    // A view saved before it could keep columns leaves the board's as they are.
    if (view.columns) columns.value = AGENT_EXTRA_COLUMNS.filter((c) => view.columns?.includes(c))
  }

  return {
    ...settings,
    toggleColumn,
    selectedKey,
    selected,
    items,
    toggleSection,
    setAllCollapsed,
    rows,
    stateCounts,
    onHoldCount,
    groups,
    queues,
    reasons,
    connections,
    filtered,
    spec,
    apply,
    toggleState,
    sortBy,
    clearFilters,
  }
})
