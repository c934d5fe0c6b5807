/**
 * The packaging configuration, checked where the Electron binary cannot be downloaded: the settings that must not
 * drift (app id = keychain service, fuses, keytar outside the asar, per-OS targets and icons), then a real
 * `electron-builder --linux dir` run on this project with a stand-in Electron binary that carries Electron's fuse
 * wire, so what is asserted is the packaged result, not only the config object.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules, createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { extractFile, listPackage, statFile } from '@electron/asar'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { build as buildApp, resolveConfig } from 'electron-vite'
import { build, type InlineConfig } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import config, { assertKeytarBuilt } from './electron-builder'
import { DEFAULT_KEYCHAIN_SERVICE } from './src-main/secrets/keytar-secret-store'

const ROOT = import.meta.dirname
const require = createRequire(import.meta.url)

const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}
/** What electron-builder puts in the package's node_modules: package.json's run-time dependencies, nothing else. */
const RUNTIME_DEPENDENCIES = new Set(Object.keys(PACKAGE.dependencies ?? {}))
/** Needed at run time but allowed to be missing (keytar: a machine without libsecret headers still runs). */
const OPTIONAL_DEPENDENCIES = new Set(Object.keys(PACKAGE.optionalDependencies ?? {}))

/** What every packaged Floorwalker must have flipped (issue: "Electron fuses flipped at package time"). */
const REQUIRED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
}

