/**
 * An honest board that calls for attention, end to end: the headless runner on the simulator serving the board
 * with a token, and the Bright Pattern and Chronicall sandboxes (the same simulated floor served as those vendors'
 * APIs). Both are added from the Connections screen; the simulator's day opens with the Support queue backing up
 * (docs/vendors/simulator.md §6), replayed from 09:36 so the backup is under way at once. Their queue alerts fire,
 * and the browser calls for attention: the sound (after a click), a grouped notification, the count in the tab's
 * title and on its icon. Then polling is paused: the board says "paused" — not "cannot be reached" — also more
 * than two minutes later (the page's clock moved on with Playwright's clock), and with every connection stale no
 * headline on the Overview or the wallboard is shown without its stale mark.
 */
import { randomBytes } from 'node:crypto'
import { expect, test, type Locator } from '@playwright/test'
import { cleanUpAfterEach } from './support/cleanup'
import { addConnection } from './support/connection-editor'
import { startRunner, startSandbox } from './support/node-process'

const TOKEN = randomBytes(12).toString('hex') // 24 characters
/** The sandboxes' own demo credentials (src-main/headless/sandbox-demo.ts); they never leave this machine. */
const USER = 'demo'
/** Three minutes into the Support backup that starts at 09:33 every simulated day. */
const DAY_AT = '09:36'

/** Every element of `list` carries a stale mark in words ("3 of 3 connections stale" or "… paused"). */
async function expectEveryStale(list: Locator, what: string): Promise<void> {
  const n = await list.count()
  expect(n, `${what}: none on screen`).toBeGreaterThan(0)
  for (let i = 0; i < n; i++) {
    const el = list.nth(i)
    await expect(el, `${what} #${i + 1}`).toHaveAttribute('data-truth', 'stale')
    await expect(el.getByTestId('figure-truth').first(), `${what} #${i + 1}`).toHaveText(
      /\d+ of \d+ connections (stale|paused)/,
    )
  }
}

const { started, tempDir } = cleanUpAfterEach()

