/**
 * Every view of the board on the simulator (the headless runner's --demo behind --serve, read-only), in both
 * themes and both languages: each view renders its live data, passes an axe scan with no serious or critical
 * violations, and is saved as a screenshot in docs/screenshots/ for the README and for review.
 */
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { BOARD_PORT } from '../playwright.config'

const BOARD = `http://127.0.0.1:${BOARD_PORT}/`
const SHOTS = 'docs/screenshots'

type Scheme = 'light' | 'dark'

/** Serious and critical axe findings on the page as it is now, as readable lines (empty = pass). */
async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** Open a view and wait until its live data is there (readiness markers, never sleeps). */
async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`${BOARD}#/${hash}`)
  await expect(page.locator('html')).toHaveAttribute('lang', /en|pl/)
}

async function walk(page: Page, scheme: Scheme, suffix: string): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme })

  // Overview: totals across vendors, connection health with data age, worst queues.
  await open(page, 'overview')
  await expect(page.getByTestId('connection-card').first()).toHaveAttribute('data-state', 'ok')
  await expect(page.getByTestId('waiting-sentence')).not.toBeEmpty()
  expect(await axeProblems(page)).toEqual([])
  await page.screenshot({ path: `${SHOTS}/overview-${suffix}.png` })

  // Agents, grouped by team, with one agent's details open.
  await open(page, 'agents')
  await expect(page.getByTestId('agent-row').first()).toBeVisible()
  await page
    .getByRole('group', { name: /Group by|Grupuj według/ })
    .getByRole('button')
    .nth(1)
    .click()
  await expect(page.getByTestId('agent-section').first()).toBeVisible()
  await page.getByTestId('agent-open').first().click()
  const drawer = page.getByTestId('agent-drawer')
  await expect(drawer).toBeVisible()
  await expect(drawer.getByTestId('agent-today')).toBeVisible()
  await expect(drawer.getByTestId('agent-raw')).toBeVisible()
  expect(await axeProblems(page)).toEqual([])
  await page.screenshot({ path: `${SHOTS}/agents-${suffix}.png` })
  await page.keyboard.press('Escape')
  await expect(drawer).toBeHidden()
  // Leave the board as a user who did not ask for groups would find it.
  await page
    .getByRole('group', { name: /Group by|Grupuj według/ })
    .getByRole('button')
    .first()
    .click()

  // Queues & chats: a card per queue and room, each with its trend drawn on a canvas.
  await open(page, 'queues')
  await expect(page.getByTestId('queue-card')).toHaveCount(4)
  await expect(page.getByTestId('chatroom-card')).toHaveCount(2)
  await expect(page.getByTestId('wait-trend').first().locator('canvas').first()).toBeVisible()
  await expect(page.getByTestId('wait-trend').first().locator('[role="img"]')).toHaveAttribute(
    'aria-label',
    /Trend/,
  )
  expect(await axeProblems(page)).toEqual([])
  await page.screenshot({ path: `${SHOTS}/queues-${suffix}.png` })

  // Messages: urgent first, with the unread count.
  await open(page, 'messages')
  await expect(page.getByTestId('message').first()).toHaveAttribute('data-urgent', 'true')
  await expect(page.getByTestId('nav-badge-messages')).toBeVisible()
  expect(await axeProblems(page)).toEqual([])
  await page.screenshot({ path: `${SHOTS}/messages-${suffix}.png` })
}

test.describe('every view', () => {
  test.beforeEach(async ({ page }) => {
    // A fresh browser profile per test: no saved filters, theme or read marks from an earlier test.
    await page.goto(BOARD)
    await page.evaluate(() => localStorage.clear())
  })

  for (const scheme of ['light', 'dark'] as const) {
    test(`in English, ${scheme} theme`, async ({ page }) => {
      await walk(page, scheme, scheme)
      await expect(page.getByRole('link', { name: 'Overview' })).toBeVisible()
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
      // The OS theme is followed: a dark page for a dark scheme, a light one otherwise.
      const [r = 0, g = 0, b = 0] = (background.match(/\d+/g) ?? []).map(Number)
      expect((r + g + b) / 3 < 128).toBe(scheme === 'dark')
    })
  }

  test('in Polish, chosen with the language switcher and kept for the next visit', async ({ page }) => {
    await open(page, 'overview')
    await page.getByTestId('language-select').selectOption('pl')
    await expect(page.locator('html')).toHaveAttribute('lang', 'pl')
    await expect(page.getByRole('link', { name: 'Przegląd' })).toBeVisible()
    await walk(page, 'light', 'pl')
    await expect(page.getByRole('heading', { name: 'Wiadomości' })).toBeVisible()
    await page.reload()
    await expect(page.locator('html')).toHaveAttribute('lang', 'pl')
  })

  test('the theme can be set by hand, over the OS', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' })
    await open(page, 'overview')
    await page.getByTestId('theme-select').selectOption('dark')
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await page.reload()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  })
})

test('the wallboard rotates through the chosen views with nothing to operate but its sound switches', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.goto(`${BOARD}#/wallboard?views=overview,queues&every=5`)
  const board = page.getByTestId('wallboard')
  await expect(board).toHaveAttribute('data-panel', 'overview')
  await expect(page.getByTestId('wb-waiting')).toBeVisible()
  await expect(page.getByRole('navigation')).toHaveCount(0)
  // Nothing to operate but this browser's sound and notification switches (a TV sounds only after one click)
  // and the voice switch (a wallboard may read critical alerts aloud).
  await expect(page.getByTestId('sound-toggle')).toBeVisible()
  await expect(page.getByTestId('speech-toggle')).toBeVisible()
  await expect(
    page
      .locator(
        ':is(button, a, input, select):not([data-testid="attention-controls"] *):not([data-testid="speech-toggle"])',
      )
      .filter({ visible: true }),
  ).toHaveCount(0)
  expect(await axeProblems(page)).toEqual([])
  await page.screenshot({ path: `${SHOTS}/wallboard.png` })

  await expect(board).toHaveAttribute('data-panel', 'queues', { timeout: 8_000 })
  await expect(page.getByTestId('wb-tile')).toHaveCount(6)
  await expect(page.getByTestId('wait-trend').first().locator('canvas').first()).toBeVisible()
  expect(await axeProblems(page)).toEqual([])
  await page.screenshot({ path: `${SHOTS}/wallboard-queues.png` })
})

test('keyboard shortcuts switch views and open their help', async ({ page }) => {
  await open(page, 'overview')
  await expect(page.getByTestId('connection-card').first()).toBeVisible()
  await page.keyboard.press('g')
  await page.keyboard.press('a')
  await expect(page).toHaveURL(/#\/agents$/)
  await page.keyboard.press('/')
  await expect(page.getByRole('searchbox', { name: 'Search agents' })).toBeFocused()
  await page.keyboard.press('Escape')
  await page.getByRole('searchbox', { name: 'Search agents' }).blur()
  await page.keyboard.press('?')
  const help = page.getByTestId('shortcuts-dialog')
  await expect(help).toBeVisible()
  await expect(help).toContainText('Go to Messages')
  expect(await axeProblems(page)).toEqual([])
  await page.keyboard.press('Escape')
  await expect(help).toBeHidden()
  await page.keyboard.press('w')
  await expect(page.getByTestId('wallboard')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page).toHaveURL(/#\/agents$/)
})
