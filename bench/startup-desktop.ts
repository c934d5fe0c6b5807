/**
 * The desktop app's start-up, timed in the desktop harness (e2e/desktop/harness.ts: the built main process,
 * out/main/index.js, on the Electron stand-in, its window a real Chromium page with the built preload). Run by
 * bench/startup.ts inside a private keychain session (`node scripts/with-keychain.mjs npx tsx bench/startup-desktop.ts`);
 * prints one JSON line of times, ms.
 *
 * Two machines, each a profile whose settings hold one floor of 2,000 agents on a busy reference day from 10:00: the
 * 8x8 sandbox (a vendor API on loopback, the secret in the keychain) and the built-in simulator. A first start fills
 * the profile and quits (the board is saved at quit, docs/ARCHITECTURE.md §3.7); then each run starts the app and
 * times, from the call that launches it: the last known board painted (the Overview's agent figures drawn from the
 * saved board) and the first live data (those figures fresh), with where the time went (Chromium up, the window
 * asked to load the board, loaded, the board's shell drawn). Floor, in the same run: the same Chromium launched with
 * a fresh profile, showing an empty page, to its first painted frame.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { chromium, type Page } from '@playwright/test'
import { CHROMIUM } from '../playwright.config'
import { createRequire } from 'node:module'
import { launchApp, newProfile, type DesktopApp } from '../e2e/desktop/harness'
import { startEightByEightSandbox } from '../src-main/core/providers/8x8/sandbox'
import { systemClock } from '../src-main/core/runtime/system-clock'
import type { SandboxServer } from '../src-main/core/sandbox/server'
import { calendarFor } from '../src-main/core/simulator/business-clock'
import { createSimulator } from '../src-main/core/simulator/model'

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 5)
const AGENTS = 2_000
/** The app's keychain service (src-main/secrets/keytar-secret-store.ts); accounts are connection ids. */
const KEYCHAIN_SERVICE = 'app.floorwalker.desktop'
const SECRET = 'bench-secret-not-a-real-credential'

/** Which center the saved board comes from. */
type Center = 'simulator' | '8x8'

export interface CenterTimes {
  center: Center
  cached: number[]
  live: number[]
  floor: number[]
  /** Where the time goes: the window handed to the app, the board's shell drawn (no figures yet). */
  windowAt: number[]
  shellAt: number[]
  /** Chromium up ('ready'), and the app asking its window to load the board. */
  readyAt: number[]
  loadUrlAt: number[]
  /** The app starting its connections (its log's "starting the connections" line, ms resolution). */
  pollsAt: number[]
}

/** The Overview's "agents logged in" figure: 'none' until a board is there, 'stale' from the saved one, then 'fresh'. */
async function truthOf(page: Page, want: 'shown' | 'fresh', timeout: number): Promise<void> {
  await page.waitForFunction(
    (w) => {
      const el = document.querySelector('[data-testid="kpi-agents"]')
      const t = el?.getAttribute('data-truth')
      return w === 'fresh' ? t === 'fresh' : t === 'stale' || t === 'fresh'
    },
    want,
    { polling: 'raf', timeout },
  )
}

/** Resolves after the next frame is painted (two animation frames). */
const painted = (page: Page) =>
  page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))))

async function floorRun(dir: string): Promise<number> {
  const began = performance.now()
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM.executablePath,
    args: CHROMIUM.args,
    viewport: { width: 1360, height: 860 },
  })
  const page = context.pages()[0] ?? (await context.newPage())
  await page.goto('data:text/html,<!doctype html><title>empty</title><p>empty</p>')
  await painted(page)
  const t = performance.now() - began
  await context.close()
  return t
}

