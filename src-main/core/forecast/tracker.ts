/**
 * The forecast's memory (docs/ARCHITECTURE.md §3.11): per queue and chat room, the observations of the last few
 * minutes, taken from every snapshot the engine delivers, and the course of a watched field from them (project.ts).
 */
import type { ProviderSnapshot } from '../../../src-shared/model'
import { KEEP_MS, courseOf, type Course, type ForecastFigure, type Observation } from './project'

export type ForecastEntity = 'queue' | 'chatRoom'

/** The rule fields a forecast can follow, and the figure each one is. */
export const FIGURE_OF: Record<ForecastEntity, Partial<Record<string, ForecastFigure>>> = {
  queue: { waiting: 'waiting', longestWaitSec: 'longestWait', serviceLevelPct: 'serviceLevel' },
  chatRoom: { waitingChats: 'waiting', maxWaitNowSec: 'longestWait' },
}

const sum = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined ? null : a + b

/** The observations of one snapshot, keyed `<kind>|<entity id>`. */
export function observationsOf(s: ProviderSnapshot): Map<string, Observation> {
  const out = new Map<string, Observation>()
  for (const q of s.queues) {
    out.set(`queue|${q.id}`, {
      at: s.asOf,
      waiting: q.waiting,
      longestWaitSec: q.longestWaitSec,
      serviceLevelPct: q.serviceLevelPct,
      received: q.today?.received ?? null,
      departed: sum(q.today?.answered, q.today?.abandoned),
      available: q.agentsAvailable,
    })
  }
  for (const r of s.chatRooms) {
    out.set(`chatRoom|${r.id}`, {
      at: s.asOf,
      waiting: r.waitingChats,
      longestWaitSec: r.maxWaitNowSec,
      serviceLevelPct: null,
      received: r.today?.chats ?? null,
      departed: sum(r.today?.answered, r.today?.missed),
      available: r.freeCapacity,
    })
  }
  return out
}

export class ForecastTracker {
  /** connection → `<kind>|<id>` → observations, oldest first */
  private readonly byConnection = new Map<string, Map<string, Observation[]>>()

  /** A snapshot with data arrived (call it with each one, in order). */
  note(s: ProviderSnapshot): void {
    if (s.health === 'warming_up') return
    let entities = this.byConnection.get(s.connection)
    if (entities === undefined) this.byConnection.set(s.connection, (entities = new Map()))
    const fresh = observationsOf(s)
    for (const [key, o] of fresh) {
      const list = entities.get(key)
      if (list === undefined) {
        entities.set(key, [o])
        continue
      }
      const last = list[list.length - 1]
      // The same snapshot twice (a restored board, a repeated event) adds nothing; an older one is out of order.
      if (last !== undefined && o.at <= last.at) continue
      list.push(o)
      let drop = 0
      while (drop < list.length - 1 && (list[drop]?.at ?? 0) < o.at - KEEP_MS) drop++
      if (drop > 0) list.splice(0, drop)
    }
    // Entities that are gone take their memory with them.
    for (const key of [...entities.keys()]) if (!fresh.has(key)) entities.delete(key)
  }

  /** Forget connections not in `ids` (removed or disabled). */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of [...this.byConnection.keys()]) if (!ids.has(id)) this.byConnection.delete(id)
  }

  /** Forget what a connection showed before a gap (its data went stale): trends across a gap mean nothing. */
  forget(connection: string): void {
    this.byConnection.delete(connection)
  }

  observations(connection: string, kind: ForecastEntity, id: string): readonly Observation[] {
    return this.byConnection.get(connection)?.get(`${kind}|${id}`) ?? []
  }

  /** The course of a rule field of an entity, or null (not a forecast field, or too little known yet). */
  course(connection: string, kind: ForecastEntity, id: string, field: string): Course | null {
    const figure = FIGURE_OF[kind][field]
    if (figure === undefined) return null
    return courseOf(this.observations(connection, kind, id), figure)
  }
}
