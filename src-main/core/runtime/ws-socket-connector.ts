import { messageOf } from '../../../src-shared/result'
import WebSocket from 'ws'
import { redactUrl } from '../http/failures'
import { createEmitter } from '../../../src-shared/emitter'
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  type Disposer,
  type Logger,
  type MessageSocket,
  type SocketConnector,
} from '../ports'

type OpenResult = Awaited<ReturnType<SocketConnector['open']>>

/**
 * The real SocketConnector: text WebSockets with the `ws` package. Handshake rejections, refused connections
 * and timeouts come back as data. URLs can carry a token (Chronicall's auth_token,
 * docs/vendors/chronicall.md §6.6), so no detail text ever contains the URL as given, only its redacted form.
 */
export class WsSocketConnector implements SocketConnector {
  /** `log` hears a message or close listener that threw (a bug in the provider), which then misses nothing else. */
  constructor(private readonly log: Logger) {}

  open(
    url: string,
    opts: { headers?: Record<string, string>; timeoutMs: number; maxMessageBytes?: number },
  ): Promise<OpenResult> {
    const maxBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES
    const safe = (text: string) => (text.includes(url) ? text.split(url).join(redactUrl(url)) : text)
    return new Promise<OpenResult>((resolve) => {
      let settled = false
      const settle = (r: OpenResult) => {
        if (settled) return
        settled = true
        resolve(r)
      }
      let ws: WebSocket
      try {
        ws = new WebSocket(url, {
          headers: opts.headers,
          handshakeTimeout: opts.timeoutMs,
          followRedirects: false,
          // ws checks it against the announced frame length and again after inflating a compressed message, so
          // neither a huge frame nor a small compressed one that expands is read past it: the socket closes with
          // 1009 (message too big) and its 'error' is handled below.
          maxPayload: maxBytes,
        })
      } catch (e) {
        // e.g. "Invalid URL: ws://...?auth_token=...": the message quotes the URL.
        settle({
          ok: false,
          status: null,
          detail: `cannot open ${redactUrl(url)}: ${safe((e as Error).message)}`,
        })
        return
      }
      // An error after settling (or after close) must not become an unhandled 'error' event.
      ws.on('error', (e: Error) => {
        settle({ ok: false, status: null, detail: safe(e.message) })
      })
      ws.once('unexpected-response', (req, res) => {
        const status = res.statusCode ?? null
        settle({
          ok: false,
          status,
          detail: `handshake rejected: HTTP ${status ?? '?'} ${res.statusMessage ?? ''}`.trim(),
        })
        res.resume()
        req.destroy()
        ws.terminate()
      })
      const socket = wrap(ws, maxBytes, this.log)
      ws.once('open', () => settle({ ok: true, socket }))
      ws.once('close', (code) =>
        settle({ ok: false, status: null, detail: `closed during the handshake (code ${code})` }),
      )
    })
  }
}

/**
 * Messages that arrive before anyone listens are kept for the first listener: up to this many, and up to four
 * messages' worth of bytes (a flood before the first listener costs no more than that).
 */
const MAX_PENDING = 10_000
const PENDING_MESSAGES_OF_BYTES = 4

function toText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  return Buffer.from(data).toString('utf8')
}

/**
 * The MessageSocket view of a ws socket. Listeners are attached before the open promise resolves, so a server
 * that talks first (Chronicall sends the current values right after the handshake) loses nothing: messages wait
 * for the first onMessage, and a close that already happened is reported to a late onClose.
 */
function wrap(ws: WebSocket, maxBytes: number, log: Logger): MessageSocket {
  const reportMessage = (e: unknown) => log.error('a socket message listener threw', { error: messageOf(e) })
  const reportClose = (e: unknown) => log.error('a socket close listener threw', { error: messageOf(e) })
  const messages = createEmitter<string>(reportMessage)
  const closes = createEmitter<{ code: number; reason: string }>(reportClose)
  let pending: string[] | null = []
  let pendingBytes = 0
  let closedWith: { code: number; reason: string } | null = null
  ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (isBinary) return
    const text = toText(data)
    if (messages.size === 0) {
      if (
        pending !== null &&
        pending.length < MAX_PENDING &&
        pendingBytes + text.length <= PENDING_MESSAGES_OF_BYTES * maxBytes
      ) {
        pending.push(text)
        pendingBytes += text.length
      }
      return
    }
    messages.emit(text)
  })
  // Past maxPayload ws fails the socket ('error', then 'close' with 1006 when the peer does not answer our 1009):
  // report it as what it is, 1009 (message too big), for the opener to say so.
  let tooBig = false
  ws.on('error', (e: Error & { code?: string }) => {
    if (e.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') tooBig = true
  })
  ws.on('close', (code: number, reason: Buffer) => {
    closedWith = tooBig
      ? { code: 1009, reason: `a message larger than ${maxBytes} bytes` }
      : { code, reason: reason.toString('utf8') }
    closes.emit(closedWith)
  })
  return {
    onMessage: (fn): Disposer => {
      const off = messages.subscribe(fn)
      if (pending !== null) {
        const queued = pending
        pending = null
        for (const text of queued) {
          try {
            fn(text)
          } catch (e) {
            reportMessage(e)
          }
        }
      }
      return off
    },
    onClose: (fn): Disposer => {
      const off = closes.subscribe(({ code, reason }) => fn(code, reason))
      if (closedWith !== null) {
        try {
          fn(closedWith.code, closedWith.reason)
        } catch (e) {
          reportClose(e)
        }
      }
      return off
    },
    close: () => {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000)
    },
  }
}
