#!/usr/bin/env node
// `npm start`: build, then open the desktop app. With no settings yet it opens on the built-in simulated
// contact center. Where the Electron binary cannot be had (a machine that cannot reach Electron's download
// host), it says so and serves the very same board in the browser through the headless runner instead.
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { electronBinary } from './electron-binary.mjs'

const PORT = process.env.FLOORWALKER_PORT ?? '5178'
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1

if (run('npx', ['electron-vite', 'build']) !== 0) process.exit(1)

let binary = electronBinary()
if (!binary.path) {
  // Electron downloads its binary on first use; let it try once.
  const require = createRequire(import.meta.url)
  const probe = spawnSync(
    process.execPath,
    ['-e', `require(${JSON.stringify(require.resolve('electron'))})`],
    {
      stdio: 'inherit',
    },
  )
  if (probe.status === 0) binary = electronBinary()
}

if (binary.path) {
  const child = spawn(binary.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.warn(`\nThe desktop app cannot start here: ${binary.reason}.`)
  console.warn(`Serving the same board in your browser instead: http://127.0.0.1:${PORT}/\n`)
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/headless/cli.ts', '--demo', '--serve', `127.0.0.1:${PORT}`],
    { stdio: 'inherit' },
  )
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code) => process.exit(code ?? 0))
}
