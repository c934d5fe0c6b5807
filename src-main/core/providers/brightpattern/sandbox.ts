/**
 * A loopback Bright Pattern Real-Time Stats API (docs/ARCHITECTURE.md §6.2), served from the simulator and
 * faithful to docs/vendors/brightpattern.md: OAuth client credentials (expires_in as a string) and the legacy
 * cookie session, one subscription per client within a tenant-wide limit (409), 204 until the data is ready,
 * 404 without a subscription, string-valued grids keyed by the client's column ids, supervisor chat messages
 * and dispositions.
 *
 * Switches beyond the kit's faults: `expireSessions()` (every token and cookie → 401), `dropSubscriptions()`
 * (→ 404), `occupySlots(n)` (other wallboards hold n of the tenant's slots → 409), `setWarmupPolls(n)` and
 * `setLegacyLogin(mode)`; the same over HTTP as POST /__sandbox/expire-sessions, /__sandbox/drop-subscriptions,
 * /__sandbox/occupy-slots {"slots": n}, /__sandbox/warmup {"polls": n}, /__sandbox/legacy-login {"mode": ...}
 * and GET /__sandbox/subscriptions. (Those control paths go through the kit, so they are logged and a forced
 * fault status answers them too.)
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { Agent, AgentState, Media, Queue } from '../../../../src-shared/model'
import type { SandboxOptions } from '../../sandbox/registry'
import {
  basicAuth,
  json,
  startSandboxServer,
  type SandboxReply,
  type SandboxRequest,
  type SandboxServer,
} from '../../sandbox/server'
import type { SimulatorState } from '../../simulator/types'

export interface BrightPatternSandboxOptions extends SandboxOptions {
  /** Data polls answered 204 after each new subscription (default 2, docs/vendors/brightpattern.md §9). */
  warmupPolls?: number
  /** OAuth token lifetime in seconds (default 3600). */
  tokenTtlSec?: number
  /** Concurrent subscriptions the tenant allows (default 5). */
  tenantLimit?: number
  /** 'forbidden' answers the legacy login like BPCC 5.36+: 403 {"error": "illegal login attempt"}. */
  legacyLogin?: 'enabled' | 'forbidden'
  /** Legacy session cookie names: X-BP-SESSION-ID (2022 server, default) or the documented X-STATSAPI-* trio. */
  sessionCookies?: 'bp-session' | 'statsapi'
  /** service_level and other ratios as fractions (default) or 0–100. */
  serviceLevelAs?: 'fraction' | 'percent'
  /** chat_messages send_time as an ISO string (default) or epoch ms. */
  sendTimeAs?: 'iso' | 'epoch'
  /** Dispositions as {"dispositions": [...]} (vendor document, default) or a bare array (Postman). */
  dispositionsAs?: 'object' | 'array'
  dispositions?: string[]
}

