// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTestApp } from '../testing/mount'
import type { SavedView } from '../../src-shared/views'
import {
  DEFAULT_ROTATE_SEC,
  parseWallboard,
  resolvePanels,
  useWallboardStore,
  wallboardHash,
  wallboardPath,
} from './wallboard'

describe('parseWallboard', () => {
  it('reads the views and the rotation period from the URL', () => {
    expect(parseWallboard('#/wallboard?views=overview,queues&every=20')).toEqual({
      panels: ['overview', 'queues'],
      everySec: 20,
    })
  })

  it('keeps names that are not panels as saved views, skips repeats and keeps the period within bounds', () => {
    expect(parseWallboard('#/wallboard?views=queues,bogus,queues,messages&every=1')).toEqual({
      panels: ['queues', 'saved:bogus', 'messages'],
      everySec: 5,
    })
    // A name that names no saved view is skipped once the views are known, so old addresses show what they did.
    const { shown, missing } = resolvePanels(['queues', 'saved:bogus', 'messages'], [])
    expect(shown).toEqual([
      { kind: 'builtin', panel: 'queues' },
      { kind: 'builtin', panel: 'messages' },
    ])
    expect(missing).toEqual(['bogus'])
    expect(parseWallboard('#/wallboard?every=999999').everySec).toBe(3600)
    expect(parseWallboard('#/wallboard?every=0').everySec).toBe(0)
  })

  it('falls back to the default views and period', () => {
    expect(parseWallboard('#/wallboard')).toEqual({
      panels: ['overview', 'queues', 'agents'],
      everySec: DEFAULT_ROTATE_SEC,
    })
    expect(parseWallboard('#/wallboard?views=&every=soon').everySec).toBe(DEFAULT_ROTATE_SEC)
  })

  it('writes settings back to a URL that reads the same', () => {
    const s = { panels: ['agents', 'messages'] as const, everySec: 30 }
    expect(parseWallboard(wallboardHash({ ...s, panels: [...s.panels] }))).toEqual({
      ...s,
      panels: [...s.panels],
    })
  })
})

describe('saved views on the wallboard', () => {
  const view = {
    id: 'sales-breaks',
    name: 'Sales – przerwy',
    page: 'agents',
    filter: { states: [], team: null, queue: null, connection: null, reason: null, search: '' },
    groupBy: 'none',
    sort: { key: 'state', dir: 'asc' },
  } as SavedView
  it('finds a saved view by id or by name, beside built-in panels, and writes it back to the URL', () => {
    const s = parseWallboard('#/wallboard?views=overview,Sales%20%E2%80%93%20PRZERWY&every=0')
    expect(s.panels).toEqual(['overview', 'saved:Sales – PRZERWY'])
    expect(resolvePanels(s.panels, [view]).shown).toEqual([
      { kind: 'builtin', panel: 'overview' },
      { kind: 'saved', view },
    ])
    expect(resolvePanels(['saved:sales-breaks'], [view]).shown).toEqual([{ kind: 'saved', view }])
    expect(parseWallboard(wallboardPath(s))).toEqual(s)
  })
  it('waits for the list before deciding, and falls back to the default panels when nothing is left', () => {
    expect(resolvePanels(['saved:sales-breaks'], null).shown).toEqual([])
    expect(resolvePanels(['saved:gone'], [view]).shown.map((p) => p.kind === 'builtin' && p.panel)).toEqual([
      'overview',
      'queues',
      'agents',
    ])
  })
})

describe('useWallboardStore', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    localStorage.clear()
  })
  afterEach(() => {
    vi.useRealTimers()
    window.location.hash = ''
  })

  it('rotates through the panels every period and follows URL changes', async () => {
    window.location.hash = '#/wallboard?views=overview,agents,messages&every=10'
    const { router } = createTestApp()
    await router.isReady()
    const wb = useWallboardStore()
    const stop = wb.start()
    expect(wb.panel).toBe('overview')
    vi.advanceTimersByTime(10_000)
    expect(wb.panel).toBe('agents')
    vi.advanceTimersByTime(20_000)
    expect(wb.panel).toBe('overview')

    await router.push('/wallboard?views=queues&every=10')
    expect(wb.panel).toBe('queues')
    vi.advanceTimersByTime(30_000)
    expect(wb.panel).toBe('queues')
    stop()
  })

  it('enters with the last settings and leaves to the view it came from', async () => {
    window.location.hash = '#/wallboard?views=messages,agents&every=15'
    const { router } = createTestApp()
    await router.isReady()
    const route = router.currentRoute
    const wb = useWallboardStore()
    const stop = wb.start()
    stop()
    await router.push({ name: 'agents' })
    await wb.enter()
    expect(route.value.name).toBe('wallboard')
    expect(window.location.hash).toBe('#/wallboard?views=messages,agents&every=15')
    await wb.exit()
    expect(route.value.name).toBe('agents')
    expect(window.location.hash).toBe('#/agents')
  })
})