test('Bright Pattern and Chronicall queue alerts fire in the backup and the browser is told; paused stays paused and every headline says it is stale', async ({
  page,
  context,
}) => {
  test.setTimeout(240_000)
  const bp = await startSandbox('brightpattern', ['--start-time', DAY_AT])
  started.push(bp.started)
  const chr = await startSandbox('chronicall', ['--start-time', DAY_AT])
  started.push(chr.started)
  const state = tempDir('fw-e2e-honest-')
  const runner = await startRunner([
    ...['--demo', '--demo-at', DAY_AT, '--serve', '127.0.0.1:0', '--token', TOKEN, '--state', state],
  ])
  started.push(runner)
  const board = runner.board

  // What the page hands the browser: notifications (this browser allowed them) and sounds played.
  await context.grantPermissions(['notifications'])
  await page.addInitScript(() => {
    const w = window as unknown as {
      __notes: { title: string; body: string; alerts: string[] }[]
      __sounds: string[]
    }
    w.__notes = []
    w.__sounds = []
    const Real = window.Notification
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options)
        const data = (options?.data ?? {}) as { alerts?: string[] }
        w.__notes.push({ title, body: options?.body ?? '', alerts: data.alerts ?? [] })
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recorded })
    const play = HTMLMediaElement.prototype.play
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      w.__sounds.push(this.currentSrc || this.src)
      return play.call(this)
    }
  })
  // The page's clock is Playwright's: it flows as usual until the test moves it on.
  await page.clock.install()

  await page.goto(`${board}?token=${TOKEN}#/connections`)
  await expect(page.getByTestId('connection-row')).toHaveCount(1) // the demo
  // The sound waits for a first click in the page, and says so (or that it was blocked, if the simulator's own
  // backup alert came first); this click is it.
  const sound = page.getByTestId('sound-toggle')
  await expect(sound).toHaveAttribute('data-state', /^(arm|blocked)$/)
  await sound.click()
  await expect(sound).toHaveAttribute('data-state', 'on')
  await expect(page.getByTestId('notify-toggle')).toHaveAttribute('data-state', 'on')

  await addConnection(page, {
    vendor: 'Bright Pattern',
    id: 'bp',
    name: 'Bright Pattern',
    url: ['Tenant URL', bp.baseUrl],
    user: ['Client ID / user', USER],
    secret: 'Client secret / password',
  })
  await addConnection(page, {
    vendor: 'Chronicall',
    id: 'chr',
    name: 'Chronicall',
    url: ['Server', chr.baseUrl],
    secret: 'Service user key',
  })

  // Their Support queues fire the default pack's queue rules, as the simulator's own does.
  await page.getByRole('link', { name: /^Alerts/ }).click()
  for (const conn of ['bp', 'chr']) {
    for (const rule of ['longest-wait', 'waiting-count']) {
      const item = page.locator(`[data-testid="alert-item"][data-alert-id="${rule}|${conn}:Support"]`)
      await expect(item, `${rule} on ${conn}`).toHaveAttribute('data-state', 'firing', { timeout: 60_000 })
    }
  }
  const bpWait = page.locator('[data-alert-id="longest-wait|bp:Support"]')
  await expect(bpWait).toHaveAttribute('data-severity', 'critical')
  await expect(bpWait.getByTestId('alert-where')).toHaveText(/^Support · Queue · Bright Pattern/)

  // The browser was told: a grouped notification naming them, the sound, the count in the title and on the icon.
  const told = async () =>
    (await page.evaluate(() => (window as unknown as { __notes: { alerts: string[] }[] }).__notes)) as {
      title: string
      body: string
      alerts: string[]
    }[]
  await expect
    .poll(async () => (await told()).flatMap((n) => n.alerts))
    .toEqual(expect.arrayContaining(['longest-wait|bp:Support', 'longest-wait|chr:Support']))
  const notes = await told()
  expect(notes.every((n) => /^(Critical|Warning): /.test(n.title))).toBe(true)
  expect(notes.some((n) => n.body.includes('Support'))).toBe(true)
  const sounds = (await page.evaluate(
    () => (window as unknown as { __sounds: string[] }).__sounds,
  )) as string[]
  expect(sounds.length).toBeGreaterThan(0)
  expect(sounds.every((s) => /alert.*\.wav$/.test(s))).toBe(true)
  await expect(sound).toHaveAttribute('data-state', 'on')
  const firing = await page.getByTestId('nav-badge-alerts').innerText()
  await expect(page).toHaveTitle(`(${firing}) Floorwalker`)
  const icon = page.locator('link[rel="icon"]')
  await expect(icon).toHaveAttribute('data-count', firing)
  await expect(icon).toHaveAttribute('data-worst', 'critical')
  await expect(icon).toHaveAttribute('href', /^data:image\/png;base64,/)

  // Pause. Every connection is paused, then stale (its numbers age past three intervals); nothing says unreachable.
  await page.getByRole('button', { name: 'Pause polling' }).click()
  await page.getByRole('link', { name: 'Overview' }).click()
  const cards = page.getByTestId('connection-card')
  await expect(cards).toHaveCount(3)
  for (let i = 0; i < 3; i++) {
    await expect(cards.nth(i)).toHaveAttribute('data-state', 'paused')
    await expect(cards.nth(i).getByText('Stale', { exact: true })).toBeVisible({ timeout: 30_000 })
  }
  const banner = page.getByTestId('connectivity-banner')
  await expect(banner).toContainText('Polling is paused.')

  // More than two minutes later, by the page's clock: still paused, and still nothing "cannot be reached".
  await page.clock.fastForward('02:30')
  await expect(banner).toContainText(/The numbers are from ([2-9]|\d\d) min/)
  await expect(banner).toContainText('Polling is paused.')
  for (let i = 0; i < 3; i++) await expect(cards.nth(i)).toHaveAttribute('data-state', 'paused')
  await expect(page.getByText(/cannot be reached/i)).toHaveCount(0)
  await expect(page.getByText(/connection problem/i)).toHaveCount(0)

  // Every headline of the Overview is marked.
  await expectEveryStale(
    page.locator(
      '[data-testid="kpi-waiting"], [data-testid="kpi-longest"], [data-testid="kpi-agents"], [data-testid="kpi-states"]',
    ),
    'Overview headline',
  )
  // The wallboard's tiles too, and every queue tile names its connection as stale.
  await page.goto(`${board}?token=${TOKEN}#/wallboard?views=overview`)
  await expect(page.getByTestId('wallboard')).toHaveAttribute('data-panel', 'overview')
  await expectEveryStale(
    page.locator('[data-testid="wb-kpi"], [data-testid="wb-states"]'),
    'Wallboard headline',
  )
  await page.goto(`${board}?token=${TOKEN}#/wallboard?views=queues`)
  await expect(page.getByTestId('wallboard')).toHaveAttribute('data-panel', 'queues')
  const tiles = page.getByTestId('wb-tile')
  await expect(tiles.first()).toBeVisible()
  const n = await tiles.count()
  expect(n).toBeGreaterThan(0)
  for (let i = 0; i < n; i++) await expect(tiles.nth(i).getByText('Stale', { exact: true })).toBeVisible()
  await expect(page.getByText(/cannot be reached/i)).toHaveCount(0)
})
