import { describe, expect, it } from 'vitest'
import type { ConnectionView } from '../../src-shared/ipc/contract'
import { rawFromView } from './connections'

const VIEW: ConnectionView = {
  id: 'bp',
  label: 'BP tenant',
  provider: 'brightpattern',
  baseUrl: 'https://acme.brightpattern.com',
  username: 'sup',
  pollSeconds: 5,
  requestedPollSeconds: null,
  enabled: true,
  options: {},
  queueMedia: { q1: 'voice' },
  teamNames: { '3': 'Sales' },
  consoleUrls: { agent: '{origin}/agents/{id}' },
  targets: { q1: { serviceLevelPct: 80, thresholdSec: 20, override: false } },
  secret: 'keychain',
}

describe('rawFromView', () => {
  it('keeps what the user set beside the vendor’s fields when a connection is saved whole (switched on or off)', () => {
    const raw = rawFromView({ ...VIEW, enabled: false })
    expect(raw).toMatchObject({
      enabled: false,
      queueMedia: { q1: 'voice' },
      teamNames: { '3': 'Sales' },
      consoleUrls: { agent: '{origin}/agents/{id}' },
      targets: VIEW.targets,
    })
    const bare = rawFromView({ ...VIEW, queueMedia: {}, teamNames: {}, consoleUrls: {}, targets: {} })
    for (const key of ['queueMedia', 'teamNames', 'consoleUrls', 'targets'])
      expect(bare).not.toHaveProperty(key)
  })
})
