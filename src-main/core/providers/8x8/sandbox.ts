/**
 * A loopback 8x8 real-time statistics server (docs/ARCHITECTURE.md §6.2) serving the simulator's state the
 * way the vendor does (docs/vendors/8x8.md §9): `/api/rtstats/stats/{agents,queues}` and the single
 * `/agent/{id}`, `/queue/{id}` resources, XML by default and JSON with `.json`, HTTP Basic `tenant:token`
 * (missing → 401 with a challenge, wrong → 403), and a server cache refreshed every 10 s. The kit's fault
 * switches (status, Retry-After, delay, malformed) apply; the vendor's format quirks are switches too
 * (`EightByEightQuirks`, also `POST /__sandbox/quirks`).
 */
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

/** The vendor's format quirks (docs/vendors/8x8.md §6.2–§6.5, §9), each switchable. */
export interface EightByEightQuirks {
  /** JSON: a list with exactly one element is sent as that element, not as an array. */
  singleAsObject: boolean
  /** JSON: how an empty list is sent. */
  emptyList: 'array' | 'empty-string' | 'empty-object' | 'null' | 'missing'
  /** JSON: numbers sent as strings. */
  numbersAsStrings: boolean
  /** Agents: `day-avg-processing-time` (the field table) instead of `day-avg-handling-time` (the sample XML). */
  avgProcessingSpelling: boolean
  /** Agents: `day-offered-count` (the sample's closing tag) instead of `day-rejected-count` (the field table). */
  offeredCountSpelling: boolean
  /** Queues: day counters named `all-day-*` instead of `day-*`. */
  allDayNames: boolean
  /** XML: closing tags as in the vendor document, e.g. `<day-accepted>10</all-day-accepted>`. */
  mismatchedTags: boolean
  /** Bodies cut off in the middle (a dropped connection), in the requested format. */
  truncated: boolean
}

export const DEFAULT_QUIRKS: EightByEightQuirks = {
  singleAsObject: false,
  // The historical 8x8 statistics API sends `""` for an empty list (docs/vendors/8x8.md §6.5).
  emptyList: 'empty-string',
  numbersAsStrings: false,
  avgProcessingSpelling: false,
  offeredCountSpelling: false,
  allDayNames: false,
  mismatchedTags: false,
  truncated: false,
}

export interface EightByEightSandbox extends SandboxServer {
  setQuirks(q: Partial<EightByEightQuirks>): void
  quirks(): EightByEightQuirks
}

/** How long a state is served before the next request regenerates it (docs/vendors/8x8.md §6.1). */
export const CACHE_MS = 10_000

const STATUS_CODE: Record<AgentState, number> = {
  available: 0,
  offered: 1,
  busy: 2,
  wrap_up: 3,
  not_ready: 4,
  offline_work: 5,
  logged_out: 9,
  // -1: 8x8's "no data" (the real API never sends an unmapped state).
  unknown: -1,
}

function mediaId(m: Media): number {
  if (m === 'voice') return 1
  if (m === 'chat') return 2
  if (m === 'email') return 3
  if (m === 'voicemail') return 4
  return 0
}

function mediaType(m: Media): string {
  if (m === 'chat') return 'chat'
  if (m === 'email') return 'email'
  if (m === 'voicemail') return 'vmail'
  return 'phone'
}

type Value = string | number
type Fields = [name: string, value: Value][]

/** 8x8 sends whole numbers and -1 for "no data". */
function int(v: number | null | undefined): number {
  return v === null || v === undefined || !Number.isFinite(v) || v < 0 ? -1 : Math.round(v)
}

function idValue(id: string): Value {
  return /^\d{1,15}$/.test(id) ? Number(id) : id
}

interface RenderContext {
  state: SimulatorState
  quirks: EightByEightQuirks
  reasonIds: Map<string, number>
}

