// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { HistorySeries } from '../../../src-shared/live'
import { useLiveStore } from '../../stores/live'
import { chatRoom, connection, liveState, queue, T0 } from '../../testing/fixtures'
import { createTestApp } from '../../testing/mount'
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
  useLiveStore().replaceAll(
    liveState({
      serverNow: T0,
      connections: [connection('eu', { label: 'EU voice' }), connection('us', { label: 'US' })],
      queues: [
        ...Array.from({ length: queueCount }, (_, i) =>
          queue('eu', `q${i}`, { name: `Queue ${String(i).padStart(2, '0')}` }),
        ),
        queue('us', 'sales', { name: 'Queue 00' }),
        queue('eu', 'mail', { name: 'Mail', media: 'email' }),
      ],
      chatRooms: [chatRoom('us', 'web', { name: 'Web' })],
    }),
  )
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

  it('draws one line per queue and chat room, backlogs left out, at most ten', async () => {
    const { wrapper, asked } = setup(12)
    await flushPromises()
    const names = wrapper.findAll('.trend-legend li').map((li) => li.text())
    expect(names).toHaveLength(10)
    // by connection, then name: EU voice's come first (its "Queue 00" is the only one shown: no suffix needed)
    expect(names[0]).toBe('Queue 00')
    expect(names[9]).toBe('Queue 09')
    expect(names).not.toContain('Mail')
    expect(wrapper.text()).toContain('The first 10 of 14 queues and chat rooms')
    expect(asked[0]).toHaveLength(10)
    expect(asked[0]?.[0]).toBe('queue|eu:q0|waiting')
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
