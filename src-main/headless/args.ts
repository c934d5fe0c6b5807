/**
 * Command-line arguments of the headless runner (docs/ARCHITECTURE.md §7.1), read with node:util's `parseArgs`.
 * Pure: parse, never exit; files named by flags are read by `readServeFiles` with an injected reader.
 */
import { parseArgs as parseArgv } from 'node:util'
import { isLoopback, tokenProblem } from './web-guard'

export { isLoopback } from './web-guard'

export interface HeadlessArgs {
  config: string | null
  demo: boolean
  /** Run the demo through every vendor's sandbox server on loopback, so the real pollers are exercised. */
  sandboxes: boolean
  /** "HH:MM": the demo replays a reference day from this time instead of following the clock. */
  demoAt: string | null
  once: boolean
  forSeconds: number | null
  timeoutSeconds: number
  serve: { host: string; port: number } | null
  /** The token from FLOORWALKER_TOKEN or (deprecated) --token; a --token-file is read by `readServeFiles`. */
  token: string | null
  /** Where the token comes from: the file is read later, the others are already in `token`. */
  tokenSource: 'file' | 'env' | 'argv' | null
  tokenFile: string | null
  /** --tls-cert / --tls-key: serve HTTPS and WSS with this certificate and key (PEM files). */
  tls: { certFile: string; keyFile: string } | null
  /** --insecure-http: plain HTTP beyond loopback, knowingly (e.g. behind a TLS-terminating proxy). */
  insecureHttp: boolean
  /** --public-read: with a token, clients without it may still look (read-only). */
  publicRead: boolean
  /** --allow-host: host names besides loopback and the bind address that the board answers to. */
  allowHosts: string[]
  /** Things the operator should hear about but that do not stop the run (deprecations, clear-text serving). */
  warnings: string[]
  /** Folder with the built renderer for --serve. */
  rendererDir: string | null
  /** Folder for the saved board (state.json): shown at start, written while running and at exit. */
  stateDir: string | null
  verbose: boolean
  help: boolean
  /** Team mode (docs/TEAM.md): the team server URLs; null = not in team mode. */
  team: string[] | null
  site: string | null
  /** A file with the team credential ({"user","password"}); else FLOORWALKER_TEAM_USER / _PASSWORD. */
  teamCreds: string | null
  /** `poller` polls vendors for the team; `viewer` shows the team's board (the default with --serve). */
  role: 'poller' | 'viewer'
  leaseTtlSeconds: number
  /**
   * With --config (or --demo): write that config as the site's team config (admins and pollers may), then exit;
   * with an explicit `--role poller`, go on polling.
   */
  pushConfig: boolean
  /** --role was given (not defaulted). */
  roleGiven: boolean
}

