/**
 * The built-in `simulator` provider (docs/vendors/simulator.md): no network, no credentials. One seeded
 * simulated contact center per adapter whose day follows the wall clock in the connection's time zone (or
 * replays a reference day from `startTime`, simulator/business-clock.ts); each poll reads it at the injected
 * clock's now, and the day so far is offered to the history as a backfill.
 */
import type { Metric, MetricKind, ProviderSnapshot } from '../../../../src-shared/model'
import { simulatorOptions } from '../../../../src-shared/providers/simulator'
import { calendarFor } from '../../simulator/business-clock'
import { createSimulator, type ModelState, type ModelledContactCenter } from '../../simulator/model'
import type { SimulatorSample } from '../../simulator/types'
import type { PollResult, ProviderExtras, ProviderFactory } from '../types'

export const createSimulatorAdapter: ProviderFactory = (ctx) => {
  const parsed = simulatorOptions.safeParse(ctx.config.options)
  if (!parsed.success) {
    const detail = `simulator: invalid options: ${parsed.error.issues
      .map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`)
      .join('; ')}`
    return {
      poll: async () => ({ ok: false, failure: { code: 'config', detail, terminal: true } }),
    }
  }
  const options = parsed.data
  const calendar = calendarFor(options, ctx.clock.now())
  if (typeof calendar === 'string') {
    return {
      poll: async () => ({ ok: false, failure: { code: 'config', detail: calendar, terminal: true } }),
    }
  }
  const sim: ModelledContactCenter = createSimulator({ ...options, calendar })
  const log = ctx.log.child('simulator')
  log.debug('created', {
    seed: options.seed,
    agents: options.agents,
    incidents: options.incidents,
    calendar: calendar.description,
  })

  // The catch-up from midnight and the day so far for 2,000 agents take seconds of CPU: with the runtime's
  // LoopYield the model is run in steps and the process answers between them (docs/vendors/simulator.md §8). The
  // live model is read by nothing else meanwhile (a poll or the details wait for it), so the samples and the state
  // are those of one run.
  const turn = ctx.loopYield ?? null
  let catchingUp: Promise<unknown> | null = null

  return {
    async poll(signal: AbortSignal): Promise<PollResult> {
      if (catchingUp) await catchingUp
      if (signal.aborted)
        return { ok: false, failure: { code: 'timeout', detail: 'simulator: poll cancelled' } }
      const now = ctx.clock.now()
      return { ok: true, snapshot: toSnapshot(ctx.config.id, sim.at(now), sim.businessTime(now).label) }
    },

    async backfill(sinceMs: number, stepMs: number) {
      while (catchingUp) await catchingUp
      const now = ctx.clock.now()
      if (turn === null) {
        const samples = sim.history(now, sinceMs, stepMs)
        log.debug('the day so far, for the history', { samples: samples.length })
        return samples
      }
      const run = (async () => {
        const samples: SimulatorSample[] = []
        for (const s of sim.historySteps(now, sinceMs, stepMs)) {
          if (s !== null) samples.push(s)
          await turn()
        }
        return samples
      })()
      catchingUp = run.catch(() => undefined)
      try {
        const samples = await run
        log.debug('the day so far, for the history', { samples: samples.length })
        return samples
      } finally {
        catchingUp = null
      }
    },

    async past(from: number, to: number, stepMs: number) {
      // A model of its own: the live one stays where the polls left it. Days are modelled from their own
      // midnight, so a past day costs one day's simulation.
      const other = createSimulator({ ...options, calendar })
      const step = Math.max(1000, Math.floor(stepMs))
      const end = Math.min(to, ctx.clock.now())
      const samples = []
      for (let t = Math.ceil(from / step) * step; t < end; t += step) {
        samples.push(other.sample(t))
        if (turn) await turn()
      }
      log.debug('a past span, for the history days', { from, to, samples: samples.length })
      return samples
    },

    async extras(): Promise<ProviderExtras[]> {
      if (catchingUp) await catchingUp
      const now = ctx.clock.now()
      const state = sim.at(now)
      const clock = sim.businessTime(now)
      const perGroup = state.groups.map((g) => {
        const n = state.agents.filter((a) => a.groupIds.includes(g.id)).length
        return `${g.name} (group ${g.id}): ${n} agents`
      })
      return [
        {
          title: 'Simulated contact center',
          items: [
            `Business time ${clock.label} on ${clock.day.label} (${calendar.description})`,
            `Seed ${options.seed}, ${options.agents} agents, incidents ${options.incidents ? 'on' : 'off'}`,
            ...perGroup,
            ...state.queues.map((q) => `Queue ${q.name} (${q.id}, ${q.media ?? 'other'})`),
            ...state.chatRooms.map((r) => `Chat room ${r.name} (${r.id})`),
          ],
        },
      ]
    },
  }
}

/**
 * The simulator's state as a snapshot (docs/ARCHITECTURE.md §4), plus totals and active incidents as metrics.
 */
export function toSnapshot(connection: string, state: ModelState, businessTime: string): ProviderSnapshot {
  return {
    connection,
    provider: 'simulator',
    asOf: state.asOf,
    health: 'ok',
    agents: state.agents,
    queues: state.queues,
    chatRooms: state.chatRooms,
    chatMessages: state.chatMessages,
    metrics: metricsOf(state, businessTime),
    warnings: [],
  }
}

function metricsOf(state: ModelState, businessTime: string): Metric[] {
  const asOf = state.asOf
  const metric = (
    key: string,
    name: string,
    kind: MetricKind,
    value: number | string,
    category: Metric['category'] = null,
  ): Metric => ({
    key,
    metricId: key.slice(key.lastIndexOf(':') + 1),
    name,
    category,
    kind,
    status: 'ok',
    value,
    live: null,
    updatedAt: asOf,
    raw: { simulated: true },
  })
  let loggedIn = 0
  let available = 0
  let busy = 0
  let wrapUp = 0
  let notReady = 0
  for (const a of state.agents) {
    if (a.state !== 'logged_out') loggedIn++
    if (a.state === 'available') available++
    else if (a.state === 'busy' || a.state === 'offered') busy++
    else if (a.state === 'wrap_up') wrapUp++
    else if (a.state === 'not_ready' || a.state === 'offline_work') notReady++
  }
  let waiting = 0
  let longest = 0
  let answered = 0
  let abandoned = 0
  for (const q of state.queues) {
    waiting += q.waiting ?? 0
    // Email waits are hours by nature; the headline longest wait is about callers and chatters.
    if (q.media !== 'email') longest = Math.max(longest, q.longestWaitSec ?? 0)
    answered += q.today?.answered ?? 0
    abandoned += q.today?.abandoned ?? 0
  }
  for (const r of state.chatRooms) {
    waiting += r.waitingChats ?? 0
    longest = Math.max(longest, r.maxWaitNowSec ?? 0)
    answered += r.today?.answered ?? 0
    abandoned += r.today?.missed ?? 0
  }
  return [
    metric('totals:agents_logged_in', 'Agents logged in', 'count', loggedIn),
    metric('totals:agents_available', 'Agents available', 'count', available),
    metric('totals:agents_busy', 'Agents busy', 'count', busy),
    metric('totals:agents_wrap_up', 'Agents in wrap-up', 'count', wrapUp),
    metric('totals:agents_not_ready', 'Agents not ready', 'count', notReady),
    metric('totals:contacts_waiting', 'Contacts waiting', 'count', waiting),
    metric('totals:longest_wait', 'Longest wait (calls and chats)', 'duration', longest),
    metric('totals:answered_today', 'Answered today', 'count', answered),
    metric('totals:abandoned_today', 'Abandoned today', 'count', abandoned),
    metric('sim:business_time', 'Simulated time of day', 'string', businessTime),
    metric('sim:incidents_active', 'Incidents under way', 'count', state.incidents.length),
    ...state.incidents.map((i) =>
      metric(`sim:incident:${i.id}`, `Incident: ${i.kind.replace('_', ' ')}`, 'string', i.targetId, {
        type: 'incident',
        value: i.kind,
      }),
    ),
  ]
}
