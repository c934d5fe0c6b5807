/**
 * Chronicall realtime metrics (REFERENCE §5) → the domain model (DESIGN §4, REFERENCE §6.8). Pure: no I/O, no
 * clock; callers pass the instants.
 */
import type {
  Agent,
  AgentState,
  Metric,
  MetricKind,
  MetricLive,
  ProviderSnapshot,
  Queue,
  SnapshotHealth,
} from '../../../../src-shared/model'
import { blankAgent, blankQueue, stateSinceFrom } from '../../../../src-shared/model'
import {
  CHRONICALL_DEFAULT_STATE_MAP,
  CHRONICALL_ROLE_TYPES,
  isAgentRole,
  isQueueRole,
  suggestChronicallRole,
  type ChronicallRole,
} from '../../../../src-shared/providers/chronicall'

/** One entry of `GET /rest/api/v1/realtime/metrics`. */
export interface ChronicallMetricInfo {
  /** Opaque: `"101"` and `"K13CJXHV"` both occur; never parse it as a number (REFERENCE §5.6.2). */
  metricId: string
  metricName: string | null
  /** AGENT, GROUP, CALL_DIRECTION, ACCOUNT_CODE or NONE. */
  categoryType: string | null
  categorySelection: string[]
}

export interface ChronicallKey {
  metricId: string
  /** Present for categorized metrics, e.g. `"John Doe(481)"`. */
  categoryValue: string | null
}

/** One `results[]` entry (or one WebSocket message): the key and the vendor's value object as sent. */
export interface ChronicallValue {
  key: ChronicallKey
  value: Record<string, unknown>
}

export interface ChronicallValues {
  results: ChronicallValue[]
  initializing: ChronicallKey[]
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; detail: string }

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (e) {
    return { ok: false, detail: `not JSON (${(e as Error).message})` }
  }
}

function idString(v: unknown): string | null {
  if (typeof v === 'string' && v !== '') return v
  // Ids are opaque strings (REFERENCE §5.6.2); a server that sends a number still means the same id.
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return null
}

export function parseMetricList(text: string): Parsed<ChronicallMetricInfo[]> {
  const j = parseJson(text)
  if (!j.ok) return j
  if (!Array.isArray(j.value)) return { ok: false, detail: 'the metric list is not a JSON array' }
  const out: ChronicallMetricInfo[] = []
  for (const [i, m] of j.value.entries()) {
    if (!isRecord(m)) return { ok: false, detail: `metric list entry ${i} is not an object` }
    const metricId = idString(m['metricId'])
    if (metricId === null) return { ok: false, detail: `metric list entry ${i} has no metricId` }
    const sel = m['categorySelection']
    out.push({
      metricId,
      metricName: typeof m['metricName'] === 'string' ? m['metricName'] : null,
      categoryType: typeof m['categoryType'] === 'string' ? m['categoryType'] : null,
      categorySelection: Array.isArray(sel) ? sel.filter((s): s is string => typeof s === 'string') : [],
    })
  }
  return { ok: true, value: out }
}

function parseKey(v: unknown): ChronicallKey | null {
  if (!isRecord(v)) return null
  const metricId = idString(v['metricId'])
  if (metricId === null) return null
  const cv = v['categoryValue']
  return { metricId, categoryValue: typeof cv === 'string' ? cv : null }
}

function parseMetricValue(v: unknown): ChronicallValue | null {
  if (!isRecord(v)) return null
  const key = parseKey(v['key'])
  if (key === null || !isRecord(v['value'])) return null
  return { key, value: v['value'] }
}

/** Body of `GET /rest/api/v1/realtime/metrics/values` (200 and 206 alike). */
export function parseValues(text: string): Parsed<ChronicallValues> {
  const j = parseJson(text)
  if (!j.ok) return j
  if (!isRecord(j.value)) return { ok: false, detail: 'the values body is not a JSON object' }
  const rawResults = j.value['results'] ?? []
  const rawInit = j.value['initializing'] ?? []
  if (!Array.isArray(rawResults)) return { ok: false, detail: '"results" is not an array' }
  if (!Array.isArray(rawInit)) return { ok: false, detail: '"initializing" is not an array' }
  const results: ChronicallValue[] = []
  for (const [i, r] of rawResults.entries()) {
    const v = parseMetricValue(r)
    if (v === null) return { ok: false, detail: `results[${i}] has no key.metricId or no value object` }
    results.push(v)
  }
  const initializing: ChronicallKey[] = []
  for (const [i, k] of rawInit.entries()) {
    const key = parseKey(k)
    if (key === null) return { ok: false, detail: `initializing[${i}] has no metricId` }
    initializing.push(key)
  }
  return { ok: true, value: { results, initializing } }
}

/**
 * A WebSocket message: one MetricValue per message (REFERENCE §5.4). Arrays and `{results}` bodies are accepted
 * too, so a server that batches updates does not break the feed.
 */
