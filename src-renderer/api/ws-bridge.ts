/**
 * The browser transport: the same FloorwalkerBridge as the preload, over the WebSocket framing of
 * src-shared/ipc/wire.ts, served by the headless runner's `--serve`. It reconnects with backoff when the
 * socket drops, lets invokes made while disconnected wait briefly, and reports its link state.
 */
import type {
  BridgeError,
  Envelope,
  EventName,
  EventPayloads,
  FloorwalkerBridge,
  InvokeArgs,
  InvokeChannel,
  InvokeResult,
} from '../../src-shared/ipc/contract'
import { createEmitter, type Emitter } from '../../src-shared/emitter'
import { isEventName } from '../../src-shared/ipc/contract'
import type { WireInvoke, WireServerMessage } from '../../src-shared/ipc/wire'
import { BRIDGE_PATH } from '../../src-shared/ipc/wire'
import type { BridgeLink, LinkStatus } from './link'

/** The part of the DOM WebSocket this client uses (so tests can hand in a fake). */
export interface WebSocketLike {
  readonly readyState: number
  onopen: ((event: unknown) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  send(data: string): void
  close(code?: number, reason?: string): void
}

export interface TimerPort {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  now(): number
}

export interface WebSocketBridgeOptions {
  url: string
  createSocket?: (url: string) => WebSocketLike
  timers?: TimerPort
  random?: () => number
  /** How long an invoke made while disconnected waits for the link before failing. */
  connectWaitMs?: number
  /** How long a sent invoke waits for its result. */
  invokeTimeoutMs?: number
  /** Reconnect delay: doubles from `initialMs` up to `maxMs`, with jitter. */
  backoff?: { initialMs: number; maxMs: number }
}

export interface WebSocketBridge extends FloorwalkerBridge {
  readonly link: BridgeLink
  /** Close the socket, stop reconnecting and fail whatever is still waiting. */
  dispose(): void
}

const OPEN = 1

/**
 * `ws(s)://<host>/bridge`. Never with a token: the server exchanged the page's `?token=` for an HttpOnly cookie
 * before the page loaded, and the browser sends that cookie with the upgrade (docs/ARCHITECTURE.md §7.4).
 */
export function bridgeUrl(location: { protocol: string; host: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}${BRIDGE_PATH}`
}

function failure(message: string): { ok: false; error: BridgeError } {
  return { ok: false, error: { code: 'internal', message } }
}

const defaultTimers: TimerPort = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  now: () => Date.now(),
}

interface Pending {
  frame: string
  resolve: (envelope: Envelope<unknown>) => void
  timer: unknown
  sent: boolean
}

function parseServerMessage(data: unknown): WireServerMessage | null {
  if (typeof data !== 'string') return null
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const t = (value as { t?: unknown }).t
  if (t === 'hello' || t === 'result' || t === 'event') return value as WireServerMessage
  return null
}

export function createWebSocketBridge(options: WebSocketBridgeOptions): WebSocketBridge {
  const createSocket =
    options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike)
  const timers = options.timers ?? defaultTimers
  const random = options.random ?? Math.random
  const connectWaitMs = options.connectWaitMs ?? 4_000
  const invokeTimeoutMs = options.invokeTimeoutMs ?? 30_000
  const backoff = options.backoff ?? { initialMs: 500, maxMs: 10_000 }

  const listeners = new Map<EventName, Emitter<unknown>>()
  const linkChanges = createEmitter<LinkStatus>((err) =>
    console.error('floorwalker: a link status listener failed', err),
  )
  const pending = new Map<number, Pending>()
  let status: LinkStatus = { state: 'connecting', readOnly: null, retryAt: null }
  let socket: WebSocketLike | null = null
  let reconnectTimer: unknown = null
  let attempt = 0
  let nextId = 1
  let disposed = false

  function setStatus(next: Partial<LinkStatus>): void {
    status = { ...status, ...next }
    linkChanges.emit(status)
  }

  function settle(id: number, envelope: Envelope<unknown>): void {
    const p = pending.get(id)
    if (!p) return
    pending.delete(id)
    timers.clearTimeout(p.timer)
    p.resolve(envelope)
  }

  function send(id: number, p: Pending): void {
    if (!socket || socket.readyState !== OPEN) return
    try {
      socket.send(p.frame)
    } catch {
      return
    }
    p.sent = true
    timers.clearTimeout(p.timer)
    p.timer = timers.setTimeout(
      () => settle(id, failure('Floorwalker did not answer in time')),
      invokeTimeoutMs,
    )
  }

  function connect(): void {
    if (disposed) return
    reconnectTimer = null
    let ws: WebSocketLike
    try {
      ws = createSocket(options.url)
    } catch {
      scheduleReconnect()
      return
    }
    socket = ws
    ws.onopen = () => {
      if (socket !== ws) return
      attempt = 0
      setStatus({ state: 'open', retryAt: null })
      for (const [id, p] of pending) if (!p.sent) send(id, p)
    }
    ws.onmessage = (event) => {
      if (socket !== ws) return
      const msg = parseServerMessage(event.data)
      if (!msg) return
      if (msg.t === 'hello') setStatus({ readOnly: msg.readOnly })
      else if (msg.t === 'result') settle(msg.id, msg.envelope)
      else if (isEventName(msg.event)) dispatch(msg.event, msg.payload)
    }
    ws.onerror = () => {
      // A close event always follows; reconnecting is handled there.
    }
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      // Results of invokes already sent can no longer arrive: fail them rather than let them hang.
      for (const [id, p] of pending) {
        if (p.sent) settle(id, failure('connection to Floorwalker lost'))
      }
      scheduleReconnect()
    }
  }

  function scheduleReconnect(): void {
    if (disposed) return
    const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt)
    attempt += 1
    const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2)
    reconnectTimer = timers.setTimeout(connect, delay)
    setStatus({ state: 'lost', retryAt: timers.now() + delay })
  }

  function dispatch(event: EventName, payload: unknown): void {
    listeners.get(event)?.emit(payload)
  }

  function invoke<C extends InvokeChannel>(
    channel: C,
    args: InvokeArgs<C>,
  ): Promise<Envelope<InvokeResult<C>>> {
    if (disposed) return Promise.resolve(failure('the Floorwalker bridge is closed'))
    const id = nextId++
    const frame: WireInvoke = { t: 'invoke', id, channel, args }
    return new Promise((resolve) => {
      const p: Pending = {
        frame: JSON.stringify(frame),
        resolve: resolve as (envelope: Envelope<unknown>) => void,
        sent: false,
        timer: timers.setTimeout(() => settle(id, failure('connection to Floorwalker lost')), connectWaitMs),
      }
      pending.set(id, p)
      send(id, p)
    })
  }

  function on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    let emitter = listeners.get(event)
    if (!emitter) {
      emitter = createEmitter<unknown>((err) =>
        console.error(`floorwalker: a '${event}' listener failed`, err),
      )
      listeners.set(event, emitter)
    }
    // dispatch() hands each event only the payload of its own name (the wire message names it).
    return emitter.subscribe(listener as (payload: unknown) => void)
  }

  function dispose(): void {
    if (disposed) return
    disposed = true
    if (reconnectTimer !== null) timers.clearTimeout(reconnectTimer)
    const ws = socket
    socket = null
    ws?.close(1000, 'closing')
    for (const id of [...pending.keys()]) settle(id, failure('the Floorwalker bridge is closed'))
    for (const emitter of listeners.values()) emitter.clear()
    listeners.clear()
    linkChanges.clear()
  }

  const link: BridgeLink = {
    current: () => status,
    onChange: linkChanges.subscribe,
  }

  connect()
  return { invoke, on, link, dispose }
}
