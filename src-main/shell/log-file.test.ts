import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openLogFile } from './log-file'

describe('the log file', () => {
  let dir: string
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'fw-log-')), 'logs')
  })
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }))

  it('creates the folder and appends lines, private to the user', () => {
    const log = openLogFile({ dir })
    log.write('one')
    log.write('two')
    log.close()
    expect(readFileSync(log.path, 'utf8')).toBe('one\ntwo\n')
    expect(statSync(log.path).mode & 0o777).toBe(0o600)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    // A second start appends.
    const again = openLogFile({ dir })
    again.write('three')
    again.close()
    expect(readFileSync(log.path, 'utf8')).toBe('one\ntwo\nthree\n')
  })

  it('rotates while running, keeping `keep` older generations, newest first', () => {
    const log = openLogFile({ dir, maxBytes: 10, keep: 2 })
    for (const line of ['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee', 'ffff', 'gggg']) log.write(line)
    log.close()
    expect(readdirSync(dir).sort()).toEqual(['main.log', 'main.log.1', 'main.log.2'])
    expect(readFileSync(log.path, 'utf8')).toBe('gggg\n')
    expect(readFileSync(`${log.path}.1`, 'utf8')).toBe('eeee\nffff\n')
    expect(readFileSync(`${log.path}.2`, 'utf8')).toBe('cccc\ndddd\n')
  })

  it('rotates at start when the last run left a full file', () => {
    const first = openLogFile({ dir, maxBytes: 10 })
    first.close()
    writeFileSync(first.path, 'x'.repeat(12))
    const log = openLogFile({ dir, maxBytes: 10 })
    log.write('new')
    log.close()
    expect(readFileSync(log.path, 'utf8')).toBe('new\n')
    expect(readFileSync(`${log.path}.1`, 'utf8')).toBe('x'.repeat(12))
  })

  it('never throws on a line it cannot write, and goes on after', () => {
    const log = openLogFile({ dir })
    log.close()
    expect(() => log.write('after close')).not.toThrow()
    expect(existsSync(log.path)).toBe(true)
  })
})
