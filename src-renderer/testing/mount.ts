import { createPinia, setActivePinia } from 'pinia'
import type { Pinia } from 'pinia'
import { createApp } from 'vue'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, onTestFinished, vi } from 'vitest'
import type { App } from 'vue'
import { createI18n } from 'vue-i18n'
import type { Router } from 'vue-router'
import { createMemoryHistory, createWebHashHistory } from 'vue-router'
import { CLIENT_KEY } from '../api'
import en from '../i18n/en'
import { createAppRouter } from '../router'
import { useLiveStore } from '../stores/live'
import type { LiveState } from '../../src-shared/live'
import { liveState, T0 } from './fixtures'
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
  /** The board's routes (on the page's hash where there is a page). */
  router: Router
  /** For @vue/test-utils `mount(…, { global })`. */
  global: { plugins: [Pinia, ReturnType<typeof strictI18n>, Router]; provide: Record<symbol, unknown> }
}

/** A real Pinia, installed on an app that provides a fake client, so stores can be used directly or mounted. */
export function createTestApp(fake: FakeClient = createFakeClient()): TestApp {
  const pinia = createPinia()
  const app = createApp({})
  app.provide(CLIENT_KEY, fake.client)
  // Under happy-dom the page's hash, as in the app; a store test under plain Node has no page.
  const router = createAppRouter(
    typeof window === 'undefined' ? createMemoryHistory() : createWebHashHistory(),
  )
  app.use(router)
  // Installing the router starts the first navigation, which loads the overview's chunk. A store test can end
  // before that import does, and vitest then tears the environment down under it (an EnvironmentTeardownError
  // reported after the run, or counted as an error of the run on a loaded machine): the test waits for it.
  // (Without a page, vue-router makes no first navigation.)
  if (typeof window !== 'undefined') onTestFinished(() => router.isReady().catch(() => undefined))
  app.use(pinia)
  setActivePinia(pinia)
  const i18n = strictI18n()
  return {
    fake,
    pinia,
    app,
    router,
    global: { plugins: [pinia, i18n, router], provide: { [CLIENT_KEY]: fake.client } },
  }
}

/**
 * Resolves when the next navigation has finished and the page shows its view (a view is its own chunk, loaded on
 * first use). Call it after the first navigation (`await router.isReady()`) and before the click or key press
 * that navigates.
 */
export function navigated(router: Router): Promise<void> {
  return new Promise<void>((resolve) => {
    const off = router.afterEach((_to, _from, failure) => {
      if (failure) return
      off()
      resolve()
    })
  }).then(async () => {
    await flushPromises()
  })
}

/**
 * What the board's live store holds for a test: `liveState` at T0 with these rows and connections, put in the
 * store as `live:get` would. Returns the store.
 */
export function seedLive(over: Partial<LiveState> = {}) {
  const live = useLiveStore()
  live.replaceAll(liveState({ serverNow: T0, ...over }))
  return live
}

/**
 * For a suite that mounts views on the page: each test starts at T0 (fake timers) with empty storage and no
 * route in the address, and leaves real timers, an empty body and no route behind.
 */
export function usePageAtT0(): void {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
    localStorage.clear()
    window.location.hash = ''
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
    window.location.hash = ''
  })
}
