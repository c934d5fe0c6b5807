/**
 * Durations as a supervisor reads them on a board: `0:42`, `4:05`, `1:02:09`. Whole seconds, rounded down, so a
 * ticking value changes once per second and never shows a second that has not passed yet.
 */
export function formatDuration(sec: number | null, none = '—'): string {
  if (sec === null || !Number.isFinite(sec)) return none
  const total = Math.max(0, Math.floor(sec))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

export type AgeUnit = 'seconds' | 'minutes' | 'hours' | 'days'

/** How old data is, in the largest unit that keeps the number small: 4 s, 3 min, 2 h, 1 d. */
export function ageParts(ms: number): { n: number; unit: AgeUnit } {
  const sec = Math.max(0, Math.floor(ms / 1000))
  if (sec < 60) return { n: sec, unit: 'seconds' }
  if (sec < 2 * 3600) return { n: Math.floor(sec / 60), unit: 'minutes' }
  if (sec < 48 * 3600) return { n: Math.floor(sec / 3600), unit: 'hours' }
  return { n: Math.floor(sec / 86400), unit: 'days' }
}
