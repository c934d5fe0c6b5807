/**
 * Writes the alert state to its store one save at a time: a change during a write is written right after it (the
 * newest state wins), and a failed save is logged, never thrown.
 */
import type { Logger } from '../ports'
import type { AlertStateStore, PersistedAlerts } from './store'

export interface StateWriter {
  /** Write the state `take()` gives, now or right after the write in progress. */
  request(): void
  /** Resolves when every requested write has finished. */
  settled(): Promise<void>
}

export function createStateWriter(
  store: AlertStateStore,
  take: () => PersistedAlerts,
  log: Logger,
): StateWriter {
  let writing: Promise<void> | null = null
  let again = false
  return {
    request() {
      if (writing) {
        again = true
        return
      }
      writing = (async () => {
        do {
          again = false
          try {
            const r = await store.save(take())
            if (!r.ok) log.warn('could not save the alert state', { detail: r.detail })
          } catch (e) {
            log.error('saving the alert state threw', { error: (e as Error).message })
          }
        } while (again)
        writing = null
      })()
    },
    async settled() {
      while (writing) await writing
    },
  }
}
