/**
 * Behind every number, end to end. On the shared demo board (the headless runner on the simulator, read-only): a
 * queue card's name opens the panel of the agents who serve it, which agree with the Agents board filtered to that
 * queue; the panel is in the address, so Back closes it and Forward or a link opens it. On a runner of our own with a
 * token, in the simulator's morning backup, with the Bright Pattern sandbox (the same simulated floor served as that
 * vendor's API, which gives no service-level target) added from the Connections screen: a firing queue alert opens
 * the panel of its queue, from the Alerts view and the overview; a target set on a Bright Pattern queue through its
 * card's "Set target" shows on the card as the supervisor's own and moves the queue up the overview's "worst" order.
 */
import { randomBytes } from 'node:crypto'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { BOARD_PORT } from '../playwright.config'
import { cleanUpAfterEach } from './support/cleanup'
import { addConnection } from './support/connection-editor'
import { startRunner, startSandbox } from './support/node-process'

const BOARD = `http://127.0.0.1:${BOARD_PORT}/`
const TOKEN = randomBytes(12).toString('hex')
/** The sandboxes' own demo credentials (src-main/headless/sandbox-demo.ts); they never leave this machine. */
const USER = 'demo'
/** Three minutes into the Support backup that starts at 09:33 every simulated day. */
const DAY_AT = '09:36'

interface Seen {
  name: string
  state: string
}

/** The agents the open panel lists, name and state, in its order. */
async function panelAgents(panel: Locator): Promise<Seen[]> {
  const rows = panel.getByTestId('panel-agent')
  const out: Seen[] = []
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i)
    out.push({
      name: ((await row.getByTestId('panel-agent-name').textContent()) ?? '').trim(),
      state: (await row.getAttribute('data-state')) ?? '',
    })
  }
  return out
}

/** The Agents board's rows, name and state. */
async function boardAgents(page: Page): Promise<Seen[]> {
  const rows = page.getByTestId('agent-row')
  const out: Seen[] = []
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i)
    out.push({
      name: ((await row.getByTestId('agent-open').textContent()) ?? '').trim(),
      state: (await row.getAttribute('data-state')) ?? '',
    })
  }
  return out
}

const names = (list: Seen[]): string[] => list.map((a) => a.name).sort()