function agentFields(a: Agent, c: RenderContext): Fields {
  const t = a.today
  const tis =
    a.timeInStateSec ?? (a.stateSince === null ? null : Math.max(0, (c.state.asOf - a.stateSince) / 1000))
  const loggedIn = a.state !== 'logged_out'
  const handled = t?.handled ?? null
  const avg = t?.avgHandleSec ?? null
  const login = t?.loginSec ?? null
  // The last 30 minutes, scaled down from the day (the model has no 30-minute agent counters).
  const share = login !== null && login > 0 ? Math.min(1, 1800 / login) : 0
  const last30 = (v: number | null | undefined) =>
    t === null || v === null || v === undefined ? -1 : Math.round(v * share)
  const line1 = !loggedIn
    ? -1
    : a.media === 'voice' && a.state === 'busy'
      ? a.onHold === true
        ? 1
        : 5
      : a.media === 'voice' && a.state === 'offered'
        ? 3
        : 0
  const reason =
    (a.state === 'not_ready' || a.state === 'offline_work') && a.stateReason ? a.stateReason : null
  let reasonId: number | null = null
  if (reason !== null) {
    reasonId = c.reasonIds.get(reason) ?? 11 + c.reasonIds.size
    c.reasonIds.set(reason, reasonId)
  }
  const q = c.quirks
  return [
    ['agent-id', a.id],
    ['agent-media-id', mediaId(a.media)],
    ['agent-name', a.name ?? ''],
    ['agent-status', STATUS_CODE[a.state]],
    ['assigned-skill-count', a.queueIds.length],
    ['day-accepted-count', int(handled)],
    ['day-available-time', int(t?.availableSec)],
    [q.avgProcessingSpelling ? 'day-avg-processing-time' : 'day-avg-handling-time', int(avg)],
    ['day-break-time', int(t?.breakSec)],
    ['day-login-time', int(login)],
    ['day-offline-time', t === null ? -1 : a.state === 'offline_work' ? int(tis) : 0],
    [
      'day-processing-time',
      t?.talkSec !== null && t?.talkSec !== undefined
        ? int(t.talkSec)
        : handled === null || avg === null
          ? -1
          : Math.round(handled * avg),
    ],
    [q.offeredCountSpelling ? 'day-offered-count' : 'day-rejected-count', int(t?.rejected)],
    ['day-wrap-up-time', int(t?.wrapUpSec)],
    ['enabled-skill-count', a.queueIds.length],
    ['group-id', a.groupIds[0] === undefined ? '' : idValue(a.groupIds[0])],
    ['last-login-time', loggedIn && login !== null ? Math.floor(c.state.asOf / 1000 - login) : -1],
    ['phone-line1-status', line1],
    ['phone-line1-status-time', line1 === 5 || line1 === 3 ? int(tis) : -1],
    ['phone-line2-status', loggedIn ? 0 : -1],
    ['phone-line2-status-time', -1],
    ['status-code-item-id', reasonId === null ? '' : String(reasonId)],
    ['status-code-item-short-code', reason ?? ''],
    ['status-code-list-id', reasonId === null ? '' : '3'],
    ['thirty-min-accepted-count', last30(handled)],
    ['thirty-min-available-time', last30(t?.availableSec)],
    ['thirty-min-avg-handling-time', int(avg)],
    ['thirty-min-break-time', last30(t?.breakSec)],
    ['thirty-min-offline-time', 0],
    ['thirty-min-processing-time', handled === null || avg === null ? -1 : Math.round(handled * avg * share)],
    ['thirty-min-rejected-count', last30(t?.rejected)],
    ['thirty-min-wrap-up-time', last30(t?.wrapUpSec)],
    ['time-in-status', int(tis)],
  ]
}

function queueFields(qu: Queue, c: RenderContext): Fields {
  const members = c.state.agents.filter((a) => a.queueIds.includes(qu.id))
  // The model has one "not ready" count; 8x8 splits it into break and offline work.
  const offline =
    qu.agentsNotReady === null
      ? -1
      : Math.min(qu.agentsNotReady, members.filter((a) => a.state === 'offline_work').length)
  const onBreak = qu.agentsNotReady === null ? -1 : qu.agentsNotReady - offline
  const enabled =
    qu.agentsLoggedIn !== null && qu.agentsLoggedOut !== null ? qu.agentsLoggedIn + qu.agentsLoggedOut : -1
  const day = (name: string) => (c.quirks.allDayNames ? `all-day-${name}` : `day-${name}`)
  const t = qu.today
  const l = qu.last30m
  return [
    ['agent-count-busy', int(qu.agentsBusy)],
    ['agent-count-loggedOut', int(qu.agentsLoggedOut)],
    ['agent-count-onBreak', onBreak],
    ['agent-count-postProcess', int(qu.agentsWrapUp)],
    ['agent-count-waitTransact', int(qu.agentsAvailable)],
    ['agent-count-workOffline', offline],
    [day('abandoned'), int(t?.abandoned)],
    [day('accepted'), int(t?.answered)],
    [day('avg-duration'), int(t?.avgHandleSec)],
    [day('avg-wait-time'), int(t?.avgWaitSec)],
    [day('queued'), int(t?.received)],
    [day('sla-activity'), int(t?.serviceLevelPct)],
    ['assigned-agent-count', Math.max(enabled, members.length)],
    ['enabled-agent-count', enabled],
    ['longest-wait-time', int(qu.longestWaitSec)],
    ['media-type', mediaType(qu.media)],
    ['number-in-offered', int(qu.offered)],
    ['number-in-progress', int(qu.inProgress)],
    ['queue-id', idValue(qu.id)],
    ['queue-name', qu.name],
    ['queue-size', int(qu.waiting)],
    // Undocumented but present in real responses (docs/vendors/8x8.md §6.7).
    ['queue-type', ''],
    ['sla-activity', int(qu.serviceLevelPct)],
    // 0 = no SLA configured.
    ['sla-target', qu.serviceLevelTargetPct === null ? 0 : int(qu.serviceLevelTargetPct)],
    ['thirty-min-abandoned', int(l?.abandoned)],
    ['thirty-min-accepted', int(l?.answered)],
    ['thirty-min-avg-duration', int(t?.avgHandleSec)],
    ['thirty-min-avg-wait-time', int(l?.avgWaitSec)],
    ['thirty-min-longest-wait-time', int(l?.longestWaitSec)],
    ['thirty-min-queued', int(l?.queued)],
    ['thirty-min-sla-activity', int(l?.serviceLevelPct)],
  ]
}

