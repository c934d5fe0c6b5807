import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Config } from '../../src-shared/config'

const electron = vi.hoisted(() => ({ online: true }))
vi.mock('electron', () => ({ net: { isOnline: () => electron.online } }))

const { electronConnectivity } = await import('./connectivity')

const noConnections: Config = { connections: [], rules: [], prefs: { theme: 'system', language: 'en' } }

beforeEach(() => {
  vi.useFakeTimers()
  electron.online = true
})
afterEach(() => vi.useRealTimers())

describe('electronConnectivity', () => {
  it('reports only changes of the OS network state, and stops when disposed', () => {
    const c = electronConnectivity(() => noConnections, 1000)
    expect(c.isOnline()).toBe(true)
    const seen: boolean[] = []
    const off = c.onChange((o) => seen.push(o))
    vi.advanceTimersByTime(5000)
    electron.online = false
    vi.advanceTimersByTime(3000)
    electron.online = true
    vi.advanceTimersByTime(1000)
    expect(seen).toEqual([false, true])
    off()
    electron.online = false
    vi.advanceTimersByTime(5000)
    expect(seen).toEqual([false, true])
    expect(vi.getTimerCount()).toBe(0)
  })

  it('probes without any vendor host as "online" (nothing to ask)', async () => {
    const c = electronConnectivity(() => noConnections)
    await expect(c.probe?.()).resolves.toBe(true)
  })
})
