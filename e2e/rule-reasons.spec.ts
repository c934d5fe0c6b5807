/**
 * Rules by reason and anomaly rules across vendors, end to end: Bright Pattern and Chronicall sandboxes serve the same
 * simulated floor (docs/ARCHITECTURE.md §6.2) to the headless runner, whose config has an agent rule limited to the
 * Break and Lunch reasons and a person rule on "logged in to one vendor and not another". The runner's NDJSON shows
 * the reason rule firing for agents on Break or Lunch only, never for Meeting, Training or another reason; linking an
 * agent who works with an agent who is logged out (through the Agents view's map of people) makes one person
 * logged in to one vendor and not the other, and the person rule fires for that person, once, on the board.
 */
import { randomBytes } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { foldReason } from '../src-shared/rules/reasons'
import { cleanUpAfterEach, writeConfig } from './support/cleanup'
import { startRunner, startTwoVendorFloor } from './support/node-process'

const TOKEN = randomBytes(12).toString('hex')
const DAY_AT = '10:30'

interface SnapAgent {
  id: string
  name: string | null
  state: string
  stateReason: string | null
}
interface Line {
  type: string
  connection: string
  agents?: SnapAgent[]
  rule?: string
  state?: string
  entity?: string
  id?: string
}

const { started, tempDir } = cleanUpAfterEach()

/** The person row named `name` whose single badge is in `connection` (a half left by an unlink). */
const halfOf = (page: Page, name: string, connection: string) =>
  page
    .getByTestId('person-row')
    .filter({ has: page.getByTestId('person-name').getByText(name, { exact: true }) })
    .filter({ has: page.locator(`[data-testid="person-state"][data-connection="${connection}"]`) })

