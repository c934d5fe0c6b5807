/**
 * Ports: what core needs from the outside world, passed in by the composition roots (src-main/index.ts and the
 * headless CLI). Core has no Date.now(), bare setTimeout, global fetch or module-level mutable state.
 */

/** A function that undoes a start (stops a timer, closes a server, removes a listener). Idempotent. */
export type Disposer = () => void

export interface Clock {
  /** Epoch ms UTC. */
  now(): number
  /** Call `fn` once after `ms`; the disposer cancels it. */
  setTimer(ms: number, fn: () => void): Disposer
}

/**
 * Gives the event loop a turn in the middle of long synchronous work (the simulator catching up its day for 2,000
 * agents takes seconds), so IPC answers, page loads and timers are not held up; resolves when the work may go on.
 * Called often; the runtime decides when it really yields (runtime/loop-yield.ts). Without one, work runs through.
 */
export type LoopYield = () => Promise<void>

/** Returns a float in [0, 1): injected so backoff jitter is testable. */
export type Random = () => number

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
  child(scope: string): Logger
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  url: string
  headers?: Record<string, string>
  body?: string
  /** Abort after this many ms; the result is then `timeout`. */
  timeoutMs: number
  signal?: AbortSignal
  /** Caps on the answer; absent: {@link DEFAULT_RESPONSE_LIMITS}. Over a cap the result is `too_large`. */
  limits?: ResponseLimits
  /** Which redirects to follow; absent: up to 20, to any host (the Fetch standard's rule). */
  redirects?: RedirectPolicy
}

/**
 * How much of an answer is read (docs/ARCHITECTURE.md §3.2, "Hostile answers"): the body is streamed and reading
 * stops past a cap, so a huge body or a compression bomb costs no more than the cap.
 */
export interface ResponseLimits {
  /** Largest body after Content-Encoding is undone, bytes. */
  maxBytes: number
  /** Largest body as it travels (still compressed), bytes. */
  maxWireBytes: number
  /** Whose limit it is, for the message ("8x8" gives "limit for 8x8"). */
  owner?: string
}

export const DEFAULT_RESPONSE_LIMITS: ResponseLimits = {
  maxBytes: 32 * 1024 * 1024,
  maxWireBytes: 32 * 1024 * 1024,
}

export interface RedirectPolicy {
  /** Most redirects one request follows; one more is a `redirect` failure. */
  max: number
  /** Hosts (lower case, no port) a redirect may lead to besides the request's own; null: any host. */
  allowedHosts: readonly string[] | null
}

export interface HttpResponse {
  status: number
  /** Lower-case header names. `set-cookie` lines are joined with "\n" (see `setCookies`). */
  headers: Record<string, string>
  /** Every Set-Cookie line, separately. */
  setCookies: string[]
  body: string
  url: string
}

/** Expected transport failures are data, never throws (STYLE: "Expected failures are data"). */
export type HttpResult =
  { ok: true; response: HttpResponse } | { ok: false; code: HttpFailureCode; detail: string }

/**
 * `too_large`: the answer went past a {@link ResponseLimits} cap (the detail names it); `redirect`: too many
 * redirects, or one to a host the {@link RedirectPolicy} does not allow (the detail names the host).
 */
export type HttpFailureCode = 'timeout' | 'network' | 'aborted' | 'too_large' | 'redirect'

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResult>
}

/** Where the secret of a connection comes from (keychain, session memory or env in headless). */
export interface SecretSource {
  get(connectionId: string): Promise<string | null>
}

/** The largest WebSocket message a socket takes when its opener names no cap: 8 MB, as most vendors' answers. */
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024

/** A text WebSocket (vendor push feeds). */
export interface MessageSocket {
  onMessage(fn: (text: string) => void): Disposer
  onClose(fn: (code: number, reason: string) => void): Disposer
  close(): void
}

export interface SocketConnector {
  /**
   * Open a socket; expected failures (refused, handshake rejected, timeout) are data. `maxMessageBytes` caps one
   * message (after decompression) as HTTP answers are capped: a larger one closes the socket with code 1009
   * before it is read whole. Without it, {@link DEFAULT_MAX_MESSAGE_BYTES}.
   */
  open(
    url: string,
    opts: { headers?: Record<string, string>; timeoutMs: number; maxMessageBytes?: number },
  ): Promise<{ ok: true; socket: MessageSocket } | { ok: false; status: number | null; detail: string }>
}

/**
 * Whether this computer has a network (Electron's `net.isOnline()` and its changes in the app; headless has no OS
 * signal). The engine stops polling while offline, and tells "this computer is offline" apart from "a vendor is
 * unreachable" with `probe` when every vendor fails at the network level at once.
 */
export interface Connectivity {
  /** The OS view now. `false` should be reliable (no interface up); `true` may be optimistic. */
  isOnline(): boolean
  /** Called with the new value when the OS view changes. */
  onChange(fn: (online: boolean) => void): Disposer
  /**
   * A cheap check that packets leave this computer (a DNS lookup / TCP handshake, never a vendor API request).
   * Resolves true when the network answered; never rejects; should settle within a few seconds.
   */
  probe?(): Promise<boolean>
}

/**
 * Whether the desktop app starts when the user signs in to the OS (the "Start at login" preference). The app's
 * adapters: Electron's login item settings on Windows and macOS, an XDG autostart entry on Linux. The headless
 * runner has none.
 */
export interface LoginItem {
  /** What the OS will do at the next sign-in (the user may have changed it in the OS's own settings). */
  isEnabled(): Promise<boolean>
  /** Turn starting at login on or off; a failure (a folder that cannot be written) is data, with what and where. */
  setEnabled(enabled: boolean): Promise<{ ok: true } | { ok: false; detail: string }>
}
