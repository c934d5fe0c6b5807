#!/usr/bin/env node
// `npm run audit`: known vulnerabilities in the locked dependencies (package-lock.json), checked in one of two ways.
// 1. `npm audit`, when the configured registry answers its advisory endpoint.
// 2. Otherwise, offline: OSV advisories (the JSON files of osv.dev's npm export, or of the GitHub advisory
//    database) in a folder given with `--db DIR` or FLOORWALKER_ADVISORY_DB, matched against every package version
//    in the lockfile.
// With neither, it says exactly why it cannot run and exits 2: it never reports "no vulnerabilities" it did not check.
// Exit codes: 0 nothing known, 1 vulnerable packages (listed), 2 the check could not run.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Every installed package in a v2/v3 lockfile: name and version, with the paths it sits at. Links and the root
 * project are left out (they are not from the registry).
 */
export function lockPackages(lock) {
  const found = new Map()
  for (const [path, meta] of Object.entries(lock.packages ?? {})) {
    if (path === '' || meta.link || typeof meta.version !== 'string') continue
    const name = meta.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
    const key = `${name}@${meta.version}`
    const entry = found.get(key) ?? { name, version: meta.version, paths: [], dev: true }
    entry.paths.push(path)
    entry.dev &&= meta.dev === true || meta.devOptional === true
    found.set(key, entry)
  }
  return [...found.values()]
}

/** Numbers compare as numbers, other identifiers as text; numeric ones sort first (semver §11). */
function compareIdentifiers(a, b) {
  const na = /^\d+$/.test(a)
  const nb = /^\d+$/.test(b)
  if (na && nb) return Math.sign(Number(a) - Number(b))
  if (na) return -1
  if (nb) return 1
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Semver precedence of two exact versions (build metadata ignored). OSV's npm events are exact versions, so the
 * range grammar of the `semver` package is not needed here, only its ordering.
 */
export function compareVersions(a, b) {
  const parse = (v) => {
    const [core, pre] = String(v).replace(/^v/, '').split('+')[0].split(/-(.*)/s)
    const nums = core.split('.').map((x) => Number(x) || 0)
    while (nums.length < 3) nums.push(0)
    return { nums, pre: pre ? pre.split('.') : [] }
  }
  const x = parse(a)
  const y = parse(b)
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return Math.sign(x.nums[i] - y.nums[i])
  if (x.pre.length === 0 || y.pre.length === 0) return Math.sign(y.pre.length - x.pre.length)
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    if (x.pre[i] === undefined) return -1
    if (y.pre[i] === undefined) return 1
    const c = compareIdentifiers(x.pre[i], y.pre[i])
    if (c !== 0) return c
  }
  return 0
}

/**
 * Is `version` inside one OSV range? Events in order: `introduced` opens, `fixed` closes (exclusive),
 * `last_affected` closes (inclusive); "0" is the beginning of time.
 */
function inRange(range, version) {
  const events = [...(range.events ?? [])].sort((p, q) => {
    const pv = p.introduced ?? p.fixed ?? p.last_affected ?? '0'
    const qv = q.introduced ?? q.fixed ?? q.last_affected ?? '0'
    return compareVersions(pv === '0' ? '0.0.0-0' : pv, qv === '0' ? '0.0.0-0' : qv)
  })
  let affected = false
  for (const e of events) {
    if (e.introduced !== undefined) {
      if (e.introduced === '0' || compareVersions(version, e.introduced) >= 0) affected = true
    } else if (e.fixed !== undefined) {
      if (compareVersions(version, e.fixed) >= 0) affected = false
    } else if (e.last_affected !== undefined) {
      if (compareVersions(version, e.last_affected) > 0) affected = false
    }
  }
  return affected
}

/** The advisory's affected entries that hit this npm package version. */
export function affects(advisory, name, version) {
  if (advisory.withdrawn) return false
  return (advisory.affected ?? []).some((a) => {
    if (a.package?.ecosystem !== 'npm' || a.package?.name !== name) return false
    if ((a.versions ?? []).includes(version)) return true
    return (a.ranges ?? []).some(
      (r) => (r.type === 'SEMVER' || r.type === 'ECOSYSTEM') && inRange(r, version),
    )
  })
}

/** Every OSV JSON file under `dir` (any depth) that names an npm package; with the newest `modified` date seen. */
export function loadAdvisories(dir) {
  const advisories = []
  let newest = ''
  let files = 0
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name)
      if (entry.isDirectory()) walk(p)
      else if (entry.name.endsWith('.json')) {
        files += 1
        let adv
        try {
          adv = JSON.parse(readFileSync(p, 'utf8'))
        } catch {
          continue
        }
        if (!Array.isArray(adv.affected) || !adv.affected.some((a) => a.package?.ecosystem === 'npm'))
          continue
        advisories.push(adv)
        if (typeof adv.modified === 'string' && adv.modified > newest) newest = adv.modified
      }
    }
  }
  walk(dir)
  return { advisories, newest, files }
}

