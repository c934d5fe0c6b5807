/**
 * The Bright Pattern adapter (docs/ARCHITECTURE.md §3.2): the client's state machine gives data bodies, parse
 * turns them into a snapshot. 204 "data not ready" is a `warming_up` snapshot with an early re-poll
 * (docs/vendors/brightpattern.md §5).
 */
import type { ProviderSnapshot, SnapshotHealth } from '../../../../src-shared/model'
import type { BrightPatternOptions } from '../../../../src-shared/providers/brightpattern'
import type { PollResult, ProviderContext, ProviderExtras, ProviderFactory } from '../types'
import { BrightPatternClient } from './client'
import { parseSubscriptionData, stateTable, type ParsedData } from './parse'
import { buildSubscription } from './subscription'

/**
 * Re-poll sooner while the server prepares the first data (sample clients poll every 1–5 s,
 * docs/vendors/brightpattern.md §8).
 */
const WARMING_REPOLL_MS = 2_000

function snapshot(
  ctx: ProviderContext,
  asOf: number,
  health: SnapshotHealth,
  data: ParsedData | null,
): ProviderSnapshot {
  return {
    connection: ctx.config.id,
    provider: 'brightpattern',
    asOf,
    health,
    agents: data?.agents ?? [],
    queues: data?.queues ?? [],
    chatRooms: [],
    chatMessages: data?.chatMessages ?? [],
    metrics: data?.metrics ?? [],
    warnings: data?.warnings ?? [],
  }
}

export const createBrightPatternAdapter: ProviderFactory = (ctx) => {
  const options = ctx.config.options as BrightPatternOptions
  const spec = buildSubscription(options)
  const states = stateTable(options.stateMap)
  const base = ctx.config.baseUrl
  const client = base ? new BrightPatternClient(ctx, base, options, spec) : null
  const noBase: PollResult = {
    ok: false,
    failure: { code: 'config', terminal: true, detail: 'the tenant URL (baseUrl) is missing' },
  }

  return {
    async poll(signal) {
      if (!client) return noBase
      // A subscription replaced by another client of the same user answers with its data: subscribe again
      // once within this poll (docs/vendors/brightpattern.md §6.2).
      for (let attempt = 0; ; attempt++) {
        const read = await client.cycle(signal)
        if (!read.ok) return { ok: false, failure: read.error }
        const r = read.value
        if (r.kind === 'warming') {
          return {
            ok: true,
            snapshot: snapshot(ctx, r.asOf, 'warming_up', null),
            pollAgainInMs: Math.min(WARMING_REPOLL_MS, ctx.config.pollSeconds * 1000),
          }
        }
        const parsed = parseSubscriptionData(r.body, spec, {
          asOf: r.asOf,
          stateTable: states,
          services: options.services,
        })
        if (parsed.ok) {
          return {
            ok: true,
            snapshot: snapshot(ctx, r.asOf, parsed.data.partial ? 'partial' : 'ok', parsed.data),
          }
        }
        if (parsed.reason === 'foreign' && attempt === 0) {
          ctx.log.warn('Bright Pattern returned another subscription’s data; subscribing again', {
            detail: parsed.detail,
          })
          client.markSubscriptionLost()
          continue
        }
        const detail =
          parsed.reason === 'foreign'
            ? `${parsed.detail}: another client using the same Bright Pattern user keeps replacing this subscription; give each desktop its own API user`
            : parsed.detail
        return { ok: false, failure: { code: 'bad_response', status: 200, detail } }
      }
    },

    async extras(signal): Promise<ProviderExtras[]> {
      if (!client) return []
      const d = await client.dispositions(signal)
      if (!d.ok) return [{ title: `Dispositions (could not be read: ${d.error.detail})`, items: [] }]
      return [{ title: 'Dispositions', items: d.value }]
    },

    async dispose() {
      await client?.release()
    },
  }
}
