// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { AppInfo } from '../../src-shared/ipc/contract'
import { drawTabIcon, titleWithCount, type IconContext } from '../composables/use-board-attention'
import { alertList, alertView, ruleStatus } from '../testing/alert-fixtures'
import { appInfo, T0 } from '../testing/fixtures'
import { createTestApp } from '../testing/mount'
import { useAlertsStore } from './alerts'
import { useAppStore } from './app'
import { ATTENTION_STORAGE_KEY, useAttentionStore } from './attention'
import { useClockStore } from './clock'

const info = (shell: AppInfo['shell']): AppInfo => appInfo({ shell, readOnly: true })

/** The browser's Notification API, recording what the board shows. */
class FakeNotification {
  static permission: NotificationPermission = 'default'
  static shown: FakeNotification[] = []
  static requestPermission = vi.fn(async () => (FakeNotification.permission = 'granted'))
  onclick: (() => void) | null = null
  onclose: (() => void) | null = null
  closed = false
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this)
  }
  close(): void {
    this.closed = true
  }
}

const WAIT = ruleStatus('wait', { name: 'Longest wait', notify: ['desktop', 'tray', 'sound'], op: '>' })

function setup(shell: AppInfo['shell']) {
  const t = createTestApp()
  useAppStore().info = info(shell)
  const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(() => Promise.resolve())
  return { ...t, play }
}

describe('useAttentionStore', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
    localStorage.clear()
    FakeNotification.permission = 'default'
    FakeNotification.shown = []
    vi.stubGlobal('Notification', FakeNotification)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
  })

  it('in a browser: tells and sounds what starts firing, once, grouped like the desktop; not what fired before', async () => {
    const { fake, play } = setup('web')
    const before = alertView('wait', 'eu', 'q0', { severity: 'critical', firedAt: T0 - 60_000 })
    fake.handle('alerts:list', () => alertList({ now: T0, active: [before], rules: [WAIT] }))
    const alerts = useAlertsStore()
    const attention = useAttentionStore()
    const clock = useClockStore()
    alerts.start()
    attention.start()
    await vi.waitFor(() => expect(alerts.list).not.toBeNull())
    await attention.askNotifications()
    expect(attention.permission).toBe('granted')
    expect(play).not.toHaveBeenCalled()
    expect(FakeNotification.shown).toHaveLength(0)
    expect(attention.count).toBe(1)
    expect(attention.worst).toBe('critical')

    const q1 = alertView('wait', 'eu', 'q1', {
      severity: 'critical',
      field: 'longestWaitSec',
      value: 130,
      threshold: 120,
      entityName: 'Support',
      firedAt: T0 + 1_000,
      changedAt: T0 + 1_000,
    })
    const q2 = alertView('wait', 'eu', 'q2', {
      severity: 'critical',
      field: 'longestWaitSec',
      value: 125,
      threshold: 120,
      entityName: 'Sales',
      firedAt: T0 + 1_500,
      changedAt: T0 + 1_500,
    })
    fake.emit('alerts:changed', alertList({ now: T0 + 2_000, active: [before, q1, q2], rules: [WAIT] }))
    await nextTick()
    expect(FakeNotification.shown).toHaveLength(1)
    const n = FakeNotification.shown[0]!
    expect(n.title).toBe('Critical: 2 queues breaching')
    expect(n.options.body).toBe(
      'Rule wait — Support: longest wait 2 min 10 s\nRule wait — Sales: longest wait 2 min 5 s',
    )
    expect(n.options).toMatchObject({ tag: 'floorwalker-critical', requireInteraction: true, silent: true })
    expect(play).toHaveBeenCalledTimes(1)

    // The clock ticks and the list comes again: nothing new to tell, and the sound plays once ("once").
    clock.now = T0 + 10_000
    await nextTick()
    fake.emit('alerts:changed', alertList({ now: T0 + 10_000, active: [before, q1, q2], rules: [WAIT] }))
    await nextTick()
    expect(FakeNotification.shown).toHaveLength(1)
    expect(play).toHaveBeenCalledTimes(1)

    // A click brings the board to the first alert of the group.
    n.onclick?.()
    expect(alerts.focusId).toBe(q1.id)
    expect(n.closed).toBe(true)
  })

  it('repeats the sound as the rule says, and stays quiet when this browser turned the sound off', async () => {
    const { fake, play } = setup('web')
    const rule = { ...WAIT, soundRepeat: 30 as const }
    fake.handle('alerts:list', () => alertList({ now: T0, active: [], rules: [rule] }))
    const alerts = useAlertsStore()
    const attention = useAttentionStore()
    const clock = useClockStore()
    alerts.start()
    attention.start()
    await vi.waitFor(() => expect(alerts.list).not.toBeNull())
    const q1 = alertView('wait', 'eu', 'q1', { severity: 'critical', firedAt: T0 + 1, changedAt: T0 + 1 })
    fake.emit('alerts:changed', alertList({ now: T0 + 1_000, active: [q1], rules: [rule] }))
    await nextTick()
    expect(play).toHaveBeenCalledTimes(1)
    clock.now = T0 + 20_000
    await nextTick()
    expect(play).toHaveBeenCalledTimes(1)
    clock.now = T0 + 31_000
    await nextTick()
    expect(play).toHaveBeenCalledTimes(2)
    // Notifications were never allowed here: none shown, but the board knows what it would have said.
    expect(FakeNotification.shown).toHaveLength(0)
    expect(attention.lastGroups.map((g) => g.title)).toEqual(['Critical: Rule wait'])

    alerts.setSoundOn(false)
    clock.now = T0 + 62_000
    await nextTick()
    expect(play).toHaveBeenCalledTimes(2)
    // Acknowledged: no more repeats, whatever the switch says.
    alerts.setSoundOn(true)
    fake.emit(
      'alerts:changed',
      alertList({
        now: T0 + 63_000,
        active: [{ ...q1, ack: { by: 'Ana', at: T0 + 62_500 } }],
        rules: [rule],
      }),
    )
    clock.now = T0 + 100_000
    await nextTick()
    expect(play).toHaveBeenCalledTimes(2)
  })

  it('plays a sound the browser blocked at the first click, while the critical alert still waits', async () => {
    const { fake, play } = setup('web')
    fake.handle('alerts:list', () => alertList({ now: T0, active: [], rules: [WAIT] }))
    const alerts = useAlertsStore()
    const attention = useAttentionStore()
    alerts.start()
    attention.start()
    await vi.waitFor(() => expect(alerts.list).not.toBeNull())
    play.mockImplementation(() =>
      Promise.reject(Object.assign(new Error('play() needs a user gesture'), { name: 'NotAllowedError' })),
    )
    const q1 = alertView('wait', 'eu', 'q1', { severity: 'critical', firedAt: T0 + 1, changedAt: T0 + 1 })
    fake.emit('alerts:changed', alertList({ now: T0 + 1_000, active: [q1], rules: [WAIT] }))
    await nextTick()
    await vi.waitFor(() => expect(alerts.soundBlocked).toBe(true))
    expect(attention.activated).toBe(false)
    play.mockImplementation(() => Promise.resolve())
    window.dispatchEvent(new Event('click'))
    expect(attention.activated).toBe(true)
    expect(play).toHaveBeenCalledTimes(2)
    await vi.waitFor(() => expect(alerts.soundBlocked).toBe(false))
  })

  it('keeps this browser’s choice to stop notifications', async () => {
    setup('web')
    FakeNotification.permission = 'granted'
    const attention = useAttentionStore()
    expect(attention.notificationsOn).toBe(true)
    attention.setNotificationsOn(false)
    expect(JSON.parse(localStorage.getItem(ATTENTION_STORAGE_KEY) ?? '{}')).toEqual({
      notificationsOn: false,
    })
  })

  it('in the desktop app does nothing: main notifies and sounds there', async () => {
    const { fake, play } = setup('electron')
    fake.handle('alerts:list', () => alertList({ now: T0, active: [], rules: [WAIT] }))
    FakeNotification.permission = 'granted'
    const alerts = useAlertsStore()
    const attention = useAttentionStore()
    alerts.start()
    attention.start()
    await vi.waitFor(() => expect(alerts.list).not.toBeNull())
    const q1 = alertView('wait', 'eu', 'q1', { severity: 'critical', firedAt: T0 + 1, changedAt: T0 + 1 })
    fake.emit('alerts:changed', alertList({ now: T0 + 1_000, active: [q1], rules: [WAIT] }))
    await nextTick()
    expect(attention.served).toBe(false)
    expect(FakeNotification.shown).toHaveLength(0)
    expect(play).not.toHaveBeenCalled()
  })
})