test('a rule limited to Break and Lunch fires for those reasons only, and a person logged in to one vendor and not the other fires the anomaly rule', async ({
  page,
}) => {
  test.setTimeout(240_000)
  const floor = await startTwoVendorFloor(DAY_AT)
  started.push(...floor.started)
  const configPath = writeConfig(
    tempDir('fw-e2e-reasons-'),
    {
      connections: floor.connections,
      rules: [
        {
          id: 'break-lunch',
          name: 'Break and lunch',
          entity: 'agent',
          state: 'not_ready',
          reasons: ['break', 'LUNCH'],
          field: 'timeInStateSec',
          op: '>',
          warn: 1,
          notify: ['tray'],
        },
        {
          id: 'split-login',
          name: 'Logged in to one vendor only',
          entity: 'person',
          field: 'loggedInElsewhereSec',
          op: '>',
          warn: 2,
          notify: ['tray'],
        },
      ],
    },
    'floorwalker.json',
  )

  /** The latest agents per connection, and every agent each reason rule firing was about, with its reason then. */
  const latest = new Map<string, Map<string, SnapAgent>>()
  const firedFor: { connection: string; id: string; reason: string | null; state: string | null }[] = []
  const otherReasons = new Set<string>()
  const personFirings: Line[] = []
  const runner = await startRunner(
    ['--config', configPath, '--serve', '127.0.0.1:0', '--token', TOKEN],
    floor.env,
    (text) => {
      if (!text.startsWith('{')) return
      const l = JSON.parse(text) as Line
      if (l.type === 'snapshot' && l.agents) {
        latest.set(l.connection, new Map(l.agents.map((a) => [a.id, a])))
        for (const a of l.agents)
          if (
            a.state === 'not_ready' &&
            a.stateReason &&
            !['break', 'lunch'].includes(foldReason(a.stateReason))
          )
            otherReasons.add(`${l.connection}:${a.id}`)
      }
      if (l.type === 'alert' && l.state === 'firing' && l.rule === 'break-lunch') {
        const a = latest.get(l.connection)?.get(l.id ?? '')
        firedFor.push({
          connection: l.connection,
          id: l.id ?? '',
          reason: a?.stateReason ?? null,
          state: a?.state ?? null,
        })
      }
      if (l.type === 'alert' && l.state === 'firing' && l.rule === 'split-login') personFirings.push(l)
    },
  )
  started.push(runner)

  await page.goto(`${runner.board}?token=${TOKEN}#/agents`)
  await expect(page.getByRole('status').filter({ hasText: 'of 80' })).toBeVisible({ timeout: 60_000 })

  // The reason rule: it fires for agents on Break or Lunch in both vendors (Chronicall's reason rides on its state
  // text), never for agents not ready for Meeting, Training or another reason.
  await expect.poll(() => firedFor.length, { timeout: 60_000 }).toBeGreaterThan(0)
  await expect.poll(() => otherReasons.size, { timeout: 60_000 }).toBeGreaterThan(0)
  for (const f of firedFor) {
    expect(f.state).toBe('not_ready')
    expect(['break', 'lunch']).toContain(foldReason(f.reason ?? ''))
  }
  const firedIds = new Set(firedFor.map((f) => `${f.connection}:${f.id}`))
  for (const k of otherReasons) {
    const [c, id] = k.split(':') as [string, string]
    const now = latest.get(c)?.get(id)
    // Only an agent whose reason is now Break or Lunch may have fired (it changed reason since).
    if (firedIds.has(k)) expect(['break', 'lunch']).toContain(foldReason(now?.stateReason ?? ''))
  }
  expect(new Set(firedFor.map((f) => f.connection))).toEqual(new Set(['bp', 'chr']))

  // No person is logged in to one vendor and not the other: one floor, one state.
  expect(personFirings).toEqual([])

  // Link someone working in Bright Pattern with someone logged out of Chronicall.
  const bpAgents = [...(latest.get('bp')?.values() ?? [])]
  const chrAgents = [...(latest.get('chr')?.values() ?? [])]
  const working = bpAgents.find(
    (a) => a.state === 'busy' || a.state === 'not_ready' || a.state === 'available',
  )
  const away = chrAgents.find((a) => a.state === 'logged_out' && a.name !== working?.name)
  expect(working?.name).toBeTruthy()
  expect(away?.name).toBeTruthy()
  const workingName = working!.name!
  const awayName = away!.name!

  await page.getByTestId('by-person').check()
  const rows = page.getByTestId('person-row')
  await expect(page.getByRole('status').filter({ hasText: '40 of 40 people' })).toBeVisible()
  for (const name of [workingName, awayName]) {
    await rows
      .filter({ has: page.getByTestId('person-name').getByText(name, { exact: true }) })
      .getByTestId('person-unlink')
      .click()
  }
  await expect(page.getByRole('status').filter({ hasText: 'of 42 people' })).toBeVisible()
  await halfOf(page, workingName, 'bp').getByRole('checkbox').check()
  await halfOf(page, awayName, 'chr').getByRole('checkbox').check()
  await page.getByTestId('link-picked').click()
  await expect(page.getByRole('status').filter({ hasText: 'of 41 people' })).toBeVisible()

  // The anomaly rule fires once, for that person, and the board lists it.
  await expect.poll(() => personFirings.length, { timeout: 30_000 }).toBe(1)
  expect(personFirings[0]).toMatchObject({ entity: 'person', connection: 'bp' })
  await page.goto(`${runner.board}?token=${TOKEN}#/alerts`)
  const alert = page.getByTestId('alert-item').filter({ hasText: 'Logged in to one vendor only' })
  await expect(alert).toHaveCount(1)
  // The person takes the name the map gave it: one of the two linked.
  const either = [workingName, awayName].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')
  await expect(alert).toContainText(new RegExp(either))
  await expect(alert).toContainText('Person across vendors')

  // The reason rule in the editor: its reasons as chips, the reasons on the board now to pick from.
  await page.getByRole('button', { name: 'Rules', exact: true }).click()
  await page.getByTestId('rule-row').filter({ hasText: 'Break and lunch' }).getByTestId('rule-edit').click()
  const chips = page.getByTestId('reason-chips')
  await expect(chips.locator('li')).toHaveText(['break', 'LUNCH'])
  await expect(page.getByTestId('reason-seen').first()).toBeVisible()
  const preview = page.getByTestId('rule-preview')
  await expect(preview).toHaveAttribute('data-status', 'ready')
  await expect(preview).toContainText(/agents? examined over/)
  await page.getByTestId('rule-reasons').scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/rule-reasons-editor.png' })

  // A chip comes off with its button; the person rule says what it watches and that it is not previewed.
  await chips.getByRole('button', { name: 'Remove the reason LUNCH' }).click()
  await expect(chips.locator('li')).toHaveText(['break'])
  await page.getByRole('button', { name: 'Cancel' }).click()
  await page
    .getByTestId('rule-row')
    .filter({ hasText: 'Logged in to one vendor only' })
    .getByTestId('rule-edit')
    .click()
  const notes = page.getByTestId('person-rule-notes')
  await expect(notes).toContainText('logged in to one and logged out of another')
  await expect(notes).toContainText('People linked in two vendors or more now: 40')
  await expect(preview).toHaveAttribute('data-status', 'ready')
  await expect(preview).toContainText('rules about people across vendors cannot be previewed')
  await notes.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/rule-person-editor.png' })
})
