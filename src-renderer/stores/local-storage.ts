/**
 * Per-user settings kept in this browser profile (filters, layout, read messages, theme in a read-only browser).
 * Storage can be missing, disabled or full: the board then forgets between sessions but keeps working.
 */
export function readStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    // Disabled by privacy settings or in a sandboxed frame.
    return null
  }
}

/** The object stored under `key`, or null when there is none or it is not a JSON object. */
export function loadObject(key: string): Record<string, unknown> | null {
  const raw = readStorage()?.getItem(key)
  if (!raw) return null
  try {
    const parsed: unknown = JSON.parse(raw)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

export function saveObject(key: string, value: unknown): void {
  try {
    readStorage()?.setItem(key, JSON.stringify(value))
  } catch {
    // Quota or disabled storage: the setting still holds for this session.
  }
}

/** `v` if it is one of `allowed`, else `fallback`. */
export function oneOf<T extends string>(allowed: readonly T[], v: unknown, fallback: T): T {
  return allowed.find((a) => a === v) ?? fallback
}
