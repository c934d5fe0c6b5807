// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ChatRoomCard from '../components/queues/ChatRoomCard.vue'
import QueueCard from '../components/queues/QueueCard.vue'
import { useAlertsStore } from '../stores/alerts'
import { alertList, alertView } from '../testing/alert-fixtures'
import { chatRoom, queue, T0 } from '../testing/fixtures'
import { createTestApp, navigated } from '../testing/mount'

describe('breach marks on cards', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
    window.location.hash = '#/queues'
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('mark a queue with a firing alert with icon and words, and open the alert from the mark', async () => {
    const t = createTestApp()
    const alerts = useAlertsStore()
    alerts.apply(
      alertList({
        active: [
          alertView('wait', 'eu', 'q1', { ruleName: 'Longest wait', severity: 'critical' }),
          alertView('count', 'eu', 'q2', { state: 'pending', firedAt: null }),
          alertView('chat', 'eu', 'r1', { entity: 'chatRoom', ruleName: 'Chat wait', severity: 'warning' }),
        ],
      }),
    )
    const card = (id: string) =>
      mount(QueueCard, {
        props: { queue: queue('eu', id), connectionLabel: 'EU', stale: false },
        global: t.global,
      })
    const hot = card('q1')
    expect(hot.classes()).toContain('breach-critical')
    const badge = hot.get('[data-testid="breach-badge"]')
    expect(badge.text()).toContain('Critical alert')
    expect(badge.attributes('title')).toBe('Longest wait: open the alert')

    // Pending has not fired: no mark. Another connection's queue with the same id: no mark.
    expect(card('q2').find('[data-testid="breach-badge"]').exists()).toBe(false)
    expect(
      card('q2')
        .classes()
        .some((c) => c.startsWith('breach-')),
    ).toBe(false)

    const room = mount(ChatRoomCard, {
      props: { room: chatRoom('eu', 'r1'), connectionLabel: 'EU', stale: false },
      global: t.global,
    })
    expect(room.classes()).toContain('breach-warning')
    expect(room.get('[data-testid="breach-badge"]').text()).toContain('Warning alert')

    await t.router.isReady()
    const shown = navigated(t.router)
    await badge.trigger('click')
    await shown
    expect(t.router.currentRoute.value.name).toBe('alerts')
    expect(alerts.focusId).toBe('wait|eu:q1')
  })
})
