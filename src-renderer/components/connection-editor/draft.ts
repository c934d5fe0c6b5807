/**
 * The connection editor's form state and its conversion to the config's connection shape. The form keeps what the
 * user typed (text for numbers, one line per list entry, rows for maps) so that half-typed input is never lost;
 * `toRawConnection` turns it into what `validateConnection` (src-shared/config.ts) and `connections:save` take.
 */
import { CONSOLE_TARGETS, type ConsoleTarget } from '../../../src-shared/console-links'
import type { ConfigIssue, ConnectionConfig } from '../../../src-shared/config'
import type { Targets } from '../../../src-shared/targets'
import { validateConnection } from '../../../src-shared/config'
import type { ConnectionView } from '../../../src-shared/ipc/contract'
import type { Media, ProviderId } from '../../../src-shared/model'
import type { DescriptorField, ProviderDescriptor } from '../../../src-shared/providers'
import { PROVIDER_DESCRIPTORS } from '../../../src-shared/providers'
import type { FormIssue } from '../../composables/use-form-issues'

/** One key → value row of a string-map or state-map field. */
export interface MapRow {
  key: string
  value: string
}

/** A row the user may add with one click (e.g. a Chronicall metric with the meaning its name suggests). */
export interface MapSuggestion {
  key: string
  /** What the key is called where it came from (e.g. the metric's name). */
  name: string | null
  value: string
}

/** text, number and select: string; boolean: boolean; string-list: one entry per line; maps: rows. */
export type FieldValue = string | boolean | MapRow[]

export interface ConnectionDraft {
  /** Not saved yet: the id can still be chosen. */
  isNew: boolean
  id: string
  label: string
  provider: ProviderId
  baseUrl: string
  username: string
  /** As typed; empty = the vendor's default. */
  pollSeconds: string
  enabled: boolean
  /** By descriptor field key. */
  options: Record<string, FieldValue>
  /** Options the descriptor has no field for: saved back unchanged. */
  otherOptions: Record<string, unknown>
  /** Headless configs may name an environment variable for the secret: kept as it is. */
  secretEnv: string | null
  /** The user's media per queue id (config `queueMedia`); absent ids follow the vendor and the queue's name. */
  queueMedia: Record<string, Exclude<Media, null>>
  /** The business day as typed (config `businessDay`): start HH:MM and IANA zone; both empty = the default. */
  businessDayStart: string
  businessDayZone: string
  /** The user's service-level targets (config `targets`), set from the queue panel: saved back unchanged. */
  targets: Targets
  /** The user's team names (config `teamNames`), as rows of the form. */
  teamNames: { id: string; name: string }[]
  /** The user's console link templates (config `consoleUrls`): '' = the vendor's, '-' = no link. */
  consoleUrls: Record<ConsoleTarget, string>
}

const NO_CONSOLE_URLS: Record<ConsoleTarget, string> = { home: '', agent: '', queue: '', chatRoom: '' }

export function descriptorOf(provider: ProviderId): ProviderDescriptor {
  return PROVIDER_DESCRIPTORS[provider]
}

/** The form value of an option as the config holds it. */
export function fieldValueOf(field: DescriptorField, value: unknown): FieldValue {
  switch (field.kind) {
    case 'boolean':
      return value === true
    case 'string-list':
      return Array.isArray(value) ? value.map(String).join('\n') : ''
    case 'string-map':
    case 'state-map':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.entries(value).map(([key, v]) => ({ key, value: String(v) }))
        : []
    case 'number':
      return typeof value === 'number' ? String(value) : ''
    case 'text':
    case 'select':
      return typeof value === 'string' ? value : ''
  }
}

function optionsOf(d: ProviderDescriptor, options: Record<string, unknown>) {
  const known = new Set(d.fields.map((f) => f.key))
  return {
    options: Object.fromEntries(d.fields.map((f) => [f.key, fieldValueOf(f, options[f.key])])),
    otherOptions: Object.fromEntries(Object.entries(options).filter(([k]) => !known.has(k))),
  }
}

/** The provider's option defaults (what an empty `options` validates to). */
export function defaultOptions(provider: ProviderId): Record<string, unknown> {
  const r = descriptorOf(provider).options.safeParse({})
  return r.success ? (r.data as Record<string, unknown>) : {}
}

/** A new connection of `provider`, with the vendor's option defaults filled in. */
export function newDraft(provider: ProviderId): ConnectionDraft {
  const { options } = optionsOf(descriptorOf(provider), defaultOptions(provider))
  return {
    isNew: true,
    id: '',
    label: '',
    provider,
    baseUrl: '',
    username: '',
    pollSeconds: '',
    enabled: true,
    options,
    otherOptions: {},
    secretEnv: null,
    queueMedia: {},
    businessDayStart: '',
    businessDayZone: '',
    targets: {},
    teamNames: [],
    consoleUrls: { ...NO_CONSOLE_URLS },
  }
}

