import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import type { IconName } from '../components/base/icons'
import { useLiveStore } from '../stores/live'

/** The board's one-line connection health (header pill, wallboard): a class for colour, an icon and words. */
export function useHealthSummary() {
  const { t } = useI18n()
  const live = useLiveStore()
  return computed<{ cls: string; icon: IconName; text: string }>(() => {
    // Without the link, the last known health may be long out of date: do not vouch for it.
    if (live.link.state === 'lost')
      return { cls: 'conn-offline', icon: 'link_lost', text: t('header.linkLost') }
    const h = live.health
    if (h.total === 0 || !h.worst)
      return { cls: 'conn-offline', icon: 'offline', text: t('header.noConnections') }
    const icon = h.worst.state
    if (h.failing > 0 && h.stale > 0)
      return {
        cls: `conn-${h.worst.state}`,
        icon,
        text: t('header.failingAndStale', { failing: h.failing, stale: h.stale }),
      }
    if (h.failing > 0)
      return {
        cls: `conn-${h.worst.state}`,
        icon,
        text: t('header.someFailing', { failing: h.failing, n: h.total }),
      }
    if (h.stale > 0)
      return { cls: 'conn-stale', icon: 'stale', text: t('header.someStale', { stale: h.stale, n: h.total }) }
    if (h.paused > 0) return { cls: 'conn-paused', icon: 'paused', text: t('header.paused') }
    if (h.worst.state !== 'ok')
      return { cls: `conn-${h.worst.state}`, icon, text: t(`connectionState.${h.worst.state}`) }
    return { cls: 'conn-ok', icon: 'ok', text: t('header.allOk', { n: h.total }, h.total) }
  })
}
