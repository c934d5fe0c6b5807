/**
 * Fan-out (issue 21, item 4): what the 2,000-agent center costs per served board. The headless runner from its
 * built bundle (`npm run build:headless`) with one simulated floor of 2,000 agents (poll every 2 s), serving the
 * production renderer (`--serve`, the web bridge's WebSocket: the same channels and payloads as the desktop preload):
 * - bytes a minute to one board: Debian's Chromium on the Overview, every WebSocket frame it receives, after a
 *   warm-up (the board loaded, history fetched), in 10 s windows scaled to a minute;
 * - the runner's cost of 50 connected boards: CPU ms a minute (utime + stime from /proc) and resident memory with 50
 *   bridge clients connected, against the same runner with none; every client gets every event, as a board does
 *   (src-main/headless/web-bridge.ts). Floor: a Node process writing the same frames (captured from one client) to 50
 *   WebSockets at the same moments, with no other work.
 *
 *   npx tsx bench/fanout.ts        (or `npm run bench -- fanout`)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium } from '@playwright/test'
import { WebSocket } from 'ws'
import { buildRenderer } from './renderer'
import { fmtSpread, spread, versusFloor, type BenchResult, type Spread } from './report'
import { frameKind, serving } from './serving'

const ROOT = join(import.meta.dirname, '..')
const AGENTS = 2_000
const BOARDS = 50
const WARM_UP_MS = 30_000
const WINDOW_MS = 10_000
const WINDOWS = Number(process.env.BENCH_FANOUT_WINDOWS ?? 9)
const TICK_MS = (Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100) / 1000

const load = () => (loadavg()[0] ?? 0).toFixed(1)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** CPU time (user + system) of a process so far, ms, and its resident memory, MiB. */
function usage(pid: number): { cpuMs: number; rssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // Fields after the command: state is [0]; utime [11], stime [12] (proc(5), counting from 14 and 15).
  const cpu = (Number(fields[11]) + Number(fields[12])) / TICK_MS
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return { cpuMs: cpu, rssMiB: Number(rss?.[1] ?? 0) / 1024 }
}

/** CPU ms per minute of `pid` over one window, and its resident memory at the end. */
async function cpuWindow(pid: number): Promise<{ cpuPerMin: number; rssMiB: number }> {
  const before = usage(pid)
  await sleep(WINDOW_MS)
  const after = usage(pid)
  return { cpuPerMin: ((after.cpuMs - before.cpuMs) / WINDOW_MS) * 60_000, rssMiB: after.rssMiB }
}

/** CPU ms per minute of `pid` in `windows` consecutive windows. */
async function cpuPerMinute(pid: number, windows: number): Promise<Spread> {
  const per: number[] = []
  for (let i = 0; i < windows; i++) per.push((await cpuWindow(pid)).cpuPerMin)
  return spread(per)
}

/** `n` bridge clients on `url`; each keeps the frames it receives (the first one's, with their times). */
async function connectBoards(
  url: string,
  n: number,
): Promise<{ sockets: WebSocket[]; frames: { at: number; data: string }[]; bytes: () => number }> {
  const u = new URL(url)
  const bridge = `ws://${u.host}/bridge`
  const frames: { at: number; data: string }[] = []
  let bytes = 0
  const sockets = await Promise.all(
    Array.from(
      { length: n },
      (_, i) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(bridge, { origin: u.origin, perMessageDeflate: false })
          ws.on('message', (data: Buffer) => {
            bytes += data.length
            if (i === 0) frames.push({ at: performance.now(), data: data.toString('utf8') })
          })
          ws.once('open', () => resolve(ws))
          ws.once('error', reject)
        }),
    ),
  )
  return { sockets, frames, bytes: () => bytes }
}

