import { describe, expect, it } from 'vitest'
import { validateRule, type RuleConfig } from '../../../src-shared/config'
import type { ConnectionStatus } from '../../../src-shared/live'
import { blankChatRoom, blankQueue, type ProviderSnapshot } from '../../../src-shared/model'
import { DEFAULT_RULE_PACK } from '../../../src-shared/rules/default-pack'
import { applyTargets } from '../../../src-shared/targets'
import { readingsFor, watchConnection } from './readings'

const NOW = 1_000_000

function status(): ConnectionStatus {
  return {
    id: 'bp',
    label: 'BP',
    provider: 'brightpattern',
    state: 'ok',
    detail: null,
    lastOkAt: NOW,
    lastAttemptAt: NOW,
    nextPollAt: null,
    pollSeconds: 5,
    health: 'ok',
    stale: false,
    paused: false,
    consecutiveFailures: 0,
    warnings: [],
    counts: { agents: 0, queues: 2, chatRooms: 1, chatMessages: 0, metrics: 0 },
  }
}

function rule(id: string): RuleConfig {
  const r = DEFAULT_RULE_PACK.find((x) => x.id === id)
  const v = validateRule(r)
  if (!v.ok) throw new Error('bad rule')
  return v.rule
}

describe('the service-level gap a rule sees', () => {
  const snapshot: ProviderSnapshot = {
    connection: 'bp',
    provider: 'brightpattern',
    asOf: NOW,
    health: 'ok',
    agents: [],
    queues: applyTargets(
      [
        blankQueue('Support', 'Support', { serviceLevelPct: 62 }),
        blankQueue('Sales', 'Sales', { serviceLevelPct: 40 }),
      ],
      { Support: { serviceLevelPct: 90, override: false } },
    ),
    chatRooms: applyTargets(
      [
        blankChatRoom('r1', 'Chat', {
          today: {
            chats: 10,
            missed: 0,
            answered: 10,
            avgWaitSec: null,
            maxWaitSec: null,
            avgChatSec: null,
            serviceLevelPct: 75,
            satisfactionPct: null,
          },
        }),
      ],
      { r1: { serviceLevelPct: 80, override: false } },
    ),
    chatMessages: [],
    metrics: [],
    warnings: [],
  }
  const c = watchConnection(status(), snapshot, NOW, NOW)

  it('is the target in effect minus the service level, and no value where no target is set', () => {
    expect(readingsFor(rule('service-level'), c, NOW)).toEqual([
      { entityId: 'Support', name: 'Support', value: 28 },
      { entityId: 'Sales', name: 'Sales', value: null },
    ])
    expect(readingsFor(rule('chat-service-level'), c, NOW)).toEqual([
      { entityId: 'r1', name: 'Chat', value: 5 },
    ])
  })
})
