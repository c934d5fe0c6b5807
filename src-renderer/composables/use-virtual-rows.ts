import { useElementSize } from '@vueuse/core'
import { computed, onBeforeUnmount, ref, watch, type ComputedRef, type Ref } from 'vue'

/** Rows drawn above and below the viewport, so a fast scroll does not show blank space for a frame. */
const OVERSCAN = 8
/** Used until the viewport has been measured (and where layout does not exist, as in tests). */
const FALLBACK_HEIGHT = 720

export interface VirtualRows<T> {
  /** Bind as the scrolling element's template ref (`ref="viewport"`). */
  viewport: Ref<HTMLElement | null>
  /** The rows in view plus the overscan, each with its index in the whole list (its offset is index × rowHeight). */
  visible: ComputedRef<{ item: T; index: number }[]>
  /** Bind to the viewport's `@scroll.passive`: reads the position at most once a frame. */
  onScroll: () => void
}

/**
 * A virtualized list of fixed-height rows (the Agents board and the By person board): only the rows in view are in
 * the DOM, so a 10,000-agent floor costs the same to draw as a screenful. `resetKey` changing (a new filter) scrolls
 * back to the top.
 */
export function useVirtualRows<T>(
  items: () => readonly T[],
  rowHeight: number,
  resetKey: () => unknown,
): VirtualRows<T> {
  const viewport = ref<HTMLElement | null>(null)
  const { height } = useElementSize(viewport)
  const scrollTop = ref(0)

  let frame: number | null = null
  function onScroll(): void {
    if (frame !== null) return
    frame = requestAnimationFrame(() => {
      frame = null
      scrollTop.value = viewport.value?.scrollTop ?? 0
    })
  }
  onBeforeUnmount(() => {
    if (frame !== null) cancelAnimationFrame(frame)
  })

  watch(resetKey, () => {
    if (viewport.value) viewport.value.scrollTop = 0
    scrollTop.value = 0
  })

  const visible = computed(() => {
    const list = items()
    const h = height.value > 0 ? height.value : FALLBACK_HEIGHT
    const top = Math.min(scrollTop.value, Math.max(0, list.length * rowHeight - h))
    const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN)
    const last = Math.min(list.length, Math.ceil((top + h) / rowHeight) + OVERSCAN)
    return list.slice(first, last).map((item, i) => ({ item, index: first + i }))
  })

  return { viewport, visible, onScroll }
}
