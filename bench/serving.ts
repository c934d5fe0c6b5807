/**
 * A served board for the benches: a node process (the headless runner, or a stand-in page server) that says
 * "board at <url>" on stderr, and what kind of message a board's bridge frame is.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..')

export interface Serving {
  child: ChildProcess
  url: string
  /** SIGTERM; resolves when the process has exited. */
  kill(): Promise<void>
}

/** Spawn `args` with node from the repository's root; resolves when it prints "board at <url>" on stderr. */
export function serving(args: string[], env: Record<string, string> = {}): Promise<Serving> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
  })
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  let err = ''
  child.stderr.setEncoding('utf8')
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: string) => {
      err += d
      const m = /board at (http:\/\/\S+)/.exec(err)
      if (m)
        resolve({
          child,
          url: m[1] as string,
          kill: () => {
            child.kill('SIGTERM')
            return exited
          },
        })
    })
    child.once('exit', (code) =>
      reject(new Error(`${args.join(' ')} exited (${code}) before serving:\n${err}`)),
    )
  })
}

/** A bridge frame's kind for a tally of bytes: the event's name, `answers` for results, else its type. */
export function frameKind(text: string): string {
  try {
    const m = JSON.parse(text) as { t: string; event?: string }
    return m.t === 'event' ? (m.event ?? 'event') : m.t === 'result' ? 'answers' : m.t
  } catch {
    return 'other'
  }
}
