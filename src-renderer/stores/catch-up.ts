import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CatchUp } from '../../src-shared/live'
import { useClient } from '../api'

/** How many catch-up notices are kept (newest first). */
export const MAX_CATCH_UPS = 5

/**
 * "While you were away" notices (`app:catchup`): what a connection's counters show happened during a gap in its
 * data. They stay until dismissed.
 */
export const useCatchUpStore = defineStore('catchUp', () => {
  const client = useClient()
  let nextId = 1
  const items = ref<{ id: number; catchUp: CatchUp }[]>([])

  function add(catchUp: CatchUp): void {
    items.value = [{ id: nextId++, catchUp }, ...items.value].slice(0, MAX_CATCH_UPS)
  }

  function dismiss(id: number): void {
    items.value = items.value.filter((i) => i.id !== id)
  }

  function dismissAll(): void {
    items.value = []
  }

  /** Listen for catch-ups; returns the disposer. */
  function start(): () => void {
    return client.on('app:catchup', add)
  }

  return { items, add, dismiss, dismissAll, start }
})
