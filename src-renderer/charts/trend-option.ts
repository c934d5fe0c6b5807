/**
 * Pure builders for the trend charts (no DOM, tested in Node). Charts are drawn for a board that updates all day:
 * no animation, no point symbols, LTTB sampling down to the pixel width, and gaps (null points: no data then)
 * left as gaps, never bridged, so a supervisor never reads an outage as a flat line.
 */
import type { LineSeriesOption } from 'echarts/charts'
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import type { Point } from './history-merge'

export type TrendOption = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption>

export type TrendUnit = 'count' | 'duration'

export interface TrendLine {
  /** Legend and tooltip name. */
  name: string
  points: readonly Point[]
  unit: TrendUnit
  color: string
  /** Line style, so lines differ in more than colour (default solid). */
  dash?: 'solid' | 'dashed' | 'dotted'
}

/** Concrete colours (a canvas cannot read CSS variables), taken from the theme where the chart is drawn. */
export interface TrendPalette {
  text: string
  muted: string
  grid: string
  surface: string
}

export interface TrendOptionInput {
  lines: readonly TrendLine[]
  /** The window, epoch ms: the axis always spans it, so an empty stretch reads as "no data then". */
  from: number
  to: number
  palette: TrendPalette
  formatTime: (t: number) => string
  formatCount: (n: number) => string
  formatDuration: (sec: number) => string
  /** Wallboard: larger type and lines, no tooltip (nobody hovers a TV). */
  large?: boolean
}

/** Steps a duration axis may use, seconds: round minutes and hours, never "33:20". */
const DURATION_STEPS = [10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200]

/**
 * A duration axis with round steps: the smallest step from {@link DURATION_STEPS} that covers `maxSec` in at most
 * `splits` steps, and the axis maximum as a whole number of steps.
 */
export function durationAxis(maxSec: number | null, splits = 3): { max: number; interval: number } {
  const m = Math.max(maxSec ?? 0, 1)
  const interval = DURATION_STEPS.find((s) => s * splits >= m) ?? Math.ceil(m / splits / 3_600) * 3_600
  return { max: interval * Math.max(1, Math.ceil(m / interval)), interval }
}

function axisFor(unit: TrendUnit, units: TrendUnit[]): number {
  return Math.max(0, units.indexOf(unit))
}

export function buildTrendOption(input: TrendOptionInput): TrendOption {
  const { palette, large = false } = input
  const units: TrendUnit[] = []
  for (const l of input.lines) if (!units.includes(l.unit)) units.push(l.unit)
  if (units.length === 0) units.push('count')
  const fontSize = large ? 16 : 11
  const format = (unit: TrendUnit, v: number): string =>
    unit === 'duration' ? input.formatDuration(v) : input.formatCount(v)
  let longest: number | null = null
  for (const l of input.lines)
    if (l.unit === 'duration')
      for (const [, v] of l.points) if (v !== null && (longest === null || v > longest)) longest = v
  const durationScale = durationAxis(longest)
  // Fixed margins sized for the axis labels (counts are short; durations run to "6:00:00") instead of
  // containLabel, which measures every label at every update. Lines are named by an HTML legend beside the chart
  // (TrendLegend.vue), which costs nothing to redraw and is read by screen readers.
  const axisWidth = (unit: TrendUnit | undefined): number =>
    unit === undefined ? (large ? 16 : 10) : unit === 'duration' ? (large ? 84 : 52) : large ? 48 : 32

  return {
    animation: false,
    textStyle: { color: palette.text, fontSize },
    grid: {
      left: axisWidth(units[0]),
      right: axisWidth(units[1]),
      top: large ? 14 : 10,
      bottom: large ? 30 : 20,
      containLabel: false,
    },
    tooltip: large
      ? { show: false }
      : {
          trigger: 'axis',
          confine: true,
          backgroundColor: palette.surface,
          borderColor: palette.grid,
          textStyle: { color: palette.text, fontSize: 12 },
          axisPointer: { type: 'line', lineStyle: { color: palette.muted } },
        },
    xAxis: {
      type: 'time',
      min: input.from,
      max: input.to,
      splitNumber: large ? 6 : 3,
      axisLine: { lineStyle: { color: palette.grid } },
      axisTick: { show: false },
      splitLine: { show: false },
      axisLabel: {
        color: palette.muted,
        fontSize,
        hideOverlap: true,
        formatter: (v: number) => input.formatTime(v),
      },
    },
    yAxis: units.map((unit, i) => ({
      type: 'value' as const,
      position: i === 0 ? ('left' as const) : ('right' as const),
      min: 0,
      minInterval: 1,
      splitNumber: 3,
      ...(unit === 'duration' ? durationScale : {}),
      axisLine: { show: false },
      axisTick: { show: false },
      splitLine: { show: i === 0, lineStyle: { color: palette.grid } },
      axisLabel: { color: palette.muted, fontSize, formatter: (v: number) => format(unit, v) },
    })),
    series: input.lines.map((line, i): LineSeriesOption => ({
      type: 'line',
      // By place: a redraw (setOption with replaceMerge) updates the series already there instead of building each
      // series anew, which was most of a 10 × 720-point redraw (docs/BENCHMARKS.md, charts). Every field is set
      // at every redraw, so nothing of the line that had this place before lingers.
      id: `line-${i}`,
      name: line.name,
      yAxisIndex: axisFor(line.unit, units),
      data: line.points as Point[],
      showSymbol: false,
      symbol: 'none',
      sampling: 'lttb',
      connectNulls: false,
      animation: false,
      lineStyle: { color: line.color, width: large ? 3 : 1.6, type: line.dash ?? 'solid' },
      itemStyle: { color: line.color },
      emphasis: { disabled: true },
      tooltip: { valueFormatter: (v) => (typeof v === 'number' ? format(line.unit, v) : '—') },
    })),
  }
}

export interface TrendFacts {
  name: string
  unit: TrendUnit
  now: number | null
  peak: number | null
}

/**
 * What a chart shows, in words, for its accessible name: the current value and the peak of each line over the
 * window. A screen reader gets the trend's point without reading a canvas.
 */
export function trendFacts(lines: readonly TrendLine[]): TrendFacts[] {
  return lines.map((l) => {
    let peak: number | null = null
    for (const [, v] of l.points) if (v !== null && (peak === null || v > peak)) peak = v
    return { name: l.name, unit: l.unit, now: l.points.at(-1)?.[1] ?? null, peak }
  })
}