export const USAGE = `Usage: npm run --silent headless -- [--config FILE] [--demo] [--once | --for SECONDS] [options]

Runs the Floorwalker engine without Electron and writes one JSON object per line to stdout
(snapshot, status and alert lines); logs go to stderr.

  --config FILE       connections and rules (the app's config format)
  --demo              add the built-in simulated contact center (the default when there is no --config)
  --sandboxes         run the demo through every vendor's sandbox API on loopback (real pollers)
  --demo-at HH:MM     the demo opens on a reference day at this time (the same day at every start)
                      instead of following this computer's clock
  --once              exit when every connection delivered a snapshot or failed for good
                      (exit 0: all delivered; 2: some did not)
  --timeout SECONDS   with --once: give up after this long (default 30)
  --for SECONDS       run this long, then exit 0 (2 if no connection ever delivered)
  --serve HOST:PORT   serve the board (built renderer) and its WebSocket bridge; loopback by default
  --token-file FILE   the access token (first line of FILE): clients with it may change things; required for
                      a non-loopback HOST. Or set FLOORWALKER_TOKEN. At least 16 characters, no spaces, not
                      easy to guess (e.g. \`openssl rand -hex 24\`). Open the board once as URL?token=…:
                      the token becomes a cookie and leaves the address bar
  --public-read       with a token: clients without it may look (read-only); otherwise they are refused
  --tls-cert FILE     serve HTTPS/WSS with this certificate (PEM) ...
  --tls-key FILE      ... and its private key (PEM); required for a non-loopback HOST unless --insecure-http
  --insecure-http     serve a non-loopback HOST over plain HTTP anyway (e.g. behind a TLS proxy); warned
  --allow-host NAME   a host name the board answers to besides loopback and the bind address (repeatable,
                      or comma-separated); any other Host header is refused (DNS rebinding)
  --token TOKEN       deprecated (visible to every user in the process list): use --token-file
  --renderer DIR      built renderer to serve (default: out/renderer)
  --state DIR         keep the last known board in DIR/state.json: shown (stale) at start until fresh data
                      arrives, saved every 30 s and at exit
  --verbose           debug logs on stderr
  --help              this text

Team mode (docs/TEAM.md): one set of pollers for a whole contact center over a NATS server.
  --team URL[,URL]    the team server(s), e.g. nats://fw1.corp:4222 (tls:// for TLS)
  --site SITE         the site to poll or show
  --team-creds FILE   the team credential file written by \`team init\` (mode 0600); or set
                      FLOORWALKER_TEAM_USER and FLOORWALKER_TEAM_PASSWORD (never on the command line)
  --role ROLE         poller (default) polls the vendors whose secrets it has (secretEnv) for the team;
                      viewer (the default with --serve) shows the team's board and polls nothing
  --lease-ttl SECONDS how long a poller's lease lasts without renewal (default 10)
  --push-config       with --config (or --demo): make that the site's connections and rules for the whole
                      team, then exit (with --role poller: then go on polling)
  team init --sites eu,us --out DIR [--pollers 3] [--supervisors anna:eu,...] [--wallboards wall-1:eu,...]
            [--listen 0.0.0.0:4222] [--http 127.0.0.1:8222] [--websocket 0.0.0.0:8443] [--tls-cert F --tls-key F]
            [--force]
                      write the server config (DIR/nats.conf) and one credential per user (DIR/creds/); an
                      existing DIR/nats.conf is kept unless --force (new passwords for every user)
Exit codes: 0 ok, 1 bad usage or config, 2 a connection did not deliver.`

export type ParseResult = { ok: true; args: HeadlessArgs } | { ok: false; error: string }