/**
 * The closing tag the vendor document writes for an element (docs/vendors/8x8.md §6.2), when the quirk is on.
 */
function documentClosingTag(name: string): string {
  const swapped: Record<string, string> = {
    'day-avg-processing-time': 'day-avg-handling-time',
    'day-avg-handling-time': 'day-avg-processing-time',
    'day-rejected-count': 'day-offered-count',
    'day-offered-count': 'day-rejected-count',
  }
  if (swapped[name] !== undefined) return swapped[name]
  if (/^day-(accepted|avg-duration|avg-wait-time|queued|sla-activity)$/.test(name)) return `all-${name}`
  return name
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

function renderXml(wrapper: string, item: string, records: Fields[], quirks: EightByEightQuirks): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>']
  if (records.length === 0) return `${lines[0]}\n<${wrapper}/>\n`
  lines.push(`<${wrapper}>`)
  for (const rec of records) {
    lines.push(`<${item}>`)
    for (const [name, value] of rec) {
      const text = escapeXml(String(value))
      const close = quirks.mismatchedTags ? documentClosingTag(name) : name
      lines.push(text === '' ? `<${name}/>` : `<${name}>${text}</${close}>`)
    }
    lines.push(`</${item}>`)
  }
  lines.push(`</${wrapper}>`)
  return lines.join('\n') + '\n'
}

function renderJson(item: string, records: Fields[], quirks: EightByEightQuirks, single: boolean): string {
  const objects = records.map((rec) => {
    const o: Record<string, Value> = {}
    for (const [name, value] of rec)
      o[name] = quirks.numbersAsStrings && typeof value === 'number' ? String(value) : value
    return o
  })
  // The XML root is dropped and the repeated child becomes the key (docs/vendors/8x8.md §4.1).
  if (single) return JSON.stringify({ [item]: objects[0] })
  if (objects.length === 0) {
    if (quirks.emptyList === 'missing') return '{}'
    const empty = { array: [], 'empty-string': '', 'empty-object': {}, null: null }[quirks.emptyList]
    return JSON.stringify({ [item]: empty })
  }
  if (objects.length === 1 && quirks.singleAsObject) return JSON.stringify({ [item]: objects[0] })
  return JSON.stringify({ [item]: objects })
}

/**
 * An error page the way a Java servlet container writes one (8x8's error bodies are undocumented,
 * docs/vendors/8x8.md §5).
 */
function errorPage(
  status: number,
  title: string,
  message: string,
  headers: Record<string, string> = {},
): SandboxReply {
  const body =
    `<html><head><title>Error ${status} ${title}</title></head>` +
    `<body><h2>HTTP ERROR ${status}</h2><p>${escapeXml(message)}</p></body></html>`
  return { status, headers: { 'content-type': 'text/html;charset=utf-8', ...headers }, body }
}

const ROUTE = /^\/api\/rtstats\/stats\/(agents|queues|agent|queue)(?:\/([^/]+?))?(\.json|\.xml)?$/

/** What the kit's "malformed" switch answers: the start of an agents document, cut off (XML is the default). */
const MALFORMED_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<agents>\n<agent>\n<agent-id>ag1</agent-id>\n' +
  '<agent-media-id>1</agent-media-id>\n<agent-name>John Do'

function isQuirks(v: unknown): v is Partial<EightByEightQuirks> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  return Object.entries(v).every(([k, val]) =>
    k === 'emptyList'
      ? ['array', 'empty-string', 'empty-object', 'null', 'missing'].includes(val as string)
      : Object.hasOwn(DEFAULT_QUIRKS, k) && typeof val === 'boolean',
  )
}

