/**
 * Many team viewers in one process, for the fan-out test and benchmark, each with its own connection to the broker
 * (TCP, or WebSocket with --ws: one process cannot mix both, study §4.6-7). It joins them all at once, then reports
 * on stdout one JSON line: join times, patch latency (receipt − the holder's clock; both on this machine) and
 * sequence gaps.
 *
 * With --light (what the 200-viewer run uses) each viewer does only what a viewer does on the wire, as the study's
 * prototype did: a direct get of the site config and of every connection's state, then the live patches with their
 * epoch and sequence. Hundreds of full engines in one Node process measure that process, not the broker; the full
 * TeamEngine is what the other viewers of the tests run.
 *   node --import tsx src-main/team/testing/viewer-swarm.ts --url URL --site eu --creds FILE --count 150 --seconds 20 [--ws] [--light]
 */
import { readFileSync } from 'node:fs'
import type { NatsConnection } from '@nats-io/nats-core'
import { wsconnect } from '@nats-io/nats-core'
import { WebSocket } from 'ws'
import { createLogger } from '../../core/runtime/logger'
import { systemClock } from '../../core/runtime/system-clock'
import {
  decodeToken,
  HDR_EPOCH,
  HDR_SEQ,
  HDR_TIME,
  TEAM_BUCKETS,
  teamKeys,
  teamSubjects,
  type TeamSiteConfig,
  type TeamSnapshot,
} from '../../../src-shared/team'
import { getJson } from '../kv'
import { connectTeam, openBucket, teamConnectOptions, type TeamCredential } from '../nats'
import { startTeamViewer, type TeamEngine } from '../viewer'

const argv = process.argv.slice(2)
const opt = (k: string) => {
  const i = argv.indexOf(`--${k}`)
  return i >= 0 ? argv[i + 1] : undefined
}
const url = opt('url') as string
const site = opt('site') as string
const cred = JSON.parse(readFileSync(opt('creds') as string, 'utf8')) as TeamCredential
const count = Number(opt('count') ?? '10')
const seconds = Number(opt('seconds') ?? '10')
const ws = argv.includes('--ws')
const light = argv.includes('--light')
const log = createLogger(() => undefined)

if (ws && typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'undefined') {
  // Node 20 has no global WebSocket (Electron's Node 22 and browsers do).
  ;(globalThis as { WebSocket?: unknown }).WebSocket = WebSocket
}

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number
}

type Applied = (e: { connection: string; epoch: number; seq: number; serverNow: number }) => void

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A viewer on the wire only: join by direct gets, then patches in (epoch, seq) order; a gap means a re-read. */
async function lightViewer(
  nc: NatsConnection,
): Promise<{ onApplied(fn: Applied): void; dispose(): Promise<void> }> {
  const live = await openBucket(nc, TEAM_BUCKETS.live)
  const config = await openBucket(nc, TEAM_BUCKETS.config)
  const pos = new Map<string, { epoch: number; seq: number; ready: boolean }>()
  let listener: Applied = () => undefined
  const read = async (id: string) => {
    for (;;) {
      try {
        const s = await getJson<TeamSnapshot>(live, teamKeys.live(site, id))
        pos.set(id, { epoch: s?.value.epoch ?? 0, seq: s?.value.seq ?? 0, ready: true })
        return
      } catch {
        await pause(200 + Math.random() * 500)
      }
    }
  }
  /** Patches that came while a connection was being read: applied after, if newer than what was read. */
  const waiting = new Map<string, { epoch: number; seq: number; sent: number }[]>()
  const apply = (id: string, epoch: number, seq: number, sent: number) => {
    const p = pos.get(id)
    if (!p?.ready) {
      const w = waiting.get(id) ?? []
      w.push({ epoch, seq, sent })
      waiting.set(id, w)
      return
    }
    if (epoch < p.epoch || (epoch === p.epoch && seq <= p.seq)) return
    if (epoch === p.epoch && seq === p.seq + 1) {
      p.seq = seq
      listener({ connection: id, epoch, seq, serverNow: sent })
      return
    }
    // A gap (-1), or another holder (-2): read the state again.
    listener({ connection: id, epoch, seq: epoch === p.epoch ? -1 : -2, serverNow: sent })
    p.ready = false
    void read(id).then(() => {
      const w = waiting.get(id) ?? []
      waiting.delete(id)
      for (const x of w) apply(id, x.epoch, x.seq, x.sent)
    })
  }
  // Only the headers are read: the body is what a real viewer parses, one per process, not hundreds.
  const sub = nc.subscribe(teamSubjects.liveAll(site), {
    callback: (err, m) => {
      if (err) return
      const id = decodeToken(m.subject.split('.').slice(3).join('.'))
      apply(
        id,
        Number(m.headers?.get(HDR_EPOCH) ?? 0),
        Number(m.headers?.get(HDR_SEQ) ?? 0),
        Number(m.headers?.get(HDR_TIME) ?? 0),
      )
    },
  })
  let doc: { value: TeamSiteConfig } | null = null
  while (doc === null) {
    try {
      doc = await getJson<TeamSiteConfig>(config, teamKeys.config(site))
    } catch {
      await pause(200 + Math.random() * 500)
    }
  }
  const ids = ((doc.value.config as { connections?: { id: string }[] }).connections ?? []).map((c) => c.id)
  await Promise.all(
    ids.map(async (id) => {
      await read(id)
      const w = waiting.get(id) ?? []
      waiting.delete(id)
      for (const x of w) apply(id, x.epoch, x.seq, x.sent)
    }),
  )
  return {
    onApplied: (fn) => (listener = fn),
    dispose: async () => sub.unsubscribe(),
  }
}

