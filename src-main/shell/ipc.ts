/**
 * The only file that touches ipcMain (docs/ARCHITECTURE.md §2.3, §2.4). Registers every invoke channel of the
 * contract; for each call it checks the sender (the main frame of our window, showing our page), validates
 * the arguments against the contract's schemas, and passes them to the BridgeService. Events from the service
 * go to the window.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import {
  INVOKE_CHANNELS,
  isEventName,
  type Envelope,
  type InvokeChannel,
} from '../../src-shared/ipc/contract'
import { parseInvokeArgs } from '../../src-shared/ipc/schemas'
import type { BridgeService, Caller } from '../core/bridge/types'
import type { Disposer, Logger } from '../core/ports'
import { isTrustedSender, type RendererLocation, type SenderFacts } from './policy'

export { isTrustedSender } from './policy'

/** The desktop window has full rights. */
const ELECTRON_CALLER: Caller = { shell: 'electron', readOnly: false }

export interface IpcOptions {
  service: BridgeService
  /** The main window, or null while there is none. */
  window: () => BrowserWindow | null
  location: RendererLocation
  log: Logger
}

export function senderFacts(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): SenderFacts {
  const frame = event.senderFrame
  return {
    webContentsId: event.sender.id,
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame.parent === null,
  }
}

function liveWindow(get: () => BrowserWindow | null): BrowserWindow | null {
  const w = get()
  return w && !w.isDestroyed() && !w.webContents.isDestroyed() ? w : null
}

export function registerIpc(opts: IpcOptions): Disposer {
  const { service, log } = opts

  const handle = async (
    channel: InvokeChannel,
    event: IpcMainInvokeEvent,
    rest: unknown[],
  ): Promise<Envelope<unknown>> => {
    const win = liveWindow(opts.window)
    const facts = senderFacts(event)
    if (!isTrustedSender(facts, { webContentsId: win?.webContents.id ?? null, location: opts.location })) {
      log.warn('refused an IPC call from an untrusted sender', {
        channel,
        frame: facts.frameUrl?.slice(0, 200) ?? null,
        mainFrame: facts.isMainFrame,
      })
      return {
        ok: false,
        error: { code: 'bad_request', message: `${channel}: this sender may not call the app` },
      }
    }
    if (rest.length > 1) {
      return {
        ok: false,
        error: { code: 'bad_request', message: `${channel}: expected one argument, got ${rest.length}` },
      }
    }
    const parsed = parseInvokeArgs(channel, rest[0])
    if (!parsed.ok) return { ok: false, error: parsed.error }
    try {
      return await service.invoke(channel, parsed.args, ELECTRON_CALLER)
    } catch (e) {
      // The service never throws by contract; if it does, it is a bug: log it, answer generically.
      log.error('IPC handler threw (a bug)', { channel, error: (e as Error).stack ?? String(e) })
      return { ok: false, error: { code: 'internal', message: `${channel} failed; see the log for details` } }
    }
  }

  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, ...rest: unknown[]) => handle(channel, event, rest))
  }

  const offEvents = service.onEvent((event, payload) => {
    if (!isEventName(event)) return
    const win = liveWindow(opts.window)
    if (!win) return
    try {
      win.webContents.send(event, payload)
    } catch (e) {
      log.warn('could not send an event to the window', { event, error: (e as Error).message })
    }
  })

  let disposed = false
  return () => {
    if (disposed) return
    disposed = true
    offEvents()
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel)
  }
}
