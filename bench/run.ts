/**
 * `npm run bench`: every benchmark, results to docs/BENCHMARKS.md. `npm run bench -- simulator` (or any other key
 * below, or `team`) runs only those and keeps the other rows of the report, and the team section, as they were.
 */
import { join } from 'node:path'
import { benchAlertLatency } from './alert-latency'
import { benchBridgeBytes } from './bridge-bytes'
import { benchBundle } from './bundle'
import { rendererBenches, rendererBenchesAtScale } from './renderer'
import { readReportRows, writeReport, type BenchResult } from './report'
import { benchSimulatorStart } from './simulator-start'
import { benchStorePatch, benchStorePatchAtScale } from './store-patch'
import { teamBenches, writeTeamSection } from './team'

const root = join(import.meta.dirname, '..')
const benches: Record<string, (() => BenchResult | Promise<BenchResult>)[]> = {
  store: [benchStorePatch],
  alerts: [benchAlertLatency],
  simulator: [benchSimulatorStart],
  renderer: rendererBenches,
  scale: [benchStorePatchAtScale, ...rendererBenchesAtScale],
  bridge: [benchBridgeBytes],
  bundle: [benchBundle],
}
const only = process.argv.slice(2)
const keys = [...Object.keys(benches), 'team']
for (const key of only) {
  if (!keys.includes(key)) throw new Error(`no benchmark "${key}" (one of ${keys.join(', ')})`)
}
const results: BenchResult[] = []
for (const [key, list] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(key)) continue
  for (const bench of list) {
    const r = await bench()
    results.push(r)
    const floor = r.floor ? `; floor ${r.floor}; ratio ${r.ratio ?? '?'}` : ''
    process.stdout.write(
      `${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.measured}${floor} (target ${r.target})\n`,
    )
  }
}
const kept =
  only.length > 0 ? readReportRows(root).filter((row) => !results.some((r) => r.name === row.name)) : []
if (only.length === 0 || only.some((k) => k !== 'team')) {
  const file = writeReport(
    root,
    results,
    ['Figures are from one run on the machine above; they vary by a few percent between runs.'],
    kept,
  )
  process.stdout.write(`written ${file}\n`)
}
// Team mode (a real nats-server and poller processes) writes its own section after the table above.
if (only.length > 0 && !only.includes('team')) process.exit(0)
const team = await teamBenches()
for (const r of team)
  process.stdout.write(`${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.measured} (target ${r.target})\n`)
if (team.length > 0) writeTeamSection(root, team)
