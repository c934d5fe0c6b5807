/**
 * The configuration schema (docs/ARCHITECTURE.md §5): one schema for the app, the headless runner and
 * import/export. Validation never throws and never half-applies: it returns either a whole, defaulted config
 * or a list of issues, each naming the connection (or rule), the field and the reason.
 */
import { z } from 'zod'
import { DEFAULT_BUSINESS_DAY, isValidTimeZone, type BusinessDay } from './business-day'
import {
  CONSOLE_TARGETS,
  consoleTemplateProblem,
  type ConsoleTarget,
  type ConsoleTemplates,
} from './console-links'
import { parseJsonc } from './jsonc'
import { RULE_MEDIA } from './media'
import { AGENT_STATES, MEDIA, PROVIDER_IDS, type Media, type ProviderId } from './model'
import type { PersonLink } from './people'
import { PROVIDER_DESCRIPTORS } from './providers'
import { DEFAULT_RULE_PACK } from './rules/default-pack'
import { foldReason } from './rules/reasons'
import { foldViewName, MAX_SAVED_VIEWS, savedViewSchema, type SavedView } from './views'
import { targetsSchema, type Targets } from './targets'

const id = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'at most 64 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    'letters, digits, "-", "_" and "." only, starting with a letter or digit',
  )

/**
 * Why `url` cannot be a connection's base URL, or null when it can. Stricter than "parses as a URL": the engine
 * appends API paths to it, so a query or fragment would end up glued inside request paths, credentials would travel
 * in every request (and in logs), and a port over 65535 only fails later as "unreachable".
 * src-shared has no URL global (no DOM, no Node), hence the hand-made split.
 */
export function baseUrlProblem(url: string): string | null {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(url)
  if (!m) return 'must be an http:// or https:// URL'
  const [, scheme = '', authority = '', path = '', query, fragment] = m
  if (!/^https?$/i.test(scheme)) return `must use http:// or https://, not ${scheme}://`
  if (authority.includes('@')) {
    return 'must not contain a user name or password (user:secret@): enter them in their own fields, where the secret goes to the keychain'
  }
  if (query !== undefined) return `must not contain a query ("${query}"): API paths are added to the base URL`
  if (fragment !== undefined) return `must not contain a fragment ("${fragment}")`
  if (/\s/.test(url)) return 'must not contain spaces'
  const hp = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d*))?$/.exec(authority)
  if (!hp) return `"${authority}" is not a valid host name`
  const [, host = '', port] = hp
  if (host === '' || host.startsWith('.') || host.endsWith('..') || host.includes('..')) {
    return `"${host}" is not a valid host name`
  }
  if (port !== undefined) {
    if (port === '') return 'the port after ":" is missing'
    const n = Number(port)
    if (n < 1 || n > 65535) return `port ${port} is out of range (1–65535)`
  }
  if (!/^(\/[^\s]*)?$/.test(path)) return 'the path must start with "/"'
  return null
}

const httpUrl = z
  .string()
  .min(1, 'must not be empty')
  .superRefine((url, ctx) => {
    if (url === '') return
    const problem = baseUrlProblem(url)
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
  })

/** A connection as it stands in the file, before provider options are checked. */
const connectionBase = z.strictObject({
  id,
  label: z.string().min(1, 'must not be empty').max(120).optional(),
  provider: z.enum(PROVIDER_IDS, { error: () => `must be one of ${PROVIDER_IDS.join(', ')}` }),
  baseUrl: httpUrl.optional(),
  username: z.string().min(1, 'must not be empty').optional(),
  /** Headless only: read the secret from this environment variable instead of the OS keychain. */
  secretEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
    .optional(),
  /** Seconds between polls; raised to the provider's minimum (e.g. 8x8: 10 s). */
  pollSeconds: z.number().positive('must be greater than 0').max(3600, 'at most 3600').optional(),
  enabled: z.boolean().default(true),
  options: z.record(z.string(), z.unknown()).default({}),
  /**
   * The user's class for queues by vendor queue id, over what the vendor and the queue's name say (e.g. a
   * "Support" queue that is really an email inbox): rules and headlines use it (src-shared/media.ts).
   */
  queueMedia: z
    .record(
      z.string().min(1, 'a queue id must not be empty'),
      z.enum(MEDIA, { error: () => `must be one of ${MEDIA.join(', ')}` }),
    )
    .default({}),
  /**
   * When this connection's business day starts (HH:MM) and in which IANA zone (absent: this computer's): the
   * "today" of every figure Floorwalker computes itself (src-shared/business-day.ts). Absent: midnight, local.
   */
  businessDay: z
    .strictObject({
      start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour), e.g. "06:00"'),
      timeZone: z
        .string()
        .refine(isValidTimeZone, {
          error: (i) =>
            `"${String(i.input)}" is not an IANA time zone (e.g. "Europe/Warsaw", "America/New_York", "UTC")`,
        })
        .optional(),
    })
    .optional(),
  /**
   * The user's names for teams (agent groups) by vendor team id, over the vendor's own names, for vendors that send
   * only numbers (8x8, giosg): the board shows "Sales" instead of "Team 3" (docs/ARCHITECTURE.md §5).
   */
  teamNames: z
    .record(
      z.string().min(1, 'a team id must not be empty').max(200, 'a team id has at most 200 characters'),
      z
        .string()
        .trim()
        .min(1, 'a team name must not be empty')
        .max(80, 'a team name has at most 80 characters'),
    )
    .default({}),
  /**
   * Links back to the vendor's console, over the provider's templates ('' = no link for that target):
   * src-shared/console-links.ts lists the placeholders.
   */
  consoleUrls: z
    .strictObject(
      Object.fromEntries(
        CONSOLE_TARGETS.map((t) => [
          t,
          z
            .string()
            .trim()
            .superRefine((v, ctx) => {
              const problem = consoleTemplateProblem(v, t)
              if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
            })
            .optional(),
        ]),
      ) as Record<ConsoleTarget, z.ZodOptional<z.ZodString>>,
    )
    .default({}),
  /**
   * The supervisor's own service-level targets by vendor queue or chat-room id: used where the vendor gives none,
   * and over the vendor's with `override` (src-shared/targets.ts).
   */
  targets: targetsSchema.default({}),
})

