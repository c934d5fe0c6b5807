import { messageOf } from '../../src-shared/result'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { RuleConfig } from '../../src-shared/config'
import type { AgentRow } from '../../src-shared/live'
import type { AgentState } from '../../src-shared/model'
import { AGENT_STATES } from '../../src-shared/model'
import { useClient } from '../api'

/**
 * How long an agent may stay in a state before the board highlights it: from the alert rules that watch agents'
 * time in state (entity `agent`, field `timeInStateSec`, op `>`/`>=`), else from {@link DEFAULT_STATE_LIMITS}.
 */
export interface StateLimit {
  /** The state it applies to; null = any state. */
  state: AgentState | null
  /** Seconds; over it = warning. */
  warnSec: number | null
  /** Seconds; over it = critical. */
  criticalSec: number | null
  /** Where the limit comes from: a rule (its id and name) or the built-in defaults. */
  source: { kind: 'rule'; id: string; name: string } | { kind: 'default' }
  /** Rule scope: only these connections / agent ids / groups (null = all). */
  connection: string | null
  ids: string[] | null
  groups: string[] | null
}

/**
 * Used only while no alert rules can be read: planned breaks run 15 minutes and wrap-up well under two, the
 * common contact-center targets (the default rule pack in src-shared/rules/default-pack.ts uses the same).
 */
export const DEFAULT_STATE_LIMITS: readonly StateLimit[] = [
  {
    state: 'not_ready',
    warnSec: 900,
    criticalSec: null,
    source: { kind: 'default' },
    connection: null,
    ids: null,
    groups: null,
  },
  {
    state: 'wrap_up',
    warnSec: 120,
    criticalSec: null,
    source: { kind: 'default' },
    connection: null,
    ids: null,
    groups: null,
  },
]

export type LimitRule = Pick<
  RuleConfig,
  | 'id'
  | 'name'
  | 'enabled'
  | 'entity'
  | 'connection'
  | 'ids'
  | 'groups'
  | 'state'
  | 'field'
  | 'op'
  | 'warn'
  | 'critical'
>

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)

/**
 * The rules of an exported config (`config:export`, validated by main when it was saved), read defensively: an
 * entry without the fields a limit needs is skipped. Null when there is no rules list at all.
 */
export function parseLimitRules(config: unknown): LimitRule[] | null {
  const rules = (config as { rules?: unknown } | null)?.rules
  if (!Array.isArray(rules)) return null
  const out: LimitRule[] = []
  for (const r of rules as Record<string, unknown>[]) {
    if (typeof r !== 'object' || r === null) continue
    const { id, name, entity, field, op } = r
    if (typeof id !== 'string' || typeof name !== 'string' || typeof field !== 'string') continue
    if (
      entity !== 'queue' &&
      entity !== 'chatRoom' &&
      entity !== 'agent' &&
      entity !== 'metric' &&
      entity !== 'connection'
    )
      continue
    if (op !== '>' && op !== '>=' && op !== '<' && op !== '<=') continue
    out.push({
      id,
      name,
      enabled: r.enabled !== false,
      entity,
      field,
      op,
      connection: typeof r.connection === 'string' ? r.connection : undefined,
      ids: strings(r.ids),
      groups: strings(r.groups),
      state: AGENT_STATES.find((st) => st === r.state),
      warn: num(r.warn),
      critical: num(r.critical),
    })
  }
  return out
}

/** The time-in-state limits among `rules` (enabled agent rules on timeInStateSec that fire when above a level). */
export function limitsFromRules(rules: readonly LimitRule[]): StateLimit[] {
  const out: StateLimit[] = []
  for (const r of rules) {
    if (!r.enabled || r.entity !== 'agent' || r.field !== 'timeInStateSec') continue
    if (r.op !== '>' && r.op !== '>=') continue
    const warnSec = r.warn ?? null
    const criticalSec = r.critical ?? null
    if (warnSec === null && criticalSec === null) continue
    out.push({
      state: r.state ?? null,
      warnSec,
      criticalSec,
      source: { kind: 'rule', id: r.id, name: r.name },
      connection: r.connection ?? null,
      ids: r.ids ?? null,
      groups: r.groups ?? null,
    })
  }
  return out
}

function applies(limit: StateLimit, agent: AgentRow): boolean {
  return (
    (limit.state === null || limit.state === agent.state) &&
    (limit.connection === null || limit.connection === agent.connection) &&
    (limit.ids === null || limit.ids.includes(agent.id)) &&
    (limit.groups === null || limit.groups.some((g) => agent.groupIds.includes(g)))
  )
}

/** The first level a limit reaches: its warning level, or its critical level when it has no warning. */
function firstLevel(l: StateLimit): number {
  return l.warnSec ?? l.criticalSec ?? Infinity
}

/** The strictest limit that applies to the agent in its current state, or null. */
export function limitFor(agent: AgentRow, limits: readonly StateLimit[]): StateLimit | null {
  // Rows are replaced whole when they change and a list of limits is a new array when it changes, so the answer is
  // kept per list and row: the board asks for every agent each second (who is over a limit) and for every row drawn.
  let byRow = limitCache.get(limits)
  if (byRow === undefined) limitCache.set(limits, (byRow = new WeakMap()))
  let best = byRow.get(agent)
  if (best !== undefined) return best
  best = null
  for (const l of limits) if (applies(l, agent) && (!best || firstLevel(l) < firstLevel(best))) best = l
  byRow.set(agent, best)
  return best
}
const limitCache = new WeakMap<readonly StateLimit[], WeakMap<AgentRow, StateLimit | null>>()

export type LimitLevel = 'warning' | 'critical'

/** How far over its limit a time in state is (seconds), or null when within it or unknown. */
export function limitLevel(limit: StateLimit | null, sec: number | null): LimitLevel | null {
  if (!limit || sec === null) return null
  if (limit.criticalSec !== null && sec > limit.criticalSec) return 'critical'
  if (limit.warnSec !== null && sec > limit.warnSec) return 'warning'
  return null
}

/** The level the agent crossed: for display (the critical level once past it, else the warning level). */
export function crossedSec(limit: StateLimit, level: LimitLevel): number {
  return (level === 'critical' ? limit.criticalSec : limit.warnSec) ?? firstLevel(limit)
}

/**
 * The limits in force on this board. Rules are read from main's config (`config:export`, which a read-only
 * browser may not call); until then, or when they cannot be read, the defaults apply and the board says so.
 */
export const useStateLimitsStore = defineStore('stateLimits', () => {
  const client = useClient()
  const rules = shallowRef<readonly LimitRule[] | null>(null)
  const loadError = ref<string | null>(null)
  const limits = computed<readonly StateLimit[]>(() =>
    rules.value === null ? DEFAULT_STATE_LIMITS : limitsFromRules(rules.value),
  )
  const usingDefaults = computed(() => rules.value === null)

  function setRules(next: readonly LimitRule[] | null): void {
    rules.value = next
  }

  /** Read the rules from main; on failure the limits stay as they were (the defaults at first). */
  async function load(): Promise<void> {
    try {
      const { text } = await client.invoke('config:export', null)
      const parsed = parseLimitRules(JSON.parse(text))
      if (parsed !== null) rules.value = parsed
      loadError.value = null
    } catch (err) {
      loadError.value = messageOf(err)
    }
  }

  return { rules, limits, usingDefaults, loadError, setRules, load }
})
