import { useI18n } from 'vue-i18n'
import { ageParts, formatClock } from '../../src-shared/format/duration'

/** Number, percentage, duration and age formatting in the UI language; unknown (`null`) is always "—". */
export function useFormat() {
  const { t, locale } = useI18n()
  const none = (): string => t('common.none')
  const counts = new Map<string, Intl.NumberFormat>()
  const numberFormat = (): Intl.NumberFormat => {
    let f = counts.get(locale.value)
    if (!f) {
      f = new Intl.NumberFormat(locale.value, { maximumFractionDigits: 0 })
      counts.set(locale.value, f)
    }
    return f
  }

  return {
    count: (n: number | null | undefined): string =>
      n === null || n === undefined ? none() : numberFormat().format(n),
    percent: (n: number | null | undefined): string =>
      n === null || n === undefined ? none() : t('common.percent', { value: numberFormat().format(n) }),
    duration: (sec: number | null | undefined): string => formatClock(sec ?? null, none()),
    age: (ms: number): string => {
      const { n, unit } = ageParts(ms)
      return t(`age.${unit}`, { n })
    },
  }
}