async function measure(root: string, center: Center, sandbox: SandboxServer | null): Promise<CenterTimes> {
  const profile = newProfile(join(root, center))
  mkdirSync(profile.userData, { recursive: true })
  const connection =
    center === 'simulator'
      ? {
          id: 'floor',
          label: 'Big floor',
          provider: 'simulator',
          options: { seed: 42, agents: AGENTS, incidents: true, startTime: '10:00' },
        }
      : {
          id: 'floor',
          label: 'Big floor',
          provider: '8x8',
          baseUrl: `${sandbox?.origin ?? ''}/api/rtstats`,
          username: 'demo',
          options: { format: 'json' },
        }
  writeFileSync(join(profile.userData, 'settings.json'), JSON.stringify({ connections: [connection] }))
  const t: CenterTimes = {
    center,
    cached: [],
    live: [],
    floor: [],
    windowAt: [],
    shellAt: [],
    readyAt: [],
    loadUrlAt: [],
    pollsAt: [],
  }
  let app: DesktopApp | null = null
  try {
    // The first start: no saved board yet; quitting saves it.
    app = await launchApp(profile)
    await truthOf(app.window.page, 'fresh', 120_000)
    await app.quit()
    app = null
    for (let i = 0; i < RUNS; i++) {
      t.floor.push(await floorRun(join(root, `floor-${center}-${i}`)))
      const began = performance.now()
      const beganWall = Date.now()
      app = await launchApp(profile)
      const page = app.window.page
      t.windowAt.push(performance.now() - began)
      await page.waitForSelector('[data-testid="kpi-agents"]', { timeout: 60_000 })
      t.shellAt.push(performance.now() - began)
      await truthOf(page, 'shown', 60_000)
      await painted(page)
      t.cached.push(performance.now() - began)
      await truthOf(page, 'fresh', 120_000)
      await painted(page)
      t.live.push(performance.now() - began)
      const at = (api: string) => {
        const c = app?.control.calls.find((x) => x.api === api)
        return c ? c.at - beganWall : Number.NaN
      }
      t.readyAt.push(at('app ready'))
      t.loadUrlAt.push(at('BrowserWindow.loadURL'))
      // The log of this start is the last one in the file (it is appended to across starts).
      const startLine = app
        .log()
        .split('\n')
        .filter((l) => l.includes('starting the connections'))
        .at(-1)
      const stamp = startLine ? Date.parse(startLine.slice(0, 24)) : Number.NaN
      t.pollsAt.push(stamp - beganWall)
      if (app.control.problems.length > 0) throw new Error(app.control.problems.join('; '))
      // The app's own log of a start, for reading where the time went (BENCH_STARTUP_LOG=<file>).
      if (process.env.BENCH_STARTUP_LOG)
        writeFileSync(`${process.env.BENCH_STARTUP_LOG}.${center}`, app.log())
      await app.quit()
      app = null
    }
  } finally {
    if (app) await app.quit().catch(() => undefined)
  }
  return t
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'floorwalker-bench-startup-'))
  // The 8x8 sandbox (docs/vendors/8x8.md) serving a 2,000-agent floor, caught up to now before the app starts: its
  // answers are network I/O to the app (it runs in this process, as the harness does, and costs the app's event loop
  // only while it renders an answer).
  const calendar = calendarFor({ startTime: '10:00' }, systemClock.now())
  if (typeof calendar === 'string') throw new Error(calendar)
  const sim = createSimulator({ seed: 42, agents: AGENTS, incidents: true, calendar })
  sim.at(systemClock.now())
  const sandbox = await startEightByEightSandbox({
    sim,
    clock: systemClock,
    username: 'demo',
    secret: SECRET,
  })
  const keytar = createRequire(import.meta.url)('keytar') as {
    setPassword(service: string, account: string, password: string): Promise<void>
  }
  await keytar.setPassword(KEYCHAIN_SERVICE, 'floor', SECRET)
  const centers: CenterTimes[] = []
  try {
    for (const center of ['8x8', 'simulator'] as const) centers.push(await measure(root, center, sandbox))
  } finally {
    await sandbox.close()
    rmSync(root, { recursive: true, force: true })
  }
  process.stdout.write(`${JSON.stringify({ agents: AGENTS, centers })}\n`)
  // The stand-in's last handles (Chromium's pipes) must not keep the keychain session open.
  process.exit(0)
}

await main()
