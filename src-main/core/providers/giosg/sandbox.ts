/**
 * A giosg Reporting API v4 sandbox (docs/ARCHITECTURE.md §6.2, docs/vendors/giosg.md §9):
 * `/api/v4/reporting/realtime/rooms` and `/users` served from the simulator, with token auth, DRF-style
 * errors, cursor pagination with absolute `next` URLs and uneven page sizes, the `room_id` / `include_shared`
 * / `user_id` filters, and "today" counted in the requested `timezone`.
 */
import type { Agent, ChatRoom } from '../../../../src-shared/model'
import { isTimeZoneName, startOfDay } from '../../../../src-shared/business-day'
import type { Clock } from '../../ports'
import type { SandboxFactory, SandboxOptions } from '../../sandbox/registry'
import { json, startSandboxServer, type SandboxReply, type SandboxRequest } from '../../sandbox/server'
import type { SimulatorState } from '../../simulator/types'
import { ROOMS_PATH, USERS_PATH } from './client'

export interface GiosgSandboxOptions extends SandboxOptions {
  /**
   * Items per page, used in turn (page 1 gets the first size, ...). giosg guarantees the order, not the page
   * size (docs/vendors/giosg.md §4). 0 makes an empty page that still has a `next`. Default [5, 2, 4, 1].
   */
  pageSizes?: number[]
  /** false: the vendor document's shape, `{"results": [...]}` with no `next`/`previous`, all on one page. */
  paginationKeys?: boolean
  /** The document's misspelling (default) or the presumed real name (docs/vendors/giosg.md §6.8). */
  loggedInKey?: 'is_logged_id' | 'is_logged_in'
  /**
   * Rooms shared to the organization: listed only with `include_shared=true` (docs/vendors/giosg.md §6.3).
   */
  sharedRoomIds?: string[]
  /** A token that authenticates but lacks the reports permission: 403 (docs/vendors/giosg.md §5). */
  forbiddenToken?: string
  /** How long a cursor stays valid (ms, default 5 minutes); an expired one is 404 "Invalid cursor". */
  cursorTtlMs?: number
}

const DEFAULT_PAGE_SIZES = [5, 2, 4, 1]
const HOUR_MS = 3_600_000

type Item = Record<string, unknown>

/** The list behind a cursor: frozen when page 1 was asked, so every page of one walk describes one instant. */
interface Walk {
  path: string
  items: Item[]
  expiresAt: number
}

interface CursorState {
  key: string
  page: number
}

function encodeCursor(c: CursorState): string {
  return Buffer.from(JSON.stringify([c.key, c.page]), 'utf8').toString('base64url')
}

function decodeCursor(s: string): CursorState | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'))
    if (
      Array.isArray(v) &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'number' &&
      Number.isInteger(v[1]) &&
      v[1] > 0
    ) {
      return { key: v[0], page: v[1] }
    }
  } catch {
    // fall through: any unreadable cursor is "Invalid cursor"
  }
  return null
}

interface Totals {
  chats: number
  missed: number
}

/**
 * "Today" per timezone (docs/vendors/giosg.md §6.1). The simulator has one notion of today; giosg counts from
 * midnight in the zone the request names. So the sandbox keeps a running total of chats and missed chats per room
 * (the simulator's increments, a drop meaning its day restarted) with a history of those totals, and answers
 * "today in zone Z" as the total now minus the total at Z's last midnight.
 */
class TodayCounters {
  private readonly last = new Map<string, { chats: number | null; missed: number | null }>()
  private readonly totals = new Map<string, Totals>()
  private history: { t: number; totals: Map<string, Totals> }[] = []

  observe(t: number, rooms: ChatRoom[]): void {
    for (const room of rooms) {
      const prev = this.last.get(room.id) ?? { chats: null, missed: null }
      const total = this.totals.get(room.id) ?? { chats: 0, missed: 0 }
      const step = (now: number | null, before: number | null) =>
        now === null ? 0 : before === null || now < before ? now : now - before
      total.chats += step(room.today?.chats ?? null, prev.chats)
      total.missed += step(room.today?.missed ?? null, prev.missed)
      this.totals.set(room.id, total)
      this.last.set(room.id, {
        chats: room.today?.chats ?? prev.chats,
        missed: room.today?.missed ?? prev.missed,
      })
    }
    const copy = new Map([...this.totals].map(([k, v]) => [k, { ...v }]))
    const latest = this.history[this.history.length - 1]
    if (latest !== undefined && t - latest.t < 10_000) latest.totals = copy
    else this.history.push({ t, totals: copy })
    // Every zone's midnight lies within the last 26 hours: keep those, plus one older entry as their baseline.
    const keepFrom = this.history.findIndex((h) => h.t >= t - 26 * HOUR_MS)
    if (keepFrom > 1) this.history = this.history.slice(keepFrom - 1)
  }

