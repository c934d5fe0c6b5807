/**
 * Team mode (issue 18, study `TEAM-MODE.md`): one set of pollers for a whole contact center, any number of desktops
 * and wallboards, over NATS JetStream. This file is the shared part: the team file a desktop or a runner joins
 * with, the names of every bucket, stream and subject, and the message shapes on them. Pure: no Node, no NATS.
 *
 * Where things live (study §3.2):
 * - `fw_live`   KV  `<site>.<conn>` last snapshot (written before its patch), `<site>.<conn>.schema.<rev>` history
 *                   series keys; `allow_direct`, so a viewer's read is a direct get whose subject names the key and
 *                   can be restricted per site.
 * - `fw_lease`  KV  `<site>.<conn>` who polls the connection; bucket max_age = the lease TTL. Pollers only.
 * - `fw_config` KV  `<site>.config` the site's connections (no secrets) and rules.
 * - `fw_alerts` KV  `<site>.<conn>` the connection's alert state (active alerts with acknowledgements, history).
 * - `FW_HIST`   stream `fw.<site>.hist.<conn>` compact history samples, 8 h, de-duplicated by `Nats-Msg-Id`.
 * - `FW_EVENTS` stream `fw.<site>.evt.alert.<conn>` alert lifecycle events, 7 days.
 * - `fw.<site>.live.<conn>` core subject: the live patches.
 * - `fw.<site>.cmd.<conn>.ack.<user>` request/reply to the holder: the user token is forced by the broker's publish
 *   permission, so the name on an acknowledgement cannot be forged in the body.
 */
import type { AlertEvent, AlertView } from './alerts'
import type { LiveCollections, LivePatch } from './live'

export const TEAM_BUCKETS = {
  live: 'fw_live',
  lease: 'fw_lease',
  config: 'fw_config',
  alerts: 'fw_alerts',
} as const
export const TEAM_STREAMS = { history: 'FW_HIST', events: 'FW_EVENTS' } as const
/** The stream behind a KV bucket. */
export const kvStream = (bucket: string): string => `KV_${bucket}`

/** Lease time-to-live default, seconds (study §3.4: below 3 × cadence for every vendor but Bright Pattern). */
export const DEFAULT_LEASE_TTL_SEC = 10
/** History kept in the team, ms (the board's history span). */
export const TEAM_HISTORY_MS = 8 * 3600_000
/** Alert events kept, ms. */
export const TEAM_EVENTS_MS = 7 * 24 * 3600_000
/** Header names on patches. */
export const HDR_EPOCH = 'Fw-Epoch'
export const HDR_SEQ = 'Fw-Seq'
export const HDR_POLLER = 'Fw-Poller'
/** The holder's clock (epoch ms) when it published the patch (after its state was stored). */
export const HDR_TIME = 'Fw-Time'

export const TEAM_ROLES = ['poller', 'admin', 'supervisor', 'wallboard'] as const
export type TeamRole = (typeof TEAM_ROLES)[number]

/** A site name: one subject token, lower case. */
export const SITE_PATTERN = /^[a-z0-9_-]{1,32}$/
/** A team user name: one subject token, also the inbox prefix `_INBOX_<user>`. */
export const USER_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

/**
 * A connection id as one subject token. Ids may contain `.` (a token separator), so everything outside
 * `[A-Za-z0-9_-]` is written as `=XX` (hex of each UTF-16 unit below 256, `=uXXXX` above). KV keys accept `=`.
 */
export function encodeToken(id: string): string {
  let out = ''
  for (const ch of id) {
    if (/[A-Za-z0-9_-]/.test(ch)) out += ch
    else {
      const code = ch.charCodeAt(0)
      out += code < 256 ? `=${code.toString(16).padStart(2, '0')}` : `=u${code.toString(16).padStart(4, '0')}`
    }
  }
  return out
}

export function decodeToken(token: string): string {
  return token.replace(
    /=u([0-9a-f]{4})|=([0-9a-f]{2})/g,
    (_m, u: string | undefined, b: string | undefined) =>
      String.fromCharCode(parseInt((u ?? b) as string, 16)),
  )
}

export const teamKeys = {
  live: (site: string, conn: string) => `${site}.${encodeToken(conn)}`,
  schema: (site: string, conn: string, rev: string) => `${site}.${encodeToken(conn)}.schema.${rev}`,
  lease: (site: string, conn: string) => `${site}.${encodeToken(conn)}`,
  config: (site: string) => `${site}.config`,
  alerts: (site: string, conn: string) => `${site}.${encodeToken(conn)}`,
}

export const teamSubjects = {
  live: (site: string, conn: string) => `fw.${site}.live.${encodeToken(conn)}`,
  liveAll: (site: string) => `fw.${site}.live.>`,
  history: (site: string, conn: string) => `fw.${site}.hist.${encodeToken(conn)}`,
  historyAll: (site: string) => `fw.${site}.hist.>`,
  alertEvent: (site: string, conn: string) => `fw.${site}.evt.alert.${encodeToken(conn)}`,
  eventsAll: (site: string) => `fw.${site}.evt.>`,
  ack: (site: string, conn: string, user: string) => `fw.${site}.cmd.${encodeToken(conn)}.ack.${user}`,
  ackAll: (site: string, conn: string) => `fw.${site}.cmd.${encodeToken(conn)}.ack.*`,
  refresh: (site: string, conn: string, user: string) =>
    `fw.${site}.cmd.${encodeToken(conn)}.refresh.${user}`,
  refreshAll: (site: string, conn: string) => `fw.${site}.cmd.${encodeToken(conn)}.refresh.*`,
}