export async function startEightByEightSandbox(
  opts: SandboxOptions,
  init: { quirks?: Partial<EightByEightQuirks> } = {},
): Promise<EightByEightSandbox> {
  let quirks: EightByEightQuirks = { ...DEFAULT_QUIRKS, ...init.quirks }
  let cache: { at: number; state: SimulatorState } | null = null
  const reasonIds = new Map<string, number>()

  const cachedState = (): SimulatorState => {
    const now = opts.clock.now()
    if (cache === null || now - cache.at >= CACHE_MS || now < cache.at)
      cache = { at: now, state: opts.sim.at(now) }
    return cache.state
  }

  const handle = (req: SandboxRequest): SandboxReply => {
    if (req.path === '/__sandbox/quirks') {
      if (req.method === 'GET') return json(200, quirks)
      if (req.method !== 'POST') return { status: 405, headers: { allow: 'GET, POST' } }
      let body: unknown
      try {
        body = req.body.trim() === '' ? {} : JSON.parse(req.body)
      } catch (e) {
        return { status: 400, body: `bad quirks JSON: ${(e as Error).message}` }
      }
      if (!isQuirks(body))
        return {
          status: 400,
          body: `unknown quirk or value; known: ${Object.keys(DEFAULT_QUIRKS).join(', ')}`,
        }
      quirks = Object.keys(body).length === 0 ? { ...DEFAULT_QUIRKS } : { ...quirks, ...body }
      return json(200, quirks)
    }
    if (!req.path.startsWith('/api/rtstats/'))
      return errorPage(404, 'Not Found', `No context for ${req.path}`)

    const credentials = basicAuth(req)
    if (credentials === null) {
      return errorPage(401, 'Unauthorized', 'Full authentication is required to access this resource', {
        'www-authenticate': 'Basic realm="8x8 Real Time Statistics"',
      })
    }
    if (credentials.user !== opts.username || credentials.password !== opts.secret) {
      // 8x8 documents 403 for incorrect authentication (docs/vendors/8x8.md §5).
      return errorPage(403, 'Forbidden', 'Access is denied')
    }
    if (req.method !== 'GET')
      return errorPage(405, 'Method Not Allowed', 'Only GET is supported', { allow: 'GET' })

    const m = ROUTE.exec(req.path)
    if (!m) return errorPage(404, 'Not Found', `Not found: ${req.path}`)
    const [, resource = '', rawId, suffix] = m
    const plural = resource.endsWith('s')
    if (plural === (rawId !== undefined)) return errorPage(404, 'Not Found', `Not found: ${req.path}`)
    let id: string | null = null
    if (rawId !== undefined) {
      try {
        id = decodeURIComponent(rawId)
      } catch {
        return errorPage(400, 'Bad Request', 'Malformed resource id')
      }
    }

    const state = cachedState()
    const c: RenderContext = { state, quirks, reasonIds }
    const isAgents = resource.startsWith('agent')
    let records: Fields[]
    if (isAgents) {
      const list = id === null ? state.agents : state.agents.filter((a) => a.id === id)
      records = list.map((a) => agentFields(a, c))
    } else {
      const list = id === null ? state.queues : state.queues.filter((q) => q.id === id)
      records = list.map((q) => queueFields(q, c))
    }
    if (id !== null && records.length === 0) {
      return errorPage(404, 'Not Found', `No ${isAgents ? 'agent' : 'queue'} with id ${id}`)
    }

    const wrapper = isAgents ? 'agents' : 'queues'
    const item = isAgents ? 'agent' : 'queue'
    const asJson = suffix === '.json'
    let body = asJson
      ? renderJson(item, records, quirks, id !== null)
      : renderXml(wrapper, item, records, quirks)
    if (quirks.truncated) body = body.slice(0, Math.max(1, Math.floor(body.length * 0.6)))
    return {
      status: 200,
      headers: {
        'content-type': asJson ? 'application/json;charset=UTF-8' : 'application/xml;charset=UTF-8',
        // The sandbox's clock, not the machine's: adapters take asOf from this header.
        date: new Date(opts.clock.now()).toUTCString(),
      },
      body,
    }
  }

  const server = await startSandboxServer({
    handle,
    clock: opts.clock,
    host: opts.host,
    port: opts.port,
    malformedBody: MALFORMED_XML,
    malformedContentType: 'application/xml;charset=UTF-8',
  })
  return Object.assign(server, {
    setQuirks(q: Partial<EightByEightQuirks>) {
      quirks = { ...quirks, ...q }
    },
    quirks: () => ({ ...quirks }),
  })
}
