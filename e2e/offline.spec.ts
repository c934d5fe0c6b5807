/**
 * A vendor goes away mid-run and comes back: the board marks that connection unreachable and stale while the
 * simulator stays fresh, and is fresh again within one poll interval of the vendor's return, without a burst of
 * requests. Real processes: the 8x8 sandbox server and a headless runner serving the built board.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { startRunner, startSandbox, stop } from './support/node-process'

const SECRET = 'demo-secret-not-a-real-credential'
const INTERVAL_MS = 10_000 // 8x8's minimum (docs/vendors/8x8.md §6.1: its statistics refresh every 10 s)
/** Time for one poll cycle and for the board to show its result. */
const SLACK_MS = 3_000

interface Logged {
  at: number
  method: string
  path: string
  status: number
}

test('a vendor that goes away is shown unreachable and stale, and is fresh again within one interval', async ({
  page,
  request,
}) => {
  test.setTimeout(150_000)
  const dir = mkdtempSync(join(tmpdir(), 'floorwalker-offline-'))
  let sandbox: ChildProcess | null = null
  let runner: ChildProcess | null = null
  try {
    const first = await startSandbox('8x8')
    sandbox = first.started.child
    const port = Number(new URL(first.origin).port)
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        connections: [
          {
            id: 'voice',
            label: 'EU voice',
            provider: '8x8',
            baseUrl: first.baseUrl,
            username: 'demo',
            secretEnv: 'E2E_8X8_TOKEN',
            pollSeconds: INTERVAL_MS / 1000,
            options: { format: 'json' },
          },
          { id: 'demo', label: 'Simulated center', provider: 'simulator', pollSeconds: 5 },
        ],
      }),
    )
    const r = await startRunner(
      ['--config', join(dir, 'config.json'), '--serve', '127.0.0.1:0', '--state', join(dir, 'state')],
      { E2E_8X8_TOKEN: SECRET },
    )
    runner = r.child
    const board = r.board

    await page.goto(board)
    const voice = page.getByTestId('connection-card').filter({ hasText: 'EU voice' })
    const demo = page.getByTestId('connection-card').filter({ hasText: 'Simulated center' })
    await expect(voice).toHaveAttribute('data-state', 'ok')
    await expect(demo).toHaveAttribute('data-state', 'ok')

    // The vendor goes away.
    await stop(sandbox)
    sandbox = null
    await expect(voice).toHaveAttribute('data-state', 'unreachable', { timeout: INTERVAL_MS + SLACK_MS })
    // Stale once the last good data is older than three intervals (docs/ARCHITECTURE.md §3.5). The stale tag
    // has no test id: it is found by its text.
    await expect(voice.getByText('Stale', { exact: true })).toBeVisible({
      timeout: 3 * INTERVAL_MS + SLACK_MS,
    })
    await expect(demo).toHaveAttribute('data-state', 'ok')
    await expect(demo.getByText('Stale', { exact: true })).toHaveCount(0)

    // It comes back on the same address: fresh within one interval.
    const again = await startSandbox('8x8', [], {}, port)
    sandbox = again.started.child
    const backAt = Date.now()
    await expect(voice).toHaveAttribute('data-state', 'ok', { timeout: INTERVAL_MS + SLACK_MS })
    await expect(voice.getByText('Stale', { exact: true })).toHaveCount(0)

    // No burst: one cycle (agents + queues) at a time, a whole interval apart. Wait for a second cycle.
    const log = async (): Promise<Logged[]> =>
      (await (await request.get(`${again.origin}/__sandbox/requests`)).json()) as Logged[]
    await expect
      .poll(async () => (await log()).length, { timeout: INTERVAL_MS + SLACK_MS })
      .toBeGreaterThanOrEqual(4)
    const requests = await log()
    expect(requests.every((q) => q.status === 200)).toBe(true)
    const cycles: Logged[][] = []
    for (const q of requests) {
      const last = cycles.at(-1)
      if (last && q.at - last[0]!.at < 2_000) last.push(q)
      else cycles.push([q])
    }
    expect(cycles.every((c) => c.length === 2)).toBe(true)
    expect(cycles[0]![0]!.at - backAt).toBeLessThanOrEqual(INTERVAL_MS)
    for (let i = 1; i < cycles.length; i++) {
      expect(cycles[i]![0]!.at - cycles[i - 1]![0]!.at).toBeGreaterThanOrEqual(INTERVAL_MS - 1_000)
    }
  } finally {
    await stop(runner)
    await stop(sandbox)
    rmSync(dir, { recursive: true, force: true })
  }
})
