/**
 * The real {@link LoopYield}: after `sliceMs` of work since the last turn, the next call gives the event loop a turn
 * (setImmediate: pending I/O, IPC and timers run first); before that it resolves at once, so calling it after every
 * small step costs a resolved promise. Measures CPU slices, never the board's time: results do not depend on it.
 */
import { performance } from 'node:perf_hooks'
import type { LoopYield } from '../ports'

/** A frame at 60 Hz: an answer waits at most about this long behind the work. */
export const DEFAULT_SLICE_MS = 16

export function loopYield(sliceMs = DEFAULT_SLICE_MS): LoopYield {
  let sliceStart = performance.now()
  const resolved = Promise.resolve()
  return () => {
    if (performance.now() - sliceStart < sliceMs) return resolved
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        sliceStart = performance.now()
        resolve()
      }),
    )
  }
}
