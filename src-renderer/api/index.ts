/**
 * The renderer's only door to main. Stores call `useClient()`; components never talk to main directly.
 */
import type { App, InjectionKey } from 'vue'
import { inject } from 'vue'
import { getBridge } from './bridge'
import type { FloorwalkerClient } from './client'
import { createClient } from './client'

export { BridgeCallError, createClient } from './client'
export type { FloorwalkerClient } from './client'
export { BridgeUnavailableError, chooseBridge, getBridge, pageFacts } from './bridge'
export type { BridgeChoice, BridgeUnavailableReason, PageFacts, RendererBridge } from './bridge'
export type { BridgeLink, LinkState, LinkStatus } from './link'

export const CLIENT_KEY: InjectionKey<FloorwalkerClient> = Symbol('floorwalker-client')

/** Make `client` (by default the real bridge of this window) available to every store and component of `app`. */
export function provideClient(app: App, client?: FloorwalkerClient): FloorwalkerClient {
  const c =
    client ??
    (() => {
      const bridge = getBridge()
      return createClient(bridge, bridge.link)
    })()
  app.provide(CLIENT_KEY, c)
  return c
}

/** The client provided to the app; stores call this in their setup. */
export function useClient(): FloorwalkerClient {
  const client = inject(CLIENT_KEY, null)
  if (!client) throw new Error('No Floorwalker client: call provideClient(app) before using stores.')
  return client
}
