/**
 * The 8x8 Contact Center adapter (docs/vendors/8x8.md §8): each cycle GETs all agents, then all queues, and
 * maps them into one snapshot. Either list failing fails the cycle: a board never mixes lists from different
 * moments.
 */
import type { ProviderSnapshot } from '../../../../src-shared/model'
import type { EightByEightOptions } from '../../../../src-shared/providers/eightbyeight'
import { redactUrl } from '../../http/failures'
import type { PollResult, ProviderFactory, ProviderFailure } from '../types'
import { createEightByEightClient, type EightByEightList, type FetchListResult } from './client'
import { parseAgents, parseQueues } from './parse'

/**
 * 8x8 answers from a cache refreshed every 10 s (docs/vendors/8x8.md §6.1): asking sooner cannot give newer
 * data, so a poll within 10 s of the last good one (an on-demand refresh, say) returns that snapshot without
 * a request.
 */
export const MIN_FETCH_INTERVAL_MS = 10_000

export const createEightByEightAdapter: ProviderFactory = (ctx) => {
  const { config } = ctx
  const options = config.options as Partial<EightByEightOptions>
  const format = options.format === 'xml' ? 'xml' : 'json'
  let last: { at: number; snapshot: ProviderSnapshot } | null = null

  const preflight = (): ProviderFailure | null => {
    if (config.baseUrl === null) {
      return {
        code: 'config',
        terminal: true,
        detail: 'No cluster URL set (e.g. https://vcc-na7.8x8.com/api/rtstats).',
      }
    }
    if (config.username === null) return { code: 'config', terminal: true, detail: 'No 8x8 tenant name set.' }
    if (ctx.secret === null || ctx.secret === '') {
      return { code: 'auth', terminal: true, detail: 'No 8x8 data request token is set for this connection.' }
    }
    return null
  }

  const unreadable = (
    list: EightByEightList,
    res: { status: number; url: string },
    reason: string,
  ): PollResult => ({
    ok: false,
    failure: {
      code: 'bad_response',
      status: res.status,
      detail: `8x8 sent an unreadable ${list} list from ${redactUrl(res.url)}: ${reason}`,
    },
  })

  return {
    async poll(signal) {
      const started = ctx.clock.now()
      if (last !== null && started >= last.at && started - last.at < MIN_FETCH_INTERVAL_MS) {
        return { ok: true, snapshot: last.snapshot }
      }
      const problem = preflight()
      if (problem !== null) return { ok: false, failure: problem }
      const client = createEightByEightClient({
        baseUrl: config.baseUrl ?? '',
        tenant: config.username ?? '',
        token: ctx.secret ?? '',
        format,
        http: ctx.http,
        clock: ctx.clock,
        log: ctx.log,
      })

      const agentsRes: FetchListResult = await client.fetchList('agents', signal)
      if (!agentsRes.ok) return agentsRes
      // Data time is our clock at arrival: time-in-status is relative, so it needs no vendor clock, and a vendor
      // clock off by minutes can neither age the data nor make it come from the future (docs/ARCHITECTURE.md §3.2).
      const asOf = ctx.clock.now()
      const agents = parseAgents(agentsRes.body, asOf)
      if (!agents.ok) return unreadable('agents', agentsRes, agents.reason)

      const queuesRes = await client.fetchList('queues', signal)
      if (!queuesRes.ok) return queuesRes
      const queues = parseQueues(queuesRes.body)
      if (!queues.ok) return unreadable('queues', queuesRes, queues.reason)

      const snapshot: ProviderSnapshot = {
        connection: config.id,
        provider: '8x8',
        asOf,
        health: 'ok',
        agents: agents.items,
        queues: queues.items,
        chatRooms: [],
        chatMessages: [],
        metrics: [],
        warnings: [...agents.warnings, ...queues.warnings],
      }
      last = { at: started, snapshot }
      ctx.log.debug('8x8 cycle', {
        agents: snapshot.agents.length,
        queues: snapshot.queues.length,
        warnings: snapshot.warnings.length,
      })
      return { ok: true, snapshot }
    },
  }
}
