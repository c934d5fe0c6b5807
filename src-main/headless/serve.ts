/**
 * `--serve` for both the runner and a team viewer: reads the token file and the certificate the flags name, warns
 * about what the operator should know, and starts the board's server (docs/ARCHITECTURE.md §7.4).
 */
import { readFileSync, statSync } from 'node:fs'
import type { BridgeService } from '../core/bridge/types'
import type { Logger } from '../core/ports'
import { readServeFiles, type HeadlessArgs } from './args'
import { startWebBridge, type WebBridge } from './web-bridge'

export interface ServeDeps {
  service: BridgeService
  log: Logger
  version: string
  rendererDir: string
  /** One line for the operator (stderr). */
  say: (line: string) => void
  /** Told the token once it is read, so no log line or error can carry it. */
  secret?: (value: string) => void
}

export async function serveBoard(
  args: HeadlessArgs,
  d: ServeDeps,
): Promise<{ ok: true; bridge: WebBridge } | { ok: false; error: string }> {
  if (!args.serve) return { ok: false, error: '--serve was not given' }
  const files = readServeFiles(
    args,
    (p) => readFileSync(p, 'utf8'),
    (p) => (process.platform === 'win32' ? null : statSync(p).mode),
  )
  if (!files.ok) return files
  if (files.files.token !== null) d.secret?.(files.files.token)
  for (const w of files.warnings) d.say(`warning: ${w}`)
  try {
    const bridge = await startWebBridge({
      service: d.service,
      host: args.serve.host,
      port: args.serve.port,
      token: files.files.token,
      publicRead: args.publicRead,
      tls: files.files.tls,
      allowHosts: args.allowHosts,
      rendererDir: args.rendererDir ?? d.rendererDir,
      version: d.version,
      log: d.log,
    })
    return { ok: true, bridge }
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    const where = `${args.serve.host}:${args.serve.port}`
    if (err.code === 'EADDRINUSE')
      return { ok: false, error: `--serve ${where}: that port is already in use` }
    if (err.code === 'EADDRNOTAVAIL')
      return { ok: false, error: `--serve ${where}: no such address on this machine` }
    if (err.code === 'EACCES') return { ok: false, error: `--serve ${where}: not allowed to listen there` }
    // A certificate that does not parse, or a key that does not match it.
    return { ok: false, error: `--serve ${where}: ${err.message}` }
  }
}
