import { createPinia, setActivePinia } from 'pinia'
import type { Pinia } from 'pinia'
import { createApp } from 'vue'
import type { App } from 'vue'
import { createI18n } from 'vue-i18n'
import { CLIENT_KEY } from '../api'
import en from '../i18n/en'
import type { FakeClient } from './fake-client'
import { createFakeClient } from './fake-client'

/** English messages that fail the test on a missing key instead of printing the key. */
export function strictI18n() {
  return createI18n({
    legacy: false,
    locale: 'en',
    messages: { en },
    missing: (_locale, key) => {
      throw new Error(`missing message: ${key}`)
    },
  })
}

export interface TestApp {
  fake: FakeClient
  pinia: Pinia
  app: App
  /** For @vue/test-utils `mount(…, { global })`. */
  global: { plugins: [Pinia, ReturnType<typeof strictI18n>]; provide: Record<symbol, unknown> }
}

/** A real Pinia, installed on an app that provides a fake client, so stores can be used directly or mounted. */
export function createTestApp(fake: FakeClient = createFakeClient()): TestApp {
  const pinia = createPinia()
  const app = createApp({})
  app.provide(CLIENT_KEY, fake.client)
  app.use(pinia)
  setActivePinia(pinia)
  const i18n = strictI18n()
  return { fake, pinia, app, global: { plugins: [pinia, i18n], provide: { [CLIENT_KEY]: fake.client } } }
}
