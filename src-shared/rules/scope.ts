/**
 * A rule's scope (docs/ARCHITECTURE.md §3.6): which connections and which queues or chat rooms a rule watches. One
 * test for the alert engine in main, which evaluates the rule on them, and for the renderer's queue panel, which
 * lists the rules that watch a queue, so the panel never shows a rule the engine does not apply there or misses one
 * it does.
 */
import type { RuleConfig } from '../config'
import { ruleMediaMatches } from '../media'
import type { Media } from '../model'

/** A rule looks at this connection: its `connection` (absent = every one) and, for a connection rule, its ids. */
export function ruleWatchesConnection(rule: RuleConfig, connection: string): boolean {
  if (rule.connection !== undefined && rule.connection !== connection) return false
  if (rule.entity === 'connection' && rule.ids !== undefined) return rule.ids.includes(connection)
  return true
}

/**
 * Whether a rule's scope covers this queue or room: its entity kind, its connection (absent = every one), its ids
 * (absent = all) and, for a queue rule, its media (a queue nobody could class is taken only by a rule naming
 * `unknown` or no media).
 */
export function ruleCovers(
  rule: RuleConfig,
  kind: 'queue' | 'chatRoom',
  row: { connection: string; id: string; media?: Media },
): boolean {
  if (rule.entity !== kind) return false
  if (!ruleWatchesConnection(rule, row.connection)) return false
  if (rule.ids !== undefined && !rule.ids.includes(row.id)) return false
  return kind === 'queue' ? ruleMediaMatches(rule.media, row.media ?? null) : true
}
