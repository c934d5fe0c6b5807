/**
 * Opt-in timing for the performance benchmark (bench/renderer.ts): only when the page URL has `?perf`. A measure
 * runs from the start of an update (a patch applied, a history refresh) until the next frame is painted, so it holds
 * the update's work, Vue's flush, requestAnimationFrame callbacks (chart painting) and style, layout and paint, but
 * not the idle time spent waiting for the frame to begin. Each is published as a `performance.measure` for a
 * PerformanceObserver and cleared at once, so the timeline does not grow all day.
 */
import { nextTick } from 'vue'

function perfEnabled(): boolean {
  try {
    return typeof location !== 'undefined' && new URLSearchParams(location.search).has('perf')
  } catch {
    return false
  }
}

const enabled = perfEnabled()

export type PerfName = 'fw:patch' | 'fw:history' | 'fw:chart-frame'

const noop = (): void => {}

/**
 * Call right before applying an update; call what it returns right after the state changed (so Vue's flush is
 * already scheduled and is counted). Costs nothing unless `?perf` is set.
 */
export function startMeasure(name: PerfName): () => void {
  if (!enabled) return noop
  const start = performance.now()
  return () => {
    void nextTick(() => {
      const workEnd = performance.now()
      requestAnimationFrame((frameStart) => {
        setTimeout(() => {
          const end = performance.now()
          // From the start to after paint, less the time the thread sat idle waiting for the frame to begin (when
          // the frame began during the work, nothing is idle and nothing is taken off).
          const idle = Math.max(0, frameStart - workEnd)
          const detail = { work: workEnd - start, frame: end - Math.max(frameStart, workEnd), idle }
          performance.measure(name, { start, duration: end - start - idle, detail })
          performance.clearMeasures(name)
        }, 0)
      })
    })
  }
}

/**
 * For work done inside an animation frame (charts drawn in requestAnimationFrame): from now until after that
 * frame is painted.
 */
export function startFrameMeasure(name: PerfName): () => void {
  if (!enabled) return noop
  const start = performance.now()
  return () => {
    setTimeout(() => {
      performance.measure(name, { start, duration: performance.now() - start })
      performance.clearMeasures(name)
    }, 0)
  }
}

/**
 * Hand the benchmark something of the page's (the option a chart last drew, ECharts' init), to measure its floor
 * with the same library and the same points in the same page. Does nothing unless `?perf` is set.
 */
export function exposeForBench(key: string, value: unknown): void {
  if (!enabled) return
  const w = window as unknown as { __fwPerf?: Record<string, unknown> }
  ;(w.__fwPerf ??= {})[key] = value
}
