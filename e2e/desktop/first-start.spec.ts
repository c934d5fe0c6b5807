import { expect, test } from '@playwright/test'
import { launchApp, newProfile, startApp, type DesktopApp } from './harness'

/**
 * Where the stand-in cannot be faithful here: the OS sandbox itself, the isolated world, the app:// origin, and native
 * menus and the tray (recorded, never drawn); each is said in full below.
 *
 * A supervisor installs Floorwalker and starts it for the first time: the built main process on the Electron
 * stand-in (e2e/desktop/standin/electron.ts), its window a real Chromium page with the built preload in Electron's
 * sandbox rules. In full:
 * - the OS sandbox itself: the renderer runs in Chromium's own process sandbox, not Electron's; only the preload's
 *   `require` rules and contextBridge are rebuilt.
 * - the isolated world: the preload shares the page's JavaScript world (its bindings are removed before page scripts run).
 * - the app:// scheme: Chromium outside Electron cannot register it, so the page sees an https origin of its own,
 *   answered by the app's protocol handler; main sees app:// URLs.
 * - native menus and the tray: recorded objects, clicked by the test, never drawn.
 */

let app: DesktopApp | null = null
test.afterEach(async () => {
  if (app && !(await Promise.race([app.control.exited.then(() => true), Promise.resolve(false)])))
    await app.quit()
  app = null
})

test('first start: the simulated center on the board through the preload bridge, secured as the app sets it', async () => {
  const testInfo = test.info()
  const profile = newProfile(testInfo.outputPath('machine'))
  app = await launchApp(profile)
  const { control, window: win } = app
  const page = win.page

  // The board, filled through window.floorwalker (the preload), never through a WebSocket.
  await expect(page.getByTestId('connection-card').first()).toHaveAttribute('data-state', 'ok')
  await expect(page.getByTestId('connection-card').first()).toContainText('Demo contact center')
  expect(
    await page.evaluate(() =>
      Object.keys((window as unknown as { floorwalker?: object }).floorwalker ?? {}).sort(),
    ),
  ).toEqual(['invoke', 'on'])
  await page.getByRole('link', { name: 'Agents' }).click()
  await expect(page.getByTestId('agent-row').first()).toBeVisible()
  await page.getByRole('link', { name: 'Queues & chats' }).click()
  await expect(page.getByTestId('queue-card').first()).toBeVisible()
  await page.getByRole('link', { name: 'Overview' }).click()
  await page.screenshot({ path: testInfo.outputPath('desktop-board.png') })
  expect(control.webSockets).toEqual([])
  expect(control.problems).toEqual([])

  // Shown, focused, on the app's own origin; the app asked for what it must before 'ready'.
  expect(win.isVisible()).toBe(true)
  expect(win.isFocused()).toBe(true)
  const apis = control.calls.map((c) => c.api)
  const readyAt = apis.indexOf('app ready')
  for (const early of [
    'app.setPath',
    'protocol.registerSchemesAsPrivileged',
    'app.requestSingleInstanceLock',
    'app.enableSandbox',
  ])
    expect(apis.indexOf(early), early).toBeGreaterThanOrEqual(0)
  for (const early of ['protocol.registerSchemesAsPrivileged', 'app.enableSandbox'])
    expect(apis.indexOf(early), `${early} before ready`).toBeLessThan(readyAt)
  expect(control.calls.find((c) => c.api === 'BrowserWindow.loadURL')?.args).toEqual([
    'app://floorwalker/index.html',
  ])

  // Every file carries the CSP from the app's protocol handler, and the page is bound by it: no inline script, and
  // no connection anywhere (everything goes through the preload).
  expect(control.served.length).toBeGreaterThan(2)
  for (const r of control.served) {
    expect(r.url).toMatch(/^app:\/\/floorwalker\//)
    expect(r.status, r.url).toBe(200)
  }
  const csp = control.served.find((r) => r.url === 'app://floorwalker/index.html')?.headers[
    'content-security-policy'
  ]
  expect(csp).toContain("script-src 'self'")
  expect(csp).not.toMatch(/ws:|unsafe-eval/)
  const fetched = await page.evaluate(() =>
    fetch('/index.html').then(
      () => 'fetched',
      (e: Error) => e.message,
    ),
  )
  expect(fetched).toBe('Failed to fetch')
  const inlineRan = await page.evaluate(() => {
    const s = document.createElement('script')
    s.textContent = 'window.__inlineRan = true'
    document.head.append(s)
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true
  })
  expect(inlineRan).toBe(false)

  // Permissions: the app's handlers deny everything the page might ask for.
  const session = (
    control.electron.session as { defaultSession: { __permission(p: string): Promise<unknown> } }
  ).defaultSession
  expect(await session.__permission('notifications')).toEqual({ requested: false, checked: false })
  expect(await session.__permission('media')).toEqual({ requested: false, checked: false })

  // Leaving the app: a navigation is refused and an https link goes to the system browser; so does window.open.
  await page.evaluate(() => {
    location.href = 'https://example.com/help'
  })
  await expect.poll(() => control.openedExternal).toEqual(['https://example.com/help'])
  await page.evaluate(() => window.open('https://example.org/docs'))
  await expect
    .poll(() => control.openedExternal)
    .toEqual(['https://example.com/help', 'https://example.org/docs'])
  await expect(page.getByTestId('connection-card').first()).toBeVisible()
  expect(page.url()).toMatch(/^https:\/\/floorwalker\.app\.standin\.invalid\//)

  // The tray: what the OS shows, and its menu.
  const tray = control.tray()
  expect(tray?.tooltip).toMatch(/^Floorwalker|alert/)
  expect(tray?.menu.filter((i) => i.type === 'normal').map((i) => i.label)).toEqual([
    'Open board',
    'Pause polling',
    'Quit Floorwalker',
  ])

  // Closing the window hides it to the tray; a second launch on the same profile shows it and goes away.
  await win.userClose()
  expect(win.isVisible()).toBe(false)
  expect(win.isDestroyed()).toBe(false)
  const second = await startApp(profile)
  expect(await second.control.exited).toBe(0)
  expect(second.control.windows).toEqual([])
  expect(win.isVisible()).toBe(true)

  // Quit from the tray: Electron's order, and the app's disposers in reverse order of their start.
  tray?.menu.find((i) => i.label === 'Quit Floorwalker')?.click()
  expect(await control.exited).toBe(0)
  expect(control.quitOrder[0]).toBe('before-quit')
  expect(control.quitOrder.filter((e) => e === 'quit')).toEqual(['quit'])
  expect(control.quitOrder.at(-1)).toBe('quit')
  const after = control.calls.slice(control.calls.findIndex((c) => c.api === 'app.quit')).map((c) => c.api)
  const order = [
    'powerMonitor.off',
    'Tray.destroy',
    'ipcMain.removeHandler',
    'protocol.unhandle',
    'session().setPermissionRequestHandler',
  ].map((api) => after.indexOf(api))
  expect(order.every((i) => i >= 0)).toBe(true)
  expect([...order].sort((a, b) => a - b)).toEqual(order)
  expect(app.log()).toMatch(/shutting down[\s\S]*bye/)
  expect(control.problems).toEqual([])
})
