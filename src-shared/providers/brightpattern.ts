import { z } from 'zod'
import { AGENT_STATES } from '../model'
import type { ProviderDescriptor } from './descriptor'

const statName = z.string().regex(/^[A-Za-z0-9_]+$/, 'a statistic name is letters, digits and underscores')

export const brightPatternOptions = z.strictObject({
  /** "oauth": client credentials (current); "session": legacy POST /statsapi/auth with a cookie session. */
  auth: z.enum(['oauth', 'session']).default('oauth'),
  /** Legacy session auth only: the tenant_url sent to /statsapi/auth (defaults to the base URL's host). */
  tenantUrl: z.string().min(1).optional(),
  /** Extra statistic columns (protocol names, REFERENCE §2.6) added to the agent grid. */
  agentColumns: z.array(statName).default([]),
  /** Extra statistic columns added to the service grid. */
  serviceColumns: z.array(statName).default([]),
  /** Totals statistics; each becomes a metric whose metricId is the statistic name. */
  totals: z.array(statName).default(['agents_logged', 'agents_ready', 'agents_busy']),
  /** Only these services (by name); empty = all. */
  services: z.array(z.string().min(1)).default([]),
  chatMessageLimit: z.number().int().min(0).max(500).default(50),
  /** acd_state string (case-insensitive) → AgentState, on top of the defaults (REFERENCE §6.3). */
  stateMap: z.record(z.string(), z.enum(AGENT_STATES)).default({}),
})
export type BrightPatternOptions = z.infer<typeof brightPatternOptions>

export const brightPatternDescriptor: ProviderDescriptor = {
  id: 'brightpattern',
  label: 'Bright Pattern',
  summary: 'Agents, services, totals and supervisor chat messages from the Bright Pattern Real-Time Stats API.',
  baseUrl: {
    required: true,
    default: null,
    label: 'Tenant URL',
    help: 'Your tenant origin, e.g. https://acme.brightpattern.com',
    placeholder: 'https://acme.brightpattern.com',
  },
  username: { required: true, label: 'Client ID / user', help: 'OAuth client id (or the user name for session auth).' },
  secret: { required: true, label: 'Client secret / password', help: 'Stored in your OS keychain only.' },
  pollSeconds: { min: 3, default: 5, help: 'Bright Pattern recommends polling every 3–5 seconds.' },
  options: brightPatternOptions,
  fields: [
    {
      key: 'auth',
      label: 'Authentication',
      help: 'OAuth client credentials for current tenants; session for older versions.',
      kind: 'select',
      choices: [
        { value: 'oauth', label: 'OAuth client credentials' },
        { value: 'session', label: 'Legacy session (user + password)' },
      ],
    },
    { key: 'tenantUrl', label: 'Tenant URL (session auth)', help: 'Sent as tenant_url; usually your tenant host.', kind: 'text' },
    { key: 'services', label: 'Services', help: 'Only these services; empty shows all.', kind: 'string-list' },
    { key: 'agentColumns', label: 'Extra agent statistics', help: 'Statistic names added to the agent grid.', kind: 'string-list' },
    { key: 'serviceColumns', label: 'Extra service statistics', help: 'Statistic names added to the service grid.', kind: 'string-list' },
    { key: 'totals', label: 'Totals', help: 'Totals statistics shown as metrics.', kind: 'string-list' },
    { key: 'chatMessageLimit', label: 'Chat messages', help: 'How many supervisor messages to keep.', kind: 'number' },
    { key: 'stateMap', label: 'Agent state mapping', help: 'Your tenant’s state names → board states.', kind: 'state-map' },
  ],
}
