import type { ConnectionStatus } from '../../../src-shared/live'

export function blankStatusForTest(id: string): ConnectionStatus {
  return {
    id,
    label: id,
    provider: 'simulator',
    state: 'ok',
    detail: null,
    lastOkAt: 1,
    lastAttemptAt: 1,
    nextPollAt: null,
    pollSeconds: 1,
    health: 'ok',
    stale: false,
    paused: false,
    consecutiveFailures: 0,
    warnings: [],
    counts: { agents: 0, queues: 0, chatRooms: 0, chatMessages: 0, metrics: 0 },
    reason: null,
    reasonSince: null,
  }
}
