// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { ConnectionStatus } from '../../src-shared/live'
import { useLiveStore } from '../stores/live'
import { agent, chatRoom, connection, liveState, queue, T0 } from '../testing/fixtures'
import { createTestApp, seedLive, usePageAtT0 } from '../testing/mount'
import OverviewView from './OverviewView.vue'
import WallboardView from './WallboardView.vue'

const PROVIDERS = ['8x8', 'brightpattern', 'chronicall', 'giosg', 'thulium'] as const

/** Five connections, each with agents, a queue and a room; `over` sets how each connection stands. */
function board(over: Partial<ConnectionStatus>) {
  return liveState({
    serverNow: T0,
    connections: PROVIDERS.map((p, i) => connection(`c${i}`, { provider: p, label: `Conn ${i}`, ...over })),
    agents: PROVIDERS.flatMap((_, i) => [
      agent(`c${i}`, 'a', { state: 'available' }),
      agent(`c${i}`, 'b', { state: 'busy' }),
    ]),
    queues: PROVIDERS.map((_, i) =>
      queue(`c${i}`, 'q', { name: `Queue ${i}`, media: 'voice', waiting: 2, longestWaitSec: 30 }),
    ),
    chatRooms: PROVIDERS.map((_, i) => chatRoom(`c${i}`, 'r', { name: `Room ${i}`, waitingChats: 1 })),
  })
}

/** Every headline tile and whether it carries a stale mark (its note and its data-truth). */
function headlines(root: ReturnType<typeof mount>, selector: string) {
  return root.findAll(selector).map((el) => ({
    truth: el.attributes('data-truth'),
    note: el.find('[data-testid="figure-truth"]').exists()
      ? el.get('[data-testid="figure-truth"]').text()
      : null,
  }))
}

describe('headline figures and their truth', () => {
  usePageAtT0()

  it('marks every headline on the Overview and the wallboard stale, in words, when every connection is stale', () => {
    const t = createTestApp()
    useLiveStore().replaceAll(board({ state: 'stale', stale: true, lastOkAt: T0 - 600_000 }))
    const overview = mount(OverviewView, { global: t.global })
    const kpis = headlines(overview, '.kpis > .kpi')
    expect(kpis).toHaveLength(4)
    for (const k of kpis) expect(k).toEqual({ truth: 'stale', note: '5 of 5 connections stale' })

    window.location.hash = '#/wallboard?views=overview'
    const wall = mount(WallboardView, { global: t.global, attachTo: document.body })
    const tiles = headlines(wall, '[data-testid="wb-kpi"], [data-testid="wb-states"]')
    expect(tiles).toHaveLength(4)
    for (const k of tiles.slice(0, 3)) expect(k).toEqual({ truth: 'stale', note: '5 of 5 connections stale' })
    expect(tiles[3]!.truth).toBe('stale')
  })

  it('counts only the stale ones, and marks nothing when all are fresh', () => {
    const t = createTestApp()
    const state = board({})
    state.connections[1] = { ...state.connections[1]!, state: 'stale', stale: true }
    state.connections[3] = { ...state.connections[3]!, state: 'paused', stale: true }
    useLiveStore().replaceAll(state)
    const overview = mount(OverviewView, { global: t.global })
    expect(headlines(overview, '.kpis > .kpi')[0]).toEqual({
      truth: 'stale',
      note: '2 of 5 connections stale',
    })
    useLiveStore().replaceAll(board({}))
    return overview.vm.$nextTick().then(() => {
      for (const k of headlines(overview, '.kpis > .kpi')) expect(k).toEqual({ truth: 'fresh', note: null })
    })
  })

  it('shows "—" and why, never 0 or "Nobody waiting", when nothing was ever received', () => {
    const t = createTestApp()
    seedLive({
      connections: [connection('eu', { state: 'offline', lastOkAt: null, stale: false })],
    })
    const overview = mount(OverviewView, { global: t.global })
    const waiting = overview.get('[data-testid="kpi-waiting"]')
    expect(waiting.get('.kpi-value').text()).toBe('—')
    expect(waiting.text()).toContain('offline, no data received yet')
    expect(overview.text()).not.toContain('Nobody waiting')
  })

  it('leaves agents without a live state out of the shares and says how many', () => {
    const t = createTestApp()
    seedLive({
      connections: [connection('eu'), connection('th', { provider: 'thulium' })],
      agents: [
        agent('eu', '1', { state: 'available' }),
        agent('eu', '2', { state: 'busy' }),
        agent('th', '1', { state: 'unknown' }),
        agent('th', '2', { state: 'unknown' }),
        agent('th', '3', { state: 'unknown' }),
      ],
    })
    const overview = mount(OverviewView, { global: t.global })
    const states = overview.get('[data-testid="kpi-states"]')
    expect(states.text()).toContain('50%')
    expect(states.text()).not.toContain('Unknown')
    expect(states.text()).toContain('3 without live state not counted')
    expect(overview.get('[data-testid="kpi-agents"]').text()).toContain('of 2 agents')
  })

  it('marks the tiles when the browser loses the bridge', async () => {
    const t = createTestApp()
    const live = useLiveStore()
    live.replaceAll(board({}))
    live.link = { state: 'lost', readOnly: null, retryAt: null }
    const overview = mount(OverviewView, { global: t.global })
    for (const k of headlines(overview, '.kpis > .kpi'))
      expect(k).toEqual({ truth: 'stale', note: 'link to the board lost: not current' })
  })
})
