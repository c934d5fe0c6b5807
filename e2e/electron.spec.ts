import { _electron as electron, expect, test } from '@playwright/test'
import { electronBinary } from '../scripts/electron-binary.mjs'

const binary = electronBinary()
if (!binary.path) {
  // Printed so a CI log says why this project did nothing.
  console.warn(`[electron e2e] skipped: ${binary.reason}`)
}

test.describe('desktop app', () => {
  test.skip(!binary.path, binary.reason ?? '')

  test('opens on the simulated contact center with agents and queues', async () => {
    const app = await electron.launch({
      executablePath: binary.path as string,
      // The app's own renderer sandbox stays on (src-main/shell/policy.ts): nothing here turns it off.
      args: ['out/main/index.js'],
      env: { ...process.env, FLOORWALKER_USER_DATA: `test-results/electron-user-data-${Date.now()}` },
    })
    const window = await app.firstWindow()
    await expect(window.getByTestId('connection-card').first()).toHaveAttribute('data-state', 'ok')
    await window.getByRole('link', { name: 'Agents' }).click()
    await expect(window.getByTestId('agent-row').first()).toBeVisible()
    await window.getByRole('link', { name: 'Queues & chats' }).click()
    await expect(window.getByTestId('queue-card').first()).toBeVisible()
    await window.screenshot({ path: 'test-results/electron-board.png' })
    await app.close()
  })
})
