import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { EventPayloads } from '../../src-shared/ipc/contract'
import { useClient } from '../api'

export const VIEW_IDS = [
  'overview',
  'agents',
  'queues',
  'messages',
  'alerts',
  'connections',
  'wallboard',
] as const
export type ViewId = (typeof VIEW_IDS)[number]

/** `#/agents` → 'agents'; anything unknown is the overview. */
export function viewFromHash(hash: string): ViewId {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? ''
  return VIEW_IDS.find((v) => v === name) ?? 'overview'
}

export function hashFor(view: ViewId): string {
  return `#/${view}`
}

/** Views requested by main (tray menu, notification click) that this board does not have yet open the overview. */
function viewForNavigate(view: EventPayloads['app:navigate']['view']): ViewId {
  return VIEW_IDS.find((v) => v === view) ?? 'overview'
}

/**
 * Which view is shown. The hash is the source of truth (`#/agents`), so back/forward, reload and bookmarks work
 * in a browser wallboard as well as in the app.
 */
export const useRouteStore = defineStore('route', () => {
  const client = useClient()
  const view = ref<ViewId>(viewFromHash(window.location.hash))

  function go(next: ViewId): void {
    view.value = next
    // Compared by view, so a view's own parameters (`#/wallboard?views=…`) are not dropped.
    if (viewFromHash(window.location.hash) !== next) window.location.hash = hashFor(next)
  }

  function start(): () => void {
    const onHash = (): void => {
      view.value = viewFromHash(window.location.hash)
    }
    window.addEventListener('hashchange', onHash)
    const offNavigate = client.on('app:navigate', (payload) => go(viewForNavigate(payload.view)))
    onHash()
    return () => {
      window.removeEventListener('hashchange', onHash)
      offNavigate()
    }
  }

  return { view, go, start }
})
