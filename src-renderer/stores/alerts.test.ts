// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppInfo } from '../../src-shared/ipc/contract'
import { alertList, alertView, exportText, rule, ruleStatus } from '../testing/alert-fixtures'
import { appInfo, T0 } from '../testing/fixtures'
import { createTestApp } from '../testing/mount'
import { ALERTS_STORAGE_KEY, muteUntil, rulesFromExport, useAlertsStore } from './alerts'
import { useAppStore } from './app'
import { useStateLimitsStore } from './state-limits'

const info = (readOnly: boolean): AppInfo => appInfo({ shell: 'web', readOnly })

function setup(readOnly = false) {
  const t = createTestApp()
  useAppStore().info = info(readOnly)
  return t
}

describe('useAlertsStore', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
    localStorage.clear()
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('loads alerts:list, then replaces the list with every alerts:changed', async () => {
    const { fake } = setup(true)
    const first = alertView('wait', 'eu', 'q1', { severity: 'warning' })
    fake.handle('alerts:list', () =>
      alertList({ active: [first], rules: [ruleStatus('wait', { state: 'firing' })] }),
    )
    const alerts = useAlertsStore()
    const stop = alerts.start()
    await vi.waitFor(() => expect(alerts.active).toHaveLength(1))
    expect(alerts.firing.map((a) => a.id)).toEqual(['wait|eu:q1'])

    const escalated = alertView('wait', 'eu', 'q1', { severity: 'critical', peak: 'critical', value: 12 })
    const pending = alertView('sl', 'eu', 'q2', { state: 'pending', firedAt: null })
    fake.emit('alerts:changed', alertList({ active: [escalated, pending] }))
    expect(alerts.active.map((a) => [a.id, a.state, a.severity, a.value])).toEqual([
      ['wait|eu:q1', 'firing', 'critical', 12],
      ['sl|eu:q2', 'pending', 'warning', 7],
    ])
    expect(alerts.firing).toHaveLength(1)
    expect(alerts.pending).toHaveLength(1)
    expect(alerts.criticalOpen).toBe(1)

    stop()
    expect(fake.listenerCount('alerts:changed')).toBe(0)
    expect(fake.listenerCount('alerts:sound')).toBe(0)
    expect(fake.listenerCount('app:navigate')).toBe(0)
  })

  it('acknowledges and snoozes through their channels and shows main’s answer at once', async () => {
    const { fake } = setup()
    const a = alertView('wait', 'eu', 'q1')
    fake.handle('alerts:list', () => alertList({ active: [a] }))
    fake.handle('config:export', () => ({ text: exportText([]) }))
    fake.handle('alerts:acknowledge', ({ id }) => ({ ...a, id, ack: { by: 'web', at: T0 + 5_000 } }))
    fake.handle('alerts:snooze', ({ id, minutes }) => ({
      ...a,
      id,
      snoozedUntil: T0 + (minutes ?? 15) * 60_000,
      silenced: 'snoozed',
    }))
    const alerts = useAlertsStore()
    alerts.start()
    await vi.waitFor(() => expect(alerts.active).toHaveLength(1))

    await alerts.snooze(a.id, 30)
    expect(fake.calls.filter((c) => c.channel === 'alerts:snooze').map((c) => c.args)).toEqual([
      { id: 'wait|eu:q1', minutes: 30 },
    ])
    expect(alerts.active[0]?.snoozedUntil).toBe(T0 + 30 * 60_000)

    await alerts.snooze(a.id)
    expect(fake.calls.filter((c) => c.channel === 'alerts:snooze').at(-1)?.args).toEqual({ id: 'wait|eu:q1' })

    await alerts.acknowledge(a.id)
    expect(fake.calls.filter((c) => c.channel === 'alerts:acknowledge').map((c) => c.args)).toEqual([
      { id: 'wait|eu:q1' },
    ])
    expect(alerts.active[0]?.ack).toEqual({ by: 'web', at: T0 + 5_000 })
    // Acknowledged critical alerts no longer count as waiting for someone.
    expect(alerts.criticalOpen).toBe(0)
  })

  it('mutes a rule until a time and shows it on the rule’s status', async () => {
    const { fake } = setup(true)
    fake.handle('alerts:list', () => alertList({ rules: [ruleStatus('wait')] }))
    fake.handle('alerts:muteRule', ({ rule: r, until }) => ({ rule: r, until }))
    const alerts = useAlertsStore()
    alerts.start()
    await vi.waitFor(() => expect(alerts.list).not.toBeNull())
    await alerts.muteRule('wait', T0 + 3_600_000)
    expect(fake.calls.find((c) => c.channel === 'alerts:muteRule')?.args).toEqual({
      rule: 'wait',
      until: T0 + 3_600_000,
    })
    expect(alerts.ruleStatuses.get('wait')?.mutedUntil).toBe(T0 + 3_600_000)
  })

  it('plays the alert sound on alerts:sound unless this device muted it', async () => {
    const { fake } = setup(true)
    fake.handle('alerts:list', () => alertList())
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(() => Promise.resolve())
    const alerts = useAlertsStore()
    alerts.start()
    fake.emit('alerts:sound', { kind: 'critical' })
    expect(play).toHaveBeenCalledTimes(1)
    expect((play.mock.contexts[0] as HTMLAudioElement).src).toMatch(/alert\.wav$/)

    alerts.setSoundOn(false)
    fake.emit('alerts:sound', { kind: 'critical' })
    expect(play).toHaveBeenCalledTimes(1)
    expect(JSON.parse(localStorage.getItem(ALERTS_STORAGE_KEY) ?? '{}')).toEqual({ soundOn: false })

    alerts.setSoundOn(true)
    fake.emit('alerts:sound', { kind: 'critical' })
    expect(play).toHaveBeenCalledTimes(2)
  })

  it('says so when the browser blocks the sound until the user interacts', async () => {
    const { fake } = setup(true)
    fake.handle('alerts:list', () => alertList())
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(() =>
      Promise.reject(Object.assign(new Error('play() needs a user gesture'), { name: 'NotAllowedError' })),
    )
    const alerts = useAlertsStore()
    alerts.start()
    fake.emit('alerts:sound', { kind: 'critical' })
    await vi.waitFor(() => expect(alerts.soundBlocked).toBe(true))
  })

  it('keeps the sound off across restarts of the board', () => {
    localStorage.setItem(ALERTS_STORAGE_KEY, JSON.stringify({ soundOn: false }))
    setup(true)
    expect(useAlertsStore().soundOn).toBe(false)
  })

  it('brings the alert named by app:navigate into view', async () => {
    const { fake } = setup(true)
    fake.handle('alerts:list', () => alertList())
    const alerts = useAlertsStore()
    alerts.start()
    alerts.section = 'rules'
    fake.emit('app:navigate', { view: 'alerts', focus: 'wait|eu:q1' })
    expect(alerts.focusId).toBe('wait|eu:q1')
    expect(alerts.focusSeq).toBe(1)
    expect(alerts.section).toBe('alerts')
    fake.emit('app:navigate', { view: 'agents', focus: null })
    expect(alerts.focusId).toBe('wait|eu:q1')
  })

  it('reads the rules from the exported config where it may, and hands them to the time-in-state limits', async () => {
    const { fake } = setup(false)
    const breakRule = rule('break', {
      entity: 'agent',
      state: 'not_ready',
      field: 'timeInStateSec',
      warn: 600,
      critical: 900,
    })
    fake.handle('alerts:list', () => alertList({ rules: [ruleStatus('break', { name: 'Rule break' })] }))
    fake.handle('config:export', () => ({
      text: exportText([breakRule, { id: 'bad', field: 'nope' } as never], { alerts: { snoozeMinutes: 30 } }),
    }))
    const alerts = useAlertsStore()
    alerts.start()
    await vi.waitFor(() => expect(alerts.rules?.map((r) => r.id)).toEqual(['break']))
    expect(alerts.prefs.snoozeMinutes).toBe(30)
    const limits = useStateLimitsStore()
    expect(limits.usingDefaults).toBe(false)
    expect(limits.limits.map((l) => [l.state, l.warnSec, l.criticalSec])).toEqual([['not_ready', 600, 900]])

    // A rule added elsewhere (an import) shows up in the next list: the definitions are read again.
    fake.handle('config:export', () => ({ text: exportText([breakRule, rule('wait')]) }))
    fake.emit(
      'alerts:changed',
      alertList({ rules: [ruleStatus('break', { name: 'Rule break' }), ruleStatus('wait')] }),
    )
    await vi.waitFor(() => expect(alerts.rules?.map((r) => r.id)).toEqual(['break', 'wait']))
  })

  it('does not ask a read-only board’s main for the config', async () => {
    const { fake } = setup(true)
    fake.handle('alerts:list', () => alertList())
    const alerts = useAlertsStore()
    alerts.start()
    await vi.waitFor(() => expect(alerts.list).not.toBeNull())
    expect(fake.calls.map((c) => c.channel)).not.toContain('config:export')
    expect(alerts.rules).toBeNull()
  })

  it('saves and removes rules through rules:save and rules:remove', async () => {
    const { fake } = setup(false)
    fake.handle('alerts:list', () => alertList())
    fake.handle('config:export', () => ({ text: exportText([rule('wait')]) }))
    fake.handle('rules:save', ({ rule: raw }) => ({ ...rule(String(raw.id)), name: String(raw.name) }))
    fake.handle('rules:remove', () => null)
    const alerts = useAlertsStore()
    alerts.start()
    await vi.waitFor(() => expect(alerts.rules).toHaveLength(1))
    await alerts.saveRule({ id: 'wait', name: 'Renamed' })
    await alerts.saveRule({ id: 'new', name: 'New one' })
    expect(alerts.rules?.map((r) => [r.id, r.name])).toEqual([
      ['wait', 'Renamed'],
      ['new', 'New one'],
    ])
    await alerts.removeRule('wait')
    expect(alerts.rules?.map((r) => r.id)).toEqual(['new'])
    expect(fake.calls.find((c) => c.channel === 'rules:remove')?.args).toEqual({ id: 'wait' })
  })

  it('marks entities with a firing alert by kind and key, worst severity first; pending ones are not marked', async () => {
    const { fake } = setup(true)
    fake.handle('alerts:list', () =>
      alertList({
        active: [
          alertView('wait', 'eu', 'q1', { severity: 'warning' }),
          alertView('count', 'eu', 'q1', { severity: 'critical' }),
          alertView('sl', 'eu', 'q2', { state: 'pending', firedAt: null }),
          alertView('break', 'eu', '1001', { entity: 'agent', severity: 'warning' }),
        ],
      }),
    )
    const alerts = useAlertsStore()
    alerts.start()
    await vi.waitFor(() => expect(alerts.active).toHaveLength(4))
    const q1 = alerts.breaches.get('queue')?.get('eu:q1')
    expect(q1?.severity).toBe('critical')
    expect(q1?.alerts.map((a) => a.rule)).toEqual(['count', 'wait'])
    expect(alerts.breaches.get('queue')?.has('eu:q2')).toBe(false)
    expect(alerts.breaches.get('agent')?.get('eu:1001')?.severity).toBe('warning')
  })
})

