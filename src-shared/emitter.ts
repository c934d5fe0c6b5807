/**
 * One way to tell many listeners about something, for main and the renderer alike.
 *
 * A listener that throws is a bug in that listener, not in whoever emitted: it is handed to `onError` (main passes
 * its logger, the renderer the console) and the other listeners still hear the value. The order is the order of
 * subscription, and a listener added while an emit runs hears the next one, while one removed meanwhile is not
 * called again — the DOM's rule for event listeners.
 */

/** Call a listener for each emitted value; the returned disposer removes it (calling it twice is harmless). */
export type Subscribe<T> = (listener: (value: T) => void) => () => void

export interface Emitter<T> {
  /** Add `listener`. The same function added twice is one listener. */
  subscribe: Subscribe<T>
  /** Call every listener with `value`. Never throws because of a listener. */
  emit(value: T): void
  /** How many listeners there are: an emitter with none can skip building the value. */
  readonly size: number
  /** Remove every listener (on dispose). */
  clear(): void
}

/** `onError` receives what a listener threw. It should not throw itself; if it does, that is swallowed. */
export function createEmitter<T>(onError: (error: unknown) => void): Emitter<T> {
  const listeners = new Set<(value: T) => void>()
  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    emit(value) {
      for (const listener of [...listeners]) {
        if (!listeners.has(listener)) continue
        try {
          listener(value)
        } catch (error) {
          try {
            onError(error)
          } catch {
            // The error sink failing must not cost the remaining listeners their value.
          }
        }
      }
    },
    get size() {
      return listeners.size
    },
    clear() {
      listeners.clear()
    },
  }
}
