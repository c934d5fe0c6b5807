import { describe, expect, it } from 'vitest'
import type { LineSeriesOption } from 'echarts/charts'
import type { TrendLine, TrendOptionInput } from './trend-option'
import { buildTrendOption, durationAxis, trendFacts } from './trend-option'

const palette = { text: '#111', muted: '#555', grid: '#ddd', surface: '#fff' }
const waiting: TrendLine = {
  name: 'Waiting',
  unit: 'count',
  color: '#0a5fa6',
  points: [
    [1000, 2],
    [2000, null],
    [3000, 4],
  ],
}
const longest: TrendLine = {
  name: 'Longest wait',
  unit: 'duration',
  color: '#b84e00',
  dash: 'dashed',
  points: [
    [1000, 30],
    [2000, null],
    [3000, 95],
  ],
}

function input(over: Partial<TrendOptionInput> = {}): TrendOptionInput {
  return {
    lines: [waiting, longest],
    from: 0,
    to: 3600_000,
    palette,
    formatTime: (t) => `t${t}`,
    formatCount: (n) => `n${n}`,
    formatDuration: (s) => `${s}s`,
    ...over,
  }
}

const seriesOf = (o: ReturnType<typeof buildTrendOption>) => o.series as LineSeriesOption[]

describe('buildTrendOption', () => {
  it('draws lines without animation, symbols or bridged gaps, sampled with LTTB', () => {
    const o = buildTrendOption(input())
    expect(o.animation).toBe(false)
    const series = seriesOf(o)
    expect(series).toHaveLength(2)
    // Ids by place, the same at every build: a redraw updates the series there instead of building new ones.
    expect(series.map((s) => s.id)).toEqual(['line-0', 'line-1'])
    expect(seriesOf(buildTrendOption(input())).map((s) => s.id)).toEqual(['line-0', 'line-1'])
    for (const s of series) {
      expect(s).toMatchObject({
        type: 'line',
        showSymbol: false,
        symbol: 'none',
        sampling: 'lttb',
        connectNulls: false,
        animation: false,
      })
    }
    // null points go through untouched: they are the gaps
    expect(series[0]?.data).toEqual([
      [1000, 2],
      [2000, null],
      [3000, 4],
    ])
  })

  it('spans the whole window on a time axis, labelled by the formatter', () => {
    const o = buildTrendOption(input({ from: 500, to: 9000 }))
    const x = o.xAxis as {
      type: string
      min: number
      max: number
      axisLabel: { formatter: (v: number) => string }
    }
    expect(x).toMatchObject({ type: 'time', min: 500, max: 9000 })
    expect(x.axisLabel.formatter(1234)).toBe('t1234')
  })

  it('puts counts on the left axis and durations on the right, each in its own format', () => {
    const o = buildTrendOption(input())
    const y = o.yAxis as { position: string; axisLabel: { formatter: (v: number) => string } }[]
    expect(y.map((a) => a.position)).toEqual(['left', 'right'])
    expect(y[0]?.axisLabel.formatter(3)).toBe('n3')
    expect(y[1]?.axisLabel.formatter(90)).toBe('90s')
    const series = seriesOf(o)
    expect(series.map((s) => s.yAxisIndex)).toEqual([0, 1])
    const fmt = series[1]?.tooltip as { valueFormatter: (v: unknown) => string }
    expect(fmt.valueFormatter(61)).toBe('61s')
    expect(fmt.valueFormatter(null)).toBe('—')
  })

  it('uses one axis when every line has the same unit', () => {
    const o = buildTrendOption(input({ lines: [longest] }))
    expect(o.yAxis).toHaveLength(1)
    expect(seriesOf(o)[0]?.yAxisIndex).toBe(0)
  })

  it('leaves room for the axis labels without measuring them, and no legend inside the chart', () => {
    const two = buildTrendOption(input()).grid as { left: number; right: number; containLabel: boolean }
    expect(two).toMatchObject({ containLabel: false })
    // counts on the left are short; durations on the right run to hours
    expect(two.right).toBeGreaterThan(two.left)
    const counts = buildTrendOption(input({ lines: [waiting] })).grid as { right: number }
    expect(counts.right).toBeLessThan(two.right)
    expect(buildTrendOption(input()).legend).toBeUndefined()
  })

  it('tells lines apart by style as well as colour', () => {
    const series = seriesOf(buildTrendOption(input()))
    expect(series.map((s) => s.lineStyle?.type)).toEqual(['solid', 'dashed'])
    expect(series.map((s) => s.lineStyle?.color)).toEqual(['#0a5fa6', '#b84e00'])
  })

  it('drops the tooltip and enlarges type and lines on a wallboard', () => {
    const small = buildTrendOption(input())
    const large = buildTrendOption(input({ large: true }))
    expect((small.tooltip as { trigger: string }).trigger).toBe('axis')
    expect((large.tooltip as { show: boolean }).show).toBe(false)
    expect(seriesOf(large)[0]?.lineStyle?.width).toBeGreaterThan(
      seriesOf(small)[0]?.lineStyle?.width as number,
    )
    expect((large.textStyle as { fontSize: number }).fontSize).toBeGreaterThan(
      (small.textStyle as { fontSize: number }).fontSize,
    )
  })

  it('handles 10 series of 720 points by passing the data through, not copying it point by point', () => {
    const lines = Array.from({ length: 10 }, (_, i): TrendLine => ({
      name: `s${i}`,
      unit: 'count',
      color: '#000',
      points: Array.from({ length: 720 }, (_, k): [number, number | null] => [
        k * 5000,
        k % 50 === 0 ? null : k,
      ]),
    }))
    const series = seriesOf(buildTrendOption(input({ lines })))
    expect(series).toHaveLength(10)
    expect(series[3]?.data).toBe(lines[3]?.points)
  })
})

describe('durationAxis', () => {
  it('steps in round seconds, minutes and hours', () => {
    expect(durationAxis(null)).toEqual({ max: 10, interval: 10 })
    expect(durationAxis(45)).toEqual({ max: 45, interval: 15 })
    expect(durationAxis(95)).toEqual({ max: 120, interval: 60 })
    expect(durationAxis(1_000)).toEqual({ max: 1_200, interval: 600 })
    // 5:14:27 → 0, 2 h, 4 h, 6 h
    expect(durationAxis(18_867)).toEqual({ max: 21_600, interval: 7_200 })
    expect(durationAxis(200_000)).toEqual({ max: 205_200, interval: 68_400 })
  })

  it('is applied to the duration axis from the longest value drawn', () => {
    const y = buildTrendOption(input()).yAxis as { max?: number; interval?: number }[]
    // longest wait peaks at 95 s
    expect(y[1]).toMatchObject({ max: 120, interval: 60 })
    expect(y[0]?.max).toBeUndefined()
  })
})

describe('trendFacts', () => {
  it('reports the current value and the peak of each line; a line ending in a gap has no current value', () => {
    expect(trendFacts([waiting, { ...longest, points: [...longest.points, [4000, null]] }])).toEqual([
      { name: 'Waiting', unit: 'count', now: 4, peak: 4 },
      { name: 'Longest wait', unit: 'duration', now: null, peak: 95 },
    ])
    expect(trendFacts([{ ...waiting, points: [] }])).toEqual([
      { name: 'Waiting', unit: 'count', now: null, peak: null },
    ])
  })
})
