import { expect, test } from '@playwright/test'
import { BOARD_PORT } from '../playwright.config'

const BOARD = `http://127.0.0.1:${BOARD_PORT}/`

test('the board shows the simulated contact center live', async ({ page }) => {
  await page.goto(BOARD)

  // Overview: the demo connection is healthy.
  await expect(page.getByTestId('connection-card').first()).toHaveAttribute('data-state', 'ok')

  // Agents: 40 simulated agents, with time in state ticking.
  await page.getByRole('link', { name: 'Agents' }).click()
  const rows = page.getByTestId('agent-row')
  await expect(rows.first()).toBeVisible()
  const states = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))
  expect(new Set(states).size).toBeGreaterThan(2)
  const firstTime = page.getByTestId('time-in-state').first()
  const before = await firstTime.textContent()
  await expect.poll(async () => firstTime.textContent(), { timeout: 5_000 }).not.toBe(before)

  // Agents change state over time (the simulator moves them between polls).
  const snapshot = await rows.evaluateAll((els) => els.map((e) => e.textContent).join('|'))
  await expect
    .poll(async () => rows.evaluateAll((els) => els.map((e) => e.textContent).join('|')), { timeout: 20_000 })
    .not.toBe(snapshot)
  await page.screenshot({ path: 'docs/screenshots/agents.png' })

  // Queues & chats: voice, email and chat queues with live numbers.
  await page.getByRole('link', { name: 'Queues & chats' }).click()
  await expect(page.getByTestId('queue-card')).toHaveCount(4)
  await expect(page.getByTestId('chatroom-card').first()).toBeVisible()
  await page.screenshot({ path: 'docs/screenshots/queues.png' })

  await page.getByRole('link', { name: 'Overview' }).click()
  await expect(page.getByTestId('connection-card').first()).toBeVisible()
  await page.screenshot({ path: 'docs/screenshots/overview.png' })
})
