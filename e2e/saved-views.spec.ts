import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'

/**
 * Filters and saved views end to end (docs/ARCHITECTURE.md §5, "views"): the headless runner on the simulator with a
 * token and a --state folder, the browser. The Agents board is filtered by a team by its name and sorted, saved as a
 * view (the page's default), and opened on the wallboard by its id and by its name beside a built-in panel; the
 * wallboard counts only that team's agents. Queues & chats saved as "chat rooms only" shows only rooms there. Old
 * wallboard addresses keep working, a missing view is said, the view is in settings.json (exported with the config)
 * and a fresh start of the page opens with the default view.
 */
const TOKEN = randomBytes(12).toString('hex')

interface Started {
  child: ChildProcess
  line: RegExpExecArray
}

function startRunner(state: string): Promise<Started> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-main/headless/cli.ts',
      ...['--demo', '--demo-at', '10:30', '--serve', '127.0.0.1:0', '--state', state],
    ],
    {
      cwd: process.cwd(),
      env: { ...process.env, FORCE_COLOR: '0', FLOORWALKER_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let err = ''
  child.stderr.setEncoding('utf8')
  child.stdout.resume()
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: string) => {
      err += d
      const m = /board at (http:\/\/\S+)/.exec(err)
      if (m) resolve({ child, line: m })
    })
    child.once('exit', (code) =>
      reject(new Error(`the runner exited (${code}) before it was ready:\n${err}`)),
    )
  })
}

function stop(p: Started | null): Promise<void> {
  if (!p || p.child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    p.child.once('exit', () => resolve())
    p.child.kill('SIGTERM')
  })
}

/** The number of agents the Agents page says it shows ("12 of 40 agents"). */
async function shownAgents(page: Page): Promise<number> {
  const text = (await page.locator('.showing').textContent()) ?? ''
  return Number(/^\s*(\d+)/.exec(text)?.[1] ?? NaN)
}

let runner: Started | null = null
let state: string | null = null
test.afterEach(async () => {
  await stop(runner)
  runner = null
  if (state) rmSync(state, { recursive: true, force: true })
  state = null
})

test('save a view, make it the default and open it on the wallboard', async ({ page }) => {
  test.setTimeout(120_000)
  state = mkdtempSync(join(tmpdir(), 'fw-e2e-views-'))
  runner = await startRunner(state)
  const board = runner.line[1] as string

  await page.goto(`${board}?token=${TOKEN}#/agents`)
  await expect(page.getByTestId('agent-row').first()).toBeVisible()

  // Teams by their names (the simulator's "Support team"), never "1/2/3".
  const team = page.getByTestId('filter-team')
  await expect(team.locator('option')).toContainText([
    'All teams',
    'Digital team',
    'Sales team',
    'Support team',
  ])
  await team.selectOption({ label: 'Support team' })
  await expect(page.getByTestId('agent-row').first()).toContainText('Support team')
  await page.getByRole('columnheader', { name: 'Time in state' }).getByRole('button').click()
  const supportCount = await shownAgents(page)
  expect(supportCount).toBeGreaterThan(0)
  // Queue and reason filters are there, named after the queues agents serve.
  await expect(page.getByTestId('filter-queue').locator('option')).toContainText(['All queues'])

  // Save it under a name, as the page's default.
  await page.getByTestId('views-menu').click()
  await page.getByTestId('view-name').fill('Support floor')
  await page.getByLabel('Open this page with it').check()
  await page.getByTestId('view-save').click()
  const list = page.getByTestId('views-list')
  await expect(list).toContainText('Support floor')
  await expect(list).toContainText('Default')
  await expect(page.getByTestId('views-menu')).toContainText('Support floor')
  await page.locator('.agents-page').screenshot({ path: 'docs/screenshots/saved-views-menu.png' })

  // It is in the config (settings.json of --state), as the export writes it.
  const saved = JSON.parse(readFileSync(join(state, 'settings.json'), 'utf8')) as {
    views: { id: string; name: string; page: string; default?: boolean; filter: { team: string } }[]
  }
  expect(saved.views).toEqual([
    expect.objectContaining({
      id: 'support-floor',
      name: 'Support floor',
      page: 'agents',
      default: true,
      filter: expect.objectContaining({ team: 'name:Support team' }),
      sort: { key: 'timeInState', dir: 'desc' },
    }),
  ])

  // Show it on the wallboard from the menu: only the Support team's agents are counted.
  await list.getByRole('button', { name: 'Show on wallboard: Support floor' }).click()
  const wall = page.getByTestId('wallboard')
  await expect(wall).toHaveAttribute('data-view', 'support-floor')
  await expect(page.getByTestId('wb-title')).toHaveText('Support floor')
  const tiles = wall.locator('.tile .count')
  await expect(tiles.first()).toBeVisible()
  const counts = (await tiles.allTextContents()).map((c) => Number(c.replace(/\D/g, '')))
  expect(counts.reduce((a, b) => a + b, 0)).toBe(supportCount)
  await page.screenshot({ path: 'docs/screenshots/wallboard-saved-view.png' })

  // By its name, beside a built-in panel; an address from before saved views still works; a missing view is said.
  await page.goto(`${board}#/wallboard?views=overview,support%20FLOOR&every=0`)
  await expect(wall.locator('.rotation li')).toHaveText(['Overview', 'Support floor'])
  await page.goto(`${board}#/wallboard?views=queues,bogus&every=0`)
  await expect(wall).toHaveAttribute('data-panel', 'queues')
  await expect(wall.getByRole('status').filter({ hasText: 'No saved view "bogus"' })).toBeVisible()

  // Queues & chats: chat rooms only, saved and shown on the wallboard.
  await page.goto(`${board}#/queues`)
  await expect(page.getByTestId('queue-card').first()).toBeVisible()
  await page.getByTestId('filter-media').selectOption({ label: 'Chat' })
  await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Chat rooms' }).click()
  const rooms = await page.getByTestId('chatroom-card').count()
  expect(rooms).toBeGreaterThan(0)
  await expect(page.getByTestId('queue-card')).toHaveCount(0)
  await page.getByTestId('views-menu').click()
  await page.getByTestId('view-name').fill('Chat rooms')
  await page.getByTestId('view-save').click()
  await expect(page.getByTestId('views-list')).toContainText('Chat rooms')
  await page.goto(`${board}#/wallboard?views=chat-rooms&every=0`)
  await expect(page.getByTestId('wb-title')).toHaveText('Chat rooms')
  await expect(page.getByTestId('wb-tile')).toHaveCount(rooms)

  // A fresh start of the board opens the Agents page with its default view.
  await page.goto(`${board}#/agents`)
  await page.evaluate(() => localStorage.clear())
  await page.reload()
  await expect(page.getByTestId('filter-team')).toHaveValue('name:Support team')
  await expect(page.getByTestId('views-menu')).toContainText('Support floor')
})
