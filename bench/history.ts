/**
 * What the history days cost (docs/ARCHITECTURE.md §3.7, "History days"): eight past business days of a simulator
 * connection computed and written as one-minute day files, on the demo floor (40 agents) and on a 2,000-agent
 * floor. Measured: bytes per day and for the eight days against the folder's bound, the time to compute and write
 * the days, and the time to read and validate them all back (what a start does).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { seriesOfSamples } from '../src-main/core/engine/live-store'
import {
  DEFAULT_MAX_BYTES,
  HistoryArchive,
  RETENTION_DAYS,
} from '../src-main/core/persistence/history-archive'
import { createSimulatorAdapter } from '../src-main/core/providers/simulator'
import { simulatorContext } from '../src-main/core/testing/simulator-context'
import { memoryLogger } from '../src-main/core/runtime/logger'
import type { BenchResult } from './report'

const NOW = Date.UTC(2026, 11, 3, 15)
const MIB = 1024 * 1024

async function eightDays(
  agents: number,
): Promise<{ total: number; largest: number; writeMs: number; loadMs: number; days: number }> {
  const clock = { now: () => NOW, setTimer: () => () => undefined }
  const context = simulatorContext('bench', { seed: 42, agents, incidents: true, timezone: 'UTC' }, clock, {
    label: 'Bench',
    businessDay: { start: '00:00', timeZone: 'UTC' },
  })
  const config = context.config
  const adapter = createSimulatorAdapter(context)
  const dir = await mkdtemp(join(tmpdir(), 'fw-bench-history-'))
  try {
    const archive = new HistoryArchive({ dir, clock, log: memoryLogger() })
    const began = performance.now()
    const written = await archive.fill('bench', config.businessDay!, async (from, to) =>
      seriesOfSamples('bench', (await adapter.past?.(from, to, 15_000)) ?? []),
    )
    const writeMs = performance.now() - began
    const days = archive.storedDays()
    const reread = new HistoryArchive({ dir, clock, log: memoryLogger() })
    const loadBegan = performance.now()
    const load = await reread.load({ connections: [config] } as never)
    for (const d of reread.storedDays()) await reread.day(d.connection, d.date)
    const loadMs = performance.now() - loadBegan
    if (load.problems.length > 0 || written.length !== RETENTION_DAYS)
      throw new Error('history bench: days missing')
    return {
      total: reread.bytes(),
      largest: Math.max(...days.map((d) => d.bytes)),
      writeMs,
      loadMs,
      days: written.length,
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export async function benchHistory(): Promise<BenchResult> {
  const demo = await eightDays(40)
  const big = await eightDays(2_000)
  const mib = (n: number) => `${(n / MIB).toFixed(2)} MiB`
  // Nine days (today and eight past) of the big floor must fit the bound.
  const needed = (big.largest * (RETENTION_DAYS + 1)) / DEFAULT_MAX_BYTES
  return {
    name: 'history days',
    what:
      'eight past business days of a simulator connection (sampled every 15 s, folded into one-minute last / high / ' +
      'low) written as day files, then read and validated back as a start does; demo floor (40 agents) and 2,000 agents',
    target: `9 days of 2,000 agents < ${mib(DEFAULT_MAX_BYTES)} bound`,
    measured:
      `40 agents: ${mib(demo.total)} for ${demo.days} days (largest day ${mib(demo.largest)}), computed and written in ` +
      `${(demo.writeMs / 1000).toFixed(1)} s, read back in ${demo.loadMs.toFixed(0)} ms; 2,000 agents: ${mib(big.total)} ` +
      `(largest day ${mib(big.largest)}), ${(big.writeMs / 1000).toFixed(1)} s, read back in ${big.loadMs.toFixed(0)} ms; ` +
      `nine big days use ${(needed * 100).toFixed(0)} % of the bound`,
    pass: needed < 1,
  }
}
