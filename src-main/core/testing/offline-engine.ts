import { createEngine, type EngineDeps, type LocalEngine } from '../engine'
import type { Clock } from '../ports'
import { memoryLogger } from '../runtime/logger'

/**
 * An engine for tests on `clock`: no network, no sockets (each answers a failure), no secrets, a fixed jitter;
 * `over` replaces any of these (a secret store that records what it was asked) or adds the adapter factories.
 */
export function createOfflineEngine(clock: Clock, over: Partial<EngineDeps> = {}): LocalEngine {
  return createEngine({
    clock,
    random: () => 0.5,
    http: { request: async () => ({ ok: false, code: 'network', detail: 'no network in tests' }) },
    sockets: { open: async () => ({ ok: false, status: null, detail: 'no sockets in tests' }) },
    secrets: { get: async () => null },
    log: memoryLogger(),
    ...over,
  })
}