export interface BrightPatternSandbox extends SandboxServer {
  /** Invalidate every token and session: the next request of each client gets 401. */
  expireSessions(): void
  /** Forget every subscription: the next data poll gets 404. */
  dropSubscriptions(): void
  /** Pretend other clients hold this many of the tenant's subscription slots. */
  occupySlots(n: number): void
  setWarmupPolls(n: number): void
  setLegacyLogin(mode: 'enabled' | 'forbidden'): void
  /** Active subscriptions (client → what it asked for), for tests. */
  subscriptions(): { user: string; appId: string; request: unknown }[]
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics (docs/vendors/brightpattern.md §4.2)

const AGENT_STATS = [
  'login_id',
  'firstname',
  'lastname',
  'first_last_name',
  'last_first_name',
  'acd_state',
  'state_ic',
  'state_duration',
  'reason',
  'team_name',
  'login_time',
  'active_item_talk_duration',
  'active_item_hold_duration',
  'active_item_media_type',
  'in_calls_handled_per_day',
  'agent_total_ready_time',
  'agent_total_busy_time',
  'agent_total_break_time',
  'agent_total_ACW_time',
  'calls_average_handling_time_per_day',
  'calls_dispositions_per_day',
]
const SERVICE_STATS = [
  'name',
  'in_calls_waiting',
  'in_max_wait_time',
  'in_average_speed_of_answer',
  'in_calls_queued_per_day',
  'in_calls_received_per_day',
  'in_calls_abandoned_in_queue_per_day',
  'in_calls_short_abandoned_in_queue_per_day',
  'in_calls_abandoned_total_per_day',
  'in_calls_abandoned_in_queue_ratio_per_day',
  'in_calls_short_abandoned_in_queue_ratio_per_day',
  'in_calls_abandoned_percent_per_day',
  'service_level',
  'service_level_target',
  'service_level_threshold_time',
  'out_calls_answered_per_day',
  'agents_logged',
  'agents_ready',
  'agents_busy',
]
const KNOWN_STATS = new Set([...AGENT_STATS, ...SERVICE_STATS])

const ACD_STATE: Record<AgentState, string> = {
  available: 'Ready',
  // Bright Pattern shows a ringing agent as Busy (docs/vendors/brightpattern.md §7.1).
  offered: 'Busy',
  busy: 'Busy',
  wrap_up: 'After Call Work',
  not_ready: 'Not Ready',
  offline_work: 'Not Ready',
  logged_out: 'Logged Out',
  unknown: 'Supervising',
}

const MEDIA_NAME: Record<Exclude<Media, null>, string> = {
  voice: 'Voice',
  chat: 'Chat',
  email: 'Email',
  voicemail: 'Voicemail',
  backoffice: 'Work Item',
  other: 'Other',
}

const DEFAULT_DISPOSITIONS = ['Resolved', 'Callback requested', 'Product sold', 'Escalated', 'Wrong number']

/** Every value is a string; no value is "" (docs/vendors/brightpattern.md §6.6). */
function fmt(n: number | null | undefined, decimals = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return ''
  return decimals === 0 ? String(Math.round(n)) : String(Number(n.toFixed(decimals)))
}

function sum(values: (number | null | undefined)[]): number | null {
  const v = values.filter((x): x is number => typeof x === 'number')
  return v.length === 0 ? null : v.reduce((a, b) => a + b, 0)
}

function mean(values: (number | null | undefined)[]): number | null {
  const v = values.filter((x): x is number => typeof x === 'number')
  return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length
}

function splitName(name: string | null): { first: string; last: string } {
  if (!name) return { first: '', last: '' }
  const i = name.trim().indexOf(' ')
  return i < 0
    ? { first: name.trim(), last: '' }
    : { first: name.slice(0, i).trim(), last: name.slice(i + 1).trim() }
}

class StatValues {
  constructor(
    private readonly state: SimulatorState,
    private readonly now: number,
    private readonly ratioAsPercent: boolean,
  ) {}

  /** A 0–100 model percentage as Bright Pattern sends it. */
  private ratio(pct: number | null | undefined): string {
    if (pct === null || pct === undefined) return ''
    return this.ratioAsPercent ? fmt(pct, 2) : fmt(pct / 100, 4)
  }

  agent(a: Agent, stat: string): string {
    const { first, last } = splitName(a.name)
    const t = a.today
    switch (stat) {
      case 'login_id':
        return a.id
      case 'firstname':
        return first
      case 'lastname':
        return last
      case 'first_last_name':
        return a.name ?? ''
      case 'last_first_name':
        return `${last} ${first}`.trim()
      case 'acd_state':
        return ACD_STATE[a.state]
      case 'state_duration':
        return a.stateSince !== null
          ? fmt(Math.max(0, (this.now - a.stateSince) / 1000))
          : fmt(a.timeInStateSec)
      case 'reason':
        return a.stateReason ?? (a.state === 'offline_work' ? 'Offline work' : '')
      case 'team_name': {
        const g = a.groupIds[0]
        return g === undefined ? '' : (this.state.groups.find((x) => x.id === g)?.name ?? g)
      }
      case 'login_time':
        return fmt(t?.loginSec)
      case 'active_item_media_type':
        return a.media === null ? '' : MEDIA_NAME[a.media]
      case 'in_calls_handled_per_day':
        return fmt(t?.handled)
      case 'agent_total_ready_time':
        return fmt(t?.availableSec)
      case 'agent_total_break_time':
        return fmt(t?.breakSec)
      case 'agent_total_ACW_time':
        return fmt(t?.wrapUpSec)
      case 'calls_average_handling_time_per_day':
        return fmt(t?.avgHandleSec)
      case 'agent_total_busy_time':
        return fmt(t?.talkSec)
      case 'active_item_talk_duration':
        // The model has the contact's whole time, not its parts: all of it is talk, none hold.
        return a.contactSince !== null ? fmt(Math.max(0, (this.now - a.contactSince) / 1000)) : ''
      case 'active_item_hold_duration':
        return a.contactSince !== null ? '0' : ''
      default:
        return ''
    }
  }

