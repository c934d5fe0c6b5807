/**
 * The state file format (`state.json`): the last good snapshot of every connection and the history rings behind the
 * charts, as the next start restores them (see state-cache.ts for when it is written).
 *
 * - Validated on load: format, version and the shape of every entity (schemas typed against the model, so they
 *   cannot drift from it).
 *
 * Bounded on disk: `state.json` is at most {@link MAX_FILE_BYTES} (8 MiB), whatever the number of connections M:
 * each connection gets min(2 MiB, (8 MiB − 4 KiB) / M), at most half of it for its snapshot and the rest for its
 * history. To fit, `raw` vendor payloads are dropped (tooltips only; the next poll brings them back), long texts
 * are cut, lists are capped (5,000 agents, 1,000 queues / chat rooms, 200 newest messages, 2,000 metrics) and
 * then trimmed further if still too big (the snapshot says so in its warnings); history is stored compactly
 * (time deltas, values to 2 decimals), thinned to one point per 30 s, 1, 2, 5, 10, 30 or 60 min as needed
 * (gaps are always kept), and cut to its newest points as a last resort. With the `.bak` generation and at most one
 * set-aside corrupt copy of each, the folder holds at most 4 × 8 MiB = 32 MiB (plus one temp file during a
 * write). Why 8 MiB: a big tenant's 8-hour history at chart resolution fits after thinning, while encoding and
 * writing it stays around a tenth of a second on the main process every 30 s at worst; a usual setup (a few
 * connections, ~100 agents, ~20 queues each) writes a few hundred KB.
 */
import { Buffer } from 'node:buffer'
import { z } from 'zod'
import type { Agent, ChatMessage, ChatRoom, Metric, ProviderSnapshot, Queue } from '../../../src-shared/model'
import { AGENT_STATES, MEDIA, PROVIDER_IDS } from '../../../src-shared/model'
import type { CachedConnection, CachedSeries, EngineCache } from '../engine/cached-state'
import type { Validation } from './atomic-file'

export const STATE_FILE_NAME = 'state.json'
export const STATE_FILE_FORMAT = 'floorwalker-state'
export const STATE_FILE_VERSION = 1

export const MAX_FILE_BYTES = 8 * 1024 * 1024
export const MAX_CONNECTION_BYTES = 2 * 1024 * 1024
/** Room for the header and the JSON punctuation around the per-connection pieces. */
const HEADER_BYTES = 4 * 1024
/** How much of a connection's share its snapshot may take; history gets the rest. */
const SNAPSHOT_SHARE = 0.5

export const LIST_CAPS = {
  agents: 5_000,
  queues: 1_000,
  chatRooms: 1_000,
  chatMessages: 200,
  metrics: 2_000,
} as const
const MAX_NAME = 200
const MAX_TEXT = 2_000
const MAX_WARNINGS = 50
const MAX_WARNING = 300
/** Thinning steps for history that does not fit: 30 s up to an hour. */
const THIN_STEPS_MS = [30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000]

// ---- the file -------------------------------------------------------------------------------------------------

/** A history series on disk: first time, then time deltas (ms), and values (null = a gap). */
export interface FileSeries {
  key: string
  connection: string
  t0: number
  dt: number[]
  v: (number | null)[]
}

export interface FileConnection extends CachedConnection {
  /** The snapshot was cut to fit the bound (see the file comment). */
  trimmed: boolean
}

export interface StateFileV1 {
  format: typeof STATE_FILE_FORMAT
  version: typeof STATE_FILE_VERSION
  savedAt: number
  /** The bound the file was written under, bytes (for a person reading it). */
  maxBytes: number
  connections: FileConnection[]
  history: FileSeries[]
}

const num = z.number()
const nnum = num.nullable()
const nstr = z.string().nullable()
const media = z.enum(MEDIA).nullable()

