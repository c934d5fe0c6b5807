import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { validateConfig, webhookAccount, type Config } from '../../../src-shared/config'
import { parseInvokeArgs } from '../../../src-shared/ipc/schemas'
import { LayeredSecrets } from '../../secrets/layered-secrets'
import { MemorySecretStore } from '../../secrets/memory-secret-store'
import { createWebhookSender, webhookUrlFrom } from '../alerts/webhook'
import type { Clock } from '../ports'
import { FetchHttpClient } from '../runtime/fetch-http-client'
import { memoryLogger } from '../runtime/logger'
import { Redactor } from '../runtime/redact'
import { SecretStoreError, type SecretStore } from '../secret-store'
import { configToText } from '../settings/config-file'
import { createMemorySettingsStore } from '../settings/settings-store'
import { BridgeFailure, type Caller } from './types'
import { checkWebhookUrl, createWebhookHandlers, maskWebhookUrl } from './webhook-handlers'

const APP: Caller = { shell: 'electron', readOnly: false }
const LOOK: Caller = { shell: 'web', readOnly: true }
const clock: Clock = {
  now: () => Date.UTC(2025, 0, 1),
  setTimer(ms, fn) {
    const t = setTimeout(fn, ms)
    return () => clearTimeout(t)
  },
}

function config(raw: Record<string, unknown> = {}): Config {
  const r = validateConfig({
    connections: [{ id: 'c', provider: 'simulator' }],
    rules: [{ id: 'wait', name: 'Contacts waiting', entity: 'queue', field: 'waiting', op: '>', warn: 5 }],
    ...raw,
  })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.config
}

/** A local receiver answering `status`, recording each POST's body. */
async function receiver(status = 200): Promise<{ url: string; bodies: unknown[]; server: Server }> {
  const bodies: unknown[] = []
  const server = createServer((req, res) => {
    let text = ''
    req.on('data', (c: Buffer) => (text += c.toString('utf8')))
    req.on('end', () => {
      bodies.push(JSON.parse(text))
      res.writeHead(status).end(status === 200 ? 'ok' : 'no')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return { url: `http://127.0.0.1:${port}/services/T000/B000/secret-token`, bodies, server }
}

const servers: Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r))
})

function setup(o: { config?: Config; keychain?: SecretStore } = {}) {
  const settings = createMemorySettingsStore(o.config ?? config())
  const keychain = o.keychain ?? new MemorySecretStore()
  const session = new MemorySecretStore()
  const redactor = new Redactor()
  const log = memoryLogger(redactor)
  const secrets = new LayeredSecrets({ keychain, session, log })
  const sender = createWebhookSender({
    http: new FetchHttpClient(),
    clock,
    log,
    urlOf: webhookUrlFrom(secrets, redactor),
    attempts: 1,
  })
  const h = createWebhookHandlers({
    settings,
    secrets,
    send: (hook, body) => sender.send(hook, body),
    language: () => settings.current().prefs.language,
    redactor,
    log,
  })
  return { h, settings, keychain, session, log }
}

async function failure(p: Promise<unknown>): Promise<BridgeFailure['error']> {
  try {
    await p
  } catch (e) {
    if (e instanceof BridgeFailure) return e.error
    throw e
  }
  throw new Error('expected a refusal')
}