export interface ConnectionConfig {
  id: string
  label: string
  provider: ProviderId
  baseUrl: string | null
  username: string | null
  secretEnv: string | null
  /** Effective seconds between polls, already raised to the provider's minimum. */
  pollSeconds: number
  /** What the user asked for, when it was below the provider's minimum (the UI says so). */
  requestedPollSeconds: number | null
  enabled: boolean
  /** Provider-specific, validated and defaulted by the provider's descriptor. */
  options: Record<string, unknown>
  /** The user's media per vendor queue id (over the vendor's and the name's); {} = none chosen. */
  queueMedia: Record<string, Exclude<Media, null>>
  /** The business day ({@link businessDayOf}); null or absent = midnight in this computer's zone. */
  businessDay?: BusinessDay | null
  /** The user's team names by vendor team id (over the vendor's); absent or {} = none given. */
  teamNames?: Record<string, string>
  /** The user's console link templates (over the provider's); absent or {} = the provider's. */
  consoleUrls?: ConsoleTemplates
  /** The user's service-level targets per queue or chat-room id; {} = none set. */
  targets: Targets
}

/** A connection's business day, the default (midnight, this computer's zone) when it sets none. */
export function businessDayOf(c: Pick<ConnectionConfig, 'businessDay'>): BusinessDay {
  return c.businessDay ?? DEFAULT_BUSINESS_DAY
}

/**
 * `person`: one person across connections (src-shared/people.ts), for the cross-vendor anomaly rules
 * (docs/ARCHITECTURE.md §3.6, "People rules"): one alert per person.
 */
export const RULE_ENTITIES = ['queue', 'chatRoom', 'agent', 'metric', 'connection', 'person'] as const
export type RuleEntity = (typeof RULE_ENTITIES)[number]

/** Fields a rule may watch, per entity kind. Units: *Sec seconds, *Pct 0–100, counts plain. */
export const RULE_FIELDS: Record<RuleEntity, readonly string[]> = {
  queue: [
    'waiting',
    'longestWaitSec',
    'avgWaitNowSec',
    'serviceLevelPct',
    // Target in effect minus service level, percentage points (src-shared/targets.ts); null without a target.
    'serviceLevelGapPct',
    'agentsAvailable',
    'agentsLoggedIn',
    'offered',
    'inProgress',
  ],
  chatRoom: [
    'waitingChats',
    'maxWaitNowSec',
    'avgWaitNowSec',
    'openChats',
    'freeCapacity',
    'visitorsNow',
    'serviceLevelGapPct',
  ],
  agent: ['timeInStateSec'],
  metric: ['value'],
  connection: ['dataAgeSec'],
  /**
   * Seconds an anomaly has held (0 while it does not): `availableWhileBusySec` available in one connection while
   * busy or logged out in another; `loggedInElsewhereSec` logged in to one connection and logged out of another;
   * `availableIdleSec` available without the vendor's handled count rising (only where the vendor counts).
   */
  person: ['availableWhileBusySec', 'loggedInElsewhereSec', 'availableIdleSec'],
}

/** The most reasons one rule may name, and the longest reason (the vendors' reason texts are short labels). */
export const MAX_RULE_REASONS = 100
export const MAX_REASON_LENGTH = 120

/**
 * Fields a rule can watch ahead of time (`forecast`, docs/ARCHITECTURE.md §3.11): the waits and counts of queues and
 * chat rooms, whose course the forecast follows.
 */
export const FORECAST_FIELDS: Partial<Record<RuleEntity, readonly string[]>> = {
  queue: ['waiting', 'longestWaitSec', 'serviceLevelPct'],
  chatRoom: ['waitingChats', 'maxWaitNowSec'],
}
/** Forecast horizons a rule may ask for, seconds. */
export const FORECAST_HORIZON_MIN_SEC = 10
export const FORECAST_HORIZON_MAX_SEC = 1800

export const NOTIFY_CHANNELS = ['desktop', 'tray', 'sound'] as const
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number]
export const RULE_OPS = ['>', '>=', '<', '<='] as const
export type RuleOp = (typeof RULE_OPS)[number]

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)')
const weekday = z.number().int().min(0).max(6)

/** How often a critical alert's sound repeats until acknowledged: "once", or every N seconds. */
const soundRepeat = z.union(
  [
    z.literal('once'),
    z.number().int('must be whole seconds').min(5, 'at least 5 seconds').max(3600, 'at most 3600 seconds'),
  ],
  {
    error: () => 'must be "once" or a number of seconds from 5 to 3600',
  },
)
export type SoundRepeat = z.infer<typeof soundRepeat>

/**
 * The escalation ladder (docs/ARCHITECTURE.md §3.6): what happens while a firing alert stays unacknowledged, after
 * what the rule's `notify` channels did when it fired. Each step runs `afterSec` after the firing (or after the
 * escalation to critical, for a severity's default ladder) and, with `repeatEverySec`, again at that pace until the
 * alert is acknowledged, resolved, snoozed or muted. `webhook` steps name a webhook of the config's `webhooks`.
 */
export const ESCALATION_CHANNELS = ['tray', 'notification', 'sound', 'webhook'] as const
export type EscalationChannel = (typeof ESCALATION_CHANNELS)[number]

