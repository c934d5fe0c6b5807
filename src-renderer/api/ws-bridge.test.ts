import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LivePatch } from '../../src-shared/live'
import type { LinkStatus } from './link'
import type { WebSocketLike } from './ws-bridge'
import { bridgeUrl, createWebSocketBridge } from './ws-bridge'

class FakeSocket implements WebSocketLike {
  readyState = 0
  onopen: WebSocketLike['onopen'] = null
  onclose: WebSocketLike['onclose'] = null
  onerror: WebSocketLike['onerror'] = null
  onmessage: WebSocketLike['onmessage'] = null
  sent: unknown[] = []
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data))
  }
  close(): void {
    this.readyState = 3
  }
  // test side
  open(): void {
    this.readyState = 1
    this.onopen?.({})
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) })
  }
  drop(): void {
    this.readyState = 3
    this.onclose?.({ code: 1006, reason: '' })
  }
}

function setup() {
  const sockets: FakeSocket[] = []
  const bridge = createWebSocketBridge({
    url: 'ws://board.local/bridge',
    createSocket: (url) => {
      const s = new FakeSocket(url)
      sockets.push(s)
      return s
    },
    random: () => 1,
    backoff: { initialMs: 500, maxMs: 4_000 },
    connectWaitMs: 2_000,
    invokeTimeoutMs: 10_000,
  })
  const states: LinkStatus['state'][] = []
  bridge.link.onChange((s) => states.push(s.state))
  const last = (): FakeSocket => {
    const s = sockets.at(-1)
    if (!s) throw new Error('no socket')
    return s
  }
  return { bridge, sockets, states, last }
}

describe('createWebSocketBridge', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('sends invokes as wire frames and resolves them with the matching result', async () => {
    const { bridge, last } = setup()
    last().open()
    last().receive({ t: 'hello', readOnly: true, version: '0.1.0' })
    expect(bridge.link.current()).toMatchObject({ state: 'open', readOnly: true })
    const a = bridge.invoke('app:info', null)
    const b = bridge.invoke('connections:refresh', { id: 'eu' })
    expect(last().sent).toEqual([
      { t: 'invoke', id: 1, channel: 'app:info', args: null },
      { t: 'invoke', id: 2, channel: 'connections:refresh', args: { id: 'eu' } },
    ])
    last().receive({
      t: 'result',
      id: 2,
      envelope: { ok: false, error: { code: 'read_only', message: 'view only' } },
    })
    last().receive({ t: 'result', id: 1, envelope: { ok: true, value: { version: '0.1.0' } } })
    await expect(b).resolves.toEqual({ ok: false, error: { code: 'read_only', message: 'view only' } })
    await expect(a).resolves.toEqual({ ok: true, value: { version: '0.1.0' } })
  })

  it('delivers events to listeners until they unsubscribe, and ignores junk', () => {
    const { bridge, last } = setup()
    last().open()
    const got: number[] = []
    const off = bridge.on('live:patch', (p: LivePatch) => got.push(p.seq))
    last().receive({ t: 'event', event: 'live:patch', payload: { seq: 4 } })
    last().onmessage?.({ data: 'not json' })
    last().receive({ t: 'event', event: 'nope:nope', payload: { seq: 5 } })
    off()
    last().receive({ t: 'event', event: 'live:patch', payload: { seq: 6 } })
    expect(got).toEqual([4])
  })

  it('holds invokes made while connecting and sends them once the socket opens', async () => {
    const { bridge, last } = setup()
    const p = bridge.invoke('live:get', null)
    expect(last().sent).toEqual([])
    vi.advanceTimersByTime(1_000)
    last().open()
    expect(last().sent).toEqual([{ t: 'invoke', id: 1, channel: 'live:get', args: null }])
    last().receive({ t: 'result', id: 1, envelope: { ok: true, value: 'state' } })
    await expect(p).resolves.toEqual({ ok: true, value: 'state' })
  })

  it('fails an invoke with an envelope error when no connection comes in time', async () => {
    const { bridge } = setup()
    const p = bridge.invoke('live:get', null)
    vi.advanceTimersByTime(2_000)
    await expect(p).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'connection to Floorwalker lost' },
    })
  })

  it('reports the link lost when the socket drops, fails invokes in flight, and reconnects with backoff', async () => {
    const { bridge, sockets, states, last } = setup()
    last().open()
    const inFlight = bridge.invoke('live:get', null)
    const listener = vi.fn()
    bridge.on('live:patch', listener)
    last().drop()
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(bridge.link.current().state).toBe('lost')
    expect(bridge.link.current().retryAt).toBe(Date.now() + 500)

    // Attempts back off: 500 ms, then 1 s, then 2 s (random() = 1 takes the ceiling).
    vi.advanceTimersByTime(499)
    expect(sockets).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sockets).toHaveLength(2)
    last().drop()
    vi.advanceTimersByTime(999)
    expect(sockets).toHaveLength(2)
    vi.advanceTimersByTime(1)
    expect(sockets).toHaveLength(3)
    last().open()
    expect(states).toEqual(['open', 'lost', 'lost', 'open'])

    // Listeners survive the reconnect.
    last().receive({ t: 'event', event: 'live:patch', payload: { seq: 9 } })
    expect(listener).toHaveBeenCalledWith({ seq: 9 })
  })

  it('gives up on an answer that never comes', async () => {
    const { bridge, last } = setup()
    last().open()
    const p = bridge.invoke('live:get', null)
    vi.advanceTimersByTime(10_000)
    await expect(p).resolves.toMatchObject({ ok: false, error: { code: 'internal' } })
  })

  it('stops reconnecting and fails waiting invokes once disposed', async () => {
    const { bridge, sockets } = setup()
    const p = bridge.invoke('live:get', null)
    bridge.dispose()
    await expect(p).resolves.toMatchObject({ ok: false })
    vi.advanceTimersByTime(60_000)
    expect(sockets).toHaveLength(1)
    await expect(bridge.invoke('app:info', null)).resolves.toMatchObject({ ok: false })
  })
})

describe('bridgeUrl', () => {
  it('uses the page host and scheme and never carries a token (the cookie does)', () => {
    expect(bridgeUrl({ protocol: 'http:', host: '127.0.0.1:8123' })).toBe('ws://127.0.0.1:8123/bridge')
    expect(bridgeUrl({ protocol: 'https:', host: 'wall.example:443' })).toBe('wss://wall.example:443/bridge')
  })
})
