import type { FormatLanguage } from './duration'
import { formatSpan } from './duration'

/** Whole numbers as they are, others to one decimal, with the language's decimal mark: `7`, `72.5`, `72,5`. */
export function formatDecimal(v: number, language: FormatLanguage = 'en'): string {
  const text = Number.isInteger(v) ? String(v) : String(Math.round(v * 10) / 10)
  return language === 'pl' ? text.replace('.', ',') : text
}

/**
 * A rule field's value in its unit, known by the field's name: a span for `…Sec`, a percentage for `…Pct`, a plain
 * number otherwise. `null` is the language's "no data".
 */
export function formatFieldValue(
  field: string,
  value: number | null,
  language: FormatLanguage = 'en',
): string {
  if (value === null) return language === 'pl' ? 'brak danych' : 'no data'
  if (field.endsWith('Sec')) return formatSpan(value, language)
  if (field.endsWith('Pct')) return `${formatDecimal(value, language)}%`
  return formatDecimal(value, language)
}

/**
 * The CLDR plural category of `n` in the language (English: one/other; Polish: one/few/many), for messages
 * that change with a count.
 */
export function pluralOf(n: number, language: FormatLanguage): Intl.LDMLPluralRule {
  return new Intl.PluralRules(language).select(n)
}