/** A webhook step repeats at most this often: a chat channel is not a pager. */
export const WEBHOOK_REPEAT_MIN_SEC = 60

const escalationStep = z
  .strictObject({
    afterSec: z
      .number()
      .int('must be whole seconds')
      .min(0, 'must be 0 or more')
      .max(86_400, 'at most 86400 seconds (a day)'),
    channel: z.enum(ESCALATION_CHANNELS, { error: () => `must be one of ${ESCALATION_CHANNELS.join(', ')}` }),
    /** The webhook id (`webhooks[].id`); only for the "webhook" channel. */
    webhook: id.optional(),
    /** Repeat this step every N seconds until the alert is acknowledged; absent = once. */
    repeatEverySec: z
      .number()
      .int('must be whole seconds')
      .min(5, 'at least 5 seconds')
      .max(86_400, 'at most 86400 seconds (a day)')
      .optional(),
  })
  .superRefine((s, ctx) => {
    if (s.channel === 'webhook' && s.webhook === undefined) {
      ctx.addIssue({ code: 'custom', path: ['webhook'], message: 'a webhook step needs the id of a webhook' })
    }
    if (s.channel !== 'webhook' && s.webhook !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['webhook'],
        message: `only webhook steps name a webhook, not ${s.channel}`,
      })
    }
    if (
      s.channel === 'webhook' &&
      s.repeatEverySec !== undefined &&
      s.repeatEverySec < WEBHOOK_REPEAT_MIN_SEC
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['repeatEverySec'],
        message: `a webhook step repeats at most every ${WEBHOOK_REPEAT_MIN_SEC} seconds`,
      })
    }
  })
export type EscalationStep = z.infer<typeof escalationStep>

const escalationLadder = z
  .array(escalationStep)
  .max(10, 'at most 10 steps')
  .superRefine((steps, ctx) => {
    steps.forEach((s, i) => {
      const before = steps[i - 1]
      if (before !== undefined && s.afterSec < before.afterSec) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'afterSec'],
          message: `steps go in order of time: ${s.afterSec} s comes before the step above (${before.afterSec} s)`,
        })
      }
    })
  })

export const WEBHOOK_KINDS = ['slack', 'teams', 'generic'] as const
export type WebhookKind = (typeof WEBHOOK_KINDS)[number]

/**
 * An outgoing webhook an escalation step posts to. Its URL is a secret (it is the credential of a Slack or Teams
 * incoming webhook): never in the config, kept in the OS keychain (account `webhook:<id>`) or, headless, read from
 * the environment variable `urlEnv` names.
 */
const webhookSchema = z.strictObject({
  id,
  name: z.string().trim().min(1, 'must not be empty').max(120, 'at most 120 characters'),
  kind: z.enum(WEBHOOK_KINDS, { error: () => `must be one of ${WEBHOOK_KINDS.join(', ')}` }),
  /** Agent names may travel in this webhook's messages; absent = no ("an agent"). */
  agentNames: z.boolean().default(false),
  /** Headless: read the URL from this environment variable instead of the OS keychain. */
  urlEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
    .optional(),
})
export type WebhookConfig = z.infer<typeof webhookSchema>

/** The keychain account of a webhook's URL (connection ids cannot contain ":"). */
export function webhookAccount(webhookId: string): string {
  return `webhook:${webhookId}`
}

/** Validate one webhook definition (the settings editor). */
export function validateWebhook(
  raw: unknown,
  at: PropertyKey[] = [],
): { ok: true; webhook: WebhookConfig } | { ok: false; issues: ConfigIssue[] } {
  const r = webhookSchema.safeParse(raw)
  if (r.success) return { ok: true, webhook: r.data }
  return { ok: false, issues: issuesOf(r.error, at, {}) }
}