/** The same draft for another vendor: what the connection is called stays, the vendor's fields start over. */
export function withProvider(draft: ConnectionDraft, provider: ProviderId): ConnectionDraft {
  if (draft.provider === provider) return draft
  return {
    ...newDraft(provider),
    isNew: draft.isNew,
    id: draft.id,
    label: draft.label,
    enabled: draft.enabled,
  }
}

/** An existing connection, for editing. */
export function draftFromView(view: ConnectionView, secretEnv: string | null = null): ConnectionDraft {
  const { options, otherOptions } = optionsOf(descriptorOf(view.provider), view.options)
  return {
    isNew: false,
    id: view.id,
    label: view.label,
    provider: view.provider,
    baseUrl: view.baseUrl ?? '',
    username: view.username ?? '',
    pollSeconds: String(view.requestedPollSeconds ?? view.pollSeconds),
    enabled: view.enabled,
    options,
    otherOptions,
    secretEnv,
    queueMedia: { ...view.queueMedia },
    businessDayStart: view.businessDay?.start ?? '',
    businessDayZone: view.businessDay?.timeZone ?? '',
    targets: { ...view.targets },
    teamNames: Object.entries(view.teamNames ?? {}).map(([id, name]) => ({ id, name })),
    consoleUrls: Object.fromEntries(
      CONSOLE_TARGETS.map((t) => {
        const v = view.consoleUrls?.[t]
        return [t, v === undefined ? '' : v === '' ? '-' : v]
      }),
    ) as Record<ConsoleTarget, string>,
  }
}

/** A number as typed; text that is not one is passed on as text, so validation names the field. */
function numberOrText(text: string): number | string {
  const n = Number(text)
  return text.trim() !== '' && Number.isFinite(n) ? n : text
}

