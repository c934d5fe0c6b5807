/**
 * ECharts, modular: only the line chart, the components the trends use and the canvas renderer are bundled
 * (the full build is several times larger).
 */
import { LineChart } from 'echarts/charts'
import { GridComponent, TooltipComponent } from 'echarts/components'
import { init, use, zrUtil } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'

use([LineChart, GridComponent, TooltipComponent, CanvasRenderer])

export { init as initChart }

/**
 * Mark series data so ECharts takes it as it is instead of deep-copying it: setOption clones the option, and for a
 * line of 720 [time, value] pairs that copy is most of an update. Line series do not modify their data, and the
 * arrays come from the history store, which replaces them rather than changing them.
 */
export function shareSeriesData(option: { series?: unknown }): void {
  const series = Array.isArray(option.series) ? option.series : [option.series]
  for (const s of series as { data?: unknown }[]) if (Array.isArray(s?.data)) zrUtil.setAsPrimitive(s.data)
}
export type { EChartsType } from 'echarts/core'
