import type { ConnectionState, FailureCode } from '../../../src-shared/model'

/** How a typed failure shows as a connection state (docs/ARCHITECTURE.md §3.3). */
export function stateForFailure(code: FailureCode): ConnectionState {
  switch (code) {
    case 'auth':
    case 'forbidden':
      return 'auth_failed'
    case 'rate_limited':
      return 'rate_limited'
    case 'timeout':
    case 'network':
    case 'unavailable':
      return 'unreachable'
    case 'bad_response':
    case 'config':
    case 'not_found':
      return 'error'
  }
}

/** Order of badness, worst last: used for the tray and the header. */
export const STATE_SEVERITY: Record<ConnectionState, number> = {
  ok: 0,
  connecting: 1,
  warming_up: 1,
  paused: 1,
  stale: 2,
  rate_limited: 3,
  unreachable: 4,
  offline: 4,
  error: 5,
  auth_failed: 5,
}
