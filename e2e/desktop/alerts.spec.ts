import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { ConnectionStatus, LivePatch } from '../../src-shared/live'
import { emailBacklogRule, REFERENCE_DAY } from '../support/reference-day'
import { launchApp, newProfile, type DesktopApp } from './harness'
import type { StandinWindow } from './standin/electron'

/**
 * Where the stand-in cannot be faithful here: no OS notification daemon, tray or sound card (notifications, the tray's
 * image and tooltip and the sound request are recorded, and the test clicks them), and no real sleep or network loss
 * (the test says when powerMonitor and net.isOnline() report them; nothing in the OS changes).
 *
 * A supervisor leaves the desktop app running with alert rules the seeded simulator trips on its own: seed 42
 * replaying its day from 11:24 (whatever the clock says; see e2e/support/reference-day.ts) opens with 41 emails waiting in
 * queue 117, and Henrik Singh (agent 1022) nearly twelve minutes into a break that ends 15 s later. Nothing waits on time
 * here: every step waits for what the app does (a notification, a status it sends the board, the tray's image).
 */

let app: DesktopApp | null = null
test.afterEach(async () => {
  const testInfo = test.info()
  if (testInfo.status !== testInfo.expectedStatus && app) {
    writeFileSync(testInfo.outputPath('calls.json'), JSON.stringify(app.control.calls, null, 1))
    writeFileSync(testInfo.outputPath('main.log'), app.log())
  }
  if (app && !(await Promise.race([app.control.exited.then(() => true), Promise.resolve(false)])))
    await app.quit()
  app = null
})

/** Start the app on a fresh machine whose settings file says `settings`. */
async function launchWith(settings: object): Promise<DesktopApp> {
  const profile = newProfile(test.info().outputPath('machine'))
  mkdirSync(profile.userData, { recursive: true })
  writeFileSync(join(profile.userData, 'settings.json'), JSON.stringify(settings, null, 2))
  return launchApp(profile)
}

type Sent = ConnectionStatus & { serverNow: number }

/** The demo connection's statuses as main sent them to the board, oldest first, each with main's clock then. */
function statuses(win: StandinWindow): Sent[] {
  return win.sent
    .filter((s) => s.channel === 'live:patch')
    .flatMap((s) => {
      const patch = s.payload[0] as LivePatch
      return (patch.upserts.connections ?? [])
        .filter((c) => c.id === 'demo')
        .map((c) => ({ ...c, serverNow: patch.serverNow }))
    })
}

/** Every finished poll of the simulated center (its status's lastAttemptAt), oldest first. */
function attempts(win: StandinWindow): number[] {
  const at = new Set<number>()
  for (const s of statuses(win)) if (s.lastAttemptAt !== null) at.add(s.lastAttemptAt)
  return [...at].sort((a, b) => a - b)
}

/** The critical sounds main asked the board window to play. */
const sounds = (win: StandinWindow) =>
  win.sent.filter((s) => s.channel === 'alerts:sound').map((s) => s.payload[0])

/** Where a notification's click took the board. */
const navigations = (win: StandinWindow) =>
  win.sent.filter((s) => s.channel === 'app:navigate').map((s) => s.payload[0])

/** States that would tell the supervisor something is broken (sleep and wake are not). */
const FAILURE_STATES = ['error', 'unreachable', 'auth_failed', 'rate_limited']

