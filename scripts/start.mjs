#!/usr/bin/env node
// `npm start`: build, then open the desktop app. With no settings yet it opens on the built-in simulated
// contact center. Where the Electron binary cannot be had (a machine that cannot reach Electron's download
// host), it says so in one line and serves the very same board to this computer only, through the headless
// runner: loopback, a one-time token in the printed address (full control), the runner's NDJSON and logs in a
// file instead of the terminal.
import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { electronBinary } from './electron-binary.mjs'
import { servedBoard } from './served-board.mjs'

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1

if (process.env.FLOORWALKER_START_NO_BUILD !== '1' && run('npx', ['electron-vite', 'build']) !== 0)
  process.exit(1)

let binary = electronBinary()
if (!binary.path) {
  // Electron downloads its binary on first use; let it try once, quietly (its failure is a stack trace).
  const require = createRequire(import.meta.url)
  const probe = spawnSync(
    process.execPath,
    ['-e', `require(${JSON.stringify(require.resolve('electron'))})`],
    {
      stdio: 'ignore',
      timeout: 120_000,
    },
  )
  if (probe.status === 0) binary = electronBinary()
}

if (binary.path) {
  const child = spawn(binary.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  const plan = servedBoard({ env: process.env, platform: process.platform, home: process.env.HOME ?? '' })
  mkdirSync(plan.dir, { recursive: true, mode: 0o700 })
  const logPath = join(plan.dir, 'served-board.log')
  const logFile = createWriteStream(logPath, { flags: 'a', mode: 0o600 })
  process.stdout.write(
    `Floorwalker: the desktop app cannot start here (${binary.reason}); serving the board in your browser instead.\n`,
  )
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/headless/cli.ts', ...plan.args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FLOORWALKER_TOKEN: plan.token },
  })
  // NDJSON (stdout) and the runner's log (stderr) go to the file; the terminal gets the address once it answers.
  child.stdout.pipe(logFile, { end: false })
  let pending = ''
  let announced = false
  child.stderr.on('data', (chunk) => {
    logFile.write(chunk)
    if (announced) return
    pending += String(chunk)
    const m = /floorwalker: board at (\S+)/.exec(pending)
    if (m) {
      announced = true
      pending = ''
      process.stdout.write(
        `Open ${plan.url(m[1])} — full control, this computer only (Ctrl+C stops it; log: ${logPath})\n`,
      )
    }
  })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code) => {
    if (!announced) {
      // It never served: say why with the runner's own last lines.
      const last = pending.trim().split('\n').slice(-3).join('\n')
      process.stderr.write(
        `Floorwalker could not serve the board${last ? `:\n${last}` : ''}\n(log: ${logPath})\n`,
      )
    }
    logFile.end(() => process.exit(code ?? 0))
  })
}
