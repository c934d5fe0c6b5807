// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createI18n } from 'vue-i18n'
import type { ConnectionStatus } from '../../../src-shared/live'
import en from '../../i18n/en'
import pl from '../../i18n/pl'
import { useLiveStore } from '../../stores/live'
import { connection, connectionView, liveState, T0 } from '../../testing/fixtures'
import { createTestApp } from '../../testing/mount'
import ConnectionsView from '../../views/ConnectionsView.vue'
import ConnectionCard from './ConnectionCard.vue'

type Lang = 'en' | 'pl'

/** The test app with the board in `lang`; a missing message fails the test. */
function appIn(lang: Lang) {
  const t = createTestApp()
  const i18n = createI18n({
    legacy: false,
    locale: lang,
    messages: { en, pl },
    missing: (_locale, key) => {
      throw new Error(`missing message: ${key}`)
    },
  })
  return { ...t, global: { ...t.global, plugins: [t.global.plugins[0], i18n, t.global.plugins[2]] } }
}

const WAIT_UNTIL = T0 + 10 * 60_000
const hhmm = (lang: Lang) =>
  new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }).format(WAIT_UNTIL)

const rateLimited = (over: Partial<ConnectionStatus> = {}) =>
  connection('web', {
    label: 'Web chat',
    provider: 'giosg',
    state: 'rate_limited',
    detail: 'the vendor asked us to wait',
    waitUntil: WAIT_UNTIL,
    ...over,
  })
const skewed = (clockSkewSec: number) =>
  connection('pbx', { label: 'PBX', provider: 'chronicall', clockSkewSec })

const EXPECTED = {
  en: {
    wait: (time: string) => `The vendor asked us to wait until ${time}`,
    ahead20: "The vendor's clock is 20 min ahead of this computer's",
    behind2h: "The vendor's clock is 2 h behind this computer's",
  },
  pl: {
    wait: (time: string) => `Dostawca poprosił, by poczekać do ${time}`,
    ahead20: 'Zegar dostawcy spieszy się o 20 min względem zegara tego komputera',
    behind2h: 'Zegar dostawcy spóźnia się o 2 godz. względem zegara tego komputera',
  },
}

describe('what the vendor did, in the connection details and the connection list', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  for (const lang of ['en', 'pl'] as const) {
    it(`the connection card says until when the vendor asked us to wait, and how far its clock is off (${lang})`, () => {
      const t = appIn(lang)
      const card = (c: ConnectionStatus) =>
        mount(ConnectionCard, { props: { connection: c }, global: t.global })

      const waiting = card(rateLimited())
      expect(waiting.get('[data-testid="connection-wait-until"]').text()).toBe(
        EXPECTED[lang].wait(hhmm(lang)),
      )
      expect(waiting.find('[data-testid="connection-clock-skew"]').exists()).toBe(false)

      expect(card(skewed(1200)).get('[data-testid="connection-clock-skew"]').text()).toBe(
        EXPECTED[lang].ahead20,
      )
      expect(card(skewed(-7200)).get('[data-testid="connection-clock-skew"]').text()).toBe(
        EXPECTED[lang].behind2h,
      )

      const plain = card(connection('ok', { waitUntil: null, clockSkewSec: null }))
      expect(plain.find('[data-testid="connection-wait-until"]').exists()).toBe(false)
      expect(plain.find('[data-testid="connection-clock-skew"]').exists()).toBe(false)
    })

    it(`the connection list says the same on each connection's row (${lang})`, () => {
      const t = appIn(lang)
      t.fake.handle('connections:list', () => [
        connectionView('web', { label: 'Web chat', options: {} }),
        connectionView('pbx', {
          label: 'PBX',
          provider: 'chronicall',
          baseUrl: 'https://pbx:9090',
          pollSeconds: 5,
          options: {},
        }),
      ])
      useLiveStore().replaceAll(liveState({ serverNow: T0, connections: [rateLimited(), skewed(1200)] }))
      const wrapper = mount(ConnectionsView, { global: t.global, attachTo: document.body })
      return vi.waitFor(() => {
        const row = (id: string) => wrapper.get(`[data-testid="connection-row"][data-id="${id}"]`)
        expect(row('web').get('[data-testid="connection-wait-until"]').text()).toBe(
          EXPECTED[lang].wait(hhmm(lang)),
        )
        expect(row('web').find('[data-testid="connection-clock-skew"]').exists()).toBe(false)
        expect(row('pbx').get('[data-testid="connection-clock-skew"]').text()).toBe(EXPECTED[lang].ahead20)
        expect(row('pbx').find('[data-testid="connection-wait-until"]').exists()).toBe(false)
      })
    })
  }
})
