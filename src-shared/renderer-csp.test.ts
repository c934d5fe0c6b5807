import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, contentTypeOf, rendererResponseHeaders } from './renderer-csp'

describe('the board’s one Content-Security-Policy', () => {
  it('differs between servers only in connect-src', () => {
    const desktop = contentSecurityPolicy({ kind: 'desktop' })
    const web = contentSecurityPolicy({ kind: 'web' })
    const dev = contentSecurityPolicy({ kind: 'dev', url: 'http://localhost:5173/' })
    const withoutConnect = (csp: string) => csp.replace(/connect-src [^;]*/, 'connect-src X')
    expect(withoutConnect(web)).toBe(withoutConnect(desktop))
    expect(withoutConnect(dev)).toBe(withoutConnect(desktop))
    expect(desktop).toContain("connect-src 'none'")
    expect(web).toContain("connect-src 'self';")
    expect(dev).toContain("connect-src 'self' ws://localhost:5173;")
    expect(contentSecurityPolicy({ kind: 'dev', url: 'https://127.0.0.1:5443' })).toContain(
      "connect-src 'self' wss://127.0.0.1:5443;",
    )
    expect(contentSecurityPolicy({ kind: 'dev', url: 'nonsense' })).toContain("connect-src 'self';")
  })

  it('allows no eval, no foreign scripts, no plugins, frames, forms or workers, and no socket to any host', () => {
    for (const csp of [contentSecurityPolicy({ kind: 'desktop' }), contentSecurityPolicy({ kind: 'web' })]) {
      expect(csp).toMatch(/^default-src 'none'; script-src 'self';/)
      expect(csp).not.toMatch(/unsafe-eval|ws:|wss:|\*/)
      for (const d of ["object-src 'none'", "frame-src 'none'", "form-action 'none'", "worker-src 'none'"])
        expect(csp).toContain(d)
    }
  })

  it('comes with the file’s type and the no-sniff and no-referrer headers', () => {
    expect(rendererResponseHeaders('/r/index.html', { kind: 'desktop' })).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': contentSecurityPolicy({ kind: 'desktop' }),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    })
    expect(contentTypeOf('/r/assets/alert-1.wav')).toBe('audio/wav')
    expect(contentTypeOf('/r/assets/X.JS')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeOf('/r/LICENSE')).toBe('application/octet-stream')
  })
})