  service(q: Queue, stat: string): string {
    const t = q.today
    switch (stat) {
      case 'name':
        return q.name
      case 'in_calls_waiting':
        return fmt(q.waiting)
      case 'in_max_wait_time':
        return fmt(q.longestWaitSec)
      case 'in_average_speed_of_answer':
        return fmt(t?.avgWaitSec)
      case 'in_calls_queued_per_day':
      case 'in_calls_received_per_day':
        return fmt(t?.received)
      case 'in_calls_abandoned_total_per_day':
      case 'in_calls_abandoned_in_queue_per_day':
        return fmt(t?.abandoned)
      case 'in_calls_abandoned_percent_per_day':
      case 'in_calls_abandoned_in_queue_ratio_per_day':
        return t && t.received && t.abandoned !== null ? this.ratio((100 * t.abandoned) / t.received) : ''
      case 'service_level':
        return this.ratio(q.serviceLevelPct)
      case 'service_level_target':
        return this.ratio(q.serviceLevelTargetPct)
      case 'agents_logged':
        return fmt(q.agentsLoggedIn)
      case 'agents_ready':
        return fmt(q.agentsAvailable)
      case 'agents_busy':
        return fmt(q.agentsBusy)
      default:
        return ''
    }
  }

  total(stat: string): string {
    const agents = this.state.agents
    const queues = this.state.queues
    const count = (states: AgentState[]) => String(agents.filter((a) => states.includes(a.state)).length)
    switch (stat) {
      case 'agents_logged':
        return String(agents.filter((a) => a.state !== 'logged_out').length)
      case 'agents_ready':
        return count(['available'])
      case 'agents_busy':
        return count(['busy', 'offered'])
      case 'in_calls_waiting':
        return fmt(sum(queues.map((q) => q.waiting)))
      case 'in_max_wait_time': {
        const v = queues.map((q) => q.longestWaitSec).filter((x): x is number => x !== null)
        return v.length === 0 ? '' : fmt(Math.max(...v))
      }
      case 'in_average_speed_of_answer':
        return fmt(mean(queues.map((q) => q.today?.avgWaitSec)))
      case 'in_calls_queued_per_day':
      case 'in_calls_received_per_day':
        return fmt(sum(queues.map((q) => q.today?.received)))
      case 'in_calls_abandoned_in_queue_per_day':
      case 'in_calls_abandoned_total_per_day':
        return fmt(sum(queues.map((q) => q.today?.abandoned)))
      case 'service_level':
        return this.ratio(mean(queues.map((q) => q.serviceLevelPct)))
      default:
        return ''
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Subscriptions

interface ColumnDef {
  id: string
  stat: string
  sum: string[]
}

interface GridDef {
  id: string
  columns: ColumnDef[]
  orderBy: string | null
  orderDir: 'ASC' | 'DESC'
  limit: number | null
  filter: { by: string; value: string; op: string } | null
  teamIds: string[]
  loggedInOnly: boolean
}

interface Subscription {
  appId: string
  request: unknown
  totals: string[]
  agentGrids: GridDef[]
  serviceGrids: GridDef[]
  chat: { filter: string; limit: number } | null
  warmupLeft: number
}

class BadSubscription extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return String(v)
  return null
}

function checkStat(stat: string): void {
  if (!KNOWN_STATS.has(stat)) throw new BadSubscription(2, `Unknown statistic: ${stat}`)
}

function readGrid(v: unknown, kind: string): GridDef {
  if (!isRecord(v) || !Array.isArray(v['columns']))
    throw new BadSubscription(1, `${kind}: a grid needs columns`)
  const id = str(v['id'])
  if (!id) throw new BadSubscription(1, `${kind}: a grid needs an id`)
  const columns = v['columns'].map((c): ColumnDef => {
    if (!isRecord(c)) throw new BadSubscription(1, `${kind} ${id}: bad column`)
    const cid = str(c['id'])
    // Both spellings exist: stat_name (3.13+) and statName (3.12, docs/vendors/brightpattern.md §6.4).
    const stat = str(c['stat_name']) ?? str(c['statName'])
    if (!cid || !stat) throw new BadSubscription(1, `${kind} ${id}: a column needs id and stat_name`)
    const sumNames = Array.isArray(c['sum_stat_names']) ? c['sum_stat_names'].map((s) => String(s)) : []
    if (stat === 'SUM') {
      if (sumNames.length === 0)
        throw new BadSubscription(1, `${kind} ${id}: SUM column ${cid} has no sum_stat_names`)
      sumNames.forEach(checkStat)
    } else checkStat(stat)
    return { id: cid, stat, sum: sumNames }
  })
  const limit = v['limit'] === undefined ? null : Number(v['limit'])
  if (limit !== null && (!Number.isInteger(limit) || limit < 0))
    throw new BadSubscription(1, `${kind} ${id}: bad limit`)
  const dir = str(v['order_dir'])?.toUpperCase() ?? 'ASC'
  if (dir !== 'ASC' && dir !== 'DESC')
    throw new BadSubscription(1, `${kind} ${id}: order_dir must be ASC or DESC`)
  const filterBy = str(v['filter_by'])
  const op = str(v['filter_operation'])?.toUpperCase() ?? 'EQ'
  if (!['EQ', 'NE', 'LT', 'GT', 'LE', 'GE'].includes(op))
    throw new BadSubscription(1, `${kind} ${id}: bad filter_operation`)
  return {
    id,
    columns,
    orderBy: str(v['order_by']),
    orderDir: dir,
    limit,
    filter: filterBy ? { by: filterBy, value: str(v['filter_value']) ?? '', op } : null,
    teamIds: Array.isArray(v['team_ids']) ? v['team_ids'].map((t) => String(t)) : [],
    loggedInOnly: String(v['logged_in_agents_only'] ?? 'false').toLowerCase() === 'true',
  }
}

function readSubscription(text: string, warmup: number): Subscription {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new BadSubscription(1, 'Malformed JSON')
  }
  if (!isRecord(body)) throw new BadSubscription(1, 'The subscription must be an object keyed by an app id')
  const keys = Object.keys(body)
  const appId = keys[0]
  if (keys.length !== 1 || appId === undefined) throw new BadSubscription(1, 'Exactly one app id is expected')
  const s = body[appId]
  if (!isRecord(s)) throw new BadSubscription(1, `${appId}: not an object`)
  const totals = s['stats_totals'] === undefined ? [] : s['stats_totals']
  if (!Array.isArray(totals) || totals.some((t) => typeof t !== 'string')) {
    throw new BadSubscription(1, 'stats_totals must be a list of statistic names')
  }
  ;(totals as string[]).forEach(checkStat)
  const grids = (key: string) => {
    const g = s[key]
    if (g === undefined) return []
    if (!Array.isArray(g)) throw new BadSubscription(1, `${key} must be a list`)
    return g.map((x) => readGrid(x, key))
  }
  let chat: Subscription['chat'] = null
  const c = s['chat_messages']
  if (c !== undefined) {
    if (!isRecord(c)) throw new BadSubscription(1, 'chat_messages must be an object')
    const limit = c['limit'] === undefined ? 20 : Number(c['limit'])
    if (!Number.isInteger(limit) || limit < 0) throw new BadSubscription(1, 'chat_messages: bad limit')
    chat = { filter: str(c['filter']) ?? '', limit }
  }
  return {
    appId,
    request: body,
    totals: totals as string[],
    agentGrids: grids('agent_grids'),
    serviceGrids: grids('service_grids'),
    chat,
    warmupLeft: warmup,
  }
}

function compare(a: string, b: string): number {
  const na = Number(a)
  const nb = Number(b)
  if (a !== '' && b !== '' && Number.isFinite(na) && Number.isFinite(nb)) return na - nb
  return a.localeCompare(b)
}

function passes(value: string, f: NonNullable<GridDef['filter']>): boolean {
  const c = compare(value, f.value)
  switch (f.op) {
    case 'NE':
      return c !== 0
    case 'LT':
      return c < 0
    case 'GT':
      return c > 0
    case 'LE':
      return c <= 0
    case 'GE':
      return c >= 0
    default:
      return c === 0
  }
}

/** One grid's `values`: rows keyed by the client's column ids, ordered, filtered and cut to `limit`. */
function gridValues<T>(
  grid: GridDef,
  items: T[],
  value: (item: T, stat: string) => string,
): Record<string, string>[] {
  let rows = items.map((item) => {
    const row: Record<string, string> = {}
    for (const c of grid.columns) {
      row[c.id] =
        c.stat === 'SUM'
          ? fmt(sum(c.sum.map((s) => (value(item, s) === '' ? null : Number(value(item, s))))))
          : value(item, c.stat)
    }
    return row
  })
  const f = grid.filter
  if (f) rows = rows.filter((r) => passes(r[f.by] ?? '', f))
  const by = grid.orderBy
  if (by) {
    rows.sort((a, b) => compare(a[by] ?? '', b[by] ?? ''))
    if (grid.orderDir === 'DESC') rows.reverse()
  }
  return grid.limit === null ? rows : rows.slice(0, grid.limit)
}

// ---------------------------------------------------------------------------------------------------------------
// The server

function cookies(req: SandboxRequest): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (req.headers['cookie'] ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim())
  }
  return out
}

