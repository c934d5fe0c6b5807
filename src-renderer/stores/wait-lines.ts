import { defineStore } from 'pinia'
import { computed } from 'vue'
import type { RuleConfig } from '../../src-shared/config'
import { ruleMediaMatches } from '../../src-shared/media'
import type { Media, ProviderId } from '../../src-shared/model'
import { DEFAULT_RULE_PACK } from '../../src-shared/rules/default-pack'
import { useAlertsStore } from './alerts'
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
  /** The longest wait this line is held to: the lowest level of a rule watching it, else a default. */
  waitLimitSec: number
}

/** Used when no rule watches a line's longest wait: a minute for live contacts, four hours for a backlog. */
export const DEFAULT_WAIT_LIMIT_SEC = 60
export const DEFAULT_BACKLOG_LIMIT_SEC = 4 * 3600

/**
 * How far a line is past its targets, as a fraction (0 = on target, 0.5 = half again past it; negative = within):
 * the worse of its service level below its target ((target − SL) / target) and its longest wait against the
 * lowest level a rule watching it sets ((wait − limit) / limit).
 */
export function distanceFromTarget(line: WaitLine): number {
  let worst = -Infinity
  const sl = line.serviceLevelPct
  const target = line.serviceLevelTargetPct
  if (sl !== null && target !== null && target > 0) worst = Math.max(worst, (target - sl) / target)
  if (line.longestWaitSec !== null && line.waitLimitSec > 0)
    worst = Math.max(worst, (line.longestWaitSec - line.waitLimitSec) / line.waitLimitSec)
  return worst
}

/**
 * Worst first: furthest from its targets (service level below target, longest wait against its rule), then most
 * waiting; by snapshot values, so the order does not churn every second. Backlogs sort after live contacts however
 * long they are.
 */
export function compareWorst(a: WaitLine, b: WaitLine): number {
  return (
    Number(a.backlog) - Number(b.backlog) ||
    distanceFromTarget(b) - distanceFromTarget(a) ||
    (b.waiting ?? -1) - (a.waiting ?? -1) ||
    (b.longestWaitSec ?? -1) - (a.longestWaitSec ?? -1) ||
    a.name.localeCompare(b.name)
  )
}

/** The lowest warn level of the enabled rules watching this line's longest wait, if any. */
function ruleWaitLimit(
  rules: readonly RuleConfig[],
  kind: WaitLine['kind'],
  connection: string,
  id: string,
  media: Media,
): number | null {
  let limit: number | null = null
  for (const r of rules) {
    if (!r.enabled || (r.op !== '>' && r.op !== '>=')) continue
    if (r.connection !== undefined && r.connection !== connection) continue
    if (r.ids !== undefined && !r.ids.includes(id)) continue
    const fits =
      kind === 'queue'
        ? r.entity === 'queue' && r.field === 'longestWaitSec' && ruleMediaMatches(r.media, media)
        : r.entity === 'chatRoom' && r.field === 'maxWaitNowSec'
    const level = r.warn ?? r.critical
    if (fits && level !== undefined && (limit === null || level < limit)) limit = level
  }
  return limit
}

export const useWaitLinesStore = defineStore('waitLines', () => {
  const live = useLiveStore()
  const alerts = useAlertsStore()
  const limit = (kind: WaitLine['kind'], connection: string, id: string, media: Media): number =>
    ruleWaitLimit(alerts.rules ?? DEFAULT_RULE_PACK, kind, connection, id, media) ??
    (isBacklogMedia(media) ? DEFAULT_BACKLOG_LIMIT_SEC : DEFAULT_WAIT_LIMIT_SEC)

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
      waitLimitSec: limit('queue', q.connection, q.id, q.media),
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
      // The target in effect (the supervisor's where the vendor gives none), as for a queue.
      serviceLevelTargetPct: r.serviceLevelTargetPct ?? null,
      agentsAvailable: null,
      stale: live.staleIds.has(r.connection),
      waitLimitSec: limit('chatRoom', r.connection, r.id, 'chat'),
    })),
  ])

  /** Worst first; stale lines drop out (an old figure cannot be the worst now). */
  const worst = computed(() => lines.value.filter((l) => !l.stale).sort(compareWorst))

  return { lines, worst }
})