const ruleSchema = z
  .strictObject({
    id,
    name: z.string().min(1, 'must not be empty').max(200),
    enabled: z.boolean().default(true),
    entity: z.enum(RULE_ENTITIES, { error: () => `must be one of ${RULE_ENTITIES.join(', ')}` }),
    /** Only entities of this connection; absent = every connection. */
    connection: id.optional(),
    /**
     * Only these entity ids (vendor ids, as on the board); absent = all. Metrics match their key or their vendor
     * metric id; connection rules match connection ids.
     */
    ids: z.array(z.string().min(1)).optional(),
    /**
     * Queues only: only queues of these media (src-shared/media.ts); `unknown` takes queues nobody could class, so a
     * rule that wants every live queue says so explicitly instead of skipping vendors that send no media.
     */
    media: z
      .array(z.enum(RULE_MEDIA, { error: () => `must be one of ${RULE_MEDIA.join(', ')}` }))
      .min(1)
      .optional(),
    /** Agents only: only agents in these groups. */
    groups: z.array(z.string().min(1)).optional(),
    /** Agents only: only agents in this state (e.g. not_ready for "break over 15 min"). */
    state: z.enum(AGENT_STATES).optional(),
    /**
     * Agents only: only agents whose state reason (`stateReason`) is one of these, compared without case, accents
     * or extra spaces (src-shared/rules/reasons.ts): "Break" and "Lunch" over 15 min, "Meeting" over 60 min. An
     * agent without a reason is not taken; absent = every reason and none.
     */
    reasons: z
      .array(
        z
          .string()
          .trim()
          .min(1, 'a reason must not be empty')
          .max(MAX_REASON_LENGTH, `a reason has at most ${MAX_REASON_LENGTH} characters`),
      )
      .min(1, 'name at least one reason, or leave reasons out to take every reason')
      .max(MAX_RULE_REASONS, `at most ${MAX_RULE_REASONS} reasons`)
      .optional(),
    field: z.string().min(1),
    op: z.enum(RULE_OPS),
    warn: z.number().optional(),
    critical: z.number().optional(),
    /** Hysteresis: a firing '>' rule resolves only below this; a '<' rule only above clearAbove. */
    clearBelow: z.number().optional(),
    clearAbove: z.number().optional(),
    /** Seconds the condition must hold before the alert fires (pending period). */
    forSec: z.number().min(0).max(86_400).default(0),
    notify: z.array(z.enum(NOTIFY_CHANNELS)).default(['desktop', 'tray']),
    /** Critical sound repeat for this rule; absent = prefs.alerts.soundRepeat. Needs "sound" in notify. */
    soundRepeat: soundRepeat.optional(),
    /**
     * When the rule applies: days 0 (Sunday) – 6, local time window; to < from spans midnight (the day is the day
     * the window starts), from = to is the whole day. Outside it the rule's alerts resolve.
     */
    schedule: z.strictObject({ days: z.array(weekday).min(1), from: hhmm, to: hhmm }).optional(),
    /** This rule's escalation ladder; absent = the severity's default (prefs.alerts.escalation); [] = none. */
    escalation: escalationLadder.optional(),
    /**
     * Warn ahead: the rule's levels apply to the worst value forecast between now and horizonSec ahead (so it fires
     * when a level is forecast to be crossed within horizonSec, with the same forSec and hysteresis).
     */
    forecast: z
      .strictObject({
        horizonSec: z
          .number()
          .int('must be whole seconds')
          .min(FORECAST_HORIZON_MIN_SEC, `at least ${FORECAST_HORIZON_MIN_SEC} seconds`)
          .max(FORECAST_HORIZON_MAX_SEC, `at most ${FORECAST_HORIZON_MAX_SEC} seconds`),
      })
      .optional(),
    /**
     * A board whose voice is on reads this rule's critical alerts aloud (src-renderer/composables/use-speech.ts);
     * false keeps this rule quiet. Absent = spoken.
     */
    speak: z.boolean().optional(),
  })
  .superRefine((r, ctx) => {
    if (!RULE_FIELDS[r.entity].includes(r.field)) {
      ctx.addIssue({
        code: 'custom',
        path: ['field'],
        message: `"${r.field}" is not a field of ${r.entity}; use one of ${RULE_FIELDS[r.entity].join(', ')}`,
      })
    }
    if (r.warn === undefined && r.critical === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['warn'],
        message: 'a rule needs a warn level, a critical level or both',
      })
    }
    const up = r.op === '>' || r.op === '>='
    if (
      r.warn !== undefined &&
      r.critical !== undefined &&
      (up ? r.critical < r.warn : r.critical > r.warn)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['critical'],
        message: up
          ? 'critical must be at or above warn for ">" rules'
          : 'critical must be at or below warn for "<" rules',
      })
    }
    const lowest = Math.min(...[r.warn, r.critical].filter((v): v is number => v !== undefined))
    const highest = Math.max(...[r.warn, r.critical].filter((v): v is number => v !== undefined))
    if (up && r.clearBelow !== undefined && r.clearBelow > lowest) {
      ctx.addIssue({
        code: 'custom',
        path: ['clearBelow'],
        message: 'clearBelow must be at or below the lowest level',
      })
    }
    if (!up && r.clearAbove !== undefined && r.clearAbove < highest) {
      ctx.addIssue({
        code: 'custom',
        path: ['clearAbove'],
        message: 'clearAbove must be at or above the highest level',
      })
    }
    if (r.entity !== 'agent' && (r.groups !== undefined || r.state !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [r.groups ? 'groups' : 'state'],
        message: 'only agent rules take groups or state',
      })
    }
    if (r.entity !== 'agent' && r.reasons !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['reasons'], message: 'only agent rules take reasons' })
    }
    if (r.reasons !== undefined) {
      const seen = new Map<string, number>()
      r.reasons.forEach((reason, i) => {
        const key = foldReason(reason)
        const first = seen.get(key)
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['reasons', i],
            message: `"${reason}" is the same reason as reasons[${first}] ("${r.reasons?.[first] ?? ''}"): reasons are compared without case or accents`,
          })
        } else seen.set(key, i)
      })
    }
    if (up && r.clearAbove !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['clearAbove'],
        message: 'clearAbove is for "<" rules; ">" rules clear below clearBelow',
      })
    }
    if (!up && r.clearBelow !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['clearBelow'],
        message: 'clearBelow is for ">" rules; "<" rules clear above clearAbove',
      })
    }
    if (r.entity !== 'queue' && r.media !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['media'], message: 'only queue rules take media' })
    }
    if (r.forecast !== undefined && !(FORECAST_FIELDS[r.entity]?.includes(r.field) ?? false)) {
      const can = Object.entries(FORECAST_FIELDS)
        .map(([entity, fields]) => `${entity} ${fields.join(', ')}`)
        .join('; ')
      ctx.addIssue({
        code: 'custom',
        path: ['forecast'],
        message: `${r.entity} ${r.field} cannot be forecast; a forecast follows ${can}`,
      })
    }
    if (r.soundRepeat !== undefined && !r.notify.includes('sound')) {
      ctx.addIssue({ code: 'custom', path: ['soundRepeat'], message: 'soundRepeat needs "sound" in notify' })
    }
  })
export type RuleConfig = z.infer<typeof ruleSchema>

/** Validate one rule (the rule editor, before saving, and rule previews). Connection ids are not checked here. */
export function validateRule(
  raw: unknown,
  at: PropertyKey[] = [],
): { ok: true; rule: RuleConfig } | { ok: false; issues: ConfigIssue[] } {
  const r = ruleSchema.safeParse(raw)
  if (r.success) return { ok: true, rule: r.data }
  return { ok: false, issues: issuesOf(r.error, at, { rule: idOf(raw) }) }
}

