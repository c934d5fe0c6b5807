import { describe, expect, it } from 'vitest'
import type { ConnectionState } from '../../src-shared/model'
import {
  levelOf,
  trayIconFile,
  trayMenuText,
  trayTooltip,
  worstLevel,
  combinedLevel,
  combinedTooltip,
} from './tray-state'

const s = (label: string, state: ConnectionState, stale = false) => ({ label, state, stale })

describe('worstLevel', () => {
  it('is ok with no connections or only healthy ones', () => {
    expect(worstLevel([])).toBe('ok')
    expect(worstLevel([s('a', 'ok'), s('b', 'warming_up'), s('c', 'connecting')])).toBe('ok')
  })

  it('orders ok < warning < offline < error', () => {
    expect(worstLevel([s('a', 'ok'), s('b', 'stale')])).toBe('warning')
    expect(worstLevel([s('a', 'rate_limited'), s('b', 'offline')])).toBe('offline')
    expect(worstLevel([s('a', 'offline'), s('b', 'auth_failed')])).toBe('error')
    expect(worstLevel([s('a', 'unreachable'), s('b', 'ok')])).toBe('error')
    expect(worstLevel([s('a', 'error')])).toBe('error')
  })

  it('treats old data as a warning even while the state says ok', () => {
    expect(levelOf(s('a', 'ok', true))).toBe('warning')
    expect(levelOf(s('a', 'auth_failed', true))).toBe('error')
  })

  it('names one icon file per level', () => {
    expect(['ok', 'warning', 'offline', 'error'].map((l) => trayIconFile(l as never))).toEqual([
      'tray-ok.png',
      'tray-warning.png',
      'tray-offline.png',
      'tray-error.png',
    ])
  })
})

describe('trayTooltip', () => {
  it('summarizes', () => {
    expect(trayTooltip([], false)).toBe('Floorwalker: no connections')
    expect(trayTooltip([s('Demo', 'ok')], false)).toBe('Floorwalker: the connection is OK')
    expect(trayTooltip([s('A', 'ok'), s('B', 'ok')], true)).toBe(
      'Floorwalker (polling paused): all 2 connections OK',
    )
    expect(trayTooltip([s('A', 'offline'), s('B', 'offline')], false)).toBe(
      'Floorwalker: this computer is offline',
    )
    expect(trayTooltip([s('EU voice', 'auth_failed'), s('Chat', 'ok', true), s('Demo', 'ok')], false)).toBe(
      'Floorwalker: 2 of 3 need attention: EU voice sign-in rejected; Chat data is old',
    )
  })

  it("speaks the board's language", () => {
    expect(trayTooltip([], false, 'pl')).toBe('Floorwalker: brak połączeń')
    expect(trayTooltip([s('Demo', 'ok')], false, 'pl')).toBe('Floorwalker: połączenie działa')
    expect(trayTooltip([s('A', 'ok'), s('B', 'ok')], true, 'pl')).toBe(
      'Floorwalker (odpytywanie wstrzymane): wszystkie połączenia działają (2)',
    )
    expect(trayTooltip([s('A', 'offline')], false, 'pl')).toBe('Floorwalker: ten komputer jest offline')
    expect(
      trayTooltip([s('EU voice', 'auth_failed'), s('Chat', 'ok', true), s('Demo', 'ok')], false, 'pl'),
    ).toBe('Floorwalker: wymagają uwagi (2 z 3): EU voice logowanie odrzucone; Chat dane są nieaktualne')
    expect(trayMenuText('pl')).toEqual({
      open: 'Otwórz tablicę',
      pause: 'Wstrzymaj odpytywanie',
      resume: 'Wznów odpytywanie',
      quit: 'Zakończ Floorwalker',
    })
    expect(trayMenuText('en').quit).toBe('Quit Floorwalker')
  })

  it('stays within the 127 characters Windows shows', () => {
    const many = Array.from({ length: 20 }, (_, i) => s(`Connection number ${i}`, 'unreachable'))
    const t = trayTooltip(many, false)
    expect(t).toHaveLength(127)
    expect(t.endsWith('…')).toBe(true)
  })
})

describe('tray with alerts', () => {
  const ok = [{ label: 'EU voice', state: 'ok' as const, stale: false }]
  const alerts = (worst: 'warning' | 'critical' | null, firing: number) => ({
    worst,
    firing,
    unacknowledged: firing,
    tooltip: firing ? `${firing} alert${firing > 1 ? 's' : ''} firing` : 'no alerts',
  })

  it('shows the worse of connections and alerts', () => {
    expect(combinedLevel(ok, alerts(null, 0))).toBe('ok')
    expect(combinedLevel(ok, alerts('warning', 2))).toBe('warning')
    expect(combinedLevel(ok, alerts('critical', 1))).toBe('error')
    expect(combinedLevel([{ state: 'offline', stale: true }], alerts('warning', 1))).toBe('offline')
    expect(combinedLevel(ok, null)).toBe('ok')
  })

  it('puts the alerts first in the tooltip and keeps it within 127 characters', () => {
    expect(combinedTooltip(ok, false, alerts('critical', 3))).toBe('3 alerts firing · the connection is OK')
    expect(combinedTooltip(ok, false, alerts(null, 0))).toBe('Floorwalker: the connection is OK')
    expect(combinedTooltip(ok, false, alerts('critical', 3), 'pl')).toBe(
      '3 alerts firing · połączenie działa',
    )
    const many = Array.from({ length: 20 }, (_, i) => ({
      label: `Connection ${i}`,
      state: 'unreachable' as const,
      stale: true,
    }))
    expect(combinedTooltip(many, false, alerts('warning', 9)).length).toBeLessThanOrEqual(127)
  })
})
