/**
 * Chronicall values of one cycle → one ProviderSnapshot (docs/ARCHITECTURE.md §4,
 * docs/vendors/chronicall.md §7). Pure: callers pass the instants.
 */
import type {
  Agent,
  AgentState,
  AgentToday,
  Metric,
  ProviderSnapshot,
  Queue,
  SnapshotHealth,
} from '../../../../src-shared/model'
import { blankAgent, blankAgentToday, blankQueue, stateSinceFrom } from '../../../../src-shared/model'
import { isAgentRole, isQueueRole, type ChronicallRole } from '../../../../src-shared/providers/chronicall'
import { KIND_BY_TYPE, readValue, type ReadValue } from './live-value'
import {
  splitCategoryValue,
  type ChronicallKey,
  type ChronicallMetricInfo,
  type ChronicallValue,
} from './parse'
import { label, resolveRole } from './roles'
import { mapAgentState } from './state-map'

export function metricKey(key: ChronicallKey): string {
  return `${key.metricId}|${key.categoryValue ?? ''}`
}

/** The queue that uncategorized (NONE) queue metrics describe: the whole system. */
export const ALL_GROUPS_QUEUE_ID = '*'

export interface SnapshotInput {
  connection: string
  /** The snapshot's asOf (the vendor's Date header, else local receive time). */
  asOf: number
  /** The same instant on the server's clock, for evaluating durations against lastUpdateTime. */
  serverAsOf: number
  /** Server clock − local clock, ms. */
  skewMs: number
  catalogue: ReadonlyMap<string, ChronicallMetricInfo>
  /** options.roles: explicit roles; other ids get suggestChronicallRole. */
  roles: Readonly<Record<string, ChronicallRole>>
  stateMap: Readonly<Record<string, AgentState>>
  results: readonly ChronicallValue[]
  initializing: readonly ChronicallKey[]
  /** Warnings the caller already has (ids the server rejected, push status). */
  warnings: readonly string[]
}

interface EntityRaw {
  categoryValue: string | null
  values: Record<string, unknown>
}

function emptyAgent(id: string, name: string | null, categoryValue: string): Agent {
  return blankAgent(id, { name, raw: { categoryValue, values: {} } satisfies EntityRaw })
}

function emptyQueue(id: string, name: string, categoryValue: string | null): Queue {
  return blankQueue(id, name, { raw: { categoryValue, values: {} } satisfies EntityRaw })
}

function percentOf(v: number | string | boolean | null): number | null {
  if (typeof v === 'number') return v
  if (typeof v === 'string') {
    const n = Number(v.trim().replace(/%$/, '').trim())
    return v.trim() !== '' && Number.isFinite(n) ? n : null
  }
  return null
}

/**
 * One snapshot from the values of a cycle: every value becomes a metric (docs/vendors/chronicall.md §7.6);
 * values of metrics with an agent role become agents (AGENT category value → id, name), values with a queue
 * role become queues (GROUP category value). Health: all initializing → warming_up; some → partial.
 */
