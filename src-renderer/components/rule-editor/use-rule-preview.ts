import { messageOf } from '../../../src-shared/result'
import { useDebounceFn } from '@vueuse/core'
import type { ComputedRef, InjectionKey, Ref } from 'vue'
import { onBeforeUnmount, provide, ref, shallowRef, watch } from 'vue'
import { useAlertsStore } from '../../stores/alerts'
import { useHistoryStore } from '../../stores/history'
import type { DraftCheck } from './draft'
import type { PreviewState } from './RulePreviewPanel.vue'

/** Milliseconds of quiet typing before a rule is replayed over the history. */
export const PREVIEW_DELAY_MS = 400

/**
 * The day the preview replays: null = today (the history ring), else a business date the history days keep
 * ("2026-11-26", `history:days`). Provided by {@link useRulePreview} to the preview panel's day picker.
 */
export const PREVIEW_DAY: InjectionKey<Ref<string | null>> = Symbol('rule-preview-day')

/**
 * What the rule being edited would have fired over the stored history (`rules:preview`): replayed a moment after
 * the typing stops, and only for a rule that validates, over today or the past day the panel's picker chose. An
 * answer to an older version of the rule (or another day) is dropped.
 */
export function useRulePreview(check: ComputedRef<DraftCheck>) {
  const alerts = useAlertsStore()
  const history = useHistoryStore()
  const state = shallowRef<PreviewState>({ status: 'invalid' })
  const day = ref<string | null>(null)
  provide(PREVIEW_DAY, day)
  let seq = 0

  // Only the latest version of the rule is sent; one superseded while waiting is never asked about.
  const replay = useDebounceFn((raw: string, mine: number) => {
    if (mine !== seq) return
    const rule = JSON.parse(raw) as Record<string, unknown>
    const on = day.value
    ;(on === null ? alerts.preview(rule) : history.previewDay(rule, on)).then(
      (preview) => {
        if (mine === seq) state.value = { status: 'ready', preview }
      },
      (err: unknown) => {
        if (mine === seq) state.value = { status: 'error', message: messageOf(err) }
      },
    )
  }, PREVIEW_DELAY_MS)

  watch(
    [() => (check.value.rule ? JSON.stringify(check.value.raw) : null), day],
    ([raw]) => {
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
