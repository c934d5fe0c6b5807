import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { ChatMessageRow } from '../../src-shared/live'
import { foldForSearch } from './agents-view'
import { useLiveStore } from './live'
import { loadObject, oneOf, saveObject } from './local-storage'

export const MESSAGE_FILTERS = ['all', 'unread', 'urgent'] as const
export type MessageFilter = (typeof MESSAGE_FILTERS)[number]

export const MESSAGES_READ_STORAGE_KEY = 'floorwalker.messagesRead.v1'
export const MESSAGES_VIEW_STORAGE_KEY = 'floorwalker.messagesView.v1'
/** Read marks kept at most: old messages leave the vendors' feeds, so their marks need not be kept forever. */
export const MAX_READ_MARKS = 2_000

/** Urgent first, then newest first; messages without a time after those with one, then by key for stability. */
export function compareMessages(a: ChatMessageRow, b: ChatMessageRow): number {
  return (
    Number(b.urgent) - Number(a.urgent) ||
    (b.sentAt ?? -Infinity) - (a.sentAt ?? -Infinity) ||
    a.key.localeCompare(b.key)
  )
}

/**
 * Supervisor messages from every connection, with read marks kept per user in localStorage by message key
 * (`<connection>:<id>`), so a message read once stays read after a reload, on this computer.
 */
export const useMessagesStore = defineStore('messages', () => {
  const live = useLiveStore()

  const savedRead = loadObject(MESSAGES_READ_STORAGE_KEY)
  const initialRead = Array.isArray(savedRead?.keys)
    ? (savedRead.keys as unknown[]).filter((k): k is string => typeof k === 'string')
    : []
  /** Read keys, oldest mark first (so the oldest marks go first when the list is capped). */
  const read = ref<string[]>(initialRead.slice(-MAX_READ_MARKS))
  const readSet = computed(() => new Set(read.value))

  const savedView = loadObject(MESSAGES_VIEW_STORAGE_KEY) ?? {}
  const filter = ref<MessageFilter>(oneOf(MESSAGE_FILTERS, savedView.filter, 'all'))
  const search = ref(typeof savedView.search === 'string' ? savedView.search : '')

  watch(read, () => saveObject(MESSAGES_READ_STORAGE_KEY, { keys: read.value }))
  watch([filter, search], () =>
    saveObject(MESSAGES_VIEW_STORAGE_KEY, { filter: filter.value, search: search.value }),
  )

  const all = computed(() => [...live.chatMessages].sort(compareMessages))
  const isRead = (key: string): boolean => readSet.value.has(key)

  const unread = computed(() => all.value.filter((m) => !readSet.value.has(m.key)))
  const unreadCount = computed(() => unread.value.length)
  const urgentUnreadCount = computed(() => unread.value.filter((m) => m.urgent).length)

  const list = computed(() => {
    const terms = foldForSearch(search.value).split(/\s+/).filter(Boolean)
    return all.value.filter((m) => {
      if (filter.value === 'unread' && readSet.value.has(m.key)) return false
      if (filter.value === 'urgent' && !m.urgent) return false
      if (terms.length === 0) return true
      const text = foldForSearch(`${m.text}\n${m.senderName ?? ''}\n${m.senderLogin ?? ''}`)
      return terms.every((t) => text.includes(t))
    })
  })

  function mark(keys: string[]): void {
    const fresh = keys.filter((k) => !readSet.value.has(k))
    if (fresh.length === 0) return
    read.value = [...read.value, ...fresh].slice(-MAX_READ_MARKS)
  }

  function markRead(key: string): void {
    mark([key])
  }

  function markUnread(key: string): void {
    if (readSet.value.has(key)) read.value = read.value.filter((k) => k !== key)
  }

  function markAllRead(): void {
    mark(all.value.map((m) => m.key))
  }

  return {
    read,
    filter,
    search,
    all,
    list,
    unreadCount,
    urgentUnreadCount,
    isRead,
    markRead,
    markUnread,
    markAllRead,
  }
})
