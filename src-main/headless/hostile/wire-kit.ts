/**
 * Raw-socket tools of the hostile suite: a WebSocket handshake and frames written byte by byte, so a test can send
 * what no WebSocket library would (unmasked frames, bad UTF-8, absurd lengths, garbage before the upgrade), and
 * read back the server's frames and close code.
 */
import { randomBytes } from 'node:crypto'
import { connect as netConnect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'

export interface RawResponse {
  status: number
  head: string
  headers: Record<string, string>
  body: string
}

/** Parse an HTTP/1.1 response head (and whatever body followed it). */
export function parseResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n')
  const head = end >= 0 ? text.slice(0, end) : text
  const [statusLine, ...lines] = head.split('\r\n')
  const headers: Record<string, string> = {}
  for (const l of lines) {
    const i = l.indexOf(':')
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim()
  }
  return {
    status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0),
    head,
    headers,
    body: end >= 0 ? text.slice(end + 4) : '',
  }
}

export function open(port: number, o: { tls?: { ca: string } } = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = o.tls
      ? tlsConnect({ host: '127.0.0.1', port, ca: o.tls.ca, servername: 'localhost' })
      : netConnect({ host: '127.0.0.1', port })
    s.once(o.tls ? 'secureConnect' : 'connect', () => resolve(s))
    s.once('error', reject)
  })
}

/** Everything the server sends until it closes the connection. */
export function readAll(s: Socket): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    s.on('data', (d: Buffer) => chunks.push(d))
    s.on('error', () => undefined)
    s.once('close', () => resolve(Buffer.concat(chunks)))
  })
}

/** Send bytes on a fresh connection and read the whole answer (the server closes it). */
export async function exchange(port: number, bytes: string | Buffer): Promise<RawResponse> {
  const s = await open(port)
  const all = readAll(s)
  s.write(bytes)
  return parseResponse((await all).toString('latin1'))
}

export function upgradeRequest(port: number, headers: Record<string, string> = {}, path = '/bridge'): string {
  const h: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    upgrade: 'websocket',
    connection: 'Upgrade',
    'sec-websocket-key': randomBytes(16).toString('base64'),
    'sec-websocket-version': '13',
    ...headers,
  }
  return (
    `GET ${path} HTTP/1.1\r\n` +
    Object.entries(h)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n') +
    '\r\n\r\n'
  )
}

/** A server frame as read back. */
export interface ServerFrame {
  opcode: number
  payload: Buffer
}

/** Frames in `buf` (server frames are unmasked); a trailing partial frame is left out. */
export function parseFrames(buf: Buffer): ServerFrame[] {
  const out: ServerFrame[] = []
  let at = 0
  while (at + 2 <= buf.length) {
    const opcode = (buf[at] as number) & 0x0f
    let len = (buf[at + 1] as number) & 0x7f
    let p = at + 2
    if (len === 126) {
      if (p + 2 > buf.length) break
      len = buf.readUInt16BE(p)
      p += 2
    } else if (len === 127) {
      if (p + 8 > buf.length) break
      len = Number(buf.readBigUInt64BE(p))
      p += 8
    }
    if (p + len > buf.length) break
    out.push({ opcode, payload: buf.subarray(p, p + len) })
    at = p + len
  }
  return out
}

/** The close code in a list of frames, or null if the server sent no close frame. */
export function closeCode(frames: ServerFrame[]): number | null {
  const c = frames.find((f) => f.opcode === 8)
  return c && c.payload.length >= 2 ? c.payload.readUInt16BE(0) : null
}

/** A client frame. `length` announces a payload length other than the real one (an over-size announcement). */
export function frame(
  opcode: number,
  payload: Buffer | string,
  o: { mask?: boolean; length?: bigint; fin?: boolean } = {},
): Buffer {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload)
  const mask = o.mask ?? true
  const len = o.length ?? BigInt(data.length)
  const first = ((o.fin ?? true) ? 0x80 : 0) | opcode
  const m = mask ? 0x80 : 0
  let header: Buffer
  if (len < 126n) header = Buffer.from([first, m | Number(len)])
  else if (len < 65536n) {
    header = Buffer.alloc(4)
    header[0] = first
    header[1] = m | 126
    header.writeUInt16BE(Number(len), 2)
  } else {
    header = Buffer.alloc(10)
    header[0] = first
    header[1] = m | 127
    header.writeBigUInt64BE(len, 2)
  }
  if (!mask) return Buffer.concat([header, data])
  const key = randomBytes(4)
  const body = Buffer.from(data)
  for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (key[i % 4] as number)
  return Buffer.concat([header, key, body])
}

/**
 * Upgrade a raw socket to the bridge; resolves with the socket, the 101 response and the bytes after it. The
 * server's later bytes keep arriving in `received`.
 */
export async function upgrade(
  port: number,
  headers: Record<string, string> = {},
): Promise<{ socket: Socket; response: RawResponse; received: () => Buffer; closed: Promise<void> }> {
  const socket = await open(port)
  let buf = Buffer.alloc(0)
  socket.on('data', (d: Buffer) => (buf = Buffer.concat([buf, d])))
  socket.on('error', () => undefined)
  const closed = new Promise<void>((r) => socket.once('close', () => r()))
  socket.write(upgradeRequest(port, headers))
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (buf.includes('\r\n\r\n')) {
        socket.off('data', check)
        resolve()
      }
    }
    socket.on('data', check)
    void closed.then(() => reject(new Error(`closed during the handshake: ${buf.toString('latin1')}`)))
  })
  const end = buf.indexOf('\r\n\r\n') + 4
  const response = parseResponse(buf.subarray(0, end).toString('latin1'))
  const headLength = end
  return { socket, response, received: () => buf.subarray(headLength), closed }
}

/** The first text message's JSON among frames. */
export function messages(frames: ServerFrame[]): unknown[] {
  return frames.filter((f) => f.opcode === 1).map((f) => JSON.parse(f.payload.toString('utf8')) as unknown)
}
