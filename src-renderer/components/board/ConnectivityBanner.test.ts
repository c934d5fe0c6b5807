// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ConnectionStatus } from '../../../src-shared/live'
import { useAppStore } from '../../stores/app'
import { useLiveStore } from '../../stores/live'
import { connection, liveState, T0 } from '../../testing/fixtures'
import { createTestApp, seedLive } from '../../testing/mount'
import ConnectivityBanner from './ConnectivityBanner.vue'

function setup(connections: ConnectionStatus[]) {
  const t = createTestApp()
  useLiveStore().replaceAll(liveState({ serverNow: T0, connections }))
  return mount(ConnectivityBanner, { global: t.global })
}

describe('ConnectivityBanner', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('is absent when every connection is fine', () => {
    expect(
      setup([connection('a'), connection('b')])
        .find('[data-testid="connectivity-banner"]')
        .exists(),
    ).toBe(false)
  })

  it('shows one banner with a line per condition, each with its own icon and words', () => {
    const wrapper = setup([
      connection('home', {
        label: 'EU voice',
        state: 'offline',
        reason: 'offline',
        reasonSince: T0 - 5_000,
        lastOkAt: T0 - 840_000,
      }),
      connection('bp', {
        label: 'BP tenant',
        provider: 'brightpattern',
        state: 'auth_failed',
        reason: 'credentials',
      }),
      connection('giosg', {
        label: 'Web chat',
        provider: 'giosg',
        state: 'unreachable',
        reason: 'vendor',
        detail: 'HTTP 503',
        reasonSince: T0 - 30_000,
        lastOkAt: T0 - 120_000,
      }),
    ])
    const banner = wrapper.get('[data-testid="connectivity-banner"]')
    expect(banner.attributes('aria-label')).toBe('Connection problems')
    const lines = wrapper.findAll('.line')
    expect(lines.map((l) => l.attributes('data-kind'))).toEqual(['offline', 'vendor', 'credentials'])
    expect(lines[0]!.text()).toContain('This computer is offline.')
    expect(lines[0]!.text()).toContain('from 14 min ago')
    expect(lines[1]!.text()).toContain('Web chat (giosg) cannot be reached or keeps failing.')
    expect(lines[1]!.text()).toContain('HTTP 503')
    expect(lines[1]!.text()).toContain('2 min ago')
    expect(lines[2]!.text()).toContain('BP tenant (Bright Pattern) rejected its credentials.')
    expect(lines[2]!.text()).toContain('Connections')
    // every line has its own icon
    expect(lines.map((l) => l.find('svg').exists())).toEqual([true, true, true])
  })

  it('says a pause calmly, with the age of the numbers, never as a failure', () => {
    const wrapper = setup([
      connection('a', { label: 'A', state: 'paused', reason: 'paused', stale: true, lastOkAt: T0 - 150_000 }),
    ])
    const line = wrapper.get('.line')
    expect(line.attributes('data-kind')).toBe('paused')
    expect(line.text()).toContain('Polling is paused.')
    expect(line.text()).toContain('from 2 min ago')
    expect(line.text()).not.toContain('cannot be reached')
  })

  it('names several failing connections in one line', () => {
    const wrapper = setup([
      connection('a', { label: 'A', state: 'error' }),
      connection('b', { label: 'B', state: 'rate_limited' }),
    ])
    expect(wrapper.get('.line').text()).toContain(
      '2 connections cannot be reached or keep failing: A (Simulator), B (Simulator).',
    )
  })

  it('says "team server unreachable" on a team board, with why and the age of the last board it sent', async () => {
    const t = createTestApp()
    seedLive({
      connections: [
        connection('eu-voice', { label: 'EU voice', state: 'ok', reason: 'team', lastOkAt: T0 - 120_000 }),
      ],
    })
    useAppStore().info = {
      version: '1',
      shell: 'electron',
      readOnly: false,
      keychain: { available: true, detail: null },
      prefs: { theme: 'system', language: 'en' } as never,
      team: {
        servers: ['nats://fw:4222'],
        site: 'eu',
        user: 'anna',
        connected: false,
        since: T0 - 30_000,
        canAcknowledge: true,
        detail: 'the team server refused anna: Authorization Violation',
      },
    }
    const wrapper = mount(ConnectivityBanner, { global: t.global })
    const line = wrapper.get('.line')
    expect(line.attributes('data-kind')).toBe('team')
    expect(line.text()).toContain('Team server unreachable.')
    expect(line.text()).toContain('Authorization Violation')
    expect(line.text()).toContain('from 2 min ago')
  })

  it('says so before a team board has anything to show, and names connections no poller publishes', () => {
    const t = createTestApp()
    const info = {
      version: '1',
      shell: 'electron' as const,
      readOnly: false,
      keychain: { available: true, detail: null },
      prefs: { theme: 'system', language: 'en' } as never,
      team: {
        servers: ['nats://fw:4222'],
        site: 'eu',
        user: 'anna',
        connected: false,
        since: T0,
        canAcknowledge: false,
        detail: null,
      },
    }
    useAppStore().info = info
    const empty = mount(ConnectivityBanner, { global: t.global })
    expect(empty.get('.line').text()).toContain('Team server unreachable.')
    expect(empty.get('.line').text()).toContain('fills in when the server answers')
    useAppStore().info = { ...info, team: { ...info.team, connected: true } }
    seedLive({
      connections: [
        connection('bp', { label: 'BP', provider: 'brightpattern', state: 'stale', reason: 'team' }),
      ],
    })
    const wrapper = mount(ConnectivityBanner, { global: t.global })
    expect(wrapper.get('.line').text()).toContain('No poller of the team is publishing BP (Bright Pattern).')
  })
})
