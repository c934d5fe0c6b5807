import type { BrightPatternOptions } from '../../../../src-shared/providers/brightpattern'

/** One grid column: the column id we chose (rows are keyed by it) and the statistic it carries. */
export interface ColumnSpec {
  id: string
  stat: string
}

export interface GridSpec {
  id: string
  columns: ColumnSpec[]
  /** Top-N the server keeps; a grid that comes back this full may have been cut. */
  limit: number
}

/**
 * What we asked Bright Pattern for, kept to read the answer: data rows carry only column ids
 * (docs/vendors/brightpattern.md §6.8).
 */
export interface SubscriptionSpec {
  appId: string
  totals: string[]
  agentGrid: GridSpec
  serviceGrid: GridSpec
  /** 0 = no chat_messages section. */
  chatLimit: number
  /** Agent grid scope (undocumented but seen in a working request, docs/vendors/brightpattern.md §6.5). */
  teamIds: string[]
}

export const APP_ID = 'floorwalker'
export const AGENT_GRID_ID = 'agents'
export const SERVICE_GRID_ID = 'services'
export const GRID_LIMIT = 1000

/**
 * Identity first: rows have no key of their own, so login_id / name must be columns
 * (docs/vendors/brightpattern.md §6.8).
 */
export const DEFAULT_AGENT_STATS = [
  'login_id',
  'first_last_name',
  'acd_state',
  'reason',
  'state_duration',
  'team_name',
]
export const DEFAULT_SERVICE_STATS = ['name', 'in_calls_waiting', 'in_max_wait_time', 'service_level']

function columns(defaults: string[], extra: string[]): ColumnSpec[] {
  const seen = new Set<string>()
  const out: ColumnSpec[] = []
  for (const stat of [...defaults, ...extra]) {
    if (seen.has(stat)) continue
    seen.add(stat)
    // The statistic name doubles as the column id: unique within a grid and readable in `raw`.
    out.push({ id: stat, stat })
  }
  return out
}

/** The subscription for a connection's settings (defaults + the user's own columns). */
export function buildSubscription(options: BrightPatternOptions): SubscriptionSpec {
  return {
    appId: APP_ID,
    totals: [...new Set(options.totals)],
    agentGrid: {
      id: AGENT_GRID_ID,
      columns: columns(DEFAULT_AGENT_STATS, options.agentColumns),
      limit: GRID_LIMIT,
    },
    serviceGrid: {
      id: SERVICE_GRID_ID,
      columns: columns(DEFAULT_SERVICE_STATS, options.serviceColumns),
      limit: GRID_LIMIT,
    },
    chatLimit: options.chatMessageLimit,
    teamIds: options.teamIds,
  }
}

/**
 * The POST /statsapi/subscription body as strict JSON (the vendor document's sample has comments and a missing
 * comma, docs/vendors/brightpattern.md §6.11). `stat_name` is the current spelling
 * (docs/vendors/brightpattern.md §6.4); limits are strings as documented.
 */
export function subscriptionBody(spec: SubscriptionSpec): string {
  const grid = (g: GridSpec, orderBy: string) => ({
    id: g.id,
    columns: g.columns.map((c) => ({ id: c.id, stat_name: c.stat })),
    order_by: orderBy,
    order_dir: 'ASC',
    limit: String(g.limit),
  })
  const firstColumn = (g: GridSpec) => g.columns[0]?.id ?? ''
  const section: Record<string, unknown> = {
    stats_totals: spec.totals,
    service_grids: [grid(spec.serviceGrid, firstColumn(spec.serviceGrid))],
    agent_grids: [
      {
        ...grid(spec.agentGrid, firstColumn(spec.agentGrid)),
        // Logged-out agents stay on the board as logged_out rather than vanishing
        // (docs/vendors/brightpattern.md §6.5).
        logged_in_agents_only: 'false',
        ...(spec.teamIds.length > 0 ? { team_ids: spec.teamIds } : {}),
      },
    ],
  }
  if (spec.chatLimit > 0) section['chat_messages'] = { filter: '', limit: String(spec.chatLimit) }
  return JSON.stringify({ [spec.appId]: section })
}
