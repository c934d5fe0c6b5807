/**
 * A Thulium-compatible sandbox (docs/ARCHITECTURE.md §6.2): `GET /api/chats/reports/summary` served from the
 * simulator, with Basic auth as an API user, PHP-style array parameters, `limit` ≤ 100 / `offset` paging,
 * `HH:MM:SS` durations and the vendor's error envelope (docs/vendors/thulium.md §9). Chat queues are the
 * simulator's chat-media queues and chat rooms, numbered 1…N; users are the simulator's agents, every one of
 * them and no others (the same floor every sandbox serves).
 */
import type { ChatRoom, Queue } from '../../../../src-shared/model'
import type { SandboxFactory, SandboxOptions } from '../../sandbox/registry'
import {
  basicAuth,
  json,
  startSandboxServer,
  type SandboxReply,
  type SandboxRequest,
  type SandboxServer,
} from '../../sandbox/server'
import type { SimulatorState } from '../../simulator/types'

export const SUMMARY_PATH = '/api/chats/reports/summary'
/** Not a Thulium endpoint: lists the sandbox's chat queue ids and user logins, for setting up a connection. */
export const DIRECTORY_PATH = '/__sandbox/directory'

export interface ThuliumSandboxOptions extends SandboxOptions {
  /**
   * What `limit` over 100 does; the vendor does not say (docs/vendors/thulium.md §6.8): clamp (default) or
   * reject with 422.
   */
  limitOver100?: 'clamp' | 'reject'
}

const MAX_LIMIT = 100
/** The simulator's service level is taken to be measured at 20 s, Thulium's default `response_threshold`. */
const SIM_THRESHOLD_SEC = 20
const AGGREGATES = ['hour_of_day', 'minute', 'hour', 'day', 'week', 'month', 'year'] as const
type Aggregate = (typeof AGGREGATES)[number]

// ---------------------------------------------------------------------------------------------------------------
// Figures

/** A duration distribution in whole seconds. */
interface Span {
  count: number
  sum: number
  min: number
  max: number
}

/** One entity's chat day, additive so that summing users or queues is plain addition. */
export interface Tally {
  incoming: number
  incomingToAgent: number
  incomingIncludingEmpty: number
  abandoned: number
  answered: number
  incomingToBot: number
  transferredByBot: number
  finishedByBot: number
  /** answered within the response threshold (may be fractional: it comes from a percentage) */
  withinThreshold: number
  chat: Span
  wait: Span
  sad: number
  neutral: number
  happy: number
}

/** FNV-1a: a stable number in [0, 1) per key, so synthetic figures are deterministic. */
function unit(key: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h / 0x1_0000_0000
}

const EMPTY_SPAN: Span = { count: 0, sum: 0, min: 0, max: 0 }

function span(key: string, avgSec: number | null, count: number, knownMax: number | null): Span {
  if (count <= 0 || avgSec === null || avgSec < 0) return EMPTY_SPAN
  const avg = Math.round(avgSec)
  if (count === 1) return { count, sum: avg, min: avg, max: avg }
  const min = Math.round(avg * (0.1 + 0.4 * unit(`${key}:min`)))
  const max = Math.max(Math.round(avg * (2 + 2 * unit(`${key}:max`))), Math.round(knownMax ?? 0))
  return { count, sum: avg * count, min, max }
}

/** Service level at `thresholdSec` from one measured at 20 s: a longer threshold lets more chats in. */
export function serviceLevelAt(pctAt20: number, thresholdSec: number): number {
  const missed = (100 - pctAt20) * Math.pow(SIM_THRESHOLD_SEC / thresholdSec, 0.7)
  return Math.min(100, Math.max(0, 100 - missed))
}

interface DayFigures {
  incoming: number
  abandoned: number
  answered: number
  avgWaitSec: number | null
  maxWaitSec: number | null
  avgChatSec: number | null
  serviceLevelPct: number | null
  satisfactionPct: number | null
}

