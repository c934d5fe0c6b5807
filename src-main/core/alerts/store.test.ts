import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { memoryLogger } from '../runtime/logger'
import { FakeClock } from '../testing/fake-clock'
import { createFileAlertStore, type PersistedAlerts } from './store'
import { MONDAY_0900, queue, rule, startHarness, TestEngine } from './test-support'

const state: PersistedAlerts = {
  version: 1,
  alerts: [
    {
      id: 'wait|c:q1',
      rule: 'wait',
      ruleName: 'Contacts waiting',
      connection: 'c',
      entity: 'queue',
      entityId: 'q1',
      entityName: 'Sales',
      field: 'waiting',
      threshold: 5,
      state: 'firing',
      severity: 'warning',
      since: 1,
      firedAt: 1,
      changedAt: 1,
      value: 7,
      noData: false,
      peak: 'warning',
      inhibited: false,
      ack: { by: 'you', at: 2 },
      snoozedUntil: null,
      notified: 'warning',
      lastSoundAt: null,
    },
  ],
  history: [],
  mutes: [{ rule: 'wait', until: 99 }],
}

describe('file alert store', () => {
  it('writes and reads back the alert state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-alerts-'))
    const store = createFileAlertStore({ dir, now: () => MONDAY_0900 })
    expect(await store.load()).toBeNull()
    expect(await store.save(state)).toEqual({ ok: true })
    expect(await createFileAlertStore({ dir, now: () => MONDAY_0900 }).load()).toEqual(state)
  })

  it('moves a corrupt file aside and starts empty, reporting it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-alerts-'))
    writeFileSync(join(dir, 'alerts.json'), '{"version": 2}')
    const log = memoryLogger()
    expect(await createFileAlertStore({ dir, now: () => MONDAY_0900, log }).load()).toBeNull()
    expect(readdirSync(dir).some((n) => n.startsWith('alerts.json.corrupt-'))).toBe(true)
    expect(log.lines.join('\n')).toMatch(/alert state file problem/)
  })

  it('survives a restart of the service on disk: no second notification', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fw-alerts-'))
    const clock = new FakeClock(MONDAY_0900)
    const rules = [
      rule({ id: 'wait', name: 'Contacts waiting', entity: 'queue', field: 'waiting', op: '>', warn: 5 }),
    ]
    const a = await startHarness({
      rules,
      clock,
      store: createFileAlertStore({ dir, now: () => clock.now() }),
    })
    a.engine.poll('c', { queues: [queue('q1', { waiting: 7 })] })
    await clock.advance(0)
    await a.service.dispose()
    expect(a.notifier.groups).toHaveLength(1)
    const saved = JSON.parse(readFileSync(join(dir, 'alerts.json'), 'utf8')) as PersistedAlerts
    expect(saved.alerts.map((x) => [x.id, x.notified])).toEqual([['wait|c:q1', 'warning']])

    const engine = new TestEngine(clock)
    engine.configured = new Set(['c'])
    const b = await startHarness({
      rules,
      clock,
      engine,
      store: createFileAlertStore({ dir, now: () => clock.now() }),
    })
    b.engine.poll('c', { queues: [queue('q1', { waiting: 7 })] })
    await clock.advance(5_000)
    expect(b.notifier.groups).toEqual([])
    expect(b.service.list().active.map((x) => [x.id, x.state, x.noData])).toEqual([
      ['wait|c:q1', 'firing', false],
    ])
    await b.service.dispose()
  })
})
