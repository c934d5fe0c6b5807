/**
 * Adding a vendor connection the way a supervisor does: Connections → Add connection, the editor's fields by their
 * labels, the secret for this session only, Save, and the connection's row reaching "OK".
 */
import { expect, type Page } from '@playwright/test'
import { SANDBOX_SECRET } from './node-process'

export interface NewConnection {
  /** The vendor as the editor's Vendor list names it. */
  vendor: string
  id: string
  name: string
  /** [field label, value] of the vendor's address field. */
  url: [string, string]
  /** [field label, value] of the vendor's user field, where it has one. */
  user?: [string, string]
  /** The label of the vendor's secret field. */
  secret: string
}

export async function addConnection(page: Page, c: NewConnection, secret = SANDBOX_SECRET): Promise<void> {
  await page.getByRole('button', { name: 'Add connection' }).click()
  const editor = page.getByRole('dialog', { name: 'Add connection' })
  await editor.getByLabel('Vendor').selectOption({ label: c.vendor })
  await editor.getByLabel('Connection id').fill(c.id)
  await editor.getByLabel('Name', { exact: true }).fill(c.name)
  await editor.getByLabel(c.url[0], { exact: true }).fill(c.url[1])
  if (c.user) await editor.getByLabel(c.user[0], { exact: true }).fill(c.user[1])
  await editor.getByLabel(c.secret, { exact: true }).fill(secret)
  await editor.getByLabel('Use for this session only').check()
  await editor.getByRole('button', { name: 'Save' }).click()
  await expect(editor).toBeHidden()
  const row = page.getByTestId('connection-row').filter({ hasText: c.name })
  await expect(row.getByTestId('connection-status')).toHaveText('OK', { timeout: 30_000 })
}
