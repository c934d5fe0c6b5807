export interface CitationProblem {
  /** Repository-relative path, `/`-separated. */
  file: string
  line: number
  message: string
}

/** What is scanned, relative to the repository root. */
export const SCANNED: readonly string[]

/** Section numbers of a markdown file's numbered headings, each with the lines it heads. */
export function sectionsOf(markdown: string): Map<string, number[]>

/** Every broken citation under `root`; `files` (repository-relative) narrows the scan. */
export function checkDocCitations(root: string, files?: string[] | null): CitationProblem[]
