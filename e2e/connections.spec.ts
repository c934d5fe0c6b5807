import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { startRunner, startSandbox, stop, type Started } from './support/node-process'

/**
 * The Connections screen end to end: a giosg sandbox server (the vendor), the headless runner serving the board
 * with a token (the app), and the browser. A connection is added, tested, saved and shown on the board through
 * the UI; a wrong secret is tested and explained. Every WebSocket frame main sent to the page, the runner's logs
 * and the exported config are then searched for the secrets typed in: none may hold one (issue "Connections and
 * the OS keychain": secrets only travel renderer → main). The runner keeps what the board saved in its --state
 * folder: after a restart the connection is still there.
 */

const SECRET = `giosg-${randomBytes(12).toString('hex')}`
const WRONG_SECRET = `wrong-${randomBytes(12).toString('hex')}`
const TOKEN = randomBytes(12).toString('hex') // 24 characters

function recordFrames(page: Page): { received: string[]; sent: string[] } {
  const received: string[] = []
  const sent: string[] = []
  const text = (payload: string | Buffer): string =>
    typeof payload === 'string' ? payload : payload.toString('utf8')
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => received.push(text(f.payload)))
    ws.on('framesent', (f) => sent.push(text(f.payload)))
  })
  return { received, sent }
}

let sandbox: Started | null = null
let runner: (Started & { board: string }) | null = null
const stateDirs: string[] = []