describe('webhook handlers', () => {
  it('add a webhook with its URL in the keychain only, and list it masked', async () => {
    const { h, settings, keychain } = setup()
    const url = 'https://hooks.slack.com/services/T000/B000/XXXXsecret'
    const view = await h['webhooks:save'](
      { webhook: { id: 'ops', name: 'Ops channel', kind: 'slack' }, url },
      APP,
    )
    expect(view).toEqual({
      id: 'ops',
      name: 'Ops channel',
      kind: 'slack',
      agentNames: false,
      urlEnv: null,
      where: 'keychain',
      masked: 'https://hooks.slack.com/…',
    })
    expect(await keychain.get(webhookAccount('ops'))).toBe(url)
    expect(configToText(settings.current())).not.toContain('XXXXsecret')
    expect(settings.current().webhooks).toEqual([
      { id: 'ops', name: 'Ops channel', kind: 'slack', agentNames: false },
    ])
    expect(await h['webhooks:list'](null, APP)).toEqual([view])
    expect(JSON.stringify(await h['webhooks:list'](null, APP))).not.toContain('secret')
  })

  it('edit one without giving the URL again keeps the stored URL', async () => {
    const { h, keychain } = setup()
    await h['webhooks:save'](
      { webhook: { id: 'ops', name: 'Ops', kind: 'generic' }, url: 'https://example.com/hook/1' },
      APP,
    )
    const v = await h['webhooks:save'](
      { webhook: { id: 'ops', name: 'Ops (night)', kind: 'teams', agentNames: true } },
      APP,
    )
    expect(v).toMatchObject({ name: 'Ops (night)', kind: 'teams', agentNames: true, where: 'keychain' })
    expect(await keychain.get('webhook:ops')).toBe('https://example.com/hook/1')
  })

  it('refuse a new webhook without a URL, a URL that is not http(s) and a bad kind, naming the field', async () => {
    const { h, settings } = setup()
    expect(
      await failure(h['webhooks:save']({ webhook: { id: 'a', name: 'A', kind: 'slack' } }, APP)),
    ).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^url: give the webhook’s URL/) })
    expect(
      await failure(
        h['webhooks:save']({ webhook: { id: 'a', name: 'A', kind: 'slack' }, url: 'ftp://x.example/h' }, APP),
      ),
    ).toMatchObject({ code: 'bad_request', message: 'url: must be an http or https address, not ftp' })
    const bad = await failure(
      h['webhooks:save']({ webhook: { id: 'a', name: 'A', kind: 'pager' }, url: 'https://x.example/h' }, APP),
    )
    expect(bad.code).toBe('invalid_config')
    expect(bad.issues?.[0]).toMatchObject({
      path: 'webhook.kind',
      message: 'must be one of slack, teams, generic',
    })
    expect(settings.current().webhooks ?? []).toEqual([])
  })

  it('keep a URL for this session only when asked, and say so when the keychain fails', async () => {
    const broken: SecretStore = {
      get: async () => null,
      has: async () => false,
      delete: async () => false,
      set: async () => {
        throw new SecretStoreError('unavailable', 'no OS keychain is available')
      },
    }
    const { h, session } = setup({ keychain: broken })
    const e = await failure(
      h['webhooks:save']({ webhook: { id: 'a', name: 'A', kind: 'slack' }, url: 'https://x.example/h' }, APP),
    )
    expect(e).toMatchObject({ code: 'keychain_unavailable' })
    expect(e.message).toContain('this session only')
    const v = await h['webhooks:save'](
      { webhook: { id: 'a', name: 'A', kind: 'slack' }, url: 'https://x.example/h', sessionOnly: true },
      APP,
    )
    expect(v.where).toBe('session')
    expect(await session.get('webhook:a')).toBe('https://x.example/h')
  })

  it('send a test message in the webhook’s format and report the answer without the URL', async () => {
    const ok = await receiver(200)
    const bad = await receiver(500)
    servers.push(ok.server, bad.server)
    const { h, log } = setup()
    await h['webhooks:save']({ webhook: { id: 's', name: 'Slack', kind: 'slack' }, url: ok.url }, APP)
    await h['webhooks:save']({ webhook: { id: 'g', name: 'Generic', kind: 'generic' }, url: bad.url }, APP)
    expect(await h['webhooks:test']({ id: 's' }, APP)).toEqual({ ok: true, status: 200, detail: null })
    expect(ok.bodies).toEqual([{ text: 'Floorwalker test message: this webhook works.' }])
    const r = await h['webhooks:test']({ id: 'g' }, APP)
    expect(r).toMatchObject({ ok: false, status: 500 })
    expect(r.detail).toContain('HTTP 500')
    expect(bad.bodies).toEqual([
      { type: 'floorwalker.test', version: 1, text: 'Floorwalker test message: this webhook works.' },
    ])
    expect(log.lines.join('\n')).not.toContain('secret-token')
    expect(await failure(h['webhooks:test']({ id: 'nope' }, APP))).toMatchObject({ code: 'not_found' })
  })

  it('refuse removing a webhook an escalation step still names, then remove it and its URL', async () => {
    const cfg = config({
      webhooks: [{ id: 'ops', name: 'Ops', kind: 'slack' }],
      rules: [
        {
          id: 'wait',
          name: 'Contacts waiting',
          entity: 'queue',
          field: 'waiting',
          op: '>',
          warn: 5,
          escalation: [{ afterSec: 60, channel: 'webhook', webhook: 'ops' }],
        },
      ],
    })
    const { h, settings, keychain } = setup({ config: cfg })
    await keychain.set('webhook:ops', 'https://x.example/h')
    const e = await failure(h['webhooks:remove']({ id: 'ops' }, APP))
    expect(e.code).toBe('invalid_config')
    expect(e.message).toContain('no webhook with id "ops"')
    expect(e.issues?.[0]).toMatchObject({ rule: 'wait', path: 'rules[0].escalation[0].webhook' })
    await settings.update((c) => ({ ...c, rules: c.rules.map((r) => ({ ...r, escalation: [] })) }))
    expect(await h['webhooks:remove']({ id: 'ops' }, APP)).toBeNull()
    expect(settings.current().webhooks ?? []).toEqual([])
    expect(await keychain.get('webhook:ops')).toBeNull()
  })

  it('let a read-only board change nothing', async () => {
    const { h } = setup()
    for (const p of [
      h['webhooks:save'](
        { webhook: { id: 'a', name: 'A', kind: 'slack' }, url: 'https://x.example/h' },
        LOOK,
      ),
      h['webhooks:remove']({ id: 'a' }, LOOK),
      h['webhooks:test']({ id: 'a' }, LOOK),
    ])
      expect(await failure(p)).toMatchObject({ code: 'read_only' })
  })
})

describe('webhook URLs', () => {
  it('are masked to scheme and host', () => {
    expect(maskWebhookUrl('https://outlook.office.com/webhook/abc/IncomingWebhook/def')).toBe(
      'https://outlook.office.com/…',
    )
    expect(maskWebhookUrl(null)).toBeNull()
    expect(maskWebhookUrl('not a url')).toBe('…')
  })

  it('must be absolute http(s) without credentials', () => {
    expect(checkWebhookUrl(' https://x.example/h ')).toEqual({ ok: true, url: 'https://x.example/h' })
    expect(checkWebhookUrl('hooks.slack.com/x')).toMatchObject({ ok: false })
    expect(checkWebhookUrl('https://u:p@x.example/h')).toEqual({
      ok: false,
      message: 'url: must not carry a user name or password',
    })
  })

  it('are checked by the IPC schema, the error naming the field', () => {
    const r = parseInvokeArgs('webhooks:save', { webhook: {}, url: 5 })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toMatch(/^webhooks:save: url: /)
    expect(parseInvokeArgs('webhooks:test', { id: 'a', extra: 1 }).ok).toBe(false)
  })
})
