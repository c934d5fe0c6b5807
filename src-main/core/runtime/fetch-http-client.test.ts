import { fetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FetchHttpClient, proxyEnv, proxyProbeTargets } from './fetch-http-client'
import { describeHttpClientContract, startContractServer, type ContractServer } from './test-http-contract'

describeHttpClientContract('FetchHttpClient', (ua) => new FetchHttpClient(ua))

describe('FetchHttpClient follows redirects exactly as fetch itself would', () => {
  let a: ContractServer
  let b: ContractServer
  beforeAll(async () => {
    a = await startContractServer()
    b = await startContractServer()
  })
  afterAll(async () => {
    await a.close()
    await b.close()
  })

  it('the servers see the same requests as with undici following the redirects', async () => {
    const headers = {
      authorization: 'Basic dTpw',
      cookie: 'k=v',
      'content-type': 'text/plain',
      'user-agent': 'ua',
    }
    const cases = [
      { method: 'GET', path: `/redirect?to=${encodeURIComponent(`${b.origin}/echo`)}` },
      { method: 'GET', path: '/redirect?status=301&to=/echo' },
      { method: 'POST', path: `/redirect?status=307&to=${encodeURIComponent(`${b.origin}/echo`)}` },
      { method: 'POST', path: '/redirect?status=308&to=/echo' },
      { method: 'POST', path: '/redirect?status=303&to=/echo' },
      { method: 'PUT', path: `/redirect?status=302&to=${encodeURIComponent(`${b.origin}/echo`)}` },
    ] as const
    const ours = new FetchHttpClient('ua')
    for (const c of cases) {
      const body = c.method === 'GET' ? undefined : 'payload'
      const seen = () => [...a.seen, ...b.seen].map((s) => ({ ...s, headers: { ...s.headers, host: '-' } }))
      a.seen.length = 0
      b.seen.length = 0
      const reference = await fetch(`${a.origin}${c.path}`, {
        method: c.method,
        headers,
        body,
        redirect: 'follow',
      })
      await reference.text()
      const expected = seen()
      a.seen.length = 0
      b.seen.length = 0
      const r = await ours.request({
        method: c.method,
        url: `${a.origin}${c.path}`,
        headers,
        body,
        timeoutMs: 5000,
      })
      expect(r.ok && r.response.url).toBe(reference.url)
      // Connection handling may differ (keep-alive); what each server was asked may not.
      const strip = (list: ReturnType<typeof seen>) =>
        list.map((s) => ({ ...s, headers: { ...s.headers, connection: '-', 'keep-alive': '-' } }))
      expect(strip(seen()), `${c.method} ${c.path}`).toEqual(strip(expected))
    }
  })
})

describe('proxy settings from the environment', () => {
  it('reads the lower-case variables first, then the upper-case ones, as curl does', () => {
    expect(proxyEnv({})).toEqual({ httpProxy: null, httpsProxy: null, noProxy: '' })
    expect(
      proxyEnv({
        HTTP_PROXY: 'http://upper:3128',
        http_proxy: 'http://lower:3128',
        NO_PROXY: '.corp,10.0.0.1',
      }),
    ).toEqual({ httpProxy: 'http://lower:3128', httpsProxy: 'http://lower:3128', noProxy: '.corp,10.0.0.1' })
    expect(proxyEnv({ HTTPS_PROXY: 'http://tls:8080' })).toEqual({
      httpProxy: null,
      httpsProxy: 'http://tls:8080',
      noProxy: '',
    })
  })

  it('probes the proxies themselves (an empty variable is no proxy)', () => {
    expect(
      proxyProbeTargets(proxyEnv({ HTTPS_PROXY: 'http://user:pw@proxy.corp:8080', HTTP_PROXY: '' })),
    ).toEqual([{ host: 'proxy.corp', port: 8080 }])
    expect(proxyProbeTargets(proxyEnv({ http_proxy: 'http://[::1]', https_proxy: 'not a url' }))).toEqual([
      { host: '::1', port: 80 },
    ])
  })
})
