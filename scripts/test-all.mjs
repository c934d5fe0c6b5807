#!/usr/bin/env node
// The one command that runs every test and gate (README: `npm test`). Gates first, then the keychain
// integration tests, the e2e (browser; the desktop app on the electron stand-in; the real electron binary where
// it exists), team mode against a real nats-server, and the unit + component tests last, so that on success the
// output ends with the test runner's own summary. Exits non-zero if anything failed; runs every step either way.
import { spawnSync } from 'node:child_process'

// The system packages first: installed here when we may (root with apt-get), otherwise one line naming the command.
const deps = spawnSync(process.execPath, ['scripts/system-deps.mjs', '--check'], { stdio: 'inherit' })
if (deps.status !== 0) process.exit(deps.status ?? 1)

const steps = [
  ['typecheck', ['run', '--silent', 'typecheck']],
  ['lint', ['run', '--silent', 'lint']],
  ['format', ['run', '--silent', 'format:check']],
  ['keychain integration (real Secret Service)', ['run', '--silent', 'test:keychain']],
  [
    'e2e (Playwright: browser, desktop app on the electron stand-in, electron)',
    ['run', '--silent', 'test:e2e'],
  ],
  ['team mode (real nats-server, pollers and viewers)', ['run', '--silent', 'test:team']],
  ['unit + component (Vitest)', ['run', '--silent', 'test:unit']],
]

const failed = []
for (const [name, args] of steps) {
  process.stdout.write(`\n=== ${name} ===\n`)
  const started = Date.now()
  const r = spawnSync('npm', args, { stdio: 'inherit', env: process.env })
  const secs = ((Date.now() - started) / 1000).toFixed(1)
  if (r.status !== 0) {
    failed.push(name)
    process.stdout.write(`=== ${name}: FAILED (exit ${r.status ?? r.signal}) after ${secs} s ===\n`)
  } else if (name !== steps.at(-1)?.[0]) {
    process.stdout.write(`=== ${name}: ok (${secs} s) ===\n`)
  }
}
if (failed.length > 0) {
  process.stderr.write(`\nFailed: ${failed.join(', ')}\n`)
  process.exit(1)
}
