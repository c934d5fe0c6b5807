import { describe, expect, it } from 'vitest'
import { isLoopback, parseArgs, readServeFiles } from './args'

const GOOD = 'a-long-enough-token-123'

describe('headless arguments', () => {
  it('defaults to the demo when there is no config', () => {
    const r = parseArgs(['--once'])
    expect(r.ok && r.args).toMatchObject({ demo: true, once: true, timeoutSeconds: 30, config: null })
  })

  it('reads config, --for, --timeout and --serve', () => {
    const r = parseArgs(['--config', 'c.json', '--for', '12', '--serve', '127.0.0.1:8123'])
    expect(r.ok && r.args).toMatchObject({
      config: 'c.json',
      demo: false,
      forSeconds: 12,
      serve: { host: '127.0.0.1', port: 8123 },
    })
    const v6 = parseArgs(['--serve', '[::1]:0'])
    expect(v6.ok && v6.args.serve).toEqual({ host: '::1', port: 0 })
  })

  it('takes a folder for the saved board with --state, and none by default', () => {
    const r = parseArgs(['--config', 'c.json', '--state', '/tmp/fw-state'])
    expect(r.ok && r.args.stateDir).toBe('/tmp/fw-state')
    const none = parseArgs(['--config', 'c.json'])
    expect(none.ok && none.args.stateDir).toBe(null)
    const missing = parseArgs(['--state', '--once'])
    expect(missing.ok ? null : missing.error).toBe('--state needs a folder')
  })

  it('rejects bad usage with a message that says what is wrong', () => {
    const err = (argv: string[]) => {
      const r = parseArgs(argv)
      return r.ok ? null : r.error
    }
    expect(err(['--bogus'])).toBe('unknown argument "--bogus" (see --help)')
    expect(err(['--for', '-1'])).toMatch(/greater than 0/)
    expect(err(['--for'])).toMatch(/needs a number/)
    expect(err(['--config'])).toMatch(/needs a file path/)
    expect(err(['--once', '--for', '3'])).toMatch(/cannot be combined/)
    expect(err(['--serve', 'nohost'])).toMatch(/HOST:PORT/)
  })

  it('needs a token and TLS (or --insecure-http, warned) to serve beyond loopback', () => {
    const err = (argv: string[], env: Record<string, string> = {}) => {
      const r = parseArgs(argv, env)
      return r.ok ? null : r.error
    }
    expect(err(['--serve', '0.0.0.0:8123'])).toMatch(/needs a token: --token-file FILE or FLOORWALKER_TOKEN/)
    const env = { FLOORWALKER_TOKEN: GOOD }
    expect(err(['--serve', '0.0.0.0:8123'], env)).toMatch(/clear text: give --tls-cert FILE --tls-key FILE/)
    const tls = parseArgs(['--serve', '0.0.0.0:8123', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'], env)
    expect(tls.ok && tls.args).toMatchObject({
      token: GOOD,
      tokenSource: 'env',
      tls: { certFile: 'c.pem', keyFile: 'k.pem' },
      warnings: [],
    })
    const insecure = parseArgs(['--serve', '0.0.0.0:8123', '--insecure-http'], env)
    expect(insecure.ok && insecure.args.warnings.join()).toMatch(/plain HTTP/)
    expect(err(['--serve', '0.0.0.0:8123', '--tls-cert', 'c.pem'], env)).toMatch(/go together/)
    // A token file is read later; it is enough to allow the bind.
    const file = parseArgs(['--serve', '0.0.0.0:8123', '--token-file', 't', '--insecure-http'])
    expect(file.ok && file.args).toMatchObject({ tokenSource: 'file', tokenFile: 't', token: null })
  })

  it('keeps --token working, with a deprecation warning, and refuses weak tokens with the reason', () => {
    const r = parseArgs(['--serve', '127.0.0.1:0', '--token', GOOD])
    expect(r.ok && r.args.tokenSource).toBe('argv')
    expect(r.ok && r.args.warnings.join()).toMatch(/--token is deprecated.*process list/)
    const err = (token: string) => {
      const x = parseArgs(['--serve', '127.0.0.1:0'], { FLOORWALKER_TOKEN: token })
      return x.ok ? null : x.error
    }
    expect(err('short')).toMatch(/FLOORWALKER_TOKEN: the token must be at least 16 characters \(it has 5\)/)
    expect(err(' '.repeat(16))).toMatch(/must not contain spaces/)
    expect(err('aaaaaaaaaaaaaaaaaaaa')).toMatch(/repeats itself/)
    expect(err('1234567890123456')).toMatch(/too easy to guess \(about 53 bits/)
    expect(err('0123456789abcdef')).toBeNull()
    expect(
      parseArgs(['--serve', '127.0.0.1:0', '--token', GOOD, '--token-file', 'f']).ok ? null : 'refused',
    ).toBe('refused')
  })

  it('refuses serving flags without --serve, and bad --allow-host names', () => {
    const r = parseArgs(['--public-read', '--tls-cert', 'c'])
    expect(r.ok ? null : r.error).toBe('--tls-cert, --public-read only apply with --serve HOST:PORT')
    const hosts = parseArgs([
      '--serve',
      '127.0.0.1:0',
      '--allow-host',
      'a.example,b.example',
      '--allow-host',
      'c',
    ])
    expect(hosts.ok && hosts.args.allowHosts).toEqual(['a.example', 'b.example', 'c'])
    const bad = parseArgs(['--serve', '127.0.0.1:0', '--allow-host', 'a.example:80'])
    expect(bad.ok ? null : bad.error).toMatch(/not a host name/)
  })

  it('reads the token file and the certificate through the injected reader', () => {
    const parsed = parseArgs([
      '--serve',
      '127.0.0.1:0',
      '--token-file',
      'tok',
      '--tls-cert',
      'c',
      '--tls-key',
      'k',
    ])
    if (!parsed.ok) throw new Error(parsed.error)
    const files: Record<string, string> = {
      tok: `${GOOD}\r\n`,
      c: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n',
      k: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n',
    }
    const read = (p: string) => {
      const t = files[p]
      if (t === undefined) throw new Error('ENOENT: no such file')
      return t
    }
    const ok = readServeFiles(parsed.args, read, () => 0o100644)
    expect(ok.ok && ok.files.token).toBe(GOOD)
    expect(ok.ok && ok.files.tls?.cert).toContain('BEGIN CERTIFICATE')
    expect(ok.ok && ok.warnings.join()).toMatch(/can be read by other users.*mode 644.*chmod 600/)
    files['tok'] = '   \n'
    const weak = readServeFiles(parsed.args, read)
    expect(weak.ok ? null : weak.error).toMatch(/^--token-file tok: the token must be at least 16/)
    files['tok'] = GOOD
    files['c'] = 'not pem'
    const cert = readServeFiles(parsed.args, read)
    expect(cert.ok ? null : cert.error).toMatch(/--tls-cert c: not a PEM certificate/)
    delete files['tok']
    const missing = readServeFiles(parsed.args, read)
    expect(missing.ok ? null : missing.error).toMatch(/--token-file tok: cannot read it: ENOENT/)
  })

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopback)).toBe(true)
    expect(['0.0.0.0', '192.168.1.2', '::', 'example.com'].some(isLoopback)).toBe(false)
  })
})
