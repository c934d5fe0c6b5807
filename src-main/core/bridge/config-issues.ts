import { formatConfigIssue, validateConfig, type Config, type ConfigIssue } from '../../../src-shared/config'
import type { Logger } from '../ports'
import { toConfigFile } from '../settings/config-file'
import type { SettingsChange, SettingsStore } from '../settings/settings-store'
import { BridgeFailure } from './types'

/** The first three issues in words, after `prefix` (and how many more there are). */
export function summarizeIssues(prefix: string, issues: ConfigIssue[]): string {
  const first = issues.slice(0, 3).map(formatConfigIssue).join('; ')
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''
  return `${prefix}: ${first}${more}`
}

/**
 * Change the config through the settings store's one writer (serialized with every other edit): `change` sees the
 * config in effect at its turn, and the result must validate whole or nothing is saved (invalid_config, naming the
 * issues). Refused (nowhere to keep it) is an answer for the user (read_only); a failed write is a problem for the
 * log too (internal).
 */
export async function commitConfigChange(
  settings: SettingsStore,
  log: Logger,
  change: SettingsChange,
): Promise<{ config: Config; changed: boolean }> {
  const saved = await settings.update((current) => {
    const next = change(current)
    const whole = validateConfig(toConfigFile(next))
    if (!whole.ok) {
      throw new BridgeFailure({
        code: 'invalid_config',
        message: summarizeIssues('the change does not fit the config', whole.issues),
        issues: whole.issues,
      })
    }
    return next
  })
  if (!saved.ok) {
    if (saved.refused) throw new BridgeFailure({ code: 'read_only', message: saved.detail })
    log.error('could not save the settings', { detail: saved.detail })
    throw new BridgeFailure({ code: 'internal', message: `could not save the settings: ${saved.detail}` })
  }
  return { config: saved.config, changed: saved.changed }
}
