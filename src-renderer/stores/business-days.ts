import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { businessDayStart, DEFAULT_BUSINESS_DAY, type BusinessDay } from '../../src-shared/business-day'
import { useClient } from '../api'

/**
 * Each connection's business day (config `businessDay`, src-shared/business-day.ts), for the "today" the board
 * computes itself: the trends' "today" range starts at the business-day start of the connections a chart shows.
 * Read once from `connections:list` (a read-only board may read it) and kept current by `connections:changed`;
 * until then, and for a connection that sets none, midnight in this computer's zone.
 */
export const useBusinessDaysStore = defineStore('businessDays', () => {
  const client = useClient()
  const days = shallowRef(new Map<string, BusinessDay>())
  let started = false

  function set(list: { id: string; businessDay?: BusinessDay | null }[]): void {
    days.value = new Map(list.map((c) => [c.id, c.businessDay ?? DEFAULT_BUSINESS_DAY]))
  }

  function start(): void {
    if (started) return
    started = true
    client.on('connections:changed', (e) => set(e.connections))
    void client.invoke('connections:list', null).then(set, () => undefined)
  }

  /**
   * Where "today" starts for these connections (the earliest of their business-day starts, so every one of them
   * has its whole day); every connection when `connections` is empty.
   */
  function startOf(connections: readonly string[], now: number): number {
    start()
    const ids = connections.length > 0 ? connections : [...days.value.keys()]
    const starts = ids.map((id) => businessDayStart(days.value.get(id) ?? DEFAULT_BUSINESS_DAY, now))
    return starts.length > 0 ? Math.min(...starts) : businessDayStart(DEFAULT_BUSINESS_DAY, now)
  }

  return { days, start, startOf }
})
