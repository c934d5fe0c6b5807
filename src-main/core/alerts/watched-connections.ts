/**
 * The connections the rules look at: the engine's statuses with the last snapshot that had data and when each was
 * first seen (its data age before the first good snapshot).
 */
import type { ConnectionStatus } from '../../../src-shared/live'
import type { ProviderSnapshot } from '../../../src-shared/model'
import { watchConnection, type WatchedConnection } from './readings'

export class WatchedConnections {
  private readonly latest = new Map<string, ProviderSnapshot>()
  private readonly firstSeen = new Map<string, number>()

  /** A snapshot arrived. A warming-up one carries no entities: the last data stays (as in the engine's store). */
  noteSnapshot(s: ProviderSnapshot): void {
    if (s.health !== 'warming_up') this.latest.set(s.connection, s)
  }

  /** The last snapshot with data per connection. */
  snapshots(): ReadonlyMap<string, ProviderSnapshot> {
    return this.latest
  }

  /** Every connection the engine runs now, as the rules see it; connections that went away are forgotten. */
  current(statuses: readonly ConnectionStatus[], now: number): Map<string, WatchedConnection> {
    const out = new Map<string, WatchedConnection>()
    for (const s of statuses) {
      let seen = this.firstSeen.get(s.id)
      if (seen === undefined) this.firstSeen.set(s.id, (seen = now))
      out.set(s.id, watchConnection(s, this.latest.get(s.id) ?? null, seen, now))
    }
    for (const id of [...this.latest.keys()]) if (!out.has(id)) this.latest.delete(id)
    for (const id of [...this.firstSeen.keys()]) if (!out.has(id)) this.firstSeen.delete(id)
    return out
  }
}
