import { Buffer } from 'node:buffer'

/**
 * Every way a secret leaks in practice, labelled (tests of core/runtime/redact.ts and of each sink): the forms a
 * request carries it in, and a header dump cut short.
 */
export function secretEncodings(secret: string, user = 'acme-tenant'): [label: string, text: string][] {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')
  const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url')
  const u = new URL('http://h/')
  u.password = secret
  const out: [string, string][] = [
    ['raw', secret],
    ['Basic base64(user:secret)', b64(`${user}:${secret}`)],
    ['Basic base64(u:secret), 1-character user', b64(`u:${secret}`)],
    ['Basic base64(us:secret), 2-character user', b64(`us:${secret}`)],
    ['base64(secret)', b64(secret)],
    ['base64url(user:secret)', b64url(`${user}:${secret}`)],
    ['encodeURIComponent', encodeURIComponent(secret)],
    [
      'encodeURIComponent, lower-case hex',
      encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    ],
    ['x-www-form-urlencoded', new URLSearchParams({ s: secret }).toString().slice(2)],
    ['URL user:password@', u.password],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['JSON-escaped twice', JSON.stringify(JSON.stringify(secret)).slice(1, -1)],
  ]
  if (secret.length >= 16)
    out.push(['prefix in a cut header dump', `${secret.slice(0, Math.ceil(secret.length / 2))}…`])
  return out
}

/** The part of an encoding that must never be seen (a cut dump's ellipsis is not secret). */
export function leakOf(text: string): string {
  return text.endsWith('…') ? text.slice(0, -1) : text
}