/** A local time window (quiet hours): days 0 (Sunday) – 6, absent = every day; to < from spans midnight. */
const timeWindow = z.strictObject({ days: z.array(weekday).min(1).optional(), from: hhmm, to: hhmm })
export type TimeWindow = z.infer<typeof timeWindow>

const alertPrefsSchema = z.strictObject({
  /** Only allow-listed rules' critical alerts notify during quiet hours; null = no quiet hours. */
  quietHours: timeWindow.nullable().default(null),
  /** Rule ids whose critical alerts still notify (and sound) during quiet hours. */
  quietAllow: z.array(id).default([]),
  /**
   * What desktop notifications may say: `minimal` = rule, queue, room, metric and connection names and numbers
   * only; `names` also agent names. Never customer content (the model has none).
   */
  notificationDetail: z.enum(['minimal', 'names']).default('minimal'),
  /** Critical sound repeat until acknowledged, unless a rule says otherwise. */
  soundRepeat: soundRepeat.default('once'),
  /** Default snooze, minutes. */
  snoozeMinutes: z.number().int().min(1).max(1440).default(15),
  /** The escalation ladder of rules without their own, per severity; absent = none. */
  escalation: z
    .strictObject({ warning: escalationLadder.optional(), critical: escalationLadder.optional() })
    .optional(),
})
export type AlertPrefs = z.infer<typeof alertPrefsSchema>

const prefsSchema = z.strictObject({
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  language: z.enum(['en', 'pl']).default('en'),
  /** Alert notification preferences; absent = the defaults (see {@link alertPrefsOf}). */
  alerts: alertPrefsSchema.optional(),
  /**
   * The desktop app starts when the user signs in to the OS; absent = no. The OS keeps the switch itself (login
   * items, or the XDG autostart entry on Linux): this records the user's choice, and the app follows the OS when
   * the two disagree at start (the user turned it off in the OS's own settings).
   */
  startAtLogin: z.boolean().optional(),
})
export type Prefs = z.infer<typeof prefsSchema>

/** The alert preferences in effect, defaults filled in. */
export function alertPrefsOf(prefs: Pick<Prefs, 'alerts'>): AlertPrefs {
  return prefs.alerts ?? alertPrefsSchema.parse({})
}

/** Validate alert preferences (the settings editor). */
export function validateAlertPrefs(
  raw: unknown,
): { ok: true; prefs: AlertPrefs } | { ok: false; issues: ConfigIssue[] } {
  const r = alertPrefsSchema.safeParse(raw)
  if (r.success) return { ok: true, prefs: r.data }
  return { ok: false, issues: issuesOf(r.error, ['prefs', 'alerts'], {}, ['alerts']) }
}

const fileSchema = z.strictObject({
  $schema: z.string().optional(),
  connections: z.array(z.unknown()).default([]),
  /** Absent: the default rule pack (docs/ARCHITECTURE.md §5); `[]`: no rules at all, on purpose. */
  rules: z.array(z.unknown()).optional(),
  prefs: z.unknown().optional(),
  /** Saved views of the Agents board and Queues & chats (src-shared/views.ts); absent = none. */
  // Checked in collectConfig, so views of the wrong shape do not cost the rest of the document.
  views: z.unknown().optional(),
  /** Outgoing webhooks for escalation ladders (URLs are secrets: never here). */
  webhooks: z.array(z.unknown()).optional(),
  /** The user's map of people across connections (src-shared/people.ts); absent = automatic links only. */
  people: z.array(z.unknown()).optional(),
})

export interface Config {
  connections: ConnectionConfig[]
  rules: RuleConfig[]
  prefs: Prefs
  /** Saved views (src-shared/views.ts); absent = none. */
  views?: SavedView[]
  /** Outgoing webhooks (validated, ids unique); absent = none. */
  webhooks?: WebhookConfig[]
  /**
   * The user's map of people across connections (src-shared/people.ts): each entry's agents are one person, and
   * are never linked automatically. Absent or [] = automatic links (e-mail, login, name) only.
   */
  people?: PersonLink[]
}

/**
 * The environment variable a secret account may be read from (headless runners, team pollers): a connection's
 * `secretEnv`, or a webhook's `urlEnv` for the account `webhook:<id>`.
 */
export function secretEnvOfAccount(config: Config, account: string): string | null {
  if (account.startsWith('webhook:')) {
    return webhooksOf(config).find((w) => webhookAccount(w.id) === account)?.urlEnv ?? null
  }
  return config.connections.find((c) => c.id === account)?.secretEnv ?? null
}

/** The webhooks of a config (none when absent). */
export function webhooksOf(config: Pick<Config, 'webhooks'>): readonly WebhookConfig[] {
  return config.webhooks ?? []
}

/** One problem in a config: where (a JSON path, plus the connection / rule id when known) and why. */
export interface ConfigIssue {
  /** e.g. `connections[1].pollSeconds` */
  path: string
  connection: string | null
  rule: string | null
  /** The saved view's id, for issues about a view (absent elsewhere). */
  view?: string | null
  field: string | null
  message: string
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; issues: ConfigIssue[] }

