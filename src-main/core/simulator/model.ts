/**
 * The built-in simulated contact center (docs/vendors/simulator.md): the embedded demo and the data behind
 * every sandbox server.
 *
 * - Deterministic: one seeded event-driven model (simulated-center.ts). The same options and the same sequence of `at()`
 *   instants give deep-equal states, and the state at t does not depend on which instants were asked before.
 * - Business-day clock (business-clock.ts): `startAt` is 09:30; the model starts warm at 08:00 (startAt − 90 min).
 * - Layout (floor-plan.ts): queues Sales "115" (voice), Support "116" (voice), Email "117", Chat "118" (media
 *   chat); chat rooms "Web shop chat" and "Help center chat" (UUID ids); groups "1" Sales team, "2" Support team,
 *   "3" Digital team; agent ids "1001", "1002", ...
 * - Incidents (`incidents: true`, the default), the same for every seed on day 0 so tests and demos can count
 *   on them: at startAt − 17 min (09:13) the next free agent starts a "Break" of 28–38 min, so one agent is
 *   not_ready for over 20 min from about startAt + 3 min; at startAt + 3 min the Support queue "116" backs up
 *   for 15 min (arrivals ×3–4, callers hold on up to 8 min), so its longest wait passes 120 s within minutes.
 *   After that, until 18:00 business time, one incident every 35–75 min, alternating kinds, on Sales, Support
 *   or Chat. `state.incidents` lists the ones under way; `plannedIncidents()` lists the plan.
 * - Without incidents, no not_ready stint reaches 20 min (planned breaks are at most 19 min) and no call or chat
 *   waits more than 110 s (everyone's patience runs out by then): threshold alerts stay quiet.
 */
import { WARM_UP_MS } from './business-clock'
import { SimulatedCenter, type IncidentKind } from './simulated-center'
import { SOURCES } from './floor-plan'
import type { SimulatedContactCenter, SimulatedIncident, SimulatorOptions, SimulatorState } from './types'
import { readState } from './view'

export type ModelState = SimulatorState & { incidents: SimulatedIncident[] }

export interface PlannedIncident {
  id: string
  kind: IncidentKind
  /** epoch ms the incident is due (an overstay starts when the next agent frees up, usually within a minute) */
  dueAt: number
  durationSec: number
  /** queue_backup: the queue that backs up */
  queueId: string | null
}

export interface ModelledContactCenter extends SimulatedContactCenter {
  at(t: number): ModelState
  /** The incidents planned so far: day 0's at creation, later days' once the model reaches them. */
  plannedIncidents(): PlannedIncident[]
}

export function createSimulator(opts: SimulatorOptions): ModelledContactCenter {
  const origin = opts.startAt - WARM_UP_MS
  const seed = opts.seed
  let center: SimulatedCenter | null = null
  let last: ModelState | null = null
  let lastAt = -Infinity
  // Built on first use: warming up thousands of agents is work a factory should not do.
  const model = (): SimulatedCenter =>
    (center ??= new SimulatedCenter({
      seed,
      agents: Number.isFinite(opts.agents) ? Math.max(0, Math.floor(opts.agents)) : 0,
      incidents: opts.incidents,
    }))

  return {
    at(t: number): ModelState {
      if (last !== null && t <= lastAt) return last
      const when = Math.max(t, opts.startAt)
      const e = model()
      e.runUntil(when - origin)
      const state = readState(e, origin, when - origin, seed)
      last = { ...state, incidents: state.incidents ?? [] }
      lastAt = when
      return last
    },
    plannedIncidents(): PlannedIncident[] {
      return model()
        .plannedIncidents()
        .map((p) => ({
          id: p.id,
          kind: p.kind,
          dueAt: origin + p.at,
          durationSec: Math.round(p.durationMs / 1000),
          queueId: p.kind === 'queue_backup' ? (SOURCES[p.source]?.id ?? null) : null,
        }))
    },
  }
}
