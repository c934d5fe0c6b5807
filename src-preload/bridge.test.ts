import { describe, expect, it } from 'vitest'
import { EVENT_NAMES, INVOKE_CHANNELS, type InvokeChannel } from '../src-shared/ipc/contract'
import { createBridge, type RendererIpc } from './bridge'

type Listener = (event: unknown, ...args: unknown[]) => void

function fakeIpc(answer: (channel: string, args: unknown[]) => Promise<unknown>) {
  const calls: { channel: string; args: unknown[] }[] = []
  const listeners = new Map<string, Set<Listener>>()
  const ipc: RendererIpc & {
    calls: typeof calls
    emit(channel: string, payload: unknown): void
    count(c: string): number
  } = {
    calls,
    invoke: (channel, ...args) => {
      calls.push({ channel, args })
      return answer(channel, args)
    },
    on: (channel, l) => {
      calls.push({ channel: `on ${channel}`, args: [] })
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)?.add(l)
    },
    removeListener: (channel, l) => {
      listeners.get(channel)?.delete(l)
    },
    emit: (channel, payload) => {
      for (const l of listeners.get(channel) ?? [])
        l({ sender: 'the ipcRenderer object', ports: [] }, payload)
    },
    count: (c) => listeners.get(c)?.size ?? 0,
  }
  return ipc
}

describe('preload bridge', () => {
  it('invokes allow-listed channels with exactly one argument and returns main’s envelope', async () => {
    const ipc = fakeIpc(async () => ({ ok: true, value: { seq: 1 } }))
    const bridge = createBridge(ipc)
    expect(await bridge.invoke('live:get', null)).toEqual({ ok: true, value: { seq: 1 } })
    await bridge.invoke('connections:refresh', { id: 'demo' })
    expect(ipc.calls).toEqual([
      { channel: 'live:get', args: [null] },
      { channel: 'connections:refresh', args: [{ id: 'demo' }] },
    ])
  })

  it('refuses channels outside the contract without touching IPC', async () => {
    const ipc = fakeIpc(async () => ({ ok: true, value: null }))
    const bridge = createBridge(ipc)
    for (const channel of ['fs:read', '__proto__', 'constructor', 'toString', '', 'live:get ']) {
      const r = await bridge.invoke(channel as InvokeChannel, null as never)
      expect(r).toEqual({
        ok: false,
        error: { code: 'bad_request', message: `unknown channel "${channel}"` },
      })
    }
    expect(ipc.calls).toEqual([])
  })

  it('turns a failed IPC call into an internal error envelope', async () => {
    const bridge = createBridge(
      fakeIpc(async () => Promise.reject(new Error('No handler registered for live:get'))),
    )
    expect(await bridge.invoke('live:get', null)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'live:get: No handler registered for live:get' },
    })
  })

  it('passes only the payload to listeners, and the disposer removes exactly that listener', () => {
    const ipc = fakeIpc(async () => null)
    const bridge = createBridge(ipc)
    const got: unknown[][] = []
    const off = bridge.on('live:patch', (...args: unknown[]) => got.push(args))
    bridge.on('live:patch', () => undefined)
    ipc.emit('live:patch', { seq: 3 })
    expect(got).toEqual([[{ seq: 3 }]])
    expect(ipc.count('live:patch')).toBe(2)
    off()
    off()
    expect(ipc.count('live:patch')).toBe(1)
    ipc.emit('live:patch', { seq: 4 })
    expect(got).toHaveLength(1)
  })

  it('refuses unknown events without touching IPC', () => {
    const ipc = fakeIpc(async () => null)
    const bridge = createBridge(ipc)
    expect(() => bridge.on('ipc:raw' as never, () => undefined)).toThrow('unknown event "ipc:raw"')
    expect(() => bridge.on('hasOwnProperty' as never, () => undefined)).toThrow(TypeError)
    expect(ipc.calls).toEqual([])
  })

  it('covers every contract channel and event', async () => {
    const ipc = fakeIpc(async () => ({ ok: true, value: null }))
    const bridge = createBridge(ipc)
    for (const c of INVOKE_CHANNELS) await bridge.invoke(c, null as never)
    for (const e of EVENT_NAMES) bridge.on(e, () => undefined)
    expect(ipc.calls.map((c) => c.channel)).toEqual([
      ...INVOKE_CHANNELS,
      ...EVENT_NAMES.map((e) => `on ${e}`),
    ])
  })
})
