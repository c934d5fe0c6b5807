/**
 * The WebSocket form of the IPC contract, used by the headless runner's `--serve` bridge and the renderer's
 * browser transport. Same channels, same schemas, same envelopes as the preload; only the framing differs.
 * Path: `/bridge`; a client with the token sends the session cookie (browsers) or `Authorization: Bearer` (scripts).
 */
import type { Envelope } from './contract'

export const BRIDGE_PATH = '/bridge'

/**
 * How a page knows it was served by the headless runner (and so talks over this WebSocket): the runner adds this
 * tag to the page it serves. The desktop app's page never has it, so a missing preload bridge there is an error
 * shown as such, never a silent attempt at a socket nobody serves.
 */
export const WEB_BRIDGE_META_NAME = 'floorwalker-bridge'
export const WEB_BRIDGE_META = `<meta name="${WEB_BRIDGE_META_NAME}" content="websocket" />`

/** The page's HTML with the web-bridge tag added at the top of its head (or after the doctype, without one). */
export function markServedByWebBridge(html: string): string {
  const anchor = /<head[^>]*>/i.exec(html) ?? /<!doctype[^>]*>/i.exec(html)
  const at = anchor ? anchor.index + anchor[0].length : 0
  return html.slice(0, at) + WEB_BRIDGE_META + html.slice(at)
}

/** client → server */
export interface WireInvoke {
  t: 'invoke'
  /** Client-chosen, echoed in the result. */
  id: number
  channel: string
  args: unknown
}

/** server → client */
export type WireServerMessage =
  | { t: 'hello'; readOnly: boolean; version: string }
  | { t: 'result'; id: number; envelope: Envelope<unknown> }
  | { t: 'event'; event: string; payload: unknown }
