import { z } from 'zod'
import type { ProviderDescriptor } from './descriptor'
import { COMMON_LIMITS } from './limits'
import { isTimeZoneName } from '../business-day'

export const simulatorOptions = z.strictObject({
  /** Seed of the deterministic model: the same seed and the same instant give the same contact center. */
  seed: z.number().int().default(42),
  agents: z.number().int().min(1).max(20_000).default(40),
  /** Let the model raise incidents (a queue backs up, an agent overstays a break). */
  incidents: z.boolean().default(true),
  /** IANA zone whose wall clock the simulated day follows; default: this machine's zone. */
  timezone: z
    .string()
    .trim()
    .min(1)
    .refine(isTimeZoneName, 'must be a time zone name such as Europe/Helsinki or UTC')
    .optional(),
  /**
   * "HH:MM": instead of following the wall clock, open on a reference day at this time whenever the connection
   * starts (a busy floor for a demo at any hour; every start replays the same day).
   */
  startTime: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day written HH:MM, e.g. 10:30')
    .optional(),
})
export type SimulatorOptions = z.infer<typeof simulatorOptions>

export const simulatorDescriptor: ProviderDescriptor = {
  id: 'simulator',
  label: 'Simulated contact center',
  summary: 'A built-in, seeded contact center: no network, no credentials. Good for demos and training.',
  baseUrl: null,
  username: null,
  secret: null,
  pollSeconds: { min: 1, default: 2, help: 'How often the simulated board refreshes.' },
  limits: COMMON_LIMITS,
  neverEmpty: false,
  stateReasons: 'given',
  // docs/vendors/simulator.md, "Console links"
  console: {},
  options: simulatorOptions,
  fields: [
    { key: 'seed', label: 'Seed', help: 'Same seed, same day.', kind: 'number' },
    { key: 'agents', label: 'Agents', help: 'How many simulated agents.', kind: 'number' },
    {
      key: 'incidents',
      label: 'Incidents',
      help: 'Occasional backed-up queues and long breaks.',
      kind: 'boolean',
    },
    {
      key: 'timezone',
      label: 'Time zone',
      help: 'The simulated day follows the clock in this zone: busy at 10:00, quiet at night. Empty: this computer’s zone.',
      kind: 'text',
      placeholder: 'Europe/Helsinki',
    },
    {
      key: 'startTime',
      label: 'Replay from',
      help: 'HH:MM to open on the same reference day at that time at every start, whatever the clock says. Empty: follow the clock.',
      kind: 'text',
      placeholder: '10:30',
    },
  ],
}
