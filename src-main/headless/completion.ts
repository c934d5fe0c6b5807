/**
 * When `--once` is done (docs/ARCHITECTURE.md §7.3): every connection delivered a snapshot with health ok or
 * partial, or failed in a way that will not clear by itself. Pure bookkeeping, fed by engine events.
 */
import type { ProviderFailure } from '../core/providers/types'
import type { ProviderSnapshot } from '../../src-shared/model'

export type ConnectionOutcome = 'delivered' | 'failed' | 'pending'

/** Failures that waiting will not fix: bad credentials, a config the vendor rejects, a vendor limit. */
export function isTerminal(f: ProviderFailure): boolean {
  return f.terminal === true || f.code === 'auth' || f.code === 'forbidden' || f.code === 'config'
}

export class OnceTracker {
  private readonly outcome = new Map<string, ConnectionOutcome>()
  private everDelivered = false

  constructor(connections: string[]) {
    for (const c of connections) this.outcome.set(c, 'pending')
  }

  snapshot(s: ProviderSnapshot): void {
    if (s.health === 'warming_up') return
    this.everDelivered = true
    if (this.outcome.has(s.connection)) this.outcome.set(s.connection, 'delivered')
  }

  failure(connection: string, f: ProviderFailure): void {
    if (this.outcome.get(connection) === 'pending' && isTerminal(f)) this.outcome.set(connection, 'failed')
  }

  done(): boolean {
    return [...this.outcome.values()].every((o) => o !== 'pending')
  }

  allDelivered(): boolean {
    return [...this.outcome.values()].every((o) => o === 'delivered')
  }

  anyDelivered(): boolean {
    return this.everDelivered
  }

  pending(): string[] {
    return [...this.outcome].filter(([, o]) => o !== 'delivered').map(([c]) => c)
  }
}
