/** `npm run bench`: every benchmark, results to docs/BENCHMARKS.md. */
import { join } from 'node:path'
import { benchAlertLatency } from './alert-latency'
import { rendererBenches } from './renderer'
import { writeReport, type BenchResult } from './report'
import { benchStorePatch } from './store-patch'
import { teamBenches, writeTeamSection } from './team'

const root = join(import.meta.dirname, '..')
const benches: (() => BenchResult | Promise<BenchResult>)[] = [
  benchStorePatch,
  benchAlertLatency,
  ...rendererBenches,
]
const results: BenchResult[] = []
for (const bench of benches) {
  const r = await bench()
  results.push(r)
  process.stdout.write(`${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.measured} (target ${r.target})\n`)
}
const file = writeReport(root, results, [
  'Figures are from one run on the machine above; they vary by a few percent between runs.',
])
process.stdout.write(`written ${file}\n`)
// Team mode (a real nats-server and poller processes) writes its own section after the table above.
const team = await teamBenches()
for (const r of team)
  process.stdout.write(`${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.measured} (target ${r.target})\n`)
if (team.length > 0) writeTeamSection(root, team)
