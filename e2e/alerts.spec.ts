/**
 * Alerts end to end: the headless runner on the seeded simulator with a rule set the demo trips within seconds,
 * serving the built board with a token, and the browser. An incident raises a visible alert (also marked on its
 * queue card and agent row); it is acknowledged and another is snoozed from the UI; both survive a reload
 * (main holds them); a board without the token sees the alerts but cannot act. The screenshot shows the states.
 */
import type { ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { cleanUpAfterEach, writeConfig } from './support/cleanup'
import { startRunner } from './support/node-process'
import { emailBacklogRule, REFERENCE_DAY } from './support/reference-day'

const TOKEN = randomBytes(12).toString('hex') // 24 characters

/** The reference day (support/reference-day.ts): every rule below holds (or clears) within the first minute. */
const CONFIG = {
  connections: [REFERENCE_DAY],
  rules: [
    emailBacklogRule({ clearBelow: 10, forSec: 0, notify: ['desktop', 'tray', 'sound'] }),
    {
      id: 'break-too-long',
      name: 'Break too long',
      entity: 'agent',
      state: 'not_ready',
      field: 'timeInStateSec',
      op: '>',
      warn: 120,
      critical: 900,
      forSec: 0,
      notify: ['desktop', 'tray'],
    },
    {
      id: 'long-call',
      name: 'Long call',
      entity: 'agent',
      ids: ['1017'],
      state: 'busy',
      field: 'timeInStateSec',
      op: '>',
      warn: 240,
      critical: 330,
      forSec: 0,
      notify: ['desktop', 'tray'],
    },
    {
      id: 'email-old',
      name: 'Email waiting over 50 minutes',
      entity: 'queue',
      ids: ['117'],
      field: 'longestWaitSec',
      op: '>',
      warn: 3000,
      forSec: 600,
      notify: ['desktop'],
    },
  ],
}

type Alert = { rule: string; id: string; state: string; severity: string }

interface Runner {
  child: ChildProcess
  board: string
  /** NDJSON `alert` lines printed so far. */
  alerts: () => Alert[]
}

/** The headless runner serving the board; snapshots go to stdout every poll, of which the alert lines are kept. */
async function startAlertsRunner(configPath: string): Promise<Runner> {
  const lines: Alert[] = []
  const started = await startRunner(
    // Viewers without the token may look (the last test checks what they see).
    ['--config', configPath, '--serve', '127.0.0.1:0', '--public-read'],
    // The token from the environment, never the command line (docs/ARCHITECTURE.md §7.4).
    { FLOORWALKER_TOKEN: TOKEN },
    (l) => {
      if (l.startsWith('{"type":"alert"')) lines.push(JSON.parse(l) as Alert)
    },
  )
  return { child: started.child, board: started.board, alerts: () => lines.slice() }
}

const { started, tempDir } = cleanUpAfterEach()

test('an incident raises a visible alert; acknowledge and snooze work from the board', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000)
  const runner = await startAlertsRunner(writeConfig(tempDir('floorwalker-alerts-'), CONFIG))
  started.push(runner)

  await page.goto(`${runner.board}?token=${TOKEN}#/alerts`)
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible()

  // The incidents are on the board: the email backlog fires critical, Chloe's break too.
  const items = page.getByTestId('alert-item')
  const backlog = items.filter({ hasText: 'Email backlog' })
  await expect(backlog).toHaveAttribute('data-state', 'firing')
  await expect(backlog).toHaveAttribute('data-severity', 'critical')
  await expect(backlog.getByTestId('severity-badge')).toHaveText('Critical')
  await expect(backlog.getByTestId('alert-where')).toHaveText('Email · Queue · Demo contact center')
  await expect(backlog.getByTestId('alert-value')).toHaveText(/^Waiting \d+$/)
  await expect(backlog).toContainText('critical above 30')
  const chloeBreak = items.filter({ hasText: 'Break too long' }).filter({ hasText: 'Chloe Martinez' })
  await expect(chloeBreak).toHaveAttribute('data-severity', 'critical')
  // The 50-minute email wait holds but must last 10 minutes first: pending, and nothing to acknowledge yet.
  const old = items.filter({ hasText: 'Email waiting over 50 minutes' })
  await expect(old).toHaveAttribute('data-state', 'pending')
  await expect(old.getByTestId('alert-acknowledge')).toHaveCount(0)
  // Firing alerts come before pending ones.
  await expect(items.last()).toHaveAttribute('data-state', 'pending')
  await expect(page.getByTestId('nav-badge-alerts')).toHaveText(/\d+/)

  // Acknowledge from the board: it stays, and says who and when.
  await page.getByRole('button', { name: 'Acknowledge Email backlog: Email' }).click()
  await expect(backlog.getByTestId('alert-tag-ack')).toHaveText(
    /^Acknowledged by a web board at \d\d:\d\d:\d\d/,
  )
  await expect(backlog.getByTestId('alert-acknowledge')).toHaveCount(0)
  await expect(page.getByTestId('alerts-notice')).toHaveText('Acknowledged: Email backlog: Email')

  // Snooze Chloe's break for 30 minutes from the menu.
  await page
    .getByRole('button', { name: 'Snooze Break too long: Chloe Martinez for another length of time' })
    .click()
  await page.getByRole('menuitem', { name: '30 min' }).click()
  await expect(chloeBreak.getByTestId('alert-tag-snoozed')).toHaveText(/^Snoozed until \d\d:\d\d/)

  // Alerts that ended are history, newest first: Henrik came back from his break, Lucas's call ended (45 s in).
  const history = page.getByTestId('history-row')
  await expect(history.filter({ hasText: 'Henrik Singh' })).toHaveCount(1, { timeout: 30_000 })
  await expect(history.filter({ hasText: 'Long call' })).toHaveCount(1, { timeout: 60_000 })
  await expect(history.filter({ hasText: 'Long call' })).toHaveAttribute('data-severity', 'critical')

  // Main holds acknowledgements and snoozes: a reload shows them again.
  await page.reload()
  await expect(backlog.getByTestId('alert-tag-ack')).toBeVisible()
  await expect(chloeBreak.getByTestId('alert-tag-snoozed')).toBeVisible()
  await page.screenshot({ path: 'docs/screenshots/alerts.png' })

  // The same alerts mark their queue card and agent row, with words and an icon; the mark leads back here.
  await page.getByRole('link', { name: 'Queues & chats' }).click()
  const emailCard = page.getByRole('article', { name: 'Email', exact: true })
  await expect(emailCard.getByTestId('breach-badge')).toContainText('Critical alert')
  await page.getByRole('link', { name: 'Agents' }).click()
  await page.getByRole('searchbox').first().fill('Chloe Martinez')
  const chloeRow = page.getByTestId('agent-row').filter({ hasText: 'Chloe Martinez' })
  await expect(chloeRow).toHaveAttribute('data-breach', 'critical')
  await chloeRow.getByTestId('breach-badge').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible()
  await expect(chloeBreak).toBeFocused()

  // Every alert was reported once by the runner: no duplicate firing lines.
  const firing = runner.alerts().filter((a) => a.state === 'firing')
  const keys = firing.map((a) => `${a.rule}|${a.id}|${a.severity}`)
  expect(new Set(keys).size).toBe(keys.length)
  expect(keys).toContain('email-backlog|117|critical')

  // A board opened without the token sees the alerts but cannot act on them, and says why.
  const viewer = await browser.newPage()
  await viewer.goto(`${runner.board}#/alerts`)
  await expect(viewer.getByTestId('alerts-read-only')).toContainText('cannot acknowledge, snooze or mute')
  await expect(viewer.getByTestId('alert-item').filter({ hasText: 'Email backlog' })).toBeVisible()
  await expect(viewer.getByRole('button', { name: /^Acknowledge / })).toHaveCount(0)
  await viewer.close()
})