describe('the tab', () => {
  it('puts the count of firing alerts before the name', () => {
    expect(titleWithCount('Floorwalker', 0)).toBe('Floorwalker')
    expect(titleWithCount('Floorwalker', 3)).toBe('(3) Floorwalker')
    expect(titleWithCount('Floorwalker', 120)).toBe('(99+) Floorwalker')
  })

  it('draws the count on the icon in the worst severity’s colour', () => {
    const calls: string[] = []
    const ctx = new Proxy({} as Record<string, unknown>, {
      get: (target, key: string) =>
        key in target ? target[key] : (...args: unknown[]) => calls.push(`${key}(${args.join(',')})`),
      set: (target, key: string, value) => {
        target[key] = value
        calls.push(`${key}=${String(value)}`)
        return true
      },
    }) as unknown as IconContext
    drawTabIcon(ctx, 32, 0, null)
    expect(calls.some((c) => c.startsWith('fillText'))).toBe(false)
    calls.length = 0
    drawTabIcon(ctx, 32, 3, 'critical')
    expect(calls).toContain('fillText(3,22,23)')
    expect(calls).toContain('fillStyle=#b3261e')
    calls.length = 0
    drawTabIcon(ctx, 32, 12, 'warning')
    expect(calls).toContain('fillText(12,22,23)')
    expect(calls).toContain('fillStyle=#9a6a00')
  })
})
