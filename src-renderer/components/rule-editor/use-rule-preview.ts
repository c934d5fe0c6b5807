import { messageOf } from '../../../src-shared/result'
import { useDebounceFn } from '@vueuse/core'
import type { ComputedRef } from 'vue'
import { onBeforeUnmount, shallowRef, watch } from 'vue'
import { useAlertsStore } from '../../stores/alerts'
import type { DraftCheck } from './draft'
import type { PreviewState } from './RulePreviewPanel.vue'

/** Milliseconds of quiet typing before a rule is replayed over the history. */
export const PREVIEW_DELAY_MS = 400

/**
 * What the rule being edited would have fired over the stored history (`rules:preview`): replayed a moment after
 * the typing stops, and only for a rule that validates. An answer to an older version of the rule is dropped.
 */
export function useRulePreview(check: ComputedRef<DraftCheck>) {
  const alerts = useAlertsStore()
  const state = shallowRef<PreviewState>({ status: 'invalid' })
  let seq = 0

  // Only the latest version of the rule is sent; one superseded while waiting is never asked about.
  const replay = useDebounceFn((raw: string, mine: number) => {
    if (mine !== seq) return
    alerts.preview(JSON.parse(raw) as Record<string, unknown>).then(
      (preview) => {
        if (mine === seq) state.value = { status: 'ready', preview }
      },
      (err: unknown) => {
        if (mine === seq) state.value = { status: 'error', message: messageOf(err) }
      },
    )
  }, PREVIEW_DELAY_MS)

  watch(
    () => (check.value.rule ? JSON.stringify(check.value.raw) : null),
    (raw) => {
      const mine = ++seq
      if (raw === null) {
        state.value = { status: 'invalid' }
        return
      }
      state.value = { status: 'loading' }
      void replay(raw, mine)
    },
    { immediate: true },
  )
  onBeforeUnmount(() => {
    seq += 1
  })

  return state
}
