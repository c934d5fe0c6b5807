import { defineStore } from 'pinia'
import { computed } from 'vue'
import type { Media, ProviderId } from '../../src-shared/model'
import { isBacklogMedia, useLiveStore } from './live'

/** A queue or a chat room as the overview and the wallboard compare them. */
export interface WaitLine {
  kind: 'queue' | 'chatRoom'
  key: string
  name: string
  connection: string
  provider: ProviderId
  /** A chat room is chat; a queue says its media (null = the vendor does not say). */
  media: Media
  /** Email or voicemail: a backlog worked over hours, left out of the live longest wait. */
  backlog: boolean
  waiting: number | null
  longestWaitSec: number | null
  /** asOf of the row: the longest wait grows from it while someone waits. */
  asOf: number
  serviceLevelPct: number | null
  serviceLevelTargetPct: number | null
  agentsAvailable: number | null
  stale: boolean
}

/**
 * Worst first: most waiting, then the longest wait; by snapshot values, so the order does not churn every
 * second. Backlogs sort after live contacts however long they are.
 */
export function compareWorst(a: WaitLine, b: WaitLine): number {
  return (
    Number(a.backlog) - Number(b.backlog) ||
    (b.waiting ?? -1) - (a.waiting ?? -1) ||
    (b.longestWaitSec ?? -1) - (a.longestWaitSec ?? -1) ||
    a.name.localeCompare(b.name)
  )
}

export const useWaitLinesStore = defineStore('waitLines', () => {
  const live = useLiveStore()

  const lines = computed<WaitLine[]>(() => [
    ...live.queues.map((q) => ({
      kind: 'queue' as const,
      key: q.key,
      name: q.name,
      connection: q.connection,
      provider: q.provider,
      media: q.media,
      backlog: isBacklogMedia(q.media),
      waiting: q.waiting,
      longestWaitSec: q.longestWaitSec,
      asOf: q.asOf,
      serviceLevelPct: q.serviceLevelPct ?? q.today?.serviceLevelPct ?? null,
      serviceLevelTargetPct: q.serviceLevelTargetPct,
      agentsAvailable: q.agentsAvailable,
      stale: live.staleIds.has(q.connection),
    })),
    ...live.chatRooms.map((r) => ({
      kind: 'chatRoom' as const,
      key: r.key,
      name: r.name,
      connection: r.connection,
      provider: r.provider,
      media: 'chat' as const,
      backlog: false,
      waiting: r.waitingChats,
      longestWaitSec: r.maxWaitNowSec,
      asOf: r.asOf,
      serviceLevelPct: r.today?.serviceLevelPct ?? null,
      serviceLevelTargetPct: null,
      agentsAvailable: null,
      stale: live.staleIds.has(r.connection),
    })),
  ])

  const worst = computed(() => [...lines.value].sort(compareWorst))

  return { lines, worst }
})
