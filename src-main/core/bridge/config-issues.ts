import { formatConfigIssue, type ConfigIssue } from '../../../src-shared/config'

/** The first three issues in words, after `prefix` (and how many more there are). */
export function summarizeIssues(prefix: string, issues: ConfigIssue[]): string {
  const first = issues.slice(0, 3).map(formatConfigIssue).join('; ')
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''
  return `${prefix}: ${first}${more}`
}
