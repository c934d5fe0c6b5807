/**
 * A connection's alert state in `fw_alerts` (`<site>.<conn>`), written by its lease holder: the active alerts as
 * viewers show them (with the shared acknowledgement) and the state a new holder takes over, so an alert that
 * fired before a failover neither fires nor notifies again and pending periods continue from `since`.
 */
import { alertIdentity, type AlertHistoryEntry, type AlertView } from '../../src-shared/alerts'
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

/** First and longest pause between attempts at a failed write or read of the team alert state. */
export const ALERT_DOC_RETRY_FIRST_MS = 250
export const ALERT_DOC_RETRY_MAX_MS = 2000

/**
 * The AlertStateStore of a lease holder: loads what the previous holder left, and writes the doc whenever the state
 * or the list changes (one write at a time, the newest wins), only while the lease is good.
 *
 * A failed write is tried again until it lands or the lease lapses (a newer state written meanwhile supersedes it):
 * an alert that fired but never reached the team would fire again on the next holder. A failed read is tried
 * again the same way: starting without the state would notify every alert that is already firing a second time,
 * so the holder waits for the state rather than guess; a doc whose state is unusable still names the alerts that
 * were active, which are taken over as already notified.
 */
export function teamAlertStore(o: {
  load: () => Promise<TeamAlertDoc | null>
  put: (doc: TeamAlertDoc) => Promise<void>
  epoch: number
  now: () => number
  /** False once the lease lapsed: a fenced holder writes nothing. */
  mayWrite: () => boolean
  /** Resolves after `ms` (the clock's timer), so retries follow the injected clock. */
  sleep: (ms: number) => Promise<void>
  log: Logger
}): AlertStateStore & {
  setList(active: AlertView[], history: AlertHistoryEntry[]): void
  /** Resolves once the newest state is written, or writing stopped (lease lapsed, closed). */
  flush(): Promise<void>
  /** Stops retrying (the holder is gone). */
  close(): void
} {
  let state: PersistedAlerts | null = null
  let active: AlertView[] = []
  let history: AlertHistoryEntry[] = []
  let writing: Promise<void> | null = null
  let again = false
  let closed = false
  const write = () => {
    if (writing) {
      again = true
      return
    }
    writing = (async () => {
      let delay = ALERT_DOC_RETRY_FIRST_MS
      let failing = false
      do {
        again = false
        if (closed || !o.mayWrite()) break
        try {
          await o.put({ v: 1, epoch: o.epoch, at: o.now(), active, history, state })
          if (failing) o.log.info('the alert state is written to the team again')
          failing = false
          delay = ALERT_DOC_RETRY_FIRST_MS
        } catch (e) {
          if (!failing) {
            o.log.warn('could not write the alert state to the team; trying again', {
              error: (e as Error).message,
            })
          }
          failing = true
          await o.sleep(delay)
          delay = Math.min(delay * 2, ALERT_DOC_RETRY_MAX_MS)
          // The newest state is written on the next pass, whether or not it changed meanwhile.
          again = true
        }
      } while (again)
      writing = null
    })()
  }
  /** The previous holder's doc; a read that fails is tried again while this holder may still act on it. */
  const read = async (): Promise<TeamAlertDoc | null> => {
    let delay = ALERT_DOC_RETRY_FIRST_MS
    for (let attempt = 1; ; attempt++) {
      try {
        return await o.load()
      } catch (e) {
        if (closed || !o.mayWrite()) throw e
        if (attempt === 1) {
          o.log.warn('could not read the team alert state; trying again before alerting', {
            error: (e as Error).message,
          })
        }
        await o.sleep(delay)
        delay = Math.min(delay * 2, ALERT_DOC_RETRY_MAX_MS)
      }
    }
  }
  return {
    async load() {
      let doc: TeamAlertDoc | null
      try {
        doc = await read()
      } catch (e) {
        // Only when the lease lapsed meanwhile: this holder is fenced and alerts nothing anyway.
        o.log.warn('could not read the team alert state', { error: (e as Error).message })
        return null
      }
      if (!doc) return null
      const v = doc.state ? validatePersistedAlerts(doc.state) : null
      if (v?.ok) {
        state = v.value
        active = doc.active
        history = doc.history
        return v.value
      }
      if (doc.state) {
        o.log.warn('the team alert state is not usable; keeping its active alerts as already notified', {
          detail: v && !v.ok ? v.error : 'no state',
        })
      }
      // The list viewers saw is what the team was told: those alerts are taken over as notified, not fired anew.
      const fromList = asNotified(doc.active)
      if (!fromList) return null
      state = fromList
      active = doc.active
      history = doc.history
      return fromList
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
    close() {
      closed = true
    },
  }
}

/**
 * The alerts viewers were shown, as a state to take over: a firing alert counts as notified at its severity (and
 * its sound as played), so the next holder neither fires nor sounds it again. Null when even the list is unusable.
 */
function asNotified(list: unknown): PersistedAlerts | null {
  if (!Array.isArray(list)) return null
  const alerts = (list as AlertView[]).map((a) => ({
    ...alertIdentity(a),
    threshold: a.threshold,
    inhibited: a.inhibited,
    ack: a.ack,
    snoozedUntil: a.snoozedUntil,
    notified: a.state === 'firing' ? (a.notified ?? a.severity) : a.notified,
    lastSoundAt: a.state === 'firing' ? a.changedAt : null,
    state: a.state,
    severity: a.severity,
    since: a.since,
    firedAt: a.firedAt,
    changedAt: a.changedAt,
    value: a.value,
    noData: a.noData,
    peak: a.peak,
  }))
  const v = validatePersistedAlerts({ version: 1, alerts, history: [], mutes: [] })
  return v.ok ? v.value : null
}
