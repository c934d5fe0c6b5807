/**
 * Where alert state lives between runs: active alerts (with what was notified, acknowledgements and snoozes), the
 * bounded history and rule mutes, so a restart neither forgets an acknowledgement nor notifies again for an alert
 * the user has already been told about. The app keeps it in `alerts.json` in the user-data folder, written
 * atomically with a backup (persistence/atomic-file.ts); tests and the headless runner keep it in memory.
 */
import { join } from 'node:path'
import { z } from 'zod'
import type { AlertAck, AlertHistoryEntry, AlertIdentity, AlertSeverity } from '../../../src-shared/alerts'
import { RULE_ENTITIES } from '../../../src-shared/config'
import { AtomicJsonFile, type Validation } from '../persistence/atomic-file'
import type { Logger } from '../ports'
import type { LadderState } from './escalation'
import type { Tracked } from './evaluate'

/** One active alert as the service keeps it. */
export interface AlertRecord extends Tracked, AlertIdentity {
  threshold: number
  inhibited: boolean
  ack: AlertAck | null
  snoozedUntil: number | null
  /** The severity the user was notified of in this firing (null: not yet). */
  notified: AlertSeverity | null
  /** epoch ms the critical sound last played for it. */
  lastSoundAt: number | null
  /** What its escalation ladder did in this firing (absent or null: nothing yet, or no ladder). */
  ladder?: LadderState | null
}

export interface PersistedAlerts {
  version: 1
  alerts: AlertRecord[]
  /** Newest first. */
  history: AlertHistoryEntry[]
  mutes: { rule: string; until: number }[]
}

export type AlertSaveResult = { ok: true } | { ok: false; detail: string }

export interface AlertStateStore {
  /** The saved state, or null on a first run (or when the file was unusable: it is then moved aside and logged). */
  load(): Promise<PersistedAlerts | null>
  save(state: PersistedAlerts): Promise<AlertSaveResult>
}

const severity = z.enum(['warning', 'critical'])
const ack = z.strictObject({ by: z.string().min(1).max(64), at: z.number() }).nullable()
const entity = z.enum(RULE_ENTITIES)

const ladderSchema = z.strictObject({
  ladder: z.enum(['rule', 'warning', 'critical']),
  since: z.number(),
  ran: z.array(z.number().nullable()),
  tray: z.boolean(),
  deliveries: z.record(
    z.string(),
    z.strictObject({
      webhook: z.string(),
      at: z.number(),
      outcome: z.enum(['sending', 'sent', 'failed']),
      detail: z.string().nullable(),
      attempts: z.number(),
    }),
  ),
})

/** An alert's identity (src-shared/alerts.ts AlertIdentity), the same in the active list and in history. */
const identity = {
  id: z.string(),
  rule: z.string(),
  ruleName: z.string(),
  connection: z.string(),
  entity,
  entityId: z.string(),
  entityName: z.string().nullable(),
  field: z.string(),
}

const recordSchema = z.strictObject({
  ...identity,
  threshold: z.number(),
  state: z.enum(['pending', 'firing']),
  severity,
  since: z.number(),
  firedAt: z.number().nullable(),
  changedAt: z.number(),
  value: z.number().nullable(),
  noData: z.boolean(),
  peak: severity,
  inhibited: z.boolean(),
  ack,
  snoozedUntil: z.number().nullable(),
  notified: severity.nullable(),
  lastSoundAt: z.number().nullable(),
  ladder: ladderSchema.nullable().optional(),
})

const historySchema = z.strictObject({
  ...identity,
  peak: severity,
  value: z.number().nullable(),
  since: z.number(),
  firedAt: z.number(),
  resolvedAt: z.number(),
  reason: z.enum(['cleared', 'rule_changed', 'outside_schedule', 'connection_removed']),
  ack,
})

const persistedSchema = z.strictObject({
  version: z.literal(1),
  alerts: z.array(recordSchema),
  history: z.array(historySchema),
  mutes: z.array(z.strictObject({ rule: z.string(), until: z.number() })),
})

export function validatePersistedAlerts(raw: unknown): Validation<PersistedAlerts> {
  const r = persistedSchema.safeParse(raw)
  if (r.success) return { ok: true, value: r.data }
  const first = r.error.issues[0]
  return {
    ok: false,
    error: `not an alert state file: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`,
  }
}

export const ALERTS_FILE_NAME = 'alerts.json'

/** `alerts.json` in `dir` (the user-data folder). */
export function createFileAlertStore(opts: {
  dir: string
  now: () => number
  log?: Logger
}): AlertStateStore {
  const file = new AtomicJsonFile<PersistedAlerts>({
    path: join(opts.dir, ALERTS_FILE_NAME),
    validate: validatePersistedAlerts,
    now: opts.now,
    log: opts.log,
    // Rewritten on every alert change: compact.
    indent: 0,
  })
  return {
    async load() {
      const r = await file.read()
      for (const p of r.problems)
        opts.log?.warn('alert state file problem', { file: p.file, movedTo: p.movedTo, reason: p.message })
      return r.status === 'ok' ? r.value : null
    },
    save: (state) => file.write(state),
  }
}

/** In memory; `saved` is what a restart would load (a deep copy, as a file would give). */
export interface MemoryAlertStore extends AlertStateStore {
  saved: PersistedAlerts | null
  saves: number
}

export function createMemoryAlertStore(initial: PersistedAlerts | null = null): MemoryAlertStore {
  const store: MemoryAlertStore = {
    saved: initial === null ? null : structuredClone(initial),
    saves: 0,
    async load() {
      return store.saved === null ? null : structuredClone(store.saved)
    },
    async save(state) {
      store.saved = structuredClone(state)
      store.saves += 1
      return { ok: true }
    },
  }
  return store
}
