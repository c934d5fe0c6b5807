/**
 * Start one vendor's sandbox server (docs/ARCHITECTURE.md §6.2) on loopback, fed by the simulator, and keep
 * it running:
 *   npm run --silent sandbox -- --provider 8x8 [--port 0] [--username demo] [--secret demo-secret] [--seed 42]
 *     [--timezone Europe/Helsinki] [--start-time 10:30]
 * Prints one JSON line {"provider","origin","baseUrl"} on stdout when ready; stops on SIGINT / SIGTERM.
 */
import type { ProviderId } from '../../src-shared/model'
import { systemClock } from '../core/runtime/system-clock'
import { SANDBOX_FACTORIES } from '../core/sandbox/registry'
import { calendarFor } from '../core/simulator/business-clock'
import { createSimulator } from '../core/simulator/model'
import { DEMO_SECRET, DEMO_USERNAME, SANDBOX_PATHS } from './sandbox-demo'

function fail(msg: string): never {
  process.stderr.write(
    `floorwalker sandbox: ${msg}\nUsage: npm run --silent sandbox -- --provider ID [--port N] [--host H] [--username U] [--secret S] [--seed N] [--agents N] [--timezone ZONE] [--start-time HH:MM]\n`,
  )
  process.exit(1)
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const provider = opt('provider') as Exclude<ProviderId, 'simulator'> | undefined
  const available = Object.keys(SANDBOX_FACTORIES).join(', ')
  if (!provider) fail(`--provider is required (one of ${available})`)
  const factory = SANDBOX_FACTORIES[provider]
  if (!factory) fail(`no sandbox for "${provider}" (one of ${available})`)
  const port = Number(opt('port') ?? '0')
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be 0–65535')
  const seed = Number(opt('seed') ?? '42')
  const agents = Number(opt('agents') ?? '40')
  const calendar = calendarFor({ timezone: opt('timezone'), startTime: opt('start-time') }, systemClock.now())
  if (typeof calendar === 'string') fail(calendar)
  const sim = createSimulator({ seed, agents, incidents: true, calendar })
  const server = await factory({
    sim,
    clock: systemClock,
    username: opt('username') ?? DEMO_USERNAME,
    secret: opt('secret') ?? DEMO_SECRET,
    host: opt('host') ?? '127.0.0.1',
    port,
  })
  process.stdout.write(
    JSON.stringify({
      provider,
      origin: server.origin,
      baseUrl: server.origin + (SANDBOX_PATHS[provider] ?? ''),
    }) + '\n',
  )
  const stop = () => void server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((e: unknown) => fail((e as Error).message))
