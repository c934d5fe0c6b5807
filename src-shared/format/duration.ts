/**
 * Durations and ages in words and figures, for the board (renderer) and for what main says itself (desktop
 * notifications, the tray, connection details), in the board's languages. One module so a "2 min 10 s" reads the
 * same wherever it appears.
 */

/** The languages Floorwalker speaks (prefs.language). */
export const FORMAT_LANGUAGES = ['en', 'pl'] as const
export type FormatLanguage = (typeof FORMAT_LANGUAGES)[number]

interface UnitWords {
  s: string
  min: string
  h: string
  /** Whole days (always 2 or more where it is used). */
  days: (n: number) => string
}

const UNITS: Record<FormatLanguage, UnitWords> = {
  en: { s: 's', min: 'min', h: 'h', days: (n) => `${n} ${n === 1 ? 'day' : 'days'}` },
  // "godz." is the Polish abbreviation of godzina; "dni" is the plural of dzień for every n other than 1.
  pl: { s: 's', min: 'min', h: 'godz.', days: (n) => `${n} ${n === 1 ? 'dzień' : 'dni'}` },
}

/**
 * Durations as a supervisor reads them on a board: `0:42`, `4:05`, `1:02:09`. Whole seconds, rounded down, so a
 * ticking value changes once per second and never shows a second that has not passed yet. The same in every
 * language.
 */
export function formatClock(sec: number | null, none = '—'): string {
  if (sec === null || !Number.isFinite(sec)) return none
  const total = Math.max(0, Math.floor(sec))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const ss = String(s).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** A span in words, to the second under an hour: `45 s`, `2 min 10 s`, `1 h 5 min` (`1 godz. 5 min`). */
export function formatSpan(sec: number, language: FormatLanguage = 'en'): string {
  const u = UNITS[language]
  const s = Math.max(0, Math.round(sec))
  if (s < 60) return `${s} ${u.s}`
  if (s < 3600) {
    const m = Math.floor(s / 60)
    const r = s % 60
    return r === 0 ? `${m} ${u.min}` : `${m} ${u.min} ${r} ${u.s}`
  }
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  return m === 0 ? `${h} ${u.h}` : `${h} ${u.h} ${m} ${u.min}`
}

/** How old data is, coarser the older: `45 s`, `14 min`, `3 h 5 min`, `2 days` (`2 dni`). */
export function formatAge(ms: number, language: FormatLanguage = 'en'): string {
  const u = UNITS[language]
  const sec = Math.max(0, Math.round(ms / 1000))
  if (sec < 60) return `${sec} ${u.s}`
  const min = Math.floor(sec / 60)
  if (min < 60) return `${min} ${u.min}`
  const h = Math.floor(min / 60)
  if (h < 48) return min % 60 === 0 ? `${h} ${u.h}` : `${h} ${u.h} ${min % 60} ${u.min}`
  return u.days(Math.floor(h / 24))
}

export type AgeUnit = 'seconds' | 'minutes' | 'hours' | 'days'

/**
 * How old data is, in the largest unit that keeps the number small: 4 s, 3 min, 2 h, 1 d. As parts, for a UI that
 * words them with its own messages.
 */
export function ageParts(ms: number): { n: number; unit: AgeUnit } {
  const sec = Math.max(0, Math.floor(ms / 1000))
  if (sec < 60) return { n: sec, unit: 'seconds' }
  if (sec < 2 * 3600) return { n: Math.floor(sec / 60), unit: 'minutes' }
  if (sec < 48 * 3600) return { n: Math.floor(sec / 3600), unit: 'hours' }
  return { n: Math.floor(sec / 86400), unit: 'days' }
}
