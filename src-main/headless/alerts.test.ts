import { describe, expect, it } from 'vitest'
import type { AlertEvent } from '../../src-shared/alerts'
import { validateConfig } from '../../src-shared/config'
import { memoryLogger } from '../core/runtime/logger'
import { FakeClock } from '../core/testing/fake-clock'
import { createOfflineEngine } from '../core/testing/offline-engine'
import { startHeadlessAlerts } from './alerts'

/** 09:30 on the simulated center's clock (its time zone is UTC below). */
const START = Date.UTC(2026, 10, 23, 9, 30, 0)

describe('headless alerts against the simulator', () => {
  it('prints the expected alert events for a seeded day, once each', async () => {
    const r = validateConfig({
      connections: [
        {
          id: 'sim',
          provider: 'simulator',
          pollSeconds: 5,
          options: { seed: 42, agents: 40, incidents: true, timezone: 'UTC' },
        },
      ],
      rules: [
        {
          id: 'support-wait',
          name: 'Support wait',
          entity: 'queue',
          ids: ['116'],
          field: 'longestWaitSec',
          op: '>',
          warn: 60,
          critical: 120,
          clearBelow: 30,
          forSec: 10,
        },
        {
          id: 'long-break',
          name: 'Long break',
          entity: 'agent',
          state: 'not_ready',
          field: 'timeInStateSec',
          op: '>',
          warn: 900,
          critical: 1200,
        },
        {
          id: 'longest',
          name: 'Longest wait overall',
          entity: 'metric',
          ids: ['longest_wait'],
          field: 'value',
          op: '>',
          warn: 240,
          clearBelow: 120,
        },
      ],
    })
    if (!r.ok) throw new Error(JSON.stringify(r.issues))
    const config = r.config
    const clock = new FakeClock(START)
    const log = memoryLogger()
    const engine = createOfflineEngine(clock, { log })
    const lines: AlertEvent[] = []
    const alerts = await startHeadlessAlerts({
      engine,
      config: () => config,
      clock,
      log,
      write: (l) => lines.push(l),
      timezoneOffset: () => 0,
    })
    engine.setConfig(config)
    engine.start()
    await clock.advance(25 * 60_000)
    await alerts.dispose()
    await engine.dispose()
    const ev = (
      rule: string,
      entity: AlertEvent['entity'],
      id: string,
      state: AlertEvent['state'],
      severity: AlertEvent['severity'],
      value: number | null,
      atSec: number,
    ): AlertEvent => ({
      type: 'alert',
      connection: 'sim',
      rule,
      severity,
      state,
      entity,
      id,
      value,
      at: START + atSec * 1000,
    })
    // Every simulated day opens the same way (simulator/simulated-center.ts `planIncidents`): an agent who went on a
    // break at 09:13 (17 min before this board starts at 09:30) overstays it, and the Support queue backs up from
    // 09:33 for 15 minutes. With seed 42 on this date the break is agent 1002's.
    expect(lines).toEqual([
      ev('long-break', 'agent', '1002', 'firing', 'warning', 1020, 0),
      // Time in state grows between polls: critical the second it passes 20 min, not at the next poll.
      ev('long-break', 'agent', '1002', 'firing', 'critical', 1201, 181),
      ev('support-wait', 'queue', '116', 'pending', 'warning', 61, 340),
      ev('support-wait', 'queue', '116', 'firing', 'warning', 71, 350),
      ev('support-wait', 'queue', '116', 'firing', 'critical', 123, 470),
      // A burst of answers takes the wait under critical for a while before the surge pushes it back up.
      ev('support-wait', 'queue', '116', 'firing', 'warning', 73, 720),
      ev('support-wait', 'queue', '116', 'firing', 'critical', 122, 795),
      ev('long-break', 'agent', '1002', 'resolved', 'critical', null, 940),
      ev('longest', 'metric', 'totals:longest_wait', 'firing', 'warning', 244, 1005),
      ev('support-wait', 'queue', '116', 'firing', 'warning', 69, 1345),
      ev('longest', 'metric', 'totals:longest_wait', 'resolved', 'warning', 69, 1345),
      ev('support-wait', 'queue', '116', 'resolved', 'warning', 17, 1380),
    ])
    // Once each: no alert prints the same transition twice in a row (a return to critical is a new one).
    const last = new Map<string, string>()
    for (const e of lines) {
      const alert = `${e.rule}|${e.id}`
      const transition = `${e.state}|${e.severity}`
      expect(last.get(alert), alert).not.toBe(transition)
      last.set(alert, transition)
    }
  })
})
