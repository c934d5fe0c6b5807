/**
 * The words of a time-to-breach line (docs/ARCHITECTURE.md §3.11): "Longest wait passes 2:00 in ~40 s", "Service
 * level falls below 70 % in ~3 min if nobody becomes available". Pure, so tests and the card share it.
 */
import type { EntityForecast } from '../../../src-shared/alerts'
import { formatClock, formatSpan, type FormatLanguage } from '../../../src-shared/format/duration'

/** Seconds left of a forecast at `now` (main's clock), never below 0. */
export function forecastLeftSec(f: Pick<EntityForecast, 'at' | 'inSec'>, now: number): number {
  return Math.max(0, f.inSec - Math.max(0, now - f.at) / 1000)
}

/** "~40 s" under a minute (to 5 s, at least 5 s), else whole minutes: a forecast is not exact to the second. */
export function roughSpan(sec: number, language: FormatLanguage): string {
  if (sec < 60) return formatSpan(Math.max(5, Math.round(sec / 5) * 5), language)
  return formatSpan(Math.round(sec / 60) * 60, language)
}

/** The level in the field's units: waits as a clock (2:00), the service level as a percentage, counts plain. */
export function levelText(field: string, level: number): string {
  if (field.endsWith('Sec')) return formatClock(level)
  if (field.endsWith('Pct')) return `${level} %`
  return String(level)
}

type T = (key: string, values?: Record<string, unknown>) => string

/** The line for `f` with `leftSec` to go, in the board's language. */
export function forecastLine(f: EntityForecast, leftSec: number, t: T, language: FormatLanguage): string {
  const up = f.op === '>' || f.op === '>='
  const line = t(up ? 'forecast.up' : 'forecast.down', {
    what: t(`forecast.what.${f.field}`),
    level: levelText(f.field, f.level),
    in: roughSpan(leftSec, language),
  })
  return f.basis === 'no_agent' ? t('forecast.ifNobody', { line }) : line
}
