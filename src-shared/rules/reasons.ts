/**
 * Rules by reason (docs/ARCHITECTURE.md §5, "Rules"): an agent rule's `reasons` against the agent's `stateReason`,
 * compared the way a supervisor reads them: case, accents (Polish `ł` too), compatibility forms (full-width
 * letters, ligatures), invisible characters and runs of spaces do not count. "Przerwa", "PRZERWA " and "przerwa"
 * are one reason; "Break" and "Breakfast" are two (whole reasons, never parts of one).
 */

/** Zero-width and other invisible format characters (Unicode category Cf: ZWSP, ZWJ, BOM, bidi marks). */
const INVISIBLE = /\p{Cf}/gu
const MARKS = /\p{M}/gu
const SPACES = /[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/gu

/** A reason folded for comparison: NFKD, marks, invisibles and case off, `ł` → `l`, spaces collapsed, trimmed. */
export function foldReason(reason: string): string {
  return reason
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(INVISIBLE, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .replace(SPACES, ' ')
    .trim()
}

/**
 * A rule's reasons, folded once, as a set to test agents against; null = the rule names no reasons (every agent,
 * with or without a reason, is taken).
 */
export function reasonSet(reasons: readonly string[] | undefined): ReadonlySet<string> | null {
  if (reasons === undefined) return null
  const out = new Set<string>()
  for (const r of reasons) {
    const f = foldReason(r)
    if (f !== '') out.add(f)
  }
  return out
}

/** The agent's reason is one of the rule's (`set` from {@link reasonSet}); an agent without a reason never is. */
export function reasonIn(set: ReadonlySet<string> | null, reason: string | null | undefined): boolean {
  if (set === null) return true
  if (reason === null || reason === undefined) return false
  const f = foldReason(reason)
  return f !== '' && set.has(f)
}

/** `reason` matches one of `reasons` (absent = any); see {@link foldReason}. */
export function reasonMatches(
  reasons: readonly string[] | undefined,
  reason: string | null | undefined,
): boolean {
  return reasonIn(reasonSet(reasons), reason)
}

/**
 * The distinct reasons among `reasons` (the board's agents now), first spelling kept, sorted for a menu; empty and
 * blank ones left out.
 */
export function distinctReasons(reasons: Iterable<string | null | undefined>): string[] {
  const byKey = new Map<string, string>()
  for (const r of reasons) {
    if (r === null || r === undefined) continue
    const f = foldReason(r)
    if (f !== '' && !byKey.has(f)) byKey.set(f, r.trim().replace(SPACES, ' '))
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b))
}
