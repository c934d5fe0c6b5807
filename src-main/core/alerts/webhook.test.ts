import { describe, expect, it } from 'vitest'
import type { WebhookConfig } from '../../../src-shared/config'
import type { HttpRequest, HttpResult } from '../ports'
import { memoryLogger } from '../runtime/logger'
import { FakeClock } from '../testing/fake-clock'
import { createWebhookSender, webhookPayload, type EscalationMessage } from './webhook'

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0)
const URL_SECRET = 'https://hooks.example.com/services/T000/B000/XXXXsecretXXXX'

const agentMessage = (language: 'en' | 'pl' = 'en'): EscalationMessage => ({
  alert: {
    id: 'break|demo:1004',
    rule: 'break',
    ruleName: 'Break too long',
    connection: 'demo',
    connectionLabel: 'Demo contact center',
    entity: 'agent',
    entityId: '1004',
    entityName: 'Chloe Martinez',
    field: 'timeInStateSec',
    value: 1260,
    severity: 'critical',
    threshold: 900,
    op: '>',
    ruleState: 'not_ready',
    firedAt: T0,
  },
  at: T0 + 180_000,
  step: { index: 1, afterSec: 180, repeat: false },
  language,
})

const queueMessage: EscalationMessage = {
  ...agentMessage(),
  alert: {
    ...agentMessage().alert,
    id: 'backlog|demo:117',
    rule: 'backlog',
    ruleName: 'Email backlog',
    entity: 'queue',
    entityId: '117',
    entityName: 'Email',
    field: 'waiting',
    value: 41,
    threshold: 30,
    ruleState: null,
  },
}

const hook = (over: Partial<WebhookConfig> = {}): WebhookConfig => ({
  id: 'ops',
  name: 'Ops channel',
  kind: 'generic',
  agentNames: false,
  ...over,
})

describe('webhook payloads', () => {
  it('Slack: text plus a header and a section block', () => {
    expect(webhookPayload(hook({ kind: 'slack' }), queueMessage)).toEqual({
      text: 'Critical: Email backlog\nEmail: 41 waiting (critical above 30)\nNot acknowledged for 3 min.\nConnection: Demo contact center',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Critical: Email backlog' } },
        {
          type: 'section',
          text: {
            type: 'plain_text',
            text: 'Email: 41 waiting (critical above 30)\nNot acknowledged for 3 min.\nConnection: Demo contact center',
          },
        },
      ],
    })
  })

  it('Teams: an Adaptive Card in a message', () => {
    const p = webhookPayload(hook({ kind: 'teams' }), queueMessage) as {
      type: string
      attachments: {
        contentType: string
        content: { type: string; body: { text: string; color?: string }[] }
      }[]
    }
    expect(p.type).toBe('message')
    expect(p.attachments).toHaveLength(1)
    expect(p.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive')
    expect(p.attachments[0]!.content.type).toBe('AdaptiveCard')
    expect(p.attachments[0]!.content.body.map((b) => b.text)).toEqual([
      'Critical: Email backlog',
      'Email: 41 waiting (critical above 30)',
      'Not acknowledged for 3 min.',
      'Connection: Demo contact center',
    ])
    expect(p.attachments[0]!.content.body[0]!.color).toBe('Attention')
  })

  it('generic: the alert as data, with the words', () => {
    expect(webhookPayload(hook(), queueMessage)).toEqual({
      type: 'floorwalker.escalation',
      version: 1,
      at: T0 + 180_000,
      language: 'en',
      title: 'Critical: Email backlog',
      text: 'Email: 41 waiting (critical above 30)\nNot acknowledged for 3 min.\nConnection: Demo contact center',
      color: '#DC2626',
      step: { index: 1, afterSec: 180, repeat: false },
      alert: {
        id: 'backlog|demo:117',
        rule: 'backlog',
        ruleName: 'Email backlog',
        connection: 'demo',
        connectionLabel: 'Demo contact center',
        entity: 'queue',
        entityId: '117',
        entityName: 'Email',
        field: 'waiting',
        value: 41,
        threshold: 30,
        severity: 'critical',
        firedAt: T0,
        unacknowledgedSec: 180,
      },
    })
  })

  it('carries no agent name (nor id) unless the webhook allows names', () => {
    for (const kind of ['slack', 'teams', 'generic'] as const) {
      const text = JSON.stringify(webhookPayload(hook({ kind }), agentMessage()))
      expect(text).not.toContain('Chloe')
      expect(text).not.toContain('1004')
      expect(text).toContain('An agent: not ready for 21 min')
      const named = JSON.stringify(webhookPayload(hook({ kind, agentNames: true }), agentMessage()))
      expect(named).toContain('Chloe Martinez: not ready for 21 min')
    }
    const generic = webhookPayload(hook(), agentMessage()) as { alert: Record<string, unknown> }
    expect(generic.alert).toMatchObject({ id: null, entityId: null, entityName: 'agent' })
  })

  it('speaks the board language', () => {
    const p = webhookPayload(hook({ kind: 'slack' }), agentMessage('pl')) as { text: string }
    expect(p.text).toBe(
      'Krytyczny: Break too long\nAgent: niegotowy od 21 min (krytyczny: powyżej 15 min)\nNiepotwierdzony od 3 min.\nPołączenie: Demo contact center',
    )
  })
})