const OPTIONS = {
  config: { type: 'string' },
  demo: { type: 'boolean' },
  sandboxes: { type: 'boolean' },
  'demo-at': { type: 'string' },
  once: { type: 'boolean' },
  for: { type: 'string' },
  timeout: { type: 'string' },
  serve: { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'insecure-http': { type: 'boolean' },
  'public-read': { type: 'boolean' },
  'allow-host': { type: 'string', multiple: true },
  renderer: { type: 'string' },
  state: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  team: { type: 'string' },
  site: { type: 'string' },
  'team-creds': { type: 'string' },
  role: { type: 'string' },
  'lease-ttl': { type: 'string' },
  'push-config': { type: 'boolean' },
  // Refused with their own message (never accepted): a password on the command line.
  'team-password': { type: 'string' },
  password: { type: 'string' },
} as const

/** What a flag needs, for "--config needs a file path" when its value is missing. */
const NEEDS: Record<string, string> = {
  config: 'a file path',
  'demo-at': 'a time of day HH:MM (e.g. 10:30)',
  for: 'a number of seconds',
  timeout: 'a number of seconds',
  serve: 'HOST:PORT',
  token: 'a value',
  'token-file': 'a file path',
  'tls-cert': 'a certificate file (PEM)',
  'tls-key': 'a private key file (PEM)',
  'allow-host': 'a host name',
  renderer: 'a folder',
  state: 'a folder',
  team: 'the team server URL(s), e.g. nats://fw1.corp:4222',
  site: 'a site name',
  'team-creds': 'a file path',
  role: 'poller or viewer',
  'lease-ttl': 'a number of seconds',
}

const NUMERIC = new Set(['for', 'timeout', 'lease-ttl'])

function passwordError(flag: string): string {
  return `${flag}: a password on the command line is visible to every user of this machine; use --team-creds FILE or FLOORWALKER_TEAM_PASSWORD`
}

/** node:util's parse errors, said the way the rest of this CLI says things. */
function argvError(e: unknown, argv: string[]): string {
  const err = e as { code?: string; message?: string }
  const msg = err.message ?? String(e)
  const named = /'(-{1,2}[^' ]+)/.exec(msg)?.[1] ?? ''
  const name = named.replace(/^-+/, '')
  if (name === 'password' || name === 'team-password') return passwordError(named)
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown argument "${named}" (see --help)`
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /'([^']*)'/.exec(msg)?.[1] ?? ''
    return `unknown argument "${arg}" (see --help)`
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(msg)) return `${named} takes no value`
    // "--for -1": a dash value is read as a flag by parseArgs; for a number, say what is wrong with the number.
    const next = argv[argv.indexOf(named) + 1]
    if (NUMERIC.has(name) && next !== undefined && /^-\d/.test(next))
      return `${named} must be a number of seconds greater than 0, got "${next}"`
    return `${named} needs ${NEEDS[name] ?? 'a value'}`
  }
  return msg
}

function positiveNumber(flag: string, v: string): number | string {
  const n = Number(v)
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0)
    return `${flag} must be a number of seconds greater than 0, got "${v}"`
  return n
}

export function parseHostPort(v: string): { host: string; port: number } | string {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:]+):(\d{1,5})$/.exec(v)
  if (!m) return `--serve takes HOST:PORT (e.g. 127.0.0.1:8123), got "${v}"`
  const port = Number(m[2])
  if (port > 65535) return `--serve port must be 0–65535, got ${port}`
  return { host: (m[1] as string).replace(/^\[|\]$/g, ''), port }
}

export function parseArgs(argv: string[], env: Record<string, string | undefined> = {}): ParseResult {
  let v: ReturnType<typeof parseArgv<{ args: string[]; options: typeof OPTIONS; strict: true }>>['values']
  try {
    v = parseArgv({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values
  } catch (e) {
    return { ok: false, error: argvError(e, argv) }
  }
  if (v.password !== undefined) return { ok: false, error: passwordError('--password') }
  if (v['team-password'] !== undefined) return { ok: false, error: passwordError('--team-password') }
  // An empty value ("--config=") is as good as none.
  for (const [k, val] of Object.entries(v)) {
    if (val === '') return { ok: false, error: `--${k} needs ${NEEDS[k] ?? 'a value'}` }
  }
  const warnings: string[] = []
  const a: HeadlessArgs = {
    config: v.config ?? null,
    demo: v.demo ?? false,
    sandboxes: v.sandboxes ?? false,
    demoAt: null,
    once: v.once ?? false,
    forSeconds: null,
    timeoutSeconds: 30,
    serve: null,
    token: null,
    tokenSource: null,
    tokenFile: v['token-file'] ?? null,
    tls: null,
    insecureHttp: v['insecure-http'] ?? false,
    publicRead: v['public-read'] ?? false,
    allowHosts: (v['allow-host'] ?? []).flatMap((h) =>
      h
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
    warnings,
    rendererDir: v.renderer ?? null,
    stateDir: v.state ?? null,
    verbose: v.verbose ?? false,
    help: v.help ?? false,
    team: null,
    site: v.site ?? null,
    teamCreds: v['team-creds'] ?? null,
    role: 'poller',
    leaseTtlSeconds: 10,
    pushConfig: v['push-config'] ?? false,
    roleGiven: false,
  }
  if (v['demo-at'] !== undefined) {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(v['demo-at']))
      return { ok: false, error: `--demo-at takes a time of day HH:MM (e.g. 10:30), got "${v['demo-at']}"` }
    a.demoAt = v['demo-at']
  }
  for (const flag of ['for', 'timeout'] as const) {
    const raw = v[flag]
    if (raw === undefined) continue
    const n = positiveNumber(`--${flag}`, raw)
    if (typeof n === 'string') return { ok: false, error: n }
    if (flag === 'for') a.forSeconds = n
    else a.timeoutSeconds = n
  }
  if (v.serve !== undefined) {
    const hp = parseHostPort(v.serve)
    if (typeof hp === 'string') return { ok: false, error: hp }
    a.serve = hp
  }
  if (v.team !== undefined) {
    a.team = v.team
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
  }
  if (v.role !== undefined) {
    if (v.role !== 'poller' && v.role !== 'viewer')
      return { ok: false, error: '--role takes poller or viewer' }
    a.role = v.role
    a.roleGiven = true
  }
  if (v['lease-ttl'] !== undefined) {
    const n = positiveNumber('--lease-ttl', v['lease-ttl'])
    if (typeof n === 'string') return { ok: false, error: n }
    if (n < 2 || n > 120) return { ok: false, error: '--lease-ttl must be from 2 to 120 seconds' }
    a.leaseTtlSeconds = n
  }

  const serveError = checkServe(a, v.token ?? null, v['tls-cert'] ?? null, v['tls-key'] ?? null, env)
  if (serveError) return { ok: false, error: serveError }

  if (a.once && a.forSeconds !== null) return { ok: false, error: '--once and --for cannot be combined' }
  if (a.once && a.serve) return { ok: false, error: '--once and --serve cannot be combined' }
  if (a.team !== null) {
    if (!a.roleGiven && a.serve) a.role = 'viewer'
    if (!a.site) return { ok: false, error: '--team needs --site (the site to poll or show)' }
    if (!/^[a-z0-9_-]{1,32}$/.test(a.site))
      return { ok: false, error: `--site "${a.site}": use 1–32 of a–z, 0–9, "-" and "_"` }
    for (const u of a.team)
      if (!/^(nats|tls):\/\/[^\s/]+$/.test(u))
        return { ok: false, error: `--team "${u}" is not a nats:// or tls:// URL (host:port)` }
    if (a.once)
      return { ok: false, error: '--once does not apply to --team (pollers and viewers run until stopped)' }
    if (a.pushConfig && !a.config && !a.demo)
      return { ok: false, error: '--push-config needs --config FILE (or --demo for the simulated center)' }
    if (a.role === 'viewer' && (a.demo || a.sandboxes)) {
      return { ok: false, error: 'a team viewer shows the team’s board: --demo and --sandboxes do not apply' }
    }
    return { ok: true, args: a }
  }
  if (a.site || a.teamCreds || a.pushConfig || a.roleGiven)
    return { ok: false, error: '--site, --team-creds, --role and --push-config need --team' }
  if (!a.config) a.demo = true
  return { ok: true, args: a }
}

