/**
 * Escalation webhooks (docs/ARCHITECTURE.md §3.6): the message of one escalation step as Slack and Microsoft Teams
 * incoming webhooks take it, or as a generic JSON POST, and its delivery with bounded retries.
 *
 * - Words in the board's language; rule, queue, room, metric and connection names and numbers; an agent is "An
 *   agent" (no name, no id) unless the webhook allows names (`agentNames`, default off). Never customer content.
 * - The URL is a secret (it is the incoming webhook's credential): it is looked up when sending, given to the
 *   Redactor, and never logged or reported (failures name the webhook, never its URL).
 * - Sent through the core HttpClient port; never throws. Up to {@link WEBHOOK_ATTEMPTS} attempts: a timeout, a
 *   network failure, a 5xx or a 429 is tried again after 2 s, 4 s, 8 s, 16 s (a 429's Retry-After when longer, up
 *   to a minute); any other 4xx is not (the request itself is wrong: a revoked or mistyped URL).
 */
import type { AlertSeverity } from '../../../src-shared/alerts'
import { webhookAccount, type RuleEntity, type WebhookConfig } from '../../../src-shared/config'
import type { FormatLanguage } from '../../../src-shared/format/duration'
import { formatSpan } from '../../../src-shared/format/duration'
import { formatFieldValue } from '../../../src-shared/format/number'
import type { AgentState } from '../../../src-shared/model'
import { describeField, namesAPerson, whoOf } from '../../../src-shared/notify-text'
import { parseRetryAfter } from '../http/retry-after'
import type { Clock, HttpClient, Logger, SecretSource } from '../ports'
import type { Redactor } from '../runtime/redact'

/** What an escalation message says about its alert. */
export interface EscalationAlert {
  id: string
  rule: string
  ruleName: string
  connection: string
  connectionLabel: string
  entity: RuleEntity
  entityId: string
  entityName: string | null
  field: string
  value: number | null
  severity: AlertSeverity
  threshold: number
  op: '>' | '>=' | '<' | '<='
  ruleState: AgentState | null
  firedAt: number
}

export interface EscalationMessage {
  alert: EscalationAlert
  /** epoch ms the step ran. */
  at: number
  step: { index: number; afterSec: number; repeat: boolean }
  language: FormatLanguage
}

const WORDS = {
  en: {
    severity: { warning: 'Warning', critical: 'Critical' },
    threshold: (s: AlertSeverity, above: boolean, v: string) =>
      `${s === 'critical' ? 'critical' : 'warning'} ${above ? 'above' : 'below'} ${v}`,
    unacknowledged: (span: string) => `Not acknowledged for ${span}.`,
    where: (conn: string) => `Connection: ${conn}`,
    test: 'Floorwalker test message: this webhook works.',
  },
  pl: {
    severity: { warning: 'Ostrzeżenie', critical: 'Krytyczny' },
    threshold: (s: AlertSeverity, above: boolean, v: string) =>
      `${s === 'critical' ? 'krytyczny' : 'ostrzeżenie'}: ${above ? 'powyżej' : 'poniżej'} ${v}`,
    unacknowledged: (span: string) => `Niepotwierdzony od ${span}.`,
    where: (conn: string) => `Połączenie: ${conn}`,
    test: 'Wiadomość testowa Floorwalkera: ten webhook działa.',
  },
} as const

/** The message's words: a title and lines of text. */
export function escalationText(
  m: EscalationMessage,
  agentNames: boolean,
): { title: string; lines: string[] } {
  const w = WORDS[m.language]
  const a = m.alert
  const above = a.op === '>' || a.op === '>='
  const who = whoOf(a, agentNames ? 'names' : 'minimal', m.language)
  const what = describeField({ field: a.field, value: a.value, ruleState: a.ruleState }, m.language)
  const level = w.threshold(a.severity, above, formatFieldValue(a.field, a.threshold, m.language))
  return {
    title: `${w.severity[a.severity]}: ${a.ruleName}`,
    lines: [
      `${who}: ${what} (${level})`,
      w.unacknowledged(formatSpan((m.at - a.firedAt) / 1000, m.language)),
      w.where(a.connectionLabel),
    ],
  }
}

const COLOR: Record<AlertSeverity, string> = { warning: 'D97706', critical: 'DC2626' }

/**
 * A Teams message of one Adaptive Card with these body elements: what Teams' Workflows webhooks and the older
 * connectors both take, for the escalation and the test message alike.
 */
function teamsCard(body: object[]): unknown {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
        },
      },
    ],
  }
}

/** The JSON body for `hook` (Slack, Teams or generic). */
export function webhookPayload(
  hook: Pick<WebhookConfig, 'kind' | 'agentNames'>,
  m: EscalationMessage,
): unknown {
  const { title, lines } = escalationText(m, hook.agentNames)
  const a = m.alert
  if (hook.kind === 'slack') {
    // Incoming webhooks take `text` (the notification and fallback) and blocks for the message itself.
    return {
      text: `${title}\n${lines.join('\n')}`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
        { type: 'section', text: { type: 'plain_text', text: lines.join('\n') } },
      ],
    }
  }
  if (hook.kind === 'teams') {
    return teamsCard([
      {
        type: 'TextBlock',
        text: title,
        weight: 'Bolder',
        size: 'Medium',
        color: a.severity === 'critical' ? 'Attention' : 'Warning',
        wrap: true,
      },
      ...lines.map((text) => ({ type: 'TextBlock', text, wrap: true })),
    ])
  }
  const hidden = namesAPerson(a.entity) && !hook.agentNames
  return {
    type: 'floorwalker.escalation',
    version: 1,
    at: m.at,
    language: m.language,
    title,
    text: lines.join('\n'),
    color: `#${COLOR[a.severity]}`,
    step: m.step,
    alert: {
      // An agent's id names the person as well as the name does: both stay out unless allowed.
      id: hidden ? null : a.id,
      rule: a.rule,
      ruleName: a.ruleName,
      connection: a.connection,
      connectionLabel: a.connectionLabel,
      entity: a.entity,
      entityId: hidden ? null : a.entityId,
      entityName: hidden ? 'agent' : a.entityName,
      field: a.field,
      value: a.value,
      threshold: a.threshold,
      severity: a.severity,
      firedAt: a.firedAt,
      unacknowledgedSec: Math.max(0, Math.round((m.at - a.firedAt) / 1000)),
    },
  }
}