function pathString(parts: readonly PropertyKey[]): string {
  let out = ''
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`
    else out += out === '' ? String(p) : `.${String(p)}`
  }
  return out
}

function issuesOf(
  error: z.ZodError,
  prefix: PropertyKey[],
  owner: { connection?: string | null; rule?: string | null; view?: string | null },
  /** Leading part of the field name inside the owner (e.g. "options" for provider options). */
  fieldPrefix: PropertyKey[] = [],
): ConfigIssue[] {
  return error.issues.flatMap((i) => {
    // Unknown keys are one zod issue listing several keys; report one issue per key so each names its field.
    const keys: (string | null)[] = i.code === 'unrecognized_keys' ? i.keys : [null]
    return keys.map((key) => {
      const full = [...prefix, ...i.path, ...(key === null ? [] : [key])]
      const fieldParts = [...fieldPrefix, ...full.slice(prefix.length)]
      const message = key === null ? i.message : `unknown key "${key}" (check the spelling)`
      return {
        path: pathString(full),
        connection: owner.connection ?? null,
        rule: owner.rule ?? null,
        ...(owner.view === undefined ? {} : { view: owner.view }),
        field: fieldParts.length > 0 ? pathString(fieldParts) : null,
        message,
      }
    })
  })
}

function idOf(raw: unknown): string | null {
  if (typeof raw === 'object' && raw !== null && 'id' in raw) {
    const v = (raw as { id: unknown }).id
    return typeof v === 'string' && v !== '' ? v : null
  }
  return null
}

/** Validate one connection (also used by the connections editor before saving). */
export function validateConnection(
  raw: unknown,
  at: PropertyKey[] = [],
): { ok: true; connection: ConnectionConfig } | { ok: false; issues: ConfigIssue[] } {
  const owner = { connection: idOf(raw) }
  const base = connectionBase.safeParse(raw)
  if (!base.success) return { ok: false, issues: issuesOf(base.error, at, owner) }
  const c = base.data
  const d = PROVIDER_DESCRIPTORS[c.provider]
  const issues: ConfigIssue[] = []
  const baseUrl = c.baseUrl ?? d.baseUrl?.default ?? null
  if (d.baseUrl?.required && baseUrl === null) {
    issues.push({
      path: pathString([...at, 'baseUrl']),
      connection: c.id,
      rule: null,
      field: 'baseUrl',
      message: `required for provider ${c.provider} (${d.baseUrl.help})`,
    })
  }
  if (d.username?.required && c.username === undefined) {
    issues.push({
      path: pathString([...at, 'username']),
      connection: c.id,
      rule: null,
      field: 'username',
      message: `required for provider ${c.provider}: ${d.username.label.toLowerCase()}`,
    })
  }
  const options = d.options.safeParse(c.options)
  if (!options.success) issues.push(...issuesOf(options.error, [...at, 'options'], owner, ['options']))
  if (issues.length > 0 || !options.success) return { ok: false, issues }
  const requested = c.pollSeconds ?? d.pollSeconds.default
  return {
    ok: true,
    connection: {
      id: c.id,
      label: c.label ?? c.id,
      provider: c.provider,
      baseUrl: baseUrl === null ? null : baseUrl.replace(/\/+$/, ''),
      username: c.username ?? null,
      secretEnv: c.secretEnv ?? null,
      pollSeconds: Math.max(requested, d.pollSeconds.min),
      requestedPollSeconds: requested < d.pollSeconds.min ? requested : null,
      enabled: c.enabled,
      options: options.data as Record<string, unknown>,
      queueMedia: c.queueMedia,
      businessDay:
        c.businessDay === undefined
          ? null
          : { start: c.businessDay.start, timeZone: c.businessDay.timeZone ?? null },
      teamNames: c.teamNames,
      consoleUrls: c.consoleUrls,
      targets: c.targets,
    },
  }
}

/** Validate one saved view (the board, before saving). Other views are not looked at here. */
export function validateSavedView(
  raw: unknown,
  at: PropertyKey[] = [],
): { ok: true; view: SavedView } | { ok: false; issues: ConfigIssue[] } {
  const r = savedViewSchema.safeParse(raw)
  if (r.success) return { ok: true, view: r.data }
  return { ok: false, issues: issuesOf(r.error, at, { view: idOf(raw) }) }
}

/**
 * The saved views of a config: each valid one, and an issue for each that is not, for a repeated id, a name used
 * twice on one page (a wallboard finds views by name) and a second default on one page.
 */
export function collectSavedViews(raw: readonly unknown[]): { views: SavedView[]; issues: ConfigIssue[] } {
  const views: SavedView[] = []
  const issues: ConfigIssue[] = []
  const issue = (i: number, view: string | null, field: string, message: string) =>
    issues.push({ path: `views[${i}].${field}`, connection: null, rule: null, view, field, message })
  if (raw.length > MAX_SAVED_VIEWS) {
    issues.push({
      path: 'views',
      connection: null,
      rule: null,
      view: null,
      field: null,
      message: `at most ${MAX_SAVED_VIEWS} saved views (there are ${raw.length})`,
    })
    return { views, issues }
  }
  raw.forEach((rawView, i) => {
    const v = validateSavedView(rawView, ['views', i])
    if (!v.ok) {
      issues.push(...v.issues)
      return
    }
    const view = v.view
    const fold = foldViewName
    if (views.some((x) => x.id === view.id)) return issue(i, view.id, 'id', `duplicate view id "${view.id}"`)
    if (views.some((x) => x.page === view.page && fold(x.name) === fold(view.name)))
      return issue(i, view.id, 'name', `another ${view.page} view is already called "${view.name}"`)
    if (view.default === true && views.some((x) => x.page === view.page && x.default === true))
      return issue(i, view.id, 'default', `only one ${view.page} view can be the default`)
    views.push(view)
  })
  return { views, issues }
}

/**
 * Everything usable in a config document, and what is not: connections and rules are checked one by one, so one
 * bad entry does not hide the others. `fatal` when the document is not a config at all (not an object, or its
 * `connections` / `rules` are not lists).
 */
function collectConfig(
  raw: unknown,
): { fatal: true; issues: ConfigIssue[] } | { fatal: false; config: Config; issues: ConfigIssue[] } {
  // Unknown top-level keys are reported like any issue, and do not stop the rest from being read.
  const top = fileSchema.strip().safeParse(raw)
  if (!top.success) return { fatal: true, issues: issuesOf(top.error, [], {}) }
  const issues: ConfigIssue[] = []
  const strict = fileSchema.safeParse(raw)
  if (!strict.success) issues.push(...issuesOf(strict.error, [], {}))
  const file = top.data
  const connections: ConnectionConfig[] = []
  const seen = new Set<string>()
  file.connections.forEach((rawConn, i) => {
    const r = validateConnection(rawConn, ['connections', i])
    if (!r.ok) {
      issues.push(...r.issues)
      return
    }
    if (seen.has(r.connection.id)) {
      issues.push({
        path: `connections[${i}].id`,
        connection: r.connection.id,
        rule: null,
        field: 'id',
        message: `duplicate connection id "${r.connection.id}"`,
      })
      return
    }
    seen.add(r.connection.id)
    connections.push(r.connection)
  })
  const webhooks: WebhookConfig[] = []
  const webhookIds = new Set<string>()
  ;(file.webhooks ?? []).forEach((rawHook, i) => {
    const v = validateWebhook(rawHook, ['webhooks', i])
    if (!v.ok) {
      issues.push(...v.issues)
      return
    }
    if (webhookIds.has(v.webhook.id)) {
      issues.push({
        path: `webhooks[${i}].id`,
        connection: null,
        rule: null,
        field: 'id',
        message: `duplicate webhook id "${v.webhook.id}"`,
      })
      return
    }
    webhookIds.add(v.webhook.id)
    webhooks.push(v.webhook)
  })
  /** The first step naming a webhook that is not defined, as an issue at `at`. */
  const unknownWebhook = (
    steps: readonly EscalationStep[] | undefined,
    at: PropertyKey[],
    rule: string | null,
  ): ConfigIssue | null => {
    const i = (steps ?? []).findIndex((s) => s.webhook !== undefined && !webhookIds.has(s.webhook))
    const step = steps?.[i]
    if (step === undefined) return null
    return {
      path: pathString([...at, i, 'webhook']),
      connection: null,
      rule,
      field: pathString(['escalation', i, 'webhook']),
      message: `no webhook with id "${step.webhook ?? ''}" (define it under "webhooks")`,
    }
  }
  const rules: RuleConfig[] = []
  const ruleIds = new Set<string>()
  // A config that says nothing about rules gets the pack a new install starts with; only `"rules": []` means none.
  const rawRules: readonly unknown[] = file.rules ?? DEFAULT_RULE_PACK
  rawRules.forEach((rawRule, i) => {
    const v = validateRule(rawRule, ['rules', i])
    if (!v.ok) {
      issues.push(...v.issues)
      return
    }
    const rule = v.rule
    if (ruleIds.has(rule.id)) {
      issues.push({
        path: `rules[${i}].id`,
        connection: null,
        rule: rule.id,
        field: 'id',
        message: `duplicate rule id "${rule.id}"`,
      })
      return
    }
    if (rule.connection !== undefined && !seen.has(rule.connection)) {
      const there = file.connections.some((c) => idOf(c) === rule.connection)
      issues.push({
        path: `rules[${i}].connection`,
        connection: null,
        rule: rule.id,
        field: 'connection',
        message: there
          ? `its connection "${rule.connection}" is not valid (see that connection's issues)`
          : `no connection with id "${rule.connection}"`,
      })
      return
    }
    const hookIssue = unknownWebhook(rule.escalation, ['rules', i, 'escalation'], rule.id)
    if (hookIssue !== null) {
      issues.push(hookIssue)
      return
    }
    ruleIds.add(rule.id)
    rules.push(rule)
  })
  const people = collectPeople(file.people ?? [], seen, issues)
  const parsedPrefs = prefsSchema.safeParse(file.prefs ?? {})
  let prefs: Prefs
  if (parsedPrefs.success) prefs = parsedPrefs.data
  else {
    issues.push(...issuesOf(parsedPrefs.error, ['prefs'], {}))
    prefs = prefsSchema.parse({})
  }
  for (const severity of ['warning', 'critical'] as const) {
    const ladder = prefs.alerts?.escalation?.[severity]
    const hookIssue = unknownWebhook(ladder, ['prefs', 'alerts', 'escalation', severity], null)
    if (hookIssue !== null && prefs.alerts?.escalation) {
      issues.push(hookIssue)
      const rest = { ...prefs.alerts.escalation }
      delete rest[severity]
      prefs = { ...prefs, alerts: { ...prefs.alerts, escalation: rest } }
    }
  }
  const config: Config = { connections, rules, prefs }
  if (people.length > 0) config.people = people
  if (file.views !== undefined && !Array.isArray(file.views)) {
    issues.push({
      path: 'views',
      connection: null,
      rule: null,
      field: 'views',
      message: 'must be a list of saved views',
    })
  } else if (file.views !== undefined) {
    const saved = collectSavedViews(file.views as unknown[])
    issues.push(...saved.issues)
    config.views = saved.views
  }
  // Written only when there are some, so configs without webhooks read and write as before.
  if (webhooks.length > 0) config.webhooks = webhooks
  return { fatal: false, config, issues }
}

