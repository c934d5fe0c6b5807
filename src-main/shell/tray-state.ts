/**
 * What the tray shows, as pure functions: the worst connection state as one of four icons (distinct shapes, not
 * colour alone) and a one-line summary for the tooltip.
 */
import type { TraySummary } from '../../src-shared/alerts'
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

const STATE_TEXT: Record<ConnectionState, string> = {
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
): string {
  const head = paused ? 'Floorwalker (polling paused)' : 'Floorwalker'
  let body: string
  if (statuses.length === 0) body = 'no connections'
  else if (statuses.every((s) => s.state === 'offline')) body = 'this computer is offline'
  else {
    const bad = statuses.filter((s) => levelOf(s) !== 'ok')
    const n = statuses.length
    body =
      bad.length === 0
        ? n === 1
          ? 'the connection is OK'
          : `all ${n} connections OK`
        : `${bad.length} of ${n} need attention: ` +
          bad
            .map((s) => `${s.label} ${s.stale && s.state === 'ok' ? STATE_TEXT.stale : STATE_TEXT[s.state]}`)
            .join('; ')
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
): string {
  const connections = trayTooltip(statuses, paused)
  if (!alerts || alerts.firing === 0) return connections
  const text = `${alerts.tooltip} · ${connections.replace(/^Floorwalker[^:]*: /, '')}`
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`
}
