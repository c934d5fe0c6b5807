/**
 * Saved views (docs/ARCHITECTURE.md §5, "views"): a named filter + grouping + sort of the Agents board or of
 * Queues & chats, kept in the config (so it is exported and imported with it), chosen from a menu, one per page
 * the default, and usable on the wallboard (`#/wallboard?views=<view id or name>`).
 */
import { z } from 'zod'
import { AGENT_STATES } from './model'
import { RULE_MEDIA } from './media'

export const VIEW_PAGES = ['agents', 'queues'] as const
export type ViewPage = (typeof VIEW_PAGES)[number]

export const AGENT_VIEW_SORT_KEYS = ['name', 'state', 'timeInState'] as const
export const AGENT_VIEW_GROUPINGS = ['none', 'team', 'connection'] as const
/** Today's figures the Agents board can show as extra columns (Agent.today). */
export const AGENT_VIEW_COLUMNS = [
  'handled',
  'rejected',
  'missed',
  'talk',
  'available',
  'wrapUp',
  'avgHandle',
] as const
export const QUEUE_VIEW_KINDS = ['all', 'queues', 'chats'] as const
export const QUEUE_VIEW_ORDERS = ['name', 'busiest'] as const
/** Queues & chats by alert state: any, with a firing alert (warning or worse), critical only, none firing. */
export const QUEUE_ALERT_FILTERS = ['all', 'alerting', 'critical', 'quiet'] as const

const viewId = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'at most 64 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    'letters, digits, "-", "_" and "." only, starting with a letter or digit',
  )
const text = (max: number) => z.string().max(max, `at most ${max} characters`)
/** A filter value: absent or null = no filter. */
const pick = (max: number) => z.string().min(1, 'must not be empty (use null for "all")').max(max).nullable()

/**
 * `team`: `name:<team name>` for a team whose name is known (the vendor's or the connection's `teamNames`), so one
 * name across connections is one team; `id:<connection>:<team id>` for a team without a name. `queue`: the
 * queue's or chat room's board key, `<connection>:<id>`.
 */
const agentsViewSchema = z.strictObject({
  id: viewId,
  name: text(80).trim().min(1, 'must not be empty'),
  page: z.literal('agents'),
  default: z.boolean().optional(),
  filter: z
    .strictObject({
      states: z
        .array(z.enum(AGENT_STATES, { error: () => `must be one of ${AGENT_STATES.join(', ')}` }))
        .default([]),
      team: pick(300).default(null),
      queue: pick(200).default(null),
      connection: pick(64).default(null),
      reason: pick(200).default(null),
      search: text(200).default(''),
    })
    .default({ states: [], team: null, queue: null, connection: null, reason: null, search: '' }),
  groupBy: z
    .enum(AGENT_VIEW_GROUPINGS, { error: () => `must be one of ${AGENT_VIEW_GROUPINGS.join(', ')}` })
    .default('none'),
  sort: z
    .strictObject({
      key: z.enum(AGENT_VIEW_SORT_KEYS, { error: () => `must be one of ${AGENT_VIEW_SORT_KEYS.join(', ')}` }),
      dir: z.enum(['asc', 'desc'], { error: () => 'must be asc or desc' }),
    })
    .default({ key: 'state', dir: 'asc' }),
  /** The extra columns the view shows; absent = the view leaves the board's columns as they are. */
  columns: z
    .array(z.enum(AGENT_VIEW_COLUMNS, { error: () => `must be one of ${AGENT_VIEW_COLUMNS.join(', ')}` }))
    .max(AGENT_VIEW_COLUMNS.length)
    .optional(),
})

const queuesViewSchema = z.strictObject({
  id: viewId,
  name: text(80).trim().min(1, 'must not be empty'),
  page: z.literal('queues'),
  default: z.boolean().optional(),
  filter: z
    .strictObject({
      kind: z
        .enum(QUEUE_VIEW_KINDS, { error: () => `must be one of ${QUEUE_VIEW_KINDS.join(', ')}` })
        .default('all'),
      /** A queue's media (src-shared/media.ts), or `unknown` for queues nobody could class. */
      media: z
        .enum(RULE_MEDIA, { error: () => `must be one of ${RULE_MEDIA.join(', ')}` })
        .nullable()
        .default(null),
      connection: pick(64).default(null),
      alert: z
        .enum(QUEUE_ALERT_FILTERS, { error: () => `must be one of ${QUEUE_ALERT_FILTERS.join(', ')}` })
        .default('all'),
      search: text(200).default(''),
    })
    .default({ kind: 'all', media: null, connection: null, alert: 'all', search: '' }),
  order: z
    .enum(QUEUE_VIEW_ORDERS, { error: () => `must be one of ${QUEUE_VIEW_ORDERS.join(', ')}` })
    .default('name'),
})

export const savedViewSchema = z.discriminatedUnion('page', [agentsViewSchema, queuesViewSchema], {
  error: () => `"page" must be one of ${VIEW_PAGES.join(', ')}`,
})

export type AgentsSavedView = z.infer<typeof agentsViewSchema>
export type QueuesSavedView = z.infer<typeof queuesViewSchema>
export type SavedView = z.infer<typeof savedViewSchema>
export type AgentsViewFilter = AgentsSavedView['filter']
export type QueuesViewFilter = QueuesSavedView['filter']

/** At most this many saved views (a menu, not a database). */
export const MAX_SAVED_VIEWS = 200

/**
 * The saved view a wallboard's `views=` entry names: by id first, then by name (case and accents aside), so a
 * bookmark survives a rename only when it used the id.
 */
export function findSavedView(views: readonly SavedView[], ref: string): SavedView | null {
  const byId = views.find((v) => v.id === ref)
  if (byId) return byId
  const want = foldViewName(ref)
  return views.find((v) => foldViewName(v.name) === want) ?? null
}

/** A view's name as names are compared: trimmed, lower case, without accents ("Złote" = "zlote"). */
export function foldViewName(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[łŁ]/g, 'l').toLowerCase().trim()
}

/** An id for a new view from its name ("Sales – breaks" → "sales-breaks"), unique among `taken`. */
export function viewIdFor(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/ł/g, 'l')
      .replace(/Ł/g, 'L')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'view'
  let id = base
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
  return id
}
