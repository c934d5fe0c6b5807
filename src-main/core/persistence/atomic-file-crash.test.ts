/**
 * A writer killed (SIGKILL) at random points during many writes always leaves a file that parses: the old
 * document or the new one, never a torn mix (issue "Persisted state ... written atomically").
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AtomicJsonFile } from './atomic-file'

interface Written {
  n: number
  len: number
  pad: string
  tail: number
}

let dir: string
let writer: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atomic-crash-'))
  writer = join(dir, 'crash-writer.mjs')
  // Bundled to plain JS so each child starts in tens of milliseconds (many rounds in a few seconds).
  await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url))],
    outfile: writer,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function whole(text: string): Written {
  const doc = JSON.parse(text) as Written
  expect(doc.pad.length).toBe(doc.len)
  expect(doc.tail).toBe(doc.n)
  return doc
}

/** Start the writer, wait for its first completed write, let it run a random while, SIGKILL it. */
function killedRound(target: string, start: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, target, String(start)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.stdout.once('data', () => {
      setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 40))
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve()
      else reject(new Error(`writer exited by itself (${code}): ${stderr}`))
    })
  })
}

describe('AtomicJsonFile under SIGKILL', () => {
  it('always leaves a whole file (old or new) and a whole backup', async () => {
    const target = join(dir, 'state.json')
    const started = Date.now()
    let last = 0
    let rounds = 0
    // At least 15 rounds; more while the time budget (about 3 s) lasts.
    while (rounds < 15 || (Date.now() - started < 3000 && rounds < 200)) {
      await killedRound(target, last)
      rounds++
      const doc = whole(readFileSync(target, 'utf8'))
      // The round's first write completed before the kill, so the file is at least that new.
      expect(doc.n).toBeGreaterThanOrEqual(last + 1)
      if (existsSync(`${target}.bak`)) {
        const bak = whole(readFileSync(`${target}.bak`, 'utf8'))
        // Equal when the kill landed between rotating the backup and renaming the new file into place.
        expect(bak.n).toBeLessThanOrEqual(doc.n)
      }
      const read = await new AtomicJsonFile<Written>({
        path: target,
        validate: (raw) => ({ ok: true, value: raw as Written }),
        now: () => 0,
      }).read()
      expect(read.status).toBe('ok')
      if (read.status === 'ok') {
        expect(read.source).toBe('file')
        expect(read.problems).toEqual([])
        expect(read.value.n).toBe(doc.n)
      }
      last = doc.n
    }
    expect(rounds).toBeGreaterThanOrEqual(15)
    // Many writes happened across the rounds (each round at least one).
    expect(last).toBeGreaterThanOrEqual(rounds)
  })
})
