import { z } from 'zod'
import type { ProviderDescriptor } from './descriptor'

export const giosgOptions = z.strictObject({
  /** IANA zone for today's counters; default: this machine's zone. */
  timezone: z.string().min(1).optional(),
  includeShared: z.boolean().default(false),
  roomIds: z.array(z.string().min(1)).default([]),
  userIds: z.array(z.string().min(1)).default([]),
  /** "Token" for API tokens (default), "Bearer" for OAuth access tokens. */
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
  secret: { required: true, label: 'API token', help: 'giosg → Settings → API tokens.' },
  pollSeconds: { min: 5, default: 15, help: 'Every 10–15 seconds keeps the board live without load.' },
  options: giosgOptions,
  fields: [
    { key: 'timezone', label: 'Time zone', help: 'Today’s counters are counted in this zone.', kind: 'text', placeholder: 'Europe/Helsinki' },
    { key: 'includeShared', label: 'Include shared rooms', help: 'Rooms shared with your organization.', kind: 'boolean' },
    { key: 'roomIds', label: 'Rooms', help: 'Only these room ids; empty shows all.', kind: 'string-list' },
    { key: 'userIds', label: 'Operators', help: 'Only these user ids; empty shows all.', kind: 'string-list' },
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