function tally(key: string, d: DayFigures, thresholdSec: number): Tally {
  const incoming = Math.max(0, Math.round(d.incoming))
  const abandoned = Math.max(0, Math.round(d.abandoned))
  const answered = Math.max(0, Math.round(d.answered))
  const incomingToBot = Math.round(incoming * (0.05 + 0.2 * unit(`${key}:bot`)))
  const finishedByBot = Math.round(incomingToBot * 0.4)
  const sl = serviceLevelAt(d.serviceLevelPct ?? 80 + 15 * unit(`${key}:sl`), thresholdSec)
  const rated = Math.round(answered * (0.2 + 0.2 * unit(`${key}:rated`)))
  const happy = Math.round((rated * (d.satisfactionPct ?? 70 + 25 * unit(`${key}:sat`))) / 100)
  const sad = Math.round((rated - happy) / 3)
  return {
    incoming,
    incomingToAgent: Math.min(incoming, Math.max(answered, incoming - finishedByBot)),
    incomingIncludingEmpty: incoming + Math.round(incoming * 0.05 * unit(`${key}:empty`)),
    abandoned,
    answered,
    incomingToBot,
    transferredByBot: incomingToBot - finishedByBot,
    finishedByBot,
    withinThreshold: (answered * sl) / 100,
    chat: span(`${key}:chat`, d.avgChatSec, answered, null),
    wait: span(`${key}:wait`, d.avgWaitSec, answered, d.maxWaitSec),
    sad,
    neutral: rated - happy - sad,
    happy,
  }
}

function addSpan(a: Span, b: Span): Span {
  if (a.count === 0) return b
  if (b.count === 0) return a
  return {
    count: a.count + b.count,
    sum: a.sum + b.sum,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
  }
}

export function addTallies(ts: Tally[]): Tally | null {
  if (ts.length === 0) return null
  return ts.reduce((a, b) => ({
    incoming: a.incoming + b.incoming,
    incomingToAgent: a.incomingToAgent + b.incomingToAgent,
    incomingIncludingEmpty: a.incomingIncludingEmpty + b.incomingIncludingEmpty,
    abandoned: a.abandoned + b.abandoned,
    answered: a.answered + b.answered,
    incomingToBot: a.incomingToBot + b.incomingToBot,
    transferredByBot: a.transferredByBot + b.transferredByBot,
    finishedByBot: a.finishedByBot + b.finishedByBot,
    withinThreshold: a.withinThreshold + b.withinThreshold,
    chat: addSpan(a.chat, b.chat),
    wait: addSpan(a.wait, b.wait),
    sad: a.sad + b.sad,
    neutral: a.neutral + b.neutral,
    happy: a.happy + b.happy,
  }))
}

/** Seconds as Thulium writes them: `HH:MM:SS`, hours unbounded (docs/vendors/thulium.md §6.2). */
export function formatHms(totalSec: number): string {
  const s = Math.max(0, Math.round(totalSec))
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 100 : 0)

function hms(s: Span) {
  return {
    min: formatHms(s.min),
    max: formatHms(s.max),
    sum: formatHms(s.sum),
    avg: formatHms(s.count > 0 ? s.sum / s.count : 0),
  }
}

