/**
 * Main-process cost of one poll at scale: agents over several connections with 10 % changing state per 5 s poll —
 * folding each connection's snapshot into the store and building the patch the renderer receives (and its size on
 * the wire). Beside it, in the same run and on the same payloads, its floor: `JSON.parse` of each snapshot and a
 * shallow compare with the previous one (each field, and one level into nested arrays and objects) — the least
 * work that can tell what changed in a poll.
 */
import { performance } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { LiveStore } from '../src-main/core/engine/live-store'
import type { Agent, ProviderSnapshot } from '../src-shared/model'
import { AGENT_STATES, blankAgent } from '../src-shared/model'
import { fmtSpread, spread, versusFloor, type BenchResult } from './report'

const TICKS = 120
const TARGET_P95_MS = 20

function agent(i: number, asOf: number, state: string, since: number): Agent {
  return blankAgent(`a${i}`, {
    name: `Agent ${i}`,
    state: state as Agent['state'],
    rawState: state,
    timeInStateSec: Math.round((asOf - since) / 1000),
    stateSince: since,
    media: 'voice',
    groupIds: [`g${i % 12}`],
    queueIds: [`q${i % 8}`],
    today: {
      handled: i % 30,
      rejected: 0,
      loginSec: 3600,
      availableSec: 600,
      breakSec: 300,
      wrapUpSec: 200,
      avgHandleSec: 240,
      talkSec: 1_800,
      missed: null,
    },
    raw: { 'agent-id': i, 'agent-status': 0, 'time-in-status': Math.round((asOf - since) / 1000) },
  })
}

setFlagsFromString('--expose-gc')
const collect = runInNewContext('gc') as () => void

/** Heap in use after full collections, MB. */
function heapMb(): number {
  for (let i = 0; i < 3; i++) collect()
  return process.memoryUsage().heapUsed / 2 ** 20
}

function sameShallow(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  for (const k in x) if (x[k] !== y[k]) return false
  return true
}

/** The floor: parse the payload and count the rows whose fields differ from the previous payload's. */
function parseAndCompare(text: string, previous: Map<string, Record<string, unknown>>): number {
  const snap = JSON.parse(text) as { agents: Record<string, unknown>[] }
  let changed = 0
  for (const a of snap.agents) {
    const id = a['id'] as string
    const before = previous.get(id)
    previous.set(id, a)
    if (!before) {
      changed += 1
      continue
    }
    for (const k in a) {
      if (!sameShallow(a[k], before[k])) {
        changed += 1
        break
      }
    }
  }
  return changed
}

export interface StorePatchFigures {
  agents: number
  connections: number
  /** apply + patch, ms per poll of every connection */
  apply: ReturnType<typeof spread>
  /** JSON.parse + apply + patch */
  parseApply: ReturnType<typeof spread>
  /** JSON.parse + shallow compare */
  floor: ReturnType<typeof spread>
  patchKiB: number
  /** The store's heap with every agent in it, MB per 1,000 agents. */
  mbPer1000: number
}

export function measureStorePatch(n: number, connections: number): StorePatchFigures {
  const store = new LiveStore()
  let asOf = Date.UTC(2026, 0, 1, 9)
  const states = Array.from({ length: n }, (_, i) => AGENT_STATES[i % 7] as string)
  const since = Array.from({ length: n }, (_, i) => asOf - 10_000 - i * 1_000)
  const per = Math.ceil(n / connections)
  const payloads = (): string[] =>
    Array.from({ length: connections }, (_, c) => {
      const list: Agent[] = []
      for (let i = c * per; i < Math.min(n, (c + 1) * per); i++)
        list.push(agent(i, asOf, states[i]!, since[i]!))
      const snap: ProviderSnapshot = {
        connection: `c${c}`,
        provider: 'simulator',
        asOf,
        health: 'ok',
        agents: list,
        queues: [],
        chatRooms: [],
        chatMessages: [],
        metrics: [],
        warnings: [],
      }
      return JSON.stringify(snap)
    })
  const previous = new Map<string, Record<string, unknown>>()
  // The store's own memory: the heap with every agent in it, less the heap before (the payloads collected).
  const empty = heapMb()
  for (const text of payloads()) store.applySnapshot(JSON.parse(text) as ProviderSnapshot, 5_000)
  store.takePatch(asOf)
  const mbPer1000 = ((heapMb() - empty) * 1000) / n
  for (const text of payloads()) parseAndCompare(text, previous)
  const apply: number[] = []
  const parseApply: number[] = []
  const floor: number[] = []
  const sizes: number[] = []
  let seed = 1
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
  for (let tick = 0; tick < TICKS; tick++) {
    asOf += 5_000
    for (let k = 0; k < n / 10; k++) {
      const i = Math.floor(rnd() * n)
      states[i] = AGENT_STATES[(AGENT_STATES.indexOf(states[i] as Agent['state']) + 1) % 7] as string
      since[i] = asOf - 1_000
    }
    const texts = payloads()
    // The floor first and ours second on alternate ticks, so neither always runs on a warmer cache.
    const runFloor = () => {
      const t0 = performance.now()
      for (const text of texts) parseAndCompare(text, previous)
      floor.push(performance.now() - t0)
    }
    if (tick % 2 === 0) runFloor()
    const t0 = performance.now()
    const snaps = texts.map((t) => JSON.parse(t) as ProviderSnapshot)
    const t1 = performance.now()
    for (const s of snaps) store.applySnapshot(s, 5_000)
    const patch = store.takePatch(asOf)
    const t2 = performance.now()
    apply.push(t2 - t1)
    parseApply.push(t2 - t0)
    if (tick % 2 === 1) runFloor()
    sizes.push(JSON.stringify(patch).length)
  }
  sizes.sort((a, b) => a - b)
  return {
    agents: n,
    connections,
    apply: spread(apply),
    parseApply: spread(parseApply),
    floor: spread(floor),
    patchKiB: (sizes[sizes.length >> 1] ?? 0) / 1024,
    mbPer1000,
  }
}

function result(f: StorePatchFigures): BenchResult {
  const agents = f.agents.toLocaleString('en')
  return {
    name: `store patch (main), ${agents} agents`,
    what: `${agents} agents over ${f.connections} connection${f.connections > 1 ? 's' : ''}, 10 % changing per 5 s poll (${TICKS} polls): apply every snapshot + build the patch; patch ≈ ${f.patchKiB.toFixed(0)} KiB`,
    target: `p95 < ${TARGET_P95_MS} ms (main process, off the UI thread); ≤ 2× the floor`,
    measured: `apply + patch ${fmtSpread(f.apply)}; with JSON.parse ${fmtSpread(f.parseApply)}; the store holds ${f.mbPer1000.toFixed(2)} MB per 1,000 agents`,
    floor: `JSON.parse + shallow compare of the same payloads: ${fmtSpread(f.floor)}`,
    ratio: versusFloor(f.parseApply, f.floor),
    pass: f.apply.p95 < TARGET_P95_MS,
  }
}

export function benchStorePatch(): BenchResult {
  return result(measureStorePatch(2_000, 1))
}

export function benchStorePatchAtScale(): BenchResult {
  return result(measureStorePatch(10_000, 5))
}