describe('electron-builder configuration', () => {
  it('uses the keychain service as the app id, so a packaged app finds the secrets saved before', () => {
    expect(config.appId).toBe(DEFAULT_KEYCHAIN_SERVICE)
    expect(config.appId).toBe('app.floorwalker.desktop')
    expect(config.productName).toBe('Floorwalker')
  })

  it('flips every required fuse and turns none of them back', () => {
    const fuses = config.electronFuses ?? {}
    for (const [name, value] of Object.entries(REQUIRED_FUSES)) {
      expect({ [name]: fuses[name as keyof typeof fuses] }).toEqual({ [name]: value })
    }
  })

  it('keeps keytar outside the asar and the app inside one', () => {
    expect(config.asar).not.toBe(false)
    const unpack = [config.asarUnpack ?? []].flat()
    expect(unpack).toContain('**/node_modules/keytar/**')
  })

  it('builds AppImage and deb on Linux, NSIS on Windows, dmg on macOS, each with its icon', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.win?.target).toEqual(['nsis'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.linux?.icon).toBe('resources/icons')
    expect(config.win?.icon).toBe('resources/icon.ico')
    expect(config.mac?.icon).toBe('resources/icon.icns')
    // A .deb must name its maintainer, or electron-builder stops.
    expect(config.linux?.maintainer).toMatch(/<[^>]+@[^>]+>/)
  })

  it('refuses to package when keytar was not built (the app would have no keychain)', () => {
    const empty = mkdtempSync(join(tmpdir(), 'fw-nokeytar-'))
    try {
      expect(() => assertKeytarBuilt(empty)).toThrow(/keytar's native module is not built .*libsecret-1-dev/)
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })
})

/**
 * Build main with the project's electron-vite config into `outDir` (never a stale out/), and return the modules its
 * chunks load at run time, as the bundler resolved them (static and dynamic imports, externals included).
 */
async function importsOfMain(outDir: string): Promise<string[]> {
  const resolved = await resolveConfig({ root: ROOT, logLevel: 'silent' }, 'build', 'production')
  const main = resolved.config?.main as InlineConfig | undefined
  if (!main) throw new Error('electron.vite.config.ts has no main build')
  const result = await build({
    ...main,
    configFile: false,
    logLevel: 'silent',
    build: { ...main.build, outDir, emptyOutDir: true },
  })
  const outputs = [result].flat() as Extract<Awaited<ReturnType<typeof build>>, { output: unknown }>[]
  return outputs.flatMap((o) =>
    o.output.flatMap((chunk) => (chunk.type === 'chunk' ? [...chunk.imports, ...chunk.dynamicImports] : [])),
  )
}

/** The package a module specifier names, or null for the bundle's own chunks and Node's built-ins. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null
  const name = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : (specifier.split('/')[0] ?? specifier)
  if (builtinModules.includes(name)) return null
  // A chunk of the build itself (code split off main's entry), named by its file.
  if (/\.[cm]?js$/.test(name)) return null
  return name
}

describe('the dependencies main needs (derived from its build, checked against package.json)', () => {
  const work = mkdtempSync(join(tmpdir(), 'fw-main-'))
  let loaded = new Set<string>()

  beforeAll(async () => {
    loaded = new Set((await importsOfMain(work)).flatMap((m) => packageOf(m) ?? []))
  }, 120_000)

  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('finds the packages main loads (the keychain, sockets and validation at least)', () => {
    expect(packageOf('@nats-io/kv/lib/x.js')).toBe('@nats-io/kv')
    expect(packageOf('node:fs')).toBeNull()
    expect(packageOf('path')).toBeNull()
    for (const name of ['electron', 'keytar', 'ws', 'zod']) expect(loaded).toContain(name)
  })

  it('every package the built main loads is a run-time dependency (or optional, or Electron itself)', () => {
    const undeclared = [...loaded].filter(
      (name) => name !== 'electron' && !RUNTIME_DEPENDENCIES.has(name) && !OPTIONAL_DEPENDENCIES.has(name),
    )
    // A package main loads but package.json lists only under devDependencies is left out of the installer: the
    // packaged app would fail at start with "Cannot find module".
    expect(undeclared).toEqual([])
    // electron is the runtime itself, never a packaged dependency.
    expect(RUNTIME_DEPENDENCIES.has('electron')).toBe(false)
  })
})

/** PNG width and height from its IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG')
  return [png.readUInt32BE(16), png.readUInt32BE(20)]
}

describe('installer icons (scripts/make-icons.mjs)', () => {
  it('Windows: icon.ico holds PNG images up to the 256 px the NSIS installer needs', () => {
    const ico = readFileSync(join(ROOT, 'resources', 'icon.ico'))
    expect(ico.readUInt16LE(2)).toBe(1)
    const sizes: number[] = []
    for (let i = 0; i < ico.readUInt16LE(4); i++) {
      const e = 6 + 16 * i
      const png = ico.subarray(ico.readUInt32LE(e + 12), ico.readUInt32LE(e + 12) + ico.readUInt32LE(e + 8))
      const [w, h] = pngSize(png)
      expect(w).toBe(ico[e] === 0 ? 256 : ico[e])
      expect(h).toBe(w)
      sizes.push(w)
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256])
  })

  it('macOS: icon.icns holds every size up to 1024 px (512@2x)', () => {
    const icns = readFileSync(join(ROOT, 'resources', 'icon.icns'))
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const found = new Map<string, number>()
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      const type = icns.subarray(at, at + 4).toString('ascii')
      found.set(type, pngSize(icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)))[0])
    }
    expect(found.get('ic09')).toBe(512)
    expect(found.get('ic10')).toBe(1024)
    expect(found.get('icp4')).toBe(16)
  })

  it('Linux: resources/icons holds the size-named PNG set up to 512 px', () => {
    const dir = join(ROOT, 'resources', 'icons')
    const files = readdirSync(dir).sort((a, b) => parseInt(a) - parseInt(b))
    expect(files).toEqual([16, 24, 32, 48, 64, 128, 256, 512].map((s) => `${s}x${s}.png`))
    for (const f of files) {
      const s = parseInt(f)
      expect(pngSize(readFileSync(join(dir, f)))).toEqual([s, s])
    }
  })
})

// Electron's fuse wire: a sentinel, the wire version, its length, then one byte per fuse ('0' off, '1' on).
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
/** Electron's defaults (electronjs.org "Fuses"): RunAsNode, NODE_OPTIONS, inspect, file:// privileges on. */
const DEFAULT_WIRE = '10110001'

/** The required fuses as the binary has them, read with the same library electron-builder writes them with. */
async function readWire(binary: string): Promise<Record<keyof typeof REQUIRED_FUSES, boolean>> {
  const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>
  const fuse = (option: FuseV1Options) => {
    const state = String.fromCharCode(wire[option] ?? 0)
    expect(['0', '1'], `fuse ${FuseV1Options[option]}`).toContain(state)
    return state === '1'
  }
  return {
    runAsNode: fuse(FuseV1Options.RunAsNode),
    enableCookieEncryption: fuse(FuseV1Options.EnableCookieEncryption),
    enableNodeOptionsEnvironmentVariable: fuse(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
    enableNodeCliInspectArguments: fuse(FuseV1Options.EnableNodeCliInspectArguments),
    enableEmbeddedAsarIntegrityValidation: fuse(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
    onlyLoadAppFromAsar: fuse(FuseV1Options.OnlyLoadAppFromAsar),
  }
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, CI: 'true' } })
    let output = ''
    child.stdout.on('data', (d) => (output += String(d)))
    child.stderr.on('data', (d) => (output += String(d)))
    child.on('close', (code) => resolve({ code, output }))
  })
}

