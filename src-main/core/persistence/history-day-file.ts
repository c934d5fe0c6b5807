/**
 * One business day of one connection's history at one-minute resolution (docs/ARCHITECTURE.md §3.7, "History
 * days"): the file format, its validation, and the downsampling of the finer in-memory series (engine/history.ts)
 * into minutes. Pure: no file system, no clock (history-archive.ts reads and writes the files).
 *
 * Per series and minute three figures are kept: the last value seen in the minute (what a chart draws), its
 * highest and its lowest (what a rule preview judges: "waiting above 5" looks at the highest, "service level below
 * 80 %" at the lowest, so a breach inside a minute is never smoothed away). A minute with no value (a gap, or
 * nothing recorded) is `null`. `hi` and `lo` are left out of the file when they equal `last` for every minute
 * (counters, quiet series), which is most series.
 */
import type { HistorySeries } from '../../../src-shared/live'
import type { Validation } from './atomic-file'

export const HISTORY_DAY_FORMAT = 'floorwalker-history-day'
export const HISTORY_DAY_VERSION = 1
export const MINUTE_MS = 60_000
/** Longest business day (25 h, the autumn clock change) in minutes: arrays never grow past it. */
export const MAX_DAY_MINUTES = 25 * 60
/** Most series one file holds (engine/history.ts keeps at most 2,000 per connection). */
export const MAX_DAY_SERIES = 2_000

/** Which of the minute's figures to read. */
export type MinuteStat = 'last' | 'hi' | 'lo'

/** One series of a day in memory: per minute of the day (index 0 = the day's first minute), NaN = no value. */
export interface DaySeries {
  last: Float64Array
  hi: Float64Array
  lo: Float64Array
}

/** One connection's business day in memory. */
export interface HistoryDay {
  connection: string
  /** The business date ("2026-11-26", src-shared/business-day.ts `businessDate`). */
  date: string
  /** When the business day starts and the next one starts, epoch ms. */
  from: number
  to: number
  series: Map<string, DaySeries>
}

/** A series in the file: the first minute with a value and the figures from there on (null = no value). */
export interface FileDaySeries {
  k: string
  /** Index of the minute `l[0]` is for (minutes since `from`). */
  a: number
  l: (number | null)[]
  /** Highest in the minute; absent = the same as `l`. */
  h?: (number | null)[]
  /** Lowest in the minute; absent = the same as `l`. */
  m?: (number | null)[]
}

export interface HistoryDayFileV1 {
  format: typeof HISTORY_DAY_FORMAT
  version: typeof HISTORY_DAY_VERSION
  connection: string
  date: string
  from: number
  to: number
  stepMs: typeof MINUTE_MS
  series: FileDaySeries[]
}

export function dayMinutes(day: Pick<HistoryDay, 'from' | 'to'>): number {
  return Math.max(0, Math.min(MAX_DAY_MINUTES, Math.ceil((day.to - day.from) / MINUTE_MS)))
}

export function emptyDay(connection: string, date: string, from: number, to: number): HistoryDay {
  return { connection, date, from, to, series: new Map() }
}

function newSeries(n: number): DaySeries {
  return {
    last: new Float64Array(n).fill(NaN),
    hi: new Float64Array(n).fill(NaN),
    lo: new Float64Array(n).fill(NaN),
  }
}

/** Two decimals: a service level of 83.333… is 83.33 on disk (state-file.ts rounds the same way). */
function round(v: number): number {
  return Math.round(v * 100) / 100
}

/**
 * Fold finer points (oldest first, null = a gap) into the day's minutes from `sinceMs` on: per minute the last,
 * highest and lowest value. A minute that has values replaces what the day held for it (the ring is the newer
 * word); a minute with only gaps, or no point, leaves it as it was (a restart's gap does not wipe minutes a
 * previous run saved). Points outside the day are ignored. Returns how many minutes were set.
 */
