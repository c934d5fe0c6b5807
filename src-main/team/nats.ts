/**
 * The NATS side of team mode: connecting (with the reconnect and ping settings a desktop needs, study §1.3 and
 * §4.6-6), team credentials (a file or the environment, never argv), and the buckets and streams pollers create.
 * The only module of team mode that knows how to reach the broker; everything else takes a NatsConnection.
 */
import { readFileSync, statSync } from 'node:fs'
import { hostname } from 'node:os'
import { connect } from '@nats-io/transport-node'
import type { ConnectionOptions, NatsConnection } from '@nats-io/nats-core'
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream'
import { Kvm, type KV } from '@nats-io/kv'
import {
  kvStream,
  TEAM_BUCKETS,
  TEAM_EVENTS_MS,
  TEAM_HISTORY_MS,
  TEAM_STREAMS,
  USER_PATTERN,
} from '../../src-shared/team'
import type { Logger } from '../core/ports'

export interface TeamCredential {
  user: string
  password: string
}

export const ENV_TEAM_USER = 'FLOORWALKER_TEAM_USER'
export const ENV_TEAM_PASSWORD = 'FLOORWALKER_TEAM_PASSWORD'

/**
 * The team credential: a JSON file `{ "user": "...", "password": "..." }` (written by `team init`, mode 0600), or
 * the environment (FLOORWALKER_TEAM_USER / FLOORWALKER_TEAM_PASSWORD). Never a command-line argument: argv is
 * readable by every user of the machine.
 */
export function loadTeamCredential(o: {
  file: string | null
  env: Record<string, string | undefined>
}): { ok: true; credential: TeamCredential } | { ok: false; message: string } {
  if (o.file !== null) {
    let text: string
    try {
      text = readFileSync(o.file, 'utf8')
    } catch (e) {
      return { ok: false, message: `cannot read the team credential ${o.file}: ${(e as Error).message}` }
    }
    try {
      if ((statSync(o.file).mode & 0o077) !== 0 && process.platform !== 'win32') {
        return {
          ok: false,
          message: `the team credential ${o.file} is readable by other users: chmod 600 it`,
        }
      }
    } catch {
      // read above succeeded; a stat failure here is not worth refusing for
    }
    let raw: unknown
    try {
      raw = JSON.parse(text)
    } catch (e) {
      return { ok: false, message: `the team credential ${o.file} is not JSON: ${(e as Error).message}` }
    }
    const c = raw as Partial<TeamCredential> | null
    if (typeof c?.user !== 'string' || !USER_PATTERN.test(c.user))
      return { ok: false, message: `the team credential ${o.file}: "user" is missing or not a user name` }
    if (typeof c.password !== 'string' || c.password.length < 8)
      return { ok: false, message: `the team credential ${o.file}: "password" is missing or too short` }
    return { ok: true, credential: { user: c.user, password: c.password } }
  }
  const user = o.env[ENV_TEAM_USER]
  const password = o.env[ENV_TEAM_PASSWORD]
  if (!user || !password) {
    return {
      ok: false,
      message: `no team credential: pass --team-creds FILE, or set ${ENV_TEAM_USER} and ${ENV_TEAM_PASSWORD}`,
    }
  }
  if (!USER_PATTERN.test(user)) return { ok: false, message: `${ENV_TEAM_USER} is not a user name` }
  return { ok: true, credential: { user, password } }
}

/**
 * Connection options for every team client: reconnect forever with jitter, and find a dead TCP connection within
 * about 20 s instead of the default 4 min (study §1.3). The inbox prefix is the user's own, so the broker can keep
 * users out of each other's replies.
 */
export function teamConnectOptions(o: {
  servers: string[]
  credential: TeamCredential
  name: string
}): ConnectionOptions {
  return {
    servers: o.servers,
    user: o.credential.user,
    pass: o.credential.password,
    name: o.name,
    inboxPrefix: `_INBOX_${o.credential.user}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    reconnectJitter: 1000,
    pingInterval: 10_000,
    maxPingOut: 2,
    waitOnFirstConnect: true,
    timeout: 5000,
  }
}

export function clientName(role: string, user: string): string {
  return `floorwalker/${role}/${user}@${hostname()}`
}

/** Connect over TCP (Node). Browsers use `wsconnect` with the same options; one process cannot mix both. */
export async function connectTeam(opts: ConnectionOptions): Promise<NatsConnection> {
  return connect(opts)
}

/**
 * Buckets opened the way team mode needs them: direct gets (`allow_direct`), so reads are per-key subjects. Reads
 * give up after `timeoutMs` (default 2 s) rather than the client's 5 s: a viewer retries a read that a broker under
 * a join storm dropped, and should not wait long for it.
 */
export async function openBucket(nc: NatsConnection, name: string, timeoutMs = 2000): Promise<KV> {
  return new Kvm(jetstream(nc, { timeout: timeoutMs })).open(name, { allow_direct: true })
}

export interface TeamInfrastructure {
  /** The lease TTL the broker enforces (the bucket's max_age), ms. */
  leaseTtlMs: number
}

/**
 * Create whatever is missing (pollers only; viewers cannot). An existing lease bucket keeps its TTL: the server's
 * max_age is what expires leases, so that is the TTL every poller must work with (a warning says so when the
 * requested one differs).
 */
export async function ensureTeamInfrastructure(
  nc: NatsConnection,
  o: { leaseTtlMs: number; log: Logger },
): Promise<TeamInfrastructure> {
  const kvm = new Kvm(nc)
  const jsm = await jetstreamManager(nc)
  await kvm.create(TEAM_BUCKETS.live, { history: 1, allow_direct: true })
  await kvm.create(TEAM_BUCKETS.config, { history: 5, allow_direct: true })
  await kvm.create(TEAM_BUCKETS.alerts, { history: 1, allow_direct: true })
  // 2.9 has no per-key TTL and silently ignores one (study §1.3): the bucket's max_age is the lease TTL.
  await kvm.create(TEAM_BUCKETS.lease, { history: 1, ttl: o.leaseTtlMs, allow_direct: true })
  const lease = await jsm.streams.info(kvStream(TEAM_BUCKETS.lease))
  const leaseTtlMs = Math.round(lease.config.max_age / 1e6)
  if (leaseTtlMs !== o.leaseTtlMs) {
    o.log.warn('the lease bucket already exists with another TTL: using the broker’s', {
      requestedMs: o.leaseTtlMs,
      brokerMs: leaseTtlMs,
    })
  }
  await ensureStream(jsm, {
    name: TEAM_STREAMS.history,
    subjects: ['fw.*.hist.>'],
    max_age: TEAM_HISTORY_MS * 1e6,
    // A sample published twice (a zombie and the new holder) is kept once.
    duplicate_window: 60_000 * 1e6,
    max_bytes: 2 * 1024 ** 3,
  })
  await ensureStream(jsm, {
    name: TEAM_STREAMS.events,
    subjects: ['fw.*.evt.>'],
    max_age: TEAM_EVENTS_MS * 1e6,
    duplicate_window: 60_000 * 1e6,
    max_bytes: 256 * 1024 ** 2,
  })
  return { leaseTtlMs }
}

async function ensureStream(
  jsm: JetStreamManager,
  c: { name: string; subjects: string[]; max_age: number; duplicate_window: number; max_bytes: number },
): Promise<void> {
  try {
    await jsm.streams.info(c.name)
  } catch (e) {
    if (!/stream not found/i.test((e as Error).message)) throw e
    await jsm.streams.add({ ...c, storage: 'file' as never, discard: 'old' as never })
  }
}

export { jetstream }
