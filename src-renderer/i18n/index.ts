import { createI18n } from 'vue-i18n'
import en from './en'
import type { MessageSchema } from './en'

export type { MessageSchema } from './en'

/** Languages with messages; a preference for one without messages falls back to English. */
export const LOCALES = ['en'] as const
export type Locale = (typeof LOCALES)[number]

export function createAppI18n(locale: string = 'en') {
  return createI18n<[MessageSchema], Locale, false>({
    legacy: false,
    locale: LOCALES.find((l) => l === locale) ?? 'en',
    fallbackLocale: 'en',
    messages: { en },
  })
}

// Typed message keys everywhere: a misspelt key in a component is a type error.
declare module 'vue-i18n' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  export interface DefineLocaleMessage extends MessageSchema {}
}