export function foldPoints(
  day: HistoryDay,
  key: string,
  points: readonly (readonly [number, number | null])[],
  sinceMs = day.from,
): number {
  const n = dayMinutes(day)
  const start = Math.max(day.from, sinceMs)
  let s = day.series.get(key)
  let set = 0
  let minute = -1
  let last = NaN
  let hi = NaN
  let lo = NaN
  const commit = () => {
    if (minute < 0 || Number.isNaN(last)) return
    if (!s) {
      if (day.series.size >= MAX_DAY_SERIES) return
      s = newSeries(n)
      day.series.set(key, s)
    }
    s.last[minute] = round(last)
    s.hi[minute] = round(hi)
    s.lo[minute] = round(lo)
    set += 1
  }
  for (const [t, v] of points) {
    if (t < start || t >= day.to) continue
    const m = Math.floor((t - day.from) / MINUTE_MS)
    if (m >= n) continue
    if (m !== minute) {
      commit()
      minute = m
      last = hi = lo = NaN
    }
    if (v === null || !Number.isFinite(v)) continue
    last = v
    hi = Number.isNaN(hi) ? v : Math.max(hi, v)
    lo = Number.isNaN(lo) ? v : Math.min(lo, v)
  }
  commit()
  return set
}

/** The day's points of `key` in [from, to) (epoch ms), one per minute at the minute's start, null = no value. */
export function dayPoints(
  day: HistoryDay,
  key: string,
  stat: MinuteStat,
  from = day.from,
  to = day.to,
): [number, number | null][] {
  const s = day.series.get(key)
  if (!s) return []
  const col = s[stat]
  const out: [number, number | null][] = []
  const first = Math.max(0, Math.floor((from - day.from) / MINUTE_MS))
  const end = Math.min(col.length, Math.ceil((to - day.from) / MINUTE_MS))
  // Leading and trailing minutes without a value are left out; a hole inside stays a null (a gap to draw).
  let lo = first
  while (lo < end && Number.isNaN(col[lo] as number)) lo++
  let hi = end - 1
  while (hi >= lo && Number.isNaN(col[hi] as number)) hi--
  for (let i = lo; i <= hi; i++) {
    const v = col[i] as number
    out.push([day.from + i * MINUTE_MS, Number.isNaN(v) ? null : v])
  }
  return out
}

/** Series of a day as the charts take them. */
export function daySeries(
  day: HistoryDay,
  keys: readonly string[],
  stat: MinuteStat,
  from?: number,
  to?: number,
): HistorySeries[] {
  return keys.map((key) => ({ key, points: dayPoints(day, key, stat, from, to) }))
}

function column(a: Float64Array, start: number, end: number): (number | null)[] {
  const out: (number | null)[] = new Array(end - start)
  for (let i = start; i < end; i++) {
    const v = a[i] as number
    out[i - start] = Number.isNaN(v) ? null : v
  }
  return out
}

function sameColumn(a: Float64Array, b: Float64Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const x = a[i] as number
    const y = b[i] as number
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false
  }
  return true
}

/** The day as its file holds it. Series without any value are left out. */
export function encodeHistoryDay(day: HistoryDay): HistoryDayFileV1 {
  const series: FileDaySeries[] = []
  for (const [k, s] of day.series) {
    let a = 0
    while (a < s.last.length && Number.isNaN(s.last[a] as number)) a++
    let end = s.last.length
    while (end > a && Number.isNaN(s.last[end - 1] as number)) end--
    if (end <= a) continue
    const f: FileDaySeries = { k, a, l: column(s.last, a, end) }
    if (!sameColumn(s.hi, s.last, a, end)) f.h = column(s.hi, a, end)
    if (!sameColumn(s.lo, s.last, a, end)) f.m = column(s.lo, a, end)
    series.push(f)
  }
  return {
    format: HISTORY_DAY_FORMAT,
    version: HISTORY_DAY_VERSION,
    connection: day.connection,
    date: day.date,
    from: day.from,
    to: day.to,
    stepMs: MINUTE_MS,
    series,
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function checkColumn(v: unknown, where: string, length: number | null): string | null {
  if (!Array.isArray(v)) return `${where} must be an array`
  if (length !== null && v.length !== length)
    return `${where} has ${v.length} values where ${length} were expected`
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i]
    if (x !== null && (typeof x !== 'number' || !Number.isFinite(x)))
      return `${where}[${i}] must be a number or null`
  }
  return null
}

