/**
 * What the user decided about a connection's entities, applied to every snapshot the engine passes on (polled or
 * read back from a saved board): the queues' media (src-shared/media.ts) and the service-level targets of queues
 * and chat rooms (src-shared/targets.ts).
 */
import type { ConnectionConfig } from '../../../src-shared/config'
import { classifyQueues } from '../../../src-shared/media'
import type { ProviderSnapshot } from '../../../src-shared/model'
import { applyTargets } from '../../../src-shared/targets'

export function withUserChoices(
  s: ProviderSnapshot,
  c: Pick<ConnectionConfig, 'queueMedia' | 'targets'>,
): ProviderSnapshot {
  return {
    ...s,
    queues: applyTargets(classifyQueues(s.queues, c.queueMedia), c.targets),
    chatRooms: applyTargets(s.chatRooms, c.targets),
  }
}

/**
 * What about a connection's config makes its poller start again: everything but its targets, which apply to the
 * data already there (the engine's `setConfig`).
 */
export function printOf(c: ConnectionConfig): string {
  return JSON.stringify({ ...c, targets: undefined })
}
