/**
 * 8x8 real-time statistics payloads → domain model (docs/vendors/8x8.md §4, §7). Pure: no I/O, no clock.
 *
 * Tolerant by design, because the vendor's own document contradicts itself (docs/vendors/8x8.md §6.2, §6.3):
 * closing tags that do not match their opening tag, `day-` and `all-day-` names, two spellings of two agent
 * fields, and every shape an XML→JSON conversion can give a list (docs/vendors/8x8.md §4.2). A field that
 * cannot be read becomes null plus a warning; only a response that cannot be read at all is a failure.
 */
import type { Agent, AgentState, Media, Queue } from '../../../../src-shared/model'
import { stateSinceFrom } from '../../../../src-shared/model'
import { preview, Problems } from './problems'
import { fieldsOf, readXml, XmlReadError, type XmlElement } from './tolerant-xml'

/** One vendor record as plain fields: JSON as received; XML converted (text → string, repeated → array). */
export type VendorRecord = Record<string, unknown>

export type ParseResult<T> = { ok: true; items: T[]; warnings: string[] } | { ok: false; reason: string }

export type ListKind = 'agents' | 'queues'

const ITEM: Record<ListKind, string> = { agents: 'agent', queues: 'queue' }
const ID_FIELD: Record<ListKind, string> = { agents: 'agent-id', queues: 'queue-id' }

type RecordsResult = { ok: true; records: unknown[] } | { ok: false; reason: string }

function xmlRecords(body: string, kind: ListKind, problems: Problems): RecordsResult {
  let roots: XmlElement[]
  try {
    roots = readXml(body, `${kind} XML`, problems)
  } catch (e) {
    if (e instanceof XmlReadError) return { ok: false, reason: e.message }
    throw e
  }
  const item = ITEM[kind]
  const records: unknown[] = []
  let matched = false
  for (const root of roots) {
    if (root.name === kind) {
      matched = true
      for (const child of root.children) {
        if (child.name === item) records.push(child.children.length > 0 ? fieldsOf(child) : child.text.trim())
        else problems.note(`${kind}: ignored unexpected elements`, `<${child.name}>`)
      }
    } else if (root.name === item) {
      // The single-entity endpoints (`/agent/{id}`) may answer with the entity as the root.
      matched = true
      records.push(root.children.length > 0 ? fieldsOf(root) : root.text.trim())
    } else problems.note(`${kind}: ignored unexpected root elements`, `<${root.name}>`)
  }
  if (!matched) {
    const got = roots[0] ? `<${roots[0].name}>` : 'no element at all'
    return { ok: false, reason: `expected <${kind}> or <${item}> XML, got ${got}` }
  }
  return { ok: true, records }
}

// ---------------------------------------------------------------------------------------------------------------
// JSON. The XML root is dropped and the repeated child becomes the key: `{"agent": [...]}`
// (docs/vendors/8x8.md §4.1, §4.2). Accept also the wrapped `{"agents": {"agent": [...]}}`, a bare array and
// a bare record.

function isPlainObject(v: unknown): v is VendorRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (isPlainObject(v) && Object.keys(v).length === 0)
}

/** A list as XML→JSON converters give it: array, one element as an object, empty as "", {}, null or missing. */
function listOf(v: unknown, key: string): RecordsResult {
  if (isEmptyValue(v)) return { ok: true, records: [] }
  if (Array.isArray(v)) return { ok: true, records: v }
  if (isPlainObject(v)) return { ok: true, records: [v] }
  return { ok: false, reason: `"${key}" is ${preview(v)}, not a list` }
}

function jsonRecords(body: string, kind: ListKind): RecordsResult {
  let doc: unknown
  try {
    doc = JSON.parse(body)
  } catch (e) {
    return { ok: false, reason: `not valid JSON (${(e as Error).message})` }
  }
  const item = ITEM[kind]
  if (doc === null || doc === '') return { ok: true, records: [] }
  if (Array.isArray(doc)) return { ok: true, records: doc }
  if (!isPlainObject(doc))
    return { ok: false, reason: `expected a JSON object with "${item}", got ${preview(doc)}` }
  if (Object.hasOwn(doc, item)) return listOf(doc[item], item)
  if (Object.hasOwn(doc, kind)) {
    const inner = doc[kind]
    if (isPlainObject(inner) && Object.hasOwn(inner, item)) return listOf(inner[item], item)
    return listOf(inner, kind)
  }
  if (Object.hasOwn(doc, ID_FIELD[kind])) return { ok: true, records: [doc] }
  if (Object.keys(doc).length === 0) return { ok: true, records: [] }
  const keys = Object.keys(doc).slice(0, 5).join(', ')
  return { ok: false, reason: `no "${item}" list in the JSON (keys: ${keys})` }
}

