import { spawn } from 'node:child_process'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')

/** How a run of the CLI ended: its exit code, its stdout's NDJSON lines parsed, and its stderr. */
export interface CliRun {
  code: number | null
  lines: Record<string, unknown>[]
  stderr: string
}

/**
 * The headless runner as a user runs it (`node --import tsx src-main/headless/cli.ts`, from the project root) with
 * exactly `env` as its environment, to its exit.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/headless/cli.ts', ...args], {
      cwd: ROOT,
      env,
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += String(d)))
    child.stderr.on('data', (d) => (err += String(d)))
    child.on('close', (code) => {
      const lines = out
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
      resolve({ code, lines, stderr: err })
    })
  })
}
