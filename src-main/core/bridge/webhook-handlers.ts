/**
 * The webhook channels of the IPC contract (Settings → Webhooks, docs/ARCHITECTURE.md §3.6): list, add or edit,
 * remove and send a test message to the outgoing webhooks escalation ladders post to. Both transports serve them
 * through the BridgeService.
 *
 * A webhook's URL is its credential (a Slack or Teams incoming webhook needs nothing else): it only travels
 * inwards, is kept in the secret store under `webhook:<id>` (the OS keychain, or session memory), never in the
 * config, and is given to the Redactor before anything could log it. The board gets back where it is kept and a
 * masked form (scheme and host: `https://hooks.slack.com/…`), never the URL.
 */
import {
  validateWebhook,
  webhookAccount,
  webhooksOf,
  type Config,
  type WebhookConfig,
} from '../../../src-shared/config'
import type { WebhookTestResult, WebhookView } from '../../../src-shared/ipc/contract'
import { messageOf } from '../../../src-shared/result'
import type { FormatLanguage } from '../../../src-shared/format/duration'
import { webhookTestPayload, type WebhookOutcome } from '../alerts/webhook'
import type { Logger } from '../ports'
import type { Redactor } from '../runtime/redact'
import { SecretStoreError } from '../secret-store'
import type { SettingsStore } from '../settings/settings-store'
import { commitConfigChange, summarizeIssues } from './config-issues'
import type { ConnectionSecrets } from './connection-handlers'
import { BridgeFailure, type Caller, type ChannelHandlers } from './types'

export type WebhookChannel = 'webhooks:list' | 'webhooks:save' | 'webhooks:remove' | 'webhooks:test'

export interface WebhookHandlerDeps {
  settings: SettingsStore
  /** The secret layers (keychain, session, environment); accounts `webhook:<id>`. */
  secrets: ConnectionSecrets
  /** Post a test body to a webhook (one attempt: the user is waiting), never rejects. */
  send: (hook: WebhookConfig, body: unknown) => Promise<WebhookOutcome>
  /** The board's language, for the test message's words. */
  language: () => FormatLanguage
  redactor?: Redactor
  log: Logger
}

/**
 * A URL as the board may show it: scheme and host only (`https://hooks.slack.com/…`); the path, where the
 * incoming webhook's token is, never leaves main. Null for no URL; "…" for something that is not a URL.
 */