function records(body: string, kind: ListKind, problems: Problems): RecordsResult {
  const start = body.search(/\S/)
  if (start < 0) return { ok: false, reason: 'empty body' }
  // Sniff rather than trust the suffix: a proxy or an old cluster may answer XML to a `.json` request.
  const first = body[start]
  if (first === '<') return xmlRecords(body, kind, problems)
  if (first === '{' || first === '[' || first === '"' || body.startsWith('null', start))
    return jsonRecords(body, kind)
  return { ok: false, reason: `neither XML nor JSON: starts with ${preview(body.slice(start, start + 40))}` }
}

// ---------------------------------------------------------------------------------------------------------------
// Field readers. `-1` is "no data since system restart" (docs/vendors/8x8.md §6.4); an empty element is no
// value.

type Read<T> = { value: T | null } | { bad: true }

const NUMERIC = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/

function readNumber(v: unknown): Read<number> {
  let n: number
  if (typeof v === 'number') n = v
  else if (typeof v === 'string') {
    const t = v.trim()
    if (t === '') return { value: null }
    if (!NUMERIC.test(t)) return { bad: true }
    n = Number(t)
  } else if (isEmptyValue(v) || (Array.isArray(v) && v.length === 0)) return { value: null }
  else return { bad: true }
  if (!Number.isFinite(n)) return { bad: true }
  if (n === -1) return { value: null }
  return n < 0 ? { bad: true } : { value: n }
}

function readString(v: unknown): Read<string> {
  if (typeof v === 'string') return { value: v.trim() === '' ? null : v.trim() }
  if (typeof v === 'number' && Number.isFinite(v)) return { value: String(v) }
  if (isEmptyValue(v) || (Array.isArray(v) && v.length === 0)) return { value: null }
  return { bad: true }
}

/** Reads fields of one record, noting missing and unreadable ones. */
class FieldReader {
  constructor(
    private readonly rec: VendorRecord,
    private readonly kind: ListKind,
    private readonly id: string,
    private readonly problems: Problems,
  ) {}

  /** The first of `names` present in the record (alternative spellings, docs/vendors/8x8.md §6.3). */
  private find(names: readonly string[], required: boolean): string | null {
    const key = names.find((n) => Object.hasOwn(this.rec, n))
    if (key === undefined && required) {
      this.problems.note(
        `${this.kind}: ${names.map((n) => `"${n}"`).join(' / ')} missing, shown as unknown`,
        this.id,
      )
    }
    return key ?? null
  }

  private read<T>(names: readonly string[], required: boolean, reader: (v: unknown) => Read<T>): T | null {
    const key = this.find(names, required)
    if (key === null) return null
    const v = this.rec[key]
    const r = reader(v)
    if ('bad' in r) {
      this.problems.note(`${this.kind}: "${key}" unreadable, shown as unknown`, `${this.id} ${preview(v)}`)
      return null
    }
    return r.value
  }

  num(names: string | readonly string[], required = true): number | null {
    return this.read(typeof names === 'string' ? [names] : names, required, readNumber)
  }

  str(names: string | readonly string[], required = true): string | null {
    return this.read(typeof names === 'string' ? [names] : names, required, readString)
  }

