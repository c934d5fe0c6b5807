// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { computed, defineComponent, h, nextTick, ref } from 'vue'
import type { TrendOption } from '../charts/trend-option'
import { useChart } from './use-chart'

const chart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() }
vi.mock('../charts/echarts', () => ({ initChart: vi.fn(() => chart), shareSeriesData: vi.fn() }))

// happy-dom has no layout: give elements a size so the chart can be created.
let size = { w: 300, h: 120 }
const widthDesc = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetWidth')
const heightDesc = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight')

const version = ref(1)
const Host = defineComponent({
  setup() {
    const el = ref<HTMLElement | null>(null)
    const option = computed<TrendOption>(() => ({ series: [{ type: 'line', data: [[version.value, 1]] }] }))
    const { applied } = useChart(el, option)
    return () => h('div', { ref: el, 'data-applied': applied.value })
  },
})

/** Charts are drawn in the next animation frame. */
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()))

function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}

describe('useChart', () => {
  beforeEach(() => {
    size = { w: 300, h: 120 }
    Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { get: () => size.w, configurable: true })
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { get: () => size.h, configurable: true })
    chart.setOption.mockClear()
    chart.dispose.mockClear()
    setVisibility('visible')
  })
  afterEach(() => {
    if (widthDesc) Object.defineProperty(HTMLElement.prototype, 'offsetWidth', widthDesc)
    if (heightDesc) Object.defineProperty(HTMLElement.prototype, 'offsetHeight', heightDesc)
  })

  it('applies the option on mount and on every change, replacing series rather than merging them', async () => {
    const wrapper = mount(Host)
    expect(chart.setOption).not.toHaveBeenCalled()
    await frame()
    expect(chart.setOption).toHaveBeenCalledTimes(1)
    expect(chart.setOption.mock.calls[0]?.[1]).toEqual({ replaceMerge: ['series', 'yAxis'] })
    version.value += 1
    await nextTick()
    await frame()
    expect(chart.setOption).toHaveBeenCalledTimes(2)
    wrapper.unmount()
  })

  it('draws nothing while the page is hidden, then the latest option once it is visible', async () => {
    const wrapper = mount(Host)
    await frame()
    setVisibility('hidden')
    version.value += 1
    await nextTick()
    version.value += 1
    await nextTick()
    await frame()
    expect(chart.setOption).toHaveBeenCalledTimes(1)
    setVisibility('visible')
    await frame()
    expect(chart.setOption).toHaveBeenCalledTimes(2)
    expect(chart.setOption.mock.calls[1]?.[0]).toEqual({
      series: [{ type: 'line', data: [[version.value, 1]] }],
    })
    wrapper.unmount()
  })

  it('waits for a size before creating the chart, and disposes it on unmount', async () => {
    size = { w: 0, h: 0 }
    const wrapper = mount(Host)
    await frame()
    expect(chart.setOption).not.toHaveBeenCalled()
    wrapper.unmount()
    expect(chart.dispose).not.toHaveBeenCalled()

    size = { w: 300, h: 120 }
    const again = mount(Host)
    await frame()
    again.unmount()
    expect(chart.dispose).toHaveBeenCalledTimes(1)
  })

  it('draws charts a few per frame, so a refresh of many charts never holds up one frame for all of them', async () => {
    // Each draw "takes" 10 ms, more than a frame's share: the second chart waits for the next frame.
    let clock = 0
    const now = vi.spyOn(performance, 'now').mockImplementation(() => clock)
    chart.setOption.mockImplementation(() => {
      clock += 10
    })
    const a = mount(Host)
    const b = mount(Host)
    await frame()
    expect(chart.setOption).toHaveBeenCalledTimes(1)
    await frame()
    expect(chart.setOption).toHaveBeenCalledTimes(2)
    a.unmount()
    b.unmount()
    now.mockRestore()
    chart.setOption.mockReset()
  })
})
