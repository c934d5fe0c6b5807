/**
 * Start-up (issue 21, item 3), each beside its floor in the same run:
 * - `headless --demo --demo-at 10:00 --once` from the built bundle (`npm run build:headless`, out/headless/cli.js,
 *   plain node): to its first snapshot line and to its exit; floor: an empty node process (`node -e ""`). The same
 *   command through `tsx` (what `npm run headless` runs) is reported beside it;
 * - the board served by the built runner to a browser already open (the TV's case), from a saved board of 2,000
 *   agents: to the last known board painted and to the first live data; floor: a node process serving an empty page;
 * - the desktop app, the same two times, in the desktop harness (bench/startup-desktop.ts, in a private keychain
 *   session as the desktop e2e runs); floor: the same Chromium launched on an empty page.
 *
 *   npx tsx bench/startup.ts        (or `npm run bench -- startup`)
 */
import { spawn, spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { chromium, type Page } from '@playwright/test'
import { build } from 'electron-vite'
import { startEightByEightSandbox } from '../src-main/core/providers/8x8/sandbox'
import { systemClock } from '../src-main/core/runtime/system-clock'
import { calendarFor } from '../src-main/core/simulator/business-clock'
import { createSimulator } from '../src-main/core/simulator/model'
import { fmtSpread, spread, versusFloor, type BenchResult } from './report'
import { serving } from './serving'

const ROOT = join(import.meta.dirname, '..')
const HEADLESS_RUNS = Number(process.env.BENCH_STARTUP_HEADLESS_RUNS ?? 10)
/** The simulator's default poll (src-shared/providers/simulator.ts): "first live data < one poll after start". */
const SIMULATOR_POLL_MS = 2_000

const load = () => (loadavg()[0] ?? 0).toFixed(1)

/** ms from spawning `cmd` to its first stdout line holding `mark` (or null) and to its exit. */
function timeProcess(
  cmd: string,
  args: string[],
  mark: string | null,
): Promise<{ first: number | null; exit: number }> {
  return new Promise((resolve, reject) => {
    const began = performance.now()
    let first: number | null = null
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (d: string) => {
      if (mark !== null && first === null && d.includes(mark)) first = performance.now() - began
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')))
    child.once('error', reject)
    child.once('exit', (code) => {
      const exit = performance.now() - began
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${err.slice(-2000)}`))
      else resolve({ first, exit })
    })
  })
}

export async function benchHeadlessStart(): Promise<BenchResult> {
  const built = spawnSync(process.execPath, ['scripts/build-headless.mjs', '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  if (built.status !== 0) throw new Error(`npm run build:headless failed:\n${built.stderr}`)
  const before = load()
  const empty: number[] = []
  const first: number[] = []
  const exit: number[] = []
  const viaTsx: number[] = []
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')
  // Interleaved, so a load spike lands on each of them alike.
  for (let i = 0; i < HEADLESS_RUNS; i++) {
    empty.push((await timeProcess(process.execPath, ['-e', ''], null)).exit)
    const r = await timeProcess(
      process.execPath,
      ['out/headless/cli.js', '--demo', '--demo-at', '10:00', '--once'],
      '"type":"snapshot"',
    )
    if (r.first === null) throw new Error('headless --once printed no snapshot')
    first.push(r.first)
    exit.push(r.exit)
    if (i % 2 === 0)
      viaTsx.push(
        (
          await timeProcess(
            process.execPath,
            [tsx, 'src-main/headless/cli.ts', '--demo', '--demo-at', '10:00', '--once'],
            null,
          )
        ).exit,
      )
  }
  const f = spread(first)
  const e = spread(exit)
  const floor = spread(empty)
  const t = spread(viaTsx)
  return {
    name: 'start-up: headless --once (built)',
    what: `\`node out/headless/cli.js --demo --once\` (\`npm run build:headless\`: one ES module, packages external), spawned ${HEADLESS_RUNS} times: to its first snapshot line on stdout and to its exit (code 0); the demo floor (40 agents) on a busy reference day from 10:00, its first poll catching up from midnight`,
    target: `first snapshot < one poll (${SIMULATOR_POLL_MS / 1000} s) after start`,
    measured: `first snapshot ${fmtSpread(f)}; exit ${fmtSpread(e)}; the same through tsx (\`npm run headless\`, ${t.n} runs): exit ${fmtSpread(t)} (load ${before} → ${load()})`,
    floor: `an empty node process (\`node -e ""\`), spawned to exit: ${fmtSpread(floor)}`,
    ratio: `first snapshot ${versusFloor(f, floor)}; exit ${versusFloor(e, floor)}`,
    pass: f.p95 < SIMULATOR_POLL_MS,
  }
}

interface CenterTimes {
  center: 'simulator' | '8x8'
  cached: number[]
  live: number[]
  floor: number[]
  windowAt: number[]
  shellAt: number[]
  readyAt: number[]
  loadUrlAt: number[]
  pollsAt: number[]
}

const CENTER_WORDS: Record<CenterTimes['center'], string> = {
  '8x8': 'the 8x8 sandbox (its vendor API on loopback, polled every 10 s)',
  simulator:
    'the built-in simulator (polled every 2 s; its first poll catches up from midnight on the main process, in slices that yield every 16 ms, once the window has loaded and its saved board was answered; the past history days are filled after it)',
}
const POLL_MS: Record<CenterTimes['center'], number> = { '8x8': 10_000, simulator: SIMULATOR_POLL_MS }

export async function benchDesktopStart(): Promise<BenchResult[]> {
  await build({ root: ROOT, logLevel: 'warn' })
  const before = load()
  const child = spawnSync(
    process.execPath,
    ['scripts/with-keychain.mjs', process.execPath, '--import', 'tsx', 'bench/startup-desktop.ts'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000 },
  )
  if (child.status !== 0)
    throw new Error(`bench/startup-desktop.ts failed (${child.status}):\n${child.stderr.slice(-4000)}`)
  const line = child.stdout.trim().split('\n').at(-1) ?? ''
  const got = JSON.parse(line) as { agents: number; centers: CenterTimes[] }
  const after = load()
  const results: BenchResult[] = []
  for (const c of got.centers) {
    const cached = spread(c.cached)
    const live = spread(c.live)
    const floor = spread(c.floor)
    const afterBoard = spread(c.live.map((v, i) => v - (c.cached[i] ?? 0)))
    const med = (v: number[]) => spread(v).median.toFixed(0)
    const how =
      'the desktop harness (e2e/desktop: the built main process on the Electron stand-in, its window a Chromium page with the built preload), ' +
      `a saved board of ${got.agents.toLocaleString('en')} agents from ${CENTER_WORDS[c.center]}, ${cached.n} starts after a first one that saved it; timed from the call that launches the app`
    const emptyPage = `the same Chromium launched with a fresh profile to an empty page's first painted frame: ${fmtSpread(floor)}`
    const where = `medians: Chromium up at ${med(c.readyAt)} ms, the window asked to load the board at ${med(c.loadUrlAt)} ms, loaded at ${med(c.windowAt)} ms, the connections started at ${med(c.pollsAt)} ms, the board's shell drawn at ${med(c.shellAt)} ms`
    results.push(
      {
        name: `start-up: last known board (desktop, ${c.center})`,
        what: `${how}, to the Overview's agent figures painted from the saved board`,
        target: '< 1 s',
        measured: `${fmtSpread(cached)}; ${where} (load ${before} → ${after})`,
        floor: emptyPage,
        ratio: versusFloor(cached, floor),
        pass: cached.p95 < 1000,
      },
      {
        name: `start-up: first live data (desktop, ${c.center})`,
        what: `${how}, to the same figures fresh (the first poll answered)`,
        target: `< one poll (${POLL_MS[c.center] / 1000} s) after start`,
        measured: `${fmtSpread(live)}; after the saved board ${fmtSpread(afterBoard)} (load ${before} → ${after})`,
        floor: emptyPage,
        ratio: versusFloor(live, floor),
        pass: live.p95 < POLL_MS[c.center],
      },
    )
  }
  return results
}

/** The Overview's agent figures: drawn from the saved board ('stale' or 'fresh'), or fresh. */
async function figures(page: Page, want: 'shown' | 'fresh'): Promise<void> {
  await page.waitForFunction(
    (w) => {
      const t = document.querySelector('[data-testid="kpi-agents"]')?.getAttribute('data-truth')
      return w === 'fresh' ? t === 'fresh' : t === 'stale' || t === 'fresh'
    },
    want,
    { polling: 'raf', timeout: 120_000 },
  )
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  )
}

/**
 * The browser form: the built runner (`node out/headless/cli.js --state DIR --serve`) with a saved board of 2,000
 * agents from the 8x8 sandbox (served by this process, a vendor on loopback), and a browser already open, as on a TV:
 * from spawning the runner to the board's agent figures painted from the saved board, and fresh. Floor: a node
 * process that serves an empty page, spawned, and the same browser showing it.
 */
export async function benchServedStart(): Promise<BenchResult[]> {
  await build({ root: ROOT, logLevel: 'warn' })
  const built = spawnSync(process.execPath, ['scripts/build-headless.mjs', '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  if (built.status !== 0) throw new Error(`npm run build:headless failed:\n${built.stderr}`)
  const dir = mkdtempSync(join(tmpdir(), 'floorwalker-bench-served-start-'))
  const calendar = calendarFor({ startTime: '10:00' }, systemClock.now())
  if (typeof calendar === 'string') throw new Error(calendar)
  const sim = createSimulator({ seed: 42, agents: 2_000, incidents: true, calendar })
  sim.at(systemClock.now())
  const secret = 'bench-secret-not-a-real-credential'
  const sandbox = await startEightByEightSandbox({ sim, clock: systemClock, username: 'demo', secret })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  })
  const before = load()
  const cached: number[] = []
  const live: number[] = []
  const floor: number[] = []
  try {
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        connections: [
          {
            id: 'floor',
            label: 'Big floor',
            provider: '8x8',
            baseUrl: `${sandbox.origin}/api/rtstats`,
            username: 'demo',
            secretEnv: 'FLOORWALKER_BENCH_8X8',
            options: { format: 'json' },
          },
        ],
        rules: [],
      }),
    )
    writeFileSync(
      join(dir, 'empty.mjs'),
      `import { createServer } from 'node:http'
const s = createServer((q, r) => r.end('<!doctype html><title>empty</title><p>empty</p>'))
s.listen(0, '127.0.0.1', () => process.stderr.write('board at http://127.0.0.1:' + s.address().port + '/\\n'))
process.once('SIGTERM', () => process.exit(0))
`,
    )
    const args = [
      'out/headless/cli.js',
      '--config',
      join(dir, 'config.json'),
      '--state',
      join(dir, 'state'),
      '--serve',
      '127.0.0.1:0',
    ]
    const env = { FLOORWALKER_BENCH_8X8: secret }
    for (let i = 0; i <= HEADLESS_RUNS / 2; i++) {
      let began = performance.now()
      const empty = await serving([join(dir, 'empty.mjs')], {})
      const blank = await browser.newPage()
      await blank.goto(empty.url)
      await blank.evaluate(
        () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
      )
      const emptyMs = performance.now() - began
      await blank.close()
      await empty.kill()
      began = performance.now()
      const runner = await serving(args, env)
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await page.goto(runner.url)
      await figures(page, 'shown')
      const shown = performance.now() - began
      await figures(page, 'fresh')
      const fresh = performance.now() - began
      await page.close()
      await runner.kill()
      // The first start has no saved board yet: it fills it (written at exit).
      if (i === 0) continue
      floor.push(emptyMs)
      cached.push(shown)
      live.push(fresh)
    }
  } finally {
    await browser.close()
    await sandbox.close()
    rmSync(dir, { recursive: true, force: true })
  }
  const after = load()
  const c = spread(cached)
  const l = spread(live)
  const f = spread(floor)
  const how = `the built runner (\`node out/headless/cli.js --state DIR --serve\`) with a saved board of 2,000 agents from the 8x8 sandbox (a vendor on loopback, polled every 10 s; a busy reference day from 10:00), the browser already open (Chromium, 1440×900), ${c.n} starts after a first one that saved it; from spawning the runner`
  const emptyFloor = `a node process serving an empty page, spawned, and the same browser showing it: ${fmtSpread(f)}`
  return [
    {
      name: 'start-up: last known board (served)',
      what: `${how}, to the Overview's agent figures painted from the saved board`,
      target: '< 1 s',
      measured: `${fmtSpread(c)} (load ${before} → ${after})`,
      floor: emptyFloor,
      ratio: versusFloor(c, f),
      pass: c.p95 < 1000,
    },
    {
      name: 'start-up: first live data (served)',
      what: `${how}, to the same figures fresh (the first poll answered)`,
      target: '< one poll (10 s) after start',
      measured: `${fmtSpread(l)} (load ${before} → ${after})`,
      floor: emptyFloor,
      ratio: versusFloor(l, f),
      pass: l.p95 < 10_000,
    },
  ]
}

export const startupBenches = [benchHeadlessStart, benchServedStart, benchDesktopStart]

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const bench of startupBenches) {
    const got = await bench()
    for (const r of Array.isArray(got) ? got : [got])
      process.stdout.write(
        `${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.measured}; floor ${r.floor ?? '—'}; ratio ${r.ratio ?? '—'} (target ${r.target})\n`,
      )
  }
}
