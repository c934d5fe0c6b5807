import { describe, expect, it } from 'vitest'
import { CookieJar } from './cookie-jar'

describe('CookieJar', () => {
  it('replays whatever cookies the server set, whatever their names', () => {
    const jar = new CookieJar(() => 0)
    jar.store(['X-BP-SESSION-ID=abc123; Path=/; HttpOnly'], '/statsapi/auth')
    expect(jar.header('/statsapi/subscription/data')).toBe('X-BP-SESSION-ID=abc123')
    jar.store(['X-BP-SESSION-ID=def456; Path=/; HttpOnly'], '/statsapi/auth')
    expect(jar.header('/statsapi/subscription/data')).toBe('X-BP-SESSION-ID=def456')
  })

  it('honours Path, including the default path of the request', () => {
    const jar = new CookieJar(() => 0)
    jar.store(['X-STATSAPI-TOKEN=t; Path=/statsapi', 'X-STATSAPI-LOGIN=sup'], '/statsapi/auth')
    expect(jar.header('/statsapi/subscription/data')).toBe('X-STATSAPI-TOKEN=t; X-STATSAPI-LOGIN=sup')
    expect(jar.header('/configapi/v2/oauth/token')).toBeNull()
    expect(jar.header('/statsapix')).toBeNull()
  })

  it('drops cookies that expire (Max-Age, Expires) or are deleted', () => {
    let now = Date.UTC(2024, 0, 1)
    const jar = new CookieJar(() => now)
    jar.store(
      ['a=1; Max-Age=60; Path=/', `b=2; Expires=${new Date(now + 120_000).toUTCString()}; Path=/`],
      '/',
    )
    expect(jar.header('/x')).toBe('a=1; b=2')
    now += 61_000
    expect(jar.header('/x')).toBe('b=2')
    jar.store(['b=; Max-Age=0; Path=/'], '/')
    expect(jar.header('/x')).toBeNull()
    expect(jar.size).toBe(0)
  })

  it('sets cookies by hand and clears', () => {
    const jar = new CookieJar(() => 0)
    jar.set('X-STATSAPI-TOKEN', 'tok')
    expect(jar.header('/statsapi/subscription')).toBe('X-STATSAPI-TOKEN=tok')
    jar.clear()
    expect(jar.header('/statsapi/subscription')).toBeNull()
  })
})
