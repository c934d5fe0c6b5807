/**
 * The bridge the page gets as `window.floorwalker`, built over the few ipcRenderer calls it needs (passed in,
 * so this file has no electron import and is unit-tested under Node). Allow-listed from the contract: anything
 * not in INVOKE_CHANNELS / EVENT_NAMES is refused without touching IPC. Listeners never see the
 * IpcRendererEvent (it would hand the page `sender`, i.e. ipcRenderer itself).
 */
import { messageOf } from '../src-shared/result'
import {
  isEventName,
  isInvokeChannel,
  type Envelope,
  type EventName,
  type EventPayloads,
  type FloorwalkerBridge,
  type InvokeArgs,
  type InvokeChannel,
  type InvokeResult,
} from '../src-shared/ipc/contract'

/** The slice of ipcRenderer the bridge uses. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

export function createBridge(ipc: RendererIpc): FloorwalkerBridge {
  return {
    async invoke<C extends InvokeChannel>(
      channel: C,
      args: InvokeArgs<C>,
    ): Promise<Envelope<InvokeResult<C>>> {
      if (!isInvokeChannel(channel)) {
        return { ok: false, error: { code: 'bad_request', message: `unknown channel "${String(channel)}"` } }
      }
      try {
        return (await ipc.invoke(channel, args === undefined ? null : args)) as Envelope<InvokeResult<C>>
      } catch (e) {
        // Main always answers with an envelope; a rejection means the call never arrived (e.g. during shutdown).
        return {
          ok: false,
          error: { code: 'internal', message: `${channel}: ${messageOf(e)}` },
        }
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
      if (!isEventName(event)) throw new TypeError(`unknown event "${String(event)}"`)
      if (typeof listener !== 'function') throw new TypeError('listener must be a function')
      const wrapped = (_event: unknown, payload: unknown) => listener(payload as EventPayloads[E])
      ipc.on(event, wrapped)
      let active = true
      return () => {
        if (!active) return
        active = false
        ipc.removeListener(event, wrapped)
      }
    },
  }
}
