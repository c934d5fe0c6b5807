import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { runTeamInit } from './team'

describe('team init', () => {
  const dirs: string[] = []
  afterEach(() => {
    vi.restoreAllMocks()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('keeps an existing team’s config and passwords unless told --force, and says how to start the server', () => {
    const out = mkdtempSync(join(tmpdir(), 'fw-init-'))
    dirs.push(out)
    const said: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => said.push(String(s)) > 0)
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => said.push(String(s)) > 0)
    const args = ['--sites', 'demo', '--out', out, '--listen', '127.0.0.1:4222']
    expect(runTeamInit(args)).toBe(0)
    expect(said.join('')).toMatch(/start the server: \S*nats-server -c .*nats\.conf/)
    const cred = () => readFileSync(join(out, 'creds', 'poller-1.json'), 'utf8')
    const first = cred()
    said.length = 0
    // Run again (e.g. to restart the broker): refused, nothing rewritten.
    expect(runTeamInit(args)).toBe(1)
    expect(said.join('')).toContain('exists already')
    expect(said.join('')).toContain('--force')
    expect(cred()).toBe(first)
    expect(runTeamInit([...args, '--force'])).toBe(0)
    expect(cred()).not.toBe(first)
  })
})
