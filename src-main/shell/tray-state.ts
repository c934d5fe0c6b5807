/**
 * What the tray shows, as pure functions: the worst connection state as one of four icons (distinct shapes, not
 * colour alone), a one-line summary for the tooltip and the menu's labels, in the board's language.
 */
import type { TraySummary } from '../../src-shared/alerts'
import type { FormatLanguage } from '../../src-shared/format/duration'
import type { ConnectionStatus } from '../../src-shared/live'
import type { ConnectionState } from '../../src-shared/model'

/** ok: all good; warning: old data or a vendor limit; offline: this computer has no network; error: action needed. */
export type TrayLevel = 'ok' | 'warning' | 'offline' | 'error'

const RANK: Record<TrayLevel, number> = { ok: 0, warning: 1, offline: 2, error: 3 }

const LEVEL_OF_STATE: Record<ConnectionState, TrayLevel> = {
  connecting: 'ok',
  ok: 'ok',
  warming_up: 'ok',
  // Chosen, not broken; but the numbers are getting old, so the tray says so.
  paused: 'warning',
  stale: 'warning',
  rate_limited: 'warning',
  offline: 'offline',
  auth_failed: 'error',
  unreachable: 'error',
  error: 'error',
}

/** The tray's words in the board's language (prefs.language); the alert part comes from src-shared/notify-text.ts. */
interface TrayWords {
  state: Record<ConnectionState, string>
  paused: string
  noConnections: string
  offline: string
  oneOk: string
  allOk: (n: number) => string
  needAttention: (bad: number, n: number, list: string) => string
  /** The tray menu. */
  open: string
  pause: string
  resume: string
  quit: string
}

const WORDS: Record<FormatLanguage, TrayWords> = {
  en: {
    state: {
      connecting: 'connecting',
      ok: 'OK',
      warming_up: 'warming up',
      paused: 'polling paused',
      stale: 'data is old',
      rate_limited: 'rate limited by the vendor',
      offline: 'offline',
      auth_failed: 'sign-in rejected',
      unreachable: 'unreachable',
      error: 'error',
    },
    paused: 'polling paused',
    noConnections: 'no connections',
    offline: 'this computer is offline',
    oneOk: 'the connection is OK',
    allOk: (n) => `all ${n} connections OK`,
    needAttention: (bad, n, list) => `${bad} of ${n} need attention: ${list}`,
    open: 'Open board',
    pause: 'Pause polling',
    resume: 'Resume polling',
    quit: 'Quit Floorwalker',
  },
  pl: {
    state: {
      connecting: 'łączy się',
      ok: 'działa',
      warming_up: 'rozgrzewa się',
      paused: 'odpytywanie wstrzymane',
      stale: 'dane są nieaktualne',
      rate_limited: 'ograniczone przez dostawcę',
      offline: 'offline',
      auth_failed: 'logowanie odrzucone',
      unreachable: 'nieosiągalne',
      error: 'błąd',
    },
    paused: 'odpytywanie wstrzymane',
    noConnections: 'brak połączeń',
    offline: 'ten komputer jest offline',
    oneOk: 'połączenie działa',
    // "noun: n" needs no agreement with the count (as src-shared/notify-text.ts does).
    allOk: (n) => `wszystkie połączenia działają (${n})`,
    needAttention: (bad, n, list) => `wymagają uwagi (${bad} z ${n}): ${list}`,
    open: 'Otwórz tablicę',
    pause: 'Wstrzymaj odpytywanie',
    resume: 'Wznów odpytywanie',
    quit: 'Zakończ Floorwalker',
  },
}

/** The tray menu's labels in `language`. */
export function trayMenuText(
  language: FormatLanguage,
): Pick<TrayWords, 'open' | 'pause' | 'resume' | 'quit'> {
  const w = WORDS[language]
  return { open: w.open, pause: w.pause, resume: w.resume, quit: w.quit }
}

export function levelOf(s: Pick<ConnectionStatus, 'state' | 'stale'>): TrayLevel {
  const level = LEVEL_OF_STATE[s.state]
  // Old numbers deserve a look even while the connection says ok.
  return s.stale && level === 'ok' ? 'warning' : level
}

/** The worst level across connections; no connections is ok. */
export function worstLevel(statuses: readonly Pick<ConnectionStatus, 'state' | 'stale'>[]): TrayLevel {
  let worst: TrayLevel = 'ok'
  for (const s of statuses) {
    const l = levelOf(s)
    if (RANK[l] > RANK[worst]) worst = l
  }
  return worst
}

export function trayIconFile(level: TrayLevel): string {
  return `tray-${level}.png`
}

/** Windows cuts tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127

export function trayTooltip(
  statuses: readonly Pick<ConnectionStatus, 'label' | 'state' | 'stale'>[],
  paused: boolean,
  language: FormatLanguage = 'en',
): string {
  const w = WORDS[language]
  const head = paused ? `Floorwalker (${w.paused})` : 'Floorwalker'
  let body: string
  if (statuses.length === 0) body = w.noConnections
  else if (statuses.every((s) => s.state === 'offline')) body = w.offline
  else {
    const bad = statuses.filter((s) => levelOf(s) !== 'ok')
    const n = statuses.length
    body =
      bad.length === 0
        ? n === 1
          ? w.oneOk
          : w.allOk(n)
        : w.needAttention(
            bad.length,
            n,
            bad
              .map((s) => `${s.label} ${s.stale && s.state === 'ok' ? w.state.stale : w.state[s.state]}`)
              .join('; '),
          )
  }
  const text = `${head}: ${body}`
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`
}

/** A firing critical alert needs action now; a warning deserves a look. */
export function alertLevel(alerts: Pick<TraySummary, 'worst' | 'firing'> | null): TrayLevel {
  if (!alerts || alerts.firing === 0 || alerts.worst === null) return 'ok'
  return alerts.worst === 'critical' ? 'error' : 'warning'
}

/** The icon for connections and alerts together: whichever is worse. */
export function combinedLevel(
  statuses: readonly Pick<ConnectionStatus, 'state' | 'stale'>[],
  alerts: Pick<TraySummary, 'worst' | 'firing'> | null,
): TrayLevel {
  const a = worstLevel(statuses)
  const b = alertLevel(alerts)
  return RANK[b] > RANK[a] ? b : a
}

/** Alerts first (they are why the supervisor looks), then the connections; cut to the tooltip limit. */
export function combinedTooltip(
  statuses: readonly Pick<ConnectionStatus, 'label' | 'state' | 'stale'>[],
  paused: boolean,
  alerts: Pick<TraySummary, 'firing' | 'tooltip'> | null,
  language: FormatLanguage = 'en',
): string {
  const connections = trayTooltip(statuses, paused, language)
  if (!alerts || alerts.firing === 0) return connections
  const text = `${alerts.tooltip} · ${connections.replace(/^Floorwalker[^:]*: /, '')}`
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`
}
