import { onScopeDispose, shallowRef, watch, type Ref } from 'vue'
import type { AgentRow } from '../../src-shared/live'
import { useLiveStore } from '../stores/live'

/** How often an open agent drawer asks for the agent's whole row (today's seconds and the vendor's fields). */
export const FULL_ROW_EVERY_MS = 5_000

/**
 * An agent's whole row (`live:row`: `raw` and today's seconds, which the live view does not send with every
 * tick), fetched when the key changes and every {@link FULL_ROW_EVERY_MS} while the caller lives; null until the
 * first answer. Stops with the component that uses it.
 */
export function useFullAgentRow(key: Ref<string>): Ref<AgentRow | null> {
  const live = useLiveStore()
  const row = shallowRef<AgentRow | null>(null)
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false
  const load = async (): Promise<void> => {
    if (timer !== null) clearTimeout(timer)
    timer = null
    const asked = key.value
    const got = await live.fetchRow(asked)
    if (stopped || asked !== key.value) return
    row.value = got?.collection === 'agents' ? got.row : null
    timer = setTimeout(() => void load(), FULL_ROW_EVERY_MS)
  }
  watch(
    key,
    () => {
      row.value = null
      void load()
    },
    { immediate: true },
  )
  onScopeDispose(() => {
    stopped = true
    if (timer !== null) clearTimeout(timer)
  })
  return row
}
