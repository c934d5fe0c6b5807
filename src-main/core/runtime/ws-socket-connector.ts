import WebSocket from 'ws'
import { redactUrl } from '../http/failures'
import { DEFAULT_MAX_MESSAGE_BYTES, type Disposer, type MessageSocket, type SocketConnector } from '../ports'

type OpenResult = Awaited<ReturnType<SocketConnector['open']>>

/**
 * The real SocketConnector: text WebSockets with the `ws` package. Handshake rejections, refused connections
 * and timeouts come back as data. URLs can carry a token (Chronicall's auth_token,
 * docs/vendors/chronicall.md §6.6), so no detail text ever contains the URL as given, only its redacted form.
 */
export class WsSocketConnector implements SocketConnector {
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
      const socket = wrap(ws, maxBytes)
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
function wrap(ws: WebSocket, maxBytes: number): MessageSocket {
  const messageFns = new Set<(text: string) => void>()
  const closeFns = new Set<(code: number, reason: string) => void>()
  let pending: string[] | null = []
  let pendingBytes = 0
  let closedWith: [number, string] | null = null
  ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    if (isBinary) return
    const text = toText(data)
    if (messageFns.size === 0) {
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
    for (const fn of [...messageFns]) fn(text)
  })
  // Past maxPayload ws fails the socket ('error', then 'close' with 1006 when the peer does not answer our 1009):
  // report it as what it is, 1009 (message too big), for the opener to say so.
  let tooBig = false
  ws.on('error', (e: Error & { code?: string }) => {
    if (e.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') tooBig = true
  })
  ws.on('close', (code: number, reason: Buffer) => {
    closedWith = tooBig ? [1009, `a message larger than ${maxBytes} bytes`] : [code, reason.toString('utf8')]
    for (const fn of [...closeFns]) fn(closedWith[0], closedWith[1])
  })
  return {
    onMessage: (fn): Disposer => {
      messageFns.add(fn)
      if (pending !== null) {
        const queued = pending
        pending = null
        for (const text of queued) fn(text)
      }
      return () => {
        messageFns.delete(fn)
      }
    },
    onClose: (fn): Disposer => {
      closeFns.add(fn)
      if (closedWith !== null) fn(closedWith[0], closedWith[1])
      return () => {
        closeFns.delete(fn)
      }
    },
    close: () => {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000)
    },
  }
}
