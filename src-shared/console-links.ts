/**
 * Links back to a vendor's own console (docs/ARCHITECTURE.md §5, "consoleUrls"): a URL template per target (the
 * console's home, an agent, a queue, a chat room), given by the provider's descriptor and overridable per
 * connection. A template may use only the placeholders below, and only the connection's own address or a host
 * written out in the template can be its host: an entity's id or name is percent-encoded into the path or query, so
 * no vendor data can move a link to another host. Main builds the URL again from the connection's template before
 * opening it (core/bridge/connection-handlers.ts), so a renderer cannot open an address of its choosing.
 *
 * src-shared has no URL global (no DOM, no Node), hence the hand-made split, as in baseUrlProblem (config.ts).
 */

export const CONSOLE_TARGETS = ['home', 'agent', 'queue', 'chatRoom'] as const
export type ConsoleTarget = (typeof CONSOLE_TARGETS)[number]

/** A template per target; a target without one (or with '') has no link. */
export type ConsoleTemplates = Partial<Record<ConsoleTarget, string>>

/**
 * The placeholders a template may use. `origin` is the connection's base URL's scheme, host and port; `baseUrl` the
 * whole base URL (with its path); `username` the connection's user / tenant; `id` and `name` the entity's vendor id
 * and name (agents, queues, chat rooms only).
 */
export const CONSOLE_PLACEHOLDERS = ['origin', 'baseUrl', 'username', 'id', 'name'] as const
export type ConsolePlaceholder = (typeof CONSOLE_PLACEHOLDERS)[number]

const ENTITY_ONLY: readonly ConsolePlaceholder[] = ['id', 'name']
const MAX_TEMPLATE = 2000

/** Why `template` cannot be a console link of `target`, or null when it can ('' = no link, also fine). */
export function consoleTemplateProblem(template: string, target: ConsoleTarget): string | null {
  if (template === '') return null
  if (template.length > MAX_TEMPLATE) return `at most ${MAX_TEMPLATE} characters`
  if (/\s/.test(template)) return 'must not contain spaces'
  const used: string[] = []
  const rest = template.replace(/\{([^{}]*)\}/g, (_m, name: string) => {
    used.push(name)
    return ''
  })
  if (/[{}]/.test(rest)) return 'has a "{" or "}" that is not part of a {placeholder}'
  for (const name of used) {
    if (!(CONSOLE_PLACEHOLDERS as readonly string[]).includes(name))
      return `unknown placeholder {${name}}; use ${CONSOLE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`
    if (target === 'home' && (ENTITY_ONLY as readonly string[]).includes(name))
      return `{${name}} is for agent, queue and chat room links, not the console's home`
  }
  const lead = /^\{(origin|baseUrl)\}(.*)$/.exec(template)
  if (lead) {
    const after = lead[2] ?? ''
    // "{origin}.evil.example" or "{origin}@evil.example" would put the link on another host.
    if (after !== '' && !/^[/?#]/.test(after))
      return `{${lead[1]}} must be followed by "/", "?", "#" or nothing, so the link stays on the connection's host`
    return null
  }
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/.exec(template)
  if (!m) return 'must start with {origin}, {baseUrl}, https:// or http://'
  const [, scheme = '', authority = ''] = m
  if (!/^https?$/i.test(scheme)) return `must use https:// or http://, not ${scheme}://`
  if (authority.includes('{'))
    return 'the host must be written out or be {origin}: no placeholder in the host'
  if (authority.includes('@')) return 'must not contain a user name or password (user:secret@)'
  const hp = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(?::(\d{1,5}))?$/.exec(authority)
  if (!hp) return `"${authority}" is not a valid host name`
  const port = hp[2]
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    return `port ${port} is out of range (1–65535)`
  return null
}

/** What a link is built from: the connection and, for an entity, its vendor id and name. */
export interface ConsoleLinkContext {
  baseUrl: string | null
  username: string | null
  id?: string | null
  name?: string | null
}

/** scheme://host[:port] of a base URL, or null. */
export function originOf(baseUrl: string | null): string | null {
  if (baseUrl === null) return null
  const m = /^(https?:\/\/[^/?#]+)/i.exec(baseUrl)
  return m ? (m[1] ?? null) : null
}

/**
 * The link a template makes for this context, or null when the template is empty or invalid, or a value it needs
 * is not known (a connection without a base URL, an entity without a name). Entity values and the user name are
 * percent-encoded; the base URL and origin are the connection's own, already validated.
 */
export function buildConsoleUrl(
  template: string | undefined,
  target: ConsoleTarget,
  ctx: ConsoleLinkContext,
): string | null {
  if (template === undefined || template === '' || consoleTemplateProblem(template, target) !== null)
    return null
  const values: Record<ConsolePlaceholder, string | null> = {
    origin: originOf(ctx.baseUrl),
    baseUrl: ctx.baseUrl === null ? null : ctx.baseUrl.replace(/\/+$/, ''),
    username: ctx.username === null ? null : encodeURIComponent(ctx.username),
    id: ctx.id === undefined || ctx.id === null || ctx.id === '' ? null : encodeURIComponent(ctx.id),
    name:
      ctx.name === undefined || ctx.name === null || ctx.name === '' ? null : encodeURIComponent(ctx.name),
  }
  let missing = false
  const url = template.replace(/\{([^{}]*)\}/g, (_m, name: ConsolePlaceholder) => {
    const v = values[name]
    if (v === null) missing = true
    return v ?? ''
  })
  if (missing || !/^https?:\/\/[^/?#@{}]+/i.test(url)) return null
  return url
}

/** The templates in effect for a connection: its own over the provider's ('' switches a provider's link off). */
export function effectiveConsoleTemplates(
  provider: ConsoleTemplates,
  own: ConsoleTemplates,
): ConsoleTemplates {
  const out: ConsoleTemplates = {}
  for (const t of CONSOLE_TARGETS) {
    const v = own[t] ?? provider[t]
    if (v !== undefined && v !== '') out[t] = v
  }
  return out
}
