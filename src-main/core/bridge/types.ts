import type {
  BridgeError,
  Envelope,
  EventName,
  EventPayloads,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
} from '../../../src-shared/ipc/contract'
import type { Disposer } from '../ports'

/** Who is calling: the Electron window (full rights) or a web client (read-only without a token). */
export interface Caller {
  shell: 'electron' | 'web'
  readOnly: boolean
}

export type EventListener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void

/** One bridge event as a value, for an emitter of them (`createEmitter<BridgeEvent>`). */
export type BridgeEvent = { [E in EventName]: { event: E; payload: EventPayloads[E] } }[EventName]

/**
 * What both transports (Electron IPC in src-main/shell, the WebSocket bridge in src-main/headless) serve.
 * Arguments reach it already parsed against the contract; it answers with an envelope and never throws.
 */
export interface BridgeService {
  invoke<C extends InvokeChannel>(
    channel: C,
    args: InvokeArgs<C>,
    caller: Caller,
  ): Promise<Envelope<InvokeResult<C>>>
  onEvent(listener: EventListener): Disposer
}

/** Handlers for a subset of channels (one file per domain); the service composes them. */
export type ChannelHandlers<C extends InvokeChannel> = {
  [K in C]: (args: InvokeArgs<K>, caller: Caller) => Promise<InvokeResult<K>>
}

/**
 * Thrown by a channel handler for an expected failure (bad input, read-only caller, keychain missing);
 * the service turns it into `{ ok: false, error }`. Anything else thrown is a bug: logged, shown generically.
 */
export class BridgeFailure extends Error {
  constructor(readonly error: BridgeError) {
    super(error.message)
    this.name = 'BridgeFailure'
  }
}
