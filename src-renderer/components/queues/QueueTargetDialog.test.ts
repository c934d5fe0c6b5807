// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { ConnectionView } from '../../../src-shared/ipc/contract'
import type { TargetOrigin } from '../../../src-shared/model'
import { createTestApp } from '../../testing/mount'
import QueueTargetDialog from './QueueTargetDialog.vue'

const view = (targets: ConnectionView['targets']): ConnectionView =>
  ({ id: 'bp', label: 'Bright Pattern', provider: 'brightpattern', targets }) as unknown as ConnectionView

const NONE: TargetOrigin = { pctFrom: null, thresholdFrom: null, vendorPct: null, vendorThresholdSec: null }
const VENDOR: TargetOrigin = {
  pctFrom: 'vendor',
  thresholdFrom: 'vendor',
  vendorPct: 80,
  vendorThresholdSec: 20,
}

async function show(origin: TargetOrigin, targets: ConnectionView['targets'] = {}) {
  const t = createTestApp()
  t.fake.handle('connections:list', () => [view(targets)])
  t.fake.handle('targets:set', (args) => {
    const a = args as { id: string; target: Record<string, unknown> | null }
    return view(a.target === null ? {} : { [a.id]: a.target as ConnectionView['targets'][string] })
  })
  const w = mount(QueueTargetDialog, {
    props: { connection: 'bp', id: 'Support', name: 'Support', origin },
    global: t.global,
    attachTo: document.body,
  })
  await flushPromises()
  return { w, calls: t.fake.calls }
}

describe('QueueTargetDialog', () => {
  it('sets a target where the vendor gives none, without an override choice', async () => {
    const { w, calls } = await show(NONE)
    expect(w.get('[data-testid="target-vendor"]').text()).toContain('gives no service-level target')
    expect(w.find('[data-testid="target-override"]').exists()).toBe(false)
    await w.get('[data-testid="target-pct"]').setValue('85')
    await w.get('[data-testid="target-sec"]').setValue('30')
    await w.get('[data-testid="target-save"]').trigger('click')
    await flushPromises()
    expect(calls.at(-1)).toEqual({
      channel: 'targets:set',
      args: {
        connection: 'bp',
        id: 'Support',
        target: { override: false, serviceLevelPct: 85, thresholdSec: 30 },
      },
    })
    expect(w.emitted('close')).toHaveLength(1)
  })

  it('overrides the vendor’s target only when the supervisor ticks so, and removes the supervisor’s own', async () => {
    const { w, calls } = await show(VENDOR, { Support: { serviceLevelPct: 90, override: false } })
    expect(w.get('[data-testid="target-vendor"]').text()).toBe('The vendor gives a target of 80% in 20 s.')
    expect((w.get('[data-testid="target-pct"]').element as HTMLInputElement).value).toBe('90')
    await w.get('[data-testid="target-override"]').setValue(true)
    await w.get('[data-testid="target-save"]').trigger('click')
    await flushPromises()
    expect(calls.at(-1)?.args).toEqual({
      connection: 'bp',
      id: 'Support',
      target: { override: true, serviceLevelPct: 90 },
    })
    await w.setProps({ origin: VENDOR })
    await w.get('[data-testid="target-clear"]').trigger('click')
    await flushPromises()
    expect(calls.at(-1)?.args).toEqual({ connection: 'bp', id: 'Support', target: null })
  })
})
