/**
 * Corporate networks: the headless runner (the real CLI process) reaches a vendor only through the forward proxy
 * named by HTTPS_PROXY / HTTP_PROXY, trusts a TLS-inspection CA given in NODE_EXTRA_CA_CERTS, and goes direct to
 * the hosts in NO_PROXY.
 *
 * The vendor's host name ends in `.invalid`, which no DNS resolves: the proxy (this test's own, intercepting TLS
 * with a certificate from its own CA, as inspection proxies do) is the only way to it. The proxy records every
 * tunnel and request it carried.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../core/runtime/system-clock'
import { startEightByEightSandbox } from '../core/providers/8x8/sandbox'
import type { SandboxServer } from '../core/sandbox/server'
import { replayCalendar } from '../core/simulator/business-clock'
import { createSimulator } from '../core/simulator/model'
import { runCli as runCliWith, type CliRun } from './test-cli'

const VENDOR_HOST = 'vcc-eu1.vendor.invalid'
const TENANT = 'acme'
const SECRET = 'proxy-test-token-5b1e'

type Run = CliRun

/** The CLI with exactly the proxy variables given (none inherited from the machine running the tests). */
function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  const base: Record<string, string | undefined> = { ...process.env, IT_SECRET: SECRET }
  for (const k of ['http_proxy', 'https_proxy', 'no_proxy', 'all_proxy', 'NODE_EXTRA_CA_CERTS']) {
    delete base[k]
    delete base[k.toUpperCase()]
  }
  return runCliWith(args, { ...base, ...env })
}

const snapshotsOf = (r: Run, id: string) =>
  r.lines.filter((l) => l['type'] === 'snapshot' && l['connection'] === id)
const statusesOf = (r: Run, id: string) =>
  r.lines.filter((l) => l['type'] === 'status' && l['connection'] === id)

/** A CA and a server certificate for the vendor host signed by it, as a TLS-inspecting proxy presents. */
function makeInspectionCa(dir: string): { caFile: string; key: Buffer; cert: Buffer } {
  const f = (name: string) => join(dir, name)
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' })
  openssl(
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Floorwalker test inspection CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', f('ca.key'), '-out', f('ca.pem'),
  ) // prettier-ignore
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${VENDOR_HOST}`,
    '-keyout',
    f('leaf.key'),
    '-out',
    f('leaf.csr'),
  )
  writeFileSync(
    f('leaf.ext'),
    `subjectAltName=DNS:${VENDOR_HOST}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
  )
  openssl(
    'x509', '-req', '-in', f('leaf.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial',
    '-days', '2', '-extfile', f('leaf.ext'), '-out', f('leaf.pem'),
  ) // prettier-ignore
  return { caFile: f('ca.pem'), key: readFileSync(f('leaf.key')), cert: readFileSync(f('leaf.pem')) }
}

interface Proxy {
  url: string
  /** "CONNECT host:port", "GET https://host/path" (inside an intercepted tunnel), "GET http://host/path". */
  log: string[]
  /** Every header the proxy forwarded, to check no secret is logged by it. */
  close(): Promise<void>
}

/**
 * A forward proxy: plain HTTP requests in absolute form are passed on; CONNECT tunnels to the vendor host are
 * intercepted with the inspection certificate and their requests passed on to the sandbox (the "internet").
 */
async function startProxy(o: { vendorUpstream: URL; tls: { key: Buffer; cert: Buffer } }): Promise<Proxy> {
  const log: string[] = []
  const forward = (target: URL, req: IncomingMessage, res: ServerResponse) => {
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      },
    )
    upstream.on('error', () => res.writeHead(502).end('proxy: upstream failed'))
    req.pipe(upstream)
  }
  const inspector = createHttpsServer(o.tls, (req, res) => {
    log.push(`${req.method} https://${req.headers.host}${req.url}`)
    forward(new URL(req.url ?? '/', o.vendorUpstream), req, res)
  })
  const server = createHttpServer((req, res) => {
    log.push(`${req.method} ${req.url}`)
    forward(new URL(req.url ?? ''), req, res)
  })
  const sockets = new Set<Socket>()
  server.on('connection', (s: Socket) => sockets.add(s))
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    log.push(`CONNECT ${req.url}`)
    if (req.url !== `${VENDOR_HOST}:443`) {
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n')
      return
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    inspector.emit('connection', socket)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      }),
  }
}

