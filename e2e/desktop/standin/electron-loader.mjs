// Node module hooks for the desktop e2e (registered with module.register by e2e/desktop/harness.ts): the app's
// built main process, imported as `out/main/index.js?floorwalker-app=<id>`, gets that app's own instance of the
// `electron` stand-in (e2e/desktop/standin/electron.ts) when it imports 'electron'. Nothing else is changed, and
// 'electron' imported from anywhere else is an error: the stand-in exists only for an app the harness started.
// The built main process itself is loaded as the file it is, as Electron loads it: without this the TypeScript
// loader the tests run under transforms its 760 KB again at every start and attaches a source map that Node parses
// at the first stack trace through it (about 2 s of CPU per start on a loaded machine, before the window opens).
import { readFile } from 'node:fs/promises'
const ELECTRON_IDS = new Set(['electron', 'electron/main', 'electron/common'])

export async function resolve(specifier, context, next) {
  if (!ELECTRON_IDS.has(specifier)) return next(specifier, context)
  const parent = context.parentURL ? new URL(context.parentURL) : null
  const id = parent?.searchParams.get('floorwalker-app')
  if (!id)
    throw new Error(
      `the electron stand-in serves only the app started by the desktop harness; '${specifier}' was imported from ${context.parentURL ?? 'nowhere'}`,
    )
  return {
    url: new URL(`./electron-module.mjs?app=${encodeURIComponent(id)}`, import.meta.url).href,
    format: 'module',
    shortCircuit: true,
  }
}

export async function load(url, context, next) {
  const u = new URL(url)
  if (
    u.protocol === 'file:' &&
    u.searchParams.has('floorwalker-app') &&
    u.pathname.endsWith('/out/main/index.js')
  )
    return { format: 'module', source: await readFile(u, 'utf8'), shortCircuit: true }
  return next(url, context)
}
