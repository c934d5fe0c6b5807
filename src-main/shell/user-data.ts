/**
 * `FLOORWALKER_USER_DATA`: a separate profile (tests, side-by-side installs). It must take effect before anything
 * reads `userData` — settings, the saved board, the single-instance lock, Chromium's own storage — so it runs at
 * the top of the composition root, before `ready`. The log folder follows the profile too, so two profiles never
 * write one log file (on macOS the logs otherwise live in ~/Library/Logs, outside userData).
 */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The part of Electron's `app` this needs. */
export interface UserDataApp {
  setPath(name: 'userData', path: string): void
  /** No argument: the OS's default (electronjs.org, app.setAppLogsPath). */
  setAppLogsPath(path?: string): void
}

/**
 * Apply the override (if any) and fix the logs folder. Returns the profile folder used, or null for the default.
 * A folder that cannot be made is an error that names the variable and the folder.
 */
export function applyUserData(
  app: UserDataApp,
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): string | null {
  const raw = env['FLOORWALKER_USER_DATA']?.trim()
  if (!raw) {
    app.setAppLogsPath()
    return null
  }
  const dir = resolve(cwd, raw)
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
  } catch (e) {
    throw new Error(
      `FLOORWALKER_USER_DATA=${raw}: cannot use ${dir} as the profile folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      { cause: e },
    )
  }
  app.setPath('userData', dir)
  app.setAppLogsPath(join(dir, 'logs'))
  return dir
}
