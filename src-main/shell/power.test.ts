import type { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { memoryLogger } from '../core/runtime/logger'

const electron = vi.hoisted(() => ({ powerMonitor: null as unknown as EventEmitter }))
vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  electron.powerMonitor = new Emitter()
  return { powerMonitor: electron.powerMonitor }
})

const { watchPower } = await import('./power')

function fakeEngine() {
  const calls: string[] = []
  return { calls, suspend: () => calls.push('suspend'), resume: () => calls.push('resume') }
}

describe('watchPower', () => {
  it('suspends on sleep and resumes on wake', () => {
    const engine = fakeEngine()
    const off = watchPower(engine, { log: memoryLogger() })
    electron.powerMonitor.emit('suspend')
    electron.powerMonitor.emit('resume')
    expect(engine.calls).toEqual(['suspend', 'resume'])
    off()
  })

  it('the disposer removes the listeners', () => {
    const engine = fakeEngine()
    const off = watchPower(engine, { log: memoryLogger() })
    off()
    expect(electron.powerMonitor.listenerCount('suspend')).toBe(0)
    expect(electron.powerMonitor.listenerCount('resume')).toBe(0)
    electron.powerMonitor.emit('suspend')
    expect(engine.calls).toEqual([])
  })
})