const personAgentSchema = z.strictObject({
  connection: id,
  id: z.string().min(1, 'must not be empty').max(200, 'at most 200 characters'),
})
const personSchema = z
  .strictObject({
    id,
    name: z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters').optional(),
    agents: z
      .array(personAgentSchema)
      .min(1, 'a person needs at least one agent')
      .max(64, 'at most 64 agents'),
  })
  .superRefine((p, ctx) => {
    const byConnection = new Map<string, number>()
    p.agents.forEach((a, i) => {
      const first = byConnection.get(a.connection)
      if (first === undefined) byConnection.set(a.connection, i)
      else
        ctx.addIssue({
          code: 'custom',
          path: ['agents', i, 'connection'],
          message: `a person has one agent per connection; agents[${first}] is already in "${a.connection}"`,
        })
    })
  })

/** At most this many people in the map: a map is typed by hand, and every poll looks every agent up in it. */
export const MAX_PEOPLE = 5_000

/**
 * Validate the user's map of people (config `people`) against the connections `known`: a person naming a
 * connection that is not there, an agent in two people, or a duplicate person id is an issue, and that person is
 * left out; the rest is kept.
 */
export function validatePeople(
  raw: unknown,
  known: ReadonlySet<string>,
): { ok: true; people: PersonLink[] } | { ok: false; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = []
  if (!Array.isArray(raw)) {
    return {
      ok: false,
      issues: [{ path: 'people', connection: null, rule: null, field: 'people', message: 'must be a list' }],
    }
  }
  const people = collectPeople(raw, known, issues)
  return issues.length > 0 ? { ok: false, issues } : { ok: true, people }
}

