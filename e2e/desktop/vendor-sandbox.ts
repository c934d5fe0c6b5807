/**
 * A vendor sandbox server (`npm run sandbox`, docs/ARCHITECTURE.md §6.2) in its own process for the desktop e2e,
 * driven over its HTTP control paths: the simulator replays a busy reference day from 10:30.
 */
import { spawn, type ChildProcess } from 'node:child_process'

export interface VendorSandbox {
  /** e.g. http://127.0.0.1:40123 */
  origin: string
  baseUrl: string
  child: ChildProcess
  get<T>(path: string): Promise<T>
  post(path: string, body: unknown): Promise<void>
  stop(): Promise<void>
}

export function startVendorSandbox(
  provider: string,
  secret: string,
  username = 'demo',
): Promise<VendorSandbox> {
  const args = ['--import', 'tsx', 'src-main/headless/sandbox-cli.ts']
  args.push(
    '--provider',
    provider,
    '--port',
    '0',
    '--username',
    username,
    '--secret',
    secret,
    '--start-time',
    '10:30',
  )
  const child = spawn(process.execPath, args, { env: { ...process.env, FORCE_COLOR: '0' }, stdio: 'pipe' })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (d: string) => (err += d))
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: string) => {
      out += d
      const line = out.split('\n').find((l) => l.includes('"baseUrl"'))
      if (!line) return
      const { origin, baseUrl } = JSON.parse(line) as { origin: string; baseUrl: string }
      const call = async (method: string, path: string, body?: unknown) => {
        const r = await fetch(origin + path, {
          method,
          ...(body === undefined
            ? {}
            : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        })
        if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status}`)
        return r
      }
      resolve({
        origin,
        baseUrl,
        child,
        get: async <T>(path: string) => (await (await call('GET', path)).json()) as T,
        post: async (path, body) => void (await call('POST', path, body)),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
          }),
      })
    })
    child.once('exit', (code) =>
      reject(new Error(`the ${provider} sandbox exited (${code}) before it was ready:\n${err}`)),
    )
  })
}
