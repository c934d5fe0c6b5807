/**
 * The escalation ladder end to end: the headless runner on the seeded simulator with two rules whose ladders post
 * to a webhook, a local HTTP receiver standing in for Slack / Teams, and the browser. Nobody acknowledges the
 * email backlog: its webhook step reaches the receiver after the configured 3 s (and the alert says it was sent).
 * Chloe's overlong break is acknowledged from the board before its 15 s step: nothing is posted for it.
 */
import { randomBytes } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { cleanUpAfterEach, writeConfig } from './support/cleanup'
import { startRunner } from './support/node-process'
import { emailBacklogRule, REFERENCE_DAY } from './support/reference-day'
import { startReceiver } from './support/webhook-receiver'

const TOKEN = randomBytes(12).toString('hex')

/** The same reference day as e2e/alerts.spec.ts: the email backlog and Chloe's break fire at the first poll. */
const CONFIG = {
  connections: [REFERENCE_DAY],
  webhooks: [{ id: 'ops', name: 'Ops channel', kind: 'generic', urlEnv: 'FLOORWALKER_E2E_HOOK' }],
  rules: [
    emailBacklogRule({ escalation: [{ afterSec: 3, channel: 'webhook', webhook: 'ops' }] }),
    {
      id: 'break-too-long',
      name: 'Break too long',
      entity: 'agent',
      ids: ['1004'],
      state: 'not_ready',
      field: 'timeInStateSec',
      op: '>',
      warn: 120,
      critical: 900,
      notify: ['desktop', 'tray'],
      escalation: [{ afterSec: 15, channel: 'webhook', webhook: 'ops' }],
    },
  ],
}

type Body = { type: string; at: number; alert: { rule: string; firedAt: number; entityName: string | null } }

const startHookReceiver = () => startReceiver<Body>('/hooks/secret-path-0123456789')

const { started, closers, tempDir } = cleanUpAfterEach()

test('an unacknowledged alert reaches the webhook after its delay; an acknowledged one does not', async ({
  page,
}) => {
  test.setTimeout(90_000)
  const receiver = await startHookReceiver()
  closers.push(receiver)
  const configPath = writeConfig(tempDir('floorwalker-escalation-'), CONFIG)
  const runner = await startRunner(['--config', configPath, '--serve', '127.0.0.1:0'], {
    FLOORWALKER_TOKEN: TOKEN,
    // The webhook URL is a secret: from the environment, as connection secrets are (docs/ARCHITECTURE.md §7.4).
    FLOORWALKER_E2E_HOOK: receiver.url,
  })
  started.push(runner)

  await page.goto(`${runner.board}?token=${TOKEN}#/alerts`)
  const items = page.getByTestId('alert-item')
  const chloe = items.filter({ hasText: 'Break too long' })
  await expect(chloe).toHaveAttribute('data-state', 'firing')
  // Acknowledged before its 15 s step comes.
  await page.getByRole('button', { name: 'Acknowledge Break too long: Chloe Martinez' }).click()
  await expect(chloe.getByTestId('alert-tag-ack')).toBeVisible()

  // Nobody acknowledges the backlog: its step posts once, no sooner than 3 s after it fired.
  await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBeGreaterThan(0)
  const first = receiver.received[0]!
  expect(first.path).toBe('/hooks/secret-path-0123456789')
  expect(first.body.type).toBe('floorwalker.escalation')
  expect(first.body.alert.rule).toBe('email-backlog')
  expect(first.body.at - first.body.alert.firedAt).toBeGreaterThanOrEqual(3_000)
  expect(first.at - first.body.alert.firedAt).toBeGreaterThanOrEqual(3_000)
  const backlog = items.filter({ hasText: 'Email backlog' })
  await expect(backlog.getByTestId('alert-tag-webhook-0')).toContainText('Ops channel: sent')

  // Past Chloe's 15 s step (counted from when her alert fired): still nothing for her.
  const chloeFired = Number(await chloe.getAttribute('data-fired-at'))
  const wait = chloeFired + 20_000 - Date.now()
  if (wait > 0) await page.waitForTimeout(wait)
  expect(receiver.received.map((r) => r.body.alert.rule)).toEqual(['email-backlog'])
  // The URL is a secret: never in the runner's log.
  expect(runner.stderr()).not.toContain('secret-path-0123456789')
  await page.screenshot({ path: 'test-results/escalation.png' })
})
