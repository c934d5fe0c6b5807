import { z } from 'zod'
import { AGENT_STATES } from '../model'
import type { ProviderDescriptor } from './descriptor'

export const CHRONICALL_ROLES = [
  'agent_state',
  'agent_time_in_state',
  'agent_available',
  'agent_handled_today',
  'queue_waiting',
  'queue_longest_wait',
  'queue_avg_wait',
  'queue_service_level',
  'metric',
] as const
export type ChronicallRole = (typeof CHRONICALL_ROLES)[number]

export const chronicallOptions = z.strictObject({
  /** Metric id → what it means on the board. Unset ids get a role suggested from the metric's name. */
  roles: z.record(z.string(), z.enum(CHRONICALL_ROLES)).default({}),
  /** Only these metric ids; empty = every metric the key may read. */
  metricIds: z.array(z.string().min(1)).default([]),
  /** Use Chronicall's WebSocket push when the server offers it (falls back to polling). */
  push: z.boolean().default(false),
  /** Agent state string (case-insensitive) → AgentState, on top of the defaults (REFERENCE §6.3). */
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
    help: 'Your Chronicall server root, e.g. https://chronicall.example.com:9090',
    placeholder: 'https://chronicall.example.com:9090',
  },
  username: null,
  secret: { required: true, label: 'Service user key', help: 'The API key of a Chronicall service user.' },
  pollSeconds: { min: 2, default: 5, help: 'Every 5 seconds is what Chronicall suggests.' },
  options: chronicallOptions,
  fields: [
    { key: 'metricIds', label: 'Metric ids', help: 'Only these metrics; empty reads every enabled metric.', kind: 'string-list' },
    { key: 'roles', label: 'Metric meanings', help: 'What each metric means on the board.', kind: 'string-map' },
    { key: 'push', label: 'Push updates', help: 'Use the WebSocket feed when available.', kind: 'boolean' },
    { key: 'stateMap', label: 'Agent state mapping', help: 'Your state names → board states.', kind: 'state-map' },
  ],
}