  /** `group-id`: one id, or several if the vendor ever repeats the element. */
  ids(name: string): string[] {
    const key = this.find([name], true)
    if (key === null) return []
    const v = this.rec[key]
    const out: string[] = []
    for (const one of Array.isArray(v) ? v : [v]) {
      const n = typeof one === 'number' || typeof one === 'string' ? readNumber(one) : null
      if (n !== null && 'value' in n && n.value === null) continue
      const r = readString(one)
      if ('bad' in r)
        this.problems.note(`${this.kind}: "${key}" unreadable, ignored`, `${this.id} ${preview(one)}`)
      else if (r.value !== null && !out.includes(r.value)) out.push(r.value)
    }
    return out
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mapping (docs/vendors/8x8.md §7).

/** `agent-status` codes (docs/vendors/8x8.md §4.3, §7.1). */
export const AGENT_STATUS: Readonly<Record<number, AgentState>> = {
  0: 'available',
  1: 'offered',
  2: 'busy',
  3: 'wrap_up',
  4: 'not_ready',
  5: 'offline_work',
  9: 'logged_out',
}

/** `agent-media-id`: 0 = no media since system start. */
const AGENT_MEDIA: Readonly<Record<number, Media>> = {
  0: null,
  1: 'voice',
  2: 'chat',
  3: 'email',
  4: 'voicemail',
}

const QUEUE_MEDIA: Readonly<Record<string, Media>> = {
  phone: 'voice',
  voice: 'voice',
  chat: 'chat',
  email: 'email',
  vmail: 'voicemail',
  voicemail: 'voicemail',
}

/** Both spellings the vendor document uses for each of these agent fields (docs/vendors/8x8.md §6.3). */
const AVG_HANDLE = ['day-avg-handling-time', 'day-avg-processing-time'] as const
const REJECTED = ['day-rejected-count', 'day-offered-count'] as const

/**
 * Queue day counters: `day-` is what clients read; the document also shows `all-day-`
 * (docs/vendors/8x8.md §6.2).
 */
function dayField(name: string): readonly string[] {
  return [`day-${name}`, `all-day-${name}`]
}

function entries(
  kind: ListKind,
  body: string,
  problems: Problems,
): { ok: true; list: { id: string; rec: VendorRecord }[] } | { ok: false; reason: string } {
  const r = records(body, kind, problems)
  if (!r.ok) return r
  const idField = ID_FIELD[kind]
  const seen = new Set<string>()
  const list: { id: string; rec: VendorRecord }[] = []
  r.records.forEach((rec, index) => {
    if (!isPlainObject(rec)) {
      problems.note(`${kind}: entries without fields skipped`, `#${index + 1} ${preview(rec)}`)
      return
    }
    const id = readString(rec[idField])
    if ('bad' in id || id.value === null) {
      problems.note(`${kind}: entries without "${idField}" skipped`, `#${index + 1}`)
      return
    }
    if (seen.has(id.value)) {
      problems.note(`${kind}: duplicate "${idField}", later entries skipped`, id.value)
      return
    }
    seen.add(id.value)
    list.push({ id: id.value, rec })
  })
  return { ok: true, list }
}

function agentFrom(id: string, rec: VendorRecord, asOf: number, problems: Problems): Agent {
  const f = new FieldReader(rec, 'agents', id, problems)
  const status = f.num('agent-status')
  const rawStatus = readString(rec['agent-status'])
  let state: AgentState = 'unknown'
  let rawState: string | null = null
  if (status !== null) {
    rawState = String(status)
    const mapped = AGENT_STATUS[status]
    if (mapped) state = mapped
    else problems.note('agents: undocumented "agent-status" codes, shown as unknown', `${id} ${rawState}`)
  } else if ('value' in rawStatus && rawStatus.value !== null && rawStatus.value !== '-1') {
    rawState = rawStatus.value
  }

  const mediaId = f.num('agent-media-id')
  let media: Media = null
  if (mediaId !== null) {
    const m = AGENT_MEDIA[mediaId]
    if (m !== undefined) media = m
    else {
      media = 'other'
      problems.note('agents: undocumented "agent-media-id" codes, shown as other', `${id} ${mediaId}`)
    }
  }

  const timeInStateSec = f.num('time-in-status')
  // A transaction in progress: agent-status 2 began when the agent took it, so its time in status is the
  // contact's time so far, hold included (docs/vendors/8x8.md §7.2).
  const contactSec = state === 'busy' ? timeInStateSec : null
  return {
    id,
    name: f.str('agent-name'),
    email: null,
    state,
    rawState,
    stateReason: f.str('status-code-item-short-code', false),
    timeInStateSec,
    stateSince: stateSinceFrom(asOf, timeInStateSec),
    onHold: onHoldFrom(f),
    contactSec,
    contactSince: stateSinceFrom(asOf, contactSec),
    media,
    openInteractions: null,
    freeCapacity: null,
    groupIds: f.ids('group-id'),
    queueIds: [],
    today: {
      handled: f.num('day-accepted-count'),
      rejected: f.num(REJECTED),
      loginSec: f.num('day-login-time'),
      availableSec: f.num('day-available-time'),
      breakSec: f.num('day-break-time'),
      wrapUpSec: f.num('day-wrap-up-time'),
      avgHandleSec: f.num(AVG_HANDLE),
      talkSec: f.num('day-processing-time', false),
      missed: null,
    },
    raw: rec,
  }
}

/**
 * On hold: either phone line's status is 1 (the codes of the two lines differ, but 1 is "on hold" on both,
 * docs/vendors/8x8.md §7.2). A line in any other documented status says "not on hold"; with neither line in use
 * (`-1`) or reported, nobody can tell.
 */
function onHoldFrom(f: FieldReader): boolean | null {
  const lines = [f.num('phone-line1-status', false), f.num('phone-line2-status', false)]
  if (lines.includes(1)) return true
  return lines.some((l) => l !== null) ? false : null
}

function sumOrNull(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a + b
}

function queueFrom(id: string, rec: VendorRecord, problems: Problems): Queue {
  const f = new FieldReader(rec, 'queues', id, problems)
  const mediaType = f.str('media-type')
  let media: Media = null
  if (mediaType !== null) {
    const m = QUEUE_MEDIA[mediaType.toLowerCase()]
    if (m !== undefined) media = m
    else {
      media = 'other'
      problems.note('queues: undocumented "media-type" values, shown as other', `${id} ${preview(mediaType)}`)
    }
  }
  const loggedOut = f.num('agent-count-loggedOut')
  const enabled = f.num('enabled-agent-count')
  // Logged in = enabled for the queue minus those of them logged out (docs/vendors/8x8.md §7.3, inferred).
  const loggedIn = enabled === null || loggedOut === null || enabled < loggedOut ? null : enabled - loggedOut
  const target = f.num('sla-target')
  return {
    id,
    name: f.str('queue-name') ?? id,
    media,
    waiting: f.num('queue-size'),
    longestWaitSec: f.num('longest-wait-time'),
    avgWaitNowSec: null,
    offered: f.num('number-in-offered'),
    inProgress: f.num('number-in-progress'),
    agentsAvailable: f.num('agent-count-waitTransact'),
    agentsBusy: f.num('agent-count-busy'),
    agentsWrapUp: f.num('agent-count-postProcess'),
    agentsNotReady: sumOrNull(f.num('agent-count-onBreak'), f.num('agent-count-workOffline')),
    agentsLoggedIn: loggedIn,
    agentsLoggedOut: loggedOut,
    serviceLevelPct: f.num('sla-activity'),
    // 0 = no SLA configured on the queue's SLA tab.
    serviceLevelTargetPct: target === 0 ? null : target,
    today: {
      received: f.num(dayField('queued')),
      answered: f.num(dayField('accepted')),
      abandoned: f.num(dayField('abandoned')),
      avgWaitSec: f.num(dayField('avg-wait-time')),
      avgHandleSec: f.num(dayField('avg-duration')),
      serviceLevelPct: f.num(dayField('sla-activity')),
    },
    last30m: {
      queued: f.num('thirty-min-queued'),
      answered: f.num('thirty-min-accepted'),
      abandoned: f.num('thirty-min-abandoned'),
      avgWaitSec: f.num('thirty-min-avg-wait-time'),
      longestWaitSec: f.num('thirty-min-longest-wait-time'),
      serviceLevelPct: f.num('thirty-min-sla-activity'),
    },
    raw: rec,
  }
}

/**
 * An `/agents` (or `/agent/{id}`) body, XML or JSON. `asOf` (epoch ms) anchors `stateSince`.
 * Warnings are prefixed with `agents:` or `agents XML:`.
 */
export function parseAgents(body: string, asOf: number): ParseResult<Agent> {
  const problems = new Problems()
  const e = entries('agents', body, problems)
  if (!e.ok) return e
  const items = e.list.map(({ id, rec }) => agentFrom(id, rec, asOf, problems))
  return { ok: true, items, warnings: problems.lines() }
}

/** A `/queues` (or `/queue/{id}`) body, XML or JSON. */
export function parseQueues(body: string): ParseResult<Queue> {
  const problems = new Problems()
  const e = entries('queues', body, problems)
  if (!e.ok) return e
  const items = e.list.map(({ id, rec }) => queueFrom(id, rec, problems))
  return { ok: true, items, warnings: problems.lines() }
}