const agentSchema: z.ZodType<Agent> = z.object({
  id: z.string(),
  name: nstr,
  email: nstr,
  state: z.enum(AGENT_STATES),
  rawState: nstr,
  stateReason: nstr,
  timeInStateSec: nnum,
  stateSince: nnum,
  // Added after the first files were written: a file without them reads as "not given".
  onHold: z.boolean().nullable().default(null),
  contactSec: nnum.default(null),
  contactSince: nnum.default(null),
  media,
  openInteractions: nnum,
  freeCapacity: nnum,
  groupIds: z.array(z.string()),
  groupNames: z.array(nstr).optional(),
  queueIds: z.array(z.string()),
  today: z
    .object({
      handled: nnum,
      rejected: nnum,
      loginSec: nnum,
      availableSec: nnum,
      breakSec: nnum,
      wrapUpSec: nnum,
      avgHandleSec: nnum,
      talkSec: nnum.default(null),
      missed: nnum.default(null),
    })
    .nullable(),
  raw: z.unknown(),
})

const targetSource = z.enum(['vendor', 'user']).nullable()
const targetOrigin = z.object({
  pctFrom: targetSource,
  thresholdFrom: targetSource,
  vendorPct: nnum,
  vendorThresholdSec: nnum,
})

const queueSchema: z.ZodType<Queue> = z.object({
  id: z.string(),
  name: z.string(),
  media,
  mediaFrom: z.enum(['vendor', 'name', 'user']).nullable().optional(),
  waiting: nnum,
  longestWaitSec: nnum,
  avgWaitNowSec: nnum,
  offered: nnum,
  inProgress: nnum,
  agentsAvailable: nnum,
  agentsBusy: nnum,
  agentsWrapUp: nnum,
  agentsNotReady: nnum,
  agentsLoggedIn: nnum,
  agentsLoggedOut: nnum,
  serviceLevelPct: nnum,
  serviceLevelTargetPct: nnum,
  serviceLevelThresholdSec: nnum.optional(),
  targetOrigin: targetOrigin.optional(),
  today: z
    .object({
      received: nnum,
      answered: nnum,
      abandoned: nnum,
      avgWaitSec: nnum,
      avgHandleSec: nnum,
      serviceLevelPct: nnum,
    })
    .nullable(),
  last30m: z
    .object({
      queued: nnum,
      answered: nnum,
      abandoned: nnum,
      avgWaitSec: nnum,
      longestWaitSec: nnum,
      serviceLevelPct: nnum,
    })
    .nullable(),
  raw: z.unknown(),
})

const chatRoomSchema: z.ZodType<ChatRoom> = z.object({
  id: z.string(),
  name: z.string(),
  openChats: nnum,
  waitingChats: nnum,
  avgWaitNowSec: nnum,
  maxWaitNowSec: nnum,
  freeCapacity: nnum,
  visitorsNow: nnum,
  serviceLevelTargetPct: nnum.optional(),
  serviceLevelThresholdSec: nnum.optional(),
  targetOrigin: targetOrigin.optional(),
  today: z
    .object({
      chats: nnum,
      missed: nnum,
      answered: nnum,
      avgWaitSec: nnum,
      maxWaitSec: nnum,
      avgChatSec: nnum,
      serviceLevelPct: nnum,
      satisfactionPct: nnum,
    })
    .nullable(),
  raw: z.unknown(),
})

const chatMessageSchema: z.ZodType<ChatMessage> = z.object({
  id: z.string(),
  senderLogin: nstr,
  senderName: nstr,
  sentAt: nnum,
  urgent: z.boolean(),
  text: z.string(),
})

const metricSchema: z.ZodType<Metric> = z.object({
  key: z.string(),
  metricId: z.string(),
  name: nstr,
  category: z.object({ type: z.string(), value: z.string() }).nullable(),
  kind: z.enum(['count', 'duration', 'avg_duration', 'boolean', 'string', 'percent', 'number']).nullable(),
  status: z.enum(['ok', 'initializing', 'no_data']),
  value: z.union([num, z.string(), z.boolean()]).nullable(),
  live: z.object({ baseSec: num, ratePerSec: num, sinceMs: num, divisor: num }).nullable(),
  updatedAt: nnum,
  raw: z.unknown(),
})

