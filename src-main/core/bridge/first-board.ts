/**
 * Start-up in the order a supervisor needs (docs/ARCHITECTURE.md §3.5, "Start-up order"): the saved board first,
 * then the vendors. Wraps the desktop window's BridgeService so that `start` (the engine's first polls) runs once,
 * when the first `live:get` has been answered with the restored board and the window has finished loading (main
 * answers the page's files too: app://, docs/ARCHITECTURE.md §2.5), or as soon as `startNow` is called (the window
 * failed to load or went away, or the time limit passed): a window that never asks must not keep the vendors
 * unpolled.
 */
import type { Caller, BridgeService } from './types'
import type { InvokeArgs, InvokeChannel } from '../../../src-shared/ipc/contract'

export interface FirstBoardGate {
  /** The service to register for the window: the same answers; the first `live:get` answered is noted. */
  service: BridgeService
  /** The window finished its first load (did-finish-load). */
  loaded(): void
  /** Open the gate now (idempotent): `start` runs if it has not yet. */
  startNow(why: string): void
  /** Whether `start` has run. */
  started(): boolean
}

export function startAfterFirstBoard(inner: BridgeService, start: (why: string) => void): FirstBoardGate {
  let done = false
  let answered = false
  let loaded = false
  const startNow = (why: string) => {
    if (done) return
    done = true
    start(why)
  }
  const startIfReady = () => {
    // After what is under way: the answer's delivery, the load's last events.
    if (answered && loaded) setImmediate(() => startNow('the saved board was answered and the window loaded'))
  }
  return {
    service: {
      async invoke<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>, caller: Caller) {
        const answer = await inner.invoke(channel, args, caller)
        // After the answer is on its way: the polls' first work queues behind its delivery.
        if (channel === 'live:get' && !answered) {
          answered = true
          startIfReady()
        }
        return answer
      },
      onEvent: (listener) => inner.onEvent(listener),
    },
    loaded() {
      if (loaded) return
      loaded = true
      startIfReady()
    },
    startNow,
    started: () => done,
  }
}
