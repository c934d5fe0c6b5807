/**
 * Main-process cost of one tick at scale: 2,000 agents with 10 % changing state per poll — folding the snapshot
 * into the store and building the patch the renderer receives (and its size on the wire).
 */
import { performance } from 'node:perf_hooks'
import { LiveStore } from '../src-main/core/engine/live-store'
import type { Agent } from '../src-shared/model'
import { AGENT_STATES, blankAgent } from '../src-shared/model'
import { percentile, type BenchResult } from './report'

function agents(n: number, asOf: number, states: string[], since: number[]): Agent[] {
  return Array.from({ length: n }, (_, i) =>
    blankAgent(`a${i}`, {
      name: `Agent ${i}`,
      state: states[i] as Agent['state'],
      rawState: states[i] ?? null,
      timeInStateSec: Math.round((asOf - (since[i] as number)) / 1000),
      stateSince: since[i] as number,
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
      },
      raw: { 'agent-id': i, 'agent-status': 0 },
    }),
  )
}

export function benchStorePatch(): BenchResult {
  const N = 2_000
  const store = new LiveStore()
  let asOf = Date.UTC(2026, 0, 1, 9)
  const states = Array.from({ length: N }, (_, i) => AGENT_STATES[i % 7] as string)
  const since = Array.from({ length: N }, (_, i) => asOf - 10_000 - i * 1_000)
  const snap = (list: Agent[]) => ({
    connection: 'bench',
    provider: 'simulator' as const,
    asOf,
    health: 'ok' as const,
    agents: list,
    queues: [],
    chatRooms: [],
    chatMessages: [],
    metrics: [],
    warnings: [],
  })
  store.applySnapshot(snap(agents(N, asOf, states, since)), 5_000)
  store.takePatch(asOf)
  const times: number[] = []
  const sizes: number[] = []
  let seed = 1
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
  for (let tick = 0; tick < 200; tick++) {
    asOf += 5_000
    for (let k = 0; k < N / 10; k++) {
      const i = Math.floor(rnd() * N)
      states[i] = AGENT_STATES[(AGENT_STATES.indexOf(states[i] as Agent['state']) + 1) % 7] as string
      since[i] = asOf - 1_000
    }
    const list = agents(N, asOf, states, since)
    const t0 = performance.now()
    store.applySnapshot(snap(list), 5_000)
    const patch = store.takePatch(asOf)
    times.push(performance.now() - t0)
    sizes.push(JSON.stringify(patch).length)
  }
  const p50 = percentile(times, 50)
  const p95 = percentile(times, 95)
  return {
    name: 'store patch (main)',
    what: '2,000 agents, 10 % changing per 5 s poll: apply snapshot + build patch',
    target: 'p95 < 20 ms (main process, off the UI thread)',
    measured: `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms; patch ≈ ${(percentile(sizes, 50) / 1024).toFixed(0)} KiB`,
    pass: p95 < 20,
  }
}
