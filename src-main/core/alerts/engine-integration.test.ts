import { describe, expect, it } from 'vitest'
import { alertPrefsOf, validateConfig } from '../../../src-shared/config'
import { memoryLogger } from '../runtime/logger'
import { FakeClock } from '../testing/fake-clock'
import { createOfflineEngine } from '../testing/offline-engine'
import { emptySnapshot, ScriptedAdapter } from '../testing/scripted-adapter'
import { createAlertService } from './service'
import { createMemoryAlertStore } from './store'
import { queue, RecordingNotifier } from './test-support'

describe('alerts with the real engine', () => {
  it('holds entity alerts while a vendor fails, and lets the connection alert speak for them', async () => {
    const clock = new FakeClock()
    const t0 = clock.now()
    const breach = {
      ok: true as const,
      snapshot: emptySnapshot('eu', t0, { queues: [queue('115', { name: 'Sales', waiting: 9 })] }),
    }
    const cfg = validateConfig({
      connections: [{ id: 'eu', label: 'EU voice', provider: 'simulator', pollSeconds: 5 }],
      rules: [
        { id: 'wait', name: 'Contacts waiting', entity: 'queue', field: 'waiting', op: '>', warn: 5 },
        {
          id: 'down',
          name: 'Connection down',
          entity: 'connection',
          field: 'dataAgeSec',
          op: '>',
          warn: 30,
          forSec: 10,
        },
      ],
    })
    if (!cfg.ok) throw new Error(JSON.stringify(cfg.issues))
    const config = cfg.config
    const engine = createOfflineEngine(clock, {
      // One good poll, then HTTP 503 for ever.
      factories: {
        simulator: (ctx) =>
          new ScriptedAdapter(ctx.clock, 'eu', [breach, { code: 'unavailable', detail: 'HTTP 503' }]),
      },
    })
    const notifier = new RecordingNotifier(clock)
    const alerts = await createAlertService({
      engine,
      clock,
      notifier,
      store: createMemoryAlertStore(),
      rules: () => config.rules,
      prefs: () => alertPrefsOf(config.prefs),
      log: memoryLogger(),
    })
    const events: string[] = []
    alerts.events.subscribe((e) =>
      events.push(`${e.state} ${e.rule} ${e.id} ${Math.round(e.value ?? -1)} ${(e.at - t0) / 1000}`),
    )
    engine.setConfig(config)
    engine.start()
    await clock.advance(120_000)
    expect(events).toEqual(['firing wait 115 9 0', 'pending down eu 31 31', 'firing down eu 41 41'])
    expect(notifier.titles()).toEqual(['Warning: Contacts waiting', 'Warning: Connection down'])
    expect(notifier.groups[1]!.body).toBe('EU voice: no fresh data for 41 s (warning above 30 s)')
    const l = alerts.list()
    expect(l.active.map((a) => [a.id, a.noData, a.inhibited])).toEqual([
      ['wait|eu:115', true, true],
      ['down|eu:eu', false, false],
    ])
    expect(l.tray).toMatchObject({ worst: 'warning', firing: 1 })
    await alerts.dispose()
    await engine.dispose()
  })
})
