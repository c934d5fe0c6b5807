/**
 * The renderer as shipped: `electron-vite build` (electron.vite.config.ts, minified), then the size of every chunk in
 * out/renderer, raw and gzip, and what each first view costs — the entry with what index.html preloads, plus the
 * chunks the view's route loads and their static imports (a view's chunk is fetched only when the view is shown,
 * src-renderer/router).
 *
 *   npx tsx bench/bundle.ts        (or `npm run bench -- bundle`)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'electron-vite'
import type { BenchResult } from './report'

const ROOT = join(import.meta.dirname, '..')
const OUT = join(ROOT, 'out', 'renderer')

export interface Chunk {
  file: string
  raw: number
  gzip: number
  /** Chunks it imports statically (loaded with it). */
  imports: string[]
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`

/** Every .js and .css under out/renderer/assets with its sizes and static imports. */
export function readChunks(dir = OUT): Map<string, Chunk> {
  const assets = join(dir, 'assets')
  const chunks = new Map<string, Chunk>()
  for (const file of readdirSync(assets)) {
    if (!/\.(js|css)$/.test(file)) continue
    const text = readFileSync(join(assets, file))
    const code = text.toString('utf8')
    // Minified static imports: `import{a as b}from"./x.js"` and `import"./x.js"`; `import("./x.js")` is lazy.
    const imports = file.endsWith('.js')
      ? [...code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!)
      : []
    chunks.set(file, { file, raw: statSync(join(assets, file)).size, gzip: gzipSync(text).length, imports })
  }
  return chunks
}

/** A set of chunks and everything they import statically. */
function closure(chunks: Map<string, Chunk>, roots: string[]): Set<string> {
  const seen = new Set<string>()
  const stack = [...roots]
  while (stack.length > 0) {
    const f = stack.pop()!
    if (seen.has(f) || !chunks.has(f)) continue
    seen.add(f)
    stack.push(...chunks.get(f)!.imports)
  }
  return seen
}

/** The entry script index.html loads. */
function entryJs(entry: string[]): string {
  const js = entry.find((f) => f.endsWith('.js'))
  if (!js) throw new Error('out/renderer/index.html loads no script')
  return js
}

function sum(chunks: Map<string, Chunk>, files: Iterable<string>): { raw: number; gzip: number } {
  let raw = 0
  let gzip = 0
  for (const f of files) {
    raw += chunks.get(f)?.raw ?? 0
    gzip += chunks.get(f)?.gzip ?? 0
  }
  return { raw, gzip }
}

export async function benchBundle(): Promise<BenchResult> {
  await build({ root: ROOT, logLevel: 'warn' })
  const chunks = readChunks()
  const html = readFileSync(join(OUT, 'index.html'), 'utf8')
  const entry = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!)
  const start = closure(chunks, entry)
  const all = sum(chunks, chunks.keys())
  const js = [...chunks.values()].filter((c) => c.file.endsWith('.js'))
  const view = (name: string) => {
    const own = [...chunks.keys()].filter((f) => f.startsWith(`${name}View-`))
    const files = closure(chunks, own)
    for (const f of start) files.delete(f)
    return sum(chunks, files)
  }
  const shell = sum(chunks, start)
  const overview = view('Overview')
  const agents = view('Agents')
  const wallboard = view('Wallboard')
  // The first view loads only what it needs: no other view's chunk in the shell or in a view's own imports.
  const viewChunk = (f: string) => /^[A-Z]\w*View-/.test(f) && f.endsWith('.js')
  const leaks = [...start].filter(viewChunk)
  for (const own of [...chunks.keys()].filter(viewChunk)) {
    const name = own.split('-')[0]!
    for (const f of closure(chunks, [own]))
      if (viewChunk(f) && !f.startsWith(`${name}-`)) leaks.push(`${name} → ${f}`)
  }
  const biggest = [...js].sort((a, b) => b.raw - a.raw).slice(0, 6)
  const perChunk = biggest.map(
    (c) => `${c.file.replace(/-[\w-]{8}\.js$/, '')} ${kib(c.raw)} / ${kib(c.gzip)}`,
  )
  process.stderr.write(
    `bundle: ${[...chunks.values()]
      .sort((a, b) => b.raw - a.raw)
      .map((c) => `\n  ${c.file}: ${kib(c.raw)} raw, ${kib(c.gzip)} gzip`)
      .join('')}\n`,
  )
  return {
    name: 'renderer bundle',
    what: `out/renderer after \`electron-vite build\` (minified), ${chunks.size} files, raw / gzip: the shell (entry, what index.html preloads, CSS) and what each view's route adds when first shown; biggest chunks`,
    target: 'minified; the shell and each view load no other view',
    measured: `all ${kib(all.raw)} / ${kib(all.gzip)}; shell ${kib(shell.raw)} / ${kib(shell.gzip)}; + Overview ${kib(overview.raw)} / ${kib(overview.gzip)} (charts included); + Agents ${kib(agents.raw)} / ${kib(agents.gzip)}; + Wallboard ${kib(wallboard.raw)} / ${kib(wallboard.gzip)}; biggest: ${perChunk.join(', ')}${leaks.length ? `; a view loaded with another: ${leaks.join(', ')}` : ''}`,
    pass:
      leaks.length === 0 &&
      !/\n {4}\S/.test(readFileSync(join(OUT, 'assets', entryJs(entry)), 'utf8').slice(0, 4096)),
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchBundle()
  process.stdout.write(`${r.pass ? 'ok  ' : 'MISS'} ${r.name}: ${r.measured} (target ${r.target})\n`)
}