/**
 * Check a parsed day file and build the day from it; the error names the field ("series[3].l[17] must be a number
 * or null"). Hand-written rather than a schema: a busy tenant's day is a few hundred thousand numbers.
 */
export function validateHistoryDay(raw: unknown): Validation<HistoryDay> {
  const bad = (error: string): Validation<HistoryDay> => ({ ok: false, error })
  if (!isRecord(raw)) return bad('the file is not a JSON object')
  if (raw.format !== HISTORY_DAY_FORMAT) return bad(`format must be "${HISTORY_DAY_FORMAT}"`)
  if (raw.version !== HISTORY_DAY_VERSION)
    return bad(`version ${String(raw.version)} is not one this app reads (${HISTORY_DAY_VERSION})`)
  if (typeof raw.connection !== 'string' || raw.connection === '')
    return bad('connection must be a non-empty string')
  if (typeof raw.date !== 'string' || !DATE.test(raw.date)) return bad('date must be YYYY-MM-DD')
  if (typeof raw.from !== 'number' || !Number.isFinite(raw.from)) return bad('from must be epoch ms')
  if (typeof raw.to !== 'number' || !Number.isFinite(raw.to) || raw.to <= raw.from)
    return bad('to must be epoch ms after from')
  if (raw.to - raw.from > MAX_DAY_MINUTES * MINUTE_MS) return bad('from–to is longer than a day')
  if (raw.stepMs !== MINUTE_MS) return bad(`stepMs must be ${MINUTE_MS}`)
  if (!Array.isArray(raw.series)) return bad('series must be an array')
  if (raw.series.length > MAX_DAY_SERIES)
    return bad(`series has ${raw.series.length} entries, more than ${MAX_DAY_SERIES}`)
  const day = emptyDay(raw.connection, raw.date, raw.from, raw.to)
  const n = dayMinutes(day)
  for (let i = 0; i < raw.series.length; i++) {
    const s: unknown = raw.series[i]
    const where = `series[${i}]`
    if (!isRecord(s)) return bad(`${where} must be an object`)
    if (typeof s.k !== 'string' || s.k === '') return bad(`${where}.k must be a non-empty string`)
    if (day.series.has(s.k)) return bad(`${where}.k "${s.k}" appears twice`)
    if (typeof s.a !== 'number' || !Number.isInteger(s.a) || s.a < 0)
      return bad(`${where}.a must be a minute index`)
    const problem =
      checkColumn(s.l, `${where}.l`, null) ??
      (s.h === undefined ? null : checkColumn(s.h, `${where}.h`, (s.l as unknown[]).length)) ??
      (s.m === undefined ? null : checkColumn(s.m, `${where}.m`, (s.l as unknown[]).length))
    if (problem) return bad(problem)
    const l = s.l as (number | null)[]
    if (s.a + l.length > n)
      return bad(`${where} runs past the end of the day (${s.a + l.length} of ${n} minutes)`)
    const cols = newSeries(n)
    const fill = (target: Float64Array, values: (number | null)[]) => {
      for (let j = 0; j < values.length; j++) target[(s.a as number) + j] = values[j] ?? NaN
    }
    fill(cols.last, l)
    fill(cols.hi, (s.h as (number | null)[] | undefined) ?? l)
    fill(cols.lo, (s.m as (number | null)[] | undefined) ?? l)
    day.series.set(s.k, cols)
  }
  return { ok: true, value: day }
}