export function parsePushMessage(text: string): Parsed<ChronicallValue[]> {
  const j = parseJson(text)
  if (!j.ok) return j
  const items = Array.isArray(j.value)
    ? j.value
    : isRecord(j.value) && Array.isArray(j.value['results'])
      ? (j.value['results'] as unknown[])
      : [j.value]
  const out: ChronicallValue[] = []
  for (const item of items) {
    const v = parseMetricValue(item)
    if (v === null) return { ok: false, detail: 'a pushed message is not a {key, value} metric value' }
    out.push(v)
  }
  return { ok: true, value: out }
}

const TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/**
 * `lastUpdateTime` → epoch ms UTC. It is server local time with its UTC offset (`2019-10-01T10:17:56.496-06:00`,
 * REFERENCE §5.6.5); parsed by hand so the result never depends on this machine's time zone. A time without an
 * offset is read as UTC.
 */
export function parseChronicallTime(s: unknown): number | null {
  if (typeof s !== 'string') return null
  const m = TIME_RE.exec(s.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, sec, frac, zone] = m
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec ?? 0), ms)
  let offsetMin = 0
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'))
  }
  const t = utc - offsetMin * 60_000
  return Number.isFinite(t) ? t : null
}

/**
 * `"John Doe(481)"` → name and extension. Names may contain parentheses themselves, so the extension is the last
 * parenthesised part at the end (REFERENCE §5.6.4).
 */
export function splitCategoryValue(v: string): { name: string; extension: string | null } {
  const s = v.trim()
  const m = /^(.*)\(([^()]*)\)$/.exec(s)
  if (!m) return { name: s, extension: null }
  const name = (m[1] ?? '').trim()
  const ext = (m[2] ?? '').trim()
  if (ext === '') return { name: name || s, extension: null }
  return { name: name || s, extension: ext }
}

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  return null
}

/** DURATION in ms at `atMs` (server clock), the vendor's formula (REFERENCE §5.4). */
export function durationMsAt(
  v: { finishedDuration: number; numCountingUp: number; numCountingDown: number; lastUpdateMs: number },
  atMs: number,
): number {
  return v.finishedDuration + (v.numCountingUp - v.numCountingDown) * (atMs - v.lastUpdateMs)
}

/** AVERAGE_DURATION in ms at `atMs`; null when count is 0 (REFERENCE §5.4, formula inferred by analogy). */
export function averageMsAt(
  v: {
    durationSum: number
    count: number
    numCountingUp: number
    numCountingDown: number
    lastUpdateMs: number
  },
  atMs: number,
): number | null {
  if (v.count === 0) return null
  return (v.durationSum + (v.numCountingUp - v.numCountingDown) * (atMs - v.lastUpdateMs)) / v.count
}

export interface ReadValue {
  type: string | null
  kind: MetricKind | null
  status: 'ok' | 'no_data'
  /** Seconds for durations, as of `serverAsOf`. */
  value: number | string | boolean | null
  live: MetricLive | null
  /** epoch ms UTC (server clock) */
  updatedAt: number | null
  /** A `type` this code does not know. */
  unknownType: boolean
}

const KIND_BY_TYPE: Record<string, MetricKind> = {
  COUNT: 'count',
  BOOLEAN: 'boolean',
  STRING: 'string',
  DURATION: 'duration',
  AVERAGE_DURATION: 'avg_duration',
}

/**
 * Read one value object. `serverAsOf` is the snapshot instant on the server's clock; `skewMs` = server clock −
 * local clock, so `live.sinceMs` is in local-clock terms and the renderer can tick it with its own clock.
 */
export function readValue(v: Record<string, unknown>, serverAsOf: number, skewMs: number): ReadValue {
  const updatedAt = parseChronicallTime(v['lastUpdateTime'])
  const type = typeof v['type'] === 'string' ? v['type'] : null
  // Only lastUpdateTime and no type: the vendor document's "no value yet" case (REFERENCE §5.4).
  if (type === null)
    return { type, kind: null, status: 'no_data', value: null, live: null, updatedAt, unknownType: false }
  const base: ReadValue = {
    type,
    kind: KIND_BY_TYPE[type] ?? null,
    status: 'ok',
    value: null,
    live: null,
    updatedAt,
    unknownType: false,
  }
  switch (type) {
    case 'COUNT':
      return { ...base, value: num(v['count']) }
    case 'BOOLEAN':
      return { ...base, value: typeof v['value'] === 'boolean' ? v['value'] : null }
    case 'STRING':
      return { ...base, value: typeof v['value'] === 'string' ? v['value'] : null }
    case 'DURATION':
    case 'AVERAGE_DURATION': {
      const avg = type === 'AVERAGE_DURATION'
      const baseMs = num(avg ? v['durationSum'] : v['finishedDuration'])
      const count = avg ? num(v['count']) : 1
      const rate = (num(v['numCountingUp']) ?? 0) - (num(v['numCountingDown']) ?? 0)
      if (baseMs === null || count === null) return base
      if (count === 0) return base
      if (updatedAt === null) return { ...base, value: baseMs / 1000 / count }
      // The Date header has whole seconds, so asOf can fall just before lastUpdateTime: never run time backwards.
      const elapsed = Math.max(0, serverAsOf - updatedAt)
      const valueMs = (baseMs + rate * elapsed) / count
      return {
        ...base,
        value: valueMs / 1000,
        live: { baseSec: baseMs / 1000, ratePerSec: rate, sinceMs: updatedAt - skewMs, divisor: count },
      }
    }
    default: {
      const raw = v['value'] ?? v['count'] ?? null
      const value =
        typeof raw === 'number' || typeof raw === 'string' || typeof raw === 'boolean' ? raw : null
      return { ...base, value, unknownType: true }
    }
  }
}

