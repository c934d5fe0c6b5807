import { z } from 'zod'
import { AGENT_STATES, type AgentState, type MetricKind } from '../model'
import type { ProviderDescriptor } from './descriptor'
import { COMMON_LIMITS, LIMIT_OPTIONS } from './limits'

/**
 * What a Chronicall metric means on the board. Chronicall metrics are opaque, admin-enabled ids
 * (docs/vendors/chronicall.md §6.8), so the user says what each one is; `metric` = shown only in the metrics
 * list.
 */
export const CHRONICALL_ROLES = [
  'agent_state',
  'agent_time_in_state',
  'agent_available',
  'agent_handled_today',
  'agent_state_reason',
  'agent_call_duration',
  'agent_talk_today',
  'agent_idle_today',
  'agent_missed_today',
  'queue_waiting',
  'queue_longest_wait',
  'queue_avg_wait',
  'queue_service_level',
  'metric',
] as const
export type ChronicallRole = (typeof CHRONICALL_ROLES)[number]

export const CHRONICALL_ROLE_LABELS: Record<ChronicallRole, string> = {
  agent_state: 'Agent state (text)',
  agent_time_in_state: 'Agent time in state (duration)',
  agent_available: 'Agent available (yes/no)',
  agent_handled_today: 'Agent calls handled today (count)',
  agent_state_reason: 'Agent state reason (text)',
  agent_call_duration: 'Agent current call duration (duration)',
  agent_talk_today: 'Agent talk time today (duration)',
  agent_idle_today: 'Agent idle time today (duration)',
  agent_missed_today: 'Agent missed calls today (count)',
  queue_waiting: 'Group: calls in queue (count)',
  queue_longest_wait: 'Group: longest wait (duration)',
  queue_avg_wait: 'Group: average wait (average duration)',
  queue_service_level: 'Group: service level (percent)',
  metric: 'Just a metric',
}

/** Chronicall's value types (docs/vendors/chronicall.md §4.2); a value without a type has no data yet. */
export const CHRONICALL_VALUE_TYPES = ['COUNT', 'BOOLEAN', 'STRING', 'DURATION', 'AVERAGE_DURATION'] as const
export type ChronicallValueType = (typeof CHRONICALL_VALUE_TYPES)[number]

/** Value types each role can be read from; a role given to a metric of another type is ignored with a warning. */
export const CHRONICALL_ROLE_TYPES: Record<ChronicallRole, readonly ChronicallValueType[]> = {
  agent_state: ['STRING'],
  agent_time_in_state: ['DURATION'],
  agent_available: ['BOOLEAN'],
  agent_handled_today: ['COUNT'],
  agent_state_reason: ['STRING'],
  agent_call_duration: ['DURATION'],
  agent_talk_today: ['DURATION'],
  agent_idle_today: ['DURATION'],
  agent_missed_today: ['COUNT'],
  queue_waiting: ['COUNT'],
  queue_longest_wait: ['DURATION', 'AVERAGE_DURATION'],
  queue_avg_wait: ['AVERAGE_DURATION', 'DURATION'],
  queue_service_level: ['COUNT', 'STRING'],
  metric: CHRONICALL_VALUE_TYPES,
}

export function isAgentRole(role: ChronicallRole): boolean {
  return role.startsWith('agent_')
}

export function isQueueRole(role: ChronicallRole): boolean {
  return role.startsWith('queue_')
}

/**
 * A role guessed from a metric's name and category (and its value type, once a value has been seen), for ids the
 * user has not mapped. Names are whatever the admin typed, so this only recognises the usual wordings
 * ("Agent State", "Time in State", "Calls in Queue", "Longest Wait", ...); anything else stays a plain metric.
 */
export function suggestChronicallRole(metric: {
  metricName: string | null
  categoryType: string | null
  type?: string | null
}): ChronicallRole {
  const name = (metric.metricName ?? '').toLowerCase().replace(/[_-]+/g, ' ')
  const category = (metric.categoryType ?? '').toUpperCase()
  const type = metric.type ?? null
  const fits = (role: ChronicallRole): ChronicallRole =>
    type === null || (CHRONICALL_ROLE_TYPES[role] as readonly string[]).includes(type) ? role : 'metric'

  if (category === 'AGENT') {
    if (/\breason\b/.test(name)) return fits('agent_state_reason')
    if (/\bmissed\b|\bno answer\b|\bunanswered\b/.test(name)) return fits('agent_missed_today')
    if (/\btalk(ing)?\b.*\b(time|duration)\b/.test(name)) return fits('agent_talk_today')
    if (/\bidle\b.*\b(time|duration)\b/.test(name)) return fits('agent_idle_today')
    if (/\b(current|active)\b.*\bcall\b.*\b(time|duration)\b|\bcall duration\b/.test(name))
      return fits('agent_call_duration')
    if (
      /\b(time|duration|how long)\b.*\b(state|status)\b|\b(state|status)\b.*\b(time|duration)\b/.test(name)
    ) {
      return fits('agent_time_in_state')
    }
    if (/\b(state|status)\b/.test(name)) return fits('agent_state')
    if (/\bavail/.test(name) && !/\btime\b|\bduration\b/.test(name)) return fits('agent_available')
    if (/\b(handled|answered|calls? today|total calls?|calls? taken)\b/.test(name))
      return fits('agent_handled_today')
    if (type === 'STRING') return 'agent_state'
    if (type === 'BOOLEAN') return 'agent_available'
    return 'metric'
  }
  if (category === 'GROUP' || category === 'NONE' || category === '') {
    if (/\b(service level|sla)\b/.test(name)) return fits('queue_service_level')
    if (/\b(longest|oldest|max(imum)?)\b.*\bwait/.test(name)) return fits('queue_longest_wait')
    if (/\b(average|avg|mean)\b.*\bwait|\bwait.*\b(average|avg|mean)\b/.test(name))
      return fits('queue_avg_wait')
    if (/\b(in queue|queued|waiting|calls? waiting)\b/.test(name)) return fits('queue_waiting')
    if (/\bwait(ing)? time\b|\bcurrent wait\b/.test(name)) {
      if (type === 'AVERAGE_DURATION') return 'queue_avg_wait'
      return fits('queue_longest_wait')
    }
    return 'metric'
  }
  return 'metric'
}

