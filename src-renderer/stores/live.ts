import { messageOf } from '../../src-shared/result'
import { defineStore } from 'pinia'
import type { ShallowRef } from 'vue'
import { computed, ref, shallowRef, triggerRef } from 'vue'
import type {
  AgentRow,
  ChatMessageRow,
  ChatRoomRow,
  ConnectionStatus,
  LivePatch,
  LiveRow,
  LiveState,
  MetricRow,
  QueueRow,
} from '../../src-shared/live'
import { isBacklogMedia } from '../../src-shared/media'
import type { AgentState, ConnectionState } from '../../src-shared/model'
import { AGENT_STATES } from '../../src-shared/model'
import type { LinkStatus } from '../api'
import { useClient } from '../api'
import { startMeasure } from '../perf'
import { useClockStore } from './clock'

type RowMap<T> = ShallowRef<Map<string, T>>

/** Connection states from best to worst, for the header's one-word health. */
const SEVERITY: Record<ConnectionState, number> = {
  ok: 0,
  warming_up: 1,
  connecting: 1,
  paused: 1,
  stale: 2,
  rate_limited: 3,
  offline: 4,
  unreachable: 5,
  auth_failed: 5,
  error: 5,
}
export function connectionSeverity(state: ConnectionState): number {
  return SEVERITY[state]
}

const RETRY_LOAD_MS = 3_000

/** Email, voicemail and back office wait for hours by design: a backlog, not customers on the line. */
export { isBacklogMedia } from '../../src-shared/media'

function byConnectionThenName(labels: Map<string, ConnectionStatus>) {
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
  return (a: { connection: string; name: string }, b: { connection: string; name: string }): number =>
    collator.compare(
      labels.get(a.connection)?.label ?? a.connection,
      labels.get(b.connection)?.label ?? b.connection,
    ) || collator.compare(a.name, b.name)
}

/**
 * The live view of every connection: loaded once with `live:get`, then kept current by `live:patch`. Rows are
 * kept in Maps behind shallowRefs (thousands of agents must not become deep reactive proxies); every patch
 * replaces whole rows and triggers only the collections it touched.
 */
