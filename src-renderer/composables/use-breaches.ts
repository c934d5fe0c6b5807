import { useRouter } from 'vue-router'
import type { RuleEntity } from '../../src-shared/config'
import type { Breach } from '../stores/alerts'
import { entityKey, useAlertsStore } from '../stores/alerts'

/**
 * Which entities have a firing alert, for the marks on cards and rows: `of('queue', connection, id)` is the
 * entity's breach (worst severity and its alerts) or null; `open` shows its worst alert on the Alerts screen.
 */
export function useBreaches() {
  const alerts = useAlertsStore()
  const router = useRouter()

  function of(entity: RuleEntity, connection: string, id: string): Breach | null {
    return alerts.breaches.get(entity)?.get(entityKey(connection, id)) ?? null
  }

  function open(breach: Breach): void {
    alerts.focus(breach.alerts[0]?.id ?? null)
    void router.push({ name: 'alerts' })
  }

  return { of, open }
}
