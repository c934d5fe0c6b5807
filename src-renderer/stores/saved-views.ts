import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { SavedView, ViewPage } from '../../src-shared/views'
import { viewIdFor } from '../../src-shared/views'
import { useClient } from '../api'

type AgentsSpec = Pick<Extract<SavedView, { page: 'agents' }>, 'filter' | 'groupBy' | 'sort' | 'columns'>
type QueuesSpec = Pick<Extract<SavedView, { page: 'queues' }>, 'filter' | 'order'>
export type ViewSpec<P extends ViewPage> = P extends 'agents' ? AgentsSpec : QueuesSpec

/** The parts of a saved view that make what it shows (not its id, name or being the default). */
export function specOf(view: SavedView): AgentsSpec | QueuesSpec {
  return view.page === 'agents'
    ? { filter: view.filter, groupBy: view.groupBy, sort: view.sort, columns: view.columns }
    : { filter: view.filter, order: view.order }
}

/** Whether a page shows exactly what a saved view does (the menu marks it). */
export function sameSpec(a: AgentsSpec | QueuesSpec, b: AgentsSpec | QueuesSpec): boolean {
  const norm = (s: AgentsSpec | QueuesSpec): string => {
    const f = s.filter as Record<string, unknown>
    const filter = Object.fromEntries(
      Object.keys(f)
        .sort()
        .map((k) => [k, Array.isArray(f[k]) ? [...(f[k] as string[])].sort() : f[k]]),
    )
    return JSON.stringify({ ...s, filter })
  }
  return norm(a) === norm(b)
}

/**
 * The saved views (config `views`, docs/ARCHITECTURE.md §5): listed from main, kept current by `views:changed`,
 * saved and removed through main (validated there with the rest of the config).
 */
export const useSavedViewsStore = defineStore('savedViews', () => {
  const client = useClient()
  const list = shallowRef<SavedView[]>([])
  const loaded = ref(false)
  const error = ref<string | null>(null)
  const busy = ref(false)

  async function load(): Promise<void> {
    try {
      list.value = await client.invoke('views:list', null)
      loaded.value = true
      error.value = null
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
    }
  }

  let starts = 0
  let stop: (() => void) | null = null
  /** Load and follow changes; returns the disposer (shared by every page that shows views). */
  function start(): () => void {
    starts += 1
    if (starts === 1) {
      const off = client.on('views:changed', (p) => {
        list.value = p.views
        loaded.value = true
      })
      const offLink = client.link.onChange((s) => {
        if (s.state === 'open') void load()
      })
      stop = () => {
        off()
        offLink()
      }
      void load()
    }
    return () => {
      starts -= 1
      if (starts === 0) {
        stop?.()
        stop = null
      }
    }
  }

  const byPage = (page: ViewPage) => list.value.filter((v) => v.page === page)
  const defaultFor = (page: ViewPage): SavedView | null =>
    list.value.find((v) => v.page === page && v.default === true) ?? null

  async function run(change: () => Promise<SavedView[]>): Promise<boolean> {
    busy.value = true
    error.value = null
    try {
      list.value = await change()
      return true
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
      return false
    } finally {
      busy.value = false
    }
  }

  /** Save what a page shows under `name` (replacing the view of that name on the page, if there is one). */
  function saveAs<P extends ViewPage>(
    page: P,
    name: string,
    spec: ViewSpec<P>,
    opts: { default?: boolean } = {},
  ): Promise<boolean> {
    const fold = (s: string) => s.trim().toLowerCase()
    const same = list.value.find((v) => v.page === page && fold(v.name) === fold(name))
    const id = same?.id ?? viewIdFor(name, new Set(list.value.map((v) => v.id)))
    const view = {
      id,
      name: name.trim(),
      page,
      ...spec,
      ...(opts.default === true ? { default: true } : same?.default ? { default: true } : {}),
    }
    return run(() => client.invoke('views:save', { view: view as unknown as Record<string, unknown> }))
  }

  /** Make a view its page's default (or no longer the default). */
  function setDefault(view: SavedView, on: boolean): Promise<boolean> {
    const next = { ...view, default: on }
    return run(() => client.invoke('views:save', { view: next as unknown as Record<string, unknown> }))
  }

  function remove(view: SavedView): Promise<boolean> {
    return run(() => client.invoke('views:remove', { id: view.id }))
  }

  const count = computed(() => list.value.length)

  /** Pages that opened with (or past) their default view since the app started. */
  const defaultsTaken = new Set<ViewPage>()
  /** The page's default view the first time it asks after the list is loaded; null after (or without one). */
  function takeDefault(page: ViewPage): SavedView | null {
    if (!loaded.value || defaultsTaken.has(page)) return null
    defaultsTaken.add(page)
    return defaultFor(page)
  }

  return {
    list,
    loaded,
    error,
    busy,
    count,
    load,
    start,
    byPage,
    defaultFor,
    takeDefault,
    saveAs,
    setDefault,
    remove,
  }
})
