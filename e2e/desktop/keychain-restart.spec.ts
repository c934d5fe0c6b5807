import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { expect, test, type Page } from '@playwright/test'
import { filesUnder, launchApp, newProfile, type DesktopApp } from './harness'
import { startVendorSandbox, type VendorSandbox } from './vendor-sandbox'

/**
 * Where the stand-in cannot be faithful here: Chromium's own profile (Electron keeps it in userData; here it sits
 * beside the home folder searched for the secret) and the app's code signature the OS keychain may tie access to.
 *
 * A supervisor adds their Bright Pattern tenant (its vendor sandbox) with a secret in the desktop app: the secret goes
 * to the OS keychain (a real gnome-keyring, in the private D-Bus session of the test run) and into no file; after a
 * restart the app reads it back and shows the last board at once, before any data arrives; quitting frees the
 * tenant's subscription slot.
 */

const SECRET = `bp-${randomBytes(12).toString('hex')}`
const KEYCHAIN_SERVICE = 'app.floorwalker.desktop'
const keytar = createRequire(import.meta.url)('keytar') as {
  getPassword(service: string, account: string): Promise<string | null>
}

let sandbox: VendorSandbox | null = null
let app: DesktopApp | null = null
test.afterEach(async () => {
  const testInfo = test.info()
  if (testInfo.status !== testInfo.expectedStatus) {
    const requests = await sandbox?.get<unknown[]>('/__sandbox/requests').catch(() => [])
    writeFileSync(testInfo.outputPath('sandbox-requests.json'), JSON.stringify(requests, null, 1))
    writeFileSync(testInfo.outputPath('calls.json'), JSON.stringify(app?.control.calls ?? [], null, 1))
  }
  if (app && !(await Promise.race([app.control.exited.then(() => true), Promise.resolve(false)])))
    await app.quit()
  await sandbox?.stop()
  app = null
  sandbox = null
})

interface LoggedRequest {
  method: string
  path: string
  status: number
  at: number
}

async function showConnectionAgents(page: Page, label: string): Promise<void> {
  await page.getByRole('link', { name: 'Agents' }).click()
  await page.getByRole('combobox', { name: /^Connection/ }).selectOption({ label })
}

test('a vendor connection keeps its secret in the keychain, is back after a restart at once, and quit frees its subscription', async () => {
  const testInfo = test.info()
  sandbox = await startVendorSandbox('brightpattern', SECRET)
  const profile = newProfile(testInfo.outputPath('machine'))
  app = await launchApp(profile)
  let page = app.window.page

  await page.getByRole('link', { name: 'Connections' }).click()
  await page.getByRole('button', { name: 'Add connection' }).click()
  const editor = page.getByRole('dialog', { name: 'Add connection' })
  await editor.getByLabel('Vendor').selectOption({ label: 'Bright Pattern' })
  await editor.getByLabel('Connection id').fill('bp-floor')
  await editor.getByLabel('Name', { exact: true }).fill('Bright Pattern floor')
  await editor.getByLabel('Tenant URL').fill(sandbox.baseUrl)
  await editor.getByLabel('Client ID / user').fill('demo')
  await editor.getByLabel('Client secret / password', { exact: true }).fill(SECRET)
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor).toBeHidden()
  const row = page.getByTestId('connection-row').filter({ hasText: 'Bright Pattern floor' })
  await expect(row.getByTestId('connection-secret')).toHaveText('Secret stored in keychain')
  await expect(row.getByTestId('connection-status')).toHaveText('OK', { timeout: 60_000 })
  await showConnectionAgents(page, 'Bright Pattern floor')
  await expect(page.getByTestId('agent-row').first()).toBeVisible()

  // The OS keychain holds it under the app's service and the connection's id; no file on this machine does.
  expect(await keytar.getPassword(KEYCHAIN_SERVICE, 'bp-floor')).toBe(SECRET)
  const written = () => filesUnder(profile.home)
  expect(written().some((f) => f.endsWith('settings.json'))).toBe(true)
  for (const f of written()) expect(readFileSync(f).includes(SECRET), f).toBe(false)

  // Quit: the engine deletes the tenant's subscription before the app goes.
  expect(await sandbox.get<unknown[]>('/__sandbox/subscriptions')).toHaveLength(1)
  const quitAt = Date.now()
  expect(await app.quit()).toBe(0)
  expect(await sandbox.get<unknown[]>('/__sandbox/subscriptions')).toEqual([])
  const log = await sandbox.get<LoggedRequest[]>('/__sandbox/requests')
  const deleted = log.filter((r) => r.at >= quitAt && r.method === 'DELETE')
  expect(deleted.map((r) => [r.path, r.status])).toEqual([['/statsapi/subscription/active', 200]])
  for (const f of written()) expect(readFileSync(f).includes(SECRET), f).toBe(false)
  expect(app.log()).not.toContain(SECRET)

  // Restart, while the tenant's data never gets ready: whatever the board shows of it is the saved board.
  await sandbox.post('/__sandbox/warmup', { polls: 1_000_000 })
  const restartedAt = Date.now()
  app = await launchApp(profile)
  page = app.window.page
  await showConnectionAgents(page, 'Bright Pattern floor')
  await expect(page.getByTestId('agent-row').first()).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('desktop-restart-saved-board.png') })

  // The secret came back from the keychain: the app signed in and subscribed again.
  await expect.poll(() => sandbox?.get<unknown[]>('/__sandbox/subscriptions')).toHaveLength(1)
  await page.getByRole('link', { name: 'Overview' }).click()
  await expect(
    page.getByTestId('connection-card').filter({ hasText: 'Bright Pattern floor' }),
  ).toHaveAttribute('data-state', 'warming_up')
  const since = (await sandbox.get<LoggedRequest[]>('/__sandbox/requests')).filter((r) => r.at >= restartedAt)
  const dataPolls = since.filter((r) => r.path === '/statsapi/subscription/data')
  expect(dataPolls.every((r) => r.status === 204)).toBe(true)
  expect(since.some((r) => r.path === '/statsapi/subscription' && r.status === 200)).toBe(true)

  expect(await app.quit()).toBe(0)
  expect(await sandbox.get<unknown[]>('/__sandbox/subscriptions')).toEqual([])
  expect(app.control.problems).toEqual([])
})
