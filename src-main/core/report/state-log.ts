/**
 * What Floorwalker observed of each agent's state over time, for the shift report (docs/ARCHITECTURE.md §3.10) and
 * the previews of agent rules (§3.6): per agent a list of segments [from, to) in one state (and reason). Built from
 * snapshots as they arrive; bounded in time (RETAIN_MS) and per agent (MAX_SEGMENTS), and kept in memory only (a
 * restart starts observing again, with the vendor's time in state saying since when the current state has held).
 * One log per app (observeAgentStates), owned by the alert service and read by the report service.
 */
import { rowKey } from '../../../src-shared/live'
import type { AgentState, ProviderSnapshot } from '../../../src-shared/model'
import type { Engine } from '../engine'
import type { Clock, Disposer } from '../ports'

export interface StateSegment {
  state: AgentState
  reason: string | null
  /** epoch ms */
  from: number
  /** epoch ms of the last observation still in this state (or of the change that ended it). */
  to: number
}

/** How long segments are kept after they end: a business day plus a long shift either side. */
export const RETAIN_MS = 36 * 3600_000
/** Segments kept per agent: an agent changing state every minute for a whole day fits. */
export const MAX_SEGMENTS = 2_000
/** Clock noise between a vendor's time in state and our observations that still counts as "the same stretch". */
const SLACK_MS = 2_000

interface AgentLog {
  connection: string
  segments: StateSegment[]
}

export class AgentStateLog {
  private readonly agents = new Map<string, AgentLog>()

  /**
   * Record one snapshot. `maxGapMs` is how far apart two observations may be and still count as one stretch when
   * the vendor says nothing about when the state began (3 × the connection's interval).
   */
  observe(s: ProviderSnapshot, maxGapMs: number): void {
    const t = s.asOf
    for (const a of s.agents) {
      const key = rowKey(s.connection, a.id)
      let log = this.agents.get(key)
      if (!log) {
        log = { connection: s.connection, segments: [] }
        this.agents.set(key, log)
      }
      const since = a.stateSince === null ? null : Math.min(a.stateSince, t)
      const last = log.segments.at(-1)
      if (last && t < last.to) continue // an older snapshot than the last one seen: time never runs backwards
      const same = last !== undefined && last.state === a.state && last.reason === a.stateReason
      if (last && same) {
        // The vendor says the state held since before our last look (across a gap too), or it does not say and
        // our looks are close enough together.
        const held = since !== null ? since <= last.to + SLACK_MS : t - last.to <= maxGapMs
        if (held) {
          last.to = t
          continue
        }
      }
      let from = since ?? t
      if (last) {
        // A change between two ordinary polls: the old state lasted until the vendor says the new one began.
        // (The same state again with a later start means another state came between: that stretch is unknown.)
        if (!same && since !== null && since >= last.to && since - last.to <= maxGapMs) last.to = since
        from = Math.max(from, last.to)
      }
      log.segments.push({ state: a.state, reason: a.stateReason, from, to: t })
      if (log.segments.length > MAX_SEGMENTS) log.segments.splice(0, log.segments.length - MAX_SEGMENTS)
    }
  }

  /** Forget segments that ended before `before` and agents left with none. */
  prune(before: number): void {
    for (const [key, log] of this.agents) {
      const keep = log.segments.findIndex((g) => g.to >= before)
      if (keep === -1) this.agents.delete(key)
      else if (keep > 0) log.segments.splice(0, keep)
    }
  }

  /** A removed connection's agents are forgotten. */
  drop(connection: string): void {
    for (const [key, log] of this.agents) if (log.connection === connection) this.agents.delete(key)
  }

  /** Segments of one agent (row key), oldest first. */
  segments(key: string): readonly StateSegment[] {
    return this.agents.get(key)?.segments ?? []
  }

  /** Row keys of a connection's agents with any segment. */
  keys(connection: string): string[] {
    return [...this.agents].filter(([, l]) => l.connection === connection).map(([k]) => k)
  }
}

/** How often observed states older than RETAIN_MS are dropped. */
const PRUNE_EVERY_MS = 10 * 60_000

/** The agents' states as observed from the engine's snapshots since the app started (at most RETAIN_MS back). */
export interface ObservedAgentStates {
  /** Segments of one agent (row key), oldest first. */
  segments(key: string): readonly StateSegment[]
  /** Row keys of a connection's agents with any segment. */
  keys(connection: string): string[]
  /** epoch ms of the oldest observation kept, or null before the first snapshot with data. */
  oldest(): number | null
  /** A removed connection's agents are forgotten. */
  drop(connection: string): void
  dispose: Disposer
}

/**
 * Observe the engine's snapshots with data (a warming-up snapshot carries no agents) into one AgentStateLog, two
 * observations of an agent at most 3 × its connection's interval apart counting as one stretch when the vendor
 * does not say when the state began; segments older than RETAIN_MS are dropped every ten minutes.
 */
export function observeAgentStates(
  engine: Pick<Engine, 'onEvent' | 'config'>,
  clock: Clock,
): ObservedAgentStates {
  const log = new AgentStateLog()
  let oldest: number | null = null
  let prunedAt = clock.now()
  const off = engine.onEvent((e) => {
    if (e.type !== 'snapshot' || e.snapshot.health === 'warming_up') return
    const s = e.snapshot
    const poll = engine.config()?.connections.find((c) => c.id === s.connection)?.pollSeconds
    log.observe(s, 3 * (poll ?? 30) * 1000)
    const now = clock.now()
    oldest ??= s.asOf
    if (now - prunedAt > PRUNE_EVERY_MS) {
      prunedAt = now
      log.prune(now - RETAIN_MS)
      oldest = Math.max(oldest, now - RETAIN_MS)
    }
  })
  return {
    segments: (key) => log.segments(key),
    keys: (connection) => log.keys(connection),
    oldest: () => oldest,
    drop: (connection) => log.drop(connection),
    dispose: off,
  }
}
