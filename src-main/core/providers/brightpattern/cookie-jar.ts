/**
 * A cookie jar for one origin. Bright Pattern's legacy session lives in cookies whose names differ between
 * versions (X-STATSAPI-TOKEN/-TENANT/-LOGIN in the docs, X-BP-SESSION-ID on a 2022 server), so whatever
 * Set-Cookie returns is stored and replayed (docs/vendors/brightpattern.md §2.2). Domain is not checked: the
 * jar only ever talks to the connection's own base URL.
 */
interface StoredCookie {
  value: string
  path: string
  /** epoch ms; null = session cookie */
  expiresAt: number | null
}

export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>()

  constructor(private readonly now: () => number) {}

  /** Store every Set-Cookie line of a response (`path` = the request path, for the default cookie path). */
  store(setCookies: string[], requestPath: string): void {
    for (const line of setCookies) this.storeOne(line, requestPath)
  }

  private storeOne(line: string, requestPath: string): void {
    const [pair = '', ...attrs] = line.split(';')
    const eq = pair.indexOf('=')
    if (eq <= 0) return
    const name = pair.slice(0, eq).trim()
    const value = pair.slice(eq + 1).trim()
    if (name === '') return
    // RFC 6265 §5.1.4 default-path: the request path up to its last "/".
    const slash = requestPath.lastIndexOf('/')
    let path = slash > 0 ? requestPath.slice(0, slash) : '/'
    let expiresAt: number | null = null
    let maxAgeSeen = false
    for (const attr of attrs) {
      const i = attr.indexOf('=')
      const key = (i < 0 ? attr : attr.slice(0, i)).trim().toLowerCase()
      const val = i < 0 ? '' : attr.slice(i + 1).trim()
      if (key === 'path' && val.startsWith('/')) path = val
      else if (key === 'max-age' && /^-?\d+$/.test(val)) {
        maxAgeSeen = true
        expiresAt = this.now() + Number(val) * 1000
      } else if (key === 'expires' && !maxAgeSeen) {
        const t = Date.parse(val)
        if (!Number.isNaN(t)) expiresAt = t
      }
    }
    const key = `${path}\u0000${name}`
    if (expiresAt !== null && expiresAt <= this.now()) this.cookies.delete(key)
    else this.cookies.set(key, { value, path, expiresAt })
  }

  /**
   * Set a cookie directly (the documented manual form of the legacy session,
   * docs/vendors/brightpattern.md §2.2).
   */
  set(name: string, value: string): void {
    this.cookies.set(`/\u0000${name}`, { value, path: '/', expiresAt: null })
  }

  /** The Cookie header for a request path, or null when nothing applies. */
  header(requestPath: string): string | null {
    const now = this.now()
    const parts: string[] = []
    for (const [key, c] of this.cookies) {
      if (c.expiresAt !== null && c.expiresAt <= now) {
        this.cookies.delete(key)
        continue
      }
      const matches =
        requestPath === c.path ||
        (requestPath.startsWith(c.path) && (c.path.endsWith('/') || requestPath[c.path.length] === '/'))
      if (matches) parts.push(`${key.slice(key.indexOf('\u0000') + 1)}=${c.value}`)
    }
    return parts.length > 0 ? parts.join('; ') : null
  }

  get size(): number {
    return this.cookies.size
  }

  clear(): void {
    this.cookies.clear()
  }
}
