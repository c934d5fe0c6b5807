/**
 * The shift report on the simulator (the headless runner's --demo behind --serve, read-only): the Report view shows
 * this shift per connection; its CSV export holds the queues the board shows with the board's own figures (the
 * vendor's day counters read from the cards just before and just after the export bracket the file's, since they
 * only grow), and its sections parse as RFC 4180 CSV. Screenshots of the view on screen and as printed.
 */
import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import { readCsv } from '../src-main/core/report/test-csv'
import { BOARD_PORT } from '../playwright.config'

const BOARD = `http://127.0.0.1:${BOARD_PORT}/`

/** A whole number as the board writes it in English ("1,234"). */
const int = (text: string | null): number => Number((text ?? '').replace(/[^\d]/g, ''))

interface CardFigures {
  name: string
  received: number
  answered: number
  abandoned: number
}

/** Every queue card's name and the vendor's day counters it shows. */
async function boardQueues(page: Page): Promise<CardFigures[]> {
  const cards = page.getByTestId('queue-card')
  const out: CardFigures[] = []
  for (let i = 0; i < (await cards.count()); i++) {
    const card = cards.nth(i)
    out.push({
      name: (await card.locator('h3').textContent())?.trim() ?? '',
      received: int(await card.getByTestId('received').textContent()),
      answered: int(await card.getByTestId('answered').textContent()),
      abandoned: int(await card.getByTestId('abandoned').textContent()),
    })
  }
  return out
}

/** The rows of one `# Title` section of the report's CSV, as objects keyed by its header row. */
function section(rows: string[][], title: string): Record<string, string>[] {
  const start = rows.findIndex((r) => r[0] === `# ${title}`)
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0)
  const header = rows[start + 1] ?? []
  const body: Record<string, string>[] = []
  for (const r of rows.slice(start + 2)) {
    if (r.length === 1 && (r[0] === '' || r[0]?.startsWith('# '))) break
    body.push(Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])))
  }
  return body
}

test('the shift report exports a CSV whose queues and figures are the board’s', async ({ page }) => {
  await page.goto(`${BOARD}#/queues`)
  await expect(page.getByTestId('queue-card').first()).toBeVisible()
  await expect(page.getByTestId('queue-card').first().getByTestId('received')).not.toHaveText('—')
  const before = await boardQueues(page)
  expect(before.length).toBeGreaterThan(2)

  // To the report through the navigation, as a supervisor would.
  await page.getByRole('link', { name: 'Shift report' }).click()
  const report = page.getByTestId('report')
  await expect(report.getByTestId('report-queues').first()).toBeVisible()
  await expect(report.getByTestId('report-period')).toContainText('–')
  const shown = await report.getByTestId('report-queues').locator('tbody th').allTextContents()
  for (const q of before) expect(shown.map((s) => s.trim())).toContain(q.name)

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    report.getByTestId('report-csv').click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^floorwalker-shift-\d{4}-\d{2}-\d{2}-\d{4}-\d{4}Z\.csv$/)
  const text = await readFile(await download.path(), 'utf8')
  await page.goto(`${BOARD}#/queues`)
  await expect(page.getByTestId('queue-card').first()).toBeVisible()
  const after = await boardQueues(page)

  expect(text.charCodeAt(0)).toBe(0xfeff)
  const rows = readCsv(text)
  expect(rows.filter((r) => r[0]?.startsWith('# ')).map((r) => r[0])).toEqual([
    '# Shift report',
    '# Connections',
    '# Queues',
    '# Chat rooms',
    '# Agents',
    '# Alerts',
  ])
  const queues = section(rows, 'Queues')
  for (const q of before) {
    const row = queues.find((r) => r['queue'] === q.name)
    expect(row, `queue ${q.name} in the CSV`).toBeDefined()
    const later = after.find((a) => a.name === q.name)
    for (const field of ['received', 'answered', 'abandoned'] as const) {
      const inFile = Number(row?.[`${field} today (vendor)`])
      expect(inFile, `${q.name} ${field}`).toBeGreaterThanOrEqual(q[field])
      expect(inFile, `${q.name} ${field}`).toBeLessThanOrEqual(later?.[field] ?? Infinity)
    }
    // Over this shift the counts come from the same counters, so never more than the vendor's day.
    expect(Number(row?.['received (period)'])).toBeLessThanOrEqual(Number(row?.['received today (vendor)']))
    expect(row?.['peak waiting']).toMatch(/^\d+$/)
  }
  const connections = section(rows, 'Connections')
  expect(connections[0]).toMatchObject({ connection: 'demo', 'business day start': '00:00' })
  const agents = section(rows, 'Agents')
  expect(agents.length).toBeGreaterThan(10)
  // Every agent's observed time plus the time not observed is the connection's period.
  const period =
    (Date.parse(connections[0]?.['to'] ?? '') - Date.parse(connections[0]?.['from'] ?? '')) / 1000
  const a = agents[0] ?? {}
  const sum = Object.entries(a)
    .filter(([k]) => k.endsWith('s (observed)') || k === 'not observed s')
    .reduce((n, [, v]) => n + Number(v || 0), 0)
  expect(Math.abs(sum - period)).toBeLessThanOrEqual(agents.length + 2)
})

test('the report page on screen and as printed', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 })
  await page.goto(`${BOARD}#/report`)
  const report = page.getByTestId('report')
  await expect(report.getByTestId('report-agents').first()).toBeVisible()
  await page.screenshot({ path: 'test-results/shift-report-screen.png', fullPage: true })
  await page.emulateMedia({ media: 'print' })
  await expect(report.getByTestId('report-csv')).toBeHidden()
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeHidden()
  await page.screenshot({ path: 'docs/screenshots/shift-report-print.png', fullPage: true })
})
