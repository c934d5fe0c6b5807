import { describe, expect, it } from 'vitest'
import type { AlertView } from './alerts'
import {
  decideNotifications,
  observeAlerts,
  rememberMarks,
  type ObservedAlert,
  type PolicyAlert,
  type PolicyRule,
} from './notify-policy'

const T0 = Date.UTC(2026, 2, 3, 10, 0, 0)

function alert(id: string, over: Partial<PolicyAlert> = {}): PolicyAlert {
  return {
    id,
    rule: 'wait',
    state: 'firing',
    severity: 'warning',
    firedAt: T0,
    noData: false,
    acknowledged: false,
    silenced: false,
    notified: null,
    lastSoundAt: null,
    ...over,
  }
}

const WAIT: PolicyRule = { id: 'wait', notify: ['desktop', 'tray', 'sound'] }

describe('decideNotifications', () => {
  it('tells new firings once, one group per severity, oldest first', () => {
    const d = decideNotifications(
      [
        alert('b', { firedAt: T0 + 2 }),
        alert('a', { firedAt: T0 + 1 }),
        alert('c', { severity: 'critical' }),
        alert('p', { state: 'pending' }),
      ],
      [WAIT],
      'once',
      T0 + 10,
    )
    expect(d.notify).toEqual({ critical: ['c'], warning: ['a', 'b'] })
    expect(d.sound).toBe(true)
    expect(d.marks.get('c')).toEqual({ notified: 'critical', lastSoundAt: T0 + 10 })
    expect(d.marks.get('a')).toEqual({ notified: 'warning', lastSoundAt: null })
    expect(d.marks.has('p')).toBe(false)

    const again = decideNotifications(
      [
        alert('a', { notified: 'warning' }),
        alert('c', { severity: 'critical', notified: 'critical', lastSoundAt: T0 + 10 }),
      ],
      [WAIT],
      'once',
      T0 + 60_000,
    )
    expect(again.notify).toEqual({ critical: [], warning: [] })
    expect(again.sound).toBe(false)
    expect(again.marks.size).toBe(0)
  })

  it('holds back silenced, acknowledged and no-data alerts, and tells an escalation', () => {
    const held = decideNotifications(
      [
        alert('s', { silenced: true }),
        alert('k', { acknowledged: true, severity: 'critical' }),
        alert('n', { noData: true }),
      ],
      [WAIT],
      'once',
      T0,
    )
    expect(held.notify).toEqual({ critical: [], warning: [] })
    expect(held.sound).toBe(false)
    expect(held.marks.size).toBe(0)

    const up = decideNotifications(
      [alert('a', { severity: 'critical', notified: 'warning' })],
      [WAIT],
      'once',
      T0,
    )
    expect(up.notify.critical).toEqual(['a'])
  })

  it('repeats the critical sound at the rule’s interval (or the preferences’), and follows the channels', () => {
    const repeatEvery = (repeat: PolicyRule['soundRepeat'], defaultRepeat: 'once' | number, after: number) =>
      decideNotifications(
        [alert('c', { severity: 'critical', notified: 'critical', lastSoundAt: T0 })],
        [{ ...WAIT, soundRepeat: repeat }],
        defaultRepeat,
        T0 + after,
      ).sound
    expect(repeatEvery(30, 'once', 29_999)).toBe(false)
    expect(repeatEvery(30, 'once', 30_000)).toBe(true)
    expect(repeatEvery(undefined, 60, 60_000)).toBe(true)
    expect(repeatEvery(undefined, 'once', 3_600_000)).toBe(false)

    const quiet = decideNotifications(
      [alert('c', { severity: 'critical' })],
      [{ id: 'wait', notify: ['tray'] }],
      'once',
      T0,
    )
    // Nothing to show or play, but it counts as told: turning a channel on later is not a new firing.
    expect(quiet.notify.critical).toEqual([])
    expect(quiet.sound).toBe(false)
    expect(quiet.marks.get('c')).toEqual({ notified: 'critical', lastSoundAt: null })
    expect(decideNotifications([alert('x', { rule: 'gone' })], [WAIT], 'once', T0).marks.size).toBe(0)
  })
})

function view(id: string, over: Partial<AlertView> = {}): AlertView {
  return {
    id,
    rule: 'wait',
    ruleName: 'Longest wait',
    connection: 'eu',
    entity: 'queue',
    entityId: id,
    entityName: id,
    field: 'longestWaitSec',
    state: 'firing',
    severity: 'warning',
    value: 90,
    threshold: 60,
    clearLevel: 45,
    since: T0,
    firedAt: T0,
    changedAt: T0,
    peak: 'warning',
    noData: false,
    inhibited: false,
    ack: null,
    snoozedUntil: null,
    notified: null,
    silenced: null,
    ...over,
  }
}

describe('observeAlerts', () => {
  it('does not tell again what fired before the board opened; a repeating sound resumes after its interval', () => {
    const memory = new Map<string, ObservedAlert>()
    const opened = T0 + 60_000
    const seen = observeAlerts(
      memory,
      [view('old', { severity: 'critical' }), view('new', { firedAt: opened + 1, changedAt: opened + 1 })],
      opened,
    )
    expect(seen.map((a) => [a.id, a.notified, a.lastSoundAt])).toEqual([
      ['old', 'critical', opened],
      ['new', null, null],
    ])
    const d = decideNotifications(seen, [{ ...WAIT, soundRepeat: 30 }], 'once', opened + 1_000)
    expect(d.notify).toEqual({ critical: [], warning: ['new'] })
    expect(d.sound).toBe(false)
    rememberMarks(memory, d.marks)
    const later = observeAlerts(
      memory,
      [view('old', { severity: 'critical' }), view('new', { firedAt: opened + 1 })],
      opened,
    )
    const d2 = decideNotifications(later, [{ ...WAIT, soundRepeat: 30 }], 'once', opened + 30_000)
    expect(d2.notify).toEqual({ critical: [], warning: [] })
    expect(d2.sound).toBe(true)
  })

  it('starts afresh on a new firing, re-sounds on a severity change, re-tells after a snooze, forgets what ended', () => {
    const memory = new Map<string, ObservedAlert>()
    const run = (views: AlertView[], now: number) => {
      const d = decideNotifications(observeAlerts(memory, views, T0 - 1), [WAIT], 'once', now)
      rememberMarks(memory, d.marks)
      return d
    }
    expect(run([view('q', { severity: 'critical' })], T0).sound).toBe(true)
    expect(run([view('q', { severity: 'critical' })], T0 + 1).sound).toBe(false)
    // Back to warning: nothing to tell; up to critical again: told and sounded again.
    expect(run([view('q', { severity: 'warning' })], T0 + 2).notify).toEqual({ critical: [], warning: [] })
    const up = run([view('q', { severity: 'critical' })], T0 + 3)
    expect(up.notify.critical).toEqual(['q'])
    expect(up.sound).toBe(true)
    // Snoozed: held back; when the snooze ends and it still fires, told again.
    expect(run([view('q', { severity: 'critical', silenced: 'snoozed' })], T0 + 4).notify.critical).toEqual(
      [],
    )
    expect(run([view('q', { severity: 'critical' })], T0 + 5).notify.critical).toEqual(['q'])
    // Resolved, then firing again later: a new firing.
    run([], T0 + 6)
    expect(memory.size).toBe(0)
    expect(run([view('q', { firedAt: T0 + 7, changedAt: T0 + 7 })], T0 + 7).notify.warning).toEqual(['q'])
  })
})
