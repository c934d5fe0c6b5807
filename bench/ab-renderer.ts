/**
 * A same-run A/B of the renderer's update per tick against its floor, for trying a change to the board: the
 * renderer of two source trees (or of one tree with and without extra CSS) built for production, then measured in
 * turn (A, B, A, B, …) on the same machine minutes apart, each against the floor measured in its own page
 * (bench/renderer.ts: the same changed cells written with plain DOM calls). The machine is shared, so what to
 * compare is each variant's ratio to its floor, over several rounds, with the load average beside it. For reading,
 * not for the report:
 *
 *   npx tsx bench/ab-renderer.ts <treeA> <treeB> [rounds] [agents]
 *   AB_CSS_B='.viewport { contain: strict }' npx tsx bench/ab-renderer.ts . . 2
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from '@playwright/test'
import { startFakeBridge } from './fake-bridge'
import { COLLECTOR, FLOOR_REPLAY, buildRenderer, record, ticking, waitForCount } from './renderer'
import { spread, versusFloor } from './report'

const TICKS = 120
const EVERY_MS = 250
const [treeA = '.', treeB = '.', roundsArg = '2', agentsArg = '2000'] = process.argv.slice(2)
const rounds = Number(roundsArg)
const agents = Number(agentsArg)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const variants = [
  { name: 'A', tree: resolve(treeA), css: process.env.AB_CSS_A ?? '' },
  { name: 'B', tree: resolve(treeB), css: process.env.AB_CSS_B ?? '' },
]
const dirs = new Map<string, string>()
for (const v of variants) {
  if (dirs.has(v.tree)) continue
  const dir = mkdtempSync(join(tmpdir(), 'floorwalker-ab-'))
  await buildRenderer(dir, { root: v.tree })
  dirs.set(v.tree, dir)
}

async function measure(dir: string, css: string) {
  const fake = await startFakeBridge(dir, agents, agents > 2_000 ? 5 : 2)
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.addInitScript({ content: COLLECTOR })
    await page.goto(`${fake.url}?perf#/agents`)
    await page.locator('[data-testid="agent-row"]').first().waitFor()
    if (css) await page.addStyleTag({ content: css })
    for (let i = 0; i < 20; i++) {
      fake.tick()
      await sleep(100)
    }
    await waitForCount(page, 'patch', fake.seq() - 1)
    const load = loadavg()[0] ?? 0
    await record(page, true, true)
    const run = ticking(fake, EVERY_MS)
    await sleep(TICKS * EVERY_MS)
    run.stop()
    await waitForCount(page, 'patch', fake.seq() - 1)
    const got = await record(page, false)
    const floor = (await page.evaluate(FLOOR_REPLAY)) as { times: number[]; cells: number }
    return { got, floor, load, loadAfter: loadavg()[0] ?? 0 }
  } finally {
    await browser.close()
    await fake.close()
  }
}

const f = (x: number) => x.toFixed(1)
try {
  for (let round = 1; round <= rounds; round++) {
    for (const v of variants) {
      const { got, floor, load, loadAfter } = await measure(dirs.get(v.tree) as string, v.css)
      const s = spread(got.patch)
      const fl = spread(floor.times)
      process.stdout.write(
        `round ${round} ${v.name}: median ${f(s.median)} / p95 ${f(s.p95)} ms; floor median ${f(fl.median)} / p95 ${f(fl.p95)} ms (${floor.cells.toFixed(0)} cells a tick); ${versusFloor(s, fl)}; long tasks ${got.longtasks.length}; load ${f(load)} → ${f(loadAfter)}\n`,
      )
    }
  }
} finally {
  for (const dir of dirs.values()) rmSync(dir, { recursive: true, force: true })
}
