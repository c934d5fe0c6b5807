/**
 * The WebSocket form of the IPC contract, used by the headless runner's `--serve` bridge and the renderer's
 * browser transport. Same channels, same schemas, same envelopes as the preload; only the framing differs.
 * Path: `/bridge` (with `?token=…` when the server requires one for changes).
 */
import type { Envelope } from './contract'

export const BRIDGE_PATH = '/bridge'

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
