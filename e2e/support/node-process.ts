/**
 * Child processes for the browser specs: a vendor sandbox, the headless runner. Each is `node --import tsx <args>`
 * started from the project root and awaited on a readiness line it prints (never on a sleep), and stopped with
 * SIGTERM, awaiting its exit so the next test never races a dying process for a port or a file.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface Started {
  child: ChildProcess
  /** The first line that matched the readiness pattern. */
  line: RegExpExecArray
  /** Everything the process wrote to stderr so far (whole, so a spec can search all of it for a secret). */
  stderr: () => string
}

export interface StartOptions {
  /** Which stream prints the readiness line. */
  stream: 'stdout' | 'stderr'
  ready: RegExp
  env?: NodeJS.ProcessEnv
  /** Every complete stdout line, as it comes (the runner prints snapshots and alerts there). */
  onStdoutLine?: (line: string) => void
}

/** How much of stdout is kept for the readiness check: the runner prints a snapshot there every poll. */
const KEEP_STDOUT = 20_000

/** Start `node --import tsx <args>` and resolve once a line of `stream` matches `ready`. */
export function startNode(args: string[], options: StartOptions): Promise<Started> {
  const { stream, ready, env = {}, onStdoutLine } = options
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const text = { stdout: '', stderr: '' }
  let partial = ''
  child.stdout!.setEncoding('utf8')
  child.stderr!.setEncoding('utf8')
  return new Promise<Started>((resolve, reject) => {
    let readyLine: RegExpExecArray | null = null
    const check = (): void => {
      if (readyLine) return
      for (const l of text[stream].split('\n')) {
        readyLine = ready.exec(l)
        if (readyLine) return resolve({ child, line: readyLine, stderr: () => text.stderr })
      }
    }
    // Keep reading both streams: a full pipe would stall the child.
    child.stdout!.on('data', (chunk: string) => {
      text.stdout = (text.stdout + chunk).slice(-KEEP_STDOUT)
      if (onStdoutLine) {
        const lines = (partial + chunk).split('\n')
        partial = lines.pop() ?? ''
        for (const l of lines) onStdoutLine(l)
      }
      if (stream === 'stdout') check()
    })
    child.stderr!.on('data', (chunk: string) => {
      text.stderr += chunk
      if (stream === 'stderr') check()
    })
    child.once('exit', (code, signal) =>
      reject(new Error(`${args.join(' ')} exited (${code ?? signal}) before it was ready:\n${text.stderr}`)),
    )
  })
}

/** SIGTERM the process (if it still runs) and wait for it to exit. */
export async function stop(child: ChildProcess | null | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  await exited
}

/** A vendor sandbox (on a free port unless given one); resolves with the base URL it prints on stdout. */
export async function startSandbox(
  provider: string,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
  port = 0,
): Promise<{ started: Started; baseUrl: string; origin: string }> {
  const started = await startNode(
    ['src-main/headless/sandbox-cli.ts', '--provider', provider, '--port', String(port), ...extraArgs],
    { stream: 'stdout', ready: /^(\{.*"baseUrl".*\})$/, env },
  )
  const baseUrl = (JSON.parse(started.line[1]!) as { baseUrl: string }).baseUrl
  return { started, baseUrl, origin: new URL(baseUrl).origin }
}

/** The headless runner serving a board; resolves at its "board at http://…" line on stderr. */
export async function startRunner(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  onStdoutLine?: (line: string) => void,
): Promise<Started & { board: string }> {
  const started = await startNode(['src-main/headless/cli.ts', ...args], {
    stream: 'stderr',
    ready: /board at (http:\/\/\S+)/,
    env,
    onStdoutLine,
  })
  return { ...started, board: started.line[1]! }
}

/** The sandboxes' own demo credentials (src-main/headless/sandbox-demo.ts); they never leave this machine. */
export const SANDBOX_USER = 'demo'
export const SANDBOX_SECRET = 'demo-secret-not-a-real-credential'

/**
 * Bright Pattern and Chronicall sandboxes serving the same simulated floor (the same people, docs/ARCHITECTURE.md
 * §6.2) from `dayAt`, and the two connections a runner's config needs for them, with their secrets from the
 * environment (`env`, for startRunner).
 */
export async function startTwoVendorFloor(dayAt: string): Promise<{
  started: Started[]
  connections: object[]
  env: NodeJS.ProcessEnv
}> {
  const bp = await startSandbox('brightpattern', ['--start-time', dayAt])
  const chr = await startSandbox('chronicall', ['--start-time', dayAt]).catch(async (e: unknown) => {
    await stop(bp.started.child)
    throw e
  })
  return {
    started: [bp.started, chr.started],
    connections: [
      {
        id: 'bp',
        label: 'Bright Pattern',
        provider: 'brightpattern',
        baseUrl: bp.baseUrl,
        username: SANDBOX_USER,
        secretEnv: 'FW_E2E_BP',
      },
      {
        id: 'chr',
        label: 'Chronicall',
        provider: 'chronicall',
        baseUrl: chr.baseUrl,
        secretEnv: 'FW_E2E_CHR',
      },
    ],
    env: { FW_E2E_BP: SANDBOX_SECRET, FW_E2E_CHR: SANDBOX_SECRET },
  }
}