export function maskWebhookUrl(url: string | null): string | null {
  if (url === null || url === '') return null
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}/…`
  } catch {
    return '…'
  }
}

/** The URL as typed, checked: an absolute http(s) address without credentials in it; else why not. */
export function checkWebhookUrl(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  const text = raw.trim()
  let u: URL
  try {
    u = new URL(text)
  } catch {
    return { ok: false, message: 'url: not a web address (it should start with https://)' }
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    return { ok: false, message: `url: must be an http or https address, not ${u.protocol.replace(':', '')}` }
  if (u.username !== '' || u.password !== '')
    return { ok: false, message: 'url: must not carry a user name or password' }
  return { ok: true, url: text }
}

export function createWebhookHandlers(deps: WebhookHandlerDeps): ChannelHandlers<WebhookChannel> {
  const { settings, secrets, log } = deps

  const guard = (channel: WebhookChannel, caller: Caller) => {
    if (caller.readOnly)
      throw new BridgeFailure({ code: 'read_only', message: `${channel}: this board is read-only` })
  }
  const notFound = (id: string) =>
    new BridgeFailure({ code: 'not_found', message: `there is no webhook "${id}"` })
  const find = (id: string): WebhookConfig | undefined =>
    webhooksOf(settings.current()).find((w) => w.id === id)

  const viewOf = async (hook: WebhookConfig): Promise<WebhookView> => {
    const account = webhookAccount(hook.id)
    let where: WebhookView['where'] = null
    let masked: string | null = null
    try {
      where = await secrets.where(account)
      const url = where === null ? null : await secrets.get(account)
      deps.redactor?.add(url)
      masked = maskWebhookUrl(url)
    } catch (e) {
      // A locked keychain: the webhook is still listed; its URL shows as unknown.
      log.warn('could not read a webhook URL', { webhook: hook.id, error: messageOf(e) })
    }
    return {
      id: hook.id,
      name: hook.name,
      kind: hook.kind,
      agentNames: hook.agentNames,
      urlEnv: hook.urlEnv ?? null,
      where,
      masked,
    }
  }

  /** Change the config through the settings store's one writer; the result must validate whole. */
  const commit = async (change: (current: Config) => Config): Promise<Config> =>
    (await commitConfigChange(settings, log, change)).config

  const keychainFailure = (e: Error, what: string) =>
    new BridgeFailure({ code: 'keychain_unavailable', message: `${e.message}. ${what}` })

  return {
    'webhooks:list': async () => Promise.all(webhooksOf(settings.current()).map(viewOf)),

    'webhooks:save': async (args, caller) => {
      guard('webhooks:save', caller)
      const v = validateWebhook(args.webhook, ['webhook'])
      if (!v.ok)
        throw new BridgeFailure({
          code: 'invalid_config',
          message: summarizeIssues('the webhook is not valid', v.issues),
          issues: v.issues,
        })
      const hook = v.webhook
      let url: string | null = null
      if (args.url !== undefined) {
        const checked = checkWebhookUrl(args.url)
        if (!checked.ok) throw new BridgeFailure({ code: 'bad_request', message: checked.message })
        url = checked.url
        deps.redactor?.add(url)
      }
      const existing = find(hook.id)
      if (url === null && hook.urlEnv === undefined) {
        const where = existing ? await secrets.where(webhookAccount(hook.id)).catch(() => null) : null
        if (where === null)
          throw new BridgeFailure({
            code: 'bad_request',
            message: 'url: give the webhook’s URL (it is kept in the OS keychain, never in the config)',
          })
      }
      await commit((current) => {
        const hooks = webhooksOf(current)
        return {
          ...current,
          webhooks: hooks.some((w) => w.id === hook.id)
            ? hooks.map((w) => (w.id === hook.id ? hook : w))
            : [...hooks, hook],
        }
      })
      if (url !== null) {
        try {
          await secrets.set(webhookAccount(hook.id), url, { sessionOnly: args.sessionOnly === true })
        } catch (e) {
          if (!(e instanceof SecretStoreError)) throw e
          log.warn('a webhook URL could not be stored', { webhook: hook.id, error: e.message })
          throw keychainFailure(
            e,
            'The webhook was saved without its URL. Enter the URL again with "this session only", or make the ' +
              'keychain available and save again.',
          )
        }
      }
      log.info(existing ? 'webhook changed' : 'webhook added', { webhook: hook.id, kind: hook.kind })
      return viewOf(hook)
    },

    'webhooks:remove': async (args, caller) => {
      guard('webhooks:remove', caller)
      if (!find(args.id)) throw notFound(args.id)
      // A ladder that still names it makes the config invalid: the error names the rule and step.
      await commit((current) => ({
        ...current,
        webhooks: webhooksOf(current).filter((w) => w.id !== args.id),
      }))
      try {
        await secrets.delete(webhookAccount(args.id))
      } catch (e) {
        log.warn('could not remove the keychain entry of a removed webhook', {
          webhook: args.id,
          error: messageOf(e),
        })
      }
      log.info('webhook removed', { webhook: args.id })
      return null
    },

    'webhooks:test': async (args, caller) => {
      guard('webhooks:test', caller)
      const hook = find(args.id)
      if (!hook) throw notFound(args.id)
      const outcome = await deps.send(hook, webhookTestPayload(hook.kind, deps.language()))
      const result: WebhookTestResult = outcome.ok
        ? { ok: true, status: outcome.status, detail: null }
        : { ok: false, status: outcome.status, detail: outcome.detail }
      log.info('webhook test sent', { webhook: hook.id, ok: result.ok, status: result.status })
      return result
    },
  }
}
