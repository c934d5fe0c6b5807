import { z } from 'zod'
import { AGENT_STATES } from '../model'
import type { ProviderDescriptor } from './descriptor'
import { COMMON_LIMITS, LIMIT_OPTIONS } from './limits'

const statName = z.string().regex(/^[A-Za-z0-9_]+$/, 'a statistic name is letters, digits and underscores')

export const brightPatternOptions = z.strictObject({
  ...LIMIT_OPTIONS,
  /** "oauth": client credentials (current); "session": legacy POST /statsapi/auth with a cookie session. */
  auth: z.enum(['oauth', 'session']).default('oauth'),
  /**
   * The tenant URL Bright Pattern knows the tenant by (e.g. acme.brightpattern.com): sent as `tenant_url` to the
   * legacy login and as the OAuth `scope`. Defaults to the host of the base URL.
   */
  tenantUrl: z.string().min(1).optional(),
  /** Extra statistic columns (protocol names, docs/vendors/brightpattern.md §4.2) added to the agent grid. */
  agentColumns: z.array(statName).default([]),
  /** Extra statistic columns added to the service grid. */
  serviceColumns: z.array(statName).default([]),
  /** Totals statistics; each becomes a metric whose metricId is the statistic name. */
  totals: z.array(statName).default(['agents_logged', 'agents_ready', 'agents_busy']),
  /** Only these services (by name, case-insensitive); empty = all. */
  services: z.array(z.string().min(1)).default([]),
  /** Only agents of these teams (team ids from /statsapi/cfg/teams); empty = every supervised team. */
  teamIds: z.array(z.string().min(1)).default([]),
  /** How many supervisor chat messages to ask for; 0 = none. */
  chatMessageLimit: z.number().int().min(0).max(500).default(50),
  /**
   * acd_state string (case-insensitive) → AgentState, on top of the defaults
   * (docs/vendors/brightpattern.md §7.1).
   */
  stateMap: z.record(z.string(), z.enum(AGENT_STATES)).default({}),
})
export type BrightPatternOptions = z.infer<typeof brightPatternOptions>

export const brightPatternDescriptor: ProviderDescriptor = {
  id: 'brightpattern',
  label: 'Bright Pattern',
  summary:
    'Agents, services, totals and supervisor chat messages from the Bright Pattern Real-Time Stats API.',
  baseUrl: {
    required: true,
    default: null,
    label: 'Tenant URL',
    help: 'Your tenant origin, e.g. https://acme.brightpattern.com',
    placeholder: 'https://acme.brightpattern.com',
  },
  username: {
    required: true,
    label: 'Client ID / user',
    help: 'OAuth: the Bright Pattern user name used as client id. Session: the user name. The user needs the "Access Realtime Stats API" and real-time metrics privileges and must supervise the teams you want to see.',
  },
  secret: {
    required: true,
    label: 'Client secret / password',
    help: 'OAuth: the API secret key generated on the user’s page. Session: the password. Stored in your OS keychain only.',
  },
  pollSeconds: { min: 3, default: 5, help: 'Bright Pattern recommends polling every 3–5 seconds.' },
  limits: { ...COMMON_LIMITS, maxResponseMB: 16, maxEntities: 10_000 },
  neverEmpty: true,
  stateReasons: 'given',
  // docs/vendors/brightpattern.md, "Console links"
  console: { home: '{origin}/agentdesktop/' },
  options: brightPatternOptions,
  fields: [
    {
      key: 'auth',
      label: 'Authentication',
      help: 'OAuth client credentials for current tenants; the legacy session login is refused by BPCC 5.36 and later.',
      kind: 'select',
      choices: [
        { value: 'oauth', label: 'OAuth client credentials' },
        { value: 'session', label: 'Legacy session (user + password)' },
      ],
    },
    {
      key: 'tenantUrl',
      label: 'Tenant name',
      help: 'Sent as the OAuth scope and the session tenant_url; leave empty to use the host of the tenant URL.',
      kind: 'text',
      placeholder: 'acme.brightpattern.com',
    },
    {
      key: 'services',
      label: 'Services',
      help: 'Only these services (by name); empty shows all.',
      kind: 'string-list',
    },
    {
      key: 'teamIds',
      label: 'Teams',
      help: 'Only agents of these team ids; empty shows every team you supervise.',
      kind: 'string-list',
    },
    {
      key: 'agentColumns',
      label: 'Extra agent statistics',
      help: 'Statistic names added to the agent grid, e.g. login_time, in_calls_handled_per_day, active_item_media_type.',
      kind: 'string-list',
    },
    {
      key: 'serviceColumns',
      label: 'Extra service statistics',
      help: 'Statistic names added to the service grid, e.g. agents_logged, agents_busy, in_calls_received_per_day.',
      kind: 'string-list',
    },
    {
      key: 'totals',
      label: 'Totals',
      help: 'Tenant-wide statistics shown as metrics, e.g. agents_logged, agents_ready, service_level.',
      kind: 'string-list',
    },
    {
      key: 'chatMessageLimit',
      label: 'Chat messages',
      help: 'How many supervisor chat messages to show (0 turns them off).',
      kind: 'number',
    },
    {
      key: 'stateMap',
      label: 'Agent state mapping',
      help: 'Your tenant’s state names → board states. Ready, Busy, After Call Work, Not Ready and Logged Out are known already.',
      kind: 'state-map',
    },
  ],
}
