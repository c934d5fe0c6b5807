/**
 * Starts the desktop app as supervisors run it, without the Electron binary: the composition root built by
 * `electron-vite build` (out/main/index.js, unchanged) is imported in this process with the `electron` module
 * replaced by the stand-in (standin/electron.ts); every start is a fresh instance of both, on a profile that
 * survives restarts (userData, the Chromium profile, and the OS keychain of this test run).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { register } from 'node:module'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CHROMIUM } from '../../playwright.config'
import { createElectronStandin, type StandinControl, type StandinWindow } from './standin/electron'

const ROOT = join(import.meta.dirname, '..', '..')
const MAIN = join(ROOT, 'out', 'main', 'index.js')

let hooked = false
function hookElectron(): void {
  if (hooked) return
  register(new URL('./standin/electron-loader.mjs', import.meta.url))
  hooked = true
}

/** One supervisor's machine: a home, the app's userData in it, and the Chromium profile of its default session. */
export interface DesktopProfile {
  home: string
  userData: string
  chromiumProfile: string
}

export function newProfile(dir: string): DesktopProfile {
  const p = {
    home: join(dir, 'home'),
    userData: join(dir, 'home', '.config', 'Floorwalker'),
    chromiumProfile: join(dir, 'chromium-profile'),
  }
  for (const d of [p.home, p.chromiumProfile]) mkdirSync(d, { recursive: true })
  return p
}

export interface DesktopApp {
  control: StandinControl & { quitOrder: string[] }
  /** The board window (its page is a real Chromium page). */
  window: StandinWindow
  /** Quit as the user does (the tray's Quit) and wait until the app has gone; resolves with the exit code. */
  quit(): Promise<number>
  /** The app's own log file (userData/logs/main.log). */
  log(): string
}

/**
 * The keychain is the real Secret Service, in the private D-Bus session `scripts/with-keychain.mjs` starts around
 * the test run (`npm run test:desktop`); the tests never touch the developer's own keyring.
 */
export function requirePrivateKeychain(): void {
  if (process.env.FLOORWALKER_PRIVATE_KEYRING !== '1' || !process.env.DBUS_SESSION_BUS_ADDRESS)
    throw new Error(
      'the desktop e2e uses the real OS keychain of a private test session: run it as `npm run test:desktop` ' +
        '(or `node scripts/with-keychain.mjs npx playwright test --project desktop`)',
    )
}

export type StartedApp = Omit<DesktopApp, 'window'>

/** Start the app on `profile` (as double-clicking it does): its main process runs and Chromium is up. */
export async function startApp(
  profile: DesktopProfile,
  env: Record<string, string> = {},
): Promise<StartedApp> {
  requirePrivateKeychain()
  if (!existsSync(MAIN))
    throw new Error(`${relative(ROOT, MAIN)} is missing: run \`npx electron-vite build\` first`)
  hookElectron()
  const id = randomBytes(6).toString('hex')
  const control = createElectronStandin({
    id,
    appPath: ROOT,
    home: profile.home,
    chromiumProfile: profile.chromiumProfile,
    chromium: { executablePath: CHROMIUM.executablePath, args: CHROMIUM.args },
    packaged: process.env.STANDIN_UNPACKED !== '1',
    argv: ['floorwalker'],
  }) as DesktopApp['control']
  // What the app reads from its environment at start (FLOORWALKER_USER_DATA moves userData before ready).
  delete process.env.ELECTRON_RENDERER_URL
  Object.assign(process.env, { FLOORWALKER_USER_DATA: profile.userData }, env)
  await import(`${pathToFileURL(MAIN).href}?floorwalker-app=${id}`)
  await control.boot()
  const logFile = join(profile.userData, 'logs', 'main.log')
  return {
    control,
    quit: () => {
      control.quit()
      return control.exited
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  }
}

/** Start the app on `profile` and wait for its window's first load. */
export async function launchApp(
  profile: DesktopProfile,
  env: Record<string, string> = {},
): Promise<DesktopApp> {
  const started = await startApp(profile, env)
  const { control } = started
  const window = await Promise.race([
    control.firstWindow(),
    control.exited.then((code) => {
      throw new Error(`the app exited (${code}) before showing a window: ${control.problems.join('; ')}`)
    }),
  ])
  return { ...started, window }
}

/** Every file under `dir` (for searching what the app wrote to disk). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...filesUnder(p))
    else out.push(p)
  }
  return out
}
