/**
 * A connection's alert state in `fw_alerts` (`<site>.<conn>`), written by its lease holder: the active alerts as
 * viewers show them (with the shared acknowledgement) and the state a new holder takes over, so an alert that
 * fired before a failover neither fires nor notifies again and pending periods continue from `since`.
 */
import type { AlertHistoryEntry, AlertView } from '../../src-shared/alerts'
import type { AlertStateStore, PersistedAlerts } from '../core/alerts/store'
import { validatePersistedAlerts } from '../core/alerts/store'
import type { Logger } from '../core/ports'

export interface TeamAlertDoc {
  v: 1
  /** The lease epoch of the writer. */
  epoch: number
  at: number
  active: AlertView[]
  history: AlertHistoryEntry[]
  /** What the next holder loads (AlertStateStore). */
  state: PersistedAlerts | null
}

/**
 * The AlertStateStore of a lease holder: loads what the previous holder left, and writes the doc whenever the state
 * or the list changes (one write at a time, the newest wins), only while the lease is good.
 */
export function teamAlertStore(o: {
  load: () => Promise<TeamAlertDoc | null>
  put: (doc: TeamAlertDoc) => Promise<void>
  epoch: number
  now: () => number
  /** False once the lease lapsed: a fenced holder writes nothing. */
  mayWrite: () => boolean
  log: Logger
}): AlertStateStore & {
  setList(active: AlertView[], history: AlertHistoryEntry[]): void
  flush(): Promise<void>
} {
  let state: PersistedAlerts | null = null
  let active: AlertView[] = []
  let history: AlertHistoryEntry[] = []
  let writing: Promise<void> | null = null
  let again = false
  const write = () => {
    if (writing) {
      again = true
      return
    }
    writing = (async () => {
      do {
        again = false
        if (!o.mayWrite()) break
        try {
          await o.put({ v: 1, epoch: o.epoch, at: o.now(), active, history, state })
        } catch (e) {
          o.log.warn('could not write the alert state to the team', { error: (e as Error).message })
        }
      } while (again)
      writing = null
    })()
  }
  return {
    async load() {
      try {
        const doc = await o.load()
        if (!doc?.state) return null
        const v = validatePersistedAlerts(doc.state)
        if (!v.ok) {
          o.log.warn('the team alert state is not usable; starting without it', { detail: v.message })
          return null
        }
        state = v.value
        active = doc.active
        history = doc.history
        return v.value
      } catch (e) {
        o.log.warn('could not read the team alert state', { error: (e as Error).message })
        return null
      }
    },
    async save(s) {
      state = s
      history = s.history
      write()
      return { ok: true }
    },
    setList(a, h) {
      active = a
      history = h
      write()
    },
    async flush() {
      while (writing) await writing
    },
  }
}
