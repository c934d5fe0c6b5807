/**
 * One person across vendors, end to end: two vendor sandboxes — Bright Pattern and Chronicall — serve the same
 * simulated floor (the same 40 people, docs/ARCHITECTURE.md §6.2), and the headless runner polls both from a
 * config file (secrets from the environment). The Agents view by person shows each person once with a badge for
 * each vendor; unlinking a person and linking the two halves again goes through the map kept in the config, which a
 * reload reads back.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { cleanUpAfterEach, writeConfig } from './support/cleanup'
import { startRunner, startTwoVendorFloor } from './support/node-process'

const TOKEN = randomBytes(12).toString('hex')
const DAY_AT = '10:30'
const FLOOR = 40

const { started, tempDir } = cleanUpAfterEach()

test('two sandboxes serving the same floor: the Agents view by person shows each person once with both vendors’ states, and the map of people is kept', async ({
  page,
}) => {
  test.setTimeout(180_000)
  const floor = await startTwoVendorFloor(DAY_AT)
  started.push(...floor.started)
  const configPath = writeConfig(
    tempDir('fw-e2e-people-'),
    { connections: floor.connections, rules: [] },
    'floorwalker.json',
  )
  const runner = await startRunner(
    ['--config', configPath, '--serve', '127.0.0.1:0', '--token', TOKEN],
    floor.env,
  )
  started.push(runner)
  const board = runner.board

  await page.goto(`${board}?token=${TOKEN}#/agents`)
  // Both vendors list the whole floor: every agent twice.
  await expect(page.getByRole('status').filter({ hasText: `of ${FLOOR * 2}` })).toBeVisible({
    timeout: 60_000,
  })
  await expect(page.getByTestId('agent-row').first()).toBeVisible()

  await page.getByTestId('by-person').check()
  const people = page.getByTestId('person-row')
  await expect(page.getByRole('status').filter({ hasText: `${FLOOR} of ${FLOOR} people` })).toBeVisible()
  await expect(page.getByRole('table', { name: 'People and their state in each vendor' })).toBeVisible()
  // Every person on screen once, with one badge per vendor naming the connection, in the same state (one floor).
  const shown = await people.count()
  expect(shown).toBeGreaterThan(10)
  const names = await page.getByTestId('person-name').allTextContents()
  expect(new Set(names).size).toBe(names.length)
  for (let i = 0; i < shown; i++) {
    const badges = people.nth(i).getByTestId('person-state')
    await expect(badges).toHaveCount(2)
    await expect(badges.nth(0)).toHaveAttribute('data-connection', 'bp')
    await expect(badges.nth(0)).toContainText('Bright Pattern')
    await expect(badges.nth(1)).toHaveAttribute('data-connection', 'chr')
    await expect(badges.nth(1)).toContainText('Chronicall')
  }
  const first = people.first()
  await expect(first.getByRole('cell').nth(2)).toContainText('name')
  await page.screenshot({ path: 'docs/screenshots/agents-by-person.png' })

  // Unlink the first person: two people, each with one vendor, kept apart in the config's map.
  const name = (await first.getByTestId('person-name').textContent()) ?? ''
  await first.getByTestId('person-unlink').click()
  await expect(page.getByRole('status').filter({ hasText: `of ${FLOOR + 1} people` })).toBeVisible()
  const halves = people.filter({ has: page.getByTestId('person-name').getByText(name, { exact: true }) })
  await expect(halves).toHaveCount(2)
  const file = JSON.parse(readFileSync(configPath, 'utf8')) as { people?: { agents: unknown[] }[] }
  expect(file.people?.map((p) => p.agents.length)).toEqual([1, 1])

  // A reload reads the map back; then the two halves are linked again by hand.
  await page.reload()
  await expect(page.getByRole('status').filter({ hasText: `of ${FLOOR + 1} people` })).toBeVisible()
  await halves.nth(0).getByRole('checkbox').check()
  await halves.nth(1).getByRole('checkbox').check()
  await page.getByTestId('link-picked').click()
  await expect(page.getByRole('status').filter({ hasText: `${FLOOR} of ${FLOOR} people` })).toBeVisible()
  const again = people.filter({ has: page.getByTestId('person-name').getByText(name, { exact: true }) })
  await expect(again).toHaveCount(1)
  await expect(again.getByTestId('person-state')).toHaveCount(2)
  await expect(again.getByRole('cell').nth(2)).toContainText('your map')
})
