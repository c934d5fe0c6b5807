import type { FloorwalkerBridge } from '../../src-shared/ipc/contract'
import type { BridgeLink } from './link'
import { ALWAYS_OPEN_LINK } from './link'
import { bridgeUrl, createWebSocketBridge } from './ws-bridge'

declare global {
  interface Window {
    /** Exposed by src-preload in Electron; absent in a browser. */
    floorwalker?: FloorwalkerBridge
  }
}

/** A bridge plus the state of its link (always open for the preload bridge). */
export interface RendererBridge extends FloorwalkerBridge {
  readonly link: BridgeLink
}

const bridges = new WeakMap<Window, RendererBridge>()

/**
 * The bridge to main: the preload's `window.floorwalker` in Electron, else a WebSocket client to the headless
 * runner that served this page. One per window.
 */
export function getBridge(): RendererBridge {
  const existing = bridges.get(window)
  if (existing) return existing
  const exposed = window.floorwalker
  const bridge: RendererBridge = exposed
    ? {
        invoke: (channel, args) => exposed.invoke(channel, args),
        on: (e, l) => exposed.on(e, l),
        link: ALWAYS_OPEN_LINK,
      }
    : createWebSocketBridge({ url: bridgeUrl(window.location) })
  bridges.set(window, bridge)
  return bridge
}