/**
 * Agent state strings → AgentState, the defaults of docs/vendors/chronicall.md §7.1 plus the usual spellings.
 * Keys are lower case; the user's stateMap option is applied on top, case-insensitively.
 */
export const CHRONICALL_DEFAULT_STATE_MAP: Readonly<Record<string, AgentState>> = {
  idle: 'available',
  available: 'available',
  ringing: 'offered',
  talking: 'busy',
  holding: 'busy',
  hold: 'busy',
  'on hold': 'busy',
  calling: 'busy',
  conference: 'busy',
  acw: 'wrap_up',
  'after call work': 'wrap_up',
  'wrap up': 'wrap_up',
  'wrap-up': 'wrap_up',
  dnd: 'not_ready',
  'do not disturb': 'not_ready',
  'not ready': 'not_ready',
  break: 'not_ready',
  'logged out': 'logged_out',
  'logged off': 'logged_out',
  offline: 'logged_out',
}

/**
 * State texts (lower case) that mean the call is on hold: the agent stays `busy` with `onHold` set
 * (docs/vendors/chronicall.md §7.1).
 */
export const CHRONICALL_HOLD_STATES: readonly string[] = ['holding', 'hold', 'on hold']

/** The Chronicall value type a board metric of each kind was read from. */
const VALUE_TYPE_OF_KIND: Partial<Record<MetricKind, ChronicallValueType>> = {
  count: 'COUNT',
  duration: 'DURATION',
  avg_duration: 'AVERAGE_DURATION',
  boolean: 'BOOLEAN',
  string: 'STRING',
}

export const chronicallOptions = z.strictObject({
  ...LIMIT_OPTIONS,
  /** Metric id → what it means on the board. Unset ids get a role suggested from the metric's name. */
  roles: z.record(z.string(), z.enum(CHRONICALL_ROLES)).default({}),
  /** Only these metric ids; empty = every metric the key may read. */
  metricIds: z.array(z.string().min(1)).default([]),
  /** Use Chronicall's WebSocket push when the server offers it (falls back to polling). */
  push: z.boolean().default(false),
  /**
   * Agent state string (case-insensitive) → AgentState, on top of the defaults
   * (docs/vendors/chronicall.md §7.1).
   */
  stateMap: z.record(z.string(), z.enum(AGENT_STATES)).default({}),
})
export type ChronicallOptions = z.infer<typeof chronicallOptions>

export const chronicallDescriptor: ProviderDescriptor = {
  id: 'chronicall',
  label: 'Chronicall',
  summary: 'Realtime metrics your Chronicall admin enabled for API use, mapped to agents and queues.',
  baseUrl: {
    required: true,
    default: null,
    label: 'Server',
    help: 'Your Chronicall server root (4.0.9 or newer), e.g. https://chronicall.example.com:9090',
    placeholder: 'https://chronicall.example.com:9090',
  },
  username: null,
  secret: {
    required: true,
    label: 'Service user key',
    help: 'The authentication key of a Chronicall service user; the board sees the metrics assigned to it.',
  },
  pollSeconds: { min: 2, default: 5, help: 'Every 5 seconds is what Chronicall suggests.' },
  limits: COMMON_LIMITS,
  neverEmpty: true,
  stateReasons: 'metric',
  // docs/vendors/chronicall.md, "Console links"
  console: {},
  options: chronicallOptions,
  fields: [
    {
      key: 'metricIds',
      label: 'Metric ids',
      help: 'Only these metrics; empty reads every metric enabled for API use (API Enablement → Realtime Metric Access).',
      kind: 'string-list',
    },
    {
      key: 'roles',
      label: 'Metric meanings',
      help: 'Metric id → what it means on the board. Metrics you leave out get a meaning suggested from their name.',
      kind: 'string-map',
      choices: CHRONICALL_ROLES.map((r) => ({ value: r, label: CHRONICALL_ROLE_LABELS[r] })),
      columns: { key: 'metricId', value: 'meaning' },
      suggestForMetric: (m) =>
        suggestChronicallRole({
          metricName: m.name,
          categoryType: m.category?.type ?? null,
          type: m.kind ? (VALUE_TYPE_OF_KIND[m.kind] ?? null) : null,
        }),
    },
    {
      key: 'push',
      label: 'Push updates',
      help: 'Use the WebSocket feed when the server offers it; polling continues as a safety net.',
      kind: 'boolean',
    },
    {
      key: 'stateMap',
      label: 'Agent state mapping',
      help: 'Your agent state names → board states (Idle, Talking, ACW, DND, ... are known already).',
      kind: 'state-map',
    },
  ],
}