export const useLiveStore = defineStore('live', () => {
  const client = useClient()
  const clock = useClockStore()

  const connectionMap: RowMap<ConnectionStatus> = shallowRef(new Map())
  const agentMap: RowMap<AgentRow> = shallowRef(new Map())
  const queueMap: RowMap<QueueRow> = shallowRef(new Map())
  const chatRoomMap: RowMap<ChatRoomRow> = shallowRef(new Map())
  const chatMessageMap: RowMap<ChatMessageRow> = shallowRef(new Map())
  const metricMap: RowMap<MetricRow> = shallowRef(new Map())

  /** Sequence number of the last patch folded in; null until the first `live:get` answered. */
  const seq = ref<number | null>(null)
  const paused = ref(false)
  const loading = ref(false)
  const loadError = ref<string | null>(null)
  const link = ref<LinkStatus>(client.link.current())

  let inFlight: Promise<void> | null = null
  let buffered: LivePatch[] = []

  /**
   * Changes when what the boards' team and queue lists are made of changes — an agent added or removed, or its
   * connection, teams or queues — not at each change of state: those lists are then rebuilt when it moves, instead
   * of in a pass over every agent at every patch. Read the agents themselves with {@link agentRowsNow}, which does
   * not make the reader depend on every patch.
   */
  const agentMembership = ref(0)
  /**
   * The state reasons agents give now, with how many give each, kept as patches come (a reason changes with most
   * changes of state, so a pass over every agent for the list would come at nearly every patch).
   * `agentReasonsVersion` changes when a reason appears or goes; {@link reasonsNow} lists them.
   */
  const reasonCounts = new Map<string, number>()
  const agentReasonsVersion = ref(0)
  /** Count a reason in or out; true when it appeared or went. */
  function countReason(reason: string | null | undefined, by: 1 | -1): boolean {
    if (!reason) return false
    const n = (reasonCounts.get(reason) ?? 0) + by
    if (n <= 0) reasonCounts.delete(reason)
    else reasonCounts.set(reason, n)
    return by === 1 ? n === 1 : n <= 0
  }
  /** Fold a patch's agents into the reason counts (before it is applied); true when the list of reasons moved. */
  function reasonsMove(upserts: AgentRow[] | undefined, removed: string[] | undefined): boolean {
    const map = agentMap.value
    let moved = false
    for (const row of upserts ?? []) {
      const before = map.get(row.key)?.stateReason
      if (before === row.stateReason) continue
      if (countReason(before, -1)) moved = true
      if (countReason(row.stateReason, 1)) moved = true
    }
    for (const key of removed ?? []) if (countReason(map.get(key)?.stateReason, -1)) moved = true
    return moved
  }
  function reasonsNow(): string[] {
    return [...reasonCounts.keys()]
  }
  function sameMembership(a: AgentRow, b: AgentRow): boolean {
    return (
      a.connection === b.connection &&
      sameList(a.groupIds, b.groupIds) &&
      sameList(a.groupNames ?? [], b.groupNames ?? []) &&
      sameList(a.queueIds, b.queueIds)
    )
  }
  function agentMembershipMoves(upserts: AgentRow[] | undefined, removed: string[] | undefined): boolean {
    if (removed?.length) return true
    const map = agentMap.value
    for (const row of upserts ?? []) {
      const before = map.get(row.key)
      if (before === undefined || !sameMembership(before, row)) return true
    }
    return false
  }
  /** Every agent now, read without depending on the patches (pair it with {@link agentMembership}). */
  function agentRowsNow(): AgentRow[] {
    return [...agentRows.values()]
  }
  /** The Map behind agentMap, for reads that must not track it (set with it in `fill`, mutated in place). */
  let agentRows = agentMap.value

  function fill<T>(target: RowMap<T>, rows: T[], keyOf: (row: T) => string): Map<string, T> {
    const map = new Map<string, T>()
    for (const row of rows) map.set(keyOf(row), row)
    target.value = map
    return map
  }

  /** Replace everything with a full live state. */
  function replaceAll(state: LiveState): void {
    fill(connectionMap, state.connections, (c) => c.id)
    agentRows = fill(agentMap, state.agents, (r) => r.key)
    agentMembership.value += 1
    reasonCounts.clear()
    for (const row of state.agents) countReason(row.stateReason, 1)
    agentReasonsVersion.value += 1
    fill(queueMap, state.queues, (r) => r.key)
    fill(chatRoomMap, state.chatRooms, (r) => r.key)
    fill(chatMessageMap, state.chatMessages, (r) => r.key)
    fill(metricMap, state.metrics, (r) => r.key)
    seq.value = state.seq
    paused.value = state.paused
    clock.sync(state.serverNow)
  }

  function patchInto<T>(
    target: RowMap<T>,
    upserts: T[] | undefined,
    removed: string[] | undefined,
    keyOf: (row: T) => string,
  ): void {
    if (!upserts?.length && !removed?.length) return
    const map = target.value
    for (const row of upserts ?? []) map.set(keyOf(row), row)
    for (const key of removed ?? []) map.delete(key)
    triggerRef(target)
  }

  /**
   * Fold one patch in. `ignored`: older than what we have; `gap`: a patch is missing, so the state must be
   * reloaded (the caller does).
   */
  function applyPatch(patch: LivePatch): 'applied' | 'ignored' | 'gap' {
    if (seq.value === null) return 'gap'
    if (patch.seq <= seq.value) return 'ignored'
    if (patch.seq !== seq.value + 1) return 'gap'
    const { upserts: u, removed: r } = patch
    patchInto(connectionMap, u.connections, r.connections, (c) => c.id)
    const membershipMoves = agentMembershipMoves(u.agents, r.agents)
    const reasonsMoved = reasonsMove(u.agents, r.agents)
    patchInto(agentMap, u.agents, r.agents, (row) => row.key)
    if (membershipMoves) agentMembership.value += 1
    if (reasonsMoved) agentReasonsVersion.value += 1
    patchInto(queueMap, u.queues, r.queues, (row) => row.key)
    patchInto(chatRoomMap, u.chatRooms, r.chatRooms, (row) => row.key)
    patchInto(chatMessageMap, u.chatMessages, r.chatMessages, (row) => row.key)
    patchInto(metricMap, u.metrics, r.metrics, (row) => row.key)
    seq.value = patch.seq
    paused.value = patch.paused
    clock.sync(patch.serverNow)
    return 'applied'
  }

  function onPatch(patch: LivePatch): void {
    if (inFlight) {
      buffered.push(patch)
      return
    }
    const measured = startMeasure('fw:patch')
    const result = applyPatch(patch)
    measured()
    if (result === 'gap') void reload()
  }

  /** Fetch the whole state again (single-flight); patches that arrive meanwhile are applied after it. */
  function reload(): Promise<void> {
    if (inFlight) return inFlight
    loading.value = true
    inFlight = (async () => {
      try {
        const state = await client.invoke('live:get', null)
        replaceAll(state)
        loadError.value = null
      } catch (err) {
        loadError.value = messageOf(err)
      } finally {
        loading.value = false
        inFlight = null
      }
      const queued = buffered.sort((a, b) => a.seq - b.seq)
      buffered = []
      let gap = seq.value === null
      for (const patch of queued) if (!gap && applyPatch(patch) === 'gap') gap = true
      if (gap && loadError.value === null) await reload()
    })()
    return inFlight
  }

  /** Subscribe to patches and link changes and load the state; returns the disposer. */
  function start(): () => void {
    let retry: ReturnType<typeof setTimeout> | null = null
    const load = async (): Promise<void> => {
      await reload()
      if (loadError.value !== null && link.value.state === 'open' && retry === null) {
        retry = setTimeout(() => {
          retry = null
          void load()
        }, RETRY_LOAD_MS)
      }
    }
    const offPatch = client.on('live:patch', onPatch)
    const offLink = client.link.onChange((status) => {
      const wasOpen = link.value.state === 'open'
      link.value = status
      // Patches sent while the link was down are lost: start again from a full state.
      if (status.state === 'open' && !wasOpen) void load()
    })
    void load()
    return () => {
      offPatch()
      offLink()
      if (retry !== null) clearTimeout(retry)
    }
  }

  const connectionList = computed(() =>
    [...connectionMap.value.values()].sort(
      (a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id),
    ),
  )
  const agents = computed(() => [...agentMap.value.values()])
  const queues = computed(() => [...queueMap.value.values()].sort(byConnectionThenName(connectionMap.value)))
  const chatRooms = computed(() =>
    [...chatRoomMap.value.values()].sort(byConnectionThenName(connectionMap.value)),
  )
  const chatMessages = computed(() => [...chatMessageMap.value.values()])
  const metrics = computed(() => [...metricMap.value.values()])

  const agentStateCounts = computed(() => {
    const counts = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>
    for (const a of agentMap.value.values()) counts[a.state] += 1
    return counts
  })

  /**
   * Customers waiting now, across connections: voice queues are calls; chat queues and chat rooms are chats;
   * email and voicemail are a backlog worked through over hours, kept apart so they do not drown the live
   * figures; queues of other or unknown media count as live (a vendor that does not say may well mean calls).
   */
  const waitingTotals = computed(() => {
    let calls = 0
    let chats = 0
    let other = 0
    let backlog = 0
    for (const q of queueMap.value.values()) {
      const n = q.waiting ?? 0
      if (q.media === 'voice') calls += n
      else if (q.media === 'chat') chats += n
      else if (isBacklogMedia(q.media)) backlog += n
      else other += n
    }
    for (const r of chatRoomMap.value.values()) chats += r.waitingChats ?? 0
    return { total: calls + chats + other, calls, chats, other, backlog }
  })

  /** The overall health the header shows: how many connections are fine, stale or failing, and the worst one. */
  const health = computed(() => {
    const list = connectionList.value
    let worst: ConnectionStatus | null = null
    let failing = 0
    let stale = 0
    let paused = 0
    for (const c of list) {
      const sev = connectionSeverity(c.state)
      // Failing before stale: a rejected credential is news even when its data is also old.
      if (sev >= 3) failing += 1
      else if (c.state === 'paused') paused += 1
      else if (c.stale || c.state === 'stale') stale += 1
      if (!worst || sev > connectionSeverity(worst.state)) worst = c
    }
    return { total: list.length, failing, stale, paused, worst }
  })

  function connection(id: string): ConnectionStatus | undefined {
    return connectionMap.value.get(id)
  }
  /**
   * Ids of stale connections and labels by id, for templates that ask once per row: a computed is read without the
   * cost of calling a store action (Pinia wraps each one) for every row of a large board.
   */
  // Both keep their previous object while its content is the same: every poll replaces the connections' status
  // rows, and a board that reads these per row must not re-render for that alone.
  const staleIds = computed<Set<string>>((previous) => {
    const ids = new Set<string>()
    for (const c of connectionMap.value.values()) if (c.stale || c.state === 'stale') ids.add(c.id)
    return previous && previous.size === ids.size && [...ids].every((id) => previous.has(id)) ? previous : ids
  })
  const labels = computed<Map<string, string>>((previous) => {
    const next = new Map([...connectionMap.value.values()].map((c) => [c.id, c.label]))
    return previous && previous.size === next.size && [...next].every(([id, l]) => previous.get(id) === l)
      ? previous
      : next
  })

  /**
   * One row as main has it now, `raw` and today's seconds included (rows in patches leave those out); null when
   * it is gone or the link is down.
   */
  async function fetchRow(key: string): Promise<LiveRow | null> {
    try {
      return await client.invoke('live:row', { key })
    } catch {
      return null
    }
  }

  /** Rows of a stale connection show their numbers as stale (docs/ARCHITECTURE.md §3.5). */
  function isStale(connectionId: string): boolean {
    const c = connectionMap.value.get(connectionId)
    return c ? c.stale || c.state === 'stale' : false
  }

  return {
    connectionMap,
    agentMap,
    queueMap,
    chatRoomMap,
    chatMessageMap,
    metricMap,
    seq,
    paused,
    loading,
    loadError,
    link,
    replaceAll,
    applyPatch,
    onPatch,
    reload,
    start,
    connectionList,
    agents,
    queues,
    chatRooms,
    chatMessages,
    metrics,
    agentStateCounts,
    waitingTotals,
    health,
    staleIds,
    labels,
    connection,
    isStale,
    fetchRow,
    agentMembership,
    agentRowsNow,
    agentReasonsVersion,
    reasonsNow,
  }
})

function sameList(a: readonly (string | null)[], b: readonly (string | null)[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
