/**
 * Settings → Webhooks end to end: the headless runner on the seeded simulator (its config file written back for a
 * browser with the token), a local HTTP receiver standing in for Slack / Teams, and the browser. A webhook is added
 * through the form, "Send test" reaches the receiver, the board only ever shows the URL's host, and the webhook is
 * then picked by name in a rule's escalation step, whose post reaches the receiver too.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from '@playwright/test'
import { cleanUpAfterEach, writeConfig } from './support/cleanup'
import { startRunner } from './support/node-process'
import { emailBacklogRule, REFERENCE_DAY } from './support/reference-day'
import { startReceiver } from './support/webhook-receiver'

const TOKEN = randomBytes(12).toString('hex')
const SECRET_PATH = `/hooks/secret-${randomBytes(8).toString('hex')}`

/** The reference day of e2e/alerts.spec.ts: the email backlog fires at the first poll and stays firing. */
const CONFIG = { connections: [REFERENCE_DAY], rules: [emailBacklogRule()] }

type Body = { type: string; text?: string; alert?: { rule: string } }

const startHookReceiver = () => startReceiver<Body>(SECRET_PATH)

/** An address where nothing listens: a port that was free a moment ago. */
function closedPortUrl(): Promise<string> {
  const probe = createServer()
  return new Promise((resolve) => {
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as AddressInfo).port
      probe.close(() => resolve(`http://127.0.0.1:${port}/hooks/nobody-here`))
    })
  })
}

const { started, closers, tempDir } = cleanUpAfterEach()

test('a webhook added in Settings takes a test message and then an escalation step', async ({ page }) => {
  test.setTimeout(120_000)
  const receiver = await startHookReceiver()
  closers.push(receiver)
  const configPath = writeConfig(tempDir('floorwalker-webhooks-'), CONFIG)
  const runner = await startRunner(['--config', configPath, '--serve', '127.0.0.1:0'], {
    FLOORWALKER_TOKEN: TOKEN,
  })
  started.push(runner)

  await page.setViewportSize({ width: 1280, height: 900 })
  await page.goto(`${runner.board}?token=${TOKEN}#/alerts`)
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible()
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  const section = page.getByTestId('webhooks')
  await expect(section.getByTestId('webhooks-empty')).toBeVisible()

  // Add: the URL goes in once (this session only: the runner may have no OS keychain).
  await section.getByRole('button', { name: 'Add webhook' }).click()
  const form = page.getByTestId('webhook-form')
  await form.getByLabel('Name', { exact: true }).fill('Ops channel')
  await form.getByLabel('Kind', { exact: true }).selectOption({ label: 'Generic JSON' })
  await form.getByLabel('Webhook URL').fill('not a url')
  await form.getByRole('button', { name: 'Save webhook' }).click()
  await expect(form.locator('[data-field="url"] [data-testid="field-error"]')).toContainText(
    'Enter a web address starting with https://',
  )
  await form.getByLabel('Webhook URL').fill(receiver.url)
  await form.getByLabel('Keep the URL for this session only').check()
  await form.getByRole('button', { name: 'Save webhook' }).click()
  await expect(form).toBeHidden()

  const row = section.getByTestId('webhook-row').filter({ hasText: 'Ops channel' })
  const host = new URL(receiver.url).host
  await expect(row.getByTestId('webhook-url-cell')).toHaveText(`http://${host}/… This session only`)
  await expect(row).toContainText('Generic JSON')
  await expect(row).toContainText('Not sent (“an agent”)')

  // Send test: it arrives at the receiver's secret path, and the board says it was delivered.
  await row.getByRole('button', { name: 'Send a test message to Ops channel' }).click()
  await expect(row.getByTestId('webhook-test-result')).toHaveText('Test message delivered (HTTP 200)')
  expect(receiver.received).toHaveLength(1)
  expect(receiver.received[0]!.path).toBe(SECRET_PATH)
  expect(receiver.received[0]!.body.type).toBe('floorwalker.test')

  // A webhook nobody answers at: the test says exactly why it failed.
  await section.getByRole('button', { name: 'Add webhook' }).click()
  await form.getByLabel('Name', { exact: true }).fill('Supervisors on Teams')
  await form.getByLabel('Kind', { exact: true }).selectOption({ label: 'Microsoft Teams' })
  await form.getByLabel('Webhook URL').fill(await closedPortUrl())
  await form.getByLabel('Keep the URL for this session only').check()
  await form.getByLabel('Agent names may be sent').check()
  await form.getByRole('button', { name: 'Save webhook' }).click()
  await expect(form).toBeHidden()
  const teams = section.getByTestId('webhook-row').filter({ hasText: 'Supervisors on Teams' })
  await expect(teams).toContainText('Sent')
  await teams.getByRole('button', { name: 'Send a test message to Supervisors on Teams' }).click()
  await expect(teams.getByTestId('webhook-test-result')).toHaveText('Test failed: network: ECONNREFUSED')
  expect(receiver.received).toHaveLength(1)

  // Editing shows where the URL is and its host, never the URL itself.
  await row.getByRole('button', { name: 'Edit webhook Ops channel' }).click()
  await expect(form.getByLabel('New URL')).toHaveValue('')
  await expect(form).toContainText(`Stored URL: http://${host}/… — This session only`)
  await form.getByRole('button', { name: 'Cancel' }).click()
  expect(await page.content()).not.toContain(SECRET_PATH)
  // Nor is it in the config file the board's change was written to.
  const written = readFileSync(configPath, 'utf8')
  expect(written).toContain('"ops-channel"')
  expect(written).not.toContain(SECRET_PATH)

  await section.scrollIntoViewIfNeeded()
  await section.screenshot({ path: 'test-results/webhooks-settings.png' })
  await page.screenshot({ path: 'test-results/alerts-settings-page.png', fullPage: true })

  // Use it: the email backlog's own ladder posts to "Ops channel" 2 s after it fired.
  await page.getByRole('button', { name: 'Rules', exact: true }).click()
  await page.getByRole('button', { name: 'Edit Email backlog' }).click()
  const editor = page.getByTestId('rule-editor')
  await editor.getByTestId('rule-escalation-mode').selectOption('own')
  const step = editor.getByTestId('ladder-step').first()
  await step.getByTestId('step-after').fill('2')
  await step.getByTestId('step-channel').selectOption({ label: 'Post to a webhook' })
  await step.getByTestId('step-webhook').selectOption({ label: 'Ops channel' })
  await editor.getByTestId('ladder').screenshot({ path: 'test-results/rule-escalation.png' })
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor).toBeHidden()
  const saved = JSON.parse(readFileSync(configPath, 'utf8')) as {
    rules: { id: string; escalation?: unknown }[]
  }
  expect(saved.rules.find((r) => r.id === 'email-backlog')?.escalation).toEqual([
    { afterSec: 2, channel: 'webhook', webhook: 'ops-channel' },
  ])
  await expect
    .poll(() => receiver.received.filter((r) => r.body.type === 'floorwalker.escalation').length, {
      timeout: 20_000,
    })
    .toBeGreaterThan(0)
  const escalation = receiver.received.find((r) => r.body.type === 'floorwalker.escalation')!
  expect(escalation.path).toBe(SECRET_PATH)
  expect(escalation.body.alert?.rule).toBe('email-backlog')
  // The URL is a secret: never in the runner's log.
  expect(runner.stderr()).not.toContain(SECRET_PATH)
})
