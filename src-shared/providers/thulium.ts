import { z } from 'zod'
import type { ProviderDescriptor } from './descriptor'

export const thuliumOptions = z.strictObject({
  chatQueueIds: z.array(z.string().min(1)).default([]),
  /** Chat queue id → display name (default "Chat queue <id>"). */
  queueLabels: z.record(z.string(), z.string().min(1)).default({}),
  /** Only these users; empty = all users. */
  userLogins: z.array(z.string().min(1)).default([]),
  /** IANA zone that defines "today"; default: this machine's zone. */
  timezone: z.string().min(1).optional(),
  /** Seconds within which a chat counts as answered in service level. */
  responseThresholdSec: z.number().int().min(1).max(3600).default(20),
})
export type ThuliumOptions = z.infer<typeof thuliumOptions>

export const thuliumDescriptor: ProviderDescriptor = {
  id: 'thulium',
  label: 'Thulium',
  summary: 'Today’s chat performance per queue and per agent (a report, not live state).',
  baseUrl: {
    required: true,
    default: null,
    label: 'System URL',
    help: 'Your Thulium system origin, e.g. https://acme.thulium.com',
    placeholder: 'https://acme.thulium.com',
  },
  username: { required: true, label: 'API user', help: 'A Thulium API user (Administration → API users).' },
  secret: { required: true, label: 'Password', help: 'The API user’s password; stored in your OS keychain only.' },
  pollSeconds: { min: 60, default: 60, help: 'Thulium reports are summaries: once a minute is enough.' },
  options: thuliumOptions,
  fields: [
    { key: 'chatQueueIds', label: 'Chat queues', help: 'Chat queue ids to report on.', kind: 'string-list' },
    { key: 'queueLabels', label: 'Queue names', help: 'Names to show for the queue ids.', kind: 'string-map' },
    { key: 'userLogins', label: 'Agents', help: 'Only these user logins; empty shows all.', kind: 'string-list' },
    { key: 'timezone', label: 'Time zone', help: 'Defines “today”.', kind: 'text', placeholder: 'Europe/Warsaw' },
    { key: 'responseThresholdSec', label: 'Service level threshold (s)', help: 'Answered within this many seconds counts.', kind: 'number' },
  ],
}
