import type { ConnectionConfig } from '../../../src-shared/config'
import { effectiveConsoleTemplates } from '../../../src-shared/console-links'
import type { ConnectionView } from '../../../src-shared/ipc/contract'
import { PROVIDER_DESCRIPTORS } from '../../../src-shared/providers'

/**
 * What a board is told of a connection: its config without the secret, and where the secret is kept. One builder
 * for the app's handlers and a team viewer, so a new connection field reaches every board or none.
 */
export function connectionViewOf(c: ConnectionConfig, secret: ConnectionView['secret']): ConnectionView {
  return {
    id: c.id,
    label: c.label,
    provider: c.provider,
    baseUrl: c.baseUrl,
    username: c.username,
    pollSeconds: c.pollSeconds,
    requestedPollSeconds: c.requestedPollSeconds,
    enabled: c.enabled,
    options: c.options,
    queueMedia: c.queueMedia,
    businessDay: c.businessDay ?? null,
    teamNames: c.teamNames ?? {},
    consoleUrls: c.consoleUrls ?? {},
    consoleLinks: effectiveConsoleTemplates(PROVIDER_DESCRIPTORS[c.provider].console, c.consoleUrls ?? {}),
    targets: c.targets,
    secret,
  }
}
