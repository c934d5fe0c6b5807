import { describe, expect, it } from 'vitest'
import type { ChatMessageRow } from '../../src-shared/live'
import { chatMessage, liveState, T0 } from '../testing/fixtures'
import { useMemoryStorage } from '../testing/memory-storage'
import { createTestApp } from '../testing/mount'
import { useLiveStore } from './live'
import { MAX_READ_MARKS, MESSAGES_READ_STORAGE_KEY, useMessagesStore } from './messages'

const message = chatMessage

function seed(messages: ChatMessageRow[]) {
  createTestApp()
  useLiveStore().replaceAll(liveState({ chatMessages: messages }))
  return useMessagesStore()
}

const MESSAGES = [
  message('bp', '1', { sentAt: T0 - 60_000, text: 'Lunch cover' }),
  message('bp', '2', { sentAt: T0 - 30_000, urgent: true, text: 'CRM is down' }),
  message('eu', '3', { sentAt: T0 - 10_000, senderName: 'Łucja', text: 'Huddle at 10' }),
  message('eu', '4', { sentAt: null, text: 'No time' }),
  message('eu', '5', { sentAt: T0 - 90_000, urgent: true, text: 'Payment page down' }),
]

const memory = useMemoryStorage()

describe('useMessagesStore', () => {
  it('lists urgent messages first, then newest first, across connections', () => {
    const m = seed(MESSAGES)
    expect(m.list.map((x) => x.key)).toEqual(['bp:2', 'eu:5', 'eu:3', 'bp:1', 'eu:4'])
  })

  it('counts unread and urgent unread, and marks read, unread and all read', () => {
    const m = seed(MESSAGES)
    expect([m.unreadCount, m.urgentUnreadCount]).toEqual([5, 2])
    m.markRead('bp:2')
    expect([m.unreadCount, m.urgentUnreadCount]).toEqual([4, 1])
    expect(m.isRead('bp:2')).toBe(true)
    m.markUnread('bp:2')
    expect(m.isRead('bp:2')).toBe(false)
    m.markAllRead()
    expect(m.unreadCount).toBe(0)
  })

  it('keeps read marks by message key in localStorage across reloads', async () => {
    const first = seed(MESSAGES)
    first.markRead('eu:3')
    first.markRead('bp:1')
    await Promise.resolve()
    expect(JSON.parse(memory.get(MESSAGES_READ_STORAGE_KEY) ?? '{}')).toEqual({ keys: ['eu:3', 'bp:1'] })
    const second = seed(MESSAGES)
    expect(second.isRead('eu:3')).toBe(true)
    expect(second.unreadCount).toBe(3)
  })

  it('filters by unread and urgent and searches text and sender without diacritics', () => {
    const m = seed(MESSAGES)
    m.markRead('bp:2')
    m.filter = 'unread'
    expect(m.list.map((x) => x.key)).toEqual(['eu:5', 'eu:3', 'bp:1', 'eu:4'])
    m.filter = 'urgent'
    expect(m.list.map((x) => x.key)).toEqual(['bp:2', 'eu:5'])
    m.filter = 'all'
    m.search = 'lucja'
    expect(m.list.map((x) => x.key)).toEqual(['eu:3'])
    m.search = 'crm'
    expect(m.list.map((x) => x.key)).toEqual(['bp:2'])
  })

  it('caps the read marks it keeps, dropping the oldest', () => {
    memory.set(
      MESSAGES_READ_STORAGE_KEY,
      JSON.stringify({ keys: Array.from({ length: MAX_READ_MARKS }, (_, i) => `old:${i}`) }),
    )
    const m = seed(MESSAGES)
    m.markRead('bp:1')
    expect(m.read).toHaveLength(MAX_READ_MARKS)
    expect(m.read[0]).toBe('old:1')
    expect(m.read.at(-1)).toBe('bp:1')
  })
})