describe('packaging this project (electron-builder --linux dir, stand-in Electron binary)', () => {
  const work = mkdtempSync(join(tmpdir(), 'fw-pack-'))
  const electronDist = join(work, 'electron')
  const output = join(work, 'dist')
  const unpacked = join(output, 'linux-unpacked')
  const asar = join(unpacked, 'resources', 'app.asar')
  let files: string[] = []

  beforeAll(async () => {
    const outputs = ['main/index.js', 'preload/index.cjs', 'renderer/index.html']
    // Packaging takes the app from out/, as `npm run dist` does: build it when a fresh checkout has none.
    if (!outputs.every((f) => existsSync(join(ROOT, 'out', f))))
      await buildApp({ root: ROOT, logLevel: 'warn' })
    mkdirSync(electronDist)
    const binary = Buffer.concat([
      Buffer.from('#!/bin/sh\n# stand-in for the Electron binary: only its fuse wire matters here\n# '),
      Buffer.from(SENTINEL, 'ascii'),
      Buffer.from([1, DEFAULT_WIRE.length]),
      Buffer.from(DEFAULT_WIRE, 'ascii'),
      Buffer.from('\n'),
    ])
    writeFileSync(join(electronDist, 'electron'), binary, { mode: 0o755 })
    writeFileSync(join(electronDist, 'version'), require('electron/package.json').version as string)
    writeFileSync(join(electronDist, 'LICENSE'), 'MIT')
    const packed = await run(process.execPath, [
      require.resolve('electron-builder/cli.js'),
      '--linux',
      'dir',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
      // Rebuilding keytar against Electron's headers needs their download; keytar is N-API, so its build for
      // Node loads in Electron as it is.
      '-c.npmRebuild=false',
    ])
    expect(packed.code, packed.output).toBe(0)
    files = listPackage(asar, { isPack: false })
  }, 180_000)

  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('starts from a binary with the default wire, and the packaged binary has every required fuse flipped', async () => {
    expect(await readWire(join(electronDist, 'electron'))).not.toEqual(REQUIRED_FUSES)
    expect(await readWire(join(unpacked, 'floorwalker'))).toEqual(REQUIRED_FUSES)
  })

  it('puts keytar and its native module beside the asar, not in it', () => {
    const native = join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules', 'keytar')
    expect(existsSync(join(native, 'build', 'Release', 'keytar.node'))).toBe(true)
    expect(existsSync(join(native, 'lib', 'keytar.js'))).toBe(true)
    // The asar only points at it: Electron's require follows that to app.asar.unpacked.
    const entry = statFile(asar, 'node_modules/keytar/build/Release/keytar.node') as { unpacked?: boolean }
    expect(entry.unpacked).toBe(true)
  })

  it('packs the built app, its runtime icons and every dependency package.json declares', () => {
    const has = (p: string) => files.includes(p)
    for (const p of [
      '/package.json',
      '/out/main/index.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/resources/icon.png',
      '/resources/tray-ok.png',
      '/resources/tray-error@2x.png',
      ...[...RUNTIME_DEPENDENCIES].map((name) => `/node_modules/${name}/package.json`),
    ]) {
      expect(has(p), p).toBe(true)
    }
    // Sources, tests, build tools and the renderer's own libraries (bundled into out/renderer) stay out.
    for (const prefix of ['/src-', '/e2e/', '/scripts/', '/node_modules/vue/', '/node_modules/echarts/']) {
      expect(files.filter((f) => f.startsWith(prefix))).toEqual([])
    }
    expect(files.filter((f) => !f.startsWith('/node_modules/') && f.endsWith('.ts'))).toEqual([])
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as Record<string, unknown>
    expect(pkg['main']).toBe('out/main/index.js')
    expect(pkg['productName']).toBe('Floorwalker')
  })
})
