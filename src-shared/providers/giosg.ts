import { z } from 'zod'
import { isTimeZoneName } from '../business-day'
import type { ProviderDescriptor } from './descriptor'
import { COMMON_LIMITS, LIMIT_OPTIONS } from './limits'

// giosg filters take one comma-delimited parameter (docs/vendors/giosg.md §6.2): an id holding a comma would
// split.
const filterId = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .regex(/^[^,\s]+$/, 'one id per entry, without commas or spaces')

export const giosgOptions = z.strictObject({
  ...LIMIT_OPTIONS,
  /** IANA zone for today's counters (`real_chats`, `missed_chats`); default: this machine's zone. */
  timezone: z
    .string()
    .trim()
    .min(1)
    // giosg takes tz database names only (docs/vendors/giosg.md §3).
    .refine(isTimeZoneName, 'must be a time zone name such as Europe/Helsinki or UTC')
    .optional(),
  /** Rooms shared to the organization are left out by giosg unless asked for (docs/vendors/giosg.md §6.3). */
  includeShared: z.boolean().default(false),
  /** Only these room ids (UUIDs); empty = every room the token can see. */
  roomIds: z.array(filterId).default([]),
  /** Only these operator ids; empty = every operator. */
  userIds: z.array(filterId).default([]),
  /** "Token" for API tokens (default), "Bearer" for OAuth access tokens (docs/vendors/giosg.md §2). */
  authScheme: z.enum(['Token', 'Bearer']).default('Token'),
})
export type GiosgOptions = z.infer<typeof giosgOptions>

export const giosgDescriptor: ProviderDescriptor = {
  id: 'giosg',
  label: 'giosg',
  summary: 'Live chat rooms and operators from the giosg Reporting API.',
  baseUrl: {
    required: false,
    default: 'https://service.giosg.com',
    label: 'API origin',
    help: 'Leave empty for https://service.giosg.com',
    placeholder: 'https://service.giosg.com',
  },
  username: null,
  secret: {
    required: true,
    label: 'API token',
    help: 'giosg Console → Settings → Company → Access tokens. The token’s user needs the reports permission.',
  },
  pollSeconds: { min: 5, default: 15, help: 'Every 10–15 seconds keeps the board live without load.' },
  limits: { ...COMMON_LIMITS, maxEntities: 10_000 },
  neverEmpty: true,
  stateReasons: 'none',
  // docs/vendors/giosg.md, "Console links"
  console: { home: '{origin}/' },
  options: giosgOptions,
  fields: [
    {
      key: 'timezone',
      label: 'Time zone',
      help: 'Today’s chats and missed chats are counted from midnight in this zone. Empty: this computer’s zone.',
      kind: 'text',
      placeholder: 'Europe/Helsinki',
    },
    {
      key: 'includeShared',
      label: 'Include shared rooms',
      help: 'Rooms other organizations share with yours; giosg leaves them out otherwise.',
      kind: 'boolean',
    },
    { key: 'roomIds', label: 'Rooms', help: 'Only these room ids; empty shows all.', kind: 'string-list' },
    {
      key: 'userIds',
      label: 'Operators',
      help: 'Only these user ids; empty shows all.',
      kind: 'string-list',
    },
    {
      key: 'authScheme',
      label: 'Token type',
      help: 'API token (default) or OAuth access token.',
      kind: 'select',
      choices: [
        { value: 'Token', label: 'API token' },
        { value: 'Bearer', label: 'OAuth access token' },
      ],
    },
  ],
}
