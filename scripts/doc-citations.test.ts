import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { checkDocCitations, sectionsOf } from './doc-citations.mjs'

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..')

// Built from parts so that this file's own text holds no citation for the check to judge.
const DOCS = 'docs'
const SIGN = '§'
const OUTSIDE = ['REFERENCE', 'DESIGN']

let dirs: string[] = []
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  dirs = []
})

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'doc-citations-'))
  dirs.push(root)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

const GUIDE = ['# Guide', '', '## 1. One', '', '### 1.2 Sub', '', '## 3. Three', ''].join('\n')

describe('sectionsOf', () => {
  it('reads numbered headings at any depth, with or without a trailing dot, outside code blocks', () => {
    const md = [
      '## 2. Two',
      '### 2.1 Sub',
      '#### 2.1.4 Deep',
      '```',
      '## 9. Not a heading',
      '```',
      '## Unnumbered',
    ].join('\n')
    expect([...sectionsOf(md).keys()]).toEqual(['2', '2.1', '2.1.4'])
  })
})

describe('checkDocCitations', () => {
  it('accepts citations of sections that exist, in lists and ranges', () => {
    const root = repo({
      [`${DOCS}/guide.md`]: GUIDE,
      'src-main/a.ts': `// see ${DOCS}/guide.md ${SIGN}1.2, ${SIGN}3 and \`${DOCS}/guide.md\` (${SIGN}1–${SIGN}3)\n`,
    })
    expect(checkDocCitations(root)).toEqual([])
  })

  it('reports a missing section, a missing file and every section of a list', () => {
    const root = repo({
      [`${DOCS}/guide.md`]: GUIDE,
      'src-main/a.ts': [
        `// ${DOCS}/guide.md ${SIGN}2`,
        `// ${DOCS}/gone.md ${SIGN}1`,
        `// ${DOCS}/guide.md ${SIGN}1, ${SIGN}1.3 and ${SIGN}4`,
      ].join('\n'),
    })
    expect(checkDocCitations(root)).toEqual([
      { file: 'src-main/a.ts', line: 1, message: `${DOCS}/guide.md has no section 2` },
      { file: 'src-main/a.ts', line: 2, message: `${DOCS}/gone.md does not exist` },
      { file: 'src-main/a.ts', line: 3, message: `${DOCS}/guide.md has no section 1.3` },
      { file: 'src-main/a.ts', line: 3, message: `${DOCS}/guide.md has no section 4` },
    ])
  })

  it('reports citations of notes that live outside the repository', () => {
    const root = repo({ 'src-renderer/b.vue': `<!-- ${OUTSIDE[0]} ${SIGN}6.3, ${OUTSIDE[1]} ${SIGN}4 -->\n` })
    expect(checkDocCitations(root).map((p) => p.line)).toEqual([1, 1])
    expect(checkDocCitations(root)[0]?.message).toMatch(/outside the repository/)
  })

  it('reads a bare section inside docs/ as the file itself, and other files by path', () => {
    const root = repo({
      [`${DOCS}/guide.md`]: `${GUIDE}\nSee ${SIGN}1.2 and ${SIGN}5; also \`${DOCS}/other.md\` ${SIGN}5.\n`,
      [`${DOCS}/other.md`]: '## 5. Five\n',
    })
    expect(checkDocCitations(root)).toEqual([
      { file: `${DOCS}/guide.md`, line: 9, message: `${SIGN}5 is not a section of this file` },
    ])
  })

  it('reports a section number used twice in one document', () => {
    const root = repo({ [`${DOCS}/guide.md`]: '## 1. One\n\n## 1. Again\n' })
    expect(checkDocCitations(root)).toEqual([
      {
        file: `${DOCS}/guide.md`,
        line: 3,
        message: 'section 1 is numbered twice (lines 1, 3): citations would be ambiguous',
      },
    ])
  })

  it('finds nothing broken in this repository', () => {
    expect(checkDocCitations(REPO)).toEqual([])
  })
})
