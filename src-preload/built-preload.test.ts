/**
 * The preload as Electron runs it: built by the project's own electron-vite config (exactly as `npm run build`
 * builds out/preload/index.cjs, into a temporary folder so the test never reads a stale build), then run in a `vm`
 * context under the rules of Electron's sandboxed preloads (require knows only electron, events, timers and url).
 * A preload that pulls in anything else — zod through the contract, say — never exposes its bridge in the app, and
 * fails here.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createContext, runInContext, type Context } from 'node:vm'
import { resolveConfig } from 'electron-vite'
import { build, type InlineConfig } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sandboxedPreloadScript } from '../e2e/desktop/standin/sandbox-script'
import { EVENT_NAMES, INVOKE_CHANNELS, type FloorwalkerBridge } from '../src-shared/ipc/contract'

const ROOT = join(import.meta.dirname, '..')

/** Build the preload with the project's config, changing only where the file goes. */
async function buildPreload(outDir: string): Promise<string> {
  const resolved = await resolveConfig({ root: ROOT, logLevel: 'silent' }, 'build', 'production')
  const preload = resolved.config?.preload as InlineConfig | undefined
  if (!preload) throw new Error('electron.vite.config.ts has no preload build')
  await build({
    ...preload,
    configFile: false,
    logLevel: 'silent',
    build: { ...preload.build, outDir, emptyOutDir: true },
  })
  return join(outDir, 'index.cjs')
}

interface Sandboxed {
  context: Context
  invokes: { channel: string; args: unknown[] }[]
  sends: { channel: string; args: unknown[] }[]
  preloadErrors: { path: string; message: string }[]
  consoleErrors: unknown[]
  deliver: (channel: string, args: unknown[]) => void
}

/** Run a preload's text in a fresh vm context through the rebuilt Electron sandbox, with a recording IPC. */
function runSandboxed(preloadPath: string, preloadSource: string): Sandboxed {
  const s: Sandboxed = {
    context: createContext({}),
    invokes: [],
    sends: [],
    preloadErrors: [],
    consoleErrors: [],
    deliver: () => undefined,
  }
  const host = {
    mainWorld: runInContext('globalThis', s.context) as Record<string, unknown>,
    contextIsolation: true,
    preloadPath,
    process: { platform: 'linux', type: 'renderer', sandboxed: true },
    builtins: {
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      structuredClone,
      URL,
      URLSearchParams,
      console: { error: (...args: unknown[]) => s.consoleErrors.push(args) },
    },
    ipc: {
      invoke: async (channel: string, args: unknown[]) => {
        s.invokes.push({ channel, args })
        return { ok: true as const, value: { answered: channel } }
      },
      send: (channel: string, args: unknown[]) => s.sends.push({ channel, args }),
      preloadError: (path: string, error: { message: string }) =>
        s.preloadErrors.push({ path, message: error.message }),
      listen: (deliver: Sandboxed['deliver']) => {
        s.deliver = deliver
      },
    },
  }
  s.context.__sandboxHost = host
  runInContext(
    sandboxedPreloadScript({ preloadPath, preloadSource, hostExpression: 'globalThis.__sandboxHost' }),
    s.context,
    { filename: preloadPath },
  )
  delete s.context.__sandboxHost
  return s
}

let dir: string
let preloadPath: string
let source: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'floorwalker-preload-'))
  preloadPath = await buildPreload(dir)
  source = readFileSync(preloadPath, 'utf8')
}, 60_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the built preload in Electron’s sandbox', () => {
  it('requires nothing but electron', () => {
    const required = [...source.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1])
    expect(required).toEqual(['electron'])
    expect(source).not.toMatch(/\bimport\s*\(/)
  })

  it('loads without a preload error and exposes exactly window.floorwalker', () => {
    const s = runSandboxed(preloadPath, source)
    expect(s.preloadErrors).toEqual([])
    expect(s.consoleErrors).toEqual([])
    const bridge = s.context.floorwalker as FloorwalkerBridge
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on'])
    expect(Object.isFrozen(bridge)).toBe(true)
    expect(Object.keys(s.context)).toEqual(['floorwalker'])
  })

  it('forwards every allow-listed channel to main with its one argument', async () => {
    const s = runSandboxed(preloadPath, source)
    const bridge = s.context.floorwalker as FloorwalkerBridge
    expect(await bridge.invoke('live:get', null)).toEqual({ answered: 'live:get' })
    await bridge.invoke('connections:refresh', { id: 'demo' })
    for (const c of INVOKE_CHANNELS) await bridge.invoke(c, null as never)
    expect(s.invokes.slice(0, 2)).toEqual([
      { channel: 'live:get', args: [null] },
      { channel: 'connections:refresh', args: [{ id: 'demo' }] },
    ])
    expect(s.invokes.slice(2).map((i) => i.channel)).toEqual(INVOKE_CHANNELS)
    expect(s.sends).toEqual([])
  })

  it('refuses channels and events outside the contract without reaching main', async () => {
    const s = runSandboxed(preloadPath, source)
    const bridge = s.context.floorwalker as FloorwalkerBridge
    for (const channel of ['fs:read', '__proto__', 'constructor', 'live:get ']) {
      expect(await bridge.invoke(channel as never, null as never)).toEqual({
        ok: false,
        error: { code: 'bad_request', message: `unknown channel "${channel}"` },
      })
    }
    expect(() => bridge.on('ipc:raw' as never, () => undefined)).toThrow('unknown event "ipc:raw"')
    expect(s.invokes).toEqual([])
  })

  it('delivers contract events as their payload only, until the listener is removed', () => {
    const s = runSandboxed(preloadPath, source)
    const bridge = s.context.floorwalker as FloorwalkerBridge
    const got: unknown[][] = []
    const off = bridge.on('app:navigate', (...args: unknown[]) => got.push(args))
    s.deliver('app:navigate', [{ view: 'alerts', focus: 'a|b:1' }])
    s.deliver('live:patch', [{ seq: 1 }])
    off()
    s.deliver('app:navigate', [{ view: 'agents', focus: null }])
    expect(got).toEqual([[{ view: 'alerts', focus: 'a|b:1' }]])
    for (const e of EVENT_NAMES) bridge.on(e, () => undefined)()
  })

  it('the same sandbox refuses a preload that requires anything else (zod, node:fs)', () => {
    for (const id of ['zod', 'node:fs', 'fs', './contract']) {
      const bad = `const x = require(${JSON.stringify(id)});\n${source}`
      const s = runSandboxed('/app/out/preload/index.cjs', bad)
      expect(s.preloadErrors).toEqual([
        { path: '/app/out/preload/index.cjs', message: `module not found: ${id}` },
      ])
      expect(s.consoleErrors[0]).toEqual(['Unable to load preload script: /app/out/preload/index.cjs'])
      expect(s.context.floorwalker).toBeUndefined()
    }
    for (const id of ['events', 'node:timers', 'url', 'electron/renderer']) {
      const ok = `require(${JSON.stringify(id)});\n${source}`
      expect(runSandboxed('/p.cjs', ok).preloadErrors).toEqual([])
    }
  })
})
