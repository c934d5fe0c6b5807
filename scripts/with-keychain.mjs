#!/usr/bin/env node
// Runs a command inside a private D-Bus session with a freshly created, unlocked gnome-keyring, so the
// keychain integration tests talk to a real Secret Service without touching the developer's own keyring.
//
//   node scripts/with-keychain.mjs <command> [args...]
//
// The keyring lives in a temporary folder (XDG_DATA_HOME / XDG_RUNTIME_DIR) that is deleted afterwards.
// The command's exit code is propagated.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onPath } from './system-deps.mjs'

const args = process.argv.slice(2)
if (args.length === 0) {
  console.error('usage: node scripts/with-keychain.mjs <command> [args...]')
  process.exit(64)
}

const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((n) => !onPath(n))
if (missing.length > 0) {
  console.error(
    `with-keychain: ${missing.join(' and ')} not found on PATH. The keychain tests need a private D-Bus session ` +
      'with gnome-keyring; on Debian/Ubuntu: apt-get install dbus-x11 gnome-keyring libsecret-1-dev',
  )
  process.exit(127)
}

const home = mkdtempSync(join(tmpdir(), 'floorwalker-keyring-'))
const runtimeDir = join(home, 'run')
const dataDir = join(home, 'data')
// dbus-run-session sets up its transient service folder in XDG_RUNTIME_DIR: it must exist (owner-only) first.
mkdirSync(runtimeDir, { mode: 0o700 })
mkdirSync(dataDir, { mode: 0o700 })
// The throwaway keyring goes whatever happens to this process (even a closed pipe on our stderr).
process.on('exit', () => rmSync(home, { recursive: true, force: true }))
process.stderr.on('error', () => undefined)

// The command and its arguments reach the shell as positional parameters ("$@"), never spliced into the
// script text, so no argument can be interpreted by the shell. The throwaway keyring password travels in an
// environment variable that is unset before the command starts.
const script = [
  'printf "%s" "$FLOORWALKER_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null ' +
    '|| { echo "with-keychain: gnome-keyring-daemon failed to start" >&2; exit 125; }',
  'unset FLOORWALKER_KEYRING_PASSWORD',
  'exec "$@"',
].join('\n')

const env = {
  ...process.env,
  XDG_RUNTIME_DIR: runtimeDir,
  XDG_DATA_HOME: dataDir,
  FLOORWALKER_KEYRING_PASSWORD: randomBytes(16).toString('hex'),
  // The tests refuse to run against a keychain that is not this private one.
  FLOORWALKER_PRIVATE_KEYRING: '1',
}
// No display: gnome-keyring must never pop up a real unlock prompt on a developer's desktop.
delete env.DISPLAY
delete env.WAYLAND_DISPLAY

const child = spawn('dbus-run-session', ['--', 'sh', '-c', script, 'with-keychain', ...args], {
  env,
  stdio: ['inherit', 'inherit', 'pipe'],
})

// dbus-daemon warns that it cannot raise its fd limit when not root-capable; harmless, and noise in test output.
let pending = ''
child.stderr.on('data', (chunk) => {
  pending += chunk.toString()
  const lines = pending.split('\n')
  pending = lines.pop() ?? ''
  for (const line of lines) if (!/Failed to set fd limit/.test(line)) process.stderr.write(line + '\n')
})

const forward = (sig) => () => child.kill(sig)
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, forward(sig))

child.on('error', (e) => {
  console.error(`with-keychain: could not start dbus-run-session: ${e.message}`)
  process.exit(127)
})

child.on('close', (code, signal) => {
  if (pending && !/Failed to set fd limit/.test(pending)) process.stderr.write(pending + '\n')
  if (signal) {
    console.error(`with-keychain: command ended by ${signal}`)
    process.exit(1)
  }
  process.exit(code ?? 1)
})
