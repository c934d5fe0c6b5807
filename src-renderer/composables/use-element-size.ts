import type { Ref } from 'vue'
import { onBeforeUnmount, onMounted, ref } from 'vue'

/** The one ResizeObserver wrapper: the content-box size of `target`, kept current until unmount. */
export function useElementSize(target: Ref<HTMLElement | null>) {
  const width = ref(0)
  const height = ref(0)
  let observer: ResizeObserver | null = null

  const measure = (el: HTMLElement): void => {
    width.value = el.clientWidth
    height.value = el.clientHeight
  }

  onMounted(() => {
    const el = target.value
    if (!el) return
    measure(el)
    if (typeof ResizeObserver === 'undefined') return
    observer = new ResizeObserver(() => measure(el))
    observer.observe(el)
  })
  onBeforeUnmount(() => {
    observer?.disconnect()
    observer = null
  })

  return { width, height }
}