export function listEntries(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

function optionValue(field: DescriptorField, value: FieldValue | undefined): unknown {
  switch (field.kind) {
    case 'boolean':
      return value === true
    case 'string-list':
      return typeof value === 'string' ? listEntries(value) : []
    case 'string-map':
    case 'state-map':
      return Object.fromEntries(
        (Array.isArray(value) ? value : [])
          .filter((r) => r.key.trim() !== '')
          .map((r) => [r.key.trim(), r.value]),
      )
    case 'number':
      return typeof value === 'string' && value.trim() !== '' ? numberOrText(value.trim()) : undefined
    case 'text':
    case 'select':
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
  }
}

/** The connection as the config takes it (no secret: that travels on its own). */
export function toRawConnection(draft: ConnectionDraft): Record<string, unknown> {
  const d = descriptorOf(draft.provider)
  const options: Record<string, unknown> = { ...draft.otherOptions }
  for (const f of d.fields) {
    const v = optionValue(f, draft.options[f.key])
    if (v === undefined) delete options[f.key]
    else options[f.key] = v
  }
  const raw: Record<string, unknown> = {
    id: draft.id.trim(),
    provider: draft.provider,
    enabled: draft.enabled,
    options,
  }
  if (draft.label.trim() !== '') raw.label = draft.label.trim()
  if (draft.baseUrl.trim() !== '') raw.baseUrl = draft.baseUrl.trim()
  if (d.username && draft.username.trim() !== '') raw.username = draft.username.trim()
  if (draft.pollSeconds.trim() !== '') raw.pollSeconds = numberOrText(draft.pollSeconds.trim())
  if (draft.secretEnv !== null) raw.secretEnv = draft.secretEnv
  if (Object.keys(draft.queueMedia).length > 0) raw.queueMedia = { ...draft.queueMedia }
  const start = draft.businessDayStart.trim()
  const zone = draft.businessDayZone.trim()
  if (start !== '' || zone !== '') {
    raw.businessDay = zone === '' ? { start: start || '00:00' } : { start: start || '00:00', timeZone: zone }
  }
  // Set from the queue panel, not this form: an edit of the connection keeps them.
  if (Object.keys(draft.targets).length > 0) raw.targets = { ...draft.targets }
  const teams = draft.teamNames.filter((r) => r.id.trim() !== '')
  if (teams.length > 0) raw.teamNames = Object.fromEntries(teams.map((r) => [r.id.trim(), r.name]))
  const urls = Object.fromEntries(
    CONSOLE_TARGETS.flatMap((t) => {
      const v = draft.consoleUrls[t].trim()
      return v === '' ? [] : [[t, v === '-' ? '' : v]]
    }),
  )
  if (Object.keys(urls).length > 0) raw.consoleUrls = urls
  return raw
}

/** Where an issue is shown: a top-level field (`baseUrl`), an option (`options.roomIds`), or the whole form. */
export function fieldKeyOf(field: string | null): string | null {
  if (field === null || field === '') return null
  const m = /^(options\.[^.[]+|[^.[]+)/.exec(field)
  return m ? (m[1] ?? null) : null
}

/** The part of an issue's field below the field it is shown at: `[2]` or `.Ready`. */
function entryOf(field: string, key: string): string | null {
  const rest = field.slice(key.length)
  const index = /^\[(\d+)\]/.exec(rest)
  if (index) return `#${Number(index[1]) + 1}`
  const name = /^\.(.+)$/.exec(rest)
  return name ? (name[1] ?? null) : null
}

/** An issue shown at `id`, `baseUrl`, `options.roomIds`, ...; key null = about the connection as a whole. */
export type FieldIssue = FormIssue<string>

/** Issues by the field they are shown at; a list entry or map key the issue is about leads the message. */
export function fieldIssues(issues: readonly ConfigIssue[], raw: Record<string, unknown>): FieldIssue[] {
  return issues.map((i) => {
    const key = fieldKeyOf(i.field)
    if (key === null || i.field === null) return { key: null, message: i.message }
    let entry = entryOf(i.field, key)
    // A list entry is named by what was typed, which is easier to find than its position.
    const index = /^\[(\d+)\]/.exec(i.field.slice(key.length))
    if (index && key.startsWith('options.')) {
      const list = (raw.options as Record<string, unknown> | undefined)?.[key.slice('options.'.length)]
      const typed = Array.isArray(list) ? list[Number(index[1])] : undefined
      if (typeof typed === 'string') entry = `“${typed}”`
    }
    return { key, message: entry ? `${entry}: ${i.message}` : i.message }
  })
}

/** The keys the editor has an input for, in the order the form shows them. */
export function editorFieldKeys(draft: ConnectionDraft): string[] {
  const d = descriptorOf(draft.provider)
  return [
    'provider',
    ...(draft.isNew ? ['id'] : []),
    'label',
    ...(d.baseUrl && (d.baseUrl.default !== null || d.baseUrl.required) ? ['baseUrl'] : []),
    ...(d.username ? ['username'] : []),
    'pollSeconds',
    'businessDay',
    'teamNames',
    'consoleUrls',
    ...d.fields.map((f) => `options.${f.key}`),
  ]
}

/** The provider's own option checks alone, as config issues. */
function optionIssues(provider: ProviderId, raw: Record<string, unknown>): ConfigIssue[] {
  const r = descriptorOf(provider).options.safeParse(raw.options)
  if (r.success) return []
  return r.error.issues.map((i) => {
    const field = ['options', ...i.path]
      .map((p, n) => (typeof p === 'number' ? `[${p}]` : n === 0 ? String(p) : `.${String(p)}`))
      .join('')
    return { path: field, connection: null, rule: null, field, message: i.message }
  })
}

export interface DraftCheck {
  raw: Record<string, unknown>
  issues: FieldIssue[]
  /** The connection as it would be saved (effective poll interval and all), when it is valid. */
  connection: ConnectionConfig | null
}

export interface DraftMessages {
  duplicateId: string
  notANumber: string
}

/** Validate as the user types: the config's own rules, plus what only the editor knows (ids already in use). */
export function checkDraft(
  draft: ConnectionDraft,
  takenIds: readonly string[],
  messages: DraftMessages,
): DraftCheck {
  const raw = toRawConnection(draft)
  const r = validateConnection(raw)
  const found = r.ok ? [] : r.issues
  // validateConnection checks the options only once the rest is valid; the form checks them all along.
  const issues = fieldIssues(
    found.some((i) => i.field?.startsWith('options'))
      ? found
      : [...found, ...optionIssues(draft.provider, raw)],
    raw,
  )
  // Zod's "expected number, received string" says less than the editor can.
  const numbers = [
    'pollSeconds',
    ...descriptorOf(draft.provider)
      .fields.filter((f) => f.kind === 'number')
      .map((f) => `options.${f.key}`),
  ]
  const typedText = (key: string): boolean => {
    const value =
      key === 'pollSeconds' ? raw.pollSeconds : (raw.options as Record<string, unknown>)[key.slice(8)]
    return typeof value === 'string'
  }
  const out: FieldIssue[] = issues.map((i) =>
    i.key !== null && numbers.includes(i.key) && typedText(i.key)
      ? { key: i.key, message: messages.notANumber }
      : i,
  )
  if (draft.isNew && takenIds.includes(draft.id.trim()))
    out.push({ key: 'id', message: messages.duplicateId })
  return { raw, issues: out, connection: r.ok && out.length === 0 ? r.connection : null }
}
