import { computed, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { TrendRange } from '../charts/ranges'
import { buildTrendOption, trendFacts, type TrendLine } from '../charts/trend-option'
import { usePrefsStore } from '../stores/prefs'
import { useChart } from './use-chart'
import { useFormat } from './use-format'

/**
 * A trend chart of some lines over [from, to]: the ECharts option in the board's colours and language, drawn into
 * `el`, and what the picture says in words for its accessible name (each line's latest value and peak), or that it
 * has no data. Every trend on the board draws through here, so they read and sound the same.
 */
export function useTrendChart(o: {
  el: Ref<HTMLElement | null>
  lines: Ref<TrendLine[]>
  from: Ref<number>
  to: Ref<number>
  range: () => TrendRange
  large: () => boolean
}) {
  const { t, locale } = useI18n()
  const f = useFormat()
  const prefs = usePrefsStore()

  const timeFormat = computed(
    () => new Intl.DateTimeFormat(locale.value, { hour: 'numeric', minute: '2-digit' }),
  )
  const option = computed(() => {
    const c = prefs.chartColors
    return buildTrendOption({
      lines: o.lines.value,
      from: o.from.value,
      to: o.to.value,
      palette: { text: c.text, muted: c.muted, grid: c.grid, surface: c.surface },
      formatTime: (v) => timeFormat.value.format(v),
      formatCount: (n) => f.count(n),
      formatDuration: (s) => f.duration(s),
      large: o.large(),
    })
  })
  useChart(o.el, option)

  const empty = computed(() => o.lines.value.every((l) => l.points.every(([, v]) => v === null)))
  const label = computed(() => {
    const range = t(`trend.range.${o.range()}`)
    if (empty.value) return t('trend.summaryEmpty', { range })
    const parts = trendFacts(o.lines.value).map((fact) => {
      const fmt = (v: number | null) => (fact.unit === 'duration' ? f.duration(v) : f.count(v))
      return t('trend.summaryLine', { name: fact.name, now: fmt(fact.now), peak: fmt(fact.peak) })
    })
    return t('trend.summary', { range, lines: parts.join('; ') })
  })
  return { empty, label }
}
