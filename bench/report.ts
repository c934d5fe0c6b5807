/** Benchmark results, written to docs/BENCHMARKS.md with the machine and the date (never asserted in tests). */
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os'
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
  /** The least work the machine can do for the same change, measured in the same run, as text. */
  floor?: string
  /** Our figure over the floor, as text. */
  ratio?: string
  pass: boolean
}

/** Where the team section of docs/BENCHMARKS.md starts (written by bench/team.ts, after the main table). */
export const TEAM_HEADING = '\n## Team mode'

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  return `${osType()} ${release()}, ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`
}

/** 1-minute load averages read during this run (bench/run.ts reads one before and after each benchmark). */
const loads: number[] = []
export function noteLoad(): number {
  const l = loadavg()[0] ?? 0
  loads.push(l)
  return l
}
/** The machine is shared: how loaded it was while these figures were taken, next to them. */
export function loadDuringRun(): string {
  if (loads.length === 0) noteLoad()
  const lo = Math.min(...loads)
  const hi = Math.max(...loads)
  return `load average (1 min) ${lo.toFixed(1)}–${hi.toFixed(1)} on ${cpus().length} cores during the run`
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
  const header = partial
    ? lastRun
    : `Run with \`npm run bench\`. Last run: ${date} on ${machine()}, ${loadDuringRun()}.`
  // A partial run dates its rows in a note; notes of earlier partial runs stay unless their rows were measured again.
  const again = (l: string) => l.startsWith('- Measured again ')
  // A partial run keeps the report's notes as they are (profiles and readings written beside earlier runs).
  const keptNotes = partial ? previous.filter((l) => l.startsWith('- ') && !again(l)) : null
  const dated = partial
    ? [
        ...previous.filter((l) => again(l) && !results.some((r) => l.endsWith(`: ${r.name}.`))),
        `- Measured again ${date} on ${machine()}, ${loadDuringRun()}: ${results.map((r) => r.name).join(', ')}.`,
      ]
    : []
  const rows = [...kept, ...results].map(
    (r) =>
      `| ${r.name} | ${r.what} | ${r.target} | ${r.measured} | ${r.floor ?? '—'} | ${r.ratio ?? '—'} | ${r.pass ? 'yes' : '**no**'} |`,
  )
  const text = [
    '# Benchmarks',
    '',
    header,
    '',
    '| benchmark | what | target | measured | floor (same run) | ratio to floor | met |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(keptNotes && keptNotes.length > 0 ? keptNotes : notes.map((n) => `- ${n}`)),
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
    const cells = line.split(' | ').map((c) => c.replace(/^\| /, '').replace(/ \|$/, ''))
    if (!line.startsWith('| ') || line.startsWith('| benchmark |')) continue
    if (cells.length !== 5 && cells.length !== 7) continue
    const [name, what, target, measured] = cells
    const [floor, ratio] = cells.length === 7 ? [cells[4], cells[5]] : ['—', '—']
    rows.push({
      name: name ?? '',
      what: what ?? '',
      target: target ?? '',
      measured: measured ?? '',
      ...(floor && floor !== '—' ? { floor } : {}),
      ...(ratio && ratio !== '—' ? { ratio } : {}),
      pass: cells.at(-1) === 'yes',
    })
  }
  return rows
}

/** min / median / p95 of repeated measurements, ms. */
export interface Spread {
  min: number
  median: number
  p95: number
  n: number
}

export function spread(values: number[]): Spread {
  if (values.length === 0) throw new Error('no measurements to summarise')
  return {
    min: Math.min(...values),
    median: percentile(values, 50),
    p95: percentile(values, 95),
    n: values.length,
  }
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1))

/** "min 1.20 / median 2.31 / p95 4.0 ms". */
export function fmtSpread(s: Spread, unit = 'ms'): string {
  return `min ${ms(s.min)} / median ${ms(s.median)} / p95 ${ms(s.p95)} ${unit}`
}

/**
 * Our figure beside its floor measured in the same run: the ratio of medians and of p95s (on a shared machine an
 * absolute time says little; the ratio to the least work the machine can do for the same change says more).
 */
export function versusFloor(figure: Spread, floor: Spread): string {
  return `×${(figure.median / floor.median).toFixed(1)} median, ×${(figure.p95 / floor.p95).toFixed(1)} p95`
}
