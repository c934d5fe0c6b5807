/**
 * The served board's gatekeeping, pure and testable on its own (docs/ARCHITECTURE.md §7.4): which Host names the
 * runner answers to (DNS rebinding), which Origins may open the bridge, the headers every response carries, how
 * strong a token must be, the session cookie a token is exchanged for, and the throttle on wrong tokens.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { isIP } from 'node:net'
import { contentSecurityPolicy } from '../../src-shared/renderer-csp'

/** `localhost`, `::1` and the whole 127.0.0.0/8 block. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === ''
}

/**
 * The host names the runner serves: the loopback names, the bind address, and the names the operator adds
 * (`--allow-host`). Bound to every interface (`0.0.0.0` / `::`), the machine's own addresses count as well.
 * A name outside this set is a DNS-rebinding page (`rebind.example` resolving to us) or a misdirected request.
 */
export function servedHostNames(
  bind: string,
  extra: readonly string[],
  interfaceAddresses: readonly string[] = [],
): Set<string> {
  const names = new Set<string>(['localhost', '127.0.0.1', '::1'])
  const add = (n: string) =>
    names.add(
      n
        .toLowerCase()
        .replace(/^\[|\]$/g, '')
        .replace(/\.$/, ''),
    )
  if (!isWildcard(bind)) add(bind)
  else for (const a of interfaceAddresses) add(a)
  for (const n of extra) add(n)
  return names
}

/** The name in a Host header, lower case, without port or IPv6 brackets; null when the header is malformed. */
export function hostName(header: string | undefined): string | null {
  if (!header || header.length > 300) return null
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s/@]+)(?::(\d{1,5}))?$/.exec(header.trim())
  if (!m) return null
  return (m[1] as string)
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
}

/**
 * Is this Host one of ours? Any 127.x address is loopback and cannot be a rebinding name; every other name must be
 * in `served`.
 */
export function hostAllowed(header: string | undefined, served: ReadonlySet<string>): boolean {
  const name = hostName(header)
  if (name === null) return false
  if (served.has(name)) return true
  return isIP(name) === 4 && isLoopback(name)
}

/**
 * Is the WebSocket's Origin this server itself? Checked after the Host, so `host` is known to be one of ours.
 * Non-browser clients send no Origin and are allowed (they cannot ride a user's cookie).
 */
export function originAllowed(origin: string | undefined, host: string | undefined, tls = false): boolean {
  if (origin === undefined) return true
  if (!host) return false
  try {
    const o = new URL(origin)
    const scheme = tls ? 'https:' : 'http:'
    return o.host === new URL(`${scheme}//${host}`).host && o.protocol === scheme
  } catch {
    return false
  }
}

/**
 * Headers every response carries, whatever its status: errors and refusals included, so a browser treats a 404
 * page the same as the board (no framing, no sniffing, no referrer, the board's own CSP).
 */
export function securityHeaders(o: { tls: boolean }): Record<string, string> {
  const h: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy({ kind: 'web' }),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), payment=()',
  }
  if (o.tls) h['strict-transport-security'] = 'max-age=31536000'
  return h
}

/** The same headers as raw HTTP/1.1 lines, for answers written straight to a socket (refused upgrades). */
export function rawResponse(
  status: number,
  reason: string,
  o: { tls: boolean; extra?: Record<string, string>; body?: string },
): string {
  const body = o.body ?? `${reason}\n`
  const headers: Record<string, string> = {
    ...securityHeaders(o),
    'cache-control': 'no-store',
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
    ...o.extra,
  }
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`)
  return `HTTP/1.1 ${status} ${reason}\r\n${lines.join('\r\n')}\r\n\r\n${body}`
}

/**
 * Why a token is too weak to guard a board, or null when it is strong enough: at least 16 characters, no
 * whitespace or control characters, at least 8 different characters, and about 64 bits by the size of the
 * character classes it uses (so 16 hex characters pass, 16 digits do not).
 */
export function tokenProblem(token: string): string | null {
  const hint = 'generate one with e.g. `openssl rand -hex 24`'
  if (token.length < 16) return `the token must be at least 16 characters (it has ${token.length}); ${hint}`
  if (token.length > 1024) return 'the token must be at most 1024 characters'
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(token))
    return `the token must not contain spaces, line breaks or control characters; ${hint}`
  if (!/^[\x21-\x7e]+$/.test(token))
    return `the token must be printable ASCII (it goes into URLs and cookies); ${hint}`
  const distinct = new Set(token).size
  if (distinct < 8)
    return `the token repeats itself (${distinct} different characters, at least 8 needed); ${hint}`
  let alphabet = 0
  if (/[0-9]/.test(token)) alphabet += 10
  if (/[a-z]/.test(token)) alphabet += 26
  if (/[A-Z]/.test(token)) alphabet += 26
  if (/[^0-9a-zA-Z]/.test(token)) alphabet += 32
  const bits = Math.floor(token.length * Math.log2(alphabet))
  if (bits < 64) return `the token is too easy to guess (about ${bits} bits, at least 64 needed); ${hint}`
  return null
}

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * The session a token is exchanged for: derived from the token, so it survives a restart of the runner (a wall
 * board keeps working) and dies when the token changes; it never reveals the token itself.
 */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('floorwalker board session v1').digest('base64url')
}

/**
 * The cookie's name. Cookies are shared by every port of a host, so two runners on one machine get one each; under
 * TLS the `__Host-` prefix pins it to this host, Secure, Path=/.
 */
export function sessionCookieName(port: number, tls: boolean): string {
  return `${tls ? '__Host-' : ''}floorwalker_${port}`
}

export function sessionCookie(name: string, value: string, tls: boolean): string {
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Strict${tls ? '; Secure' : ''}; Max-Age=31536000`
}

