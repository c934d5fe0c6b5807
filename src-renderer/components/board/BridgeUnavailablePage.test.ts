// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { createAppI18n } from '../../i18n'
import BridgeUnavailablePage from './BridgeUnavailablePage.vue'

describe('BridgeUnavailablePage', () => {
  it('says plainly that the preload did not run, as an alert', () => {
    const w = mount(BridgeUnavailablePage, {
      props: { reason: 'preload-missing', where: 'app://floorwalker' },
      global: { plugins: [createAppI18n('en')] },
    })
    expect(w.get('[role="alert"] h1').text()).toBe('Floorwalker cannot reach its main process')
    expect(w.text()).toContain('window.floorwalker, set up by the preload script) is missing')
    expect(w.text()).toContain('Help → Open log folder')
    expect(w.get('[data-testid="bridge-unavailable"]').attributes('data-reason')).toBe('preload-missing')
  })

  it('names where a page opened outside the app came from, in Polish too', () => {
    const w = mount(BridgeUnavailablePage, {
      props: { reason: 'not-served', where: 'http://localhost:5173' },
      global: { plugins: [createAppI18n('pl')] },
    })
    expect(w.text()).toContain('Ta strona została otwarta z http://localhost:5173')
  })
})
