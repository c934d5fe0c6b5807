import { z } from 'zod'
import type { ProviderDescriptor } from './descriptor'

export const simulatorOptions = z.strictObject({
  /** Seed of the deterministic model: the same seed and start time give the same contact center. */
  seed: z.number().int().default(42),
  agents: z.number().int().min(1).max(20_000).default(40),
  /** Let the model raise incidents (a queue backs up, an agent overstays a break). */
  incidents: z.boolean().default(true),
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
  ],
}
