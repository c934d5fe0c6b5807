import type {
  EventName,
  EventPayloads,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
} from '../../src-shared/ipc/contract'
import type { FloorwalkerClient } from '../api/client'
import { BridgeCallError } from '../api/client'
import type { LinkStatus } from '../api/link'

type Handler<C extends InvokeChannel> = (args: InvokeArgs<C>) => InvokeResult<C> | Promise<InvokeResult<C>>

/** A client whose invokes are answered by handlers and whose events and link are driven by the test. */
export interface FakeClient {
  client: FloorwalkerClient
  handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): void
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void
  setLink(status: Partial<LinkStatus>): void
  calls: { channel: InvokeChannel; args: unknown }[]
  listenerCount(event: EventName): number
}

export function createFakeClient(): FakeClient {
  const handlers = new Map<InvokeChannel, (args: unknown) => unknown>()
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const linkListeners = new Set<(status: LinkStatus) => void>()
  let link: LinkStatus = { state: 'open', readOnly: null, retryAt: null }
  const calls: { channel: InvokeChannel; args: unknown }[] = []

  const client: FloorwalkerClient = {
    async invoke<C extends InvokeChannel>(channel: C, args: InvokeArgs<C>): Promise<InvokeResult<C>> {
      calls.push({ channel, args })
      const handler = handlers.get(channel)
      if (!handler) throw new BridgeCallError(channel, 'not_found', `no handler for ${channel}`)
      return (await handler(args)) as InvokeResult<C>
    },
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      const entry = listener as (payload: unknown) => void
      set.add(entry)
      return () => {
        set.delete(entry)
      }
    },
    link: {
      current: () => link,
      onChange(listener) {
        linkListeners.add(listener)
        return () => {
          linkListeners.delete(listener)
        }
      },
    },
  }

  return {
    client,
    calls,
    handle(channel, handler) {
      handlers.set(channel, handler as (args: unknown) => unknown)
    },
    emit(event, payload) {
      for (const l of [...(listeners.get(event) ?? [])]) l(payload)
    },
    setLink(status) {
      link = { ...link, ...status }
      for (const l of [...linkListeners]) l(link)
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  }
}