/** A report row in the vendor's shape (field order as in the vendor document's sample). */
export function toRow(series: string, userName: string | null, t: Tally): Record<string, unknown> {
  const rated = t.sad + t.neutral + t.happy
  return {
    series,
    ...(userName === null ? {} : { user_name: userName }),
    incoming: t.incoming,
    incoming_to_agent: t.incomingToAgent,
    incoming_including_empty: t.incomingIncludingEmpty,
    abandoned: t.abandoned,
    answered: t.answered,
    incoming_to_bot: t.incomingToBot,
    transferred_by_bot: t.transferredByBot,
    finished_by_bot: t.finishedByBot,
    service_level_percent: pct(t.withinThreshold, t.answered),
    chat_time: hms(t.chat),
    wait_time: hms(t.wait),
    sla_percent: pct(t.incoming - t.abandoned, t.incoming),
    rating: {
      rate: { sad: t.sad, neutral: t.neutral, happy: t.happy },
      satisfaction_percent: pct(t.happy, rated),
      rated_percent: pct(rated, t.answered),
    },
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Directory: the simulator's contact center as Thulium chat queues and users

export interface SandboxChatQueue {
  /** Thulium id: "1", "2", … */
  id: string
  name: string
  /** the simulator queue / chat room it stands for */
  simId: string
  tally: Tally
}

export interface SandboxUser {
  login: string
  name: string
  /** Thulium chat queue ids the user serves */
  queueIds: string[]
  tally: Tally
}
/** `Jan Kowalski` → `jkowalski` (ASCII; Polish letters folded), as Thulium logins commonly look. */
export function loginFor(name: string): string {
  const ascii = name
    .replace(/[łŁ]/g, 'l')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
  const words = ascii.split(/[^a-z0-9]+/).filter((w) => w !== '')
  if (words.length === 0) return 'user'
  if (words.length === 1) return words[0]!
  return `${words[0]![0]}${words[words.length - 1]}`
}

const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id, 'en', { numeric: true })

function queueDay(q: Queue): DayFigures {
  const t = q.today
  const incoming = t?.received ?? 0
  const abandoned = t?.abandoned ?? 0
  return {
    incoming,
    abandoned,
    answered: t?.answered ?? Math.max(0, incoming - abandoned),
    avgWaitSec: t?.avgWaitSec ?? q.avgWaitNowSec,
    maxWaitSec: q.last30m?.longestWaitSec ?? q.longestWaitSec,
    avgChatSec: t?.avgHandleSec ?? null,
    serviceLevelPct: t?.serviceLevelPct ?? q.serviceLevelPct,
    satisfactionPct: null,
  }
}

function roomDay(r: ChatRoom): DayFigures {
  const t = r.today
  const incoming = t?.chats ?? 0
  const abandoned = t?.missed ?? 0
  return {
    incoming,
    abandoned,
    answered: t?.answered ?? Math.max(0, incoming - abandoned),
    avgWaitSec: t?.avgWaitSec ?? r.avgWaitNowSec,
    maxWaitSec: t?.maxWaitSec ?? r.maxWaitNowSec,
    avgChatSec: t?.avgChatSec ?? null,
    serviceLevelPct: t?.serviceLevelPct ?? null,
    satisfactionPct: t?.satisfactionPct ?? null,
  }
}

function mean(xs: number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length
}

/** The sandbox's chat queues and users at one simulator state, with `response_threshold` applied. */
export function buildDirectory(
  state: SimulatorState,
  thresholdSec: number,
): { queues: SandboxChatQueue[]; users: SandboxUser[] } {
  const sources: { simId: string; name: string; day: DayFigures }[] = [
    ...state.queues
      .filter((q) => q.media === 'chat')
      .sort(byId)
      .map((q) => ({ simId: q.id, name: q.name, day: queueDay(q) })),
    ...[...state.chatRooms].sort(byId).map((r) => ({ simId: r.id, name: r.name, day: roomDay(r) })),
  ]
  const queues: SandboxChatQueue[] = sources.map((s, i) => ({
    id: String(i + 1),
    name: s.name,
    simId: s.simId,
    tally: tally(`queue:${s.simId}`, s.day, thresholdSec),
  }))
  const idBySim = new Map(queues.map((q) => [q.simId, q.id]))
  const chatAvg = mean(sources.map((s) => s.day.avgChatSec).filter((v): v is number => v !== null)) ?? 420
  const waitAvg = mean(sources.map((s) => s.day.avgWaitSec).filter((v): v is number => v !== null)) ?? 25
  const slAvg = mean(sources.map((s) => s.day.serviceLevelPct).filter((v): v is number => v !== null))

  const logins = new Set<string>()
  const uniqueLogin = (name: string) => {
    const base = loginFor(name)
    let login = base
    for (let n = 2; logins.has(login); n++) login = `${base}${n}`
    logins.add(login)
    return login
  }
  const userDay = (
    login: string,
    handled: number,
    missed: number,
    avgChatSec: number | null,
  ): DayFigures => ({
    incoming: handled + missed,
    abandoned: missed,
    answered: handled,
    avgWaitSec: waitAvg * (0.6 + 0.8 * unit(`${login}:wait`)),
    maxWaitSec: null,
    avgChatSec: avgChatSec ?? chatAvg * (0.7 + 0.6 * unit(`${login}:chat`)),
    serviceLevelPct:
      slAvg === null ? null : Math.min(100, Math.max(0, slAvg + 10 * (unit(`${login}:sl`) - 0.5))),
    satisfactionPct: null,
  })

  const users: SandboxUser[] = []
  const allQueueIds = queues.map((q) => q.id)
  for (const a of [...state.agents].sort(byId)) {
    const name = a.name ?? `Agent ${a.id}`
    const login = uniqueLogin(a.name ?? `agent${a.id}`)
    const chatQueues = [...new Set(a.queueIds.map((id) => idBySim.get(id)))]
      .filter((id): id is string => id !== undefined)
      .sort((x, y) => Number(x) - Number(y))
    // An agent with no queue list may serve any chat queue; one that only serves non-chat queues had no chats.
    const servesChat = a.queueIds.length === 0 || chatQueues.length > 0 || a.media === 'chat'
    const queueIds = servesChat && chatQueues.length === 0 ? allQueueIds : chatQueues
    let day = userDay(login, 0, 0, null)
    if (servesChat) {
      const handled = a.today?.handled ?? 0
      day = userDay(login, handled, a.today?.rejected ?? 0, a.today?.avgHandleSec ?? null)
    }
    users.push({ login, name, queueIds, tally: tally(`user:${login}`, day, thresholdSec) })
  }
  users.sort((a, b) => a.name.localeCompare(b.name, 'pl') || a.login.localeCompare(b.login))
  return { queues, users }
}

// ---------------------------------------------------------------------------------------------------------------
// Parameters

interface ParsedDate {
  /** `YYYY-MM-DD HH:MM:SS`, comparable as text */
  full: string
  y: number
  mo: number
  d: number
  h: number
  mi: number
}

/**
 * `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD` (the vendor sample request uses both; docs/vendors/thulium.md §3).
 */
function parseDate(text: string, endOfDay: boolean): ParsedDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim())
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const h = m[4] === undefined ? (endOfDay ? 23 : 0) : Number(m[4])
  const mi = m[5] === undefined ? (endOfDay ? 59 : 0) : Number(m[5])
  const s = m[6] === undefined ? (endOfDay && m[4] === undefined ? 59 : 0) : Number(m[6])
  const check = new Date(Date.UTC(y, mo - 1, d))
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null
  if (h > 23 || mi > 59 || s > 59) return null
  const p = (n: number) => String(n).padStart(2, '0')
  return { full: `${y}-${p(mo)}-${p(d)} ${p(h)}:${p(mi)}:${p(s)}`, y, mo, d, h, mi }
}