/** The floor: a process that only writes `frames` to `n` WebSockets at their recorded moments; CPU ms a minute. */
async function floorProcess(frames: { at: number; data: string }[], n: number): Promise<Spread> {
  const dir = mkdtempSync(join(tmpdir(), 'floorwalker-bench-fanout-'))
  try {
    const t0 = frames[0]?.at ?? 0
    writeFileSync(
      join(dir, 'frames.json'),
      JSON.stringify(frames.map((f) => ({ at: f.at - t0, data: f.data }))),
    )
    // Frames are stringified once (they are already text) and sent to every socket: the least work for these bytes.
    const script = `
      import { readFileSync } from 'node:fs'
      import { createRequire } from 'node:module'
      const { WebSocketServer } = createRequire(${JSON.stringify(join(ROOT, 'package.json'))})('ws')
      const frames = JSON.parse(readFileSync(process.argv[2], 'utf8'))
      const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
      wss.on('listening', () => process.stdout.write(String(wss.address().port) + '\\n'))
      process.stdin.once('data', () => {
        const loop = () => {
          for (const f of frames) setTimeout(() => { for (const c of wss.clients) c.send(f.data) }, f.at)
        }
        loop()
        setInterval(loop, frames.at(-1).at + 1000)
      })
    `
    writeFileSync(join(dir, 'floor.mjs'), script)
    const child = spawn(process.execPath, [join(dir, 'floor.mjs'), join(dir, 'frames.json')], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    const port = await new Promise<number>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
    )
    const clients = await connectBoards(`http://127.0.0.1:${port}/`, n)
    child.stdin.write('go\n')
    await sleep(2_000)
    const cpu = await cpuPerMinute(child.pid ?? 0, WINDOWS)
    for (const s of clients.sockets) s.close()
    child.kill('SIGTERM')
    return cpu
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`

export async function benchFanout(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'floorwalker-bench-fanout-'))
  let runner: ChildProcess | null = null
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  })
  try {
    const built = spawnSync(process.execPath, ['scripts/build-headless.mjs', '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    if (built.status !== 0) throw new Error(`npm run build:headless failed:\n${built.stderr}`)
    await buildRenderer(join(dir, 'renderer'))
    const config = join(dir, 'config.json')
    writeFileSync(
      config,
      JSON.stringify({
        connections: [
          {
            id: 'floor',
            label: 'Big floor',
            provider: 'simulator',
            // A busy floor at any hour: the reference day from 10:00 (docs/vendors/simulator.md).
            options: { seed: 42, agents: AGENTS, incidents: true, startTime: '10:00' },
          },
        ],
        // No rules: this measures the board's data, not alert traffic (bench `bridge` counts that with alerts firing).
        rules: [],
      }),
    )
    const loadBefore = load()
    const started = await serving([
      'out/headless/cli.js',
      '--config',
      config,
      '--serve',
      '127.0.0.1:0',
      '--renderer',
      join(dir, 'renderer'),
    ])
    runner = started.child
    const pid = runner.pid ?? 0

    // One board in Chromium.
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    let counting = false
    let windowBytes = 0
    const byKind = new Map<string, number>()
    page.on('websocket', (ws) =>
      ws.on('framereceived', (f) => {
        if (!counting) return
        const text = typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8')
        const n = Buffer.byteLength(text)
        windowBytes += n
        const kind = frameKind(text)
        byKind.set(kind, (byKind.get(kind) ?? 0) + n)
      }),
    )
    await page.goto(started.url)
    await sleep(WARM_UP_MS)
    counting = true
    const perMinute: number[] = []
    for (let i = 0; i < WINDOWS; i++) {
      windowBytes = 0
      await sleep(WINDOW_MS)
      perMinute.push((windowBytes / WINDOW_MS) * 60_000)
    }
    counting = false
    await page.close()
    const one = spread(perMinute)
    const loadMid = load()

    // The runner alone and with 50 boards, window after window (so the load of the moment falls on both alike);
    // the boards' own cost is the difference within each pair.
    const idleCpu: number[] = []
    const busyCpu: number[] = []
    const extraCpu: number[] = []
    let idleRss = 0
    let busyRss = 0
    let sent = 0
    let frames: { at: number; data: string }[] = []
    for (let i = 0; i < WINDOWS; i++) {
      await sleep(1_000)
      const a = await cpuWindow(pid)
      const boards = await connectBoards(started.url, BOARDS)
      await sleep(1_000)
      const sentBefore = boards.bytes()
      const b = await cpuWindow(pid)
      sent += boards.bytes() - sentBefore
      for (const s of boards.sockets) s.close()
      if (boards.frames.length > frames.length) frames = boards.frames
      idleCpu.push(a.cpuPerMin)
      busyCpu.push(b.cpuPerMin)
      extraCpu.push(b.cpuPerMin - a.cpuPerMin)
      idleRss = Math.max(idleRss, a.rssMiB)
      busyRss = Math.max(busyRss, b.rssMiB)
    }
    const sentPerMin = (sent / (WINDOWS * WINDOW_MS)) * 60_000
    const idle = { cpu: spread(idleCpu), rss: idleRss }
    const busy = { cpu: spread(busyCpu), rss: busyRss }
    const floor = await floorProcess(frames, BOARDS)
    const loadAfter = load()
    const extra = spread(extraCpu)
    const kinds = [...byKind.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${kib((n / (WINDOWS * WINDOW_MS)) * 60_000)}`)
      .join(', ')
    const fmtK = (s: Spread) => `min ${kib(s.min)} / median ${kib(s.median)} / p95 ${kib(s.p95)} a minute`
    return [
      {
        name: 'fan-out: bytes per board, 2,000 agents',
        what: `the headless runner (built bundle) serving one simulated floor of ${AGENTS.toLocaleString('en')} agents (a busy day from 10:00, poll every 2 s, no alert rules), one Chromium board on the Overview; WebSocket frames received after a ${WARM_UP_MS / 1000} s warm-up, ${WINDOWS} windows of ${WINDOW_MS / 1000} s scaled to a minute`,
        target: 'reported (patches only: what changed)',
        measured: `${fmtK(one)} (${kinds} a minute) (load ${loadBefore} → ${loadMid})`,
        pass: true,
      },
      {
        name: `fan-out: runner cost of ${BOARDS} boards, 2,000 agents`,
        what: `the same runner with ${BOARDS} bridge clients connected (WebSockets that get every event, as a board does) and with none, alternating windows; CPU (user + system) ms a minute of the runner process in ${WINDOWS} windows of ${WINDOW_MS / 1000} s, and its resident memory; ${kib(sentPerMin)} a minute sent in all`,
        target: '≤ 2× the floor (the work beyond polling and patching the store)',
        measured: `with ${BOARDS} boards ${fmtSpread(busy.cpu, 'CPU ms a minute')}, ${busy.rss.toFixed(0)} MiB; with none ${fmtSpread(idle.cpu, 'CPU ms a minute')}, ${idle.rss.toFixed(0)} MiB; the ${BOARDS} boards' own cost (with − without, window by window) ${fmtSpread(extra, 'CPU ms a minute')}, ${(busy.rss - idle.rss).toFixed(0)} MiB (load ${loadMid} → ${loadAfter})`,
        floor: `a Node process writing the same frames to ${BOARDS} WebSockets at the same moments, nothing else: ${fmtSpread(floor, 'CPU ms a minute')}`,
        ratio: `the boards' own cost ${versusFloor(extra, floor)}`,
        pass: extra.median <= 2 * floor.median,
      },
    ]
  } finally {
    await browser.close()
    runner?.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchFanout())
    process.stdout.write(
      `${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.measured}; floor ${r.floor ?? '—'}; ratio ${r.ratio ?? '—'} (target ${r.target})\n`,
    )
}
