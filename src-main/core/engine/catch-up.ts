/**
 * The catch-up summary after a gap: how long a connection had no fresh data, and which of today's counters moved
 * meanwhile (calls received / answered / abandoned per queue, chats / answered / missed per chat room), from the
 * last snapshot before the gap and the first one after it.
 */
import { businessDayStartsBetween, type BusinessDay } from '../../../src-shared/business-day'
import { rowKey, type CatchUp, type CatchUpChange, type CatchUpReason } from '../../../src-shared/live'
import type { ProviderSnapshot } from '../../../src-shared/model'

/** A gap shorter than this many intervals is an ordinary late poll, not worth a summary. */
export const CATCHUP_MIN_INTERVALS = 2
/** ...and never shorter than this (a 5 s connection blinking for 11 s is not news). */
export const CATCHUP_MIN_MS = 60_000
const MAX_CHANGES = 50

export function catchUpThresholdMs(intervalMs: number): number {
  return Math.max(CATCHUP_MIN_MS, CATCHUP_MIN_INTERVALS * intervalMs)
}

const QUEUE_FIELDS = ['received', 'answered', 'abandoned'] as const
const ROOM_FIELDS = ['chats', 'answered', 'missed'] as const

function change(
  entity: CatchUpChange['entity'],
  key: string,
  name: string,
  field: CatchUpChange['field'],
  before: number | null | undefined,
  after: number | null | undefined,
): CatchUpChange | null {
  if (typeof before !== 'number' || typeof after !== 'number' || before === after) return null
  return { entity, key, name, field, before, after, delta: after >= before ? after - before : null }
}

export function buildCatchUp(o: {
  label: string
  reason: CatchUpReason
  before: ProviderSnapshot
  after: ProviderSnapshot
  /** The connection's business day: the summary says when one began during the gap (default: none is named). */
  businessDay?: BusinessDay
}): CatchUp {
  const { before, after } = o
  const connection = after.connection
  const changes: CatchUpChange[] = []
  const oldQueues = new Map(before.queues.map((q) => [q.id, q]))
  for (const q of after.queues) {
    const prev = oldQueues.get(q.id)
    if (!prev?.today || !q.today) continue
    for (const f of QUEUE_FIELDS) {
      const c = change('queue', rowKey(connection, q.id), q.name, f, prev.today[f], q.today[f])
      if (c) changes.push(c)
    }
  }
  const oldRooms = new Map(before.chatRooms.map((r) => [r.id, r]))
  for (const r of after.chatRooms) {
    const prev = oldRooms.get(r.id)
    if (!prev?.today || !r.today) continue
    for (const f of ROOM_FIELDS) {
      const c = change('chatRoom', rowKey(connection, r.id), r.name, f, prev.today[f], r.today[f])
      if (c) changes.push(c)
    }
  }
  const total = (entity: CatchUpChange['entity'], field: CatchUpChange['field']): number | null => {
    // Every change counted here comes from a counter present on both sides (see change()).
    const grew = changes.filter((c) => c.entity === entity && c.field === field && c.delta !== null)
    // Counters present on both sides that did not move count as 0; none present at all is "unknown".
    const present = (entity === 'queue' ? after.queues : after.chatRooms).some((e) => {
      const prev = (entity === 'queue' ? oldQueues : oldRooms).get(e.id)
      const a = (e.today as Record<string, number | null> | null)?.[field]
      const b = (prev?.today as Record<string, number | null> | null | undefined)?.[field]
      return typeof a === 'number' && typeof b === 'number' && a >= b
    })
    return present ? grew.reduce((n, c) => n + (c.delta ?? 0), 0) : null
  }
  const sum = (...parts: (number | null)[]): number | null =>
    parts.every((p) => p === null) ? null : parts.reduce<number>((n, p) => n + (p ?? 0), 0)
  const totals = {
    abandoned: total('queue', 'abandoned'),
    missed: total('chatRoom', 'missed'),
    received: total('queue', 'received'),
    chats: total('chatRoom', 'chats'),
    answered: sum(total('queue', 'answered'), total('chatRoom', 'answered')),
  }
  changes.sort((a, b) => (b.delta ?? -1) - (a.delta ?? -1) || a.key.localeCompare(b.key))
  return {
    id: `${connection}:${before.asOf}`,
    connection,
    label: o.label,
    reason: o.reason,
    from: before.asOf,
    to: after.asOf,
    gapSec: Math.max(0, Math.round((after.asOf - before.asOf) / 1000)),
    totals,
    // A counter that restarted (a new day) is still a counter the vendor gives.
    counted: Object.values(totals).some((v) => v !== null) || changes.length > 0,
    changes: changes.slice(0, MAX_CHANGES),
    businessDayStartedAt:
      o.businessDay === undefined
        ? null
        : (businessDayStartsBetween(o.businessDay, before.asOf, after.asOf).at(-1) ?? null),
  }
}
