import { describe, expect, it } from 'vitest'
import { isLoopback, parseArgs } from './args'

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

  it('needs a token to serve beyond loopback', () => {
    const r = parseArgs(['--serve', '0.0.0.0:8123'])
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/needs --token/)
    expect(parseArgs(['--serve', '0.0.0.0:8123'], { FLOORWALKER_TOKEN: 'a-long-enough-token-123' }).ok).toBe(
      true,
    )
    expect(parseArgs(['--serve', '0.0.0.0:8123', '--token', 'short']).ok).toBe(false)
  })

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopback)).toBe(true)
    expect(['0.0.0.0', '192.168.1.2', '::', 'example.com'].some(isLoopback)).toBe(false)
  })
})
