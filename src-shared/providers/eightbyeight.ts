import { z } from 'zod'
import type { ProviderDescriptor } from './descriptor'
import { COMMON_LIMITS, LIMIT_OPTIONS } from './limits'

export const eightByEightOptions = z.strictObject({
  ...LIMIT_OPTIONS,
  /** 8x8 answers XML by default and JSON with a `.json` suffix; both parse the same. */
  format: z.enum(['json', 'xml']).default('json'),
})
export type EightByEightOptions = z.infer<typeof eightByEightOptions>

export const eightByEightDescriptor: ProviderDescriptor = {
  id: '8x8',
  label: '8x8 Contact Center',
  summary: 'Agents and queues from 8x8 Contact Center real-time statistics.',
  baseUrl: {
    required: true,
    default: null,
    label: 'Cluster URL',
    help: 'Up to and including /api/rtstats, e.g. https://vcc-na7.8x8.com/api/rtstats: use the host of your 8x8 Configuration Manager login (vcc-na4, vcc-eu2, …; older tenants na1.mycontactual.com). A URL ending in /api/rtstats/stats works too.',
    placeholder: 'https://vcc-na7.8x8.com/api/rtstats',
  },
  username: {
    required: true,
    label: 'Tenant',
    help: 'Your 8x8 Contact Center tenant name: the user name 8x8 asks for when you open the statistics URL in a browser.',
  },
  secret: {
    required: true,
    label: 'Data request token',
    help: 'Configuration Manager → Integration → API Token → "New Token" next to "Data Request Token". Generating a new token invalidates the old one. Stored in your OS keychain only.',
  },
  pollSeconds: {
    min: 10,
    default: 10,
    help: '8x8 refreshes its statistics every 10 seconds, so Floorwalker never asks more often than that, whatever is set here.',
  },
  limits: COMMON_LIMITS,
  neverEmpty: true,
  stateReasons: 'given',
  // docs/vendors/8x8.md, "Console links"
  console: { home: 'https://login.8x8.com/' },
  options: eightByEightOptions,
  fields: [
    {
      key: 'format',
      label: 'Response format',
      help: 'JSON is smaller; XML is 8x8’s default. Use XML only if your tenant rejects JSON.',
      kind: 'select',
      choices: [
        { value: 'json', label: 'JSON' },
        { value: 'xml', label: 'XML' },
      ],
    },
  ],
}
