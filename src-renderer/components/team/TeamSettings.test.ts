// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TeamInfo, TeamSettingsView } from '../../../src-shared/ipc/contract'
import { BridgeCallError } from '../../api/client'
import { useAppStore } from '../../stores/app'
import { useTeamStore } from '../../stores/team'
import { T0 } from '../../testing/fixtures'
import { createTestApp } from '../../testing/mount'
import TeamSettings from './TeamSettings.vue'

const notJoined: TeamSettingsView = {
  team: null,
  canChange: true,
  last: null,
  problem: null,
  restarting: false,
}
const eu: TeamInfo = {
  servers: ['nats://fw.corp:4222'],
  site: 'eu',
  user: 'anna',
  connected: true,
  since: T0 - 60_000,
  canAcknowledge: true,
  detail: null,
}

const appInfo = {
  version: '1',
  shell: 'electron' as const,
  readOnly: false,
  keychain: { available: true, detail: null },
  prefs: { theme: 'system', language: 'en' } as never,
}

function setup(view: TeamSettingsView) {
  const t = createTestApp()
  useAppStore().info = { ...appInfo, team: view.team }
  t.fake.handle('team:status', () => view)
  const wrapper = mount(TeamSettings, { global: t.global, attachTo: document.body })
  return { t, wrapper }
}

describe('Settings → Team', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0, toFake: ['Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('joins with the server, site, user and password, and says the app restarts', async () => {
    const { t, wrapper } = setup(notJoined)
    await flushPromises()
    t.fake.handle('team:join', () => ({ ...notJoined, restarting: true }))
    const join = wrapper.get('[data-testid="team-join"]')
    expect(join.attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid="team-servers"]').setValue('nats://fw.corp:4222')
    await wrapper.get('[data-testid="team-site"]').setValue('eu')
    await wrapper.get('[data-testid="team-user"]').setValue('anna')
    await wrapper.get('[data-testid="team-password"]').setValue('s3cret-pass')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(t.fake.calls.find((c) => c.channel === 'team:join')?.args).toEqual({
      servers: 'nats://fw.corp:4222',
      site: 'eu',
      user: 'anna',
      password: 's3cret-pass',
    })
    expect(wrapper.get('[data-testid="team-restarting"]').text()).toContain('restarts')
  })

  it('shows a refusal under the field it is about, and keeps what was typed', async () => {
    const { t, wrapper } = setup({
      ...notJoined,
      last: { servers: ['nats://a:4222'], site: 'us', user: 'ben' },
    })
    await flushPromises()
    // The last team is offered again.
    expect((wrapper.get('[data-testid="team-servers"]').element as HTMLInputElement).value).toBe(
      'nats://a:4222',
    )
    t.fake.handle('team:join', () => {
      throw new BridgeCallError('team:join', 'bad_request', 'site: user "ben" may not read site "us"')
    })
    await wrapper.get('[data-testid="team-password"]').setValue('wrong-one')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const site = wrapper.get('[data-field="site"]')
    expect(site.get('[data-testid="field-error"]').text()).toContain('may not read site')
    expect(wrapper.get('[data-testid="team-site"]').attributes('aria-invalid')).toBe('true')
    expect((wrapper.get('[data-testid="team-user"]').element as HTMLInputElement).value).toBe('ben')
  })

  it('shows the team joined, whether the server answers, who acknowledges, and leaves after asking', async () => {
    const { t, wrapper } = setup({ ...notJoined, team: eu })
    await flushPromises()
    expect(wrapper.get('[data-testid="team-joined"]').text()).toContain('site eu')
    expect(wrapper.get('[data-testid="team-joined"]').text()).toContain('anna')
    expect(wrapper.text()).toContain('shared with the team under your name')
    expect(wrapper.find('[data-testid="team-connected"]').exists()).toBe(true)
    // The server goes away: said at once, with its reason.
    useTeamStore().start()
    t.fake.emit('team:changed', { ...eu, connected: false, since: T0, detail: 'connection refused' })
    await flushPromises()
    expect(wrapper.get('[data-testid="team-unreachable"]').text()).toContain('Team server unreachable since')
    expect(wrapper.get('[data-testid="team-unreachable"]').text()).toContain('connection refused')
    t.fake.handle('team:leave', () => ({ ...notJoined, restarting: true }))
    await wrapper.get('[data-testid="team-leave"]').trigger('click')
    expect(t.fake.calls.some((c) => c.channel === 'team:leave')).toBe(false)
    await wrapper.get('[data-testid="team-leave-confirm"]').trigger('click')
    await flushPromises()
    expect(t.fake.calls.some((c) => c.channel === 'team:leave')).toBe(true)
    expect(wrapper.find('[data-testid="team-restarting"]').exists()).toBe(true)
  })

  it('a served board shows its team but offers no way to change it', async () => {
    const { wrapper } = setup({ ...notJoined, team: { ...eu, canAcknowledge: false }, canChange: false })
    await flushPromises()
    expect(wrapper.text()).toContain('may only look')
    expect(wrapper.find('[data-testid="team-leave"]').exists()).toBe(false)
    expect(wrapper.find('form').exists()).toBe(false)
  })

  it('a board that is in no team and cannot join one here says so, and where a board joins', async () => {
    const { wrapper } = setup({ ...notJoined, canChange: false })
    await flushPromises()
    expect(wrapper.find('[data-testid="team-none"]').text()).toContain('headless --team')
    expect(wrapper.find('form').exists()).toBe(false)
  })

  it('says when the team settings cannot be read', async () => {
    const t = createTestApp()
    useAppStore().info = { ...appInfo, team: null }
    t.fake.handle('team:status', () => {
      throw new BridgeCallError('team:status', 'internal', 'team:status: refused')
    })
    const wrapper = mount(TeamSettings, { global: t.global, attachTo: document.body })
    await flushPromises()
    expect(wrapper.find('[data-testid="team-load-failed"]').text()).toContain('team:status: refused')
  })

  it('keeps app info current from team:changed (the banner reads it)', async () => {
    const { t } = setup(notJoined)
    const app = useAppStore()
    app.info = { ...appInfo, team: eu }
    const off = useTeamStore().start()
    t.fake.emit('team:changed', { ...eu, connected: false })
    expect(app.info.team?.connected).toBe(false)
    off()
  })
})
