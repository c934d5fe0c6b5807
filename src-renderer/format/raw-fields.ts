/**
 * A vendor's raw record as path/value lines for the agent details (`raw` keeps the fields an entity came from,
 * docs/ARCHITECTURE.md §4). Nested objects become dotted paths, arrays indexed paths; the list is capped so a
 * huge payload cannot swamp the drawer.
 */
export interface RawField {
  path: string
  value: string
}

const MAX_DEPTH = 6

function scalar(v: unknown): string {
  if (typeof v === 'string') return v
  if (v === null) return 'null'
  if (v === undefined) return 'undefined'
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  return JSON.stringify(v) ?? String(v)
}

export function flattenRaw(raw: unknown, max = 200): { fields: RawField[]; truncated: boolean } {
  const fields: RawField[] = []
  let truncated = false
  const walk = (v: unknown, path: string, depth: number): void => {
    if (fields.length >= max) {
      truncated = true
      return
    }
    if (v !== null && typeof v === 'object' && depth < MAX_DEPTH) {
      const entries = Array.isArray(v)
        ? v.map((x, i) => [`${path}[${i}]`, x] as const)
        : Object.entries(v as Record<string, unknown>).map(
            ([k, x]) => [path ? `${path}.${k}` : k, x] as const,
          )
      if (entries.length === 0) {
        fields.push({ path: path || '(root)', value: Array.isArray(v) ? '[]' : '{}' })
        return
      }
      for (const [p, x] of entries) walk(x, p, depth + 1)
      return
    }
    fields.push({ path: path || '(value)', value: scalar(v) })
  }
  if (raw === null || raw === undefined) return { fields, truncated }
  walk(raw, '', 0)
  return { fields, truncated }
}