test('a crossed threshold gives one critical OS notification, the red tray and the sound; closed to the tray the app keeps polling; the click opens the alert; asleep nothing polls', async () => {
  app = await launchWith({
    connections: [REFERENCE_DAY],
    rules: [emailBacklogRule({ clearBelow: 10, forSec: 0, notify: ['desktop', 'tray', 'sound'] })],
  })
  const { control, window: win } = app
  const page = win.page

  // The incident: one OS notification, critical, naming the rule, the queue and the value, in English (the board's
  // language by default). Critical stays on screen until dealt with; the app plays its own sound, never the OS chime.
  await expect.poll(() => control.notifications.length).toBe(1)
  const [shown] = control.notifications
  expect(shown).toMatchObject({
    title: 'Critical: Email backlog',
    body: 'Email: 41 waiting (critical above 30)',
    urgency: 'critical',
    timeoutType: 'never',
    silent: true,
    onScreen: true,
  })
  await expect.poll(() => sounds(win)).toEqual([{ kind: 'critical' }])

  // The tray: quiet at start, red while the alert fires, and its tooltip says why.
  const images = () =>
    control.calls
      .filter((c) => c.api === 'new Tray' || c.api === 'Tray.setImage')
      .map((c) => String(c.args[0]))
  const tooltips = () =>
    control.calls.filter((c) => c.api === 'Tray.setToolTip').map((c) => String(c.args[0]))
  expect(images()[0]).toMatch(/tray-ok\.png$/)
  expect(tooltips()[0]).toBe('Floorwalker: no connections')
  await expect.poll(() => control.tray()?.image).toMatch(/tray-error\.png$/)
  expect(control.tray()?.tooltip).toBe('Floorwalker: 1 critical alert · the connection is OK')

  // Closed, the board hides to the tray and the app keeps running: the center is still polled.
  await win.userClose()
  expect(win.isVisible()).toBe(false)
  expect(win.isDestroyed()).toBe(false)
  const whileHidden = attempts(win).length
  await expect.poll(() => attempts(win).length).toBeGreaterThan(whileHidden)
  expect(win.isVisible()).toBe(false)

  // The notification's click brings the board back, on that alert.
  shown?.click()
  await expect.poll(() => win.isVisible()).toBe(true)
  expect(win.isFocused()).toBe(true)
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible()
  const backlog = page.getByTestId('alert-item').filter({ hasText: 'Email backlog' })
  await expect(backlog).toBeFocused()
  await expect(backlog).toHaveAttribute('data-severity', 'critical')
  await expect(backlog).toHaveAttribute('data-state', 'firing')
  expect(navigations(win)).toEqual([{ view: 'alerts', focus: await backlog.getAttribute('data-alert-id') }])

  // Asleep: the OS says the machine suspends, and no poll is scheduled at all (main tells the board: no next poll).
  const slept = statuses(win).length
  control.power('suspend')
  await expect.poll(() => statuses(win).at(-1)?.nextPollAt).toBeNull()
  const polledBeforeSleep = attempts(win).length
  expect(app.log()).toContain('the computer is going to sleep: polling stops')

  // Awake: the board is told the numbers are being refreshed because the computer woke up, with the next poll due
  // at once (not an interval later); the poll answers and the connection is OK again.
  const woke = statuses(win).length
  expect(attempts(win)).toHaveLength(polledBeforeSleep)
  control.power('resume')
  await expect
    .poll(() =>
      statuses(win)
        .slice(woke)
        .find((s) => s.reason === 'resuming'),
    )
    .toMatchObject({ state: 'stale', detail: 'the computer woke up: refreshing' })
  const due = statuses(win)
    .slice(woke)
    .find((s) => s.nextPollAt !== null)
  expect(due?.nextPollAt).toBeLessThanOrEqual(due?.serverNow ?? -1)
  await expect.poll(() => attempts(win).length).toBeGreaterThan(polledBeforeSleep)
  await expect.poll(() => statuses(win).at(-1)).toMatchObject({ state: 'ok', reason: null })
  await expect(page.getByTestId('alert-item').filter({ hasText: 'Email backlog' })).toHaveAttribute(
    'data-state',
    'firing',
  )

  // Sleep and wake were never shown as a failure, and did not raise the alert again.
  const seen = statuses(win).slice(slept)
  expect(seen.filter((s) => FAILURE_STATES.includes(s.state))).toEqual([])
  expect(control.notifications).toHaveLength(1)
  expect(sounds(win)).toHaveLength(1)
  expect(await app.quit()).toBe(0)
  expect(control.problems).toEqual([])
})

