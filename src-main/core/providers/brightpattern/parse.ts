/**
 * Bright Pattern Real-Time Stats payloads → the domain model (docs/vendors/brightpattern.md §4.1, §7). Pure:
 * no I/O, no clock. Every value arrives as a string keyed by the column ids we chose, `""` means "no value"
 * and `null` cells are tolerated (docs/vendors/brightpattern.md §6.6), so everything is read against the
 * SubscriptionSpec we sent.
 */
import {
  stateSinceFrom,
  type Agent,
  type AgentState,
  type AgentToday,
  type ChatMessage,
  type Media,
  type Metric,
  type MetricKind,
  type Queue,
  type QueueToday,
} from '../../../../src-shared/model'
import type { GridSpec, SubscriptionSpec } from './subscription'

// ---------------------------------------------------------------------------------------------------------------
// Cells

type Row = Record<string, unknown>

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** A cell as text, or null for "no value" (`""`, null, absent). */
export function cellText(v: unknown): string | null {
  if (v === undefined || v === null) return null
  if (typeof v === 'string') return v === '' ? null : v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return null
}

const NUMERIC = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/

/** A cell as a number: null for "no value", undefined when the cell holds something that is not a number. */
export function cellNumber(v: unknown): number | null | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  const t = cellText(v)
  if (t === null) return null
  const s = t.trim()
  if (s === '') return null
  return NUMERIC.test(s) ? Number(s) : undefined
}

