import { shallowRef } from 'vue'
import { messageOf } from '../../src-shared/result'

/** What is being removed, whether the removal is under way, and why the last try failed. */
export interface Removal<T> {
  item: T
  busy: boolean
  error: string | null
}

/**
 * The "remove … ?" flow of a list: `ask` opens the confirmation for an item, `confirm` removes it (the dialog stays
 * open with the reason when that fails, so the user can try again or cancel), `cancel` closes it. After a removal
 * `done` runs (a notice, focus back on the list's heading).
 */
export function useRemoval<T>(
  remove: (item: T) => Promise<unknown>,
  done: (item: T) => void | Promise<void>,
) {
  const removing = shallowRef<Removal<T> | null>(null)

  function ask(item: T): void {
    removing.value = { item, busy: false, error: null }
  }
  function cancel(): void {
    removing.value = null
  }
  async function confirm(): Promise<void> {
    const r = removing.value
    if (!r) return
    removing.value = { ...r, busy: true, error: null }
    try {
      await remove(r.item)
      removing.value = null
      await done(r.item)
    } catch (err) {
      removing.value = { ...r, busy: false, error: messageOf(err) }
    }
  }
  return { removing, ask, cancel, confirm }
}
