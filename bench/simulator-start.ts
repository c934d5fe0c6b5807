/**
 * What a simulator connection costs at start (docs/vendors/simulator.md §4, §8): the model catches up from the
 * day's midnight to now and reads the day so far for the trends (8 h back, every 15 s), then the first poll. The
 * later in the day, the more there is to catch up: measured at 10:00, 15:00 and 23:59 on the demo floor (40
 * agents), cold (the first start in this process, before the JIT has seen the model) and warm (the median of
 * ten more), and once for a 2,000-agent floor.
 */
import { performance } from 'node:perf_hooks'
import { createSimulatorAdapter } from '../src-main/core/providers/simulator'
import { simulatorContext } from '../src-main/core/testing/simulator-context'
import { percentile, type BenchResult } from './report'

const DAY = Date.UTC(2026, 2, 3)
const HOUR = 3_600_000

/** ms from creating the adapter to its first snapshot, backfill included. */
async function start(at: number, agents: number): Promise<number> {
  const began = performance.now()
  const adapter = createSimulatorAdapter(
    simulatorContext(
      'bench',
      { seed: 42, agents, incidents: true, timezone: 'UTC' },
      { now: () => at, setTimer: () => () => undefined },
      { label: 'Bench' },
    ),
  )
  await adapter.backfill?.(at - 8 * HOUR, 15_000)
  const r = await adapter.poll(new AbortController().signal)
  if (!r.ok) throw new Error(r.failure.detail)
  return performance.now() - began
}

export async function benchSimulatorStart(): Promise<BenchResult> {
  const times: Record<string, number> = {
    '10:00': 10 * HOUR,
    '15:00': 15 * HOUR,
    '23:59': 24 * HOUR - 60_000,
  }
  const cold = await start(DAY + 15 * HOUR, 40)
  const parts: string[] = [`cold 15:00 ${cold.toFixed(0)} ms`]
  let worst = cold
  for (const [label, offset] of Object.entries(times)) {
    const runs: number[] = []
    for (let i = 0; i < 10; i++) runs.push(await start(DAY + offset, 40))
    const p50 = percentile(runs, 50)
    worst = Math.max(worst, p50)
    parts.push(`${label} ${p50.toFixed(0)} ms`)
  }
  const big = await start(DAY + 15 * HOUR, 2_000)
  return {
    name: 'simulator start',
    what:
      'a simulator connection, created to first snapshot: catch up from midnight, 8 h of history every 15 s, ' +
      'the first poll; demo floor (40 agents) at three times of day, warm medians of 10',
    target: '< 1000 ms (40 agents)',
    measured: `${parts.join(', ')}; 2,000 agents at 15:00 ${(big / 1000).toFixed(1)} s`,
    pass: worst < 1000,
  }
}
