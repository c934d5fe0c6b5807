// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { createTestApp } from '../../testing/mount'
import ServiceLevelBar from './ServiceLevelBar.vue'

function show(props: InstanceType<typeof ServiceLevelBar>['$props']) {
  const t = createTestApp()
  return mount(ServiceLevelBar, { props, global: t.global })
}

describe('ServiceLevelBar', () => {
  it('says the target in effect with its threshold, and marks the supervisor’s own', () => {
    const w = show({ value: 78, target: 80, thresholdSec: 20, origin: 'user', label: 'Service level' })
    expect(w.get('[data-testid="sl-target"]').text()).toBe('target 80% in 20 s · your target')
    expect(w.text()).toContain('below target')
  })

  it('says a vendor’s target without a mark, and without a threshold where none is known', () => {
    const w = show({ value: 90, target: 80, thresholdSec: null, origin: 'vendor', label: 'Service level' })
    expect(w.get('[data-testid="sl-target"]').text()).toBe('target 80%')
    expect(w.text()).not.toContain('below target')
  })

  it('says there is no target when nobody set one', () => {
    const w = show({ value: 90, target: null, label: 'Service level' })
    expect(w.find('[data-testid="sl-target"]').exists()).toBe(false)
    expect(w.text()).toContain('no target')
  })
})