/** Collects warnings once each (a bad column repeats on every row). */
class Warnings {
  private readonly seen = new Set<string>()
  add(w: string): void {
    this.seen.add(w)
  }
  list(): string[] {
    return [...this.seen]
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Agent states (docs/vendors/brightpattern.md §7.1)

/**
 * Defaults from docs/vendors/brightpattern.md §7.1; `Supervising` is a known state with no board equivalent.
 */
export const DEFAULT_STATE_MAP: Readonly<Record<string, AgentState>> = {
  ready: 'available',
  busy: 'busy',
  'after call work': 'wrap_up',
  'not ready': 'not_ready',
  'logged out': 'logged_out',
  supervising: 'unknown',
}

export type StateTable = ReadonlyMap<string, AgentState>

/** acd_state strings are tenant-configured: compare case-insensitively with whitespace collapsed. */
export function stateKey(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ').toLowerCase()
}

/** The defaults with the connection's own entries on top. */
export function stateTable(overrides: Readonly<Record<string, AgentState>>): StateTable {
  const table = new Map<string, AgentState>()
  for (const [k, v] of Object.entries(DEFAULT_STATE_MAP)) table.set(stateKey(k), v)
  for (const [k, v] of Object.entries(overrides)) table.set(stateKey(k), v)
  return table
}

/** `known` is false when the string is not in the table (the caller warns). */
export function mapState(raw: string | null, table: StateTable): { state: AgentState; known: boolean } {
  if (raw === null) return { state: 'unknown', known: true }
  const state = table.get(stateKey(raw))
  return state === undefined ? { state: 'unknown', known: false } : { state, known: true }
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics catalogue (docs/vendors/brightpattern.md §4.2)

/**
 * Fractions in the samples (×100 by their formatters); some tenants send 0–100
 * (docs/vendors/brightpattern.md §6.7).
 */
const PERCENT_STATS = new Set([
  'service_level',
  'service_level_target',
  'in_calls_abandoned_in_queue_ratio_per_day',
  'in_calls_short_abandoned_in_queue_ratio_per_day',
  'in_calls_abandoned_percent_per_day',
])

const DURATION_STATS = new Set([
  'in_max_wait_time',
  'in_average_speed_of_answer',
  'service_level_threshold_time',
  'state_duration',
  'login_time',
  'active_item_talk_duration',
  'active_item_hold_duration',
  'agent_total_ready_time',
  'agent_total_busy_time',
  'agent_total_break_time',
  'agent_total_ACW_time',
  'calls_average_handling_time_per_day',
])

const COUNT_STATS = new Set([
  'in_calls_waiting',
  'in_calls_queued_per_day',
  'in_calls_received_per_day',
  'in_calls_abandoned_in_queue_per_day',
  'in_calls_short_abandoned_in_queue_per_day',
  'in_calls_abandoned_total_per_day',
  'out_calls_answered_per_day',
  'agents_logged',
  'agents_ready',
  'agents_busy',
  'in_calls_handled_per_day',
  'calls_dispositions_per_day',
])

/**
 * Labels from the public wallboard samples (docs/vendors/brightpattern.md §4.2); other statistics show their
 * protocol name.
 */
const STAT_LABELS: Readonly<Record<string, string>> = {
  agents_logged: 'Agents logged in',
  agents_ready: 'Agents ready',
  agents_busy: 'Agents busy',
  in_calls_waiting: 'Interactions waiting',
  in_max_wait_time: 'Longest waiting interaction',
  in_average_speed_of_answer: 'Average speed of answer',
  in_calls_queued_per_day: 'Queued today',
  in_calls_received_per_day: 'Received today',
  in_calls_abandoned_in_queue_per_day: 'Long abandoned today',
  in_calls_short_abandoned_in_queue_per_day: 'Short abandoned today',
  in_calls_abandoned_total_per_day: 'Abandoned today',
  in_calls_abandoned_in_queue_ratio_per_day: 'Long abandoned rate today',
  in_calls_short_abandoned_in_queue_ratio_per_day: 'Short abandoned rate today',
  in_calls_abandoned_percent_per_day: 'Abandoned rate today',
  service_level: 'Service level',
  service_level_target: 'Service level target',
  service_level_threshold_time: 'Service level threshold',
  out_calls_answered_per_day: 'Outbound answered today',
}

export function statKind(stat: string, value: number | string | null): MetricKind | null {
  if (PERCENT_STATS.has(stat)) return 'percent'
  if (DURATION_STATS.has(stat)) return 'duration'
  if (COUNT_STATS.has(stat)) return 'count'
  if (typeof value === 'number') return 'number'
  if (typeof value === 'string') return 'string'
  return null
}

/**
 * Multiplier that brings one percent statistic to 0–100. Decided per statistic across the whole snapshot: if
 * any value is above 1 the tenant sends 0–100, otherwise fractions (docs/vendors/brightpattern.md §6.7).
 */
function percentScale(values: number[]): number {
  return values.some((v) => v > 1) ? 1 : 100
}

/** Scaled, without float noise (0.82 × 100 is 82.00000000000001). */
function scaled(n: number, scale: number): number {
  return Math.round(n * scale * 1e6) / 1e6
}

// ---------------------------------------------------------------------------------------------------------------
// Grids

interface GridRead {
  rows: Row[]
  /** stats the grid has columns for */
  stats: Set<string>
  found: boolean
}

/** A grid's rows re-keyed by statistic name (the raw vendor strings kept as they came). */
function readGrid(
  section: Record<string, unknown>,
  key: string,
  grid: GridSpec,
  warnings: Warnings,
): GridRead {
  const stats = new Set(grid.columns.map((c) => c.stat))
  const list = section[key]
  const found = Array.isArray(list) ? list.find((g) => isRecord(g) && String(g['id']) === grid.id) : undefined
  if (!isRecord(found)) {
    warnings.add(`the answer has no ${key} entry "${grid.id}"; its data is missing`)
    return { rows: [], stats, found: false }
  }
  const values = found['values']
  if (!Array.isArray(values)) {
    warnings.add(`${key} "${grid.id}" has no values list; its data is missing`)
    return { rows: [], stats, found: false }
  }
  const rows: Row[] = []
  for (const v of values) {
    if (!isRecord(v)) continue
    const row: Row = {}
    for (const c of grid.columns) row[c.stat] = c.id in v ? v[c.id] : v[c.stat]
    rows.push(row)
  }
  if (values.length >= grid.limit) {
    warnings.add(
      `${key} "${grid.id}" returned ${values.length} rows, the limit asked for: some may be cut off`,
    )
  }
  return { rows, stats, found: true }
}

/** Numbers of one row, warning once per statistic that holds text where a number belongs. */
function numberOf(row: Row, stat: string, warnings: Warnings): number | null {
  const n = cellNumber(row[stat])
  if (n === undefined) {
    warnings.add(
      `statistic "${stat}" has a value that is not a number (${JSON.stringify(cellText(row[stat]))})`,
    )
    return null
  }
  return n
}

function mediaFromText(t: string | null): Media {
  if (t === null) return null
  const s = t.toLowerCase()
  if (s.includes('voicemail')) return 'voicemail'
  if (/voice|call|phone|audio/.test(s)) return 'voice'
  if (/chat|sms|messag/.test(s)) return 'chat'
  if (/e-?mail/.test(s)) return 'email'
  if (/work ?item|back ?office/.test(s)) return 'backoffice'
  return 'other'
}

/** Services carry no media statistic; the name is the only hint (docs/vendors/brightpattern.md §6.15). */
export function mediaFromServiceName(name: string): Media {
  const m = mediaFromText(name)
  return m === 'other' ? null : m
}

function anyOf(stats: Set<string>, wanted: string[]): boolean {
  return wanted.some((s) => stats.has(s))
}

const AGENT_TODAY_STATS = [
  'in_calls_handled_per_day',
  'login_time',
  'agent_total_ready_time',
  'agent_total_break_time',
  'agent_total_ACW_time',
  'calls_average_handling_time_per_day',
  'agent_total_busy_time',
]

function joinName(...parts: (string | null)[]): string | null {
  const s = parts
    .filter((p): p is string => p !== null && p.trim() !== '')
    .map((p) => p.trim())
    .join(' ')
  return s === '' ? null : s
}

/**
 * Time on the active item so far: its talk plus its hold duration, where either was asked for (option
 * agentColumns); 0 (or nothing) is no item in progress (docs/vendors/brightpattern.md §7.2).
 */
function activeItemSec(row: Row, warnings: Warnings): number | null {
  const talk = numberOf(row, 'active_item_talk_duration', warnings)
  const hold = numberOf(row, 'active_item_hold_duration', warnings)
  if (talk === null && hold === null) return null
  const sec = (talk ?? 0) + (hold ?? 0)
  return sec > 0 ? sec : null
}

function toAgents(grid: GridRead, ctx: ParseContext, warnings: Warnings): Agent[] {
  const agents: Agent[] = []
  const ids = new Set<string>()
  const unmapped = new Map<string, number>()
  const withToday = anyOf(grid.stats, AGENT_TODAY_STATS)
  for (const row of grid.rows) {
    const id = cellText(row['login_id'])?.trim() ?? null
    if (id === null || id === '') {
      warnings.add('an agent row has no login_id and was skipped')
      continue
    }
    if (ids.has(id)) {
      warnings.add(`agent "${id}" appears twice; the first row is shown`)
      continue
    }
    ids.add(id)
    const rawState = cellText(row['acd_state'])
    const mapped = mapState(rawState, ctx.stateTable)
    if (!mapped.known && rawState !== null) unmapped.set(rawState, (unmapped.get(rawState) ?? 0) + 1)
    const timeInStateSec = numberOf(row, 'state_duration', warnings)
    const today: AgentToday | null = withToday
      ? {
          handled: numberOf(row, 'in_calls_handled_per_day', warnings),
          rejected: null,
          loginSec: numberOf(row, 'login_time', warnings),
          availableSec: numberOf(row, 'agent_total_ready_time', warnings),
          breakSec: numberOf(row, 'agent_total_break_time', warnings),
          wrapUpSec: numberOf(row, 'agent_total_ACW_time', warnings),
          avgHandleSec: numberOf(row, 'calls_average_handling_time_per_day', warnings),
          talkSec: numberOf(row, 'agent_total_busy_time', warnings),
          missed: null,
        }
      : null
    const contactSec = activeItemSec(row, warnings)
    const team = cellText(row['team_name'])
    agents.push({
      id,
      name:
        cellText(row['first_last_name']) ??
        joinName(cellText(row['firstname']), cellText(row['lastname'])) ??
        cellText(row['last_first_name']),
      email: null,
      state: mapped.state,
      rawState,
      stateReason: cellText(row['reason']),
      timeInStateSec,
      stateSince: stateSinceFrom(ctx.asOf, timeInStateSec),
      // The API gives the hold time of the active item so far, not whether it is on hold now (docs/vendors/brightpattern.md §7.2).
      onHold: null,
      contactSec,
      contactSince: stateSinceFrom(ctx.asOf, contactSec),
      media: mediaFromText(cellText(row['active_item_media_type'])),
      openInteractions: null,
      freeCapacity: null,
      groupIds: team === null ? [] : [team],
      queueIds: [],
      today,
      raw: row,
    })
  }
  for (const [raw, count] of unmapped) {
    warnings.add(
      `agent state "${raw}" is not in the state mapping (${count} agent${count === 1 ? '' : 's'} shown as unknown); add it under Agent state mapping`,
    )
  }
  return agents
}

const QUEUE_TODAY_STATS = [
  'in_calls_received_per_day',
  'in_calls_abandoned_total_per_day',
  'in_calls_abandoned_in_queue_per_day',
  'in_average_speed_of_answer',
]

function toQueues(
  grid: GridRead,
  ctx: ParseContext,
  scales: Map<string, number>,
  warnings: Warnings,
): Queue[] {
  const wanted = new Set(ctx.services.map((s) => s.trim().toLowerCase()))
  const seenWanted = new Set<string>()
  const queues: Queue[] = []
  const names = new Set<string>()
  const withToday = anyOf(grid.stats, QUEUE_TODAY_STATS)
  const pct = (row: Row, stat: string) => {
    const n = numberOf(row, stat, warnings)
    return n === null ? null : scaled(n, scales.get(stat) ?? 100)
  }
  for (const row of grid.rows) {
    const name = cellText(row['name'])?.trim() ?? null
    if (name === null || name === '') {
      warnings.add('a service row has no name and was skipped')
      continue
    }
    if (wanted.size > 0) {
      if (!wanted.has(name.toLowerCase())) continue
      seenWanted.add(name.toLowerCase())
    }
    if (names.has(name)) {
      warnings.add(`service "${name}" appears twice; the first row is shown`)
      continue
    }
    names.add(name)
    const today: QueueToday | null = withToday
      ? {
          received: numberOf(row, 'in_calls_received_per_day', warnings),
          answered: null,
          abandoned:
            numberOf(row, 'in_calls_abandoned_total_per_day', warnings) ??
            numberOf(row, 'in_calls_abandoned_in_queue_per_day', warnings),
          avgWaitSec: numberOf(row, 'in_average_speed_of_answer', warnings),
          avgHandleSec: null,
          serviceLevelPct: null,
        }
      : null
    queues.push({
      // Services have no id statistic; the name is the key (docs/vendors/brightpattern.md §6.15).
      id: name,
      name,
      media: mediaFromServiceName(name),
      waiting: numberOf(row, 'in_calls_waiting', warnings),
      longestWaitSec: numberOf(row, 'in_max_wait_time', warnings),
      avgWaitNowSec: null,
      offered: null,
      inProgress: null,
      agentsAvailable: numberOf(row, 'agents_ready', warnings),
      agentsBusy: numberOf(row, 'agents_busy', warnings),
      agentsWrapUp: null,
      agentsNotReady: null,
      agentsLoggedIn: numberOf(row, 'agents_logged', warnings),
      agentsLoggedOut: null,
      serviceLevelPct: pct(row, 'service_level'),
      serviceLevelTargetPct: pct(row, 'service_level_target'),
      // Only when the tenant's subscription asks for it (option serviceColumns, docs/vendors/brightpattern.md §3.1).
      serviceLevelThresholdSec: numberOf(row, 'service_level_threshold_time', warnings),
      today,
      last30m: null,
      raw: row,
    })
  }
  for (const s of ctx.services) {
    if (!seenWanted.has(s.trim().toLowerCase())) {
      warnings.add(`service "${s}" is not in the data: check its name and that this user supervises it`)
    }
  }
  return queues
}

function toMetrics(
  totals: Record<string, unknown>,
  requested: string[],
  asOf: number,
  scales: Map<string, number>,
  warnings: Warnings,
): Metric[] {
  const stats = [...requested, ...Object.keys(totals).filter((k) => !requested.includes(k))]
  return stats.map((stat) => {
    const rawValue = totals[stat]
    const n = cellNumber(rawValue)
    let value: number | string | null
    if (n === undefined) {
      value = cellText(rawValue)
      if (COUNT_STATS.has(stat) || DURATION_STATS.has(stat) || PERCENT_STATS.has(stat)) {
        warnings.add(`statistic "${stat}" has a value that is not a number (${JSON.stringify(value)})`)
        value = null
      }
    } else if (n !== null && PERCENT_STATS.has(stat)) {
      value = scaled(n, scales.get(stat) ?? 100)
    } else {
      value = n
    }
    return {
      key: `totals:${stat}`,
      metricId: stat,
      name: STAT_LABELS[stat] ?? stat,
      category: null,
      kind: statKind(stat, value),
      status: value === null ? 'no_data' : 'ok',
      value,
      live: null,
      updatedAt: asOf,
      raw: { [stat]: rawValue ?? null },
    }
  })
}

/**
 * `send_time` is documented only as "utc timestamp" (docs/vendors/brightpattern.md §6.9): accept epoch ms,
 * epoch seconds and date strings; a date string without a zone is UTC.
 */
export function parseSendTime(v: unknown): number | null {
  const n = cellNumber(v)
  if (typeof n === 'number') return n < 1e11 ? Math.round(n * 1000) : Math.round(n)
  const t = cellText(v)?.trim()
  if (!t) return null
  const zoneless = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)
  const ms = Date.parse(zoneless ? `${t.replace(' ', 'T')}Z` : t)
  return Number.isNaN(ms) ? null : ms
}

function toChatMessages(list: unknown, warnings: Warnings): ChatMessage[] {
  if (list === undefined || list === null) return []
  if (!Array.isArray(list)) {
    warnings.add('chat_messages is not a list; messages are missing')
    return []
  }
  const out: ChatMessage[] = []
  for (const m of list) {
    if (!isRecord(m)) continue
    const id = cellText(m['id'])
    if (id === null) {
      warnings.add('a chat message has no id and was skipped')
      continue
    }
    const sendTime = m['send_time']
    const sentAt = parseSendTime(sendTime)
    if (sentAt === null && cellText(sendTime) !== null) {
      warnings.add(`chat message send_time ${JSON.stringify(cellText(sendTime))} is not a time`)
    }
    const urgent = m['is_urgent']
    out.push({
      id,
      senderLogin: cellText(m['login_id']),
      senderName: joinName(cellText(m['first_name']), cellText(m['last_name'])),
      sentAt,
      urgent: urgent === '1' || urgent === 1 || urgent === true || urgent === 'true',
      text: cellText(m['content']) ?? '',
    })
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// The whole answer

export interface ParseContext {
  /** epoch ms the data describes */
  asOf: number
  stateTable: StateTable
  /** Only these services (names, case-insensitive); empty = all. */
  services: string[]
}

export interface ParsedData {
  agents: Agent[]
  queues: Queue[]
  metrics: Metric[]
  chatMessages: ChatMessage[]
  warnings: string[]
  /** A section we subscribed to is missing. */
  partial: boolean
}

export type ParseOutcome =
  | { ok: true; data: ParsedData }
  /** `foreign`: valid data, but not for our app id: another client of the same user replaced the subscription. */
  | { ok: false; reason: 'unreadable' | 'foreign'; detail: string }

/** GET /statsapi/subscription/data (200) → entities. */
export function parseSubscriptionData(text: string, spec: SubscriptionSpec, ctx: ParseContext): ParseOutcome {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (e) {
    return { ok: false, reason: 'unreadable', detail: `the data is not JSON (${(e as Error).message})` }
  }
  if (!isRecord(body)) return { ok: false, reason: 'unreadable', detail: 'the data is not a JSON object' }
  const section = body[spec.appId]
  if (section === undefined) {
    const keys = Object.keys(body)
      .slice(0, 5)
      .map((k) => JSON.stringify(k))
    return {
      ok: false,
      reason: 'foreign',
      detail: `the data is for subscription ${keys.join(', ') || '(none)'}, not ${JSON.stringify(spec.appId)}`,
    }
  }
  if (!isRecord(section))
    return { ok: false, reason: 'unreadable', detail: `"${spec.appId}" is not an object` }

  const warnings = new Warnings()
  let partial = false
  const agentGrid = readGrid(section, 'agent_grids', spec.agentGrid, warnings)
  const serviceGrid = readGrid(section, 'service_grids', spec.serviceGrid, warnings)
  if (!agentGrid.found || !serviceGrid.found) partial = true

  let totals: Record<string, unknown> = {}
  if (spec.totals.length > 0) {
    const t = section['stats_totals']
    if (isRecord(t)) totals = t
    else {
      warnings.add('the answer has no stats_totals; totals are missing')
      partial = true
    }
  }

  const scales = new Map<string, number>()
  for (const stat of PERCENT_STATS) {
    const values = [totals[stat], ...serviceGrid.rows.map((r) => r[stat])]
      .map((v) => cellNumber(v))
      .filter((v): v is number => typeof v === 'number')
    scales.set(stat, percentScale(values))
  }

  const agents = toAgents(agentGrid, ctx, warnings)
  if (agentGrid.found && agentGrid.rows.length === 0) {
    // Agent grids come back empty unless the API user supervises the agents' teams
    // (docs/vendors/brightpattern.md §6.14).
    warnings.add(
      'no agents in the data: the Bright Pattern user must be assigned as supervisor of their teams',
    )
  }
  return {
    ok: true,
    data: {
      agents,
      queues: toQueues(serviceGrid, ctx, scales, warnings),
      metrics: spec.totals.length > 0 ? toMetrics(totals, spec.totals, ctx.asOf, scales, warnings) : [],
      chatMessages: spec.chatLimit > 0 ? toChatMessages(section['chat_messages'], warnings) : [],
      warnings: warnings.list(),
      partial,
    },
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Small answers

/**
 * OAuth token answer; `expires_in` is a string in Bright Pattern's example
 * (docs/vendors/brightpattern.md §6.13).
 */
export function parseTokenResponse(
  text: string,
): { accessToken: string; expiresInSec: number | null } | null {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return null
  }
  if (!isRecord(body)) return null
  const token = body['access_token']
  if (typeof token !== 'string' || token === '') return null
  const exp = cellNumber(body['expires_in'])
  return { accessToken: token, expiresInSec: typeof exp === 'number' && exp > 0 ? exp : null }
}

/** Legacy login answer `{ "token": "<uuid>", ... }` (docs/vendors/brightpattern.md §2.2). */
export function parseSessionToken(text: string): string | null {
  try {
    const body: unknown = JSON.parse(text)
    if (isRecord(body) && typeof body['token'] === 'string' && body['token'] !== '') return body['token']
  } catch {
    // An empty or non-JSON login answer is fine: the cookies carry the session.
  }
  return null
}

/**
 * The vendor's error text: `{error_code, error_message}` (docs/vendors/brightpattern.md §5) or
 * `{"error": "..."}` (5.36+ login).
 */
export function vendorErrorMessage(text: string): string | undefined {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isRecord(body)) return undefined
  for (const k of ['error_message', 'error_description', 'error', 'message']) {
    const v = body[k]
    if (typeof v === 'string' && v.trim() !== '') return v.trim().slice(0, 300)
  }
  return undefined
}

/**
 * Dispositions as `{"dispositions": [...]}` (vendor document) or a bare array (Postman, samples;
 * docs/vendors/brightpattern.md §6.10).
 */
export function parseDispositions(text: string): string[] | null {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return null
  }
  const list = Array.isArray(body) ? body : isRecord(body) ? body['dispositions'] : undefined
  if (!Array.isArray(list)) return null
  const names = list
    .map((d) => (isRecord(d) ? cellText(d['name']) : cellText(d)))
    .filter((d): d is string => d !== null)
  return [...new Set(names)]
}
