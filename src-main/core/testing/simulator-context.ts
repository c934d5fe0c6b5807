import type { ConnectionConfig } from '../../../src-shared/config'
import type { Clock, HttpClient, SocketConnector } from '../ports'
import type { ProviderContext } from '../providers/types'
import { memoryLogger } from '../runtime/logger'

const NO_HTTP: HttpClient = {
  request: () => Promise.reject(new Error('the simulator must not touch the network')),
}
const NO_SOCKETS: SocketConnector = {
  open: () => Promise.reject(new Error('the simulator must not open sockets')),
}

/**
 * What a simulator connection runs with in tests and benches: a connection `id` with these simulator `options`
 * (polled every 2 s; `over` for any other field), the given clock, and neither network nor sockets, which the
 * simulator must never touch (a call to either fails).
 */
export function simulatorContext(
  id: string,
  options: Record<string, unknown>,
  clock: Clock,
  over: Partial<ConnectionConfig> = {},
): ProviderContext {
  const config: ConnectionConfig = {
    id,
    label: id,
    provider: 'simulator',
    baseUrl: null,
    username: null,
    secretEnv: null,
    pollSeconds: 2,
    requestedPollSeconds: null,
    enabled: true,
    queueMedia: {},
    targets: {},
    options,
    ...over,
  }
  return { config, secret: null, http: NO_HTTP, clock, log: memoryLogger(), sockets: NO_SOCKETS }
}