test('a queue card opens the agents who serve it, and they are the Agents board’s', async ({ page }) => {
  // Tall enough that the virtualized Agents board draws every agent of the queue.
  await page.setViewportSize({ width: 1440, height: 2000 })
  await page.goto(`${BOARD}#/queues`)
  const card = page
    .getByTestId('queue-card')
    .filter({ has: page.locator('h3', { hasText: /^\s*Sales\s*$/ }) })
  await expect(card).toHaveCount(1)
  const opener = card.getByTestId('open-panel')
  await opener.click()
  await expect(page).toHaveURL(/#\/queues\?queue=demo%3A115$|#\/queues\?queue=demo:115$/)
  const panel = page.getByRole('dialog', { name: 'Sales' })
  await expect(panel).toBeVisible()
  await expect(panel.getByTestId('queue-panel-close')).toBeFocused()
  await expect(panel.getByTestId('panel-agent').first()).toBeVisible()
  const before = await panelAgents(panel)
  expect(before.length).toBeGreaterThan(3)
  // Available first, then busy, then the rest: the states come in the board's order.
  const order = [
    'available',
    'offered',
    'busy',
    'wrap_up',
    'not_ready',
    'offline_work',
    'logged_out',
    'unknown',
  ]
  const ranks = before.map((a) => order.indexOf(a.state))
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
  // The counts per state add up to the list.
  const counts = await panel.getByTestId('panel-state-counts').locator('li .num').allTextContents()
  expect(counts.reduce((n, c) => n + Number(c), 0)).toBe(before.length)
  await page.screenshot({
    path: 'docs/screenshots/queue-panel.png',
    clip: { x: 0, y: 0, width: 1440, height: 1100 },
  })

  // The same agents on the Agents board, filtered to those who serve Sales.
  await panel.getByTestId('panel-show-agents').click()
  await expect(page).toHaveURL(/#\/agents$/)
  await expect(page.getByTestId('filter-queue')).toHaveValue('demo:115')
  await expect(page.getByTestId('agent-row').first()).toBeVisible()
  const board = await boardAgents(page)

  // Back: the queues with the panel open again (it is in the address), still the same agents.
  await page.goBack()
  await expect(panel).toBeVisible()
  await expect(panel.getByTestId('panel-agent').first()).toBeVisible()
  const after = await panelAgents(panel)
  // The floor moves on while we look (agents log in and out, change state): the board, read between the panel's two
  // readings, lists the agents of one of them, and each agent's state on the board is the panel's before or after.
  const asText = (l: Seen[]): string => names(l).join(', ')
  expect([asText(before), asText(after)]).toContain(asText(board))
  for (const a of board) {
    const was = [before, after].map((l) => l.find((x) => x.name === a.name)?.state)
    expect(was, a.name).toContain(a.state)
  }

  // Back again closes the panel; Forward opens it; Escape closes it and gives focus back to the card's name.
  await page.goBack()
  await expect(panel).toBeHidden()
  await expect(page).toHaveURL(/#\/queues$/)
  await page.goForward()
  await expect(panel).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(panel).toBeHidden()
  await expect(page).toHaveURL(/#\/queues$/)
  await opener.click()
  await expect(panel).toBeVisible()
  await panel.getByTestId('queue-panel-close').click()
  await expect(panel).toBeHidden()
  await expect(opener).toBeFocused()
})

/** The overview's "worst" table, top to bottom, as "name · connection". */
async function worstOrder(page: Page): Promise<string[]> {
  const section = page
    .locator('section')
    .filter({ has: page.getByRole('heading', { name: 'Worst queues and chat rooms' }) })
  const rows = section.locator('tbody tr')
  const out: string[] = []
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = rows.nth(i).locator('td')
    const name = ((await cells.nth(0).textContent()) ?? '').replace(/backlog/, '').trim()
    const connection = ((await cells.nth(1).textContent()) ?? '').replace(/Stale/, '').trim()
    out.push(`${name} · ${connection}`)
  }
  return out
}

const { started, tempDir } = cleanUpAfterEach()

test('an alert opens its queue’s panel; a target set on a Bright Pattern queue shows on its card and in the worst order', async ({
  page,
}) => {
  test.setTimeout(240_000)
  const bp = await startSandbox('brightpattern', ['--start-time', DAY_AT])
  started.push(bp.started)
  const state = tempDir('fw-e2e-panel-')
  const runner = await startRunner([
    ...['--demo', '--demo-at', DAY_AT, '--serve', '127.0.0.1:0', '--token', TOKEN, '--state', state],
  ])
  started.push(runner)
  const board = runner.board

  // An alert about a queue opens the panel of that queue, with the alert in it.
  await page.goto(`${board}?token=${TOKEN}#/alerts`)
  const item = page
    .getByTestId('active-alerts')
    .getByTestId('alert-item')
    .filter({ has: page.getByTestId('alert-open-panel') })
    .first()
  await expect(item).toBeVisible({ timeout: 60_000 })
  const alertId = (await item.getAttribute('data-alert-id')) ?? ''
  const where = ((await item.getByTestId('alert-where').textContent()) ?? '').trim()
  const queueName = where.split(' · ')[0] ?? ''
  await item.getByTestId('alert-open-panel').click()
  await expect(page).toHaveURL(/#\/queues\?(queue|room)=/)
  const panel = page.getByTestId('queue-panel')
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText(queueName)
  const inPanel = panel.locator(`[data-testid="panel-alert"][data-alert-id="${alertId}"]`)
  await expect(inPanel).toBeVisible()
  await expect(panel.getByTestId('panel-rule').first()).toBeVisible()
  await page.screenshot({ path: 'test-results/queue-panel-from-alert.png' })
  // …and from the panel back to that alert on the Alerts view, brought into focus there.
  await inPanel.getByTestId('panel-alert-open').click()
  await expect(page).toHaveURL(/#\/alerts$/)
  await expect(page.locator(`[data-testid="alert-item"][data-alert-id="${alertId}"]`)).toBeFocused()
  // The overview's alert list names the queue as a way to the same panel.
  await page.getByRole('link', { name: 'Overview' }).click()
  await page.getByTestId('overview-alert-open').first().click()
  await expect(page.getByTestId('queue-panel')).toBeVisible()
  await page.keyboard.press('Escape')

  // Bright Pattern, added as a supervisor would; its queues come without a service-level target.
  await page.getByRole('link', { name: 'Connections' }).click()
  await addConnection(page, {
    vendor: 'Bright Pattern',
    id: 'bp',
    name: 'Bright Pattern',
    url: ['Tenant URL', bp.baseUrl],
    user: ['Client ID / user', USER],
    secret: 'Client secret / password',
  })
  await page.getByRole('link', { name: 'Queues & chats' }).click()
  const bpCards = page.getByTestId('queue-card').filter({ hasText: 'Bright Pattern · Bright Pattern' })
  await expect(bpCards.first()).toBeVisible()
  await expect(bpCards.first().getByTestId('sl-target')).toHaveCount(0)

  // The Bright Pattern queue lowest in the worst order that has a service level to hold to a target.
  await page.getByRole('link', { name: 'Overview' }).click()
  await expect
    .poll(async () => (await worstOrder(page)).some((l) => l.endsWith('· Bright Pattern')))
    .toBe(true)
  const before = await worstOrder(page)
  await page.getByRole('link', { name: 'Queues & chats' }).click()
  let chosen: { name: string; sl: number } | null = null
  for (let i = 0; i < (await bpCards.count()); i++) {
    const card = bpCards.nth(i)
    const slText = ((await card.locator('.sl-value').textContent()) ?? '').trim()
    const sl = Number(slText.replace('%', ''))
    if (!/^\d+(\.\d+)?%$/.test(slText) || sl >= 95) continue
    const name = ((await card.locator('h3').textContent()) ?? '').trim()
    const rank = before.indexOf(`${name} · Bright Pattern`)
    const chosenRank = chosen ? before.indexOf(`${chosen.name} · Bright Pattern`) : -2
    if (chosen === null || rank === -1 || (chosenRank !== -1 && rank > chosenRank)) chosen = { name, sl }
  }
  expect(chosen, 'a Bright Pattern queue with a service level below 95%').not.toBeNull()
  const target = chosen!
  const card = bpCards.filter({
    has: page.locator('h3', { hasText: new RegExp(`^\\s*${target.name}\\s*$`) }),
  })
  await card.getByTestId('set-target').click()
  const dialog = page.getByTestId('target-dialog')
  await expect(dialog.getByTestId('target-vendor')).toContainText('gives no service-level target')
  await dialog.getByTestId('target-pct').fill('99')
  await dialog.getByTestId('target-sec').fill('20')
  await dialog.getByTestId('target-save').click()
  await expect(dialog).toBeHidden()
  await expect(card.getByTestId('sl-target')).toHaveText('target 99% in 20 s · your target')

  // The panel says the same.
  await card.getByTestId('open-panel').click()
  const bpPanel = page.getByTestId('queue-panel')
  await expect(bpPanel.getByTestId('sl-target')).toHaveText('target 99% in 20 s · your target')
  await expect(bpPanel.getByTestId('panel-no-membership')).toContainText(
    'Bright Pattern does not say which agents serve a queue',
  )
  await expect(bpPanel.getByTestId('panel-agent')).toHaveCount(0)
  await page.screenshot({ path: 'test-results/queue-panel-bright-pattern.png' })
  await page.keyboard.press('Escape')

  // Held to 99%, it is now further from its target than before: up the worst order (or onto it).
  await page.getByRole('link', { name: 'Overview' }).click()
  const line = `${target.name} · Bright Pattern`
  const was = before.indexOf(line)
  await expect
    .poll(
      async () => {
        const at = (await worstOrder(page)).indexOf(line)
        return at !== -1 && (was === -1 || at < was)
      },
      { message: `${line} was #${was + 1} of ${before.join(', ')}` },
    )
    .toBe(true)
})
