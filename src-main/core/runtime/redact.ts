/**
 * The one place secrets are taken out of text (docs/ARCHITECTURE.md §3.9). Every sink that can show or keep text
 * (log lines on stderr and in the log file, connection status details and warnings, catch-up summaries, NDJSON
 * lines, exports, connection test reports) passes it through a {@link Redactor}.
 *
 * A Redactor knows the secrets in use (added as they are read from the keychain or the environment, or typed for a
 * test) and finds each of them in every form it travels in:
 * - as typed; JSON-escaped (`JSON.stringify(s).slice(1, -1)`, also with non-ASCII as `\uXXXX`, and escaped twice
 *   for JSON inside JSON);
 * - URL-encoded: `encodeURIComponent` (upper- and lower-case hex), `application/x-www-form-urlencoded` (`+` for a
 *   space), `encodeURI`, and as the URL parser writes it into a path or a `user:password@`;
 * - base64 and base64url at any alignment, so HTTP Basic's `base64(user:secret)` is found without knowing the user
 *   (the whole base64 word around it is replaced);
 * - cut short: a prefix of at least {@link PARTIAL_MIN_CHARS} characters of a form that is at least
 *   {@link PARTIAL_FROM_CHARS} long, where the text ends or shows a cut (`…`, `...`, a quote, a line end), as in a
 *   truncated header dump. A secret split across an error message is out of reach.
 * Independently of known secrets it replaces what has the shape of a credential: `Bearer <token>`, a Basic
 * credential, `password=`/`token=`-like parameters, `"password": "..."`-like JSON members and cookie headers.
 *
 * Secrets shorter than {@link MIN_SECRET_CHARS} are not looked for: they cannot be told apart from ordinary text.
 */
import { Buffer } from 'node:buffer'
import type { Logger, SecretSource } from '../ports'

export const REDACTED = '[redacted]'
/** Shorter secrets are not searched for (three characters match ordinary words). */
export const MIN_SECRET_CHARS = 4
/** A leaked prefix this long of a long secret form is redacted. */
export const PARTIAL_MIN_CHARS = 8
/** Forms at least this long are also found cut short (a truncated header or body). */
export const PARTIAL_FROM_CHARS = 16
/** Oldest secrets are forgotten beyond this many (a secret replaced many times over a long run). */
export const MAX_KNOWN_SECRETS = 256

interface Form {
  text: string
  /** A base64 form: a match is widened to the whole base64 word around it. */
  base64: boolean
}

const BASE64_CHAR = /[A-Za-z0-9+/=_-]/

function jsonEscaped(s: string): string {
  return JSON.stringify(s).slice(1, -1)
}

