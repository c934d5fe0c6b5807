import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { useLiveStore } from '../stores/live'
import { useFormat } from './use-format'

/** Customers waiting across every vendor, in words: "7 waiting: 4 calls, 3 chats" (or "Nobody waiting"). */
export function useWaitingSummary() {
  const { t } = useI18n()
  const f = useFormat()
  const live = useLiveStore()
  return computed(() => {
    const w = live.waitingTotals
    if (w.total === 0) return t('overview.nobodyWaiting')
    const parts = [
      t('overview.calls', { n: f.count(w.calls) }, w.calls),
      t('overview.chats', { n: f.count(w.chats) }, w.chats),
    ]
    if (w.other) parts.push(t('overview.waitingOther', { n: f.count(w.other) }))
    return t('overview.waitingSentence', { total: f.count(w.total), parts: parts.join(', ') })
  })
}
