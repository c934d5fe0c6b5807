import { describe, expect, it } from 'vitest'
import type { AlertEvent } from '../../src-shared/alerts'
import { validateConfig } from '../../src-shared/config'
import { createEngine } from '../core/engine'
import { memoryLogger } from '../core/runtime/logger'
import { FakeClock } from '../core/testing/fake-clock'
import { startHeadlessAlerts } from './alerts'

const START = Date.UTC(2026, 10, 23, 9, 0, 0)

describe('headless alerts against the simulator', () => {
  it('prints the expected alert events for a seeded day, once each', async () => {
    const r = validateConfig({
      connections: [
        {
          id: 'sim',
          provider: 'simulator',
          pollSeconds: 5,
          options: { seed: 42, agents: 40, incidents: true },
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
    const engine = createEngine({
      clock,
      random: () => 0.5,
      http: { request: async () => ({ ok: false, code: 'network', detail: 'no network in tests' }) },
      sockets: { open: async () => ({ ok: false, status: null, detail: 'no sockets in tests' }) },
      secrets: { get: async () => null },
      log,
    })
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
    // Seed 42's first business day (simulator/simulated-center.ts `planIncidents`): an agent who went on a break at 09:13 on the
    // business clock (17 min before the board starts) overstays it, and the Support queue backs up from +3 min.
    expect(lines).toEqual([
      ev('long-break', 'agent', '1011', 'firing', 'warning', 1020, 0),
      // Time in state grows between polls: critical the second it passes 20 min, not at the next poll.
      ev('long-break', 'agent', '1011', 'firing', 'critical', 1201, 181),
      ev('support-wait', 'queue', '116', 'pending', 'warning', 62, 255),
      ev('support-wait', 'queue', '116', 'firing', 'warning', 72, 265),
      ev('support-wait', 'queue', '116', 'firing', 'critical', 123, 325),
      ev('longest', 'metric', 'totals:longest_wait', 'firing', 'warning', 243, 460),
      ev('long-break', 'agent', '1011', 'resolved', 'critical', null, 1010),
      ev('support-wait', 'queue', '116', 'resolved', 'critical', 4, 1450),
      ev('longest', 'metric', 'totals:longest_wait', 'resolved', 'warning', 4, 1450),
    ])
    const transitions = lines.map((e) => `${e.rule}|${e.id}|${e.state}|${e.severity}`)
    expect(new Set(transitions).size).toBe(transitions.length)
  })
})