function asciiJsonEscaped(s: string): string {
  return jsonEscaped(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

function lowerHex(s: string): string {
  return s.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())
}

/** What the URL parser makes of `s` in a given place ('' when it cannot hold it). */
function urlPart(s: string, place: 'password' | 'path'): string {
  try {
    const u = new URL('http://h/')
    if (place === 'password') {
      u.password = s
      return u.password
    }
    u.pathname = `/${s}`
    return u.pathname.slice(1)
  } catch {
    return ''
  }
}

/**
 * The base64 text that depends on `bytes` alone when they start `offset` bytes (0–2) into a base64 group: the
 * characters that mix in the bytes before or after are left off, so the core is the same whatever surrounds the
 * secret (`user:` before it in HTTP Basic, or nothing).
 */
function base64Core(bytes: Buffer, offset: 0 | 1 | 2): string {
  const padded = Buffer.concat([Buffer.alloc(offset), bytes])
  const n = padded.length
  const whole = padded.toString('base64')
  const lead = offset === 0 ? 0 : offset === 1 ? 2 : 3
  const rest = n % 3
  const end = 4 * Math.floor(n / 3) + (rest === 1 ? 1 : rest === 2 ? 2 : 0)
  return whole.slice(lead, end)
}

/** Every form `secret` travels in (see the file comment), longest first, without repeats. */
export function secretForms(secret: string): Form[] {
  const plain = new Set<string>()
  const add = (s: string) => {
    if (s.length >= MIN_SECRET_CHARS) plain.add(s)
  }
  add(secret)
  add(jsonEscaped(secret))
  add(asciiJsonEscaped(secret))
  add(jsonEscaped(jsonEscaped(secret)))
  const component = encodeURIComponent(secret)
  add(component)
  add(lowerHex(component))
  add(new URLSearchParams({ s: secret }).toString().slice(2))
  add(encodeURI(secret))
  add(urlPart(secret, 'password'))
  add(urlPart(secret, 'path'))
  const b64 = new Set<string>()
  const bytes = Buffer.from(secret, 'utf8')
  for (const offset of [0, 1, 2] as const) {
    const core = base64Core(bytes, offset)
    // A core under 6 characters (a 4-byte secret at an awkward offset) is too short to tell from ordinary text.
    if (core.length < 6) continue
    b64.add(core)
    b64.add(core.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  const forms: Form[] = [
    ...[...plain].map((text) => ({ text, base64: false })),
    ...[...b64].filter((t) => !plain.has(t)).map((text) => ({ text, base64: true })),
  ]
  return forms.sort((a, b) => b.text.length - a.text.length)
}

/** Where a cut shows: the end of the text, an ellipsis, a quote, an escape or a line end. */
function cutAt(text: string, i: number): boolean {
  if (i >= text.length) return true
  return /[….'"\\\r\n]/.test(text[i] ?? '')
}

type Span = [start: number, end: number]

function formSpans(text: string, form: Form, spans: Span[]): void {
  const f = form.text
  const head = f.slice(0, Math.min(f.length, PARTIAL_MIN_CHARS))
  for (let i = text.indexOf(head); i !== -1; i = text.indexOf(head, i + 1)) {
    let m = head.length
    while (m < f.length && text[i + m] === f[m]) m++
    const whole = m === f.length
    const cut = f.length >= PARTIAL_FROM_CHARS && m >= PARTIAL_MIN_CHARS && cutAt(text, i + m)
    const b64cut = form.base64 && f.length >= PARTIAL_FROM_CHARS && !BASE64_CHAR.test(text[i + m] ?? '')
    if (!whole && !cut && !(b64cut && m >= PARTIAL_MIN_CHARS)) continue
    let start = i
    let end = i + m
    if (form.base64) {
      while (start > 0 && BASE64_CHAR.test(text[start - 1] ?? '')) start--
      while (end < text.length && BASE64_CHAR.test(text[end] ?? '')) end++
    }
    spans.push([start, end])
  }
}

/** Credentials recognisable by their shape alone; group `v` is what gets replaced. */
const SHAPES: RegExp[] = [
  // Authorization: Bearer <token> (a token has a digit or a symbol, or is long: "Bearer authentication" is prose).
  /\b(?:bearer|token)\s+(?<v>(?=[A-Za-z0-9._~+/-]*[0-9_~+/-])[A-Za-z0-9._~+/-]{8,}=*|[A-Za-z0-9._~+/-]{20,}=*)/dgi,
  // password=..., access_token=..., client_secret=..., api_key=... in a query, a form body or a message.
  /(?:^|[?&;,\s"'])[A-Za-z0-9_.-]*(?:token|secret|password|passwd|api[_-]?key|apikey|auth)[A-Za-z0-9_.-]*=(?<v>[^&\s"',;]+)/dgi,
  // "password": "...", also escaped once inside another JSON string.
  /\\?"[A-Za-z0-9_-]*(?:token|secret|password|passwd|api[_-]?key|apikey|authorization|cookie)[A-Za-z0-9_-]*\\?"\s*:\s*\\?"(?<v>(?:[^"\\]|\\[^"])*)\\?"/dgi,
  // Cookie and Set-Cookie header lines in a header dump.
  /\b(?:set-)?cookie\s*:\s*(?<v>[^\r\n"]+)/dgi,
]

/** `Basic <base64>`: only a real credential (it decodes to `user:password`), not the word "Basic authentication". */
const BASIC = /\bbasic\s+([A-Za-z0-9+/]{4,}={0,2})/gi

/**
 * Every word one of SHAPES or BASIC needs, with the same flag: text without any of them matches none of them. Most
 * strings (an agent's name, a state, a queue id) have none, and one test is far cheaper than five scans; the headless
 * runner redacts every string of every snapshot it prints (2,000 agents: tens of thousands a poll).
 */
const SHAPED_WORDS = /bearer|token|secret|passw|api[_-]?key|apikey|auth|cookie|basic/i

function shapeSpans(text: string, spans: Span[]): void {
  if (!SHAPED_WORDS.test(text)) return
  for (const re of SHAPES) {
    re.lastIndex = 0
    for (const m of text.matchAll(re)) {
      const v = m.groups?.v
      const at = m.indices?.groups?.v
      // Already redacted (redactUrl writes "redacted"): nothing to hide, and the text stays as it was.
      if (!v || !at || /^\[?redacted\]?$/.test(v)) continue
      spans.push([at[0], at[1]])
    }
  }
  for (const m of text.matchAll(BASIC)) {
    const v = m[1] ?? ''
    if (v.length % 4 !== 0 || m.index === undefined) continue
    const decoded = Buffer.from(v, 'base64').toString('latin1')
    if (!/^[\x20-\x7e]*:[\x20-\x7e]*$/.test(decoded)) continue
    const end = m.index + m[0].length
    spans.push([end - v.length, end])
  }
}

function replaceSpans(text: string, spans: Span[]): string {
  if (spans.length === 0) return text
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1])
  let out = ''
  let at = 0
  for (const [s, e] of spans) {
    if (e <= at) continue
    out += text.slice(at, Math.max(at, s)) + (s >= at ? REDACTED : '')
    at = e
  }
  return out + text.slice(at)
}

/** Secrets in use, and the one way to take them (and anything shaped like a credential) out of text. */
export class Redactor {
  private readonly known = new Map<string, Form[]>()

  constructor(secrets: Iterable<string | null | undefined> = []) {
    for (const s of secrets) this.add(s)
  }

  /** Look for `secret` from now on (no-op for null, empty or too short). */
  add(secret: string | null | undefined): void {
    if (!secret || secret.length < MIN_SECRET_CHARS) return
    if (this.known.has(secret)) {
      // Refresh: the most recently used secrets are the last to be forgotten.
      const forms = this.known.get(secret) as Form[]
      this.known.delete(secret)
      this.known.set(secret, forms)
      return
    }
    this.known.set(secret, secretForms(secret))
    while (this.known.size > MAX_KNOWN_SECRETS) {
      const oldest = this.known.keys().next().value
      if (oldest === undefined) break
      this.known.delete(oldest)
    }
  }

  /** `text` with every known secret (in any form) and anything shaped like a credential replaced. */
  redact(text: string): string {
    if (text.length === 0) return text
    const spans: Span[] = []
    for (const forms of this.known.values()) for (const f of forms) formSpans(text, f, spans)
    shapeSpans(text, spans)
    return replaceSpans(text, spans)
  }

  /** A deep copy of `value` with every string (object keys too) redacted. */
  redactDeep<T>(value: T): T {
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.redact(v)
      if (Array.isArray(v)) return v.map(walk)
      if (typeof v === 'object' && v !== null) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.redact(k), walk(x)]))
      }
      return v
    }
    return walk(value) as T
  }

  /** A logger that redacts messages and fields before `log` sees them (for a logger not built on this Redactor). */
  logger(log: Logger): Logger {
    const wrap = (l: Logger): Logger => ({
      debug: (m, f) => l.debug(this.redact(m), f && this.redactDeep(f)),
      info: (m, f) => l.info(this.redact(m), f && this.redactDeep(f)),
      warn: (m, f) => l.warn(this.redact(m), f && this.redactDeep(f)),
      error: (m, f) => l.error(this.redact(m), f && this.redactDeep(f)),
      child: (s) => wrap(l.child(s)),
    })
    return wrap(log)
  }

  /** A SecretSource that makes this Redactor look for every secret it hands out. */
  watching(source: SecretSource): SecretSource {
    return {
      get: async (id) => {
        const secret = await source.get(id)
        this.add(secret)
        return secret
      },
    }
  }
}

/** `text` without any of `secrets` (in any form) or anything shaped like a credential: a one-off {@link Redactor}. */
export function redact(text: string, secrets: Iterable<string | null | undefined> = []): string {
  return new Redactor(secrets).redact(text)
}

/** Log fields whose name says they hold a secret; their values are never written, whatever they are. */
const SECRET_FIELD = /secret|password|token|authorization|cookie|key$/i

/** `fields` with the values of secret-named fields replaced (log lines; see {@link SECRET_FIELD}). */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_FIELD.test(k) ? REDACTED : v
  return out
}

/**
 * A URL fit for logs and messages: credentials in the userinfo and token-like query parameters are replaced,
 * so an error text can never carry a secret (Chronicall puts its auth_token in the WebSocket URL).
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.username || u.password) {
      u.username = 'redacted'
      u.password = ''
    }
    for (const k of [...u.searchParams.keys()]) {
      if (/token|secret|password|key|auth/i.test(k)) u.searchParams.set(k, 'redacted')
    }
    return u.toString()
  } catch {
    return url.replace(/([?&][^=]*(token|secret|password|key|auth)[^=]*=)[^&]*/gi, '$1redacted')
  }
}
