import type { FloorwalkerBridge } from '../../src-shared/ipc/contract'
import { WEB_BRIDGE_META_NAME } from '../../src-shared/ipc/wire'
import type { BridgeLink } from './link'
import { ALWAYS_OPEN_LINK } from './link'
import { bridgeUrl, createWebSocketBridge } from './ws-bridge'

declare global {
  interface Window {
    /** Exposed by src-preload in the desktop app; absent in a browser. */
    floorwalker?: FloorwalkerBridge
  }
}

/** A bridge plus the state of its link (always open for the preload bridge). */
export interface RendererBridge extends FloorwalkerBridge {
  readonly link: BridgeLink
}

/** Why this page has no way to main. */
export type BridgeUnavailableReason =
  /** The desktop app's own page (app://floorwalker/) without `window.floorwalker`: the preload did not run. */
  | 'preload-missing'
  /** Neither the app's page nor one the headless runner served: nothing to talk to. */
  | 'not-served'

/**
 * How this page reaches main, decided once from how it was loaded:
 * - the preload's `window.floorwalker` (the desktop app);
 * - the WebSocket of the headless runner that served this page — only when that server marked the page as its own
 *   (src-shared/ipc/wire.ts), so the desktop app never falls back to a socket nobody serves;
 * - otherwise nothing, and the page says why instead of showing an empty board.
 */
export type BridgeChoice =
  | { kind: 'preload'; bridge: FloorwalkerBridge }
  | { kind: 'websocket'; url: string }
  | { kind: 'unavailable'; reason: BridgeUnavailableReason; where: string }

/** What the choice looks at (a window in the app; plain objects in tests). */
export interface PageFacts {
  floorwalker?: FloorwalkerBridge | undefined
  location: { protocol: string; host: string; search: string; origin: string }
  /** Whether the page carries the headless runner's web-bridge tag. */
  servedByWebBridge: boolean
}

export function chooseBridge(page: PageFacts): BridgeChoice {
  if (page.floorwalker) return { kind: 'preload', bridge: page.floorwalker }
  const { protocol } = page.location
  if (page.servedByWebBridge && (protocol === 'http:' || protocol === 'https:'))
    return { kind: 'websocket', url: bridgeUrl(page.location) }
  const where =
    protocol === 'http:' || protocol === 'https:'
      ? page.location.origin
      : `${protocol}//${page.location.host}`
  return { kind: 'unavailable', reason: protocol === 'app:' ? 'preload-missing' : 'not-served', where }
}

/** The facts of this window. */
export function pageFacts(): PageFacts {
  const meta = document.querySelector(`meta[name="${WEB_BRIDGE_META_NAME}"]`)
  return {
    floorwalker: window.floorwalker,
    location: window.location,
    servedByWebBridge: meta?.getAttribute('content') === 'websocket',
  }
}

/** Thrown by getBridge() on a page that has no bridge (main.ts shows the reason instead of the board). */
export class BridgeUnavailableError extends Error {
  constructor(
    readonly reason: BridgeUnavailableReason,
    readonly where: string,
  ) {
    super(
      reason === 'preload-missing'
        ? 'window.floorwalker is missing: the preload did not run in this window'
        : `this page (${where}) was served neither by the Floorwalker app nor by its headless runner`,
    )
    this.name = 'BridgeUnavailableError'
  }
}

const bridges = new WeakMap<Window, RendererBridge>()

/** The bridge to main for this window (one per window); throws {@link BridgeUnavailableError} when it has none. */
export function getBridge(): RendererBridge {
  const existing = bridges.get(window)
  if (existing) return existing
  const choice = chooseBridge(pageFacts())
  let bridge: RendererBridge
  if (choice.kind === 'preload') {
    const exposed = choice.bridge
    bridge = {
      invoke: (channel, args) => exposed.invoke(channel, args),
      on: (e, l) => exposed.on(e, l),
      link: ALWAYS_OPEN_LINK,
    }
  } else if (choice.kind === 'websocket') {
    bridge = createWebSocketBridge({ url: choice.url })
  } else {
    throw new BridgeUnavailableError(choice.reason, choice.where)
  }
  bridges.set(window, bridge)
  return bridge
}
