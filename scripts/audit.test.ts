import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  affects,
  auditOffline,
  classifyNpmAudit,
  compareVersions,
  loadAdvisories,
  lockPackages,
  type Advisory,
} from './audit.mjs'

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The shape of a real advisory (ws's denial of service through many HTTP headers), as OSV publishes it. */
const WS_HEADERS: Advisory = {
  id: 'GHSA-3h5v-q93c-6h6q',
  modified: '2024-06-20T00:00:00Z',
  summary: 'ws affected by a DoS when handling a request with many HTTP headers',
  affected: [
    {
      package: { ecosystem: 'npm', name: 'ws' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '8.0.0' }, { fixed: '8.17.1' }] }],
    },
    {
      package: { ecosystem: 'npm', name: 'ws' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '5.2.4' }] }],
    },
  ],
  database_specific: { severity: 'HIGH' },
}

function lock(packages: Record<string, { version: string; dev?: boolean; link?: boolean }>) {
  return { lockfileVersion: 3, packages: { '': { name: 'app' }, ...packages } }
}

describe('offline dependency audit', () => {
  it('orders versions as semver does', () => {
    expect(compareVersions('8.17.0', '8.17.1')).toBe(-1)
    expect(compareVersions('8.10.0', '8.9.9')).toBe(1)
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(-1)
    expect(compareVersions('1.0.0-alpha.2', '1.0.0-alpha.10')).toBe(-1)
    expect(compareVersions('1.0.0-alpha', '1.0.0-alpha.1')).toBe(-1)
    expect(compareVersions('1.0.0+build', '1.0.0')).toBe(0)
  })

  it('matches ranges with introduced, fixed and last_affected, and listed versions', () => {
    expect(affects(WS_HEADERS, 'ws', '8.17.0')).toBe(true)
    expect(affects(WS_HEADERS, 'ws', '8.17.1')).toBe(false)
    expect(affects(WS_HEADERS, 'ws', '7.0.0')).toBe(false)
    expect(affects(WS_HEADERS, 'ws', '5.2.3')).toBe(true)
    expect(affects(WS_HEADERS, 'undici', '5.2.3')).toBe(false)
    const last: Advisory = {
      id: 'X',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'p' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { last_affected: '1.4.0' }] }],
          versions: ['0.9.1'],
        },
      ],
    }
    expect(affects(last, 'p', '1.4.0')).toBe(true)
    expect(affects(last, 'p', '1.4.1')).toBe(false)
    expect(affects(last, 'p', '0.9.1')).toBe(true)
    expect(affects({ ...last, withdrawn: '2025-01-01' }, 'p', '1.4.0')).toBe(false)
  })

  it('finds every locked copy of a vulnerable version, nested ones included', () => {
    const l = lock({
      'node_modules/ws': { version: '8.23.0' },
      'node_modules/a/node_modules/ws': { version: '8.17.0', dev: true },
      'node_modules/b/node_modules/ws': { version: '8.17.0', dev: true },
      'node_modules/local': { version: '1.0.0', link: true },
    })
    expect(lockPackages(l).map((p) => `${p.name}@${p.version}`)).toEqual(['ws@8.23.0', 'ws@8.17.0'])
    const findings = auditOffline(l, [WS_HEADERS])
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({
      name: 'ws',
      version: '8.17.0',
      id: 'GHSA-3h5v-q93c-6h6q',
      severity: 'HIGH',
      dev: true,
      paths: ['node_modules/a/node_modules/ws', 'node_modules/b/node_modules/ws'],
    })
  })

  it('reads advisories from a folder tree and runs as `npm run audit -- --db DIR`', () => {
    const db = mkdtempSync(join(tmpdir(), 'fw-osv-'))
    mkdirSync(join(db, '2024', '06'), { recursive: true })
    writeFileSync(join(db, '2024', '06', 'GHSA-3h5v-q93c-6h6q.json'), JSON.stringify(WS_HEADERS))
    writeFileSync(join(db, 'not-osv.json'), '{"hello": 1}')
    writeFileSync(join(db, 'broken.json'), '{')
    const loaded = loadAdvisories(db)
    expect(loaded).toMatchObject({ files: 3, newest: '2024-06-20T00:00:00Z' })
    expect(loaded.advisories.map((a) => a.id)).toEqual(['GHSA-3h5v-q93c-6h6q'])
    // The project's own lockfile against it (ws is past 8.17.1 there).
    const run = spawnSync(process.execPath, ['scripts/audit.mjs', '--db', db], {
      cwd: REPO,
      encoding: 'utf8',
    })
    expect(run.stdout).toMatch(/offline audit: \d+ locked packages against 1 npm advisories/)
    expect(run.stdout).toContain('no known vulnerabilities')
    expect(run.status).toBe(0)
    const empty = mkdtempSync(join(tmpdir(), 'fw-osv-empty-'))
    const none = spawnSync(process.execPath, ['scripts/audit.mjs', '--db', empty], {
      cwd: REPO,
      encoding: 'utf8',
    })
    expect(none.status).toBe(2)
    expect(none.stderr).toContain('nothing was checked')
  })

  it('tells a report from an endpoint that does not answer', () => {
    expect(
      classifyNpmAudit(
        1,
        JSON.stringify({ error: { summary: 'audit endpoint returned an error', detail: '' } }),
      ),
    ).toEqual({ ran: false, reason: 'audit endpoint returned an error' })
    // What a registry mirror without advisories gives (npm 10): the HTTP failure in `message`, an empty summary.
    const mirror = {
      message: '405 Method Not Allowed - POST …/advisories/bulk',
      statusCode: 405,
      error: { summary: '', detail: '' },
    }
    expect(classifyNpmAudit(1, JSON.stringify(mirror))).toEqual({
      ran: false,
      reason: '405 Method Not Allowed - POST …/advisories/bulk',
    })
    const clean = {
      metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 } },
    }
    expect(classifyNpmAudit(0, JSON.stringify(clean))).toMatchObject({ ran: true, total: 0 })
    const bad = {
      metadata: { vulnerabilities: { info: 0, low: 1, moderate: 0, high: 2, critical: 0, total: 3 } },
    }
    expect(classifyNpmAudit(1, JSON.stringify(bad))).toMatchObject({ ran: true, total: 3 })
    expect(classifyNpmAudit(1, 'npm ERR!')).toMatchObject({ ran: false })
  })
})
