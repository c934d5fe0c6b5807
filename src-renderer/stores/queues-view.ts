import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { ChatRoomRow, QueueRow } from '../../src-shared/live'
import { RULE_MEDIA, type RuleMedia } from '../../src-shared/media'
import { QUEUE_ALERT_FILTERS, type QueuesSavedView } from '../../src-shared/views'
import type { TrendRange } from '../charts/ranges'
import { DEFAULT_TREND_RANGE, TREND_RANGES } from '../charts/ranges'
import { entityKey, useAlertsStore } from './alerts'
import { useLiveStore } from './live'
import { loadObject, oneOf, saveObject } from './local-storage'
import { queueRowMatches } from './view-filters'

export type QueueAlertFilter = (typeof QUEUE_ALERT_FILTERS)[number]

export const QUEUE_KINDS = ['all', 'queues', 'chats'] as const
export type QueueKind = (typeof QUEUE_KINDS)[number]
export const QUEUE_ORDERS = ['name', 'busiest'] as const
export type QueueOrder = (typeof QUEUE_ORDERS)[number]

export const QUEUES_VIEW_STORAGE_KEY = 'floorwalker.queuesView.v1'

export interface QueuesViewSettings {
  range: TrendRange
  charts: boolean
  kind: QueueKind
  connection: string | null
  /** Queues of this media (chat rooms are chat), `unknown` for queues nobody could class; null = all. */
  media: RuleMedia | null
  /** By alert state: any, alerting, critical, quiet. */
  alert: QueueAlertFilter
  search: string
  order: QueueOrder
}

function load(): QueuesViewSettings {
  const v = loadObject(QUEUES_VIEW_STORAGE_KEY) ?? {}
  return {
    range: oneOf(TREND_RANGES, v.range, DEFAULT_TREND_RANGE),
    charts: v.charts !== false,
    kind: oneOf(QUEUE_KINDS, v.kind, 'all'),
    connection: typeof v.connection === 'string' && v.connection !== '' ? v.connection : null,
    media: RULE_MEDIA.find((m) => m === v.media) ?? null,
    alert: oneOf(QUEUE_ALERT_FILTERS, v.alert, 'all'),
    search: typeof v.search === 'string' ? v.search : '',
    order: oneOf(QUEUE_ORDERS, v.order, 'name'),
  }
}

/** Most waiting first, then the longest wait: the order uses snapshot values so cards do not jump each second. */
function busier(
  a: { waiting: number | null; wait: number | null },
  b: { waiting: number | null; wait: number | null },
): number {
  return (b.waiting ?? -1) - (a.waiting ?? -1) || (b.wait ?? -1) - (a.wait ?? -1)
}

/**
 * The Queues & chats view's filters and layout (trend range, charts on or off, order), saved per user in
 * localStorage, and the cards that come out of them.
 */
export const useQueuesViewStore = defineStore('queuesView', () => {
  const live = useLiveStore()
  const alerts = useAlertsStore()
  const initial = load()
  const range = ref<TrendRange>(initial.range)
  const charts = ref(initial.charts)
  const kind = ref<QueueKind>(initial.kind)
  const connection = ref<string | null>(initial.connection)
  const search = ref(initial.search)
  const order = ref<QueueOrder>(initial.order)
  const media = ref<RuleMedia | null>(initial.media)
  const alert = ref<QueueAlertFilter>(initial.alert)

  watch([range, charts, kind, connection, media, alert, search, order], () => {
    const settings: QueuesViewSettings = {
      range: range.value,
      charts: charts.value,
      kind: kind.value,
      connection: connection.value,
      media: media.value,
      alert: alert.value,
      search: search.value,
      order: order.value,
    }
    saveObject(QUEUES_VIEW_STORAGE_KEY, settings)
  })

  function matches(row: QueueRow | ChatRoomRow, entity: 'queue' | 'chatRoom'): boolean {
    const f = {
      kind: kind.value,
      media: media.value,
      connection: connection.value,
      alert: alert.value,
      search: search.value,
    }
    const breach = alerts.breaches.get(entity)?.get(entityKey(row.connection, row.id)) ?? null
    return queueRowMatches(row, entity, f, {
      breach,
      connectionLabel: live.connection(row.connection)?.label ?? row.connection,
    })
  }

  const queues = computed<QueueRow[]>(() => {
    if (kind.value === 'chats') return []
    const list = live.queues.filter((q) => matches(q, 'queue'))
    return order.value === 'busiest'
      ? [...list].sort(
          (a, b) =>
            busier(
              { waiting: a.waiting, wait: a.longestWaitSec },
              { waiting: b.waiting, wait: b.longestWaitSec },
            ) || a.name.localeCompare(b.name),
        )
      : list
  })

  const chatRooms = computed<ChatRoomRow[]>(() => {
    if (kind.value === 'queues') return []
    const list = live.chatRooms.filter((r) => matches(r, 'chatRoom'))
    return order.value === 'busiest'
      ? [...list].sort(
          (a, b) =>
            busier(
              { waiting: a.waitingChats, wait: a.maxWaitNowSec },
              { waiting: b.waitingChats, wait: b.maxWaitNowSec },
            ) || a.name.localeCompare(b.name),
        )
      : list
  })

  /** Connections that have queues or chat rooms, for the filter. */
  const connections = computed(() => {
    const ids = new Set([...live.queues, ...live.chatRooms].map((r) => r.connection))
    return live.connectionList.filter((c) => ids.has(c.id))
  })

  const filtered = computed(
    () =>
      kind.value !== 'all' ||
      connection.value !== null ||
      media.value !== null ||
      alert.value !== 'all' ||
      search.value.trim() !== '',
  )

  function clearFilters(): void {
    kind.value = 'all'
    connection.value = null
    media.value = null
    alert.value = 'all'
    search.value = ''
  }

  /** What a saved view keeps of this page: the filter and the order. */
  function spec(): Pick<QueuesSavedView, 'filter' | 'order'> {
    return {
      filter: {
        kind: kind.value,
        media: media.value,
        connection: connection.value,
        alert: alert.value,
        search: search.value,
      },
      order: order.value,
    }
  }

  /** Show a saved view: its filter and order replace the page's. */
  function apply(view: Pick<QueuesSavedView, 'filter' | 'order'>): void {
    kind.value = view.filter.kind
    media.value = view.filter.media
    connection.value = view.filter.connection
    alert.value = view.filter.alert
    search.value = view.filter.search
    order.value = view.order
  }

  return {
    range,
    charts,
    kind,
    connection,
    media,
    alert,
    search,
    order,
    spec,
    apply,
    queues,
    chatRooms,
    connections,
    filtered,
    clearFilters,
  }
})
