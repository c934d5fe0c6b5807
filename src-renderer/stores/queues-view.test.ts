import { describe, expect, it } from 'vitest'
import { chatRoom, connection, liveState, queue } from '../testing/fixtures'
import { useMemoryStorage } from '../testing/memory-storage'
import { createTestApp } from '../testing/mount'
import { useLiveStore } from './live'
import { QUEUES_VIEW_STORAGE_KEY, useQueuesViewStore } from './queues-view'

function seed() {
  createTestApp()
  useLiveStore().replaceAll(
    liveState({
      connections: [connection('eu', { label: 'EU voice' }), connection('web', { label: 'Web chat' })],
      queues: [
        queue('eu', 'sales', { name: 'Sales', waiting: 2, longestWaitSec: 30 }),
        queue('eu', 'support', { name: 'Support', waiting: 5, longestWaitSec: 10 }),
        queue('eu', 'billing', { name: 'Billing', waiting: 2, longestWaitSec: 90 }),
      ],
      chatRooms: [
        chatRoom('web', 'shop', { name: 'Web shop', waitingChats: 1 }),
        chatRoom('web', 'help', { name: 'Help', waitingChats: 4 }),
      ],
    }),
  )
  return useQueuesViewStore()
}
const names = (rows: { name: string }[]) => rows.map((r) => r.name)

const memory = useMemoryStorage()

describe('useQueuesViewStore', () => {
  it('shows everything by connection and name by default, with trends over the last hour', () => {
    const v = seed()
    expect(names(v.queues)).toEqual(['Billing', 'Sales', 'Support'])
    expect(names(v.chatRooms)).toEqual(['Help', 'Web shop'])
    expect([v.range, v.charts, v.filtered]).toEqual(['1h', true, false])
  })

  it('orders busiest first: most waiting, then the longest wait', () => {
    const v = seed()
    v.order = 'busiest'
    expect(names(v.queues)).toEqual(['Support', 'Billing', 'Sales'])
    expect(names(v.chatRooms)).toEqual(['Help', 'Web shop'])
  })

  it('filters by kind, connection and search', () => {
    const v = seed()
    v.kind = 'chats'
    expect(v.queues).toEqual([])
    expect(v.chatRooms).toHaveLength(2)
    v.kind = 'all'
    v.connection = 'eu'
    expect(v.chatRooms).toEqual([])
    v.connection = null
    v.search = 'web'
    // matches the room's name and the connection label "Web chat"
    expect(names(v.chatRooms)).toEqual(['Help', 'Web shop'])
    expect(v.queues).toEqual([])
    expect(v.filtered).toBe(true)
    v.clearFilters()
    expect(v.queues).toHaveLength(3)
  })

  it('saves filters and layout per user and restores them', async () => {
    const v = seed()
    v.range = '8h'
    v.charts = false
    v.order = 'busiest'
    v.kind = 'queues'
    await Promise.resolve()
    expect(JSON.parse(memory.get(QUEUES_VIEW_STORAGE_KEY) ?? '{}')).toMatchObject({
      range: '8h',
      charts: false,
      order: 'busiest',
      kind: 'queues',
    })
    const again = seed()
    expect([again.range, again.charts, again.order, again.kind]).toEqual(['8h', false, 'busiest', 'queues'])
    memory.set(QUEUES_VIEW_STORAGE_KEY, JSON.stringify({ range: '3h', kind: 'x', order: 7 }))
    const cleaned = seed()
    expect([cleaned.range, cleaned.kind, cleaned.order]).toEqual(['1h', 'all', 'name'])
  })
})
