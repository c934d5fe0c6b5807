/**
 * History kept for days, end to end: the headless runner with a state folder on the simulator (its reference day
 * replayed from 10:30, so the floor is as busy whenever the test runs) fills the past eight business days into day
 * files at first start; a queue's trend turns on "Last week" and draws the same hour one week earlier as a dashed
 * line; the rule preview replays a rule over a past day chosen in its day picker. Screenshot of the overlay.
 */
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startRunner, stop } from './support/node-process'

const TOKEN = randomBytes(12).toString('hex')

const CONFIG = {
  connections: [
    {
      id: 'demo',
      label: 'Demo contact center',
      provider: 'simulator',
      options: { seed: 42, startTime: '10:30' },
    },
  ],
  rules: [
    {
      id: 'support-waiting',
      name: 'Support waiting',
      entity: 'queue',
      field: 'waiting',
      op: '>',
      warn: 2,
      critical: 6,
      notify: ['tray'],
    },
  ],
}

/** The day files the runner has written for the demo connection. */
function dayFiles(stateDir: string): string[] {
  try {
    return readdirSync(join(stateDir, 'history', 'demo')).filter((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n))
  } catch {
    return []
  }
}

let child: ChildProcess | null = null
let dir: string | null = null

test.afterEach(async () => {
  await stop(child)
  child = null
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
})

test('a trend overlays last week, and the rule preview replays a past day', async ({ page }) => {
  test.setTimeout(240_000)
  dir = mkdtempSync(join(tmpdir(), 'floorwalker-history-'))
  const configPath = join(dir, 'config.json')
  const stateDir = join(dir, 'state')
  writeFileSync(configPath, JSON.stringify(CONFIG, null, 2))
  const runner = await startRunner(['--config', configPath, '--state', stateDir, '--serve', '127.0.0.1:0'], {
    FLOORWALKER_TOKEN: TOKEN,
  })
  child = runner.child

  // The simulator's past days are computed in the background, the day a week ago first, then yesterday.
  await expect
    .poll(() => dayFiles(stateDir).length, { timeout: 150_000, intervals: [1_000] })
    .toBeGreaterThan(1)

  await page.goto(`${runner.board}?token=${TOKEN}#/queues`)
  const card = page.getByTestId('queue-card').filter({ hasText: 'Support' }).first()
  await expect(card).toBeVisible()
  const trend = card.getByTestId('wait-trend')
  await expect(trend).toBeVisible()
  const toggle = trend.getByTestId('trend-last-week')
  await expect(toggle).toHaveAttribute('aria-pressed', 'false')
  await toggle.click()
  // One switch for every trend on the page.
  await expect(page.getByTestId('trend-last-week').first()).toHaveAttribute('aria-pressed', 'true')
  await expect(toggle).toHaveAttribute('aria-pressed', 'true')

  // The dashed line is named after the day it comes from, and the chart's words carry its figures.
  const weekAgo = new Intl.DateTimeFormat('en', { weekday: 'short', day: 'numeric', month: 'short' }).format(
    Date.now() - 7 * 86_400_000,
  )
  await expect(trend.locator('.trend-legend')).toContainText(`Last week (${weekAgo})`)
  const chart = trend.getByRole('img')
  await expect(chart).toHaveAttribute(
    'aria-label',
    new RegExp(`Last week \\(${weekAgo}\\) now \\d+, peak \\d+`),
  )
  await card.screenshot({ path: 'test-results/history-overlay-card.png' })
  await page.screenshot({ path: 'test-results/history-overlay.png' })

  // Turned off again: the line goes.
  await toggle.click()
  await expect(trend.locator('.trend-legend')).not.toContainText('Last week')
  await toggle.click()

  // The rule preview over a past day.
  await page.goto(`${runner.board}?token=${TOKEN}#/alerts`)
  await page.getByRole('button', { name: 'Rules', exact: true }).click()
  await page.getByTestId('rule-row').filter({ hasText: 'Support waiting' }).getByTestId('rule-edit').click()
  const preview = page.getByTestId('rule-preview')
  await expect(preview).toHaveAttribute('data-status', 'ready')
  const picker = preview.getByTestId('preview-day')
  await expect(picker).toBeVisible()
  const options = await picker.locator('option').allTextContents()
  expect(options[0]).toBe('Today (history in memory)')
  expect(options.length).toBeGreaterThan(2)
  expect(options).toContain(weekAgo)
  await picker.selectOption({ label: weekAgo })
  await expect(preview).toHaveAttribute('data-status', 'ready')
  await expect(preview).toContainText('one-minute resolution')
  // A whole business day of the busy demo floor: the rule would have fired, over many hours of history.
  await expect(preview.getByTestId('preview-firings')).toContainText(/It would have fired (once|\d+ times)/)
  await expect(preview).toContainText(/examined over \d+ h/)
  await expect(preview.getByTestId('preview-events').locator('li').first()).toBeVisible()
  await page.screenshot({ path: 'test-results/history-preview.png' })
  // Back to today: the ring again.
  await picker.selectOption({ index: 0 })
  await expect(preview).toHaveAttribute('data-status', 'ready')
  await expect(preview).not.toContainText('one-minute resolution')
})
