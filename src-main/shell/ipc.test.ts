import { beforeEach, describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS, type EventName, type EventPayloads } from '../../src-shared/ipc/contract'
import type { BridgeService, Caller, EventListener } from '../core/bridge/types'
import { memoryLogger } from '../core/runtime/logger'
import { APP_LOCATION, type RendererLocation } from './policy'

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>
const electron = vi.hoisted(() => {
  const handlers = new Map<string, Handler>()
  return {
    handlers,
    ipcMain: {
      handle: (channel: string, h: Handler) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
        handlers.set(channel, h)
      },
      removeHandler: (channel: string) => handlers.delete(channel),
    },
  }
})
vi.mock('electron', () => ({ ipcMain: electron.ipcMain }))

const { registerIpc, senderFacts } = await import('./ipc')

const location: RendererLocation = APP_LOCATION

function fakeWindow(id: number) {
  const sent: [string, unknown][] = []
  return {
    sent,
    destroyed: false,
    isDestroyed() {
      return this.destroyed
    },
    webContents: {
      id,
      isDestroyed: () => false,
      send: (event: string, payload: unknown) => sent.push([event, payload]),
    },
  }
}

function fakeService() {
  const calls: { channel: string; args: unknown; caller: Caller }[] = []
  const listeners = new Set<EventListener>()
  const service: BridgeService & {
    calls: typeof calls
    emit<E extends EventName>(e: E, p: EventPayloads[E]): void
    listeners: Set<EventListener>
  } = {
    calls,
    listeners,
    async invoke(channel, args, caller) {
      calls.push({ channel, args, caller })
      if (channel === 'app:info') throw new Error('boom')
      return { ok: true, value: null } as never
    },
    onEvent(l) {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    emit(e, p) {
      for (const l of listeners) l(e, p)
    },
  }
  return service
}

/** An IpcMainInvokeEvent as Electron builds it. */
function event(webContentsId: number, url: string | null, mainFrame = true) {
  const frame =
    url === null ? null : { url, parent: mainFrame ? null : { url: 'app://floorwalker/index.html' } }
  return { sender: { id: webContentsId }, senderFrame: frame }
}

let win: ReturnType<typeof fakeWindow>
let service: ReturnType<typeof fakeService>
let log: ReturnType<typeof memoryLogger>
let dispose: () => void

beforeEach(() => {
  electron.handlers.clear()
  win = fakeWindow(5)
  service = fakeService()
  log = memoryLogger()
  dispose = registerIpc({ service, window: () => win as never, location, log })
})

const call = (channel: string, ev: unknown, ...args: unknown[]) => {
  const h = electron.handlers.get(channel)
  if (!h) throw new Error(`no handler for ${channel}`)
  return h(ev, ...args)
}

describe('registerIpc', () => {
  it('registers exactly the contract channels and removes them on dispose', () => {
    expect([...electron.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort())
    dispose()
    expect(electron.handlers.size).toBe(0)
    expect(service.listeners.size).toBe(0)
    dispose()
  })

  it('passes parsed arguments to the service as the electron caller', async () => {
    const r = await call('connections:refresh', event(5, 'app://floorwalker/index.html#/agents'), {
      id: 'demo',
    })
    expect(r).toEqual({ ok: true, value: null })
    expect(service.calls).toEqual([
      {
        channel: 'connections:refresh',
        args: { id: 'demo' },
        caller: { shell: 'electron', readOnly: false },
      },
    ])
  })

  it('answers bad arguments with bad_request and never calls the service', async () => {
    const ev = event(5, 'app://floorwalker/index.html')
    const r = await call('connections:refresh', ev, { id: 42 })
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_request' } })
    expect((r as { error: { message: string } }).error.message).toMatch(/^connections:refresh: id: /)
    expect(await call('connections:refresh', ev, { id: 'a', extra: true })).toMatchObject({ ok: false })
    expect(await call('live:get', ev, null, 'second')).toEqual({
      ok: false,
      error: { code: 'bad_request', message: 'live:get: expected one argument, got 2' },
    })
    expect(service.calls).toEqual([])
  })

  it('refuses sub-frames, other webContents, foreign pages and vanished frames', async () => {
    const cases = [
      event(5, 'app://floorwalker/index.html', false),
      event(6, 'app://floorwalker/index.html'),
      event(5, 'https://evil.example/'),
      event(5, 'file:///home/me/Downloads/evil.html'),
      event(5, 'file:///app/out/renderer/index.html'),
      event(5, null),
    ]
    for (const ev of cases) {
      expect(await call('connections:list', ev, null)).toEqual({
        ok: false,
        error: { code: 'bad_request', message: 'connections:list: this sender may not call the app' },
      })
    }
    expect(service.calls).toEqual([])
    expect(log.lines.filter((l) => l.includes('untrusted sender'))).toHaveLength(cases.length)
  })

  it('refuses everything while there is no window', async () => {
    win.destroyed = true
    expect(await call('live:get', event(5, 'app://floorwalker/index.html'), null)).toMatchObject({
      ok: false,
    })
    expect(service.calls).toEqual([])
  })

  it('turns a throwing service (a bug) into a generic internal error, logged', async () => {
    const r = await call('app:info', event(5, 'app://floorwalker/index.html'), null)
    expect(r).toEqual({
      ok: false,
      error: { code: 'internal', message: 'app:info failed; see the log for details' },
    })
    expect(log.lines.some((l) => l.includes('IPC handler threw'))).toBe(true)
  })

  it('forwards service events to the window, and stops after dispose', () => {
    service.emit('app:navigate', { view: 'agents', focus: null })
    expect(win.sent).toEqual([['app:navigate', { view: 'agents', focus: null }]])
    win.destroyed = true
    service.emit('app:navigate', { view: 'queues', focus: null })
    expect(win.sent).toHaveLength(1)
    win.destroyed = false
    dispose()
    service.emit('app:navigate', { view: 'overview', focus: null })
    expect(win.sent).toHaveLength(1)
  })

  it('reads the sender facts Electron gives', () => {
    expect(senderFacts(event(3, 'file:///x', false) as never)).toEqual({
      webContentsId: 3,
      frameUrl: 'file:///x',
      isMainFrame: false,
    })
    expect(senderFacts(event(3, null) as never)).toEqual({
      webContentsId: 3,
      frameUrl: null,
      isMainFrame: false,
    })
  })
})
