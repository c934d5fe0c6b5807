#!/usr/bin/env node
// Keeps the citations in code and docs true (part of `npm run lint`). Every `docs/<file>.md` named in the
// code, the tests, the scripts, README.md or docs/ must exist, and every section cited after it
// (`docs/vendors/8x8.md §6.1`, `§3.3, §3.5`, `§6.3–§6.5`) must be a numbered heading of that file (`## 6.` or
// `### 6.1`). Inside docs/ a bare `§N` cites the file it is written in. Notes that live outside the repository
// (the former REFERENCE / DESIGN files) must not be cited at all: a clone does not have them.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** What is scanned, relative to the repository root. */
export const SCANNED = [
  'src-shared',
  'src-main',
  'src-preload',
  'src-renderer',
  'e2e',
  'bench',
  'scripts',
  'docs',
  'README.md',
]
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'fixtures', 'screenshots', 'test-results'])
const TEXT_FILE = /\.(ts|mts|cts|js|mjs|cjs|vue|md)$/

const DOC_PATH = /docs\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_-]\.md/g
const SECTION = /^§(\d+(?:\.\d+)*)/
/** Between two sections of one list: `, `, ` and `, ` or `, `–`, `-`, `/`. */
const LIST_SEPARATOR = /^\s*(?:,|and|or|–|-|\/)\s*/
const OUTSIDE_NOTES = /\b(REFERENCE|DESIGN) §/g

function listFiles(root, rel, out) {
  const abs = join(root, rel)
  let st
  try {
    st = statSync(abs)
  } catch {
    return out
  }
  if (st.isDirectory()) {
    for (const name of readdirSync(abs).sort()) {
      if (SKIPPED_DIRS.has(name)) continue
      listFiles(root, rel === '' ? name : `${rel}/${name}`, out)
    }
  } else if (TEXT_FILE.test(rel)) {
    out.push(rel)
  }
  return out
}

/** Section numbers of a markdown file's numbered headings (`## 3. Title` → "3", `### 3.1 Title` → "3.1"). */
export function sectionsOf(markdown) {
  const sections = new Map()
  let fenced = false
  markdown.split('\n').forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced
    if (fenced) return
    const m = /^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/.exec(line)
    if (m) {
      const list = sections.get(m[1]) ?? []
      list.push(i + 1)
      sections.set(m[1], list)
    }
  })
  return sections
}

/**
 * The sections cited right after position `from` of `line` (after a doc path): an optional closing backtick or
 * quote, an optional "(", then `§N`, and more `§N` joined by list separators. Returns the numbers and where the
 * list ended.
 */
function sectionsAfter(line, from) {
  let rest = line.slice(from)
  let consumed = 0
  const lead = /^[`'"]?\s*\(?/.exec(rest)
  consumed += lead[0].length
  rest = rest.slice(lead[0].length)
  const found = []
  for (;;) {
    const m = SECTION.exec(rest)
    if (!m) break
    found.push({ section: m[1], at: from + consumed })
    consumed += m[0].length
    rest = rest.slice(m[0].length)
    const sep = LIST_SEPARATOR.exec(rest)
    if (!sep || !rest.slice(sep[0].length).startsWith('§')) break
    consumed += sep[0].length
    rest = rest.slice(sep[0].length)
  }
  return { found, end: from + consumed }
}

/**
 * Every broken citation under `root`, as `{file, line, message}`; an empty list when all is well.
 * `files` (relative paths) narrows the scan; docs are read from `root` either way.
 */
export function checkDocCitations(root, files = null) {
  const problems = []
  const scanned = files ?? SCANNED.flatMap((rel) => listFiles(root, rel, []))
  const docCache = new Map()
  const docSections = (path) => {
    if (!docCache.has(path)) {
      let text = null
      try {
        text = readFileSync(join(root, path), 'utf8')
      } catch {
        // missing: reported by the caller
      }
      docCache.set(path, text === null ? null : sectionsOf(text))
    }
    return docCache.get(path)
  }

  for (const file of scanned) {
    const text = readFileSync(join(root, file), 'utf8')
    const isDoc = file.startsWith('docs/') && file.endsWith('.md')
    if (isDoc) {
      for (const [section, lines] of docSections(file)) {
        if (lines.length > 1) {
          problems.push({
            file,
            line: lines[1],
            message: `section ${section} is numbered twice (lines ${lines.join(', ')}): citations would be ambiguous`,
          })
        }
      }
    }
    let fenced = false
    text.split('\n').forEach((line, i) => {
      const at = i + 1
      if (isDoc && /^\s*(```|~~~)/.test(line)) fenced = !fenced
      for (const m of line.matchAll(OUTSIDE_NOTES)) {
        problems.push({
          file,
          line: at,
          message: `cites "${m[0].trim()}…", a document outside the repository: cite docs/ARCHITECTURE.md or docs/vendors/<id>.md instead`,
        })
      }
      const covered = []
      for (const m of line.matchAll(DOC_PATH)) {
        const path = m[0]
        const sections = docSections(path)
        const { found, end } = sectionsAfter(line, m.index + path.length)
        covered.push([m.index, end])
        if (sections === null) {
          problems.push({ file, line: at, message: `${path} does not exist` })
          continue
        }
        for (const { section } of found) {
          if (!sections.has(section)) {
            problems.push({ file, line: at, message: `${path} has no section ${section}` })
          }
        }
      }
      // Inside docs/, a bare § cites the file itself (code blocks aside).
      if (!isDoc || fenced) return
      for (const m of line.matchAll(/§(\d+(?:\.\d+)*)/g)) {
        if (covered.some(([from, to]) => m.index >= from && m.index < to)) continue
        if (!docSections(file).has(m[1])) {
          problems.push({ file, line: at, message: `§${m[1]} is not a section of this file` })
        }
      }
    })
  }
  return problems
}

const invoked = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]
if (invoked) {
  const root = join(fileURLToPath(new URL('.', import.meta.url)), '..')
  const problems = checkDocCitations(root)
  for (const p of problems) process.stderr.write(`${p.file.split('/').join(sep)}:${p.line}: ${p.message}\n`)
  if (problems.length > 0) {
    process.stderr.write(`\n${problems.length} broken documentation citation(s)\n`)
    process.exit(1)
  }
  const scanned = SCANNED.flatMap((rel) => listFiles(root, rel, []))
  process.stdout.write(`doc citations: ${scanned.length} files checked, all citations resolve\n`)
}
