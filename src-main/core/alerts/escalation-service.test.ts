import { describe, expect, it } from 'vitest'
import type { WebhookConfig } from '../../../src-shared/config'
import { FakeClock } from '../testing/fake-clock'
import { createMemoryAlertStore } from './store'
import { MONDAY_0900, queue, rule, startHarness, TestEngine, type Harness } from './test-support'
import type { WebhookOutcome, WebhookSender } from './webhook'

const T0 = MONDAY_0900

/** A sender that records what it was asked to send and answers `outcome`. */
function recordingSender(outcome: WebhookOutcome = { ok: true, status: 200, attempts: 1 }) {
  const sent: { at: number; hook: string; body: unknown }[] = []
  let clock: FakeClock | null = null
  const sender: WebhookSender & { sent: typeof sent; use(c: FakeClock): void } = {
    sent,
    use: (c) => {
      clock = c
    },
    send: async (hook, body) => {
      sent.push({ at: (clock?.now() ?? 0) - T0, hook: hook.id, body })
      return outcome
    },
    dispose: () => undefined,
  }
  return sender
}

const HOOKS: WebhookConfig[] = [{ id: 'ops', name: 'Ops channel', kind: 'generic', agentNames: false }]

const ladderRule = () =>
  rule({
    id: 'wait',
    name: 'Contacts waiting',
    entity: 'queue',
    field: 'waiting',
    op: '>',
    warn: 5,
    notify: ['desktop'],
    escalation: [
      { afterSec: 30, channel: 'tray' },
      { afterSec: 60, channel: 'notification' },
      { afterSec: 120, channel: 'webhook', webhook: 'ops' },
    ],
  })

async function start(
  opts: {
    clock?: FakeClock
    store?: ReturnType<typeof createMemoryAlertStore>
    engine?: TestEngine
    sender?: ReturnType<typeof recordingSender>
  } = {},
) {
  const clock = opts.clock ?? new FakeClock(T0)
  const sender = opts.sender ?? recordingSender()
  sender.use(clock)
  const h = await startHarness({
    rules: [ladderRule()],
    clock,
    store: opts.store,
    engine: opts.engine,
    webhooks: { list: () => HOOKS, sender },
  })
  return { h, sender }
}

/** Poll every 5 s for `sec` seconds with queue q1 at `waiting`. */
async function keep(h: Harness, sec: number, waiting = 9) {
  for (let s = 0; s < sec; s += 5) {
    h.engine.poll('c', { queues: [queue('q1', { waiting })] })
    await h.clock.advance(5000)
  }
}

describe('alert service: escalation ladder', () => {
  it('runs each step at its time when nobody acknowledges, and shows it on the alert', async () => {
    const { h, sender } = await start()
    await keep(h, 25)
    expect(h.notifier.titles()).toEqual(['Warning: Contacts waiting'])
    expect(h.notifier.trays.at(-1)?.firing).toBe(0)
    await keep(h, 10)
    // The tray step puts it in the tray although the rule's notify has no "tray".
    expect(h.notifier.trays.at(-1)?.firing).toBe(1)
    await keep(h, 30)
    expect(h.notifier.titles()).toEqual([
      'Warning: Contacts waiting',
      'Still not acknowledged · Warning: Contacts waiting',
    ])
    expect(sender.sent).toEqual([])
    await keep(h, 60)
    expect(sender.sent.map((s) => [s.at, s.hook])).toEqual([[120_000, 'ops']])
    expect(sender.sent[0]!.body).toMatchObject({
      type: 'floorwalker.escalation',
      alert: { entityName: 'Queue q1' },
    })
    const view = h.service.list().active[0]!
    expect(view.escalation).toMatchObject({
      ran: 3,
      steps: 3,
      next: null,
      webhooks: [{ webhook: 'ops', name: 'Ops channel', at: T0 + 120_000, outcome: 'sent', detail: null }],
    })
  })

  it('stops at an acknowledgement before the webhook step', async () => {
    const { h, sender } = await start()
    await keep(h, 70)
    h.service.acknowledge('wait|c:q1', 'you')
    await keep(h, 300)
    expect(sender.sent).toEqual([])
    expect(h.service.list().active[0]!.escalation?.next).toBeNull()
  })

  it('stops when the alert resolves', async () => {
    const { h, sender } = await start()
    await keep(h, 70)
    await keep(h, 300, 0)
    expect(h.service.list().active).toEqual([])
    expect(sender.sent).toEqual([])
  })

  it('a snooze holds the ladder and starts it over when it ends', async () => {
    const { h, sender } = await start()
    await keep(h, 70)
    h.service.snooze('wait|c:q1', 5)
    await keep(h, 300)
    expect(sender.sent).toEqual([])
    await keep(h, 130)
    expect(sender.sent.map((s) => s.at)).toEqual([(70 + 300 + 120) * 1000])
  })

  it('shows a failed webhook on the alert', async () => {
    const { h } = await start({
      sender: recordingSender({
        ok: false,
        status: 404,
        attempts: 1,
        detail: 'the webhook answered HTTP 404',
      }),
    })
    await keep(h, 130)
    expect(h.service.list().active[0]!.escalation?.webhooks).toMatchObject([
      { outcome: 'failed', detail: 'the webhook answered HTTP 404', attempts: 1 },
    ])
  })

  it('restored after a restart, it neither repeats the steps it ran nor forgets the next', async () => {
    const store = createMemoryAlertStore()
    const clock = new FakeClock(T0)
    const first = await start({ clock, store })
    await keep(first.h, 70)
    expect(first.h.notifier.groups).toHaveLength(2)
    await first.h.service.dispose()

    await clock.advance(10_000)
    const engine = new TestEngine(clock)
    engine.configured = new Set(['c'])
    const second = await start({ clock, store, engine, sender: first.sender })
    await keep(second.h, 60)
    expect(second.h.notifier.groups).toEqual([])
    expect(first.sender.sent.map((s) => s.at)).toEqual([120_000])
    await second.h.service.dispose()
  })
})