/** A test message (Settings → Webhooks), in the board's language. */
export function webhookTestPayload(kind: WebhookConfig['kind'], language: FormatLanguage): unknown {
  const text = WORDS[language].test
  if (kind === 'slack') return { text }
  if (kind === 'teams') return teamsCard([{ type: 'TextBlock', text, wrap: true }])
  return { type: 'floorwalker.test', version: 1, text }
}

export const WEBHOOK_ATTEMPTS = 5
export const WEBHOOK_TIMEOUT_MS = 10_000
const FIRST_RETRY_MS = 2_000
const MAX_RETRY_AFTER_MS = 60_000

export type WebhookOutcome =
  | { ok: true; status: number; attempts: number }
  | { ok: false; detail: string; status: number | null; attempts: number }

export interface WebhookSender {
  /** Post `body` to `hook`, retrying as the module says; resolves with the outcome, never rejects. */
  send(hook: WebhookConfig, body: unknown): Promise<WebhookOutcome>
  /** Stop retrying (shutdown): pending sends resolve as failed. */
  dispose(): void
}

export function createWebhookSender(d: {
  http: HttpClient
  clock: Clock
  log: Logger
  /** The hook's URL (keychain, session or environment), or null when none is set. Learned by the Redactor. */
  urlOf: (hook: WebhookConfig) => Promise<string | null>
  attempts?: number
}): WebhookSender {
  const attempts = d.attempts ?? WEBHOOK_ATTEMPTS
  const waits = new Set<() => void>()
  let disposed = false
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        waits.delete(done)
        stop()
        resolve()
      }
      const stop = d.clock.setTimer(ms, done)
      waits.add(done)
    })

  return {
    async send(hook, body) {
      let url: string | null
      try {
        url = await d.urlOf(hook)
      } catch (e) {
        url = null
        d.log.warn('could not read a webhook URL', { webhook: hook.id, error: (e as Error).message })
      }
      if (url === null || url === '') {
        const detail = hook.urlEnv
          ? `no URL: the environment variable ${hook.urlEnv} is not set`
          : 'no URL is set for this webhook (Settings → Webhooks)'
        d.log.warn('webhook not sent', { webhook: hook.id, detail })
        return { ok: false, detail, status: null, attempts: 0 }
      }
      const text = JSON.stringify(body)
      let last: WebhookOutcome = { ok: false, detail: 'not sent', status: null, attempts: 0 }
      for (let attempt = 1; attempt <= attempts && !disposed; attempt++) {
        const r = await d.http.request({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: text,
          timeoutMs: WEBHOOK_TIMEOUT_MS,
          // A webhook answers "ok" or a short error: nothing larger is read.
          limits: { maxBytes: 64 * 1024, maxWireBytes: 64 * 1024, owner: `webhook ${hook.name}` },
          redirects: { max: 3, allowedHosts: [] },
        })
        let retryAfterMs: number | undefined
        if (r.ok) {
          const status = r.response.status
          if (status >= 200 && status < 300) {
            if (attempt > 1)
              d.log.info('webhook sent after retrying', { webhook: hook.id, attempts: attempt })
            return { ok: true, status, attempts: attempt }
          }
          const retryable = status === 429 || status >= 500
          last = {
            ok: false,
            status,
            attempts: attempt,
            detail: `the webhook answered HTTP ${status}${retryable ? '' : ' (not retried: check the URL)'}`,
          }
          if (!retryable) break
          if (status === 429) retryAfterMs = parseRetryAfter(r.response.headers['retry-after'], d.clock.now())
        } else {
          // A transport message may quote the address: the URL never leaves this function.
          const said = r.detail.split(url).join('<webhook URL>')
          last = { ok: false, status: null, attempts: attempt, detail: `${r.code}: ${said}` }
          if (r.code === 'aborted' || r.code === 'redirect' || r.code === 'too_large') break
        }
        if (attempt < attempts) {
          const backoff = FIRST_RETRY_MS * 2 ** (attempt - 1)
          await sleep(Math.min(MAX_RETRY_AFTER_MS, Math.max(backoff, retryAfterMs ?? 0)))
        }
      }
      d.log.warn('webhook failed', {
        webhook: hook.id,
        detail: last.ok ? '' : last.detail,
        attempts: last.attempts,
      })
      return last
    },
    dispose() {
      disposed = true
      for (const w of [...waits]) w()
    },
  }
}

/**
 * A webhook's URL from the secret store (account `webhook:<id>`: the keychain, session memory, or the environment
 * variable `urlEnv` names where the store reads the environment), taught to the Redactor before anything can log it.
 */
export function webhookUrlFrom(
  secrets: SecretSource,
  redactor: Redactor | undefined,
): (hook: WebhookConfig) => Promise<string | null> {
  return async (hook) => {
    const url = await secrets.get(webhookAccount(hook.id))
    redactor?.add(url)
    return url
  }
}
