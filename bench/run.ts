/**
 * `npm run bench`: every benchmark, results to docs/BENCHMARKS.md. `npm run bench -- simulator` (or any other key
 * below, or `team`) runs only those and keeps the other rows of the report, and the team section, as they were.
 */
import { join } from 'node:path'
import { benchAlertLatency } from './alert-latency'
import { benchBridgeBytes } from './bridge-bytes'
import { benchBundle } from './bundle'
import { benchFanout } from './fanout'
import { benchForecast } from './forecast'
import { benchHistory } from './history'
import { rendererBenches, rendererBenchesAtScale } from './renderer'
import { noteLoad, readReportRows, writeReport, type BenchResult } from './report'
import { benchPolling } from './polling'
import { benchSimulatorStart } from './simulator-start'
import { startupBenches } from './startup'
import { benchStorePatch, benchStorePatchAtScale } from './store-patch'
import { teamBenches, writeTeamSection } from './team'

const root = join(import.meta.dirname, '..')
const benches: Record<string, (() => BenchResult | BenchResult[] | Promise<BenchResult | BenchResult[]>)[]> =
  {
    store: [benchStorePatch],
    alerts: [benchAlertLatency],
    simulator: [benchSimulatorStart],
    renderer: rendererBenches,
    scale: [benchStorePatchAtScale, ...rendererBenchesAtScale],
    bridge: [benchBridgeBytes],
    bundle: [benchBundle],
    forecast: [benchForecast],
    history: [benchHistory],
    startup: startupBenches,
    fanout: [benchFanout],
    polling: [benchPolling],
  }
/** How to read the table; the figures themselves are in it. */
const NOTES = [
  'Figures are from one run on the machine above, which is shared: absolute times move with its load (the load average is in each run’s output), so each figure sits beside its floor measured in the same run, and the ratio is what to compare between runs. Spreads are min / median / p95 over the ticks or redraws of the run.',
  'Floors: renderer update — the same cells the board changed from one patch to the next (snapshots of the rows after each paint), written with setAttribute and innerHTML into a copy of the rows in the same page, timed to the next painted frame like the board’s own measure; charts — the same ECharts option drawn by a second instance of the same size with notMerge (no diffing); main — JSON.parse of the same snapshots and a shallow compare with the previous poll (figure timed with its JSON.parse too).',
]

const only = process.argv.slice(2)
const keys = [...Object.keys(benches), 'team']
for (const key of only) {
  if (!keys.includes(key)) throw new Error(`no benchmark "${key}" (one of ${keys.join(', ')})`)
}
const results: BenchResult[] = []
for (const [key, list] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(key)) continue
  for (const bench of list) {
    const before = noteLoad()
    const got = await bench()
    const after = noteLoad()
    for (const r of Array.isArray(got) ? got : [got]) {
      results.push(r)
      const floor = r.floor ? `; floor ${r.floor}; ratio ${r.ratio ?? '?'}` : ''
      process.stdout.write(
        `${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.measured}${floor} (target ${r.target}; load ${before.toFixed(1)} → ${after.toFixed(1)})\n`,
      )
    }
  }
}
const kept =
  only.length > 0 ? readReportRows(root).filter((row) => !results.some((r) => r.name === row.name)) : []
if (only.length === 0 || only.some((k) => k !== 'team')) {
  const file = writeReport(root, results, NOTES, kept)
  process.stdout.write(`written ${file}\n`)
}
// Team mode (a real nats-server and poller processes) writes its own section after the table above.
if (only.length > 0 && !only.includes('team')) process.exit(0)
const team = await teamBenches()
for (const r of team)
  process.stdout.write(`${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.measured} (target ${r.target})\n`)
if (team.length > 0) writeTeamSection(root, team)