describe('rulesFromExport', () => {
  it('keeps the rules that validate, with their defaults, and the alert preferences', () => {
    const { rules, prefs } = rulesFromExport(
      JSON.stringify({
        rules: [
          { id: 'a', name: 'A', entity: 'queue', field: 'waiting', op: '>', warn: 3 },
          { id: 'b', name: 'B', entity: 'queue', field: 'timeInStateSec', op: '>', warn: 3 },
        ],
        prefs: { alerts: { quietHours: { from: '22:00', to: '07:00' } } },
      }),
    )
    expect(rules.map((r) => [r.id, r.forSec, r.notify])).toEqual([['a', 0, ['desktop', 'tray']]])
    expect(prefs?.quietHours).toEqual({ from: '22:00', to: '07:00' })
    expect(prefs?.snoozeMinutes).toBe(15)
  })
})

describe('muteUntil', () => {
  it('mutes for an hour, or until 08:00 local time tomorrow', () => {
    const now = new Date(2025, 2, 3, 16, 20).getTime()
    expect(muteUntil('hour', now)).toBe(now + 3_600_000)
    expect(muteUntil('tomorrow', now)).toBe(new Date(2025, 2, 4, 8, 0).getTime())
    // Late at night "tomorrow" is still the next calendar day.
    expect(muteUntil('tomorrow', new Date(2025, 2, 3, 0, 30).getTime())).toBe(
      new Date(2025, 2, 4, 8, 0).getTime(),
    )
  })
})
