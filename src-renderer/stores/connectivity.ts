import { defineStore } from 'pinia'
import { computed } from 'vue'
import type { ConnectionStatus, StatusReason } from '../../src-shared/live'
import { useLiveStore } from './live'

/**
 * The conditions the board's one banner tells apart: each asks something different of the supervisor (and a pause
 * asks nothing: it is said calmly, never as a failure). `team`: a board of a team (docs/TEAM.md) whose team server
 * cannot be reached, or whose pollers publish a connection no more.
 */
export const PROBLEM_KINDS = ['offline', 'team', 'vendor', 'credentials', 'paused'] as const
export type ProblemKind = (typeof PROBLEM_KINDS)[number]

export interface ConnectivityProblem {
  kind: ProblemKind
  connections: ConnectionStatus[]
  /** epoch ms of the oldest data among them (their last good data: the age of the numbers), or null if none. */
  since: number | null
}

/**
 * Why a connection is not fresh: its `reason` when main sends one, else derived from its state the same way
 * main does (see StatusReason in src-shared/live.ts).
 */
export function reasonOf(c: ConnectionStatus): StatusReason | null {
  if (c.reason !== undefined) return c.reason
  switch (c.state) {
    case 'offline':
      return 'offline'
    case 'auth_failed':
      return 'credentials'
    case 'unreachable':
    case 'error':
    case 'rate_limited':
    case 'stale':
      return 'vendor'
    default:
      return c.stale ? 'vendor' : null
  }
}

/** Connections grouped by the problem they have, in a fixed order; passing conditions (cache, resuming) are left out. */
export function connectivityProblems(list: readonly ConnectionStatus[]): ConnectivityProblem[] {
  const out: ConnectivityProblem[] = []
  for (const kind of PROBLEM_KINDS) {
    const connections = list.filter((c) => reasonOf(c) === kind)
    if (connections.length === 0) continue
    let since: number | null = null
    // The age of the numbers, not how long the condition has lasted: a restart that is offline again at once
    // still shows numbers from before the restart.
    for (const c of connections) {
      const at = c.lastOkAt
      if (at !== null && (since === null || at < since)) since = at
    }
    out.push({ kind, connections, since })
  }
  return out
}

export const useConnectivityStore = defineStore('connectivity', () => {
  const live = useLiveStore()
  const problems = computed(() => connectivityProblems(live.connectionList))
  /** Only what is wrong (a pause is chosen): what the board announces as connection problems. */
  const failures = computed(() => problems.value.filter((p) => p.kind !== 'paused'))
  /** A stable description of what is wrong (kinds and connection ids), to notice changes without the clock. */
  const signature = computed(() =>
    problems.value.map((p) => `${p.kind}:${p.connections.map((c) => c.id).join(',')}`).join('|'),
  )
  return { problems, failures, signature }
})
