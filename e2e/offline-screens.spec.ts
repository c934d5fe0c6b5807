/**
 * The board a supervisor finds when the vendors cannot be reached, saved as screenshots in docs/screenshots/ (the
 * first-start ones, full trends from the simulator's day so far, come from board.spec.ts and views.spec.ts):
 * - after a restart with every vendor gone: the last known numbers (kept in --state), every headline marked stale
 *   with how many connections, the banner saying which vendors and since when;
 * - with no data ever received: "—" and why, never 0.
 * Real processes: three vendor sandboxes (8x8, Bright Pattern, Chronicall) and the headless runner.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { startRunner, startSandbox, stop, type Started } from './support/node-process'

const SHOTS = 'docs/screenshots'
/** The sandboxes' demo credentials (src-main/headless/sandbox-demo.ts); they never leave this machine. */
const SECRET = 'demo-secret-not-a-real-credential'

async function runner(config: string, state: string): Promise<Started & { board: string }> {
  return startRunner(['--config', config, '--state', state, '--serve', '127.0.0.1:0'], {
    E2E_VENDOR_SECRET: SECRET,
  })
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
  for (const p of started.splice(0).reverse()) await stop(p.child)
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

test('offline: the last known board marked stale after a restart, and no data shown as "—"', async ({
  page,
}) => {
  test.setTimeout(180_000)
  const dir = mkdtempSync(join(tmpdir(), 'fw-e2e-offline-screens-'))
  dirs.push(dir)
  const sandboxes = {
    '8x8': await startSandbox('8x8', ['--start-time', '10:30']),
    brightpattern: await startSandbox('brightpattern', ['--start-time', '10:30']),
    chronicall: await startSandbox('chronicall', ['--start-time', '10:30']),
  }
  started.push(...Object.values(sandboxes).map((s) => s.started))
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
  started.push(first)
  await page.goto(`${first.board}#/overview`)
  const cards = page.getByTestId('connection-card')
  await expect(cards).toHaveCount(3)
  for (let i = 0; i < 3; i++)
    await expect(cards.nth(i)).toHaveAttribute('data-state', 'ok', { timeout: 30_000 })
  await expect(page.getByTestId('kpi-waiting')).toHaveAttribute('data-truth', 'fresh')
  await stop(first.child)

  // The vendors go away; the board starts again on what it kept.
  for (const s of Object.values(sandboxes)) await stop(s.started.child)
  const second = await runner(config, state)
  started.push(second)
  await page.goto(`${second.board}#/overview`)
  for (let i = 0; i < 3; i++) {
    await expect(cards.nth(i)).toHaveAttribute('data-state', /unreachable|offline/, { timeout: 60_000 })
  }
  for (const id of ['kpi-waiting', 'kpi-longest', 'kpi-agents', 'kpi-states']) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-truth', 'stale')
  }
  await expect(page.getByTestId('connectivity-banner')).toBeVisible()
  await shoot(page, second.board, 'offline')
  await stop(second.child)

  // Never any data: nothing to show, and the board says so instead of 0.
  const empty = await runner(config, join(dir, 'empty-state'))
  started.push(empty)
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
