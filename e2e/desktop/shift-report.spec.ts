import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { launchApp, newProfile, type DesktopApp } from './harness'

/**
 * Where the stand-in cannot be faithful here: the save dialog is answered by the test (nothing is drawn), and the
 * PDF is printed by Playwright's page.pdf() — the same Chromium print-to-PDF Electron's printToPDF uses, with
 * Electron's options and defaults mapped onto it — in headless Chromium rather than in Electron's own window, so
 * fonts and page breaks are Chromium's headless ones; the real binary confirms the look.
 *
 * The desktop app saves the shift report as a PDF: the Report view's "Save as PDF" asks main (report:savePdf), main
 * asks where in the OS's save dialog, prints the window with webContents.printToPDF and writes the file; a cancelled
 * dialog writes nothing.
 */

let app: DesktopApp | null = null
test.afterEach(async () => {
  if (app && !(await Promise.race([app.control.exited.then(() => true), Promise.resolve(false)])))
    await app.quit()
  app = null
})

test('Save as PDF asks where, prints the report with printToPDF and writes the PDF there', async () => {
  const testInfo = test.info()
  app = await launchApp(newProfile(testInfo.outputPath('machine')))
  const { control, window: win } = app
  const page = win.page
  await expect(page.getByTestId('connection-card').first()).toHaveAttribute('data-state', 'ok')
  await page.getByRole('link', { name: 'Shift report' }).click()
  const report = page.getByTestId('report')
  await expect(report.getByTestId('report-queues').first()).toBeVisible()

  // The user cancels the first dialog: nothing printed, nothing written, no error.
  control.saveDialogAnswers.push(null)
  await report.getByRole('button', { name: 'Save as PDF' }).click()
  await expect.poll(() => control.calls.filter((c) => c.api === 'dialog.showSaveDialog').length).toBe(1)
  await expect(report.getByRole('button', { name: 'Save as PDF' })).toBeEnabled()
  expect(control.calls.some((c) => c.api === 'webContents.printToPDF')).toBe(false)

  const target = testInfo.outputPath('shift.pdf')
  control.saveDialogAnswers.push(target)
  await report.getByRole('button', { name: 'Save as PDF' }).click()
  await expect(report.getByTestId('report-notice')).toContainText(target)
  const dialog = control.calls.filter((c) => c.api === 'dialog.showSaveDialog').at(-1)
  expect(String((dialog?.args[0] as { defaultPath?: string }).defaultPath)).toMatch(
    /Documents\/floorwalker-shift-.*Z\.pdf$/,
  )
  const print = control.calls.find((c) => c.api === 'webContents.printToPDF')
  expect(print?.args[0]).toMatchObject({ landscape: true, pageSize: 'A4', printBackground: true })
  const pdf = readFileSync(target)
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  expect(pdf.length).toBeGreaterThan(10_000)
  expect(control.problems).toEqual([])
})
