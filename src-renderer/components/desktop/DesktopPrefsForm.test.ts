// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppInfo } from '../../../src-shared/ipc/contract'
import { BridgeCallError } from '../../api/client'
import { useAppStore } from '../../stores/app'
import { createTestApp } from '../../testing/mount'
import DesktopPrefsForm from './DesktopPrefsForm.vue'
import { appInfo } from '../../testing/fixtures'

const info: AppInfo = appInfo()

describe('DesktopPrefsForm (Start at login)', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('turns it on through prefs:set and shows what main kept', async () => {
    const t = createTestApp()
    useAppStore().info = info
    t.fake.handle('prefs:set', (args) => ({ theme: 'system', language: 'en', ...args }))
    const wrapper = mount(DesktopPrefsForm, { global: t.global, attachTo: document.body })
    const input = wrapper.get<HTMLInputElement>('[data-testid="start-at-login"]')
    expect(input.element.checked).toBe(false)
    expect(wrapper.get('label').text()).toBe('Start Floorwalker when I sign in')
    await input.setValue(true)
    await flushPromises()
    expect(t.fake.calls.find((c) => c.channel === 'prefs:set')?.args).toEqual({ startAtLogin: true })
    expect(useAppStore().info?.prefs.startAtLogin).toBe(true)
    expect(wrapper.get('[role="status"]').text()).toBe('Floorwalker now starts when you sign in.')
    expect(input.element.checked).toBe(true)
  })

  it('says why when the OS refused, and shows the switch as it is', async () => {
    const t = createTestApp()
    useAppStore().info = { ...info, prefs: { ...info.prefs, startAtLogin: false } }
    t.fake.handle('prefs:set', () => {
      throw new BridgeCallError(
        'prefs:set',
        'internal',
        'could not change starting at login: cannot write the autostart entry /home/ana/.config/autostart/x.desktop: EACCES',
      )
    })
    const wrapper = mount(DesktopPrefsForm, { global: t.global, attachTo: document.body })
    const input = wrapper.get<HTMLInputElement>('[data-testid="start-at-login"]')
    await input.setValue(true)
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toContain('EACCES')
    expect(wrapper.get('[role="alert"]').text()).toMatch(/^Could not change starting at login: /)
    expect(input.element.checked).toBe(false)
  })
})
