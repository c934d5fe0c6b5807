import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { memoryLogger } from './logger'
import { WsSocketConnector } from './ws-socket-connector'

interface TestServer {
  url: string
  upgrades: IncomingMessage[]
  close(): Promise<void>
}

const servers: TestServer[] = []

/**
 * A loopback server: `/ok` accepts and talks first, `/closeme` also closes at once, `/reject?status=N` refuses the
 * handshake, `/hang` never answers it.
 */
async function startServer(): Promise<TestServer> {
  const wss = new WebSocketServer({ noServer: true })
  // Compresses every message: a small frame on the wire that inflates past the cap.
  const deflating = new WebSocketServer({ noServer: true, perMessageDeflate: { threshold: 0 } })
  const upgrades: IncomingMessage[] = []
  const hanging: Socket[] = []
  const server: Server = createServer((_req, res) => res.end('plain http'))
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    upgrades.push(req)
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/reject') {
      const status = Number(url.searchParams.get('status') ?? '403')
      socket.end(`HTTP/1.1 ${status} Nope\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    if (url.pathname === '/hang') {
      hanging.push(socket)
      return
    }
    if (url.pathname === '/big' || url.pathname === '/bomb') {
      const bytes = Number(url.searchParams.get('bytes'))
      const server = url.pathname === '/bomb' ? deflating : wss
      server.handleUpgrade(req, socket, head, (ws) => {
        ws.send('hello')
        ws.send(`"${' '.repeat(bytes)}"`)
        ws.send('after')
      })
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // The server talks first, right after the handshake, as Chronicall does.
      ws.send('hello')
      ws.send('world')
      ws.send(Buffer.from([1, 2, 3]), { binary: true })
      if (url.pathname === '/closeme') ws.close(4000, 'as asked')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const s: TestServer = {
    url: `ws://127.0.0.1:${port}`,
    upgrades,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of [...wss.clients, ...deflating.clients]) c.terminate()
        deflating.close()
        for (const h of hanging) h.destroy()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  servers.push(s)
  return s
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

describe('WsSocketConnector', () => {
  it('opens a socket, passes headers, keeps early text messages for the first listener, closes', async () => {
    const srv = await startServer()
    const r = await new WsSocketConnector(memoryLogger()).open(`${srv.url}/ok`, {
      headers: { 'x-test': 'yes' },
      timeoutMs: 5_000,
    })
    if (!r.ok) throw new Error(r.detail)
    expect(srv.upgrades[0]?.headers['x-test']).toBe('yes')
    const messages: string[] = []
    const two = new Promise<void>((resolve) => {
      r.socket.onMessage((m) => {
        messages.push(m)
        if (messages.length === 2) resolve()
      })
    })
    await two
    expect(messages).toEqual(['hello', 'world'])
    const closed = new Promise<[number, string]>((resolve) => {
      r.socket.onClose((code, reason) => resolve([code, reason]))
    })
    r.socket.close()
    expect(await closed).toEqual([1000, ''])
  })

  it('logs a message listener that throws, and the listener still hears the messages after it', async () => {
    const srv = await startServer()
    const log = memoryLogger()
    const r = await new WsSocketConnector(log).open(`${srv.url}/ok`, { timeoutMs: 5_000 })
    if (!r.ok) throw new Error(r.detail)
    const messages: string[] = []
    const two = new Promise<void>((resolve) => {
      r.socket.onMessage((m) => {
        messages.push(m)
        if (messages.length === 2) resolve()
        if (m === 'hello') throw new Error('a provider bug')
      })
    })
    await two
    expect(messages).toEqual(['hello', 'world'])
    expect(log.lines.filter((l) => l.includes('a socket message listener threw'))).toHaveLength(1)
    expect(log.lines.join('\n')).toContain('a provider bug')
    r.socket.close()
  })

  it('reports a close by the server, even one that happened before onClose', async () => {
    const srv = await startServer()
    const r = await new WsSocketConnector(memoryLogger()).open(`${srv.url}/closeme`, { timeoutMs: 5_000 })
    if (!r.ok) throw new Error(r.detail)
    const first = await new Promise<[number, string]>((resolve) => {
      r.socket.onClose((code, reason) => resolve([code, reason]))
    })
    expect(first).toEqual([4000, 'as asked'])
    // A listener added after the close still hears about it.
    const late: [number, string][] = []
    const stop = r.socket.onClose((code, reason) => late.push([code, reason]))
    stop()
    expect(late).toEqual([[4000, 'as asked']])
    const messages: string[] = []
    r.socket.onMessage((m) => messages.push(m))
    expect(messages).toEqual(['hello', 'world'])
    r.socket.close()
  })

  it.each(['big', 'bomb'])(
    'a message past maxMessageBytes (%s: as sent, or compressed small and inflating) closes the socket with 1009, unread',
    async (path) => {
      const srv = await startServer()
      const r = await new WsSocketConnector(memoryLogger()).open(
        `${srv.url}/${path}?bytes=${4 * 1024 * 1024}`,
        {
          timeoutMs: 5_000,
          maxMessageBytes: 64 * 1024,
        },
      )
      if (!r.ok) throw new Error(r.detail)
      const messages: string[] = []
      r.socket.onMessage((m) => messages.push(m))
      const closed = await new Promise<[number, string]>((resolve) => {
        r.socket.onClose((code, reason) => resolve([code, reason]))
      })
      expect(closed).toEqual([1009, 'a message larger than 65536 bytes'])
      expect(messages).toEqual(['hello'])
    },
  )

  it('takes a message up to maxMessageBytes', async () => {
    const srv = await startServer()
    const r = await new WsSocketConnector(memoryLogger()).open(`${srv.url}/bomb?bytes=1000`, {
      timeoutMs: 5_000,
      maxMessageBytes: 64 * 1024,
    })
    if (!r.ok) throw new Error(r.detail)
    const messages: string[] = []
    await new Promise<void>((resolve) => {
      r.socket.onMessage((m) => {
        messages.push(m)
        if (messages.length === 3) resolve()
      })
    })
    expect(messages[1]).toHaveLength(1002)
    r.socket.close()
  })

  it.each([400, 401, 403])('a handshake refused with %i is data with the status', async (status) => {
    const srv = await startServer()
    const r = await new WsSocketConnector(memoryLogger()).open(
      `${srv.url}/reject?status=${status}&auth_token=s3cret`,
      {
        timeoutMs: 5_000,
      },
    )
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.status).toBe(status)
    expect(r.detail).toContain(String(status))
    expect(r.detail).not.toContain('s3cret')
  })

  it('a refused connection is data without a status', async () => {
    const srv = await startServer()
    const url = srv.url
    await srv.close()
    servers.splice(servers.indexOf(srv), 1)
    const r = await new WsSocketConnector(memoryLogger()).open(`${url}/ok?auth_token=s3cret`, {
      timeoutMs: 5_000,
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.status).toBeNull()
    expect(r.detail).toMatch(/ECONNREFUSED|connect/)
    expect(r.detail).not.toContain('s3cret')
  })

  it('a server that never answers the handshake times out', async () => {
    const srv = await startServer()
    const r = await new WsSocketConnector(memoryLogger()).open(`${srv.url}/hang?auth_token=s3cret`, {
      timeoutMs: 200,
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.status).toBeNull()
    expect(r.detail).toMatch(/timed out/i)
    expect(r.detail).not.toContain('s3cret')
  })

  it('an unusable URL never echoes its token', async () => {
    const r = await new WsSocketConnector(memoryLogger()).open('ftp://example.invalid/x?auth_token=s3cret', {
      timeoutMs: 1_000,
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.detail).not.toContain('s3cret')
    expect(r.detail).toContain('redacted')
  })
})