export function clearedCookie(name: string, tls: boolean): string {
  return `${name}=; Path=/; HttpOnly; SameSite=Strict${tls ? '; Secure' : ''}; Max-Age=0`
}

/** One cookie's value from a Cookie header (the first of that name), or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}

/** The bearer token of an Authorization header (for non-browser clients), or null. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return m ? (m[1] as string) : null
}

export interface ThrottleOptions {
  now: () => number
  /** Wrong tokens forgiven before the first lockout (a typo, a stale bookmark). */
  freeFailures?: number
  /** The first lockout; each further failure doubles it. */
  baseMs?: number
  maxMs?: number
  /** A quiet address is forgotten after this long. */
  forgetMs?: number
  /** At most this many addresses are remembered (the oldest goes first), so a spray of addresses costs bounded memory. */
  maxAddresses?: number
}

interface ThrottleEntry {
  failures: number
  lockedUntil: number
  last: number
}

/**
 * Failed tokens per remote address, with an exponential lockout: after `freeFailures` wrong tokens, each further
 * one locks the address out for `baseMs`·2ⁿ (at most `maxMs`). While locked out, even the right token is refused,
 * so guessing is limited to a handful of tries per hour. Behind a reverse proxy every client shares its address.
 */
export class FailureThrottle {
  private readonly entries = new Map<string, ThrottleEntry>()
  private readonly now: () => number
  private readonly free: number
  private readonly baseMs: number
  private readonly maxMs: number
  private readonly forgetMs: number
  private readonly maxAddresses: number

  constructor(o: ThrottleOptions) {
    this.now = o.now
    this.free = o.freeFailures ?? 3
    this.baseMs = o.baseMs ?? 1_000
    this.maxMs = o.maxMs ?? 15 * 60_000
    this.forgetMs = o.forgetMs ?? 60 * 60_000
    this.maxAddresses = o.maxAddresses ?? 10_000
  }

  /** Milliseconds this address must still wait, 0 when it may try. */
  retryAfterMs(address: string): number {
    const e = this.entries.get(address)
    if (!e) return 0
    const t = this.now()
    if (t - e.last > this.forgetMs && t >= e.lockedUntil) {
      this.entries.delete(address)
      return 0
    }
    return Math.max(0, e.lockedUntil - t)
  }

  /** A wrong token from this address; returns the lockout it now has (ms, 0 while still forgiven). */
  failure(address: string): number {
    const t = this.now()
    let e = this.entries.get(address)
    if (e && t - e.last > this.forgetMs) e = undefined
    if (!e) {
      if (this.entries.size >= this.maxAddresses) {
        const oldest = this.entries.keys().next().value
        if (oldest !== undefined) this.entries.delete(oldest)
      }
      e = { failures: 0, lockedUntil: 0, last: t }
    }
    this.entries.delete(address) // re-inserted last: the Map's order is the eviction order
    e.failures += 1
    e.last = t
    const over = e.failures - this.free
    const lock = over > 0 ? Math.min(this.maxMs, this.baseMs * 2 ** (over - 1)) : 0
    e.lockedUntil = lock > 0 ? t + lock : 0
    this.entries.set(address, e)
    return lock
  }

  /** The right token: the address starts afresh. */
  success(address: string): void {
    this.entries.delete(address)
  }

  get size(): number {
    return this.entries.size
  }
}

/**
 * At most `perWindow` log lines of one kind per window; the rest are counted and reported in one line when the
 * next window opens. A flood of bad clients costs a few lines a minute, never one per frame or per connection.
 */
export class LogBudget {
  private windowStart = 0
  private used = new Map<string, number>()
  private dropped = new Map<string, number>()

  constructor(
    private readonly now: () => number,
    private readonly perWindow = 20,
    private readonly windowMs = 60_000,
  ) {}

  /** May a line of this kind be written now? `onDropped` is told how many were held back last window. */
  take(kind: string, onDropped: (kind: string, count: number) => void): boolean {
    const t = this.now()
    if (t - this.windowStart >= this.windowMs) {
      for (const [k, n] of this.dropped) onDropped(k, n)
      this.windowStart = t
      this.used = new Map()
      this.dropped = new Map()
    }
    const n = this.used.get(kind) ?? 0
    if (n >= this.perWindow) {
      this.dropped.set(kind, (this.dropped.get(kind) ?? 0) + 1)
      return false
    }
    this.used.set(kind, n + 1)
    return true
  }
}