/** The serving flags, checked together (docs/ARCHITECTURE.md §7.4); fills in token and TLS; null when fine. */
function checkServe(
  a: HeadlessArgs,
  argvToken: string | null,
  certFile: string | null,
  keyFile: string | null,
  env: Record<string, string | undefined>,
): string | null {
  if (!a.serve) {
    const given = [
      a.tokenFile !== null && '--token-file',
      argvToken !== null && '--token',
      certFile !== null && '--tls-cert',
      keyFile !== null && '--tls-key',
      a.insecureHttp && '--insecure-http',
      a.publicRead && '--public-read',
      a.allowHosts.length > 0 && '--allow-host',
    ].filter(Boolean)
    return given.length > 0 ? `${given.join(', ')} only apply with --serve HOST:PORT` : null
  }
  if (argvToken !== null && a.tokenFile !== null)
    return 'give the token once: --token-file or --token, not both'
  if (a.tokenFile !== null) {
    a.tokenSource = 'file'
  } else if (argvToken !== null) {
    a.token = argvToken
    a.tokenSource = 'argv'
    a.warnings.push(
      '--token is deprecated: every user of this machine can read it in the process list; use --token-file FILE or FLOORWALKER_TOKEN',
    )
  } else if (env['FLOORWALKER_TOKEN']) {
    a.token = env['FLOORWALKER_TOKEN']
    a.tokenSource = 'env'
  }
  if (a.token !== null) {
    const weak = tokenProblem(a.token)
    if (weak) return `${a.tokenSource === 'env' ? 'FLOORWALKER_TOKEN' : '--token'}: ${weak}`
  }
  if ((certFile === null) !== (keyFile === null))
    return '--tls-cert and --tls-key go together: the certificate and its private key'
  if (certFile !== null && keyFile !== null) a.tls = { certFile, keyFile }
  for (const h of a.allowHosts) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]{1,253}|[0-9a-fA-F:.]+)$/.test(h))
      return `--allow-host "${h}" is not a host name (a name like board.corp.example or an address, no port)`
  }
  const host = a.serve.host
  if (!isLoopback(host)) {
    if (a.tokenSource === null) {
      return `--serve on ${host} (not loopback) needs a token: --token-file FILE or FLOORWALKER_TOKEN (anyone on the network could reach it)`
    }
    if (a.tls === null) {
      if (!a.insecureHttp) {
        return `--serve on ${host} (not loopback) would send the board and its token in clear text: give --tls-cert FILE --tls-key FILE, or --insecure-http to accept that (e.g. behind a TLS proxy)`
      }
      a.warnings.push(
        `--insecure-http: the board on ${host} is served over plain HTTP; anyone on the network path can read it and its token`,
      )
    }
  }
  if (a.publicRead && a.tokenSource === null)
    a.warnings.push(
      '--public-read has no effect without a token: every client may look, none may change things',
    )
  return null
}