export function buildSnapshot(input: SnapshotInput): ProviderSnapshot {
  const warnings: string[] = [...input.warnings]
  const warnOnce = (w: string) => {
    if (!warnings.includes(w)) warnings.push(w)
  }
  const typeById = new Map<string, string>()
  for (const r of input.results) {
    const t = r.value['type']
    if (typeof t === 'string' && !typeById.has(r.key.metricId)) typeById.set(r.key.metricId, t)
  }
  const roleById = new Map<string, ChronicallRole>()
  const roleOf = (metricId: string): ChronicallRole => {
    let r = roleById.get(metricId)
    if (r === undefined) {
      r = resolveRole(
        metricId,
        input.catalogue.get(metricId),
        typeById.get(metricId) ?? null,
        input.roles,
        warnOnce,
      ).role
      roleById.set(metricId, r)
    }
    return r
  }

  const agents = new Map<string, Agent>()
  const queues = new Map<string, Queue>()
  const metrics: Metric[] = []
  /** agent_available flags, applied after all values are in: a state text, when there is one, says more. */
  const availableFlags = new Map<string, boolean>()
  /** agent_state_reason texts, applied after all values: a reason metric says more than a state text's suffix. */
  const reasons = new Map<string, string | null>()

  for (const r of input.results) {
    const info = input.catalogue.get(r.key.metricId)
    const read = readValue(r.value, input.serverAsOf, input.skewMs)
    if (read.unknownType) warnOnce(`metric ${label(r.key.metricId, info)}: unknown value type "${read.type}"`)
    const categoryType = info?.categoryType ?? null
    metrics.push({
      key: metricKey(r.key),
      metricId: r.key.metricId,
      name: info?.metricName ?? null,
      category:
        r.key.categoryValue === null ? null : { type: categoryType ?? 'UNKNOWN', value: r.key.categoryValue },
      kind: read.kind,
      status: read.status,
      value: read.value,
      live: read.live,
      updatedAt: read.updatedAt,
      raw: { key: r.key, value: r.value },
    })

    const role = roleOf(r.key.metricId)
    if (role === 'metric') continue
    const cv = r.key.categoryValue
    if (isAgentRole(role)) {
      if (cv === null || (categoryType !== null && categoryType.toUpperCase() !== 'AGENT')) {
        warnOnce(
          `metric ${label(r.key.metricId, info)}: ${role} needs an AGENT-category metric; shown as a metric only`,
        )
        continue
      }
      const { name, extension } = splitCategoryValue(cv)
      const id = extension ?? cv.trim()
      let agent = agents.get(id)
      if (agent === undefined) {
        agent = emptyAgent(id, name || null, cv)
        agents.set(id, agent)
      }
      ;(agent.raw as EntityRaw).values[r.key.metricId] = r.value
      if (read.status !== 'ok') continue
      if (role === 'agent_available') {
        if (typeof read.value === 'boolean') availableFlags.set(id, read.value)
      } else if (role === 'agent_state_reason') {
        reasons.set(id, typeof read.value === 'string' && read.value.trim() !== '' ? read.value.trim() : null)
      } else applyAgentRole(agent, role, read, input, warnOnce)
      continue
    }
    if (isQueueRole(role)) {
      const ct = categoryType?.toUpperCase() ?? null
      if (cv !== null && ct !== null && ct !== 'GROUP') {
        warnOnce(
          `metric ${label(r.key.metricId, info)}: ${role} needs a GROUP-category metric; shown as a metric only`,
        )
        continue
      }
      // An uncategorized queue metric ("Calls in Queue" over the whole system) feeds one "All groups" queue.
      const id = cv === null ? ALL_GROUPS_QUEUE_ID : cv.trim()
      let queue = queues.get(id)
      if (queue === undefined) {
        queue = emptyQueue(id, cv === null ? 'All groups' : cv.trim(), cv)
        queues.set(id, queue)
      }
      ;(queue.raw as EntityRaw).values[r.key.metricId] = r.value
      if (read.status !== 'ok') continue
      if (role === 'queue_waiting') queue.waiting = typeof read.value === 'number' ? read.value : null
      else if (role === 'queue_longest_wait')
        queue.longestWaitSec = typeof read.value === 'number' ? read.value : null
      else if (role === 'queue_avg_wait')
        queue.avgWaitNowSec = typeof read.value === 'number' ? read.value : null
      else if (role === 'queue_service_level') queue.serviceLevelPct = percentOf(read.value)
    }
  }

  for (const k of input.initializing) {
    const info = input.catalogue.get(k.metricId)
    const type = typeById.get(k.metricId)
    metrics.push({
      key: metricKey(k),
      metricId: k.metricId,
      name: info?.metricName ?? null,
      category:
        k.categoryValue === null ? null : { type: info?.categoryType ?? 'UNKNOWN', value: k.categoryValue },
      kind: type === undefined ? null : (KIND_BY_TYPE[type] ?? null),
      status: 'initializing',
      value: null,
      live: null,
      updatedAt: null,
      raw: { key: k },
    })
  }

  for (const a of agents.values()) {
    // Without a state text, an "available" flag still tells available agents apart; "not available" could be
    // talking as well as on a break, so it stays unknown.
    if (a.rawState === null && availableFlags.get(a.id) === true) a.state = 'available'
    const reason = reasons.get(a.id)
    // A reason belongs to a state that has one: an agent back at work keeps no stale "Lunch".
    if (
      reason !== undefined &&
      (a.state === 'not_ready' || a.state === 'offline_work' || a.state === 'unknown')
    )
      a.stateReason = reason ?? a.stateReason
    a.stateSince = stateSinceFrom(input.asOf, a.timeInStateSec)
    // A call duration is the contact in progress only while the agent is on it.
    if (a.contactSec !== null && a.state !== 'busy' && a.state !== 'unknown') a.contactSec = null
    a.contactSince = stateSinceFrom(input.asOf, a.contactSec)
  }

  let health: SnapshotHealth = 'ok'
  if (input.initializing.length > 0) health = input.results.length === 0 ? 'warming_up' : 'partial'

  return {
    connection: input.connection,
    provider: 'chronicall',
    asOf: input.asOf,
    health,
    agents: [...agents.values()],
    queues: [...queues.values()],
    chatRooms: [],
    chatMessages: [],
    metrics,
    warnings,
  }
}

function applyAgentRole(
  agent: Agent,
  role: ChronicallRole,
  read: ReadValue,
  input: SnapshotInput,
  warn: (w: string) => void,
): void {
  if (role === 'agent_state') {
    if (typeof read.value !== 'string' || read.value.trim() === '') return
    const m = mapAgentState(read.value, input.stateMap)
    agent.state = m.state
    agent.rawState = read.value
    agent.stateReason = m.reason
    agent.onHold = m.mapped ? m.onHold : null
    if (!m.mapped) warn(`agent state "${read.value}" is not mapped; add it to the agent state mapping`)
  } else if (role === 'agent_time_in_state') {
    agent.timeInStateSec = typeof read.value === 'number' ? read.value : null
  } else if (role === 'agent_call_duration') {
    agent.contactSec = typeof read.value === 'number' ? read.value : null
  } else if (role in TODAY_FIELD) {
    const field = TODAY_FIELD[role as keyof typeof TODAY_FIELD]
    agent.today = {
      ...(agent.today ?? blankAgentToday()),
      [field]: typeof read.value === 'number' ? read.value : null,
    }
  }
}

/** Agent roles that fill one of today's figures (docs/vendors/chronicall.md §7). */
const TODAY_FIELD = {
  agent_handled_today: 'handled',
  agent_talk_today: 'talkSec',
  agent_idle_today: 'availableSec',
  agent_missed_today: 'missed',
} as const satisfies Partial<Record<ChronicallRole, keyof AgentToday>>