  /** Today's counts for a room in `zone` as of `t`; null where the simulator never gave that counter. */
  today(roomId: string, zone: string, t: number): { chats: number | null; missed: number | null } {
    const total = this.totals.get(roomId)
    const seen = this.last.get(roomId)
    if (total === undefined || seen === undefined) return { chats: null, missed: null }
    const midnight = startOfDay(zone, t)
    let base: Totals = { chats: 0, missed: 0 }
    for (const h of this.history) {
      if (h.t > midnight) break
      base = h.totals.get(roomId) ?? { chats: 0, missed: 0 }
    }
    return {
      chats: seen.chats === null ? null : total.chats - base.chats,
      missed: seen.missed === null ? null : total.missed - base.missed,
    }
  }
}

/** Wait times are floats with one decimal in the vendor document (`14.6`). */
function wait(v: number | null): number | null {
  return v === null ? null : Math.round(v * 10) / 10
}

/**
 * giosg user and team ids are integers (docs/vendors/giosg.md §6.5); other simulator ids are passed through
 * as strings.
 */
function vendorId(id: string): number | string {
  return /^\d{1,15}$/.test(id) ? Number(id) : id
}

function emailOf(agent: Agent): string {
  if (agent.email) return agent.email
  const local = (agent.name ?? `operator ${agent.id}`)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '')
  return `${local || `operator.${agent.id}`}@sandbox.giosg.test`
}

/** Operator flags from the simulator's state (the reverse of docs/vendors/giosg.md §7.1). */
function operatorFlags(agent: Agent): { loggedIn: boolean; online: boolean; open: number; free: number } {
  const loggedIn = agent.state !== 'logged_out'
  const online = ['available', 'busy', 'offered', 'wrap_up'].includes(agent.state)
  // A giosg operator is busy with chats: one in hand when the simulator does not say how many.
  const open = agent.openInteractions ?? (agent.state === 'busy' ? 1 : 0)
  let free = 0
  if (online) free = agent.freeCapacity ?? (agent.state === 'available' ? Math.max(1, 3 - open) : 0)
  return { loggedIn, online, open, free }
}

function roomItem(room: ChatRoom, today: { chats: number | null; missed: number | null }): Item {
  return {
    room_id: room.id,
    room_name: room.name,
    currently_open_chats: room.openChats,
    free_capacity: room.freeCapacity,
    waiting_chats: room.waitingChats,
    average_wait_time: wait(room.avgWaitNowSec),
    max_wait_time: wait(room.maxWaitNowSec),
    missed_chats: today.missed,
    real_chats: today.chats,
    current_visitors: room.visitorsNow,
  }
}

function userItem(agent: Agent, rooms: Map<string, ChatRoom>, loggedInKey: string): Item {
  const f = operatorFlags(agent)
  const mine = agent.queueIds.filter((id) => rooms.has(id))
  return {
    user_id: vendorId(agent.id),
    email: emailOf(agent),
    [loggedInKey]: f.loggedIn,
    is_online: f.online,
    currently_open_chats: f.open,
    free_capacity: f.free,
    rooms: mine.map((id, i) => ({
      room_id: id,
      room: {
        // The operator's open chats dealt out over their rooms, so the per-room figures add up.
        currently_open_chats: Math.floor(f.open / mine.length) + (i < f.open % mine.length ? 1 : 0),
        id,
        name: rooms.get(id)?.name ?? id,
      },
    })),
    teams: agent.groupIds.map((id) => ({ team_id: vendorId(id) })),
  }
}

function httpDate(clock: Clock): string {
  return new Date(clock.now()).toUTCString()
}

/** `true`/`false` the way a Django boolean filter reads them; undefined for anything else. */
function booleanParam(v: string | null): boolean | undefined {
  if (v === null || v === '') return false
  if (['true', 'True', '1'].includes(v)) return true
  if (['false', 'False', '0'].includes(v)) return false
  return undefined
}

function commaList(v: string | null): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

