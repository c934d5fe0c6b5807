// How `npm start` serves the board when the desktop app cannot start: where it keeps its settings (the app's own
// user-data folder, so connections added here are there when the app can start), on which loopback port, and the
// one-time token that gives this computer's browser full control.
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'

/** The folder Electron would use as userData for "Floorwalker" (electronjs.org, app.getPath('userData')). */
export function appUserData({ env, platform, home }) {
  if (env.FLOORWALKER_USER_DATA?.trim()) return resolve(env.FLOORWALKER_USER_DATA.trim())
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Floorwalker')
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Floorwalker')
  const config = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config')
  return join(config, 'Floorwalker')
}

/**
 * @param {{ env: Record<string, string | undefined>, platform: string, home: string, token?: string }} o
 * @returns {{ dir: string, token: string, args: string[], url: (served: string) => string }}
 */
export function servedBoard(o) {
  const dir = appUserData(o)
  // 24 random bytes: the runner asks for at least 16 characters; a new one every start, never written anywhere.
  const token = o.token ?? randomBytes(24).toString('base64url')
  const port = o.env.FLOORWALKER_PORT ?? '5178'
  return {
    dir,
    token,
    // Loopback only: nothing else on the network can reach it. --state keeps edits (connections, rules, prefs).
    // --public-read: other browsers on this computer may look without the token (docs/ARCHITECTURE.md §7.4).
    args: ['--demo', '--serve', `127.0.0.1:${port}`, '--state', dir, '--public-read'],
    url: (served) => {
      const u = new URL(served)
      u.searchParams.set('token', token)
      return u.href
    },
  }
}
