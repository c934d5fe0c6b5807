import { describe, expect, it } from 'vitest'
import { validateConfig, type Config } from '../../../src-shared/config'
import type { Engine } from '../engine'
import { alertServiceOn, queue, TestEngine } from '../alerts/test-support'
import { memoryLogger } from '../runtime/logger'
import { createMemorySettingsStore } from '../settings/settings-store'
import { FakeClock } from '../testing/fake-clock'
import { refuse, refusingConnections } from '../testing/refusing-handlers'
import { createAlertHandlers } from './alert-handlers'
import { createBridgeService } from './service'
import type { Caller } from './types'

const APP: Caller = { shell: 'electron', readOnly: false }
const WEB: Caller = { shell: 'web', readOnly: false }
const LOOK: Caller = { shell: 'web', readOnly: true }

function config(): Config {
  const r = validateConfig({
    connections: [{ id: 'c', provider: 'simulator' }],
    rules: [{ id: 'wait', name: 'Contacts waiting', entity: 'queue', field: 'waiting', op: '>', warn: 5 }],
  })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.config
}

async function setup() {
  const clock = new FakeClock()
  const engine = new TestEngine(clock)
  const settings = createMemorySettingsStore(config())
  const alerts = await alertServiceOn(engine, clock, settings)
  const handlers = createAlertHandlers({ alerts, settings, log: memoryLogger() })
  const service = createBridgeService({
    // The bridge only subscribes to engine events here.
    engine: engine as unknown as Engine,
    appInfo: refuse,
    log: memoryLogger(),
    connections: refusingConnections(),
    alerts: handlers.handlers,
    events: handlers.events,
  })
  const events: string[] = []
  service.onEvent((name, payload) => {
    if (name === 'alerts:changed') events.push(`${name} ${(payload as { active: unknown[] }).active.length}`)
  })
  return { clock, engine, settings, alerts, service, events }
}

describe('alert channels', () => {
  it('lists, acknowledges as "you" or "web", snoozes and mutes, and sends alerts:changed', async () => {
    const t = await setup()
    t.engine.poll('c', {
      queues: [queue('q1', { waiting: 7 }), queue('q2', { waiting: 8 }), queue('q3', { waiting: 9 })],
    })
    await t.clock.advance(0)
    const list = await t.service.invoke('alerts:list', null, LOOK)
    expect(list.ok && list.value.active.map((a) => a.id)).toEqual(['wait|c:q1', 'wait|c:q2', 'wait|c:q3'])
    const ack = await t.service.invoke('alerts:acknowledge', { id: 'wait|c:q1' }, APP)
    expect(ack.ok && ack.value.ack?.by).toBe('you')
    const ackWeb = await t.service.invoke('alerts:acknowledge', { id: 'wait|c:q2' }, WEB)
    expect(ackWeb.ok && ackWeb.value.ack?.by).toBe('web')
    // A browser board that was given a name acknowledges under it, with the time.
    const named = await t.service.invoke('alerts:acknowledge', { id: 'wait|c:q3', by: 'Anna (TV 2)' }, WEB)
    expect(named.ok && named.value.ack).toEqual({ by: 'Anna (TV 2)', at: t.clock.now() })
    expect(await t.service.invoke('alerts:snooze', { id: 'wait|c:q9' }, APP)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
    const muted = await t.service.invoke(
      'alerts:muteRule',
      { rule: 'wait', until: t.clock.now() + 60_000 },
      APP,
    )
    expect(muted).toEqual({ ok: true, value: { rule: 'wait', until: t.clock.now() + 60_000 } })
    expect(await t.service.invoke('alerts:acknowledge', { id: 'wait|c:q1' }, LOOK)).toMatchObject({
      ok: false,
      error: { code: 'read_only' },
    })
    await t.clock.advance(0)
    expect(t.events.length).toBeGreaterThanOrEqual(2)
    expect(t.events.at(-1)).toBe('alerts:changed 3')
  })

  it('saves, previews and removes rules through the settings, validating them whole', async () => {
    const t = await setup()
    const bad = await t.service.invoke(
      'rules:save',
      { rule: { id: 'x', name: 'X', entity: 'queue', field: 'waitingChats', op: '>', warn: 1 } },
      APP,
    )
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid_config', issues: [{ rule: 'x', field: 'field' }] },
    })
    const unknownConn = await t.service.invoke(
      'rules:save',
      {
        rule: { id: 'x', name: 'X', entity: 'queue', connection: 'nope', field: 'waiting', op: '>', warn: 1 },
      },
      APP,
    )
    expect(unknownConn).toMatchObject({ ok: false, error: { code: 'invalid_config' } })
    const saved = await t.service.invoke(
      'rules:save',
      { rule: { id: 'x', name: 'X', entity: 'queue', field: 'waiting', op: '>', warn: 1 } },
      APP,
    )
    expect(saved).toMatchObject({ ok: true, value: { id: 'x', forSec: 0, notify: ['desktop', 'tray'] } })
    expect(t.settings.current().rules.map((r) => r.id)).toEqual(['wait', 'x'])
    const preview = await t.service.invoke(
      'rules:preview',
      { rule: { id: 'x', name: 'X', entity: 'agent', field: 'timeInStateSec', op: '>', warn: 1 } },
      LOOK,
    )
    expect(preview).toMatchObject({ ok: true, value: { supported: false } })
    expect(await t.service.invoke('rules:remove', { id: 'x' }, APP)).toEqual({ ok: true, value: null })
    expect(await t.service.invoke('rules:remove', { id: 'x' }, APP)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
    expect(t.settings.current().rules.map((r) => r.id)).toEqual(['wait'])
  })

  it('merges and validates alert preferences', async () => {
    const t = await setup()
    const r = await t.service.invoke(
      'alerts:setPrefs',
      { prefs: { quietHours: { from: '22:00', to: '07:00' } } },
      APP,
    )
    expect(r).toMatchObject({
      ok: true,
      value: { quietHours: { from: '22:00', to: '07:00' }, snoozeMinutes: 15 },
    })
    const r2 = await t.service.invoke('alerts:setPrefs', { prefs: { snoozeMinutes: 5 } }, APP)
    expect(r2).toMatchObject({
      ok: true,
      value: { quietHours: { from: '22:00', to: '07:00' }, snoozeMinutes: 5 },
    })
    expect(t.settings.current().prefs).toMatchObject({ theme: 'system', alerts: { snoozeMinutes: 5 } })
    const bad = await t.service.invoke('alerts:setPrefs', { prefs: { soundRepeat: 1 } }, APP)
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid_config', issues: [{ field: 'alerts.soundRepeat' }] },
    })
  })
})
