// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { HistorySeries } from '../../../src-shared/live'
import { useAlertsStore } from '../../stores/alerts'
import { alertList, alertView } from '../../testing/alert-fixtures'
import { chatRoom, connection, queue, T0 } from '../../testing/fixtures'
import { createTestApp, seedLive } from '../../testing/mount'
import WaitingByQueueTrend from './WaitingByQueueTrend.vue'

function setup(queueCount: number) {
  const t = createTestApp()
  const asked: string[][] = []
  t.fake.handle('history:get', ({ keys }): HistorySeries[] => {
    asked.push(keys)
    return keys.map((key) => ({
      key,
      points: [
        [T0 - 60_000, 2],
        [T0, key.includes('eu:q1|') ? 7 : 1],
      ],
    }))
  })
  seedLive({
    connections: [connection('eu', { label: 'EU voice' }), connection('us', { label: 'US' })],
    queues: [
      ...Array.from({ length: queueCount }, (_, i) =>
        queue('eu', `q${i}`, { name: `Queue ${String(i).padStart(2, '0')}`, longestWaitSec: i * 10 }),
      ),
      queue('us', 'sales', { name: 'Queue 00' }),
      queue('eu', 'mail', { name: 'Mail', media: 'email' }),
    ],
    chatRooms: [chatRoom('us', 'web', { name: 'Web' })],
  })
  // US Sales is in alert (its wait is short: a service-level alert, say).
  useAlertsStore().apply(alertList({ active: [alertView('sl', 'us', 'sales')] }))
  const wrapper = mount(WaitingByQueueTrend, { props: { range: '1h' }, global: t.global })
  return { wrapper, asked }
}

describe('WaitingByQueueTrend', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('draws the ten lines that matter: in alert first, then the furthest from target; backlogs left out', async () => {
    const { wrapper, asked } = setup(12)
    await flushPromises()
    const names = wrapper.findAll('.trend-legend li').map((li) => li.text())
    expect(names).toHaveLength(10)
    // The queue in alert is drawn though it comes last by connection; then the nine longest waits (q03–q11).
    expect(asked[0]).toContain('queue|us:sales|waiting')
    expect(names).toContain('Queue 11')
    expect(names).not.toContain('Queue 02')
    expect(names).not.toContain('Mail')
    // Drawn in connection and name order.
    expect(names[0]).toBe('Queue 03')
    expect(wrapper.text()).toContain(
      '10 of 14 queues and chat rooms: those in alert, then the furthest from target',
    )
    expect(asked[0]).toHaveLength(10)
  })

  it('names a queue by its connection too when two share a name, and says in words what it shows', async () => {
    const { wrapper } = setup(2)
    await flushPromises()
    const label = wrapper.get('[role="img"]').attributes('aria-label')
    expect(label).toContain('Trend, last hour:')
    expect(label).toContain('Queue 01 now 7, peak 7')
    expect(wrapper.findAll('.trend-legend li').map((li) => li.text())).toEqual([
      'Queue 00 (EU voice)',
      'Queue 01',
      'Queue 00 (US)',
      'Web',
    ])
  })
})
