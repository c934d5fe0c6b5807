import { describe, expect, it, vi } from 'vitest'
import type { ConnectionStatus } from '../../src-shared/live'

const electron = vi.hoisted(() => {
  const state = { trays: [] as unknown[] }
  type Item = { label?: string; type?: string; click?: () => void }
  class FakeTray {
    image: unknown
    tooltip = ''
    menu: Item[] = []
    calls: string[] = []
    destroyed = false
    clickHandler: (() => void) | null = null
    constructor(image: unknown) {
      this.image = image
      state.trays.push(this)
    }
    setImage(i: unknown) {
      this.calls.push('setImage')
      this.image = i
    }
    setToolTip(t: string) {
      this.calls.push('setToolTip')
      this.tooltip = t
    }
    title = ''
    setTitle(t: string) {
      this.calls.push('setTitle')
      this.title = t
    }
    setContextMenu(m: Item[]) {
      this.calls.push('setContextMenu')
      this.menu = m
    }
    on(_e: string, fn: () => void) {
      this.clickHandler = fn
    }
    isDestroyed() {
      return this.destroyed
    }
    destroy() {
      this.destroyed = true
    }
  }
  return { state, FakeTray }
})
vi.mock('electron', () => ({
  Tray: electron.FakeTray,
  Menu: { buildFromTemplate: (t: unknown[]) => t },
  nativeImage: { createFromPath: (p: string) => ({ path: p }) },
}))

const { createTray } = await import('./tray')

function status(id: string, state: ConnectionStatus['state'], stale = false): ConnectionStatus {
  return {
    id,
    label: id.toUpperCase(),
    provider: 'simulator',
    state,
    detail: null,
    lastOkAt: null,
    lastAttemptAt: null,
    nextPollAt: null,
    pollSeconds: 2,
    health: null,
    stale,
    paused: false,
    consecutiveFailures: 0,
    warnings: [],
    counts: { agents: 0, queues: 0, chatRooms: 0, chatMessages: 0, metrics: 0 },
  }
}

describe('createTray', () => {
  it('shows the worst state icon and a summary, and the menu drives the app', () => {
    const actions: string[] = []
    const tray = createTray({
      iconDir: '/res',
      onOpen: () => actions.push('open'),
      onSetPaused: (p) => actions.push(`paused ${p}`),
      onQuit: () => actions.push('quit'),
    })
    const t = electron.state.trays.at(-1) as InstanceType<typeof electron.FakeTray>
    expect(t.image).toEqual({ path: '/res/tray-ok.png' })
    expect(t.tooltip).toBe('Floorwalker: no connections')

    tray.update([status('a', 'ok'), status('b', 'auth_failed')], false)
    expect(t.image).toEqual({ path: '/res/tray-error.png' })
    expect(t.tooltip).toBe('Floorwalker: 1 of 2 need attention: B sign-in rejected')
    expect(t.menu.map((i) => i.label ?? i.type)).toEqual([
      'Open board',
      'separator',
      'Pause polling',
      'separator',
      'Quit Floorwalker',
    ])
    t.menu[2]?.click?.()
    t.menu[0]?.click?.()
    t.menu[4]?.click?.()
    t.clickHandler?.()
    expect(actions).toEqual(['paused true', 'open', 'quit', 'open'])

    tray.update([status('a', 'ok'), status('b', 'auth_failed')], true)
    expect(t.menu[2]?.label).toBe('Resume polling')
    t.menu[2]?.click?.()
    expect(actions.at(-1)).toBe('paused false')

    // Nothing changed: nothing is redrawn.
    t.calls.length = 0
    tray.update([status('a', 'ok'), status('b', 'auth_failed')], true)
    expect(t.calls).toEqual([])

    tray.update([status('a', 'offline'), status('b', 'offline')], true)
    expect(t.image).toEqual({ path: '/res/tray-offline.png' })
    tray.update([status('a', 'ok', true)], true)
    expect(t.image).toEqual({ path: '/res/tray-warning.png' })

    // A critical alert turns a healthy tray red, with the unacknowledged count beside the icon.
    const critical = {
      worst: 'critical' as const,
      firing: 2,
      unacknowledged: 1,
      tooltip: '2 alerts firing (1 critical)',
    }
    tray.update([status('a', 'ok')], false, critical)
    expect(t.image).toEqual({ path: '/res/tray-error.png' })
    expect(t.tooltip).toBe('2 alerts firing (1 critical) · the connection is OK')
    expect(t.title).toBe('1')
    tray.update([status('a', 'ok')], false, { ...critical, worst: null, firing: 0, unacknowledged: 0 })
    expect(t.image).toEqual({ path: '/res/tray-ok.png' })
    expect(t.title).toBe('')

    tray.dispose()
    expect(t.destroyed).toBe(true)
  })
})