/**
 * Skew (server clock − local clock) from one response. The Date header has whole seconds and the server stamped
 * it somewhere between our send and our receipt, so it only bounds the skew: [date − receivedAt, date + 1000 −
 * sentAt]. We keep the previous estimate when it fits the bounds and move it to the nearest bound when it does not.
 */
export function estimateSkew(
  samples: readonly { date: number | null; sentAt: number; receivedAt: number }[],
  previous: number,
): number {
  let lo = -Infinity
  let hi = Infinity
  let last: { lo: number; hi: number } | null = null
  for (const s of samples) {
    if (s.date === null) continue
    const b = { lo: s.date - s.receivedAt, hi: s.date + 1000 - s.sentAt }
    last = b
    lo = Math.max(lo, b.lo)
    hi = Math.min(hi, b.hi)
  }
  if (last === null) return previous
  // Bounds that do not overlap (a clock jump mid-cycle): trust the newest response alone.
  if (lo > hi) ({ lo, hi } = last)
  return Math.min(Math.max(previous, lo), hi)
}

export interface MappedState {
  state: AgentState
  reason: string | null
  mapped: boolean
}

/**
 * Agent state text → AgentState: the user's stateMap first, then the defaults (REFERENCE §6.3), both
 * case-insensitive. A text with a suffix ("DND - Lunch", "DND (Lunch)") that is not mapped as a whole maps by its
 * first part and keeps the rest as the reason.
 */
export function mapAgentState(raw: string, stateMap: Readonly<Record<string, AgentState>>): MappedState {
  const table = new Map<string, AgentState>(Object.entries(CHRONICALL_DEFAULT_STATE_MAP))
  for (const [k, v] of Object.entries(stateMap)) table.set(k.trim().toLowerCase(), v)
  const norm = raw.trim().replace(/\s+/g, ' ').toLowerCase()
  const whole = table.get(norm)
  if (whole !== undefined) return { state: whole, reason: null, mapped: true }
  const m = /^(.+?)\s*(?:-|:|\(|\u2013)\s*(.+?)\)?$/.exec(raw.trim())
  if (m) {
    const head = table.get((m[1] ?? '').toLowerCase())
    if (head !== undefined) return { state: head, reason: (m[2] ?? '').trim() || null, mapped: true }
  }
  return { state: 'unknown', reason: null, mapped: false }
}

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

export interface ResolvedRole {
  role: ChronicallRole
  explicit: boolean
}

/** The role a metric plays: the user's choice when it fits the value type, else the suggestion. */
export function resolveRole(
  metricId: string,
  info: ChronicallMetricInfo | undefined,
  type: string | null,
  roles: Readonly<Record<string, ChronicallRole>>,
  warn: (w: string) => void,
): ResolvedRole {
  const explicit = roles[metricId]
  if (explicit !== undefined) {
    if (type !== null && !(CHRONICALL_ROLE_TYPES[explicit] as readonly string[]).includes(type)) {
      warn(
        `metric ${label(metricId, info)}: meaning ${explicit} needs a ${CHRONICALL_ROLE_TYPES[explicit].join(' or ')} ` +
          `value but the server sends ${type}; shown as a metric only`,
      )
      return { role: 'metric', explicit: true }
    }
    return { role: explicit, explicit: true }
  }
  return {
    role: suggestChronicallRole({
      metricName: info?.metricName ?? null,
      categoryType: info?.categoryType ?? null,
      type,
    }),
    explicit: false,
  }
}

export function label(metricId: string, info: ChronicallMetricInfo | undefined): string {
  return info?.metricName ? `${metricId} ("${info.metricName}")` : metricId
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
 * One snapshot from the values of a cycle: every value becomes a metric (REFERENCE §6.8); values of metrics with
 * an agent role become agents (AGENT category value → id, name), values with a queue role become queues (GROUP
 * category value). Health: all initializing → warming_up; some → partial.
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
    a.stateSince = stateSinceFrom(input.asOf, a.timeInStateSec)
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
    if (!m.mapped) warn(`agent state "${read.value}" is not mapped; add it to the agent state mapping`)
  } else if (role === 'agent_time_in_state') {
    agent.timeInStateSec = typeof read.value === 'number' ? read.value : null
  } else if (role === 'agent_handled_today') {
    agent.today = {
      handled: typeof read.value === 'number' ? read.value : null,
      rejected: null,
      loginSec: null,
      availableSec: null,
      breakSec: null,
      wrapUpSec: null,
      avgHandleSec: null,
    }
  }
}