/**
 * The `series` label of a bucket (formats other than month are not documented: docs/vendors/thulium.md §6.4).
 */
export function seriesLabel(at: ParsedDate, by: Aggregate): string {
  const p = (n: number) => String(n).padStart(2, '0')
  const day = `${at.y}-${p(at.mo)}-${p(at.d)}`
  switch (by) {
    case 'year':
      return String(at.y)
    case 'month':
      return `${at.y}-${p(at.mo)}`
    case 'day':
      return day
    case 'hour':
      return `${day} ${p(at.h)}`
    case 'minute':
      return `${day} ${p(at.h)}:${p(at.mi)}`
    case 'hour_of_day':
      return p(at.h)
    case 'week': {
      // ISO 8601 week number.
      const date = new Date(Date.UTC(at.y, at.mo - 1, at.d))
      const dow = date.getUTCDay() || 7
      date.setUTCDate(date.getUTCDate() + 4 - dow)
      const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1)
      const week = Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7)
      return `${date.getUTCFullYear()}-W${p(week)}`
    }
  }
}

interface ReportParams {
  dateTo: ParsedDate
  aggregateBy: Aggregate
  sumUsers: boolean
  chatQueueIds: string[]
  userLogins: string[]
  limit: number
  offset: number
  thresholdSec: number
}

