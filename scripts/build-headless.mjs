#!/usr/bin/env node
/**
 * `npm run build:headless`: the headless runner (src-main/headless/cli.ts) built into one Node ES module,
 * out/headless/cli.js, so a server or a TV box starts it with plain `node` instead of compiling TypeScript at every
 * start (`tsx`). Packages from node_modules stay external (Vite's SSR build: `ws`, `undici`, `zod`, `keytar`, …),
 * so the checkout's `npm ci` is still what it runs on. The file sits two folders below the checkout, as the source
 * does, so it finds package.json and the built board (out/renderer, for --serve) the same way.
 *
 *   npm run build:headless && node out/headless/cli.js --demo --once
 */
import { join } from 'node:path'
import { build } from 'vite'

const root = join(import.meta.dirname, '..')

await build({
  root,
  configFile: false,
  logLevel: process.argv.includes('--quiet') ? 'warn' : 'info',
  build: {
    ssr: join(root, 'src-main', 'headless', 'cli.ts'),
    outDir: join(root, 'out', 'headless'),
    emptyOutDir: true,
    target: 'node20',
    // Stack traces land in logs and bug reports: kept readable, as the main process's bundle is.
    minify: false,
    sourcemap: true,
    rollupOptions: { output: { format: 'es', entryFileNames: 'cli.js' } },
  },
})
