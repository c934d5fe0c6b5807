/**
 * A Connectivity for places without an OS network signal (the headless runner): `isOnline` stays true (failures
 * counted by the pollers do the noticing) and `probe` checks whether packets get anywhere with a TCP handshake to
 * the configured vendor hosts, closed at once: never an HTTP request, so vendors see no traffic from it.
 *
 * A refused or reset connection counts as "the network works": some host answered, so the problem is the vendor,
 * not this computer. DNS failures, no route and silence count as "no network".
 */
import { connect } from 'node:net'
import type { Config } from '../../../src-shared/config'
import type { Connectivity } from '../ports'

export interface ProbeTarget {
  host: string
  port: number
}

export const PROBE_CONNECT_TIMEOUT_MS = 5_000

/** Codes that mean a host answered (the network carries packets), even if nothing listens there. */
const ANSWERED = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE'])

/**
 * One TCP handshake: true when the host answered (accepted or refused), false on a DNS failure, no route or
 * silence.
 */
export function tcpAnswers(target: ProbeTarget, timeoutMs = PROBE_CONNECT_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false
    const socket = connect({ host: target.host, port: target.port, timeout: timeoutMs })
    const done = (ok: boolean) => {
      if (settled) return
      settled = true
      socket.destroy()
      resolve(ok)
    }
    socket.once('connect', () => done(true))
    socket.once('timeout', () => done(false))
    socket.once('error', (e: NodeJS.ErrnoException) => done(ANSWERED.has(e.code ?? '')))
  })
}

/** host:port of every enabled connection with a base URL (the simulator has none), without duplicates. */
export function probeTargets(config: Pick<Config, 'connections'>): ProbeTarget[] {
  const seen = new Map<string, ProbeTarget>()
  for (const c of config.connections) {
    if (!c.enabled || !c.baseUrl) continue
    try {
      const u = new URL(c.baseUrl)
      const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80
      const host = u.hostname.replace(/^\[|\]$/g, '')
      seen.set(`${host}:${port}`, { host, port })
    } catch {
      // An unparsable URL is the config validator's business; it just cannot be probed.
    }
  }
  return [...seen.values()]
}

/** Connectivity from TCP handshakes to `targets()`: online when any of them answers. */
export function tcpProbeConnectivity(
  targets: () => ProbeTarget[],
  timeoutMs = PROBE_CONNECT_TIMEOUT_MS,
): Connectivity {
  return {
    isOnline: () => true,
    onChange: () => () => {},
    async probe() {
      const list = targets()
      if (list.length === 0) return true
      const answers = await Promise.all(list.map((t) => tcpAnswers(t, timeoutMs)))
      return answers.some(Boolean)
    },
  }
}
