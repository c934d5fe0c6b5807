import { createServer, type Server } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { validateConfig } from '../../../src-shared/config'
import { probeTargets, tcpAnswers, tcpProbeConnectivity } from './net-probe'

let server: Server | null = null
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = null
})

async function listening(): Promise<number> {
  server = createServer((s) => s.destroy())
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

async function closedPort(): Promise<number> {
  const port = await listening()
  await new Promise<void>((resolve) => server!.close(() => resolve()))
  server = null
  return port
}

describe('tcp probe', () => {
  it('counts an accepted and a refused handshake as "the network answers"', async () => {
    expect(await tcpAnswers({ host: '127.0.0.1', port: await listening() })).toBe(true)
    expect(await tcpAnswers({ host: '127.0.0.1', port: await closedPort() })).toBe(true)
  })

  it('counts a name that does not resolve as "no network"', async () => {
    // RFC 2606: .invalid never resolves.
    expect(await tcpAnswers({ host: 'vendor.invalid', port: 443 }, 3_000)).toBe(false)
  })

  it('probes the vendor hosts of enabled connections, once each, never the simulator', async () => {
    const r = validateConfig({
      connections: [
        { id: 'a', provider: '8x8', baseUrl: 'https://vcc-na7.8x8.com/api/rtstats', username: 't' },
        { id: 'b', provider: '8x8', baseUrl: 'https://vcc-na7.8x8.com/api/rtstats', username: 'u' },
        { id: 'c', provider: 'giosg', baseUrl: 'http://127.0.0.1:8080' },
        { id: 'd', provider: 'giosg', baseUrl: 'http://[::1]:81', enabled: false },
        { id: 'sim', provider: 'simulator' },
      ],
    })
    if (!r.ok) throw new Error(JSON.stringify(r.issues))
    expect(probeTargets(r.config)).toEqual([
      { host: 'vcc-na7.8x8.com', port: 443 },
      { host: '127.0.0.1', port: 8080 },
    ])
  })

  it('answers online when any target answers, offline when none does, online with nothing to probe', async () => {
    const port = await listening()
    const probe = (targets: { host: string; port: number }[]) =>
      tcpProbeConnectivity(() => targets, 3_000).probe!()
    expect(
      await probe([
        { host: 'vendor.invalid', port: 443 },
        { host: '127.0.0.1', port },
      ]),
    ).toBe(true)
    expect(await probe([{ host: 'vendor.invalid', port: 443 }])).toBe(false)
    expect(await probe([])).toBe(true)
    const c = tcpProbeConnectivity(() => [])
    expect(c.isOnline()).toBe(true)
    c.onChange(() => undefined)()
  })
})