function severityOf(adv) {
  return adv.database_specific?.severity ?? adv.severity?.[0]?.score ?? 'unknown'
}

/** Findings: one per (package version, advisory). */
export function auditOffline(lock, advisories) {
  const byName = new Map()
  for (const adv of advisories)
    for (const a of adv.affected ?? [])
      if (a.package?.ecosystem === 'npm') {
        const list = byName.get(a.package.name) ?? []
        if (!list.includes(adv)) list.push(adv)
        byName.set(a.package.name, list)
      }
  const findings = []
  for (const pkg of lockPackages(lock))
    for (const adv of byName.get(pkg.name) ?? [])
      if (affects(adv, pkg.name, pkg.version))
        findings.push({ ...pkg, id: adv.id, summary: adv.summary ?? '', severity: severityOf(adv) })
  return findings
}

/** `npm audit --json`, classified: ran (with its count) or could not run (with npm's own reason). */
export function classifyNpmAudit(status, stdout) {
  let report
  try {
    report = JSON.parse(stdout)
  } catch {
    return { ran: false, reason: `npm audit printed no report (exit ${status})` }
  }
  if (report.error) {
    // npm puts the HTTP failure in `message` ("405 Method Not Allowed - POST …/advisories/bulk") and often leaves
    // the summary empty.
    const parts = [report.message, report.error.summary, report.error.detail].filter((x) => x)
    return { ran: false, reason: parts.join(': ') || `npm audit failed (exit ${status})` }
  }
  const counts = report.metadata?.vulnerabilities
  if (!counts)
    return { ran: false, reason: `npm audit's report has no vulnerability counts (exit ${status})` }
  const total = Object.entries(counts)
    .filter(([k]) => k !== 'total')
    .reduce((n, [, v]) => n + v, 0)
  return { ran: true, total, report }
}

function main(argv, env) {
  const root = join(fileURLToPath(new URL('.', import.meta.url)), '..')
  const dbFlag = argv.indexOf('--db')
  const db = dbFlag >= 0 ? argv[dbFlag + 1] : env.FLOORWALKER_ADVISORY_DB
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))

  if (!db) {
    const r = spawnSync('npm', ['audit', '--json'], { cwd: root, encoding: 'utf8', env })
    const c = classifyNpmAudit(r.status, r.stdout ?? '')
    if (c.ran) {
      if (c.total === 0) {
        console.log(`npm audit: no known vulnerabilities in ${lockPackages(lock).length} locked packages`)
        return 0
      }
      spawnSync('npm', ['audit'], { cwd: root, stdio: 'inherit', env })
      return 1
    }
    const registry = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).stdout?.trim()
    console.error(
      [
        `The dependency audit cannot run here.`,
        `- npm audit: the registry (${registry || 'unknown'}) does not answer its advisory endpoint: ${c.reason}`,
        `  (a registry mirror that serves packages but no advisories).`,
        `- offline check: no advisory data was given. Download the OSV export of npm advisories (all.zip of the`,
        `  npm ecosystem from osv.dev's data dumps) or a copy of the GitHub advisory database, unzip it, and run`,
        `  npm run audit -- --db DIR     (or set FLOORWALKER_ADVISORY_DB=DIR)`,
      ].join('\n'),
    )
    return 2
  }

  let stats
  try {
    stats = statSync(db)
  } catch (e) {
    console.error(`--db ${db}: ${e.message}`)
    return 2
  }
  if (!stats.isDirectory()) {
    console.error(`--db ${db}: not a folder of OSV JSON files`)
    return 2
  }
  const { advisories, newest, files } = loadAdvisories(db)
  if (advisories.length === 0) {
    console.error(
      `--db ${db}: ${files} JSON files, none an OSV advisory for an npm package; nothing was checked`,
    )
    return 2
  }
  const packages = lockPackages(lock)
  const findings = auditOffline(lock, advisories)
  console.log(
    `offline audit: ${packages.length} locked packages against ${advisories.length} npm advisories in ${db}` +
      ` (newest modified ${newest || 'unknown'}: advisories published after that are not known to this check)`,
  )
  if (findings.length === 0) {
    console.log('no known vulnerabilities')
    return 0
  }
  for (const f of findings)
    console.log(
      `${f.severity.padEnd(8)} ${f.name}@${f.version}${f.dev ? ' (dev)' : ''}  ${f.id}  ${f.summary}\n` +
        `         at ${f.paths.join(', ')}`,
    )
  console.log(`${findings.length} vulnerable package version(s)`)
  return 1
}

const invoked = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]
if (invoked) process.exit(main(process.argv.slice(2), process.env))
