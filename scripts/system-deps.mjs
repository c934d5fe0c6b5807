#!/usr/bin/env node
// The Debian/Ubuntu packages `npm test` needs, in one list that both `npm test` (scripts/test-all.mjs, before any
// step runs) and `.ci/run` read, so a newcomer's machine and CI cannot drift apart.
//
//   node scripts/system-deps.mjs --check     exit 0 if everything is here; otherwise install it when we are root
//                                            with apt-get, or stop at once naming the one command to run
//   node scripts/system-deps.mjs --packages  print the package names (for .ci/run's apt-get install)
import { spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, join } from 'node:path'

/** What each package gives the tests, and how we know it is installed. */
export const SYSTEM_PACKAGES = [
  {
    name: 'chromium',
    why: 'the browser and desktop e2e',
    has: () => onPath('chromium') || !!process.env.CHROMIUM_PATH,
  },
  {
    name: 'gnome-keyring',
    why: 'a real Secret Service for the keychain tests',
    has: () => onPath('gnome-keyring-daemon'),
  },
  {
    name: 'dbus-x11',
    why: 'a private D-Bus session around the keyring',
    has: () => onPath('dbus-run-session'),
  },
  {
    name: 'libsecret-1-dev',
    why: 'keytar (the OS keychain) builds against it',
    has: () => existsSync('/usr/include/libsecret-1') || pkgConfig('libsecret-1'),
  },
  {
    name: 'openssl',
    why: 'the proxy and TLS tests make their own certificates',
    has: () => onPath('openssl'),
  },
  {
    name: 'nats-server',
    why: 'team mode runs against a real broker',
    has: () => onPath('nats-server') || existsSync('/usr/sbin/nats-server'),
  },
]

/** Whether an executable of this name is on PATH. */
export function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    try {
      accessSync(join(dir, name), constants.X_OK)
      return true
    } catch {
      // not in this folder
    }
  }
  return false
}

function pkgConfig(lib) {
  return spawnSync('pkg-config', ['--exists', lib], { stdio: 'ignore' }).status === 0
}

/** keytar is optional at `npm ci` time: built before libsecret was installed, it needs a rebuild now. */
function keytarLoads() {
  try {
    createRequire(import.meta.url)('keytar')
    return true
  } catch {
    return false
  }
}

function run(cmd, args) {
  process.stdout.write(`system-deps: ${cmd} ${args.join(' ')}\n`)
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  return r.status === 0
}

function check() {
  const missing = SYSTEM_PACKAGES.filter((p) => !p.has())
  if (missing.length > 0) {
    const names = missing.map((p) => p.name)
    const command = `sudo apt-get install -y --no-install-recommends ${names.join(' ')}`
    for (const p of missing) process.stderr.write(`system-deps: ${p.name} is missing (${p.why})\n`)
    const root = typeof process.getuid === 'function' && process.getuid() === 0
    if (!root || !onPath('apt-get')) {
      process.stderr.write(`system-deps: run this once, then npm test again:\n  ${command}\n`)
      process.exit(1)
    }
    if (
      !run('apt-get', ['update', '-qq']) ||
      !run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names])
    ) {
      process.stderr.write(`system-deps: apt-get could not install ${names.join(' ')}; run: ${command}\n`)
      process.exit(1)
    }
  }
  if (!keytarLoads()) {
    // Installed without libsecret's headers (keytar is optional so `npm ci` still works, and npm drops an optional
    // package that failed to build): build it now, at the version the lock file pins.
    const version = JSON.parse(readFileSync('package-lock.json', 'utf8')).packages?.['node_modules/keytar']
      ?.version
    const built = existsSync('node_modules/keytar')
      ? run('npm', ['rebuild', 'keytar'])
      : run('npm', ['install', '--no-save', '--no-audit', '--no-fund', `keytar@${version ?? 'latest'}`])
    if (!built || !keytarLoads()) {
      process.stderr.write(
        'system-deps: keytar (the OS keychain) does not build here; the keychain tests need it\n',
      )
      process.exit(1)
    }
  }
}

// Run as a command only (scripts/with-keychain.mjs imports onPath from here).
if (import.meta.url === `file://${process.argv[1]}`) {
  const mode = process.argv[2]
  if (mode === '--packages') process.stdout.write(`${SYSTEM_PACKAGES.map((p) => p.name).join(' ')}\n`)
  else if (mode === '--check') check()
  else {
    process.stderr.write('usage: node scripts/system-deps.mjs --check | --packages\n')
    process.exit(64)
  }
}
