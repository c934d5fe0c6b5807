import { describe, expect, it } from 'vitest'
import type { BridgeService, Caller } from './types'
import { startAfterFirstBoard } from './first-board'

const CALLER: Caller = { shell: 'electron', readOnly: false }
const turn = () => new Promise<void>((r) => setImmediate(r))

function fakeService(log: string[]): BridgeService {
  return {
    invoke: async (channel) => {
      log.push(`answered ${channel}`)
      return { ok: true, value: null } as never
    },
    onEvent: () => () => undefined,
  }
}

describe('startAfterFirstBoard', () => {
  it('starts the polls once, after the first live:get has been answered and the window has loaded, not before', async () => {
    const log: string[] = []
    const gate = startAfterFirstBoard(fakeService(log), (why) => log.push(`start: ${why}`))
    await gate.service.invoke('app:info', null, CALLER)
    await turn()
    expect(gate.started()).toBe(false)
    const answer = await gate.service.invoke('live:get', null, CALLER)
    expect(answer).toEqual({ ok: true, value: null })
    await turn()
    // Answered, but the page is still loading its files (which main serves).
    expect(gate.started()).toBe(false)
    gate.loaded()
    expect(log).toEqual(['answered app:info', 'answered live:get'])
    await turn()
    expect(log.at(-1)).toBe('start: the saved board was answered and the window loaded')
    gate.loaded()
    await gate.service.invoke('live:get', null, CALLER)
    await turn()
    gate.startNow('again')
    expect(log.filter((l) => l.startsWith('start')).length).toBe(1)
  })

  it('waits for the board to be asked for when the window loads first', async () => {
    const log: string[] = []
    const gate = startAfterFirstBoard(fakeService(log), (why) => log.push(`start: ${why}`))
    gate.loaded()
    await turn()
    expect(gate.started()).toBe(false)
    await gate.service.invoke('live:get', null, CALLER)
    await turn()
    expect(gate.started()).toBe(true)
  })

  it('starts when told to, for a window that never asks, and then never again', async () => {
    const log: string[] = []
    const gate = startAfterFirstBoard(fakeService(log), (why) => log.push(`start: ${why}`))
    gate.startNow('the window failed to load')
    expect(gate.started()).toBe(true)
    await gate.service.invoke('live:get', null, CALLER)
    await turn()
    expect(log).toEqual(['start: the window failed to load', 'answered live:get'])
  })
})