export async function startBrightPatternSandbox(
  opts: BrightPatternSandboxOptions,
): Promise<BrightPatternSandbox> {
  const clock = opts.clock
  const ttlSec = opts.tokenTtlSec ?? 3600
  const tenantLimit = opts.tenantLimit ?? 5
  const cookieStyle = opts.sessionCookies ?? 'bp-session'
  const dispositions = opts.dispositions ?? DEFAULT_DISPOSITIONS
  let warmupPolls = opts.warmupPolls ?? 2
  let legacyLogin = opts.legacyLogin ?? 'enabled'
  let occupied = 0

  const tokens = new Map<string, { user: string; expiresAt: number }>()
  /**
   * session id → user; `currentSession` keeps one per user ("one cookie per user",
   * docs/vendors/brightpattern.md §6.2).
   */
  const sessions = new Map<string, string>()
  const currentSession = new Map<string, string>()
  const subs = new Map<string, Subscription>()

  const expireSessions = () => {
    tokens.clear()
    sessions.clear()
    currentSession.clear()
  }
  const dropSubscriptions = () => subs.clear()

  const principal = (req: SandboxRequest): string | null => {
    const h = req.headers['authorization']
    if (h && /^bearer /i.test(h)) {
      const t = tokens.get(h.slice(7).trim())
      if (t && t.expiresAt > clock.now()) return t.user
    }
    const jar = cookies(req)
    for (const name of ['X-BP-SESSION-ID', 'X-STATSAPI-TOKEN']) {
      const id = jar.get(name)
      const user = id === undefined ? undefined : sessions.get(id)
      if (id !== undefined && user !== undefined && currentSession.get(user) === id) return user
    }
    return null
  }

  const oauthToken = (req: SandboxRequest): SandboxReply => {
    const form = new URLSearchParams(req.body)
    if (form.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' })
    const basic = basicAuth(req)
    const id = form.get('client_id') ?? basic?.user
    const secret = form.get('client_secret') ?? basic?.password
    if (id !== opts.username || secret !== opts.secret) return json(401, { error: 'invalid_client' })
    const token = randomBytes(32).toString('hex').toUpperCase()
    tokens.set(token, { user: opts.username, expiresAt: clock.now() + ttlSec * 1000 })
    // expires_in is a string in Bright Pattern's example (docs/vendors/brightpattern.md §6.13).
    return json(200, {
      access_token: token,
      token_type: 'Bearer',
      expires_in: String(ttlSec),
      scope: form.get('scope') ?? '',
    })
  }

  const sessionLogin = (req: SandboxRequest): SandboxReply => {
    if (legacyLogin === 'forbidden') return json(403, { error: 'illegal login attempt' })
    let body: unknown
    try {
      body = JSON.parse(req.body)
    } catch {
      return json(400, { error_code: 1, error_message: 'Malformed JSON' })
    }
    if (!isRecord(body) || typeof body['tenant_url'] !== 'string' || body['tenant_url'] === '') {
      return json(400, { error_code: 1, error_message: 'tenant_url, username and password are required' })
    }
    if (body['username'] !== opts.username || body['password'] !== opts.secret) return { status: 401 }
    const user = opts.username
    const id = randomUUID()
    const previous = currentSession.get(user)
    if (previous !== undefined) sessions.delete(previous)
    sessions.set(id, user)
    currentSession.set(user, id)
    const setCookie =
      cookieStyle === 'bp-session'
        ? [`X-BP-SESSION-ID=${id}; Path=/; HttpOnly`]
        : [
            `X-STATSAPI-TOKEN=${id}; Path=/statsapi; HttpOnly`,
            `X-STATSAPI-TENANT=${encodeURIComponent(body['tenant_url'])}; Path=/statsapi`,
            `X-STATSAPI-LOGIN=${encodeURIComponent(user)}; Path=/statsapi`,
          ]
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'set-cookie': setCookie },
      body: JSON.stringify({ token: id, user_id: randomUUID(), privileges: ['ACCESS_REALTIME_STATS_API'] }),
    }
  }

  const subscribe = (user: string, req: SandboxRequest): SandboxReply => {
    let sub: Subscription
    try {
      sub = readSubscription(req.body, warmupPolls)
    } catch (e) {
      const b = e as BadSubscription
      return json(400, { error_code: b.code ?? 1, error_message: b.message })
    }
    if (!subs.has(user) && occupied + subs.size >= tenantLimit) {
      return json(409, {
        error_code: 409,
        error_message: 'limit of active subscriptions exceeded for tenant',
      })
    }
    // One active subscription per client: a new one replaces the old (docs/vendors/brightpattern.md §6.1).
    subs.set(user, sub)
    return { status: 200 }
  }

  const data = (user: string): SandboxReply => {
    const sub = subs.get(user)
    if (!sub)
      return {
        status: 404,
        headers: { 'content-type': 'text/plain' },
        body: 'There is no active subscription',
      }
    if (sub.warmupLeft > 0) {
      sub.warmupLeft--
      return { status: 204 }
    }
    const now = clock.now()
    const state = opts.sim.at(now)
    const values = new StatValues(state, now, opts.serviceLevelAs === 'percent')
    const agentsFor = (g: GridDef) =>
      state.agents.filter(
        (a) =>
          (g.teamIds.length === 0 || a.groupIds.some((id) => g.teamIds.includes(id))) &&
          (!g.loggedInOnly || a.state !== 'logged_out'),
      )
    const section: Record<string, unknown> = {
      stats_totals: Object.fromEntries(sub.totals.map((s) => [s, values.total(s)])),
      service_grids: sub.serviceGrids.map((g) => ({
        id: g.id,
        values: gridValues(g, state.queues, (q, s) => values.service(q, s)),
      })),
      agent_grids: sub.agentGrids.map((g) => ({
        id: g.id,
        values: gridValues(g, agentsFor(g), (a, s) => values.agent(a, s)),
      })),
    }
    if (sub.chat) {
      const { filter, limit } = sub.chat
      const messages = state.chatMessages
        .filter((m) => filter === '' || m.text.toLowerCase().includes(filter.toLowerCase()))
        .slice()
        .reverse()
        .slice(0, limit)
      section['chat_messages'] = messages.map((m) => {
        const { first, last } = splitName(m.senderName)
        const sent =
          m.sentAt === null
            ? ''
            : opts.sendTimeAs === 'epoch'
              ? String(m.sentAt)
              : new Date(m.sentAt).toISOString()
        return {
          id: m.id,
          login_id: m.senderLogin ?? '',
          first_name: first,
          last_name: last,
          send_time: sent,
          is_urgent: m.urgent ? '1' : '0',
          content: m.text,
        }
      })
    }
    return json(200, { [sub.appId]: section })
  }

  const control = (req: SandboxRequest): SandboxReply => {
    let body: Record<string, unknown> = {}
    try {
      const parsed: unknown = req.body.trim() ? JSON.parse(req.body) : {}
      if (isRecord(parsed)) body = parsed
    } catch {
      return json(400, { error: 'bad JSON' })
    }
    const n = (k: string) => (typeof body[k] === 'number' ? (body[k] as number) : NaN)
    switch (`${req.method} ${req.path}`) {
      case 'POST /__sandbox/expire-sessions':
        expireSessions()
        return json(200, { ok: true })
      case 'POST /__sandbox/drop-subscriptions':
        dropSubscriptions()
        return json(200, { ok: true })
      case 'POST /__sandbox/occupy-slots':
        if (!Number.isInteger(n('slots')) || n('slots') < 0)
          return json(400, { error: 'slots must be an integer ≥ 0' })
        occupied = n('slots')
        return json(200, { occupied })
      case 'POST /__sandbox/warmup':
        if (!Number.isInteger(n('polls')) || n('polls') < 0)
          return json(400, { error: 'polls must be an integer ≥ 0' })
        warmupPolls = n('polls')
        return json(200, { warmupPolls })
      case 'POST /__sandbox/legacy-login':
        if (body['mode'] !== 'enabled' && body['mode'] !== 'forbidden') {
          return json(400, { error: 'mode must be "enabled" or "forbidden"' })
        }
        legacyLogin = body['mode']
        return json(200, { legacyLogin })
      case 'GET /__sandbox/subscriptions':
        return json(200, listSubscriptions())
      default:
        return json(404, { error: 'unknown sandbox control path' })
    }
  }

  const listSubscriptions = () => [...subs].map(([user, s]) => ({ user, appId: s.appId, request: s.request }))

  const route = (req: SandboxRequest): SandboxReply => {
    const key = `${req.method} ${req.path}`
    if (req.path.startsWith('/__sandbox/')) return control(req)
    if (key === 'POST /configapi/v2/oauth/token') return oauthToken(req)
    if (key === 'POST /statsapi/auth') return sessionLogin(req)
    if (!req.path.startsWith('/statsapi/')) return { status: 404, body: 'Not Found' }
    const user = principal(req)
    if (user === null) return json(401, { error: 'Unauthorized' })
    switch (key) {
      case 'DELETE /statsapi/auth': {
        const id = currentSession.get(user)
        if (id !== undefined) sessions.delete(id)
        currentSession.delete(user)
        return { status: 200 }
      }
      case 'POST /statsapi/subscription':
        return subscribe(user, req)
      case 'DELETE /statsapi/subscription/active':
        subs.delete(user)
        return { status: 200 }
      case 'GET /statsapi/subscription/data':
        return data(user)
      case 'GET /statsapi/cfg/dispositions':
        return opts.dispositionsAs === 'array' ? json(200, dispositions) : json(200, { dispositions })
      case 'GET /statsapi/cfg/teams':
        return json(
          200,
          opts.sim.at(clock.now()).groups.map((g) => ({ id: g.id, name: g.name })),
        )
      case 'GET /statsapi/cfg/services':
        return json(
          200,
          opts.sim.at(clock.now()).queues.map((q) => ({ id: q.id, name: q.name })),
        )
      case 'GET /statsapi/cfg/agents':
        return json(
          200,
          opts.sim.at(clock.now()).agents.map((a) => ({ id: a.id, name: a.id })),
        )
      default:
        return { status: 404, body: 'Not Found' }
    }
  }

  const server = await startSandboxServer({
    clock,
    host: opts.host,
    port: opts.port,
    malformedBody: '{"floorwalker": {"stats_totals": {"agents_logged": "5"',
    handle: (req) => {
      const reply = route(req)
      return { ...reply, headers: { date: new Date(clock.now()).toUTCString(), ...reply.headers } }
    },
  })

  return Object.assign(server, {
    expireSessions,
    dropSubscriptions,
    occupySlots: (n: number) => {
      occupied = Math.max(0, Math.floor(n))
    },
    setWarmupPolls: (n: number) => {
      warmupPolls = Math.max(0, Math.floor(n))
    },
    setLegacyLogin: (mode: 'enabled' | 'forbidden') => {
      legacyLogin = mode
    },
    subscriptions: listSubscriptions,
  })
}
