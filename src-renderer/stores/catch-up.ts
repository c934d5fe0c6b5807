import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CatchUp } from '../../src-shared/live'
import { useClient } from '../api'
import { loadObject, saveObject } from './local-storage'

/** How many catch-up notices are shown (newest first). */
export const MAX_CATCH_UPS = 5
export const DISMISSED_CATCH_UPS_KEY = 'floorwalker.catchups.dismissed.v1'
/** Dismissed ids remembered (main keeps at most 20 summaries). */
const DISMISSED_KEPT = 100

/**
 * "While you were away" notices: what a connection's counters show happened during a gap in its data. Main keeps
 * them (`catchups:list`), so a board opened after the gap, or reloaded, still shows them; new ones arrive as
 * `app:catchup`. One per gap per connection (by id). Each board dismisses them for itself, and remembers that.
 */
export const useCatchUpStore = defineStore('catchUp', () => {
  const client = useClient()
  const items = ref<{ id: string; catchUp: CatchUp }[]>([])
  const stored = loadObject(DISMISSED_CATCH_UPS_KEY)?.ids
  const dismissed = new Set<string>(Array.isArray(stored) ? stored.filter((v) => typeof v === 'string') : [])

  function add(catchUp: CatchUp): void {
    if (dismissed.has(catchUp.id) || items.value.some((i) => i.id === catchUp.id)) return
    items.value = [{ id: catchUp.id, catchUp }, ...items.value]
      .sort((a, b) => b.catchUp.to - a.catchUp.to)
      .slice(0, MAX_CATCH_UPS)
  }

  function remember(): void {
    saveObject(DISMISSED_CATCH_UPS_KEY, { ids: [...dismissed].slice(-DISMISSED_KEPT) })
  }

  function dismiss(id: string): void {
    dismissed.add(id)
    remember()
    items.value = items.value.filter((i) => i.id !== id)
  }

  function dismissAll(): void {
    for (const i of items.value) dismissed.add(i.id)
    remember()
    items.value = []
  }

  /** Load what main holds and listen for new ones; returns the disposer. */
  function start(): () => void {
    const off = client.on('app:catchup', add)
    void client.invoke('catchups:list', null).then(
      (list) => list.forEach(add),
      // An older main, or the link down: new ones still arrive.
      () => undefined,
    )
    return off
  }

  return { items, add, dismiss, dismissAll, start }
})