const snapshotSchema: z.ZodType<ProviderSnapshot> = z.object({
  connection: z.string().min(1),
  provider: z.enum(PROVIDER_IDS),
  asOf: num,
  health: z.enum(['ok', 'warming_up', 'partial']),
  agents: z.array(agentSchema),
  queues: z.array(queueSchema),
  chatRooms: z.array(chatRoomSchema),
  chatMessages: z.array(chatMessageSchema),
  metrics: z.array(metricSchema),
  warnings: z.array(z.string()),
})

const fileSchema = z.object({
  format: z.literal(STATE_FILE_FORMAT),
  version: z.literal(STATE_FILE_VERSION),
  savedAt: num,
  maxBytes: num,
  connections: z.array(
    z.object({
      id: z.string().min(1),
      provider: z.enum(PROVIDER_IDS),
      identity: z.string(),
      lastOkAt: num,
      trimmed: z.boolean(),
      snapshot: snapshotSchema,
    }),
  ),
  history: z.array(
    z.object({
      key: z.string().min(1),
      connection: z.string().min(1),
      t0: num,
      dt: z.array(num.nonnegative()),
      v: z.array(nnum),
    }),
  ),
})

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`)
  return shown.join('; ') + (issues.length > 3 ? `; and ${issues.length - 3} more` : '')
}

/** Validate a parsed state file and turn it back into what the engine restores. */
export function validateStateFile(raw: unknown): Validation<EngineCache> {
  if (raw === null || typeof raw !== 'object' || (raw as { format?: unknown }).format !== STATE_FILE_FORMAT) {
    return { ok: false, error: 'not a Floorwalker state file' }
  }
  const version = (raw as { version?: unknown }).version
  if (version !== STATE_FILE_VERSION) {
    return {
      ok: false,
      error: `unsupported state file version ${JSON.stringify(version)} (this Floorwalker reads version ${STATE_FILE_VERSION})`,
    }
  }
  const r = fileSchema.safeParse(raw)
  if (!r.success)
    return {
      ok: false,
      error: `the saved board does not have the expected shape: ${describeIssues(r.error.issues)}`,
    }
  const history: CachedSeries[] = []
  for (const [i, s] of r.data.history.entries()) {
    if (s.v.length === 0 || s.dt.length !== s.v.length - 1) {
      return { ok: false, error: `history.${i}: ${s.v.length} values but ${s.dt.length} time steps` }
    }
    history.push({ key: s.key, connection: s.connection, points: decodePoints(s) })
  }
  const connections: CachedConnection[] = r.data.connections.map((c) => ({
    id: c.id,
    provider: c.provider,
    identity: c.identity,
    lastOkAt: c.lastOkAt,
    snapshot: c.snapshot,
  }))
  return { ok: true, value: { savedAt: r.data.savedAt, connections, history } }
}

function decodePoints(s: Pick<FileSeries, 't0' | 'dt' | 'v'>): [number, number | null][] {
  const out: [number, number | null][] = []
  let t = s.t0
  for (let i = 0; i < s.v.length; i++) {
    if (i > 0) t += s.dt[i - 1] as number
    out.push([t, s.v[i] ?? null])
  }
  return out
}

// ---- bounding -------------------------------------------------------------------------------------------------

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8')
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…'
}
function cutOrNull(s: string | null, max: number): string | null {
  return s === null ? null : cut(s, max)
}

type ListName = keyof typeof LIST_CAPS

/** The snapshot as it goes to disk: no `raw`, texts cut, lists capped. */
function slimSnapshot(s: ProviderSnapshot): { snapshot: ProviderSnapshot; trimmed: boolean } {
  let trimmed = false
  const cap = <T>(list: T[], name: ListName): T[] => {
    if (list.length <= LIST_CAPS[name]) return list
    trimmed = true
    return list.slice(0, LIST_CAPS[name])
  }
  // Over the cap, keep the newest messages, in the order the vendor gave them.
  let messages = s.chatMessages
  if (messages.length > LIST_CAPS.chatMessages) {
    const newest = new Set(
      [...messages].sort((a, b) => (b.sentAt ?? 0) - (a.sentAt ?? 0)).slice(0, LIST_CAPS.chatMessages),
    )
    messages = messages.filter((m) => newest.has(m))
    trimmed = true
  }
  const snapshot: ProviderSnapshot = {
    connection: s.connection,
    provider: s.provider,
    asOf: s.asOf,
    health: s.health,
    agents: cap(s.agents, 'agents').map((a) => ({
      ...a,
      name: cutOrNull(a.name, MAX_NAME),
      email: cutOrNull(a.email, MAX_NAME),
      stateReason: cutOrNull(a.stateReason, MAX_NAME),
      raw: null,
    })),
    queues: cap(s.queues, 'queues').map((q) => ({ ...q, name: cut(q.name, MAX_NAME), raw: null })),
    chatRooms: cap(s.chatRooms, 'chatRooms').map((r) => ({ ...r, name: cut(r.name, MAX_NAME), raw: null })),
    chatMessages: messages.map((m) => ({ ...m, text: cut(m.text, MAX_TEXT) })),
    metrics: cap(s.metrics, 'metrics').map((m) => ({
      ...m,
      name: cutOrNull(m.name, MAX_NAME),
      value: typeof m.value === 'string' ? cut(m.value, MAX_NAME) : m.value,
      raw: null,
    })),
    warnings: s.warnings.slice(0, MAX_WARNINGS).map((w) => cut(w, MAX_WARNING)),
  }
  return { snapshot, trimmed }
}

/** Cut the biggest lists until the snapshot fits in `budget` bytes. */
function fitSnapshot(
  s: ProviderSnapshot,
  budget: number,
): { snapshot: ProviderSnapshot; size: number; trimmed: boolean } {
  let snapshot = s
  let size = bytes(snapshot)
  let trimmed = false
  const lists: ListName[] = ['agents', 'queues', 'chatRooms', 'chatMessages', 'metrics']
  while (size > budget) {
    const biggest = lists
      .map((name) => ({ name, size: bytes(snapshot[name]), count: snapshot[name].length }))
      .filter((l) => l.count > 0)
      .sort((a, b) => b.size - a.size)[0]
    if (!biggest) break
    const over = size - budget
    // Drop enough entries (as an average entry goes) to get under, and at least one.
    const perEntry = biggest.size / biggest.count
    const keep = Math.max(0, Math.min(biggest.count - 1, biggest.count - Math.ceil((over / perEntry) * 1.05)))
    snapshot = { ...snapshot, [biggest.name]: snapshot[biggest.name].slice(0, keep) }
    trimmed = true
    size = bytes(snapshot)
  }
  if (trimmed || size > budget) {
    snapshot = {
      ...snapshot,
      warnings: [
        ...snapshot.warnings.slice(0, MAX_WARNINGS - 1),
        'the saved board was trimmed to fit the cache',
      ],
    }
    size = bytes(snapshot)
  }
  return { snapshot, size, trimmed }
}

const round2 = (v: number | null): number | null => (v === null ? null : Math.round(v * 100) / 100)

function encodeSeries(s: CachedSeries): FileSeries | null {
  const first = s.points[0]
  if (!first) return null
  const dt: number[] = []
  for (let i = 1; i < s.points.length; i++)
    dt.push(Math.max(0, (s.points[i]?.[0] ?? 0) - (s.points[i - 1]?.[0] ?? 0)))
  return { key: s.key, connection: s.connection, t0: first[0], dt, v: s.points.map((p) => round2(p[1])) }
}

/** At most one value per `stepMs`; every gap (null) stays, and so does the point after a gap and the last one. */
export function thin(points: [number, number | null][], stepMs: number): [number, number | null][] {
  const out: [number, number | null][] = []
  let lastKept: [number, number | null] | null = null
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as [number, number | null]
    const keep =
      lastKept === null ||
      p[1] === null ||
      lastKept[1] === null ||
      p[0] - lastKept[0] >= stepMs ||
      i === points.length - 1
    if (keep) {
      out.push(p)
      lastKept = p
    }
  }
  return out
}

function seriesBytes(list: FileSeries[]): number {
  return list.reduce((n, s) => n + bytes(s) + 1, 0)
}

/** One connection's history in at most `budget` bytes: compact, then thinner, then only the newest points. */
function fitHistory(series: CachedSeries[], budget: number): FileSeries[] {
  const encode = (list: CachedSeries[]) => list.map(encodeSeries).filter((s): s is FileSeries => s !== null)
  const pointsOf = (list: CachedSeries[]) => list.reduce((n, s) => n + s.points.length, 0)
  // Serializing is the cost here (this runs on the main process): bytes per point are estimated from a sample,
  // a candidate is encoded only when the estimate says it can fit, and then it is measured exactly.
  const sample = series.filter((_, i) => i % Math.max(1, Math.floor(series.length / 16)) === 0)
  const perPoint = seriesBytes(encode(sample)) / Math.max(1, pointsOf(sample))
  let encoded: FileSeries[]
  if (pointsOf(series) * perPoint <= budget * 1.1) {
    encoded = encode(series)
    if (seriesBytes(encoded) <= budget) return encoded
  }
  let thinnest = series
  for (const step of THIN_STEPS_MS) {
    thinnest = series.map((s) => ({ ...s, points: thin(s.points, step) }))
    if (pointsOf(thinnest) * perPoint > budget) continue
    encoded = encode(thinnest)
    if (seriesBytes(encoded) <= budget) return encoded
  }
  // Still too much (a great many series): keep each series' newest points, shrinking until it fits.
  let fraction = budget / Math.max(1, pointsOf(thinnest) * perPoint)
  for (let round = 0; round < 20; round++) {
    encoded = encode(
      thinnest.map((s) => ({
        ...s,
        points: s.points.slice(-Math.max(1, Math.floor(s.points.length * fraction))),
      })),
    )
    if (seriesBytes(encoded) <= budget) return encoded
    fraction *= 0.7
  }
  return []
}

/** The engine's state as the file holds it, within `maxBytes` (see the file comment for the bound). */
export function encodeStateFile(cache: EngineCache, maxBytes = MAX_FILE_BYTES): StateFileV1 {
  const m = Math.max(1, cache.connections.length)
  const share = Math.min(MAX_CONNECTION_BYTES, Math.floor((maxBytes - HEADER_BYTES) / m))
  const byConnection = new Map<string, CachedSeries[]>()
  for (const s of cache.history) {
    const list = byConnection.get(s.connection) ?? []
    list.push(s)
    byConnection.set(s.connection, list)
  }
  const connections: FileConnection[] = []
  const history: FileSeries[] = []
  for (const c of cache.connections) {
    const slim = slimSnapshot(c.snapshot)
    const fit = fitSnapshot(slim.snapshot, Math.floor(share * SNAPSHOT_SHARE))
    const entry: FileConnection = {
      id: c.id,
      provider: c.provider,
      identity: c.identity,
      lastOkAt: c.lastOkAt,
      trimmed: slim.trimmed || fit.trimmed,
      snapshot: fit.snapshot,
    }
    const left = share - bytes(entry) - 1
    connections.push(entry)
    history.push(...fitHistory(byConnection.get(c.id) ?? [], Math.max(0, left)))
  }
  return {
    format: STATE_FILE_FORMAT,
    version: STATE_FILE_VERSION,
    savedAt: cache.savedAt,
    maxBytes,
    connections,
    history,
  }
}
