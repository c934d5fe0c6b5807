/**
 * What one served board costs the network (issue "An honest board", item 9): the headless runner with every vendor
 * sandbox (`--sandboxes`: five connections, the default rules, alerts firing), serving the production renderer,
 * and Debian's Chromium showing the wallboard, as a TV would. Every WebSocket frame the page receives is counted,
 * by kind: the first minute (loading the view and the history the charts need) and the steady state after it.
 *
 *   npx tsx bench/bridge-bytes.ts        (or `npm run bench` for every benchmark)
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { buildRenderer } from './renderer'
import type { BenchResult } from './report'
import { frameKind, serving } from './serving'

const WARM_UP_MS = 60_000
const STEADY_MS = 120_000
/** A quarter of what one board received before patches were cut (≈ 1.2 MB a minute per TV). */
const TARGET_KIB_PER_MIN = 300

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`

export async function benchBridgeBytes(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'floorwalker-bench-bridge-'))
  let runner: ChildProcess | null = null
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  })
  try {
    await buildRenderer(dir)
    const started = await serving([
      '--import',
      'tsx',
      'src-main/headless/cli.ts',
      '--sandboxes',
      '--serve',
      '127.0.0.1:0',
      '--renderer',
      dir,
    ])
    runner = started.child
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    let phase: 'warm' | 'steady' | 'done' = 'warm'
    const bytes = { warm: 0, steady: 0 }
    const byKind = new Map<string, number>()
    page.on('websocket', (ws) =>
      ws.on('framereceived', (f) => {
        if (phase === 'done') return
        const text = typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8')
        const n = Buffer.byteLength(text)
        bytes[phase] += n
        if (phase !== 'steady') return
        const kind = frameKind(text)
        byKind.set(kind, (byKind.get(kind) ?? 0) + n)
      }),
    )
    await page.goto(`${started.url}#/wallboard`)
    await page.waitForTimeout(WARM_UP_MS)
    phase = 'steady'
    await page.waitForTimeout(STEADY_MS)
    phase = 'done'
    const perMin = (bytes.steady / STEADY_MS) * 60_000
    const kinds = [...byKind.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${kib((n / STEADY_MS) * 60_000)}`)
      .join(', ')
    return {
      name: 'bridge: bytes per served board',
      what:
        'headless runner with the five vendor sandboxes and the default rules (alerts firing), one Chromium wallboard; ' +
        'WebSocket frames received',
      target: `steady state < ${TARGET_KIB_PER_MIN} KiB/min`,
      measured: `${kib(perMin)}/min steady (${kinds} a minute); first minute ${kib(bytes.warm)} (view, alerts and history loaded)`,
      pass: perMin / 1024 < TARGET_KIB_PER_MIN,
    }
  } finally {
    await browser.close()
    runner?.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchBridgeBytes()
  process.stdout.write(`${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.measured} (target ${r.target})\n`)
}