interface VendorError {
  status: number
  message: string
  code: number
}

/** Every value of a PHP array parameter: `name[]=`, `name[0]=` or a bare `name=`. */
function arrayParam(q: URLSearchParams, name: string): string[] {
  const re = new RegExp(`^${name}(\\[\\d*\\])?$`)
  return [...q.entries()].filter(([k]) => re.test(k)).map(([, v]) => v)
}

function readParams(q: URLSearchParams, limitOver100: 'clamp' | 'reject'): ReportParams | VendorError[] {
  const errors: VendorError[] = []
  const required = (name: string, endOfDay: boolean): ParsedDate | null => {
    const v = q.get(name)
    if (v === null || v.trim() === '') {
      errors.push({ status: 400, code: 1001, message: `Parameter ${name} is required.` })
      return null
    }
    const d = parseDate(v, endOfDay)
    if (d === null) {
      errors.push({
        status: 400,
        code: 1002,
        message: `Parameter ${name} has invalid format. Use YYYY-MM-DD HH:MM:SS.`,
      })
    }
    return d
  }
  const integer = (name: string, dflt: number, min: number): number => {
    const v = q.get(name)
    if (v === null || v === '') return dflt
    if (!/^\d+$/.test(v) || Number(v) < min) {
      errors.push({
        status: 422,
        code: 1003,
        message: `Parameter ${name} must be an integer not less than ${min}.`,
      })
      return dflt
    }
    return Number(v)
  }
  const dateFrom = required('date_from', false)
  const dateTo = required('date_to', true)
  if (dateFrom && dateTo && dateFrom.full > dateTo.full) {
    errors.push({ status: 422, code: 1004, message: 'Parameter date_to must not be earlier than date_from.' })
  }
  let limit = integer('limit', MAX_LIMIT, 1)
  if (limit > MAX_LIMIT) {
    if (limitOver100 === 'reject') {
      errors.push({
        status: 422,
        code: 1005,
        message: `Parameter limit must not be greater than ${MAX_LIMIT}.`,
      })
    }
    limit = MAX_LIMIT
  }
  const offset = integer('offset', 0, 0)
  const thresholdSec = integer('response_threshold', SIM_THRESHOLD_SEC, 1)
  const aggregate = q.get('aggregate_by') ?? 'month'
  if (!(AGGREGATES as readonly string[]).includes(aggregate)) {
    errors.push({
      status: 422,
      code: 1006,
      message: `Parameter aggregate_by must be one of: ${AGGREGATES.join(', ')}.`,
    })
  }
  const sum = q.get('sum_users') ?? 'false'
  if (!['true', 'false', '1', '0'].includes(sum)) {
    errors.push({ status: 422, code: 1007, message: 'Parameter sum_users must be true or false.' })
  }
  const chatQueueIds = arrayParam(q, 'chat_queue_ids')
  if (chatQueueIds.some((id) => !/^\d+$/.test(id))) {
    errors.push({ status: 422, code: 1008, message: 'Parameter chat_queue_ids must be a list of integers.' })
  }
  if (errors.length > 0 || dateTo === null) return errors
  return {
    dateTo,
    aggregateBy: aggregate as Aggregate,
    sumUsers: sum === 'true' || sum === '1',
    chatQueueIds,
    userLogins: arrayParam(q, 'user_logins'),
    limit,
    offset,
    thresholdSec,
  }
}

