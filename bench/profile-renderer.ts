/**
 * Where a renderer tick goes: the board on the Agents view (production build, fake bridge), a Chromium CPU profile
 * (CDP Profiler) over `TICKS` patches, summarised as self time by function and by script. For reading, not for the
 * report: `npx tsx bench/profile-renderer.ts [agents] [out.cpuprofile]`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { startFakeBridge } from './fake-bridge'
import { buildRenderer } from './renderer'

const TICKS = 40
const agents = Number(process.argv[2] ?? 2_000)
/** A tick every 250 ms (2,000 agents), every second for bigger floors, as bench/renderer.ts paces them. */
const EVERY_MS = agents > 2_000 ? 1_000 : 250
const out = process.argv[3]
const dir = mkdtempSync(join(tmpdir(), 'floorwalker-profile-'))
await buildRenderer(dir, { minify: false })
const fake = await startFakeBridge(dir, agents, agents > 2_000 ? 5 : 2)
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
})
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.addInitScript({
    content: `window.__t = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'fw:patch') window.__t.push([e.duration, e.detail.work, e.detail.frame]) }).observe({ type: 'measure' });`,
  })
  await page.goto(`${fake.url}?perf#/agents`)
  await page.locator('[data-testid="agent-row"]').first().waitFor()
  if (process.env.EXTRA_CSS) await page.addStyleTag({ content: process.env.EXTRA_CSS })
  for (let i = 0; i < 20; i++) {
    fake.tick(EVERY_MS)
    await sleep(EVERY_MS)
  }
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
  await page.evaluate('window.__t = []')
  await cdp.send('Profiler.start')
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'disabled-by-default-devtools.timeline.invalidationTracking',
    ],
  })
  for (let i = 0; i < TICKS; i++) {
    fake.tick(EVERY_MS)
    await sleep(EVERY_MS)
  }
  const { profile } = await cdp.send('Profiler.stop')
  const trace = JSON.parse((await browser.stopTracing()).toString()) as {
    traceEvents: { name: string; ph: string; dur?: number; tid: number; pid: number; args?: unknown }[]
  }
  if (process.env.DUMP_PAINTS)
    writeFileSync(
      process.env.DUMP_PAINTS,
      JSON.stringify(
        trace.traceEvents
          .filter(
            (e) =>
              ['Paint', 'Layout', 'UpdateLayoutTree'].includes(e.name) || e.name.includes('Invalidation'),
          )
          .slice(0, 40000),
      ),
    )
  // Renderer main thread: the thread with the most FunctionCall time.
  const perThread = new Map<string, number>()
  for (const e of trace.traceEvents)
    if (e.name === 'FunctionCall' && e.dur)
      perThread.set(`${e.pid}:${e.tid}`, (perThread.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur)
  const main = [...perThread].sort((a, b) => b[1] - a[1])[0]?.[0]
  const byEvent = new Map<string, number>()
  for (const e of trace.traceEvents)
    if (`${e.pid}:${e.tid}` === main && e.ph === 'X' && e.dur)
      byEvent.set(e.name, (byEvent.get(e.name) ?? 0) + e.dur / 1000)
  process.stdout.write('main thread, trace events (inclusive, ms a tick):\n')
  for (const [k, ms] of [...byEvent].sort((a, b) => b[1] - a[1]).slice(0, 16))
    process.stdout.write(`${(ms / TICKS).toFixed(2).padStart(7)}  ${k}\n`)
  const rows = (await page.evaluate('window.__t')) as [number, number, number][]
  for (const [i, what] of ['total', 'work (apply + Vue flush)', 'frame (style, layout, paint)'].entries()) {
    const times = rows.map((r) => r[i]!).sort((a, b) => a - b)
    const q = (p: number) =>
      times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]?.toFixed(1)
    process.stdout.write(`${what}, ${times.length} ticks: median ${q(50)} ms, p95 ${q(95)} ms\n`)
  }
  if (out) writeFileSync(out, JSON.stringify(profile))
  // Self time by function.
  const dt = new Map<number, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  for (let i = 0; i < samples.length; i++)
    dt.set(samples[i]!, (dt.get(samples[i]!) ?? 0) + (deltas[i] ?? 0) / 1000)
  const byFn = new Map<string, number>()
  let total = 0
  for (const node of profile.nodes) {
    const ms = dt.get(node.id) ?? 0
    const f = node.callFrame
    if (f.functionName === '(idle)') continue
    total += ms
    const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`
    byFn.set(k, (byFn.get(k) ?? 0) + ms)
  }
  process.stdout.write(
    `busy ${total.toFixed(0)} ms over ${TICKS} ticks (${(total / TICKS).toFixed(1)} ms a tick)\n`,
  )
  for (const [k, ms] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 40))
    process.stdout.write(`${(ms / TICKS).toFixed(2).padStart(7)} ms/tick  ${k}\n`)
} finally {
  await browser.close()
  await fake.close()
  rmSync(dir, { recursive: true, force: true })
}