export interface ServeFiles {
  token: string | null
  tls: { cert: string; key: string } | null
}

/**
 * Reads what the serving flags name (the token file, the certificate and key) and checks the token's strength.
 * `readFile` is injected so the rules are tested without files. A token file readable by others is warned about.
 */
export function readServeFiles(
  a: HeadlessArgs,
  readFile: (path: string) => string,
  mode: (path: string) => number | null = () => null,
): { ok: true; files: ServeFiles; warnings: string[] } | { ok: false; error: string } {
  const warnings: string[] = []
  let token = a.token
  if (a.tokenSource === 'file' && a.tokenFile !== null) {
    let text: string
    try {
      text = readFile(a.tokenFile)
    } catch (e) {
      return { ok: false, error: `--token-file ${a.tokenFile}: cannot read it: ${(e as Error).message}` }
    }
    // The first line, as `openssl rand -hex 24 > FILE` writes it (with its line break, perhaps a CR).
    token = (text.split('\n')[0] ?? '').replace(/\r$/, '')
    const weak = tokenProblem(token)
    if (weak) return { ok: false, error: `--token-file ${a.tokenFile}: ${weak}` }
    const m = mode(a.tokenFile)
    if (m !== null && (m & 0o077) !== 0)
      warnings.push(
        `--token-file ${a.tokenFile} can be read by other users of this machine (mode ${(m & 0o777).toString(8)}); chmod 600 it`,
      )
  }
  let tls: ServeFiles['tls'] = null
  if (a.tls) {
    const read = (flag: string, path: string): string | { error: string } => {
      try {
        return readFile(path)
      } catch (e) {
        return { error: `${flag} ${path}: cannot read it: ${(e as Error).message}` }
      }
    }
    const cert = read('--tls-cert', a.tls.certFile)
    if (typeof cert !== 'string') return { ok: false, error: cert.error }
    const key = read('--tls-key', a.tls.keyFile)
    if (typeof key !== 'string') return { ok: false, error: key.error }
    if (!/-----BEGIN [A-Z ]*CERTIFICATE-----/.test(cert))
      return {
        ok: false,
        error: `--tls-cert ${a.tls.certFile}: not a PEM certificate (-----BEGIN CERTIFICATE-----)`,
      }
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key))
      return {
        ok: false,
        error: `--tls-key ${a.tls.keyFile}: not a PEM private key (-----BEGIN … PRIVATE KEY-----)`,
      }
    tls = { cert, key }
  }
  return { ok: true, files: { token, tls }, warnings }
}