/** An HttpClient answering from a script, recording when each request came. */
function scripted(clock: FakeClock, answers: (HttpResult | number)[]) {
  const calls: { at: number; req: HttpRequest }[] = []
  return {
    calls,
    http: {
      request: async (req: HttpRequest): Promise<HttpResult> => {
        calls.push({ at: clock.now(), req })
        const a = answers.shift() ?? 200
        if (typeof a !== 'number') return a
        return {
          ok: true,
          response: {
            status: a,
            headers: a === 429 ? { 'retry-after': '20' } : {},
            setCookies: [],
            body: '',
            url: req.url,
          },
        }
      },
    },
  }
}

async function sendWith(answers: (HttpResult | number)[], over: Partial<WebhookConfig> = {}) {
  const clock = new FakeClock(T0)
  const log = memoryLogger()
  const s = scripted(clock, answers)
  const sender = createWebhookSender({ http: s.http, clock, log, urlOf: async () => URL_SECRET })
  const done = sender.send(hook(over), { hello: 1 })
  for (let i = 0; i < 120; i++) await clock.advance(1000)
  const outcome = await done
  return { outcome, calls: s.calls.map((c) => (c.at - T0) / 1000), reqs: s.calls.map((c) => c.req), log }
}

describe('webhook delivery', () => {
  it('posts JSON to the URL once when it is taken', async () => {
    const r = await sendWith([200])
    expect(r.outcome).toEqual({ ok: true, status: 200, attempts: 1 })
    expect(r.reqs[0]).toMatchObject({
      method: 'POST',
      url: URL_SECRET,
      body: '{"hello":1}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    })
  })

  it('retries a 5xx, a timeout and a network failure with growing pauses, then succeeds', async () => {
    const r = await sendWith([
      503,
      { ok: false, code: 'timeout', detail: 'no answer in 10 s' },
      { ok: false, code: 'network', detail: `ECONNRESET ${URL_SECRET}` },
      204,
    ])
    expect(r.calls).toEqual([0, 2, 6, 14])
    expect(r.outcome).toEqual({ ok: true, status: 204, attempts: 4 })
  })

  it('gives up after five attempts, and says why without the URL', async () => {
    const r = await sendWith([
      500,
      500,
      500,
      502,
      { ok: false, code: 'network', detail: `refused ${URL_SECRET}` },
    ])
    expect(r.calls).toEqual([0, 2, 6, 14, 30])
    expect(r.outcome).toMatchObject({ ok: false, attempts: 5, detail: 'network: refused <webhook URL>' })
    expect(JSON.stringify(r.log.lines)).not.toContain('XXXXsecretXXXX')
  })

  it('does not retry a 4xx other than 429 (a revoked or mistyped URL)', async () => {
    const r = await sendWith([404, 200])
    expect(r.calls).toEqual([0])
    expect(r.outcome).toEqual({
      ok: false,
      status: 404,
      attempts: 1,
      detail: 'the webhook answered HTTP 404 (not retried: check the URL)',
    })
  })

  it('retries a 429 no sooner than its Retry-After', async () => {
    const r = await sendWith([429, 200])
    expect(r.calls).toEqual([0, 20])
    expect(r.outcome).toMatchObject({ ok: true, attempts: 2 })
  })

  it('without a URL sends nothing and says where the URL should be', async () => {
    const clock = new FakeClock(T0)
    const s = scripted(clock, [])
    const sender = createWebhookSender({ http: s.http, clock, log: memoryLogger(), urlOf: async () => null })
    expect(await sender.send(hook({ urlEnv: 'OPS_HOOK' }), {})).toEqual({
      ok: false,
      status: null,
      attempts: 0,
      detail: 'no URL: the environment variable OPS_HOOK is not set',
    })
    expect(s.calls).toEqual([])
  })
})
