import type { EventEmitter } from 'node:events'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { memoryLogger } from '../core/runtime/logger'

const electron = vi.hoisted(() => ({
  online: true,
  powerMonitor: null as unknown as EventEmitter,
}))
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  electron.powerMonitor = new Emitter()
  return { net: { isOnline: () => electron.online }, powerMonitor: electron.powerMonitor }
})

const { watchPower } = await import('./power')

function fakeEngine() {
  const calls: string[] = []
  return {
    calls,
    suspend: () => calls.push('suspend'),
    resume: () => calls.push('resume'),
    setOnline: (o: boolean) => calls.push(`online ${o}`),
  }
}

beforeEach(() => {
  vi.useFakeTimers()
  electron.online = true
})
afterEach(() => vi.useRealTimers())

describe('watchPower', () => {
  it('tells the engine the network state at start and on every change, not on every check', () => {
    const engine = fakeEngine()
    const off = watchPower(engine, { log: memoryLogger(), checkEveryMs: 1000 })
    expect(engine.calls).toEqual(['online true'])
    vi.advanceTimersByTime(5000)
    expect(engine.calls).toEqual(['online true'])
    electron.online = false
    vi.advanceTimersByTime(1000)
    vi.advanceTimersByTime(3000)
    electron.online = true
    vi.advanceTimersByTime(1000)
    expect(engine.calls).toEqual(['online true', 'online false', 'online true'])
    off()
  })

  it('suspends on sleep and resumes on wake, checking the network first', () => {
    const engine = fakeEngine()
    const off = watchPower(engine, { log: memoryLogger(), checkEveryMs: 60_000 })
    electron.powerMonitor.emit('suspend')
    electron.online = false
    electron.powerMonitor.emit('resume')
    expect(engine.calls).toEqual(['online true', 'suspend', 'online false', 'resume'])
    off()
  })

  it('the disposer removes the listeners and the timer', () => {
    const engine = fakeEngine()
    const off = watchPower(engine, { log: memoryLogger(), checkEveryMs: 1000 })
    off()
    expect(electron.powerMonitor.listenerCount('suspend')).toBe(0)
    expect(electron.powerMonitor.listenerCount('resume')).toBe(0)
    electron.online = false
    vi.advanceTimersByTime(5000)
    electron.powerMonitor.emit('suspend')
    expect(engine.calls).toEqual(['online true'])
    expect(vi.getTimerCount()).toBe(0)
  })
})
