/**
 * The config as it is written to disk and exported: the file form of docs/ARCHITECTURE.md §5, which validates
 * back to the same Config. A validated Config carries derived values (effective pollSeconds,
 * requestedPollSeconds, nulls for absent fields) that the strict file schema does not accept, so it cannot be
 * written as is.
 */
import type { Config, Prefs, RuleConfig, WebhookConfig } from '../../../src-shared/config'
import type { ConsoleTemplates } from '../../../src-shared/console-links'
import type { Media, ProviderId } from '../../../src-shared/model'
import type { SavedView } from '../../../src-shared/views'
import type { Targets } from '../../../src-shared/targets'
import type { PersonLink } from '../../../src-shared/people'

/** One connection as it stands in the file. There is no secret field: secrets live in the keychain only. */
export interface ConnectionFileEntry {
  id: string
  label: string
  provider: ProviderId
  baseUrl?: string
  username?: string
  secretEnv?: string
  pollSeconds: number
  enabled: boolean
  options: Record<string, unknown>
  queueMedia?: Record<string, Exclude<Media, null>>
  /** Absent: midnight in the zone of the computer that computes a "today" (src-shared/business-day.ts). */
  businessDay?: { start: string; timeZone?: string }
  teamNames?: Record<string, string>
  consoleUrls?: ConsoleTemplates
  targets?: Targets
}

export interface ConfigFile {
  connections: ConnectionFileEntry[]
  rules: RuleConfig[]
  prefs: Prefs
  views?: SavedView[]
  /** Only when the config has webhooks (their URLs are secrets: never here). */
  webhooks?: WebhookConfig[]
  /** The user's map of people across connections; written only when it has entries. */
  people?: PersonLink[]
}

export function toConfigFile(config: Config): ConfigFile {
  return {
    connections: config.connections.map((c) => {
      const entry: ConnectionFileEntry = {
        id: c.id,
        label: c.label,
        provider: c.provider,
        // What the user asked for, so the file keeps their number and the UI can still explain the minimum.
        pollSeconds: c.requestedPollSeconds ?? c.pollSeconds,
        enabled: c.enabled,
        options: c.options,
      }
      if (c.baseUrl !== null) entry.baseUrl = c.baseUrl
      if (c.username !== null) entry.username = c.username
      if (c.secretEnv !== null) entry.secretEnv = c.secretEnv
      if (Object.keys(c.queueMedia).length > 0) entry.queueMedia = c.queueMedia
      if (c.businessDay) {
        entry.businessDay =
          c.businessDay.timeZone === null
            ? { start: c.businessDay.start }
            : { start: c.businessDay.start, timeZone: c.businessDay.timeZone }
      }
      if (c.teamNames && Object.keys(c.teamNames).length > 0) entry.teamNames = c.teamNames
      if (c.consoleUrls && Object.keys(c.consoleUrls).length > 0) entry.consoleUrls = c.consoleUrls
      if (Object.keys(c.targets).length > 0) entry.targets = c.targets
      return entry
    }),
    rules: config.rules,
    prefs: config.prefs,
    ...(config.views && config.views.length > 0 ? { views: config.views } : {}),
    ...(config.webhooks !== undefined && config.webhooks.length > 0 ? { webhooks: config.webhooks } : {}),
    ...(config.people !== undefined && config.people.length > 0 ? { people: config.people } : {}),
  }
}

/** The config as JSON text (export, and what the settings file holds). */
export function configToText(config: Config): string {
  return JSON.stringify(toConfigFile(config), null, 2) + '\n'
}
