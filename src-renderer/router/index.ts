import type {
  RouteComponent,
  RouteLocationNormalizedGeneric,
  RouteRecordInfo,
  RouteRecordRaw,
  RouterHistory,
} from 'vue-router'
import { createRouter, createWebHashHistory } from 'vue-router'

export const VIEW_IDS = [
  'overview',
  'agents',
  'queues',
  'messages',
  'alerts',
  'connections',
  'report',
  'wallboard',
] as const
export type ViewId = (typeof VIEW_IDS)[number]

/** Every view is a named route without path parameters; the wallboard takes its settings from the query. */
type ViewRoutes = { [V in ViewId]: RouteRecordInfo<V, `/${V}`, Record<never, never>, Record<never, never>> }

declare module 'vue-router' {
  interface TypesConfig {
    RouteNamedMap: ViewRoutes
  }
}

/** `/agents`, `/agents/anything` → 'agents'; anything unknown is the overview. */
export function viewFromPath(path: string): ViewId {
  const name = path.replace(/^\/+/, '').split(/[/?]/)[0] ?? ''
  return VIEW_IDS.find((v) => v === name) ?? 'overview'
}

/** The view a route shows (the overview while the first navigation is still under way). */
export function viewOf(route: Pick<RouteLocationNormalizedGeneric, 'name'>): ViewId {
  return VIEW_IDS.find((v) => v === route.name) ?? 'overview'
}

export function hashFor(view: ViewId): string {
  return `#/${view}`
}

/**
 * Each view is its own chunk, loaded when first shown, so the board's first paint parses only the view it opens
 * (a wallboard TV never loads the connection editor).
 */
const VIEW_COMPONENTS: Record<ViewId, () => Promise<RouteComponent>> = {
  overview: () => import('../views/OverviewView.vue'),
  agents: () => import('../views/AgentsView.vue'),
  queues: () => import('../views/QueuesView.vue'),
  messages: () => import('../views/MessagesView.vue'),
  alerts: () => import('../views/AlertsView.vue'),
  connections: () => import('../views/ConnectionsView.vue'),
  report: () => import('../views/ReportView.vue'),
  wallboard: () => import('../views/WallboardView.vue'),
}

export const ROUTES: RouteRecordRaw[] = [
  { path: '/', redirect: { name: 'overview' } },
  ...VIEW_IDS.map((view): RouteRecordRaw => ({
    path: `/${view}`,
    name: view,
    component: VIEW_COMPONENTS[view],
  })),
  // Bookmarks made before the routes existed (`#/agents/x`, `#/nowhere`) open the view they name, or the overview.
  { path: '/:unknown(.*)*', redirect: (to) => ({ name: viewFromPath(to.path) }) },
]

/**
 * The board's router. The hash is the location (`#/agents`), so back/forward, reload and bookmarks work in a
 * browser wallboard as well as on the desktop app's `app://floorwalker/` page, and no server has to know the paths.
 */
export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  const router = createRouter({ history, routes: ROUTES })
  router.onError((error: unknown) => {
    // A view's chunk that fails to load leaves the board where it was; the console is in the desktop app's log.
    console.error('Floorwalker could not open a view', error)
  })
  return router
}
