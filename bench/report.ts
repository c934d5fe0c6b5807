/** Benchmark results, written to docs/BENCHMARKS.md with the machine and the date (never asserted in tests). */
import { cpus, totalmem, type as osType, release } from 'node:os'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
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

/** Where the team section of docs/BENCHMARKS.md starts (written by bench/team.ts, after the main table). */
export const TEAM_HEADING = '\n## Team mode'

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  return `${osType()} ${release()}, ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`
}

export function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN
}

/**
 * Write docs/BENCHMARKS.md. `kept`: rows of the current report a partial run did not measure; they keep the
 * report's "Last run" line, and the rows measured now are dated in a note instead.
 */
export function writeReport(
  root: string,
  results: BenchResult[],
  notes: string[],
  kept: BenchResult[] = [],
): string {
  const date = new Date().toISOString().slice(0, 10)
  const file = join(root, 'docs', 'BENCHMARKS.md')
  const before = existsSync(file) ? readFileSync(file, 'utf8') : ''
  // The team section (bench/team.ts writes it) is not this table's: kept as it is.
  const teamAt = before.indexOf(TEAM_HEADING)
  const team = teamAt >= 0 ? before.slice(teamAt) : ''
  const previous = (teamAt >= 0 ? before.slice(0, teamAt) : before).split('\n')
  const lastRun = previous.find((l) => l.startsWith('Run with `npm run bench`.'))
  const partial = kept.length > 0 && lastRun !== undefined
  const header = partial ? lastRun : `Run with \`npm run bench\`. Last run: ${date} on ${machine()}.`
  // A partial run dates its rows in a note; notes of earlier partial runs stay unless their rows were measured again.
  const again = (l: string) => l.startsWith('- Measured again ')
  const dated = partial
    ? [
        ...previous.filter((l) => again(l) && !results.some((r) => l.endsWith(`: ${r.name}.`))),
        `- Measured again ${date} on ${machine()}: ${results.map((r) => r.name).join(', ')}.`,
      ]
    : []
  const rows = [...kept, ...results].map(
    (r) => `| ${r.name} | ${r.what} | ${r.target} | ${r.measured} | ${r.pass ? 'yes' : '**no**'} |`,
  )
  const text = [
    '# Benchmarks',
    '',
    header,
    '',
    '| benchmark | what | target | measured | met |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...notes.map((n) => `- ${n}`),
    ...dated,
    '',
  ].join('\n')
  writeFileSync(file, team ? `${text}${team}` : text)
  return file
}

/** The rows docs/BENCHMARKS.md holds now (to keep those a partial run did not measure). */
export function readReportRows(root: string): BenchResult[] {
  const file = join(root, 'docs', 'BENCHMARKS.md')
  if (!existsSync(file)) return []
  const rows: BenchResult[] = []
  const text = readFileSync(file, 'utf8')
  const teamAt = text.indexOf(TEAM_HEADING)
  for (const line of (teamAt >= 0 ? text.slice(0, teamAt) : text).split('\n')) {
    const cells = line.split(' | ')
    if (!line.startsWith('| ') || cells.length !== 5 || line.startsWith('| benchmark |')) continue
    const [name, what, target, measured, met] = cells.map((c) => c.replace(/^\| /, '').replace(/ \|$/, ''))
    rows.push({
      name: name ?? '',
      what: what ?? '',
      target: target ?? '',
      measured: measured ?? '',
      pass: met === 'yes',
    })
  }
  return rows
}
