import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { leakOf, secretEncodings } from '../testing/secret-encodings'
import { MAX_KNOWN_SECRETS, redact, redactFields, redactUrl, Redactor } from './redact'

const SECRETS = [
  ['a plain password', 'hunter22'],
  ['a password with symbols, a space and non-ASCII', 'p@ss wörd/+=&"\\x'],
  ['a long API token', 'tk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0'],
  ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdXBlcnZpc29yIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg'],
] as const

describe('Redactor: every encoding of a known secret', () => {
  for (const [kind, secret] of SECRETS) {
    for (const [label, text] of secretEncodings(secret)) {
      it(`${kind}: ${label}`, () => {
        const r = new Redactor([secret])
        const line = `GET /api failed: HTTP 401 {"echo":"${text}"} after 2 tries`
        const out = r.redact(line)
        expect(out).toContain('[redacted]')
        // Neither this form nor any other form of the secret is left.
        for (const [, other] of secretEncodings(secret)) expect(out).not.toContain(leakOf(other))
        expect(out).toMatch(/^GET \/api failed: HTTP 401 \{"echo":".*"\} after 2 tries$/)
      })
    }
  }

  it('finds the Basic credential of any user name, and replaces the whole base64 word', () => {
    const secret = 'Zq8-trial-secret'
    for (const user of ['a', 'ab', 'abc', 'tenant-with-a-long-name']) {
      const header = `Authorization: Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`
      expect(redact(`dump: ${header}; end`, [secret])).toBe('dump: Authorization: Basic [redacted]; end')
    }
  })

  it('leaves ordinary text alone', () => {
    const r = new Redactor(['hunter22', 'tk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0'])
    for (const text of [
      'Basic authentication failed: check the user name',
      'a Bearer token is required (HTTP 401)',
      'password required',
      'HTTP 503 from https://pbx.example.com/api/v1/queues?date=2026-01-01 (try again in 30 s)',
      'giosg rejected the token (HTTP 401)',
      '{"connection":"eu-voice","queues":12,"authScheme":"Token"}',
    ])
      expect(r.redact(text)).toBe(text)
  })

  it('catches credentials by their shape alone', () => {
    const r = new Redactor()
    expect(r.redact('authorization: Bearer abc123def456ghi789')).toBe('authorization: Bearer [redacted]')
    expect(r.redact(`Authorization: Basic ${Buffer.from('u:pw').toString('base64')}`)).toBe(
      'Authorization: Basic [redacted]',
    )
    expect(r.redact('POST grant_type=client_credentials&client_secret=s3cr3t&scope=x')).toBe(
      'POST grant_type=client_credentials&client_secret=[redacted]&scope=x',
    )
    expect(r.redact('{"username":"sup","password":"pa55word!"}')).toBe(
      '{"username":"sup","password":"[redacted]"}',
    )
    expect(r.redact('{\\"password\\":\\"pa55\\"}')).toBe('{\\"password\\":\\"[redacted]\\"}')
    expect(r.redact('set-cookie: SESSION=abc; Path=/\nnext')).toBe('set-cookie: [redacted]\nnext')
    // Already redacted by redactUrl: left as it was.
    expect(r.redact('wss://h/x?auth_token=redacted')).toBe('wss://h/x?auth_token=redacted')
  })

  it('ignores secrets too short to tell from text, and forgets the oldest beyond its bound', () => {
    expect(redact('abc is fine', ['abc'])).toBe('abc is fine')
    const r = new Redactor()
    r.add('first-secret-0001')
    for (let i = 0; i < MAX_KNOWN_SECRETS; i++) r.add(`other-secret-${String(i).padStart(4, '0')}`)
    expect(r.redact('first-secret-0001')).toBe('first-secret-0001')
    expect(r.redact(`other-secret-${String(MAX_KNOWN_SECRETS - 1).padStart(4, '0')}`)).toBe('[redacted]')
  })

  it('redacts deep values, keys included, and wraps a logger', () => {
    const r = new Redactor(['hunter22'])
    expect(r.redactDeep({ a: ['x hunter22', 1, null], hunter22: { b: 'hunter22' } })).toEqual({
      a: ['x [redacted]', 1, null],
      '[redacted]': { b: '[redacted]' },
    })
    const seen: string[] = []
    const base = {
      debug: (m: string) => seen.push(m),
      info: (m: string, f?: Record<string, unknown>) => seen.push(m + JSON.stringify(f)),
      warn: (m: string) => seen.push(m),
      error: (m: string) => seen.push(m),
      child: () => base,
    }
    r.logger(base).child('x').info('sent hunter22', { echo: 'aHVudGVyMjI=' })
    expect(seen).toEqual(['sent [redacted]{"echo":"[redacted]"}'])
  })

  it('learns the secrets a SecretSource hands out', async () => {
    const r = new Redactor()
    const source = r.watching({ get: async (id) => (id === 'a' ? 'handed-out-1' : null) })
    expect(await source.get('a')).toBe('handed-out-1')
    expect(r.redact('x handed-out-1')).toBe('x [redacted]')
  })
})

describe('redactFields and redactUrl', () => {
  it('never writes a secret-named field', () => {
    expect(redactFields({ token: 'x', apiKey: 'y', Authorization: 'z', count: 3 })).toEqual({
      token: '[redacted]',
      apiKey: '[redacted]',
      Authorization: '[redacted]',
      count: 3,
    })
  })

  it('takes credentials and token parameters out of URLs', () => {
    expect(redactUrl('https://u:p@h.example/x?auth_token=t&id=1')).toBe(
      'https://redacted@h.example/x?auth_token=redacted&id=1',
    )
    expect(redactUrl('not a url?token=abc&x=1')).toBe('not a url?token=redacted&x=1')
  })
})

describe('Redactor: credentials by their shape, in any case', () => {
  it('finds every shape whatever the case of its word, and leaves text without those words as it was', () => {
    const r = new Redactor()
    const basic = Buffer.from('user:pa55word').toString('base64')
    const shaped = [
      'Authorization: BEARER abc.def-123456',
      'ToKeN a1b2c3d4e5f6',
      'https://x.example/?Client_SECRET=s3cr3tvalue&x=1',
      'PassWD=hunter2!',
      'API-KEY=abcdef',
      '{"X-Api_Key":"abcdef"}',
      '{\\"AUTHORIZATION\\":\\"xyz\\"}',
      'Set-COOKIE: sid=abc',
      `BaSiC ${basic}`,
    ]
    for (const text of shaped) expect(r.redact(text), text).toContain('[redacted]')
    for (const text of ['Agent 1001', 'not_ready', 'Break', 'Support queue 116', 'Kowalski, Ąnna'])
      expect(r.redact(text)).toBe(text)
  })
})
