import { computed, type InjectionKey } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'
import type { AlertHistoryEntry, AlertView } from '../../src-shared/alerts'
import type { AgentRow, ChatRoomRow, QueueRow } from '../../src-shared/live'
import { AGENT_STATES, zeroStateCounts, type AgentState, type ProviderId } from '../../src-shared/model'

/**
 * The panel behind a queue or chat room card (the Queues & chats view): which one is open lives in the route's
 * query, `#/queues?queue=<connection>:<id>` or `?room=<connection>:<id>`, so Back closes it and a link (an alert's
 * "Open queue") opens it. The pure parts here: who serves it, in what order, which rules watch it and its alerts.
 */
export type PanelKind = 'queue' | 'chatRoom'

/** The query parameter of each kind. */
export const PANEL_PARAMS: Record<PanelKind, string> = { queue: 'queue', chatRoom: 'room' }

export interface PanelTarget {
  kind: PanelKind
  /** The row key, `<connection>:<id>`. */
  key: string
}

const single = (v: LocationQuery[string] | undefined): string | null => {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' && /^[^:]+:.+$/.test(s) ? s : null
}

/** The panel a route's query asks for, or null (a malformed key is no panel, never a guess). */
export function panelFromQuery(query: LocationQuery): PanelTarget | null {
  const queue = single(query[PANEL_PARAMS.queue])
  if (queue) return { kind: 'queue', key: queue }
  const room = single(query[PANEL_PARAMS.chatRoom])
  return room ? { kind: 'chatRoom', key: room } : null
}

/** The route that opens a panel (the Queues & chats view, the rest of `query` kept). */
export function panelRoute(target: PanelTarget, query: LocationQueryRaw = {}) {
  const rest = withoutPanel(query)
  return { name: 'queues' as const, query: { ...rest, [PANEL_PARAMS[target.kind]]: target.key } }
}

export function withoutPanel<Q extends LocationQueryRaw>(query: Q): Q {
  const rest = { ...query }
  delete rest[PANEL_PARAMS.queue]
  delete rest[PANEL_PARAMS.chatRoom]
  return rest
}

/** `<connection>:<id>` split at its first ':' (a connection id never contains one). */
export function splitKey(key: string): { connection: string; id: string } {
  const at = key.indexOf(':')
  return { connection: key.slice(0, at), id: key.slice(at + 1) }
}

/**
 * Whether a vendor says which agents serve a queue or room (`Agent.queueIds`): giosg (the operator's rooms) and the
 * simulator do; Bright Pattern, Thulium, 8x8 and Chronicall send none (docs/FEATURES.md, "Who serves what").
 * Where a vendor does not say, an empty list would read as "nobody": the panel says the vendor does not tell.
 */
export const MEMBERSHIP_GIVEN: Record<ProviderId, boolean> = {
  giosg: true,
  simulator: true,
  brightpattern: false,
  thulium: false,
  '8x8': false,
  chronicall: false,
}

/** Available first (who can take the next contact), then busy, then the rest in the board's state order. */
const STATE_RANK = new Map<AgentState, number>(AGENT_STATES.map((s, i) => [s, i]))

/**
 * The agents of `connection` who serve queue or room `id`, in the order a supervisor reads them: by state
 * (available, offered, busy, wrap-up, not ready, offline work, logged out, unknown), then longest in that state
 * first (the one waiting longest for a contact, the longest break), then by name. The order is by the snapshot's
 * `stateSince`, so rows do not move every second.
 */
export function membersOf(agents: readonly AgentRow[], connection: string, id: string): AgentRow[] {
  return agents
    .filter((a) => a.connection === connection && a.queueIds.includes(id))
    .sort(
      (a, b) =>
        (STATE_RANK.get(a.state) ?? 99) - (STATE_RANK.get(b.state) ?? 99) ||
        (a.stateSince ?? Infinity) - (b.stateSince ?? Infinity) ||
        (a.name ?? a.id).localeCompare(b.name ?? b.id),
    )
}

/** How many of `agents` are in each state, only the states someone is in, in the board's order. */
export function stateCountsOf(agents: readonly AgentRow[]): { state: AgentState; n: number }[] {
  const counts = zeroStateCounts()
  for (const a of agents) counts[a.state] += 1
  return AGENT_STATES.filter((s) => counts[s] > 0).map((s) => ({ state: s, n: counts[s] }))
}

/** Alerts (active or past) about this queue or room. */
export function alertsAbout<A extends AlertView | AlertHistoryEntry>(
  list: readonly A[],
  kind: PanelKind,
  row: { connection: string; id: string },
): A[] {
  return list.filter((a) => a.entity === kind && a.connection === row.connection && a.entityId === row.id)
}

/**
 * Provided by the Queues & chats view: a card's name opens its panel there. Cards elsewhere (the wallboard) get
 * none, and their names stay plain headings.
 */
export const PANEL_OPENER: InjectionKey<(target: PanelTarget) => void> = Symbol('queue-panel-opener')

/** The open panel's row, whichever kind. */
export type PanelRow = { kind: 'queue'; row: QueueRow } | { kind: 'chatRoom'; row: ChatRoomRow }

/**
 * The panel's place in the route: which is open, open one (a new history entry, so Back closes it), close it (Back
 * where the entry before is this view without the panel, else the query is replaced so no dead entry is left).
 */
export function useQueuePanelRoute() {
  const route = useRoute()
  const router = useRouter()
  const target = computed(() => (route.name === 'queues' ? panelFromQuery(route.query) : null))

  function open(next: PanelTarget): void {
    const current = target.value
    if (current && current.kind === next.kind && current.key === next.key) return
    const to = panelRoute(next, route.query)
    // One panel after another replaces, so Back goes to the board, not through every queue looked at.
    void (current ? router.replace(to) : router.push(to))
  }

  function close(): void {
    if (!target.value) return
    const to = router.resolve({ name: 'queues', query: withoutPanel(route.query) })
    const back: unknown = router.options.history.state.back
    if (typeof back === 'string' && back === to.fullPath) router.back()
    else void router.replace(to)
  }

  return { target, open, close }
}