describe('headless runner behind a forward proxy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-proxy-'))
  let sandbox: SandboxServer
  let proxy: Proxy
  let caFile: string
  const config = (file: string, connections: { id: string; baseUrl: string }[]) => {
    const path = join(dir, file)
    writeFileSync(
      path,
      JSON.stringify({
        connections: connections.map((c) => ({
          ...c,
          provider: '8x8',
          username: TENANT,
          secretEnv: 'IT_SECRET',
          pollSeconds: 10,
          options: { format: 'json' },
        })),
      }),
    )
    return path
  }
  let viaVendorHost: string
  let viaVendorAndLoopback: string

  beforeAll(async () => {
    const sim = createSimulator({
      seed: 3,
      agents: 40,
      incidents: false,
      calendar: replayCalendar(systemClock.now(), 9.5 * 3600),
    })
    sandbox = await startEightByEightSandbox({ sim, clock: systemClock, username: TENANT, secret: SECRET })
    const ca = makeInspectionCa(dir)
    caFile = ca.caFile
    proxy = await startProxy({ vendorUpstream: new URL(sandbox.origin), tls: ca })
    viaVendorHost = config('vendor.json', [{ id: 'eu-voice', baseUrl: `https://${VENDOR_HOST}/api/rtstats` }])
    viaVendorAndLoopback = config('both.json', [
      { id: 'eu-voice', baseUrl: `https://${VENDOR_HOST}/api/rtstats` },
      { id: 'lab', baseUrl: `${sandbox.origin}/api/rtstats` },
    ])
  }, 60_000)

  afterAll(async () => {
    await proxy?.close()
    await sandbox?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('without a proxy the vendor host cannot be reached at all (the proxy is the only route)', async () => {
    const r = await runCli(['--config', viaVendorHost, '--once', '--timeout', '4'], {})
    expect(r.code).toBe(2)
    expect(snapshotsOf(r, 'eu-voice')).toEqual([])
    expect(JSON.stringify(statusesOf(r, 'eu-voice'))).toMatch(
      /could not connect: https:\/\/vcc-eu1\.vendor\.invalid.*ENOTFOUND/,
    )
  }, 60_000)

  it('through HTTPS_PROXY with the inspection CA in NODE_EXTRA_CA_CERTS, the vendor delivers', async () => {
    proxy.log.length = 0
    const r = await runCli(['--config', viaVendorHost, '--once', '--timeout', '30'], {
      HTTPS_PROXY: proxy.url,
      NODE_EXTRA_CA_CERTS: caFile,
    })
    expect(r.code, r.stderr).toBe(0)
    const [snapshot] = snapshotsOf(r, 'eu-voice')
    expect((snapshot?.['agents'] as unknown[]).length).toBe(40)
    expect(proxy.log).toContain(`CONNECT ${VENDOR_HOST}:443`)
    expect(
      proxy.log.filter((l) => l.startsWith(`GET https://${VENDOR_HOST}/api/rtstats/stats/agents`)),
    ).not.toEqual([])
    expect(r.stderr).toContain('vendor HTTP goes through a proxy')
    expect(r.stderr).not.toContain(SECRET)
  }, 60_000)

  it('without the CA, the inspected connection is refused as a certificate problem', async () => {
    proxy.log.length = 0
    const r = await runCli(['--config', viaVendorHost, '--once', '--timeout', '4'], {
      HTTPS_PROXY: proxy.url,
    })
    expect(r.code).toBe(2)
    expect(proxy.log).toContain(`CONNECT ${VENDOR_HOST}:443`)
    expect(proxy.log.filter((l) => l.startsWith('GET'))).toEqual([])
    expect(JSON.stringify(statusesOf(r, 'eu-voice'))).toMatch(
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|CERT_/,
    )
  }, 60_000)

  it('NO_PROXY hosts go direct while the others still use the proxy', async () => {
    const loopback = new URL(sandbox.origin)
    const proxied = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: caFile }

    proxy.log.length = 0
    const all = await runCli(['--config', viaVendorAndLoopback, '--once', '--timeout', '30'], proxied)
    expect(all.code, all.stderr + JSON.stringify(all.lines.filter((l) => l['type'] === 'status'))).toBe(0)
    // Without NO_PROXY even the loopback sandbox is asked through the proxy (absolute-form request)...
    expect(
      proxy.log.filter((l) => l.startsWith(`GET ${sandbox.origin}/api/rtstats/stats/agents`)),
    ).not.toEqual([])

    proxy.log.length = 0
    const some = await runCli(['--config', viaVendorAndLoopback, '--once', '--timeout', '30'], {
      ...proxied,
      NO_PROXY: `localhost,${loopback.hostname}`,
    })
    expect(some.code, some.stderr).toBe(0)
    expect(snapshotsOf(some, 'lab').length).toBeGreaterThan(0)
    expect(snapshotsOf(some, 'eu-voice').length).toBeGreaterThan(0)
    // ...and with it, never: the vendor host still is.
    expect(proxy.log.filter((l) => l.includes(loopback.host))).toEqual([])
    expect(proxy.log).toContain(`CONNECT ${VENDOR_HOST}:443`)
  }, 90_000)
})
