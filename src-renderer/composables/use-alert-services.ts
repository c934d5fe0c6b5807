import { onBeforeUnmount, onMounted, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import type { AlertView } from '../../src-shared/alerts'
import { useAlertsStore } from '../stores/alerts'
import { useAnnouncerStore } from '../stores/announcer'
import { useAlertFormat } from './use-alert-format'

/**
 * What the alerts do for as long as the board is open, on every view: keep the alert list (and its sound) live,
 * and tell a screen-reader user about alerts that start firing or escalate — critical ones interrupt, warnings
 * wait their turn. Alerts already firing when the board opens, muted rules and alerts of a connection that is
 * down (its connection alert speaks for them) are not announced.
 */
export function useAlertServices(): void {
  const { t } = useI18n()
  const alerts = useAlertsStore()
  const announcer = useAnnouncerStore()
  const fmt = useAlertFormat()

  let stop: (() => void) | null = null
  onMounted(() => {
    stop = alerts.start()
  })
  onBeforeUnmount(() => {
    stop?.()
    stop = null
  })

  const keyOf = (a: AlertView): string => `${a.id}|${a.severity}`
  let known: Set<string> | null = null
  watch(
    () => alerts.list,
    (list) => {
      if (list === null) return
      const firing = list.active.filter((a) => a.state === 'firing')
      const keys = new Set(firing.map(keyOf))
      if (known !== null) {
        for (const a of firing) {
          if (known.has(keyOf(a)) || a.inhibited || a.silenced === 'muted') continue
          announcer.announce(
            t('alerts.announce.firing', {
              severity: t(`alerts.severity.${a.severity}`),
              rule: a.ruleName,
              entity: fmt.where(a),
              value: `${fmt.fieldLabel(a.field)} ${fmt.value(a.field, a.value)}`,
            }),
            a.severity === 'critical' ? 'assertive' : 'polite',
          )
        }
      }
      known = keys
    },
  )
}
