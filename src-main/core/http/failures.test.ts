import { describe, expect, it } from 'vitest'
import { failureFromTransport } from './failures'

describe('failureFromTransport', () => {
  it('tells a connection that never opened from one cut mid-answer, and keeps the cause', () => {
    const url = 'http://vendor.test/api?token=abc'
    expect(failureFromTransport({ ok: false, code: 'network', detail: 'ECONNREFUSED' }, url).detail).toMatch(
      /^could not connect: .*\(ECONNREFUSED\)$/,
    )
    for (const cause of ['other side closed', 'terminated', 'ECONNRESET', 'socket hang up']) {
      const f = failureFromTransport({ ok: false, code: 'network', detail: cause }, url)
      expect(f.code).toBe('network')
      expect(f.detail).toMatch(/^the connection was cut before the answer was complete: /)
      expect(f.detail).toContain(`(${cause})`)
    }
    expect(failureFromTransport({ ok: false, code: 'timeout', detail: 'after 30 s' }, url)).toMatchObject({
      code: 'timeout',
      detail: expect.stringMatching(/^timed out: /),
    })
  })

  it('classes a size cap or a refused redirect as bad_response, naming the limit', () => {
    const f = failureFromTransport(
      { ok: false, code: 'too_large', detail: 'response larger than 8 MB (limit for 8x8)' },
      'http://vendor.test/',
    )
    expect(f).toMatchObject({ code: 'bad_response', detail: expect.stringContaining('limit for 8x8') })
  })
})
