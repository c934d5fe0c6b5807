import { defineStore } from 'pinia'
import { computed } from 'vue'
import type { ConnectionStatus, StatusReason } from '../../src-shared/live'
import { useLiveStore } from './live'

/** The three conditions the board's one banner tells apart: each asks something different of the supervisor. */
export const PROBLEM_KINDS = ['offline', 'vendor', 'credentials'] as const
export type ProblemKind = (typeof PROBLEM_KINDS)[number]

export interface ConnectivityProblem {
  kind: ProblemKind
  connections: ConnectionStatus[]
  /** epoch ms the earliest of them began (reasonSince, else the last good data), or null if unknown. */
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
    for (const c of connections) {
      const at = c.reasonSince ?? c.lastOkAt
      if (at !== null && at !== undefined && (since === null || at < since)) since = at
    }
    out.push({ kind, connections, since })
  }
  return out
}

export const useConnectivityStore = defineStore('connectivity', () => {
  const live = useLiveStore()
  const problems = computed(() => connectivityProblems(live.connectionList))
  /** A stable description of what is wrong (kinds and connection ids), to notice changes without the clock. */
  const signature = computed(() =>
    problems.value.map((p) => `${p.kind}:${p.connections.map((c) => c.id).join(',')}`).join('|'),
  )
  return { problems, signature }
})