export const startGiosgSandbox = (async (opts: GiosgSandboxOptions) => {
  const pageSizes = opts.pageSizes ?? DEFAULT_PAGE_SIZES
  if (
    pageSizes.length === 0 ||
    pageSizes.some((n) => !Number.isInteger(n) || n < 0) ||
    !pageSizes.some((n) => n > 0)
  ) {
    throw new Error('giosg sandbox: pageSizes must be whole numbers ≥ 0, at least one of them above 0')
  }
  const paginationKeys = opts.paginationKeys ?? true
  const loggedInKey = opts.loggedInKey ?? 'is_logged_id'
  const shared = new Set(opts.sharedRoomIds ?? [])
  const ttl = opts.cursorTtlMs ?? 5 * 60_000
  const walks = new Map<string, Walk>()
  const counters = new TodayCounters()
  let walkSeq = 0

  const headers = (extra: Record<string, string> = {}) => ({ date: httpDate(opts.clock), ...extra })

  /** The items page `page` (1-based) of a list holds, and whether another page follows. */
  const slice = (items: Item[], page: number): { items: Item[]; more: boolean } => {
    let start = 0
    for (let i = 0; i < page - 1; i++) start += pageSizes[i % pageSizes.length] ?? 0
    const end = start + (pageSizes[(page - 1) % pageSizes.length] ?? 0)
    return { items: items.slice(start, end), more: end < items.length }
  }

  const pageUrl = (req: SandboxRequest, cursor: string | null): string => {
    const q = new URLSearchParams(req.query)
    q.delete('cursor')
    if (cursor !== null) q.set('cursor', cursor)
    const qs = q.toString()
    return `${req.origin}${req.path}${qs ? `?${qs}` : ''}`
  }

  const authorize = (req: SandboxRequest): SandboxReply | null => {
    const h = req.headers['authorization']
    // DRF TokenAuthentication: keyword then the key; the keyword is matched case-insensitively.
    const m = h === undefined ? null : /^(Token|Bearer)\s+(\S+)\s*$/i.exec(h)
    if (m === null) {
      return json(
        401,
        { detail: 'Authentication credentials were not provided.' },
        headers({ 'www-authenticate': 'Token' }),
      )
    }
    if (opts.forbiddenToken !== undefined && m[2] === opts.forbiddenToken) {
      return json(403, { detail: 'You do not have permission to perform this action.' }, headers())
    }
    if (m[2] !== opts.secret) {
      return json(401, { detail: 'Invalid token.' }, headers({ 'www-authenticate': 'Token' }))
    }
    return null
  }

  const roomsList = (req: SandboxRequest, state: SimulatorState, t: number): SandboxReply | Item[] => {
    const zone = req.query.get('timezone') ?? 'UTC'
    if (!isTimeZoneName(zone)) return json(400, { timezone: [`Unknown timezone '${zone}'.`] }, headers())
    const includeShared = booleanParam(req.query.get('include_shared'))
    if (includeShared === undefined) {
      return json(400, { include_shared: ['Enter a valid boolean.'] }, headers())
    }
    const wanted = new Set(commaList(req.query.get('room_id')).map((s) => s.toLowerCase()))
    counters.observe(t, state.chatRooms)
    return [...state.chatRooms]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .filter((r) => includeShared || !shared.has(r.id))
      .filter((r) => wanted.size === 0 || wanted.has(r.id.toLowerCase()))
      .map((r) => roomItem(r, counters.today(r.id, zone, t)))
  }

  const usersList = (req: SandboxRequest, state: SimulatorState): Item[] => {
    const wanted = new Set(commaList(req.query.get('user_id')))
    const rooms = new Map(state.chatRooms.map((r) => [r.id, r]))
    return [...state.agents]
      .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
      .filter((a) => wanted.size === 0 || wanted.has(a.id))
      .map((a) => userItem(a, rooms, loggedInKey))
  }

  const pageReply = (req: SandboxRequest, key: string, walk: Walk, page: number): SandboxReply => {
    const { items, more } = slice(walk.items, page)
    return json(
      200,
      {
        next: more ? pageUrl(req, encodeCursor({ key, page: page + 1 })) : null,
        previous: page === 1 ? null : pageUrl(req, page === 2 ? null : encodeCursor({ key, page: page - 1 })),
        results: items,
      },
      headers(),
    )
  }

  const handle = (req: SandboxRequest): SandboxReply => {
    const path = req.path.replace(/\/+$/, '')
    if (path !== ROOMS_PATH && path !== USERS_PATH) return json(404, { detail: 'Not found.' }, headers())
    if (req.method !== 'GET') {
      return json(405, { detail: `Method "${req.method}" not allowed.` }, headers({ allow: 'GET' }))
    }
    const denied = authorize(req)
    if (denied !== null) return denied

    const now = opts.clock.now()
    for (const [k, w] of walks) if (w.expiresAt <= now) walks.delete(k)

    const cursorParam = req.query.get('cursor')
    if (cursorParam === null) {
      const state = opts.sim.at(now)
      const list = path === ROOMS_PATH ? roomsList(req, state, now) : usersList(req, state)
      if (!Array.isArray(list)) return list
      if (!paginationKeys) return json(200, { results: list }, headers())
      const walk: Walk = { path, items: list, expiresAt: now + ttl }
      walkSeq++
      walks.set(`w${walkSeq}`, walk)
      // Oldest first: a client that never finishes its walks cannot grow the map without bound.
      while (walks.size > 1000) walks.delete(walks.keys().next().value as string)
      return pageReply(req, `w${walkSeq}`, walk, 1)
    }
    const cursor = decodeCursor(cursorParam)
    const found = cursor === null ? undefined : walks.get(cursor.key)
    if (cursor === null || found === undefined || found.path !== path) {
      return json(404, { detail: 'Invalid cursor' }, headers())
    }
    return pageReply(req, cursor.key, found, cursor.page)
  }

  return startSandboxServer({
    handle,
    clock: opts.clock,
    host: opts.host,
    port: opts.port,
    malformedBody: '{"next": null, "results": [{"room_id": "e6a850ca-e1d3-11e4-9706-38b1dbe48b5b", "room_na',
  })
}) satisfies SandboxFactory
