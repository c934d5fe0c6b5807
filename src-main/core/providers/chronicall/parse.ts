/**
 * Chronicall realtime metrics (docs/vendors/chronicall.md §3, §4): the metric list, the values body and push
 * messages, times and category values, read from the vendor's JSON. Pure: no I/O, no clock. What the values
 * mean: live-value.ts (the duration maths), roles.ts, state-map.ts and snapshot.ts (the domain model,
 * docs/ARCHITECTURE.md §4, docs/vendors/chronicall.md §7).
 */

import { fail, ok, type Result } from '../../../../src-shared/result'

/** One entry of `GET /rest/api/v1/realtime/metrics`. */
export interface ChronicallMetricInfo {
  /**
   * Opaque: `"101"` and `"K13CJXHV"` both occur; never parse it as a number
   * (docs/vendors/chronicall.md §6.2).
   */
  metricId: string
  metricName: string | null
  /** AGENT, GROUP, CALL_DIRECTION, ACCOUNT_CODE or NONE. */
  categoryType: string | null
  categorySelection: string[]
}

export interface ChronicallKey {
  metricId: string
  /** Present for categorized metrics, e.g. `"John Doe(481)"`. */
  categoryValue: string | null
}

/** One `results[]` entry (or one WebSocket message): the key and the vendor's value object as sent. */
export interface ChronicallValue {
  key: ChronicallKey
  value: Record<string, unknown>
}

export interface ChronicallValues {
  results: ChronicallValue[]
  initializing: ChronicallKey[]
}

export type Parsed<T> = Result<T, string>

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function parseJson(text: string): Parsed<unknown> {
  try {
    return ok(JSON.parse(text) as unknown)
  } catch (e) {
    return fail(`not JSON (${(e as Error).message})`)
  }
}

function idString(v: unknown): string | null {
  if (typeof v === 'string' && v !== '') return v
  // Ids are opaque strings (docs/vendors/chronicall.md §6.2); a server that sends a number still means the
  // same id.
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return null
}

export function parseMetricList(text: string): Parsed<ChronicallMetricInfo[]> {
  const j = parseJson(text)
  if (!j.ok) return j
  if (!Array.isArray(j.value)) return fail('the metric list is not a JSON array')
  const out: ChronicallMetricInfo[] = []
  for (const [i, m] of j.value.entries()) {
    if (!isRecord(m)) return fail(`metric list entry ${i} is not an object`)
    const metricId = idString(m['metricId'])
    if (metricId === null) return fail(`metric list entry ${i} has no metricId`)
    const sel = m['categorySelection']
    out.push({
      metricId,
      metricName: typeof m['metricName'] === 'string' ? m['metricName'] : null,
      categoryType: typeof m['categoryType'] === 'string' ? m['categoryType'] : null,
      categorySelection: Array.isArray(sel) ? sel.filter((s): s is string => typeof s === 'string') : [],
    })
  }
  return ok(out)
}

function parseKey(v: unknown): ChronicallKey | null {
  if (!isRecord(v)) return null
  const metricId = idString(v['metricId'])
  if (metricId === null) return null
  const cv = v['categoryValue']
  return { metricId, categoryValue: typeof cv === 'string' ? cv : null }
}

function parseMetricValue(v: unknown): ChronicallValue | null {
  if (!isRecord(v)) return null
  const key = parseKey(v['key'])
  if (key === null || !isRecord(v['value'])) return null
  return { key, value: v['value'] }
}

/** Body of `GET /rest/api/v1/realtime/metrics/values` (200 and 206 alike). */
export function parseValues(text: string): Parsed<ChronicallValues> {
  const j = parseJson(text)
  if (!j.ok) return j
  if (!isRecord(j.value)) return fail('the values body is not a JSON object')
  const rawResults = j.value['results'] ?? []
  const rawInit = j.value['initializing'] ?? []
  if (!Array.isArray(rawResults)) return fail('"results" is not an array')
  if (!Array.isArray(rawInit)) return fail('"initializing" is not an array')
  const results: ChronicallValue[] = []
  for (const [i, r] of rawResults.entries()) {
    const v = parseMetricValue(r)
    if (v === null) return fail(`results[${i}] has no key.metricId or no value object`)
    results.push(v)
  }
  const initializing: ChronicallKey[] = []
  for (const [i, k] of rawInit.entries()) {
    const key = parseKey(k)
    if (key === null) return fail(`initializing[${i}] has no metricId`)
    initializing.push(key)
  }
  return ok({ results, initializing })
}

/**
 * A WebSocket message: one MetricValue per message (docs/vendors/chronicall.md §3.3). Arrays and `{results}`
 * bodies are accepted too, so a server that batches updates does not break the feed.
 */
export function parsePushMessage(text: string): Parsed<ChronicallValue[]> {
  const j = parseJson(text)
  if (!j.ok) return j
  const items = Array.isArray(j.value)
    ? j.value
    : isRecord(j.value) && Array.isArray(j.value['results'])
      ? (j.value['results'] as unknown[])
      : [j.value]
  const out: ChronicallValue[] = []
  for (const item of items) {
    const v = parseMetricValue(item)
    if (v === null) return fail('a pushed message is not a {key, value} metric value')
    out.push(v)
  }
  return ok(out)
}

const TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/**
 * `lastUpdateTime` → epoch ms UTC. It is server local time with its UTC offset (`2019-10-01T10:17:56.496-06:00`,
 * docs/vendors/chronicall.md §6.5); parsed by hand so the result never depends on this machine's time zone. A
 * time without an offset is read as UTC.
 */
export function parseChronicallTime(s: unknown): number | null {
  if (typeof s !== 'string') return null
  const m = TIME_RE.exec(s.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, sec, frac, zone] = m
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec ?? 0), ms)
  let offsetMin = 0
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'))
  }
  const t = utc - offsetMin * 60_000
  return Number.isFinite(t) ? t : null
}

/**
 * `"John Doe(481)"` → name and extension. Names may contain parentheses themselves, so the extension is the last
 * parenthesised part at the end (docs/vendors/chronicall.md §6.4).
 */
export function splitCategoryValue(v: string): { name: string; extension: string | null } {
  const s = v.trim()
  const m = /^(.*)\(([^()]*)\)$/.exec(s)
  if (!m) return { name: s, extension: null }
  const name = (m[1] ?? '').trim()
  const ext = (m[2] ?? '').trim()
  if (ext === '') return { name: name || s, extension: null }
  return { name: name || s, extension: ext }
}
