/**
 * Thulium `GET /api/chats/reports/summary` rows → the domain model (docs/vendors/thulium.md §4, §7.2, §7.4).
 * Pure: no I/O. The report is a bare JSON array of rows; counts are integers, percentages 0–100, durations
 * `"HH:MM:SS"` strings whose hours may exceed 24.
 */
import type { Agent, ChatRoom } from '../../../../src-shared/model'
import { blankAgent, blankChatRoom } from '../../../../src-shared/model'

export type SummaryRow = Record<string, unknown>

export type PageParse = { ok: true; rows: SummaryRow[] } | { ok: false; detail: string }

/** Shown once per snapshot that has agents: the board must not pretend to know their state. */
export const NO_LIVE_STATE_WARNING =
  'Thulium reports today’s chat figures only: it has no live agent state, so agents show as state unknown.'

/**
 * One body of the report: a bare JSON array of row objects (docs/vendors/thulium.md §4: no envelope, no
 * total).
 */
export function parseSummaryPage(body: string): PageParse {
  let data: unknown
  try {
    data = JSON.parse(body)
  } catch (e) {
    return { ok: false, detail: `the report is not JSON (${(e as Error).message})` }
  }
  if (!Array.isArray(data)) {
    return { ok: false, detail: `the report is not a JSON array (got ${describe(data)})` }
  }
  const rows: SummaryRow[] = []
  for (const [i, row] of data.entries()) {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      return { ok: false, detail: `report row ${i} is not an object (got ${describe(row)})` }
    }
    rows.push(row as SummaryRow)
  }
  return { ok: true, rows }
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  return typeof v === 'object' ? 'an object' : typeof v
}

/**
 * `"H+:MM:SS"` → seconds. Hours are unbounded: a sum over a day or a month passes 24 h
 * (docs/vendors/thulium.md §6.2), so `"123:04:05"` is 442 445 s. Returns null when the text is not in that
 * form.
 */
export function hmsToSeconds(text: string): number | null {
  const m = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(text.trim())
  if (!m) return null
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])
}

export interface Durations {
  min: number | null
  max: number | null
  sum: number | null
  avg: number | null
}

/** One report row in model units (seconds, 0–100), `null` where absent, unreadable or meaningless. */
export interface SummaryFigures {
  series: string | null
  userName: string | null
  incoming: number | null
  incomingToAgent: number | null
  incomingIncludingEmpty: number | null
  abandoned: number | null
  answered: number | null
  incomingToBot: number | null
  transferredByBot: number | null
  finishedByBot: number | null
  serviceLevelPct: number | null
  slaPct: number | null
  chatTime: Durations
  waitTime: Durations
  rating: {
    sad: number | null
    neutral: number | null
    happy: number | null
    satisfactionPct: number | null
    ratedPct: number | null
  }
}

const NO_DURATIONS: Durations = { min: null, max: null, sum: null, avg: null }

/** What a queue or user with no row in today's report has: nothing happened yet. */
export const NO_ACTIVITY: SummaryFigures = {
  series: null,
  userName: null,
  incoming: 0,
  incomingToAgent: 0,
  incomingIncludingEmpty: 0,
  abandoned: 0,
  answered: 0,
  incomingToBot: 0,
  transferredByBot: 0,
  finishedByBot: 0,
  serviceLevelPct: null,
  slaPct: null,
  chatTime: NO_DURATIONS,
  waitTime: NO_DURATIONS,
  rating: { sad: 0, neutral: 0, happy: 0, satisfactionPct: null, ratedPct: null },
}

class RowReader {
  constructor(
    private readonly row: SummaryRow,
    private readonly where: string,
    private readonly warnings: string[],
  ) {}

  private get(path: string): unknown {
    let v: unknown = this.row
    for (const k of path.split('.')) {
      if (typeof v !== 'object' || v === null) return undefined
      v = (v as Record<string, unknown>)[k]
    }
    return v
  }

  private bad(path: string, v: unknown, expected: string): null {
    this.warnings.push(`${this.where}: ${path} ${JSON.stringify(v)} is not ${expected}; shown as unknown`)
    return null
  }

  private number(path: string): { value: number | null; v: unknown } {
    const v = this.get(path)
    if (v === undefined || v === null || v === '') return { value: null, v }
    const n =
      typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : NaN
    return { value: Number.isFinite(n) ? n : NaN, v }
  }

  count(path: string): number | null {
    const { value, v } = this.number(path)
    if (value === null) return null
    if (Number.isNaN(value) || value < 0) return this.bad(path, v, 'a count')
    return value
  }

  percent(path: string): number | null {
    const { value, v } = this.number(path)
    if (value === null) return null
    if (Number.isNaN(value) || value < 0 || value > 100) return this.bad(path, v, 'a percentage (0–100)')
    return value
  }

