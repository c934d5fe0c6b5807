/**
 * A local webhook receiver for the escalation specs: an HTTP server on a free loopback port that answers 200 to
 * every POST and keeps what it got (when, the path, the JSON body), so a spec can check what Floorwalker sent and
 * when, and that a secret path arrived intact.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received<B> {
  /** epoch ms the request ended */
  at: number
  path: string
  body: B
}

export interface Receiver<B> {
  server: Server
  /** The URL to give as the webhook's: this server, with `path`. */
  url: string
  received: Received<B>[]
  close(): Promise<void>
}

export function startReceiver<B>(path: string): Promise<Receiver<B>> {
  const received: Received<B>[] = []
  const server = createServer((req, res) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (text += c))
    req.on('end', () => {
      received.push({ at: Date.now(), path: req.url ?? '', body: JSON.parse(text) as B })
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
    })
  })
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()))
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port
      resolve({ server, url: `http://127.0.0.1:${port}${path}`, received, close })
    })
  })
}
