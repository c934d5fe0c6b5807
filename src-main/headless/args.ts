/** Command-line arguments of the headless runner (docs/ARCHITECTURE.md §7.1). Pure: parse, never exit. */

export interface HeadlessArgs {
  config: string | null
  demo: boolean
  /** Run the demo through every vendor's sandbox server on loopback, so the real pollers are exercised. */
  sandboxes: boolean
  once: boolean
  forSeconds: number | null
  timeoutSeconds: number
  serve: { host: string; port: number } | null
  token: string | null
  /** Folder with the built renderer for --serve. */
  rendererDir: string | null
  /** Folder for the saved board (state.json): shown at start, written while running and at exit. */
  stateDir: string | null
  verbose: boolean
  help: boolean
}

export const USAGE = `Usage: npm run --silent headless -- [--config FILE] [--demo] [--once | --for SECONDS] [options]

Runs the Floorwalker engine without Electron and writes one JSON object per line to stdout
(snapshot, status and alert lines); logs go to stderr.

  --config FILE       connections and rules (the app's config format)
  --demo              add the built-in simulated contact center (the default when there is no --config)
  --sandboxes         run the demo through every vendor's sandbox API on loopback (real pollers)
  --once              exit when every connection delivered a snapshot or failed for good
                      (exit 0: all delivered; 2: some did not)
  --timeout SECONDS   with --once: give up after this long (default 30)
  --for SECONDS       run this long, then exit 0 (2 if no connection ever delivered)
  --serve HOST:PORT   serve the board (built renderer) and its WebSocket bridge; loopback by default
  --token TOKEN       clients with this token may change things; required for a non-loopback HOST
                      (also read from FLOORWALKER_TOKEN)
  --renderer DIR      built renderer to serve (default: out/renderer)
  --state DIR         keep the last known board in DIR/state.json: shown (stale) at start until fresh data
                      arrives, saved every 30 s and at exit
  --verbose           debug logs on stderr
  --help              this text
Exit codes: 0 ok, 1 bad usage or config, 2 a connection did not deliver.`

export type ParseResult = { ok: true; args: HeadlessArgs } | { ok: false; error: string }

function positiveNumber(flag: string, v: string | undefined): number | string {
  if (v === undefined || v.startsWith('--')) return `${flag} needs a number of seconds`
  const n = Number(v)
  if (!Number.isFinite(n) || n <= 0) return `${flag} must be a number of seconds greater than 0, got "${v}"`
  return n
}

export function parseHostPort(v: string): { host: string; port: number } | string {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:]+):(\d{1,5})$/.exec(v)
  if (!m) return `--serve takes HOST:PORT (e.g. 127.0.0.1:8123), got "${v}"`
  const port = Number(m[2])
  if (port > 65535) return `--serve port must be 0–65535, got ${port}`
  return { host: (m[1] as string).replace(/^\[|\]$/g, ''), port }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

export function parseArgs(argv: string[], env: Record<string, string | undefined> = {}): ParseResult {
  const a: HeadlessArgs = {
    config: null,
    demo: false,
    sandboxes: false,
    once: false,
    forSeconds: null,
    timeoutSeconds: 30,
    serve: null,
    token: env['FLOORWALKER_TOKEN'] || null,
    rendererDir: null,
    stateDir: null,
    verbose: false,
    help: false,
  }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] as string
    const value = argv[i + 1]
    const needValue = (what: string): string | null => {
      if (value === undefined || value.startsWith('--')) return null
      i += 1
      return value || what
    }
    switch (flag) {
      case '--config': {
        const v = needValue('')
        if (!v) return { ok: false, error: '--config needs a file path' }
        a.config = v
        break
      }
      case '--demo':
        a.demo = true
        break
      case '--sandboxes':
        a.sandboxes = true
        break
      case '--once':
        a.once = true
        break
      case '--for':
      case '--timeout': {
        const n = positiveNumber(flag, value)
        if (typeof n === 'string') return { ok: false, error: n }
        i += 1
        if (flag === '--for') a.forSeconds = n
        else a.timeoutSeconds = n
        break
      }
      case '--serve': {
        const v = needValue('')
        if (!v) return { ok: false, error: '--serve needs HOST:PORT' }
        const hp = parseHostPort(v)
        if (typeof hp === 'string') return { ok: false, error: hp }
        a.serve = hp
        break
      }
      case '--token': {
        const v = needValue('')
        if (!v) return { ok: false, error: '--token needs a value' }
        a.token = v
        break
      }
      case '--renderer': {
        const v = needValue('')
        if (!v) return { ok: false, error: '--renderer needs a folder' }
        a.rendererDir = v
        break
      }
      case '--state': {
        const v = needValue('')
        if (!v) return { ok: false, error: '--state needs a folder' }
        a.stateDir = v
        break
      }
      case '--verbose':
        a.verbose = true
        break
      case '--help':
      case '-h':
        a.help = true
        break
      default:
        return { ok: false, error: `unknown argument "${flag}" (see --help)` }
    }
  }
  if (a.once && a.forSeconds !== null) return { ok: false, error: '--once and --for cannot be combined' }
  if (a.once && a.serve) return { ok: false, error: '--once and --serve cannot be combined' }
  if (a.serve && !isLoopback(a.serve.host) && !a.token) {
    return {
      ok: false,
      error: `--serve on ${a.serve.host} (not loopback) needs --token (or FLOORWALKER_TOKEN): anyone on the network could reach it`,
    }
  }
  if (a.token !== null && a.token.length < 16) {
    return { ok: false, error: '--token must be at least 16 characters' }
  }
  if (!a.config) a.demo = true
  return { ok: true, args: a }
}
