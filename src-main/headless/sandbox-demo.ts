/**
 * `--sandboxes`: one simulated contact center served as every vendor's API on loopback, with a connection per
 * vendor pointing at it, so the demo runs through the real pollers (docs/ARCHITECTURE.md §6.2).
 */
import { validateConnection, type ConnectionConfig } from '../../src-shared/config'
import type { Clock, Logger } from '../core/ports'
import { SANDBOX_FACTORIES } from '../core/sandbox/registry'
import type { SandboxServer } from '../core/sandbox/server'
import { calendarFor } from '../core/simulator/business-clock'
import { createSimulator } from '../core/simulator/model'

/** The credentials every demo sandbox accepts; they never leave this machine. */
export const DEMO_USERNAME = 'demo'
export const DEMO_SECRET = 'demo-secret-not-a-real-credential'

/** Where each vendor's API root sits on its sandbox (appended to the origin to make a connection's baseUrl). */
export const SANDBOX_PATHS: Partial<Record<string, string>> = { '8x8': '/api/rtstats' }

/** The options a demo connection needs per vendor. */
export const DEMO_OPTIONS: Partial<Record<string, Record<string, unknown>>> = {
  '8x8': { format: 'json' },
  thulium: { chatQueueIds: ['1', '2', '3'] },
  // Today's figures and the contact in progress (docs/vendors/brightpattern.md §7.2), as a supervisor would ask for.
  brightpattern: {
    agentColumns: [
      'in_calls_handled_per_day',
      'agent_total_ready_time',
      'agent_total_busy_time',
      'active_item_talk_duration',
      'active_item_hold_duration',
    ],
  },
}

export async function startSandboxDemo(o: {
  clock: Clock
  log: Logger
  seed?: number
  /** "HH:MM": replay a reference day from this time instead of following this machine's clock. */
  startTime?: string
}): Promise<{ connections: ConnectionConfig[]; servers: SandboxServer[]; close(): Promise<void> }> {
  const calendar = calendarFor({ startTime: o.startTime }, o.clock.now())
  if (typeof calendar === 'string') throw new Error(calendar)
  const sim = createSimulator({ seed: o.seed ?? 42, agents: 40, incidents: true, calendar })
  const servers: SandboxServer[] = []
  const connections: ConnectionConfig[] = []
  for (const [provider, factory] of Object.entries(SANDBOX_FACTORIES)) {
    if (!factory) continue
    const server = await factory({ sim, clock: o.clock, username: DEMO_USERNAME, secret: DEMO_SECRET })
    servers.push(server)
    const r = validateConnection({
      id: `demo-${provider}`,
      label: `Demo ${provider} (sandbox)`,
      provider,
      baseUrl: server.origin + (SANDBOX_PATHS[provider] ?? ''),
      username: DEMO_USERNAME,
      options: DEMO_OPTIONS[provider] ?? {},
    })
    if (!r.ok)
      throw new Error(`demo connection for ${provider} does not validate: ${JSON.stringify(r.issues)}`)
    connections.push(r.connection)
    o.log.info(`sandbox ${provider} at ${server.origin}`)
  }
  return {
    connections,
    servers,
    close: async () => {
      await Promise.all(servers.map((s) => s.close()))
    },
  }
}