test.afterEach(async () => {
  await stop(runner?.child)
  await stop(sandbox?.child)
  runner = null
  sandbox = null
  for (const d of stateDirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

test('add, test and save a vendor connection; a wrong secret is explained; no secret ever comes back', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000)
  // A busy reference day (10:30), whatever the time of day the test runs at.
  const giosg = await startSandbox('giosg', ['--secret', SECRET, '--start-time', '10:30'])
  sandbox = giosg.started
  const { baseUrl } = giosg
  const state = mkdtempSync(join(tmpdir(), 'fw-e2e-connections-'))
  stateDirs.push(state)
  // The demo replays a busy reference day (10:30), whatever the time of day the test runs at.
  const runnerArgs = ['--demo', '--demo-at', '10:30', '--serve', '127.0.0.1:0']
  // The token from the environment (never argv); viewers without it may look.
  runnerArgs.push('--public-read')
  runnerArgs.push('--state', state)
  const tokenEnv = { FLOORWALKER_TOKEN: TOKEN }
  runner = await startRunner(runnerArgs, tokenEnv)
  const board = runner.board

  const frames = recordFrames(page)
  await page.goto(`${board}?token=${TOKEN}#/connections`)
  await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible()
  await expect(page.getByTestId('connection-row')).toHaveCount(1) // the demo

  // Add: vendor, id, name, URL and the secret, kept for this session only (no keychain in this process).
  await page.getByRole('button', { name: 'Add connection' }).click()
  const editor = page.getByRole('dialog', { name: 'Add connection' })
  await expect(editor.getByLabel('Vendor')).toBeFocused()
  await editor.getByLabel('Vendor').selectOption({ label: 'giosg' })
  await editor.getByLabel('Connection id').fill('web-chat')
  await editor.getByLabel('Name', { exact: true }).fill('Web chat')
  await editor.getByLabel('API origin').fill('not a url')
  await expect(editor.getByText('must be an http:// or https:// URL')).toBeVisible()
  await editor.getByLabel('API origin').fill(baseUrl)
  await expect(editor.getByText('must be an http:// or https:// URL')).toBeHidden()
  await editor.getByLabel('API token', { exact: true }).fill(SECRET)
  await editor.getByLabel('Use for this session only').check()

  // Test before saving: every step passes, with what it found.
  await editor.getByRole('button', { name: 'Test connection' }).click()
  const report = editor.getByTestId('test-report')
  await expect(report).toHaveAttribute('data-ok', 'true', { timeout: 35_000 })
  for (const step of ['config', 'reach', 'auth', 'data']) {
    await expect(report.locator(`[data-step="${step}"]`)).toHaveAttribute('data-ok', 'true')
  }
  await expect(report.locator('[data-step="auth"]')).toContainText('Sign in')
  await expect(report.getByTestId('test-counts')).toContainText(/\d+ agents · \d+ chat rooms?/)
  await editor.screenshot({ path: 'docs/screenshots/connections-editor.png' })

  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor).toBeHidden()
  await expect(page.getByRole('status').filter({ hasText: 'Saved “Web chat”.' })).toBeVisible()
  const row = page.getByTestId('connection-row').filter({ hasText: 'Web chat' })
  await expect(row.getByTestId('connection-secret')).toHaveText('Secret for this session only')
  await expect(row.getByTestId('connection-status')).toHaveText('OK', { timeout: 30_000 })
  await expect(row).toContainText('updated')

  // Its agents are on the board.
  await page.getByRole('link', { name: 'Agents' }).click()
  await page.getByRole('combobox', { name: /^Connection/ }).selectOption({ label: 'Web chat' })
  await expect(page.getByTestId('agent-row').first()).toBeVisible()
  expect(await page.getByTestId('agent-row').count()).toBeGreaterThan(0)

  // Edit with a wrong secret: the test says the sign-in failed, in the vendor's words.
  await page.getByRole('link', { name: 'Connections' }).click()
  await row.getByRole('button', { name: 'Edit Web chat' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit Web chat' })
  await expect(edit.getByTestId('secret-status')).toHaveText('Secret for this session only')
  await expect(edit.locator('input[type="password"]')).toHaveCount(0)
  await edit.getByRole('button', { name: 'Replace secret' }).click()
  await edit.getByLabel('New API token').fill(WRONG_SECRET)
  await edit.getByRole('button', { name: 'Test connection' }).click()
  const failed = edit.getByTestId('test-report')
  await expect(failed).toHaveAttribute('data-ok', 'false', { timeout: 35_000 })
  await expect(failed.locator('[data-step="reach"]')).toHaveAttribute('data-ok', 'true')
  const auth = failed.locator('[data-step="auth"]')
  await expect(auth).toHaveAttribute('data-ok', 'false')
  await expect(auth).toContainText('Failed')
  await expect(auth).toContainText('giosg rejected the token (HTTP 401)')
  await expect(auth).toContainText('Check the API token')
  await expect(failed.locator('[data-step="data"]')).toContainText('Not tried')
  await edit.screenshot({ path: 'docs/screenshots/connections-test-failed.png' })
  await edit.getByRole('button', { name: 'Cancel' }).click()
  await expect(edit).toBeHidden()
  // Cancelled: the stored secret still works.
  await expect(row.getByTestId('connection-status')).toHaveText('OK')

  // Export: the config as JSON, without any secret.
  await page.getByRole('button', { name: 'Export configuration' }).click()
  const exported = await page.getByTestId('exported-config').inputValue()
  const config = JSON.parse(exported) as { connections: { id: string; baseUrl?: string }[] }
  expect(config.connections.find((c) => c.id === 'web-chat')?.baseUrl).toBe(baseUrl)
  await page.getByRole('heading', { level: 1, name: 'Connections' }).scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'docs/screenshots/connections.png', fullPage: true })

  // Without the token, the same board only looks: the list, no editing controls.
  const viewer = await browser.newPage()
  const viewerFrames = recordFrames(viewer)
  await viewer.goto(`${board}#/connections`)
  await expect(viewer.getByTestId('read-only-note')).toBeVisible()
  await expect(viewer.getByTestId('connection-row').filter({ hasText: 'Web chat' })).toBeVisible()
  await expect(viewer.getByRole('button', { name: 'Add connection' })).toHaveCount(0)
  await expect(viewer.getByRole('button', { name: 'Edit Web chat' })).toHaveCount(0)
  await expect(viewer.getByRole('switch')).toHaveCount(0)
  await viewer.close()

  // Kept with the test results, for whoever wants to look for themselves.
  await testInfo.attach('frames-received.ndjson', {
    body: [...frames.received, ...viewerFrames.received].join('\n'),
    contentType: 'application/x-ndjson',
  })
  await testInfo.attach('runner-stderr.log', { body: runner.stderr(), contentType: 'text/plain' })
  await testInfo.attach('exported-config.json', { body: exported, contentType: 'application/json' })

  // The secrets went in (the recording works) and never came back out.
  expect(frames.sent.some((f) => f.includes(SECRET))).toBe(true)
  expect(frames.sent.some((f) => f.includes(WRONG_SECRET))).toBe(true)
  expect(frames.received.length).toBeGreaterThan(10)
  for (const secret of [SECRET, WRONG_SECRET]) {
    expect(frames.received.filter((f) => f.includes(secret))).toEqual([])
    expect(viewerFrames.received.filter((f) => f.includes(secret))).toEqual([])
    expect(runner.stderr()).not.toContain(secret)
    expect(exported).not.toContain(secret)
  }
  expect(runner.stderr()).toContain('board at')

  // Restarted on the same --state folder: what the board saved is still there (its session secret is not).
  await stop(runner.child)
  runner = await startRunner(runnerArgs, tokenEnv)
  await page.goto(`${runner.board}?token=${TOKEN}#/connections`)
  await expect(page.getByTestId('connection-row').filter({ hasText: 'Web chat' })).toBeVisible()
})
