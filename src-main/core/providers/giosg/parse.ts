/**
 * giosg Reporting API v4 realtime payloads → domain model (docs/vendors/giosg.md §3, §4, §7). Pure: no I/O,
 * no clock.
 */
import type { Agent, AgentState, ChatRoom } from '../../../../src-shared/model'

/** One page of a giosg "paginated collection" (docs/vendors/giosg.md §4). */
export interface GiosgPage {
  results: unknown[]
  /** Absolute URL of the next page; null on the last page and when the key is missing. */
  next: string | null
}

export type PageParse = { ok: true; page: GiosgPage } | { ok: false; detail: string }

type Row = Record<string, unknown>

function isRow(v: unknown): v is Row {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Parse one page body. A missing `next` means the last page: the vendor document's own sample has none. */
export function parsePage(body: string): PageParse {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return { ok: false, detail: `not JSON (starts with ${JSON.stringify(body.slice(0, 40))})` }
  }
  if (!isRow(value)) return { ok: false, detail: 'expected a JSON object with "results"' }
  if (!Array.isArray(value.results)) return { ok: false, detail: '"results" is missing or not an array' }
  const next = value.next
  if (next !== undefined && next !== null && typeof next !== 'string') {
    return { ok: false, detail: '"next" is neither a URL nor null' }
  }
  return { ok: true, page: { results: value.results, next: next === undefined || next === '' ? null : next } }
}

/** A count or duration: finite and not negative, numeric strings accepted; anything else is unknown. */
function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
  return Number.isFinite(n) && n >= 0 ? n : null
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null
}

/**
 * giosg ids are integers in some places and UUIDs in others (docs/vendors/giosg.md §6.5): always strings
 * here.
 */
function idOf(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return text(v)
}

function bool(v: unknown): boolean | null {
  return typeof v === 'boolean' ? v : null
}

export interface ParsedRooms {
  rooms: ChatRoom[]
  /** Rows that could not become a room (no id). */
  skipped: number
  warnings: string[]
}

/**
 * `/rooms` results (docs/vendors/giosg.md §7.4). Waits are seconds as floats and are kept unrounded
 * (docs/vendors/giosg.md §6.4).
 */
export function parseRooms(results: unknown[]): ParsedRooms {
  const byId = new Map<string, ChatRoom>()
  let skipped = 0
  let duplicates = 0
  for (const r of results) {
    const id = isRow(r) ? idOf(r.room_id) : null
    if (!isRow(r) || id === null) {
      skipped++
      continue
    }
    if (byId.has(id)) duplicates++
    byId.set(id, {
      id,
      name: text(r.room_name) ?? id,
      openChats: num(r.currently_open_chats),
      waitingChats: num(r.waiting_chats),
      avgWaitNowSec: num(r.average_wait_time),
      maxWaitNowSec: num(r.max_wait_time),
      freeCapacity: num(r.free_capacity),
      visitorsNow: num(r.current_visitors),
      // "Today" is the day in the timezone the request named (docs/vendors/giosg.md §6.1).
      today: {
        chats: num(r.real_chats),
        missed: num(r.missed_chats),
        answered: null,
        // Only in giosg's newer docs, absent from the vendor document (docs/vendors/giosg.md §4): null when
        // missing.
        avgWaitSec: num(r.daily_avg_chat_wait_time),
        maxWaitSec: num(r.daily_max_chat_wait_time),
        avgChatSec: null,
        serviceLevelPct: null,
        satisfactionPct: null,
      },
      raw: r,
    })
  }
  const warnings: string[] = []
  if (skipped > 0) warnings.push(`giosg: ${skipped} room row(s) without a room_id were left out`)
  if (duplicates > 0)
    warnings.push(`giosg: ${duplicates} room(s) came twice across pages; the later row is shown`)
  return { rooms: [...byId.values()], skipped, warnings }
}

/**
 * Operator state from giosg's flags (docs/vendors/giosg.md §7.1): logged out; logged in but not online → not
 * ready; online with free capacity → available; online and full → busy.
 */
export function operatorState(u: Row): { state: AgentState; rawState: string; loggedInKnown: boolean } {
  // The vendor document spells it `is_logged_id`; a real payload may say `is_logged_in`
  // (docs/vendors/giosg.md §6.8).
  const loggedIn = bool(u.is_logged_in) ?? bool(u.is_logged_id)
  const online = bool(u.is_online)
  const free = num(u.free_capacity)
  const open = num(u.currently_open_chats)
  const rawState = `logged_in=${loggedIn ?? '?'} online=${online ?? '?'} free_capacity=${free ?? '?'}`
  let state: AgentState
  if (loggedIn === false) state = 'logged_out'
  else if (online === false) state = loggedIn === true ? 'not_ready' : 'unknown'
  else if (online === null) state = 'unknown'
  else if (free !== null) state = free > 0 ? 'available' : 'busy'
  // Online without a capacity figure: chats in hand mean busy; otherwise we cannot tell.
  else state = open !== null && open > 0 ? 'busy' : 'unknown'
  return { state, rawState, loggedInKnown: loggedIn !== null }
}

function uniqueIds(list: unknown, pick: (item: Row) => unknown): string[] {
  if (!Array.isArray(list)) return []
  const out: string[] = []
  for (const item of list) {
    const id = isRow(item) ? idOf(pick(item)) : null
    if (id !== null && !out.includes(id)) out.push(id)
  }
  return out
}

export interface ParsedUsers {
  agents: Agent[]
  skipped: number
  warnings: string[]
}

/** `/users` results (docs/vendors/giosg.md §7.2). */
export function parseUsers(results: unknown[]): ParsedUsers {
  const byId = new Map<string, Agent>()
  let skipped = 0
  let duplicates = 0
  let unknownLogin = 0
  for (const u of results) {
    const id = isRow(u) ? idOf(u.user_id) : null
    if (!isRow(u) || id === null) {
      skipped++
      continue
    }
    if (byId.has(id)) duplicates++
    const { state, rawState, loggedInKnown } = operatorState(u)
    if (!loggedInKnown) unknownLogin++
    const email = text(u.email)
    const open = num(u.currently_open_chats)
    byId.set(id, {
      id,
      // The documented payload has no name: the email is what identifies an operator
      // (docs/vendors/giosg.md §7.2).
      name: text(u.name) ?? text(u.full_name) ?? email,
      email,
      state,
      rawState,
      stateReason: null,
      // giosg gives no time in state (docs/vendors/giosg.md §7.2): the store cannot tick it.
      timeInStateSec: null,
      stateSince: null,
      // Chats have no hold, and giosg says nothing of when an operator's chats began (docs/vendors/giosg.md §7.2).
      onHold: null,
      contactSec: null,
      contactSince: null,
      media: open !== null && open > 0 ? 'chat' : null,
      openInteractions: open,
      freeCapacity: num(u.free_capacity),
      groupIds: uniqueIds(u.teams, (t) => t.team_id),
      queueIds: uniqueIds(u.rooms, (r) => r.room_id ?? (isRow(r.room) ? r.room.id : undefined)),
      today: null,
      raw: u,
    })
  }
  const warnings: string[] = []
  if (skipped > 0) warnings.push(`giosg: ${skipped} operator row(s) without a user_id were left out`)
  if (duplicates > 0)
    warnings.push(`giosg: ${duplicates} operator(s) came twice across pages; the later row is shown`)
  if (unknownLogin > 0) {
    warnings.push(`giosg: ${unknownLogin} operator(s) carry neither is_logged_in nor is_logged_id`)
  }
  return { agents: [...byId.values()], skipped, warnings }
}
