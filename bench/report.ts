/** Benchmark results, written to docs/BENCHMARKS.md with the machine and the date (never asserted in tests). */
import { cpus, totalmem, type as osType, release } from 'node:os'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface BenchResult {
  name: string
  /** What was measured, in words. */
  what: string
  /** Target as text, e.g. "< 16 ms per tick". */
  target: string
  /** Measured figure(s) as text. */
  measured: string
  pass: boolean
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  return `${osType()} ${release()}, ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN
}

export function writeReport(root: string, results: BenchResult[], notes: string[]): string {
  const date = new Date().toISOString().slice(0, 10)
  const rows = results.map(
    (r) => `| ${r.name} | ${r.what} | ${r.target} | ${r.measured} | ${r.pass ? 'yes' : '**no**'} |`,
  )
  const text = [
    '# Benchmarks',
    '',
    `Run with \`npm run bench\`. Last run: ${date} on ${machine()}.`,
    '',
    '| benchmark | what | target | measured | met |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n')
  const file = join(root, 'docs', 'BENCHMARKS.md')
  writeFileSync(file, text)
  return file
}
