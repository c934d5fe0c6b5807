import { describe, expect, it } from 'vitest'
import type { FloorwalkerBridge } from '../../src-shared/ipc/contract'
import { chooseBridge, type PageFacts } from './bridge'

const exposed: FloorwalkerBridge = {
  invoke: async () => ({ ok: true, value: null }) as never,
  on: () => () => {},
}

function page(url: string, over: Partial<PageFacts> = {}): PageFacts {
  const u = new URL(url)
  return {
    location: { protocol: u.protocol, host: u.host, search: u.search, origin: u.origin },
    servedByWebBridge: false,
    ...over,
  }
}

describe('chooseBridge', () => {
  it('uses the preload bridge wherever it is exposed', () => {
    expect(chooseBridge(page('app://floorwalker/index.html', { floorwalker: exposed }))).toEqual({
      kind: 'preload',
      bridge: exposed,
    })
    expect(chooseBridge(page('http://localhost:5173/', { floorwalker: exposed })).kind).toBe('preload')
  })

  it('the desktop app’s page without the preload bridge is an error naming the preload, never a socket', () => {
    expect(chooseBridge(page('app://floorwalker/index.html#/agents'))).toEqual({
      kind: 'unavailable',
      reason: 'preload-missing',
      where: 'app://floorwalker',
    })
  })

  it('talks to the WebSocket only on a page the headless runner served (and marked)', () => {
    expect(
      chooseBridge(page('http://127.0.0.1:5178/?token=abc#/queues', { servedByWebBridge: true })),
    ).toEqual({ kind: 'websocket', url: 'ws://127.0.0.1:5178/bridge' })
    expect(chooseBridge(page('https://wallboard.example/', { servedByWebBridge: true }))).toEqual({
      kind: 'websocket',
      url: 'wss://wallboard.example/bridge',
    })
  })

  it('any other page has nothing to talk to, and says where it was opened from', () => {
    expect(chooseBridge(page('http://localhost:5173/'))).toEqual({
      kind: 'unavailable',
      reason: 'not-served',
      where: 'http://localhost:5173',
    })
    expect(chooseBridge(page('file:///opt/Floorwalker/out/renderer/index.html')).kind).toBe('unavailable')
    // The marker does not make a non-web page talk to a socket.
    expect(
      chooseBridge(page('file:///opt/Floorwalker/out/renderer/index.html', { servedByWebBridge: true })),
    ).toMatchObject({ kind: 'unavailable', reason: 'not-served' })
  })
})