function collectPeople(
  raw: readonly unknown[],
  known: ReadonlySet<string>,
  issues: ConfigIssue[],
): PersonLink[] {
  const out: PersonLink[] = []
  const ids = new Set<string>()
  const owner = new Map<string, string>()
  if (raw.length > MAX_PEOPLE) {
    issues.push({
      path: 'people',
      connection: null,
      rule: null,
      field: 'people',
      message: `at most ${MAX_PEOPLE} people (this map has ${raw.length})`,
    })
    return out
  }
  raw.forEach((entry, i) => {
    const at = ['people', i]
    const r = personSchema.safeParse(entry)
    if (!r.success) {
      issues.push(...issuesOf(r.error, at, {}))
      return
    }
    const p = r.data
    const problem = (path: PropertyKey[], field: string, message: string): void => {
      issues.push({
        path: pathString([...at, ...path]),
        connection: null,
        rule: null,
        field,
        message: `person "${p.id}": ${message}`,
      })
    }
    if (ids.has(p.id)) return problem(['id'], 'id', `duplicate person id "${p.id}"`)
    let bad = false
    p.agents.forEach((a, j) => {
      if (!known.has(a.connection)) {
        bad = true
        problem(['agents', j, 'connection'], 'connection', `no connection with id "${a.connection}"`)
        return
      }
      const k = `${a.connection}:${a.id}`
      const other = owner.get(k)
      if (other !== undefined) {
        bad = true
        problem(
          ['agents', j],
          'agents',
          `agent "${a.id}" of "${a.connection}" is already in person "${other}"`,
        )
      }
    })
    if (bad) return
    ids.add(p.id)
    for (const a of p.agents) owner.set(`${a.connection}:${a.id}`, p.id)
    const link: PersonLink = {
      id: p.id,
      agents: p.agents.map((a) => ({ connection: a.connection, id: a.id })),
    }
    if (p.name !== undefined) link.name = p.name
    out.push(link)
  })
  return out
}

/** Validate a whole config document (already parsed): all of it or nothing. Never throws. */
export function validateConfig(raw: unknown): ConfigResult {
  const r = collectConfig(raw)
  if (r.fatal || r.issues.length > 0) return { ok: false, issues: r.issues }
  return { ok: true, config: r.config }
}

/**
 * Validate saved settings the way the app loads them: the connections and rules that are valid are kept, and the
 * rest (an entry with a wrong value, or a key this version does not know, e.g. written by a newer version) is left
 * out and reported, each issue naming its connection or rule. Invalid prefs fall back to the defaults, reported
 * too. Only a document that is not a config at all fails (`ok: false`).
 */
export function validateConfigKeepingValid(
  raw: unknown,
): { ok: true; config: Config; issues: ConfigIssue[] } | { ok: false; issues: ConfigIssue[] } {
  const r = collectConfig(raw)
  if (r.fatal) return { ok: false, issues: r.issues }
  return { ok: true, config: r.config, issues: r.issues }
}

/** Config text (JSONC: docs/ARCHITECTURE.md §5) as a value, or its syntax problems as config issues. */
export function parseConfigDocument(
  text: string,
): { ok: true; raw: unknown } | { ok: false; issues: ConfigIssue[] } {
  const r = parseJsonc(text)
  if (r.ok) return { ok: true, raw: r.value }
  return {
    ok: false,
    issues: r.errors.map((e) => ({
      path: e.path,
      connection: null,
      rule: null,
      field: null,
      message: `not valid JSONC at line ${e.line}, column ${e.column}: ${e.message}`,
    })),
  }
}

/** Parse config text (JSONC) and validate it; a syntax error is an issue too (with line and column). */
export function parseConfigText(text: string): ConfigResult {
  const doc = parseConfigDocument(text)
  return doc.ok ? validateConfig(doc.raw) : doc
}

/** One line per issue, e.g. `connection "eu-voice", field "pollSeconds": must be greater than 0 (connections[0].pollSeconds)`. */
export function formatConfigIssue(i: ConfigIssue): string {
  const who = i.connection
    ? `connection "${i.connection}"`
    : i.rule
      ? `rule "${i.rule}"`
      : i.view
        ? `view "${i.view}"`
        : null
  const parts = [who, i.field ? `field "${i.field}"` : null].filter((p): p is string => p !== null)
  const where = i.path ? ` (${i.path})` : ''
  return `${parts.length ? parts.join(', ') + ': ' : ''}${i.message}${where}`
}

/**
 * The config a fresh install runs: the built-in simulated contact center (docs/vendors/simulator.md) and the
 * default rule pack.
 */
export function demoConfig(): Config {
  const r = validateConfig({
    connections: [{ id: 'demo', label: 'Demo contact center', provider: 'simulator', options: { seed: 42 } }],
  })
  if (!r.ok) throw new Error('demo config does not validate: ' + r.issues.map(formatConfigIssue).join('; '))
  return r.config
}
