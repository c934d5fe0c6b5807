import { describe, expect, it } from 'vitest'
import type { EscalationStep } from '../../../src-shared/config'
import { advanceLadder, ladderFor, nextStep, type LadderAlert, type LadderState } from './escalation'

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0)
const S = 1000

const LADDER: EscalationStep[] = [
  { afterSec: 0, channel: 'tray' },
  { afterSec: 60, channel: 'notification' },
  { afterSec: 120, channel: 'sound', repeatEverySec: 30 },
  { afterSec: 300, channel: 'webhook', webhook: 'ops' },
]

/** Run the ladder of one alert second by second from T0 to `untilSec`, returning what ran and when (seconds). */
function run(
  alert: Partial<LadderAlert>,
  untilSec: number,
  opts: {
    steps?: EscalationStep[]
    ladder?: LadderState | null
    fromSec?: number
    at?: (sec: number) => Partial<LadderAlert>
  } = {},
) {
  let state: LadderState | null = opts.ladder ?? null
  const ran: string[] = []
  for (let sec = opts.fromSec ?? 0; sec <= untilSec; sec++) {
    const a: LadderAlert = {
      state: 'firing',
      severity: 'critical',
      firedAt: T0,
      changedAt: T0,
      acknowledged: false,
      held: false,
      ...alert,
      ...opts.at?.(sec),
      ladder: state,
    }
    const r = advanceLadder(a, { escalation: opts.steps ?? LADDER }, {}, T0 + sec * S)
    state = r.state
    for (const d of r.due) ran.push(`${sec}s ${d.step.channel}${d.repeat ? ' again' : ''}`)
  }
  return { ran, state }
}

describe('escalation ladder', () => {
  it('runs each step at its time, repeats a repeating step, and runs a one-off step once', () => {
    expect(run({}, 200).ran).toEqual([
      '0s tray',
      '60s notification',
      '120s sound',
      '150s sound again',
      '180s sound again',
    ])
    expect(run({}, 301).ran.filter((x) => x.includes('webhook'))).toEqual(['300s webhook'])
  })

  it('stops at an acknowledgement: nothing more runs, and nothing is next', () => {
    const { ran, state } = run({}, 400, { at: (sec) => ({ acknowledged: sec >= 130 }) })
    expect(ran).toEqual(['0s tray', '60s notification', '120s sound'])
    expect(nextStep(state, { escalation: LADDER }, 'critical', {})).not.toBeNull()
  })

  it('has no ladder once the alert is no longer firing (resolved or back to pending)', () => {
    const r = advanceLadder(
      {
        state: 'pending',
        severity: 'critical',
        firedAt: null,
        changedAt: T0,
        acknowledged: false,
        held: false,
        ladder: null,
      },
      { escalation: LADDER },
      {},
      T0 + 500 * S,
    )
    expect(r).toEqual({ state: null, due: [] })
  })

  it('holds while snoozed, muted or without data, and runs what came due once when that ends', () => {
    const { ran } = run({}, 400, { at: (sec) => ({ held: sec >= 50 && sec < 350 }) })
    expect(ran).toEqual(['0s tray', '350s notification', '350s sound', '350s webhook', '380s sound again'])
  })

  it('restored after a restart, it does not run again what it already ran', () => {
    const first = run({}, 130)
    expect(first.ran).toEqual(['0s tray', '60s notification', '120s sound'])
    // The state is what alerts.json keeps; the next run starts 100 s later.
    const saved = JSON.parse(JSON.stringify(first.state)) as LadderState
    const second = run({}, 310, { ladder: saved, fromSec: 230 })
    expect(second.ran).toEqual(['230s sound again', '260s sound again', '290s sound again', '300s webhook'])
  })

  it('takes the rule ladder over the severity default; [] on a rule means none', () => {
    const prefs = { escalation: { critical: [{ afterSec: 10, channel: 'sound' as const }] } }
    expect(ladderFor({ escalation: LADDER }, 'critical', prefs)?.key).toBe('rule')
    expect(ladderFor({}, 'critical', prefs)?.key).toBe('critical')
    expect(ladderFor({}, 'warning', prefs)).toBeNull()
    expect(ladderFor({ escalation: [] }, 'critical', prefs)).toBeNull()
  })

  it('starts a severity default ladder when the alert reaches that severity', () => {
    const prefs = {
      escalation: {
        warning: [{ afterSec: 100, channel: 'notification' as const }],
        critical: [{ afterSec: 30, channel: 'webhook' as const, webhook: 'ops' }],
      },
    }
    let state: LadderState | null = null
    const ran: string[] = []
    for (let sec = 0; sec <= 200; sec++) {
      const critical = sec >= 50
      const r = advanceLadder(
        {
          state: 'firing',
          severity: critical ? 'critical' : 'warning',
          firedAt: T0,
          changedAt: critical ? T0 + 50 * S : T0,
          acknowledged: false,
          held: false,
          ladder: state,
        },
        {},
        prefs,
        T0 + sec * S,
      )
      state = r.state
      for (const d of r.due) ran.push(`${sec}s ${d.step.channel}`)
    }
    expect(ran).toEqual(['80s webhook'])
  })

  it('says when the next step runs', () => {
    const { state } = run({}, 70)
    expect(nextStep(state, { escalation: LADDER }, 'critical', {})).toEqual({
      at: T0 + 120 * S,
      channel: 'sound',
    })
  })
})
