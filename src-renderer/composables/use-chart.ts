import { useDocumentVisibility, useElementSize, useIntersectionObserver } from '@vueuse/core'
import type { ComputedRef, Ref } from 'vue'
import { computed, markRaw, onBeforeUnmount, onMounted, ref, shallowRef, watch } from 'vue'
import type { EChartsType } from '../charts/echarts'
import { initChart, shareSeriesData } from '../charts/echarts'
import type { TrendOption } from '../charts/trend-option'
import { exposeForBench, startFrameMeasure } from '../perf'

/** Milliseconds of chart drawing a frame may take before the remaining charts wait for the next frame. */
const FRAME_BUDGET_MS = 6

/**
 * Charts waiting to be drawn. A history refresh changes every chart on screen at once; drawing them all in one task
 * would hold up a frame for as long as all of them take, so they are drawn in animation frames, as many per frame
 * as fit in {@link FRAME_BUDGET_MS} (at least one).
 */
const pending = new Set<() => void>()
let frameRequested = false

function drawPending(): void {
  frameRequested = false
  const measured = startFrameMeasure('fw:chart-frame')
  const start = performance.now()
  for (const draw of pending) {
    pending.delete(draw)
    draw()
    if (performance.now() - start > FRAME_BUDGET_MS) break
  }
  measured()
  if (pending.size > 0) requestDraw()
}

function requestDraw(): void {
  if (frameRequested) return
  frameRequested = true
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(drawPending)
  else setTimeout(drawPending, 0)
}

/**
 * One ECharts instance on `target`, kept out of Vue's reactivity (shallowRef + markRaw) and disposed on unmount.
 * The option is applied only while the chart can be seen: with the page hidden or the chart scrolled off-screen
 * nothing is drawn, and the latest option is applied when it comes back into view. Drawing happens in an animation
 * frame, shared fairly between the charts on screen. The instance is created once the element has a size (ECharts
 * cannot lay out a 0×0 element).
 */
export function useChart(target: Ref<HTMLElement | null>, option: ComputedRef<TrendOption | null>) {
  const chart = shallowRef<EChartsType | null>(null)
  // The border box: a chart fills its element, and ECharts measures it again when resized.
  const { width, height } = useElementSize(target, { width: 0, height: 0 }, { box: 'border-box' })
  const onScreen = ref(true)
  const visibility = useDocumentVisibility()
  const pageVisible = computed(() => visibility.value !== 'hidden')
  /** How many times an option was applied (tests and the benchmark read it). */
  const applied = ref(0)
  let optionDirty = true
  let sizeDirty = false

  /** Ask for a draw in the next frame, if there is anything to draw and the chart can be seen. */
  function flush(): void {
    if (!target.value || !onScreen.value || !pageVisible.value) return
    if (!optionDirty && !sizeDirty && chart.value) return
    pending.add(draw)
    requestDraw()
  }

  function draw(): void {
    const el = target.value
    if (!el || !onScreen.value || !pageVisible.value) return
    if (!chart.value) {
      if (width.value === 0 || height.value === 0) return
      chart.value = markRaw(initChart(el, null, { renderer: 'canvas' }))
      optionDirty = true
      sizeDirty = false
    }
    if (sizeDirty) {
      chart.value.resize()
      sizeDirty = false
    }
    if (optionDirty) {
      const o = option.value
      if (!o) return
      shareSeriesData(o)
      // Series and axes are replaced, not merged by index, so a line or axis that went away does not linger.
      chart.value.setOption(o, { replaceMerge: ['series', 'yAxis'] })
      const name = el.closest('[data-testid]')?.getAttribute('data-testid') ?? 'chart'
      exposeForBench(`chart:${name}`, {
        option: o,
        width: el.clientWidth,
        height: el.clientHeight,
        init: initChart,
      })
      optionDirty = false
      applied.value += 1
    }
  }

  watch(option, () => {
    optionDirty = true
    flush()
  })
  watch([width, height], () => {
    sizeDirty = true
    flush()
  })

  // At once, so the chart is drawn in the first frame after the page shows again.
  watch(pageVisible, flush, { flush: 'sync' })
  useIntersectionObserver(target, (entries) => {
    const entry = entries.at(-1)
    if (!entry) return
    onScreen.value = entry.isIntersecting
    flush()
  })

  onMounted(flush)
  onBeforeUnmount(() => {
    pending.delete(draw)
    chart.value?.dispose()
    chart.value = null
  })

  return { chart, applied, onScreen, pageVisible }
}
