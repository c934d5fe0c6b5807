import { createI18n } from 'vue-i18n'
import en from './en'
import type { MessageSchema } from './en'
import pl from './pl'

export type { MessageSchema } from './en'

/** Languages with messages; a preference for one without messages falls back to English. */
export const LOCALES = ['en', 'pl'] as const
export type Locale = (typeof LOCALES)[number]

/**
 * The same keys as the English messages, every one optional: a misspelt or stray key is a type error, while a
 * key English gained and Polish has not yet is caught by i18n/pl.test.ts (and falls back to English meanwhile).
 */
export type PartialMessages<T> = { [K in keyof T]?: T[K] extends string ? string : PartialMessages<T[K]> }
const polish: PartialMessages<MessageSchema> = pl

/** Index of the Polish form for a count: 1 → one, 2–4 (not 12–14) → few, else many. */
function polishForm(n: number): 0 | 1 | 2 {
  const abs = Math.abs(n)
  if (abs === 1) return 0
  const last = abs % 10
  const lastTwo = abs % 100
  return last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14) ? 1 : 2
}

/**
 * vue-i18n plural rule for Polish messages: "one | few | many", or "zero | one | few | many" where the English
 * message has a zero form; two forms are read as "one | other".
 */
export function polishPlural(choice: number, choicesLength: number): number {
  if (choicesLength === 4) return choice === 0 ? 0 : 1 + polishForm(choice)
  if (choicesLength === 3) return polishForm(choice)
  if (choicesLength === 2) return Math.abs(choice) === 1 ? 0 : 1
  return 0
}

export function createAppI18n(locale: string = 'en') {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale: LOCALES.find((l) => l === locale) ?? 'en',
    fallbackLocale: 'en',
    messages: { en, pl: polish as MessageSchema },
    pluralRules: { pl: polishPlural },
  })
}

// Typed message keys everywhere: a misspelt key in a component is a type error.
declare module 'vue-i18n' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends MessageSchema {}
}
