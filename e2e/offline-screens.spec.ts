/**
 * The board a supervisor finds when the vendors cannot be reached, saved as screenshots in docs/screenshots/ (the
 * first-start ones, full trends from the simulator's day so far, come from board.spec.ts and views.spec.ts):
 * - after a restart with every vendor gone: the last known numbers (kept in --state), every headline marked stale
 *   with how many connections, the banner saying which vendors and since when;
 * - with no data ever received: "—" and why, never 0.
 * Real processes: three vendor sandboxes (8x8, Bright Pattern, Chronicall) and the headless runner.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test, type Page } from '@playwright/test'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SHOTS = 'docs/screenshots'
/** The sandboxes' demo credentials (src-main/headless/sandbox-demo.ts); they never leave this machine. */
const SECRET = 'demo-secret-not-a-real-credential'

interface Started {
  child: ChildProcess
  line: RegExpExecArray
}

/** Start `node --import tsx <args>` and resolve once `ready` matches a line of `stream`; never sleeps. */
function startNode(args: string[], stream: 'stdout' | 'stderr', ready: RegExp): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0', E2E_VENDOR_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout!.setEncoding('utf8')
  child.stderr!.setEncoding('utf8')
  return new Promise<Started>((resolve, reject) => {
    const check = (text: string): void => {
      for (const l of text.split('\n')) {
        const m = ready.exec(l)
        if (m) return resolve({ child, line: m })
      }
    }
    child.stdout!.on('data', (d: string) => {
      if (stream === 'stdout') check((out = (out + d).slice(-16_000)))
    })
    child.stderr!.on('data', (d: string) => {
      err = (err + d).slice(-16_000)
      if (stream === 'stderr') check(err)
    })
    child.once('exit', (code) =>
      reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${err}`)),
    )
  })
}

function stop(p: Started | null): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    p.child.once('exit', () => resolve())
    p.child.kill('SIGTERM')
  })
}

async function startSandbox(provider: string): Promise<{ p: Started; baseUrl: string }> {
  const p = await startNode(
    ['src-main/headless/sandbox-cli.ts', '--provider', provider, '--port', '0', '--start-time', '10:30'],
    'stdout',
    /^(\{.*"baseUrl".*\})$/,
  )
  return { p, baseUrl: (JSON.parse(p.line[1] as string) as { baseUrl: string }).baseUrl }
}

async function runner(config: string, state: string): Promise<{ p: Started; board: string }> {
  const p = await startNode(
    ['src-main/headless/cli.ts', '--config', config, '--state', state, '--serve', '127.0.0.1:0'],
    'stderr',
    /board at (http:\/\/\S+)/,
  )
  return { p, board: p.line[1] as string }
}

/** Overview, Queues & chats and the wallboard's two panels, as they are now. */
async function shoot(page: Page, board: string, suffix: string): Promise<void> {
  await page.goto(`${board}#/overview`)
  await expect(page.getByTestId('kpi-waiting')).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/overview-${suffix}.png` })
  await page.goto(`${board}#/queues`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/queues-${suffix}.png` })
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto(`${board}#/wallboard?views=overview`)
  await expect(page.getByTestId('wallboard')).toHaveAttribute('data-panel', 'overview')
  await page.screenshot({ path: `${SHOTS}/wallboard-${suffix}.png` })
  await page.goto(`${board}#/wallboard?views=queues`)
  await expect(page.getByTestId('wallboard')).toHaveAttribute('data-panel', 'queues')
  await page.screenshot({ path: `${SHOTS}/wallboard-queues-${suffix}.png` })
  await page.setViewportSize({ width: 1440, height: 900 })
}

const started: Started[] = []
const dirs: string[] = []

test.afterEach(async () => {
  for (const p of started.splice(0).reverse()) await stop(p)
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

test('offline: the last known board marked stale after a restart, and no data shown as "—"', async ({
  page,
}) => {
  test.setTimeout(180_000)
  const dir = mkdtempSync(join(tmpdir(), 'fw-e2e-offline-screens-'))
  dirs.push(dir)
  const sandboxes = {
    '8x8': await startSandbox('8x8'),
    brightpattern: await startSandbox('brightpattern'),
    chronicall: await startSandbox('chronicall'),
  }
  started.push(...Object.values(sandboxes).map((s) => s.p))
  const config = join(dir, 'config.json')
  writeFileSync(
    config,
    JSON.stringify({
      connections: [
        {
          id: 'eu-voice',
          label: 'EU voice',
          provider: '8x8',
          // The sandbox's base URL already ends with the API root (/api/rtstats).
          baseUrl: sandboxes['8x8'].baseUrl,
          username: 'demo',
          secretEnv: 'E2E_VENDOR_SECRET',
          options: { format: 'json' },
        },
        {
          id: 'contact-center',
          label: 'Contact center',
          provider: 'brightpattern',
          baseUrl: sandboxes.brightpattern.baseUrl,
          username: 'demo',
          secretEnv: 'E2E_VENDOR_SECRET',
        },
        {
          id: 'phones',
          label: 'Phones',
          provider: 'chronicall',
          baseUrl: sandboxes.chronicall.baseUrl,
          secretEnv: 'E2E_VENDOR_SECRET',
        },
      ],
    }),
  )

  // A working day: every vendor answers, and the board keeps what it knows in --state.
  const state = join(dir, 'state')
  const first = await runner(config, state)
  started.push(first.p)
  await page.goto(`${first.board}#/overview`)
  const cards = page.getByTestId('connection-card')
  await expect(cards).toHaveCount(3)
  for (let i = 0; i < 3; i++)
    await expect(cards.nth(i)).toHaveAttribute('data-state', 'ok', { timeout: 30_000 })
  await expect(page.getByTestId('kpi-waiting')).toHaveAttribute('data-truth', 'fresh')
  await stop(first.p)

  // The vendors go away; the board starts again on what it kept.
  for (const s of Object.values(sandboxes)) await stop(s.p)
  const second = await runner(config, state)
  started.push(second.p)
  await page.goto(`${second.board}#/overview`)
  for (let i = 0; i < 3; i++) {
    await expect(cards.nth(i)).toHaveAttribute('data-state', /unreachable|offline/, { timeout: 60_000 })
  }
  for (const id of ['kpi-waiting', 'kpi-longest', 'kpi-agents', 'kpi-states']) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-truth', 'stale')
  }
  await expect(page.getByTestId('connectivity-banner')).toBeVisible()
  await shoot(page, second.board, 'offline')
  await stop(second.p)

  // Never any data: nothing to show, and the board says so instead of 0.
  const empty = await runner(config, join(dir, 'empty-state'))
  started.push(empty.p)
  await page.goto(`${empty.board}#/overview`)
  for (let i = 0; i < 3; i++) {
    await expect(cards.nth(i)).toHaveAttribute('data-state', /unreachable|offline/, { timeout: 60_000 })
  }
  for (const id of ['kpi-waiting', 'kpi-longest', 'kpi-agents']) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-truth', 'none')
    await expect(page.getByTestId(id).getByText('—', { exact: true })).toBeVisible()
  }
  await page.screenshot({ path: `${SHOTS}/overview-offline-no-data.png` })
})
