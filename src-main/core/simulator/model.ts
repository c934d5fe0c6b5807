/**
 * The built-in simulated contact center (docs/vendors/simulator.md): the embedded demo and the data behind
 * every sandbox server.
 *
 * - Follows a calendar (business-clock.ts): by default the supervisor's wall clock, so the center is busy at
 *   10:00 and quiet at 03:00. Each business day is modelled from its local midnight with randomness keyed by
 *   (seed, date): the state at an instant depends only on the options and the instant, so a restart resumes the
 *   same floor, counters and incidents included. The first read of a day catches up from midnight (about 50 ms
 *   for the demo floor, docs/BENCHMARKS.md); at midnight the next day takes over.
 * - Deterministic: the same options and the same instants give deep-equal states, whichever instants were asked
 *   before.
 * - Layout (floor-plan.ts): queues Sales "115" (voice), Support "116" (voice), Email "117", Chat "118" (media
 *   chat); chat rooms "Web shop chat" and "Help center chat" (UUID ids); groups "1" Sales team, "2" Support team,
 *   "3" Digital team; agent ids "1001", "1002", ...
 * - Incidents (`incidents: true`, the default). Every day opens the same way so tests and demos can count on it:
 *   at 09:13 the next free agent starts a "Break" of 28–38 min (not_ready past 20 min from about 09:33); at 09:33
 *   the Support queue "116" backs up for 15 min (arrivals ×3–4, callers hold on up to 8 min), so its longest wait
 *   passes 120 s within minutes. After that, until 18:00, one incident every 35–75 min, alternating kinds, on
 *   Sales, Support or Chat, different each day. `state.incidents` lists the ones under way.
 * - Without incidents, no not_ready stint reaches 20 min (planned breaks are at most 19 min) and no call or chat
 *   waits more than 110 s (everyone's patience runs out by then): threshold alerts stay quiet.
 */
import { businessTimeIn, type BusinessTime, type SimDay } from './business-clock'
import { SimulatedCenter, type IncidentKind } from './simulated-center'
import { SOURCES } from './floor-plan'
import type {
  SimulatedContactCenter,
  SimulatedIncident,
  SimulatorOptions,
  SimulatorSample,
  SimulatorState,
} from './types'
import { readSample, readState } from './view'

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
  /**
   * Move to `t` (as {@link at} would) and return the trend figures every `stepMs` on the way, from `sinceMs` but
   * not before the start of `t`'s business day nor before the last instant read (time only moves forward). The
   * instants are whole multiples of `stepMs`, before `t`.
   */
  history(t: number, sinceMs: number, stepMs: number): SimulatorSample[]
  /**
   * {@link history} in steps, for a caller that gives the event loop a turn between them: each sample as it is read,
   * and `null` after each stretch of the catch-up before the first one (at most {@link CATCH_UP_STRETCH_MS} of
   * the simulated day). Drained to its end, the model is where {@link history} leaves it and the samples are its
   * samples; the model must not be read otherwise until then.
   */
  historySteps(t: number, sinceMs: number, stepMs: number): Generator<SimulatorSample | null, void>
  /**
   * The trend figures at `t`, moving the model forward to it (a new day starts from its own midnight). For a model
   * of its own reading a past span in order; a poll's model is read with `at`.
   */
  sample(t: number): SimulatorSample
  /** The incidents planned for the business day `t` falls in. */
  plannedIncidents(t: number): PlannedIncident[]
  /** The simulated wall clock at `t`. */
  businessTime(t: number): BusinessTime
}

/** The longest stretch of simulated time {@link ModelledContactCenter.historySteps} runs between two steps: ms. */
export const CATCH_UP_STRETCH_MS = 60_000

export function createSimulator(opts: SimulatorOptions): ModelledContactCenter {
  const agents = Number.isFinite(opts.agents) ? Math.max(0, Math.floor(opts.agents)) : 0
  const build = (day: SimDay) =>
    new SimulatedCenter({ seed: opts.seed, agents, incidents: opts.incidents, day })
  let day: SimDay | null = null
  let center: SimulatedCenter | null = null
  let last: ModelState | null = null
  let lastAt = -Infinity

  /** The center of `t`'s day, moved to `t`. A new day starts from its own midnight: the old one is dropped. */
  const moveTo = (t: number): { day: SimDay; center: SimulatedCenter } => {
    if (day === null || center === null || t >= day.end) {
      day = opts.calendar.dayAt(t)
      center = build(day)
    }
    center.runUntil(t - day.start)
    return { day, center }
  }

  const sim: ModelledContactCenter = {
    at(t: number): ModelState {
      if (last !== null && t <= lastAt) return last
      const m = moveTo(t)
      const state = readState(m.center, m.day.start, t - m.day.start, opts.seed)
      last = { ...state, incidents: state.incidents ?? [] }
      lastAt = t
      return last
    },
    history(t: number, sinceMs: number, stepMs: number): SimulatorSample[] {
      const samples: SimulatorSample[] = []
      for (const s of sim.historySteps(t, sinceMs, stepMs)) if (s !== null) samples.push(s)
      return samples
    },
    *historySteps(t: number, sinceMs: number, stepMs: number): Generator<SimulatorSample | null, void> {
      if (last !== null && t <= lastAt) return
      const step = Math.max(1000, Math.floor(stepMs))
      const start = opts.calendar.dayAt(t).start
      const from = Math.max(sinceMs, start, lastAt + 1)
      const first = Math.ceil(from / step) * step
      // The catch-up to the first sample (from midnight, or from where the model was), in stretches: a state depends
      // only on the instant, not on the instants asked before, so the stretches end where one run would.
      if (first < t) {
        const d = opts.calendar.dayAt(first)
        const at = day !== null && day.start === d.start && center !== null ? day.start + center.now : d.start
        for (let c = Math.max(at, d.start) + CATCH_UP_STRETCH_MS; c < first; c += CATCH_UP_STRETCH_MS) {
          moveTo(c)
          yield null
        }
      }
      for (let s = first; s < t; s += step) {
        const m = moveTo(s)
        yield readSample(m.center, m.day.start, s - m.day.start)
      }
      sim.at(t)
    },
    sample(t: number): SimulatorSample {
      const m = moveTo(t)
      return readSample(m.center, m.day.start, t - m.day.start)
    },
    plannedIncidents(t: number): PlannedIncident[] {
      const d = opts.calendar.dayAt(t)
      const c = day !== null && center !== null && day.start === d.start ? center : build(d)
      return c.plannedIncidents().map((p) => ({
        id: p.id,
        kind: p.kind,
        dueAt: d.start + p.at,
        durationSec: Math.round(p.durationMs / 1000),
        queueId: p.kind === 'queue_backup' ? (SOURCES[p.source]?.id ?? null) : null,
      }))
    },
    businessTime(t: number): BusinessTime {
      const d = day !== null && t >= day.start && t < day.end ? day : opts.calendar.dayAt(t)
      return businessTimeIn(d, t)
    },
  }
  return sim
}
