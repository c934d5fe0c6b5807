// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { CatchUp } from '../../src-shared/live'
import CatchUpNotice from '../components/overview/CatchUpNotice.vue'
import { T0 } from '../testing/fixtures'
import { createTestApp } from '../testing/mount'
import { useCatchUpStore } from './catch-up'

function catchUp(over: Partial<CatchUp> = {}): CatchUp {
  return {
    id: `eu:${T0 - 600_000}`,
    connection: 'eu',
    label: 'EU voice',
    reason: 'offline',
    from: T0 - 600_000,
    to: T0,
    gapSec: 600,
    totals: { abandoned: 0, missed: null, received: 0, chats: null, answered: 4 },
    counted: true,
    changes: [
      { entity: 'queue', key: 'eu:q', name: 'Sales', field: 'answered', before: 10, after: 14, delta: 4 },
    ],
    ...over,
  }
}

describe('catch-up notices', () => {
  beforeEach(() => localStorage.clear())

  it('shows what main kept to a board that opens later, once per gap, until this board dismisses it', async () => {
    const first = createTestApp()
    first.fake.handle('catchups:list', () => [catchUp(), catchUp()])
    const store = useCatchUpStore()
    const stop = store.start()
    await vi.waitFor(() => expect(store.items.map((i) => i.id)).toEqual([`eu:${T0 - 600_000}`]))
    first.fake.emit('app:catchup', catchUp())
    expect(store.items).toHaveLength(1)
    store.dismiss(`eu:${T0 - 600_000}`)
    stop()

    // Reloaded: main still has it, this board remembers it was dismissed.
    const again = createTestApp()
    again.fake.handle('catchups:list', () => [catchUp(), catchUp({ id: 'us:1', connection: 'us', from: 1 })])
    const reloaded = useCatchUpStore()
    reloaded.start()
    await vi.waitFor(() => expect(reloaded.items.map((i) => i.id)).toEqual(['us:1']))
  })

  it('says what the counters say, never "no change" beside changes or for a vendor without counters', () => {
    const t = createTestApp()
    const text = (c: CatchUp) => mount(CatchUpNotice, { props: { catchUp: c }, global: t.global }).text()
    expect(text(catchUp())).toContain('4 answered')
    expect(text(catchUp())).not.toContain('no change')
    const none = text(
      catchUp({
        counted: false,
        changes: [],
        totals: { abandoned: null, missed: null, received: null, chats: null, answered: null },
      }),
    )
    expect(none).toContain('gives no day counters')
    expect(text(catchUp({ reason: 'paused' }))).toContain('EU voice was paused for 10 min')
  })
})
