import { messageOf } from '../../src-shared/result'
import type { ConfigIssue } from '../../src-shared/config'
import type {
  BridgeErrorCode,
  EventName,
  EventPayloads,
  FloorwalkerBridge,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
} from '../../src-shared/ipc/contract'
import type { BridgeLink } from './link'
import { ALWAYS_OPEN_LINK } from './link'

/** An invoke that main answered with `{ ok: false }` (or that could not reach main at all: code `internal`). */
export class BridgeCallError extends Error {
  readonly code: BridgeErrorCode
  readonly channel: InvokeChannel
  readonly issues: ConfigIssue[]

  constructor(channel: InvokeChannel, code: BridgeErrorCode, message: string, issues: ConfigIssue[] = []) {
    super(message)
    this.name = 'BridgeCallError'
    this.channel = channel
    this.code = code
    this.issues = issues
  }
}

/** What stores use: typed invokes that resolve to the value or throw a {@link BridgeCallError}. */
export interface FloorwalkerClient {
  invoke<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<InvokeResult<C>>
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
  readonly link: BridgeLink
}

export function createClient(
  bridge: FloorwalkerBridge,
  link: BridgeLink = ALWAYS_OPEN_LINK,
): FloorwalkerClient {
  return {
    async invoke(channel, args) {
      let envelope
      try {
        envelope = await bridge.invoke(channel, args)
      } catch (err) {
        // The bridges answer with envelopes; a rejection means the transport itself broke.
        throw new BridgeCallError(channel, 'internal', messageOf(err))
      }
      if (envelope.ok) return envelope.value
      throw new BridgeCallError(channel, envelope.error.code, envelope.error.message, envelope.error.issues)
    },
    on: (event, listener) => bridge.on(event, listener),
    link,
  }
}
