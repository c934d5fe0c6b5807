import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { WEB_BRIDGE_META, type WireServerMessage } from '../../src-shared/ipc/wire'
import { contentSecurityPolicy } from '../../src-shared/renderer-csp'
import { createBridgeService, type EventSource } from '../core/bridge/service'
import type { EventListener } from '../core/bridge/types'
import { memoryLogger } from '../core/runtime/logger'
import { systemClock } from '../core/runtime/system-clock'
import { createOfflineEngine } from '../core/testing/offline-engine'
import { refusingAlerts, refusingConnections } from '../core/testing/refusing-handlers'
import { originAllowed, startWebBridge, type WebBridge, type WebBridgeOptions } from './web-bridge'

const TOKEN = 'a-token-of-enough-length'

async function start(extra: Partial<WebBridgeOptions> = {}, events?: EventSource): Promise<WebBridge> {
  const dir = mkdtempSync(join(tmpdir(), 'fw-renderer-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>board</title>')
  const engine = createOfflineEngine(systemClock, { random: Math.random })
  const service = createBridgeService({
    engine,
    ...(events ? { events } : {}),
    log: memoryLogger(),
    appInfo: async (caller) => ({
      version: 't',
      shell: 'web',
      readOnly: caller.readOnly,
      keychain: { available: false, detail: null },
      prefs: { theme: 'system', language: 'en' },
    }),
    connections: { ...refusingConnections(), 'connections:list': async () => [] },
    alerts: refusingAlerts(),
  })
  return startWebBridge({
    service,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    publicRead: true,
    rendererDir: dir,
    version: 't',
    log: memoryLogger(),
    ...extra,
  })
}

function connect(
  b: WebBridge,
  token: string | null = null,
  origin?: string,
): Promise<{ ws: WebSocket; hello: WireServerMessage; next(): Promise<WireServerMessage> }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
    const ws = new WebSocket(`ws://127.0.0.1:${b.port}/bridge`, { headers, ...(origin ? { origin } : {}) })
    const queue: WireServerMessage[] = []
    const waiters: ((m: WireServerMessage) => void)[] = []
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as WireServerMessage
      const w = waiters.shift()
      if (w) w(m)
      else queue.push(m)
    })
    const next = () =>
      new Promise<WireServerMessage>((res) => (queue.length ? res(queue.shift()!) : waiters.push(res)))
    ws.once('open', () => void next().then((hello) => resolve({ ws, hello, next })))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

let bridge: WebBridge | null = null
afterEach(async () => {
  await bridge?.close()
  bridge = null
})

describe('web bridge', () => {
  it('serves the board with a CSP and refuses paths outside it', async () => {
    bridge = await start()
    const res = await fetch(bridge.url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ kind: 'web' }))
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self';")
    // The page learns it talks to this server's WebSocket bridge from the tag the server adds.
    expect(await res.text()).toBe(`<!doctype html>${WEB_BRIDGE_META}<title>board</title>`)
    const escape = await fetch(`${bridge.url}..%2f..%2fetc%2fpasswd`)
    expect(escape.status).toBe(403)
  })

  it('sends every client the same event, encoded once per emit, and a payload emitted again as it is then', async () => {
    const listeners = new Set<EventListener>()
    const events: EventSource = {
      subscribe: (l) => {
        listeners.add(l)
        return () => listeners.delete(l)
      },
    }
    bridge = await start({}, events)
    const clients = await Promise.all([connect(bridge), connect(bridge, TOKEN), connect(bridge)])
    const raw = clients.map((c) => {
      const texts: string[] = []
      c.ws.on('message', (d) => texts.push(String(d)))
      return texts
    })
    const payload = { connections: [] as never[] }
    const stringify = vi.spyOn(JSON, 'stringify')
    for (const l of listeners) l('connections:changed', payload)
    const encodings = stringify.mock.calls.filter(([v]) => (v as { t?: string }).t === 'event').length
    stringify.mockRestore()
    expect(encodings).toBe(1)
    for (const c of clients)
      expect(await c.next()).toEqual({ t: 'event', event: 'connections:changed', payload })
    await new Promise((r) => setTimeout(r, 0))
    ;(payload as { connections: unknown[] }).connections.push({ id: 'later' })
    for (const l of listeners) l('connections:changed', payload)
    for (const c of clients) {
      expect(await c.next()).toMatchObject({ payload: { connections: [{ id: 'later' }] } })
      c.ws.close()
    }
    expect(raw[0]).toEqual(raw[1])
    expect(raw[1]).toEqual(raw[2])
  })

  it('answers invokes and is read-only without the token', async () => {
    bridge = await start()
    const c = await connect(bridge)
    expect(c.hello).toMatchObject({ t: 'hello', readOnly: true })
    c.ws.send(JSON.stringify({ t: 'invoke', id: 1, channel: 'live:get', args: null }))
    const r1 = await c.next()
    expect(r1).toMatchObject({
      t: 'result',
      id: 1,
      envelope: { ok: true, value: { seq: 0, connections: [] } },
    })
    c.ws.send(JSON.stringify({ t: 'invoke', id: 2, channel: 'polling:setPaused', args: { paused: true } }))
    expect(await c.next()).toMatchObject({ id: 2, envelope: { ok: false, error: { code: 'read_only' } } })
    c.ws.send(JSON.stringify({ t: 'invoke', id: 3, channel: 'shell:exec', args: null }))
    expect(await c.next()).toMatchObject({ id: 3, envelope: { ok: false, error: { code: 'bad_request' } } })
    c.ws.send(JSON.stringify({ t: 'invoke', id: 4, channel: 'history:get', args: { keys: 'x' } }))
    expect(await c.next()).toMatchObject({ id: 4, envelope: { ok: false, error: { code: 'bad_request' } } })
    c.ws.close()
  })

  it('lets a client with the token (Authorization: Bearer) make changes', async () => {
    bridge = await start()
    const c = await connect(bridge, TOKEN)
    expect(c.hello).toMatchObject({ readOnly: false })
    c.ws.send(JSON.stringify({ t: 'invoke', id: 1, channel: 'polling:setPaused', args: { paused: true } }))
    // Pausing changes the live view: the patch event may come before the result.
    let m = await c.next()
    if (m.t === 'event') {
      expect(m).toMatchObject({ event: 'live:patch', payload: { paused: true } })
      m = await c.next()
    }
    expect(m).toMatchObject({ id: 1, envelope: { ok: true } })
    c.ws.close()
  })

  it('refuses a WebSocket from a foreign origin', async () => {
    bridge = await start()
    await expect(connect(bridge, null, 'https://evil.example')).rejects.toThrow(/403/)
    const ok = await connect(bridge, null, `http://127.0.0.1:${bridge.port}`)
    ok.ws.close()
  })

  it('checks origins exactly', () => {
    expect(originAllowed(undefined, 'h:1')).toBe(true)
    expect(originAllowed('http://h:1', 'h:1')).toBe(true)
    expect(originAllowed('http://h:2', 'h:1')).toBe(false)
    expect(originAllowed('file://', 'h:1')).toBe(false)
    expect(originAllowed('null', 'h:1')).toBe(false)
  })
})
