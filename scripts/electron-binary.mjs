// Where the Electron binary is, without triggering electron's download-on-first-use (which fails offline).
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** @returns {{ path: string | null, reason: string | null }} */
export function electronBinary() {
  const require = createRequire(import.meta.url)
  let dir
  try {
    dir = dirname(require.resolve('electron/package.json'))
  } catch {
    return { path: null, reason: 'the electron package is not installed (run npm ci)' }
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const pathFile = join(dir, 'path.txt')
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  const full = override ? join(override, rel ?? 'electron') : rel ? join(dir, 'dist', rel) : null
  if (full && existsSync(full)) return { path: full, reason: null }
  return {
    path: null,
    reason:
      'the Electron binary is not installed (electron downloads it on first run, and this machine cannot reach its download host)',
  }
}
