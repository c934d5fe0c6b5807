/**
 * The headless runner as a user runs it: a child process, NDJSON on stdout, exit codes 0 / 1 / 2
 * (docs/ARCHITECTURE.md §7.3), against each vendor's sandbox server on loopback and against the simulator.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProviderSnapshot } from '../../src-shared/model'
import { AGENT_STATES } from '../../src-shared/model'
import { systemClock } from '../core/runtime/system-clock'
import { SANDBOX_FACTORIES } from '../core/sandbox/registry'
import type { SandboxServer } from '../core/sandbox/server'
import { replayCalendar } from '../core/simulator/business-clock'
import { createSimulator } from '../core/simulator/model'
import { SANDBOX_PATHS } from './sandbox-demo'
import { runCli as runCliWith, type CliRun } from './test-cli'

type Run = CliRun

/** The CLI with this process's environment and `env` over it. */
const runCli = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
  runCliWith(args, { ...process.env, ...env })

const dir = mkdtempSync(join(tmpdir(), 'fw-cli-'))
function configFile(name: string, config: unknown): string {
  const f = join(dir, `${name}.json`)
  writeFileSync(f, JSON.stringify(config))
  return f
}

const snapshots = (r: Run) => r.lines.filter((l) => l['type'] === 'snapshot') as unknown as ProviderSnapshot[]
const statuses = (r: Run) => r.lines.filter((l) => l['type'] === 'status').map((l) => l['state'])

