import { z } from 'zod'
import { isValidTimeZone } from '../business-day'
import type { ProviderDescriptor } from './descriptor'
import { COMMON_LIMITS, LIMIT_OPTIONS } from './limits'

export const thuliumOptions = z.strictObject({
  ...LIMIT_OPTIONS,
  /** Chat queue ids: one chat room each. Empty = one room summing every chat queue. */
  chatQueueIds: z.array(z.string().regex(/^\d+$/, 'Thulium chat queue ids are numbers')).default([]),
  /** Chat queue id → display name (default "Chat queue <id>"). */
  queueLabels: z.record(z.string(), z.string().min(1)).default({}),
  /** Only these users; empty = all users. */
  userLogins: z.array(z.string().min(1)).default([]),
  /** IANA zone that defines "today"; default: this machine's zone. */
  timezone: z
    .string()
    .min(1)
    .refine(isValidTimeZone, {
      message: 'not a time zone this system knows (use an IANA name, e.g. Europe/Warsaw)',
    })
    .optional(),
  /** Seconds within which a chat counts as answered in service level (Thulium's `response_threshold`). */
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
  username: {
    required: true,
    label: 'API user',
    help: 'A Thulium API user (Administration → Users → API users) allowed to call chats/reports/summary.',
  },
  secret: {
    required: true,
    label: 'Password',
    help: 'The API user’s password; stored in your OS keychain only.',
  },
  pollSeconds: { min: 60, default: 60, help: 'Thulium reports are summaries: once a minute is enough.' },
  limits: COMMON_LIMITS,
  neverEmpty: true,
  stateReasons: 'none',
  // docs/vendors/thulium.md, "Console links"
  console: { home: '{origin}/' },
  options: thuliumOptions,
  fields: [
    {
      key: 'chatQueueIds',
      label: 'Chat queues',
      help: 'Chat queue ids to report on, one card each. Empty shows one card for all chat queues together.',
      kind: 'string-list',
      placeholder: '3',
    },
    {
      key: 'queueLabels',
      label: 'Queue names',
      help: 'Names to show for the queue ids.',
      kind: 'string-map',
      columns: { key: 'queueId', value: 'queueName' },
    },
    {
      key: 'userLogins',
      label: 'Agents',
      help: 'Only these user logins; empty shows everyone in today’s report. Agent figures cover all chat queues.',
      kind: 'string-list',
      placeholder: 'jkowalski',
    },
    {
      key: 'timezone',
      label: 'Time zone',
      help: 'Defines “today” (from midnight to now). Empty uses this computer’s zone.',
      kind: 'text',
      placeholder: 'Europe/Warsaw',
    },
    {
      key: 'responseThresholdSec',
      label: 'Service level threshold (s)',
      help: 'Chats answered within this many seconds count towards service level (default 20).',
      kind: 'number',
    },
  ],
}