async function one(i: number, started: number) {
  const opts = teamConnectOptions({
    servers: [url],
    credential: cred,
    name: `swarm-${ws ? 'ws' : 'tcp'}-${i}`,
  })
  const nc: NatsConnection = ws ? await wsconnect(opts) : await connectTeam(opts)
  let engine: { onApplied(fn: Applied): unknown; dispose(): Promise<void> }
  if (light) {
    engine = await lightViewer(nc)
  } else {
    const full: TeamEngine = await startTeamViewer({
      nc,
      servers: [url],
      site,
      user: cred.user,
      clock: systemClock,
      log,
    })
    await full.joined()
    engine = full
  }
  return { nc, engine, joinMs: Date.now() - started }
}

const started = Date.now()
let joinedSoFar = 0
const progress = setInterval(() => {
  process.stderr.write(`swarm: ${joinedSoFar}/${count} joined after ${Date.now() - started} ms\n`)
}, 2000)
const viewers = await Promise.all(
  Array.from({ length: count }, (_, i) =>
    one(i, started).then((v) => {
      joinedSoFar++
      return v
    }),
  ),
)
clearInterval(progress)
const joinedAt = Date.now()
const latencies: number[] = []
let gaps = 0
let handovers = 0
let applied = 0
const last = new Map<string, { epoch: number; seq: number }>()
for (const [i, v] of viewers.entries()) {
  v.engine.onApplied((e) => {
    applied++
    latencies.push(Date.now() - e.serverNow)
    const k = `${i}|${e.connection}`
    const prev = last.get(k)
    if (e.seq === -2) {
      handovers++
      last.delete(k)
      return
    }
    if (e.seq === -1) {
      gaps++
      last.delete(k)
      return
    }
    if (prev && prev.epoch === e.epoch && e.seq !== prev.seq + 1) gaps++
    last.set(k, { epoch: e.epoch, seq: e.seq })
  })
}
process.stdout.write(
  JSON.stringify({
    type: 'joined',
    count,
    ms: joinedAt - started,
    maxJoinMs: Math.max(...viewers.map((v) => v.joinMs)),
  }) + '\n',
)
await new Promise((r) => setTimeout(r, seconds * 1000))
process.stdout.write(
  JSON.stringify({
    type: 'report',
    transport: ws ? 'ws' : 'tcp',
    count,
    joinMs: joinedAt - started,
    applied,
    gaps,
    handovers,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.length ? Math.max(...latencies) : null,
  }) + '\n',
)
await Promise.all(
  viewers.map(async (v) => {
    await v.engine.dispose()
    await v.nc.close()
  }),
)
process.exit(0)
