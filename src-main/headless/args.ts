/** Command-line arguments of the headless runner (docs/ARCHITECTURE.md §7.1). Pure: parse, never exit. */

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
  token: string | null
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
  --token TOKEN       clients with this token may change things; required for a non-loopback HOST
                      (also read from FLOORWALKER_TOKEN)
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
                      write the server config (DIR/nats.conf) and one credential per user (DIR/creds/)
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
    demoAt: null,
    once: false,
    forSeconds: null,
    timeoutSeconds: 30,
    serve: null,
    token: env['FLOORWALKER_TOKEN'] || null,
    rendererDir: null,
    stateDir: null,
    verbose: false,
    help: false,
    team: null,
    site: null,
    teamCreds: null,
    role: 'poller',
    leaseTtlSeconds: 10,
    pushConfig: false,
    roleGiven: false,
  }
  let roleGiven = false
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
      case '--demo-at': {
        const v = needValue('')
        if (!v || !/^([01]\d|2[0-3]):[0-5]\d$/.test(v))
          return { ok: false, error: `--demo-at takes a time of day HH:MM (e.g. 10:30), got "${v ?? ''}"` }
        a.demoAt = v
        break
      }
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
      case '--team': {
        const v = needValue('')
        if (!v) return { ok: false, error: '--team needs the team server URL(s), e.g. nats://fw1.corp:4222' }
        a.team = v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean)
        break
      }
      case '--site': {
        const v = needValue('')
        if (!v) return { ok: false, error: '--site needs a site name' }
        a.site = v
        break
      }
      case '--team-creds': {
        const v = needValue('')
        if (!v) return { ok: false, error: '--team-creds needs a file path' }
        a.teamCreds = v
        break
      }
      case '--role': {
        const v = needValue('')
        if (v !== 'poller' && v !== 'viewer') return { ok: false, error: '--role takes poller or viewer' }
        a.role = v
        roleGiven = true
        a.roleGiven = true
        break
      }
      case '--lease-ttl': {
        const n = positiveNumber(flag, value)
        if (typeof n === 'string') return { ok: false, error: n }
        i += 1
        if (n < 2 || n > 120) return { ok: false, error: '--lease-ttl must be from 2 to 120 seconds' }
        a.leaseTtlSeconds = n
        break
      }
      case '--push-config':
        a.pushConfig = true
        break
      case '--team-password':
      case '--password':
        return {
          ok: false,
          error: `${flag}: a password on the command line is visible to every user of this machine; use --team-creds FILE or FLOORWALKER_TEAM_PASSWORD`,
        }
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
  if (a.team !== null) {
    if (!roleGiven && a.serve) a.role = 'viewer'
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
  if (a.site || a.teamCreds || a.pushConfig || roleGiven)
    return { ok: false, error: '--site, --team-creds, --role and --push-config need --team' }
  if (!a.config) a.demo = true
  return { ok: true, args: a }
}
