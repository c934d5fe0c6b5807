/**
 * What a browser spec starts for a test, undone after it whatever its outcome: the processes (stopped, the last
 * started first, each awaited so the next test never races it for a port or a file), the servers (closed), then
 * the temporary folders (removed). Call `cleanUpAfterEach()` once at a spec's top level.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@playwright/test'
import { stop } from './node-process'

export interface TestLeftovers {
  /** Processes to stop after the test. */
  started: { child: ChildProcess }[]
  /** Servers (a webhook receiver) to close after the test. */
  closers: { close(): Promise<void> }[]
  /** A new temporary folder named from `prefix`, removed after the test. */
  tempDir(prefix: string): string
}

export function cleanUpAfterEach(): TestLeftovers {
  const started: { child: ChildProcess }[] = []
  const closers: { close(): Promise<void> }[] = []
  const dirs: string[] = []
  test.afterEach(async () => {
    for (const p of started.splice(0).reverse()) await stop(p.child)
    for (const c of closers.splice(0)) await c.close()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  return {
    started,
    closers,
    tempDir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix))
      dirs.push(dir)
      return dir
    },
  }
}

/** `config` written as JSON to `name` in `dir`: the file's path, for the runner's `--config`. */
export function writeConfig(dir: string, config: object, name = 'config.json'): string {
  const path = join(dir, name)
  writeFileSync(path, JSON.stringify(config, null, 2))
  return path
}