test("in the board's language: an alert that clears returns the tray; hidden in the tray while offline, the app says so and keeps notifying; online again, polling resumes at once", async () => {
  app = await launchWith({
    connections: [REFERENCE_DAY],
    prefs: { language: 'pl' },
    rules: [
      {
        id: 'break-too-long',
        name: 'Za długa przerwa',
        entity: 'agent',
        ids: ['1022'],
        state: 'not_ready',
        field: 'timeInStateSec',
        op: '>',
        warn: 300,
        critical: 600,
        forSec: 0,
        notify: ['desktop', 'tray', 'sound'],
      },
      {
        id: 'no-fresh-data',
        name: 'Brak świeżych danych',
        entity: 'connection',
        field: 'dataAgeSec',
        op: '>',
        warn: 8,
        forSec: 0,
        notify: ['desktop', 'tray', 'sound'],
      },
    ],
  })
  const { control, window: win } = app
  const page = win.page

  // Henrik's break is over ten minutes: one notification, in Polish; the tray and its menu speak Polish too.
  await expect.poll(() => control.notifications.length).toBe(1)
  const [breakTooLong] = control.notifications
  expect(breakTooLong).toMatchObject({
    title: 'Krytyczny: Za długa przerwa',
    urgency: 'critical',
    silent: true,
  })
  expect(breakTooLong?.body).toMatch(/^Agent: niegotowy od 1[12] min( \d+ s)? \(krytyczny: powyżej 10 min\)$/)
  await expect.poll(() => sounds(win)).toEqual([{ kind: 'critical' }])
  await expect.poll(() => control.tray()?.image).toMatch(/tray-error\.png$/)
  expect(control.tray()?.tooltip).toBe('Floorwalker: alerty krytyczne: 1 · połączenie działa')
  expect(
    control
      .tray()
      ?.menu.filter((i) => i.type === 'normal')
      .map((i) => i.label),
  ).toEqual(['Otwórz tablicę', 'Wstrzymaj odpytywanie', 'Zakończ Floorwalker'])

  // His break ends (15 s in): the alert clears, the tray returns to its quiet icon and tooltip, and nobody is told
  // again.
  await expect.poll(() => control.tray()?.image, { timeout: 60_000 }).toMatch(/tray-ok\.png$/)
  expect(control.tray()?.tooltip).toBe('Floorwalker: połączenie działa')
  expect(control.notifications).toHaveLength(1)

  // Closed to the tray; then the network goes away. The board says so (still rendered while hidden, as in
  // Electron), so does the tray, and nothing is scheduled to poll.
  await win.userClose()
  expect(win.isVisible()).toBe(false)
  const offlineFrom = statuses(win).length
  await control.setOnline(false)
  await expect(page.getByTestId('connectivity-banner')).toContainText('Ten komputer jest offline.')
  await expect.poll(() => control.tray()?.image).toMatch(/tray-offline\.png$/)
  expect(control.tray()?.tooltip).toBe('Floorwalker: ten komputer jest offline')
  const offline = statuses(win).at(-1)
  expect(offline).toMatchObject({ state: 'offline', reason: 'offline', nextPollAt: null })
  const polledBeforeOffline = attempts(win).length

  // The data gets old: the connection's own rule warns, still hidden in the tray. A warning is a normal-urgency
  // notification that times out as the OS decides, with no sound.
  await expect.poll(() => control.notifications.length, { timeout: 60_000 }).toBe(2)
  const noData = control.notifications[1]
  expect(noData).toMatchObject({
    title: 'Ostrzeżenie: Brak świeżych danych',
    urgency: 'normal',
    timeoutType: 'default',
    silent: true,
  })
  expect(noData?.body).toMatch(
    /^Demo contact center: brak świeżych danych od \d+ s \(ostrzeżenie: powyżej 8 s\)$/,
  )
  expect(win.isVisible()).toBe(false)
  expect(sounds(win)).toHaveLength(1)
  await expect
    .poll(() => control.tray()?.tooltip)
    .toBe('Floorwalker: alerty ostrzeżenia: 1 · ten komputer jest offline')
  expect(attempts(win)).toHaveLength(polledBeforeOffline)

  // Its click opens the board on that alert, in Polish.
  noData?.click()
  await expect.poll(() => win.isVisible()).toBe(true)
  await expect(page.getByRole('heading', { level: 1, name: 'Alerty' })).toBeVisible()
  const stale = page.getByTestId('alert-item').filter({ hasText: 'Brak świeżych danych' })
  await expect(stale).toBeFocused()
  await expect(stale).toHaveAttribute('data-severity', 'warning')
  expect(navigations(win)).toEqual([{ view: 'alerts', focus: await stale.getAttribute('data-alert-id') }])

  // Online again: the board is told it is refreshing with a poll due at once, the banner goes, the data-age alert
  // clears and the tray is quiet again.
  const back = statuses(win).length
  await control.setOnline(true)
  await expect(page.getByTestId('connectivity-banner')).toBeHidden()
  await expect
    .poll(() =>
      statuses(win)
        .slice(back)
        .find((s) => s.reason === 'resuming'),
    )
    .toMatchObject({ state: 'stale', detail: 'back online: refreshing' })
  const due = statuses(win)
    .slice(back)
    .find((s) => s.nextPollAt !== null)
  expect(due?.nextPollAt).toBeLessThanOrEqual(due?.serverNow ?? -1)
  await expect.poll(() => attempts(win).length).toBeGreaterThan(polledBeforeOffline)
  await expect.poll(() => control.tray()?.image).toMatch(/tray-ok\.png$/)
  expect(control.tray()?.tooltip).toBe('Floorwalker: połączenie działa')
  await expect(stale).toHaveCount(0)

  // Offline was never shown as a vendor failure, and the two notifications stayed two.
  const seen = statuses(win).slice(offlineFrom)
  expect(seen.filter((s) => FAILURE_STATES.includes(s.state))).toEqual([])
  expect(control.notifications).toHaveLength(2)
  expect(await app.quit()).toBe(0)
  expect(control.problems).toEqual([])
})