/** The connection token (encoded) and the last token of a subject such as `fw.eu.cmd.<conn>.ack.<user>`. */
export function commandParts(subject: string): { conn: string; user: string } | null {
  const t = subject.split('.')
  if (t.length !== 6 || t[0] !== 'fw' || t[2] !== 'cmd') return null
  return { conn: decodeToken(t[3] as string), user: t[5] as string }
}

/** The value of a `fw_lease` key. */
export interface LeaseValue {
  holder: string
  host: string
  pid: number
  /** epoch ms (the holder's clock; informative only: only the server's clock decides expiry). */
  since: number
}

/**
 * The value of a `fw_live` key: one connection's whole view as the holder has it (rows without `raw`), with the
 * patch sequence it corresponds to. A viewer takes it, then applies patches with a higher `seq` in the same epoch.
 */
export interface TeamSnapshot {
  v: 1
  /** The lease revision at acquire: a later holder always has a higher epoch. */
  epoch: number
  seq: number
  poller: string
  /** The holder's clock when it was taken (epoch ms). */
  serverNow: number
  /** The connection's poll interval, ms (for staleness on the viewer and cadence across a hand-over). */
  intervalMs: number
  /** epoch ms of the last vendor request, for the next holder's first poll (cadence across a hand-over). */
  lastPollAt: number | null
  state: LiveCollections
}

/** A patch on `fw.<site>.live.<conn>`: the engine's LivePatch for that one connection (`seq` per connection). */
export type TeamPatch = LivePatch

/**
 * A history sample on `fw.<site>.hist.<conn>`: values in the order of the schema `s` (kept in `fw_live` under
 * `<site>.<conn>.schema.<s>`, as a JSON array of history keys), `null` for a gap. 452 B against 6 KB for keyed JSON.
 */
export interface TeamHistorySample {
  at: number
  s: string
  v: (number | null)[]
}

/** The `fw_config` `<site>.config` value: what every poller and viewer of the site uses. */
export interface TeamSiteConfig {
  v: 1
  /** The config in its file form (docs/ARCHITECTURE.md §5, no secrets; `secretEnv` names where pollers find them); validated by
   * every reader like any config file. */
  config: unknown
  /** epoch ms it was written, and by whom. */
  at: number
  by: string
}

/** An acknowledgement request on `fw.<site>.cmd.<conn>.ack.<user>`. Who acknowledged is the subject's last token. */
export interface TeamAckRequest {
  id: string
}
export type TeamAckReply = { ok: true; alert: AlertView } | { ok: false; code: string; message: string }

/** An alert lifecycle event on `fw.<site>.evt.alert.<conn>`. */
export type TeamAlertEvent = AlertEvent

/** What a desktop or a runner joins with (the credential itself lives in the keychain or a file). */
export interface TeamFile {
  /** `nats://host:4222`, `tls://host:4222`, or for browsers `wss://host/nats`; several for a cluster. */
  servers: string[]
  site: string
  user: string
  /** Seconds: pollers renew at a quarter of it and stop polling when they cannot renew within it. */
  leaseTtlSec: number
}

export interface TeamFileIssue {
  field: string
  message: string
}

const SERVER_URL = /^(nats|tls|ws|wss):\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\/[^\s]*)?$/

/** Validate a team file (or the Settings → Team form); every problem names its field. */
export function validateTeamFile(
  raw: unknown,
): { ok: true; team: TeamFile } | { ok: false; issues: TeamFileIssue[] } {
  const issues: TeamFileIssue[] = []
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, issues: [{ field: '(file)', message: 'must be a JSON object' }] }
  }
  const o = raw as Record<string, unknown>
  for (const k of Object.keys(o)) {
    if (!['servers', 'site', 'user', 'leaseTtlSec'].includes(k))
      issues.push({ field: k, message: 'unknown field (servers, site, user, leaseTtlSec)' })
  }
  const servers =
    typeof o['servers'] === 'string' ? (o['servers'] as string).split(',').map((s) => s.trim()) : o['servers']
  if (!Array.isArray(servers) || servers.length === 0) {
    issues.push({ field: 'servers', message: 'must list at least one server URL (nats://host:4222)' })
  } else {
    servers.forEach((s, i) => {
      if (typeof s !== 'string' || !SERVER_URL.test(s))
        issues.push({
          field: `servers[${i}]`,
          message: `"${String(s)}" is not a nats://, tls://, ws:// or wss:// URL`,
        })
    })
  }
  const site = o['site']
  if (typeof site !== 'string' || !SITE_PATTERN.test(site))
    issues.push({ field: 'site', message: 'must be 1–32 of a–z, 0–9, "-" and "_"' })
  const user = o['user']
  if (typeof user !== 'string' || !USER_PATTERN.test(user))
    issues.push({ field: 'user', message: 'must be 1–64 letters, digits, "-" or "_"' })
  const ttl = o['leaseTtlSec'] ?? DEFAULT_LEASE_TTL_SEC
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 2 || ttl > 120)
    issues.push({ field: 'leaseTtlSec', message: 'must be a number of seconds from 2 to 120' })
  if (issues.length > 0) return { ok: false, issues }
  return {
    ok: true,
    team: {
      servers: servers as string[],
      site: site as string,
      user: user as string,
      leaseTtlSec: ttl as number,
    },
  }
}