describe('headless runner on the simulator', () => {
  it('--demo --once prints a snapshot that follows the model field for field, and exits 0', async () => {
    const r = await runCli(['--demo', '--once'])
    expect(r.code).toBe(0)
    const [s] = snapshots(r)
    expect(s).toBeDefined()
    expect(Object.keys(s!).sort()).toEqual(
      [
        'type',
        'connection',
        'provider',
        'asOf',
        'health',
        'agents',
        'queues',
        'chatRooms',
        'chatMessages',
        'metrics',
        'warnings',
      ].sort(),
    )
    expect(s!.provider).toBe('simulator')
    expect(s!.agents.length).toBeGreaterThanOrEqual(40)
    const a = s!.agents[0]!
    expect(Object.keys(a).sort()).toEqual(
      [
        'id',
        'name',
        'email',
        'state',
        'rawState',
        'stateReason',
        'timeInStateSec',
        'stateSince',
        'onHold',
        'contactSec',
        'contactSince',
        'media',
        'openInteractions',
        'freeCapacity',
        'groupIds',
        // The simulator names its teams (docs/ARCHITECTURE.md §4).
        'groupNames',
        'queueIds',
        'today',
        'raw',
      ].sort(),
    )
    for (const ag of s!.agents) {
      expect(AGENT_STATES).toContain(ag.state)
      if (ag.timeInStateSec !== null) expect(ag.stateSince).toBe(s!.asOf - ag.timeInStateSec * 1000)
    }
    const q = s!.queues[0]!
    expect(Object.keys(q).sort()).toEqual(
      [
        'id',
        'name',
        'media',
        'mediaFrom',
        'waiting',
        'longestWaitSec',
        'avgWaitNowSec',
        'offered',
        'inProgress',
        'agentsAvailable',
        'agentsBusy',
        'agentsWrapUp',
        'agentsNotReady',
        'agentsLoggedIn',
        'agentsLoggedOut',
        'serviceLevelPct',
        'serviceLevelTargetPct',
        'serviceLevelThresholdSec',
        'targetOrigin',
        'today',
        'last30m',
        'raw',
      ].sort(),
    )
    expect(new Set(s!.queues.map((x) => x.media))).toEqual(new Set(['voice', 'email', 'chat']))
    expect(statuses(r)).toEqual(['connecting', 'ok'])
  }, 60_000)

  it('--serve with no board asking starts polling after its limit, and still delivers', async () => {
    const r = await runCli(['--demo', '--serve', '127.0.0.1:0', '--for', '8'])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/board at http:\/\/127\.0\.0\.1:\d+/)
    // Listening first, then the connections, when no board asked for the saved one.
    const listening = r.stderr.indexOf('serving the board at')
    const starting = r.stderr.indexOf('starting the connections')
    expect(listening).toBeGreaterThan(-1)
    expect(starting).toBeGreaterThan(listening)
    expect(r.stderr.slice(starting)).toContain('no board asked within the limit')
    expect(snapshots(r).length).toBeGreaterThan(0)
  })

  it('a config with mistakes exits 1 naming the connection and the field', async () => {
    const f = configFile('bad', {
      connections: [
        { id: 'x', provider: 'avaya' },
        { id: 'bp', provider: 'brightpattern', username: 'u' },
        { id: 'sim', provider: 'simulator', pollSeconds: -1 },
      ],
    })
    const r = await runCli(['--config', f, '--once'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('connection "x", field "provider"')
    expect(r.stderr).toContain('connection "bp", field "baseUrl": required for provider brightpattern')
    expect(r.stderr).toContain('connection "sim", field "pollSeconds": must be greater than 0')
    expect(r.lines).toEqual([])
  }, 30_000)

  it('bad usage exits 1 with the reason', async () => {
    const r = await runCli(['--for', 'soon'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('--for must be a number of seconds')
  }, 30_000)
})

describe('headless runner against each vendor sandbox', () => {
  const servers = new Map<string, SandboxServer>()
  const sim = createSimulator({
    seed: 7,
    agents: 40,
    incidents: true,
    calendar: replayCalendar(systemClock.now(), 9.5 * 3600),
  })
  const USER = 'acme'
  const SECRET = 'right-secret-123'

  beforeAll(async () => {
    for (const [provider, factory] of Object.entries(SANDBOX_FACTORIES)) {
      servers.set(provider, await factory!({ sim, clock: systemClock, username: USER, secret: SECRET }))
    }
  })
  afterAll(async () => {
    await Promise.all([...servers.values()].map((s) => s.close()))
  })

  const OPTIONS: Record<string, Record<string, unknown>> = {
    '8x8': { format: 'xml' },
    thulium: { chatQueueIds: ['1', '2'], timezone: 'Europe/Warsaw' },
    giosg: { timezone: 'Europe/Helsinki' },
  }
  const connection = (provider: string) => ({
    id: `it-${provider}`,
    provider,
    baseUrl: servers.get(provider)!.origin + (SANDBOX_PATHS[provider] ?? ''),
    username: USER,
    secretEnv: 'IT_SECRET',
    options: OPTIONS[provider] ?? {},
  })

  const expectations: Record<string, (s: ProviderSnapshot) => void> = {
    '8x8': (s) => {
      expect(s.agents.length).toBe(40)
      expect(s.queues.length).toBeGreaterThanOrEqual(3)
    },
    brightpattern: (s) => {
      expect(s.agents.length).toBe(40)
      expect(s.queues.length).toBeGreaterThanOrEqual(3)
      expect(s.metrics.map((m) => m.metricId)).toEqual(
        expect.arrayContaining(['agents_logged', 'agents_ready', 'agents_busy']),
      )
      expect(s.chatMessages.length).toBeGreaterThan(0)
    },
    chronicall: (s) => {
      expect(s.agents.length).toBeGreaterThan(0)
      expect(s.queues.length).toBeGreaterThan(0)
      expect(s.metrics.some((m) => m.live !== null)).toBe(true)
    },
    giosg: (s) => {
      expect(s.chatRooms.length).toBeGreaterThan(0)
      expect(s.agents.length).toBeGreaterThan(0)
    },
    thulium: (s) => {
      expect(s.chatRooms.map((r) => r.id)).toEqual(['1', '2'])
      // The simulator's 40 agents, nobody added: every sandbox serves the same floor.
      expect(s.agents).toHaveLength(40)
      expect(s.agents.every((a) => a.state === 'unknown')).toBe(true)
    },
  }

  for (const provider of Object.keys(SANDBOX_FACTORIES)) {
    it(`${provider}: --once prints a complete snapshot and exits 0; a wrong secret is auth_failed, exit 2`, async () => {
      const f = configFile(provider, { connections: [connection(provider)] })
      const good = await runCli(['--config', f, '--once', '--timeout', '40'], { IT_SECRET: SECRET })
      expect(good.code, good.stderr).toBe(0)
      const delivered = snapshots(good).filter((s) => s.health !== 'warming_up')
      expect(delivered.length).toBeGreaterThan(0)
      expectations[provider]?.(delivered[0]!)
      expect(statuses(good).at(-1)).toBe('ok')

      const bad = await runCli(['--config', f, '--once', '--timeout', '40'], { IT_SECRET: 'wrong-secret' })
      expect(bad.code).toBe(2)
      expect(statuses(bad)).toContain('auth_failed')
      // No secret, right or wrong, ever reaches the output or the logs.
      for (const run of [good, bad]) {
        const all = JSON.stringify(run.lines) + run.stderr
        expect(all).not.toContain(SECRET)
        expect(all).not.toContain('wrong-secret')
      }
    }, 120_000)
  }
})