/** The rows of a report: filtered, summed or per user, before paging. */
export function reportRows(
  dir: { queues: SandboxChatQueue[]; users: SandboxUser[] },
  p: Pick<ReportParams, 'sumUsers' | 'chatQueueIds' | 'userLogins'>,
  series: string,
): Record<string, unknown>[] {
  const queueFilter = p.chatQueueIds.length > 0 ? new Set(p.chatQueueIds) : null
  const userFilter = p.userLogins.length > 0 ? new Set(p.userLogins) : null
  const users = dir.users.filter(
    (u) =>
      (userFilter === null || userFilter.has(u.login)) &&
      (queueFilter === null || u.queueIds.some((id) => queueFilter.has(id))),
  )
  if (!p.sumUsers) return users.map((u) => toRow(series, u.name, u.tally))
  // Summed over users: by user when users are named, otherwise the chat queues' own figures.
  const total =
    userFilter !== null
      ? addTallies(users.map((u) => u.tally))
      : addTallies(
          dir.queues.filter((q) => queueFilter === null || queueFilter.has(q.id)).map((q) => q.tally),
        )
  return total === null ? [] : [toRow(series, null, total)]
}

// ---------------------------------------------------------------------------------------------------------------
// Server

/** Start the sandbox with Thulium-specific knobs (tests); the registry uses {@link startThuliumSandbox}. */
export async function startThuliumSandboxWith(opts: ThuliumSandboxOptions): Promise<SandboxServer> {
  const limitOver100 = opts.limitOver100 ?? 'clamp'
  let requestCount = 0

  const requestId = () => {
    requestCount++
    return `${Math.floor(opts.clock.now() / 1000).toString(16)}${(requestCount % 0x100000).toString(16).padStart(5, '0')}`
  }
  const headers = () => ({ date: new Date(opts.clock.now()).toUTCString() })
  const fail = (
    status: number,
    errors: { message: string; code: number }[],
    extra: Record<string, string> = {},
  ) => json(status, { request_id: requestId(), errors }, { ...headers(), ...extra })

  const handle = (req: SandboxRequest): SandboxReply => {
    if (req.path === DIRECTORY_PATH) {
      const dir = buildDirectory(opts.sim.at(opts.clock.now()), SIM_THRESHOLD_SEC)
      return json(200, {
        chatQueues: dir.queues.map((q) => ({ id: q.id, name: q.name, simulatorId: q.simId })),
        users: dir.users.map((u) => ({ login: u.login, name: u.name, chatQueueIds: u.queueIds })),
      })
    }
    if (req.path !== SUMMARY_PATH) return fail(404, [{ message: 'Not found.', code: 404 }])
    if (req.method !== 'GET')
      return fail(405, [{ message: 'Method not allowed.', code: 405 }], { allow: 'GET' })
    const cred = basicAuth(req)
    if (cred === null || cred.user !== opts.username || cred.password !== opts.secret) {
      return fail(401, [{ message: 'Authorization failed.', code: 401 }], {
        'www-authenticate': 'Basic realm="Thulium API"',
      })
    }
    const p = readParams(req.query, limitOver100)
    if (Array.isArray(p)) {
      // One status per answer: a missing or unreadable date is a 400, the rest are validation errors (422).
      const status = p.some((e) => e.status === 400) ? 400 : 422
      return fail(
        status,
        p.map(({ message, code }) => ({ message, code })),
      )
    }
    // The simulator only knows its day so far, so every window reports that day, in one row per entity
    // labelled by date_to: what Floorwalker asks for (today, aggregate_by=day) is answered faithfully.
    const dir = buildDirectory(opts.sim.at(opts.clock.now()), p.thresholdSec)
    const rows = reportRows(dir, p, seriesLabel(p.dateTo, p.aggregateBy))
    return json(200, rows.slice(p.offset, p.offset + p.limit), headers())
  }

  return startSandboxServer({
    handle,
    clock: opts.clock,
    host: opts.host,
    port: opts.port,
    malformedBody: '[{"series": "2025-01-07", "user_name": "Jan Kowalski", "incoming": 4',
  })
}

export const startThuliumSandbox: SandboxFactory = (opts) => startThuliumSandboxWith(opts)
