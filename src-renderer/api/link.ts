/**
 * The state of the renderer's link to main. In Electron the preload bridge is always there; in a browser the
 * WebSocket to the headless runner can drop, and the board says so instead of showing frozen numbers as live.
 */
export type LinkState = 'connecting' | 'open' | 'lost'

export interface LinkStatus {
  state: LinkState
  /** From the web bridge's hello: a client without a token may only look. `null` = not told (Electron). */
  readOnly: boolean | null
  /** epoch ms (local clock) of the next reconnect attempt while `lost`, else null. */
  retryAt: number | null
}

export interface BridgeLink {
  current(): LinkStatus
  /** Called on every change; returns a disposer. */
  onChange(listener: (status: LinkStatus) => void): () => void
}

/** The preload bridge lives as long as the window: its link never drops. */
export const ALWAYS_OPEN_LINK: BridgeLink = {
  current: () => ({ state: 'open', readOnly: null, retryAt: null }),
  onChange: () => () => {},
}
