import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { memoryLogger } from '../runtime/logger'
import { AtomicJsonFile, fileTimestamp, writeFileAtomic, type Validate } from './atomic-file'

interface Doc {
  version: number
  items: string[]
}
const validateDoc: Validate<Doc> = (raw) => {
  const d = raw as Partial<Doc> | null
  if (typeof d !== 'object' || d === null || typeof d.version !== 'number' || !Array.isArray(d.items)) {
    return { ok: false, error: 'expected { version: number, items: string[] }' }
  }
  return { ok: true, value: d as Doc }
}

let dir: string
let now: number
const make = (extra: Partial<ConstructorParameters<typeof AtomicJsonFile<Doc>>[0]> = {}) =>
  new AtomicJsonFile<Doc>({
    path: join(dir, 'settings.json'),
    validate: validateDoc,
    now: () => now,
    ...extra,
  })

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atomic-file-'))
  now = Date.UTC(2025, 10, 24, 15, 1, 33, 123)
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('AtomicJsonFile', () => {
  it('reports a first run as missing with no problems', async () => {
    expect(await make().read()).toEqual({ status: 'missing', problems: [] })
  })

  it('writes and reads back; the previous good file becomes the backup', async () => {
    const f = make()
    expect(await f.write({ version: 1, items: ['a'] })).toEqual({ ok: true })
    expect(existsSync(f.backupPath)).toBe(false)
    expect(await f.write({ version: 2, items: ['b'] })).toEqual({ ok: true })
    expect(JSON.parse(readFileSync(f.path, 'utf8'))).toEqual({ version: 2, items: ['b'] })
    expect(JSON.parse(readFileSync(f.backupPath, 'utf8'))).toEqual({ version: 1, items: ['a'] })
    expect(await make().read()).toEqual({
      status: 'ok',
      value: { version: 2, items: ['b'] },
      source: 'file',
      problems: [],
    })
    // Only the file and its backup: no temp files left behind.
    expect(readdirSync(dir).sort()).toEqual(['settings.json', 'settings.json.bak'])
  })

  it('moves a corrupt file aside, reports it, and falls back to the backup', async () => {
    const f = make()
    await f.write({ version: 1, items: [] })
    await f.write({ version: 2, items: [] })
    writeFileSync(f.path, '{"version": 3, "items": [')
    const log = memoryLogger()
    const r = await make({ log }).read()
    const aside = join(dir, `settings.json.corrupt-${fileTimestamp(now)}`)
    expect(r.status).toBe('ok')
    if (r.status !== 'ok') return
    expect(r.value).toEqual({ version: 1, items: [] })
    expect(r.source).toBe('backup')
    expect(r.problems).toHaveLength(1)
    expect(r.problems[0]).toMatchObject({ file: f.path, movedTo: aside })
    expect(r.problems[0]?.message).toMatch(/^not valid JSON: /)
    expect(readFileSync(aside, 'utf8')).toBe('{"version": 3, "items": [')
    expect(existsSync(f.path)).toBe(false)
    expect(log.lines.some((l) => l.includes('moved aside'))).toBe(true)
    expect(fileTimestamp(now)).toBe('2025-11-24T15-01-33-123Z')
  })

  it('moves aside a file that parses but does not validate, with the validator message', async () => {
    writeFileSync(join(dir, 'settings.json'), '{"version":"one"}')
    const r = await make().read()
    expect(r).toEqual({
      status: 'missing',
      problems: [
        {
          file: join(dir, 'settings.json'),
          movedTo: join(dir, `settings.json.corrupt-${fileTimestamp(now)}`),
          message: 'expected { version: number, items: string[] }',
        },
      ],
    })
  })

  it('reports both when the file and its backup are bad, keeping both aside', async () => {
    writeFileSync(join(dir, 'settings.json'), '')
    writeFileSync(join(dir, 'settings.json.bak'), 'nonsense')
    const r = await make().read()
    expect(r.status).toBe('missing')
    expect(r.problems.map((p) => p.message)).toEqual([
      'the file is empty',
      expect.stringMatching(/^not valid JSON/),
    ])
    expect(readdirSync(dir).sort()).toEqual([
      `settings.json.bak.corrupt-${fileTimestamp(now)}`,
      `settings.json.corrupt-${fileTimestamp(now)}`,
    ])
  })

  it('uses the backup when the file is missing, and says so', async () => {
    writeFileSync(join(dir, 'settings.json.bak'), JSON.stringify({ version: 7, items: [] }))
    const r = await make().read()
    expect(r).toMatchObject({ status: 'ok', source: 'backup', value: { version: 7 } })
    expect(r.problems).toEqual([
      { file: join(dir, 'settings.json'), movedTo: null, message: 'the file is missing; using its backup' },
    ])
  })

  it('never rotates a bad file into the backup', async () => {
    writeFileSync(join(dir, 'settings.json'), 'garbage')
    writeFileSync(join(dir, 'settings.json.bak'), JSON.stringify({ version: 1, items: [] }))
    // A fresh instance that has not read the file yet still checks it before rotating.
    expect(await make().write({ version: 2, items: [] })).toEqual({ ok: true })
    expect(JSON.parse(readFileSync(join(dir, 'settings.json.bak'), 'utf8'))).toEqual({
      version: 1,
      items: [],
    })
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ version: 2, items: [] })
  })

  it('after falling back to the backup, the next write keeps that backup', async () => {
    const f = make()
    await f.write({ version: 1, items: [] })
    await f.write({ version: 2, items: [] })
    writeFileSync(f.path, '{')
    const g = make()
    await g.read()
    await g.write({ version: 3, items: [] })
    expect(JSON.parse(readFileSync(g.backupPath, 'utf8'))).toEqual({ version: 1, items: [] })
    expect(JSON.parse(readFileSync(g.path, 'utf8'))).toEqual({ version: 3, items: [] })
  })

  it('keeps every corrupt copy by default', async () => {
    for (let i = 0; i < 8; i++) {
      now += 1000
      writeFileSync(join(dir, 'settings.json'), `bad ${i}`)
      await make({ backup: false }).read()
    }
    expect(readdirSync(dir).filter((n) => n.includes('.corrupt-'))).toHaveLength(8)
  })

  it('keeps a bounded number of corrupt copies when told to, and names the ones it removes', async () => {
    let last: string[] = []
    for (let i = 0; i < 8; i++) {
      now += 1000
      writeFileSync(join(dir, 'settings.json'), `bad ${i}`)
      const r = await make({ backup: false, keepCorrupt: 3 }).read()
      last = r.problems.map((p) => p.message)
    }
    expect(last[0]).toMatch(/older set-aside copies removed to bound the disk: .*settings\.json\.corrupt-/)
    const aside = readdirSync(dir)
      .filter((n) => n.includes('.corrupt-'))
      .sort()
    expect(aside).toHaveLength(3)
    expect(readFileSync(join(dir, aside[2] as string), 'utf8')).toBe('bad 7')
    expect(readFileSync(join(dir, aside[0] as string), 'utf8')).toBe('bad 5')
  })

  it('two corruptions in the same millisecond do not overwrite each other', async () => {
    writeFileSync(join(dir, 'settings.json'), 'first')
    await make({ backup: false }).read()
    writeFileSync(join(dir, 'settings.json'), 'second')
    await make({ backup: false }).read()
    const stamp = fileTimestamp(now)
    expect(readFileSync(join(dir, `settings.json.corrupt-${stamp}`), 'utf8')).toBe('first')
    expect(readFileSync(join(dir, `settings.json.corrupt-${stamp}-2`), 'utf8')).toBe('second')
  })

  it('removes temp files of dead writers, not of live ones', async () => {
    const dead = join(dir, '.settings.json.tmp-999999999-abcd1234')
    const mine = join(dir, `.settings.json.tmp-${process.pid}-abcd1234`)
    writeFileSync(dead, 'half')
    writeFileSync(mine, 'in flight')
    await make().read()
    expect(existsSync(dead)).toBe(false)
    expect(existsSync(mine)).toBe(true)
  })

  it('a write that cannot happen is a result, not a throw, and leaves the old file', async () => {
    writeFileSync(join(dir, 'blocker'), 'a file, not a folder')
    const f = new AtomicJsonFile<Doc>({
      path: join(dir, 'blocker', 'settings.json'),
      validate: validateDoc,
      now: () => now,
    })
    const r = await f.write({ version: 1, items: [] })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.detail).toMatch(/^could not write .*settings\.json: /)
  })

  it('serializes concurrent writes: the last one wins and the backup is the one before', async () => {
    const f = make()
    await Promise.all([1, 2, 3, 4, 5].map((v) => f.write({ version: v, items: [] })))
    expect(JSON.parse(readFileSync(f.path, 'utf8'))).toEqual({ version: 5, items: [] })
    expect(JSON.parse(readFileSync(f.backupPath, 'utf8'))).toEqual({ version: 4, items: [] })
  })
})

describe('writeFileAtomic', () => {
  it('creates the folder and writes owner-only', async () => {
    const target = join(dir, 'nested', 'deeper', 'state.json')
    await writeFileAtomic(target, '{"a":1}')
    expect(readFileSync(target, 'utf8')).toBe('{"a":1}')
    if (process.platform !== 'win32') {
      const { statSync } = await import('node:fs')
      expect(statSync(target).mode & 0o777).toBe(0o600)
    }
  })
})