  text(path: string): string | null {
    const v = this.get(path)
    if (typeof v === 'string' && v.trim() !== '') return v
    if (typeof v === 'number') return String(v)
    return null
  }

  duration(path: string): number | null {
    const v = this.get(path)
    if (v === undefined || v === null || v === '') return null
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v
    const s = typeof v === 'string' ? hmsToSeconds(v) : null
    return s === null ? this.bad(path, v, 'a duration (HH:MM:SS)') : s
  }

  durations(path: string, answered: number | null): Durations {
    // "00:00:00" with nothing answered means "no data", not "instant" (docs/vendors/thulium.md §6.2).
    const read = (k: string) => {
      const s = this.duration(`${path}.${k}`)
      return s === 0 && !answered ? null : s
    }
    return { min: read('min'), max: read('max'), sum: read('sum'), avg: read('avg') }
  }
}

/** Read one row; unreadable values become null with a warning naming `where` (e.g. "chat queue 3"). */
export function readSummaryRow(row: SummaryRow, where: string, warnings: string[]): SummaryFigures {
  const r = new RowReader(row, where, warnings)
  const incoming = r.count('incoming')
  const answered = r.count('answered')
  const sad = r.count('rating.rate.sad')
  const neutral = r.count('rating.rate.neutral')
  const happy = r.count('rating.rate.happy')
  const ratedPct = r.percent('rating.rated_percent')
  const rated = sad === null || neutral === null || happy === null ? null : sad + neutral + happy
  // Without a single rating the vendor still says satisfaction_percent: 0 (see the vendor sample): unknown, not 0.
  const noRatings = rated === 0 || (rated === null && ratedPct === 0)
  const satisfaction = r.percent('rating.satisfaction_percent')
  // With no incoming chat, a service level of 0 or 100 says nothing.
  const noChats = incoming === 0
  const serviceLevel = r.percent('service_level_percent')
  const sla = r.percent('sla_percent')
  return {
    series: r.text('series'),
    userName: r.text('user_name'),
    incoming,
    incomingToAgent: r.count('incoming_to_agent'),
    incomingIncludingEmpty: r.count('incoming_including_empty'),
    abandoned: r.count('abandoned'),
    answered,
    incomingToBot: r.count('incoming_to_bot'),
    transferredByBot: r.count('transferred_by_bot'),
    finishedByBot: r.count('finished_by_bot'),
    serviceLevelPct: noChats ? null : serviceLevel,
    slaPct: noChats ? null : sla,
    chatTime: r.durations('chat_time', answered),
    waitTime: r.durations('wait_time', answered),
    rating: { sad, neutral, happy, satisfactionPct: noRatings ? null : satisfaction, ratedPct },
  }
}

/**
 * Today's rows out of a report: with `aggregate_by=day` each entity has one row whose `series` is today's date
 * (docs/vendors/thulium.md §4, §6.4). Rows of other series are dropped and counted; when no row carries
 * today's date at all (an unexpected series format) every row is kept.
 */
export function todaysRows(rows: SummaryRow[], today: string): { rows: SummaryRow[]; dropped: number } {
  const isToday = (row: SummaryRow) => typeof row['series'] === 'string' && row['series'].startsWith(today)
  if (!rows.some(isToday)) return { rows, dropped: 0 }
  const kept = rows.filter(isToday)
  return { rows: kept, dropped: rows.length - kept.length }
}

/**
 * A chat queue's summed row (`sum_users=true`) as a ChatRoom (docs/vendors/thulium.md §7.4). Thulium has no
 * "now" figures.
 */
export function chatRoomFrom(id: string, name: string, f: SummaryFigures, raw: unknown): ChatRoom {
  return blankChatRoom(id, name, {
    today: {
      chats: f.incoming,
      missed: f.abandoned,
      answered: f.answered,
      avgWaitSec: f.waitTime.avg,
      maxWaitSec: f.waitTime.max,
      avgChatSec: f.chatTime.avg,
      serviceLevelPct: f.serviceLevelPct,
      satisfactionPct: f.rating.satisfactionPct,
    },
    raw,
  })
}

/**
 * A user's row (`sum_users=false`) as an Agent (docs/vendors/thulium.md §7.2). The report has no state, so
 * the agent is `unknown` with no time in state: the board shows that rather than inventing one.
 */
export function agentFrom(id: string, name: string | null, f: SummaryFigures, raw: unknown): Agent {
  return blankAgent(id, {
    name,
    today: {
      handled: f.answered,
      rejected: null,
      loginSec: null,
      availableSec: null,
      breakSec: null,
      wrapUpSec: null,
      avgHandleSec: f.chatTime.avg,
      // The day's chat time summed is the agent's time on contacts; chats routed to the agent and abandoned
      // before an answer are the ones missed (docs/vendors/thulium.md §7.2).
      talkSec: f.chatTime.sum,
      missed: f.abandoned,
    },
    raw,
  })
}
