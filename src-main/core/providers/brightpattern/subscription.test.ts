import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { brightPatternOptions } from '../../../../src-shared/providers/brightpattern'
import { buildSubscription, subscriptionBody } from './subscription'

interface Column {
  id: string
  stat_name: string
}
interface Grid {
  id: string
  columns: Column[]
  order_by: string
  order_dir: string
  limit: string
  logged_in_agents_only?: string
  team_ids?: string[]
}
interface Section {
  stats_totals: string[]
  service_grids: Grid[]
  agent_grids: Grid[]
  chat_messages?: { filter: string; limit: string }
}

const defaults = brightPatternOptions.parse({})

describe('buildSubscription / subscriptionBody', () => {
  it('asks by default for the agent grid, the service grid, agent totals and 50 chat messages', () => {
    const body = JSON.parse(subscriptionBody(buildSubscription(defaults))) as Record<string, Section>
    expect(Object.keys(body)).toEqual(['floorwalker'])
    const s = body['floorwalker'] as Section
    expect(s.stats_totals).toEqual(['agents_logged', 'agents_ready', 'agents_busy'])
    expect(s.agent_grids[0]?.columns.map((c) => c.stat_name)).toEqual([
      'login_id',
      'first_last_name',
      'acd_state',
      'reason',
      'state_duration',
      'team_name',
    ])
    expect(s.service_grids[0]?.columns.map((c) => c.stat_name)).toEqual([
      'name',
      'in_calls_waiting',
      'in_max_wait_time',
      'service_level',
    ])
    expect(s.agent_grids[0]).toMatchObject({ order_by: 'login_id', order_dir: 'ASC', limit: '1000' })
    expect(s.agent_grids[0]?.logged_in_agents_only).toBe('false')
    expect(s.agent_grids[0]?.team_ids).toBeUndefined()
    expect(s.service_grids[0]).toMatchObject({ order_by: 'name', order_dir: 'ASC', limit: '1000' })
    expect(s.chat_messages).toEqual({ filter: '', limit: '50' })
  })

  it('matches the sample request of docs/vendors/brightpattern.md §3.1 when configured like it', () => {
    const options = brightPatternOptions.parse({
      totals: ['agents_logged', 'agents_ready', 'in_calls_waiting', 'in_max_wait_time', 'service_level'],
      serviceColumns: [
        'agents_logged',
        'agents_busy',
        'in_calls_received_per_day',
        'in_calls_abandoned_total_per_day',
      ],
      teamIds: ['D0EDDCF1-EBAD-4B2E-9E15-758C87B0CA38'],
      chatMessageLimit: 20,
    })
    const ours = Object.values(
      JSON.parse(subscriptionBody(buildSubscription(options))) as Record<string, Section>,
    )[0]
    const reference = JSON.parse(
      readFileSync(new URL('./fixtures/reference-subscription.json', import.meta.url), 'utf8'),
    ) as Record<string, Section>
    const ref = reference['sup'] as Section
    const stats = (g: Grid | undefined) => g?.columns.map((c) => c.stat_name)
    expect(ours?.stats_totals).toEqual(ref.stats_totals)
    expect(stats(ours?.service_grids[0])).toEqual(stats(ref.service_grids[0]))
    expect(stats(ours?.agent_grids[0])).toEqual(stats(ref.agent_grids[0]))
    expect(ours?.agent_grids[0]?.team_ids).toEqual(ref.agent_grids[0]?.team_ids)
    expect(ours?.agent_grids[0]?.logged_in_agents_only).toBe(ref.agent_grids[0]?.logged_in_agents_only)
    expect(ours?.chat_messages).toEqual(ref.chat_messages)
    expect(Object.keys(ours ?? {}).sort()).toEqual(Object.keys(ref).sort())
  })

  it('adds user columns once each and leaves chat messages out at limit 0', () => {
    const spec = buildSubscription(
      brightPatternOptions.parse({
        agentColumns: ['login_time', 'acd_state', 'login_time'],
        totals: ['service_level', 'service_level'],
        chatMessageLimit: 0,
      }),
    )
    expect(spec.agentGrid.columns.map((c) => c.stat)).toEqual([
      'login_id',
      'first_last_name',
      'acd_state',
      'reason',
      'state_duration',
      'team_name',
      'login_time',
    ])
    expect(spec.totals).toEqual(['service_level'])
    const body = JSON.parse(subscriptionBody(spec)) as Record<string, Section>
    expect(body['floorwalker']?.chat_messages).toBeUndefined()
  })

  it('rejects option typos and bad statistic names (strict options)', () => {
    expect(brightPatternOptions.safeParse({ agentColums: [] }).success).toBe(false)
    expect(brightPatternOptions.safeParse({ totals: ['agents logged'] }).success).toBe(false)
    expect(brightPatternOptions.safeParse({ stateMap: { Lunch: 'on_break' } }).success).toBe(false)
    expect(brightPatternOptions.parse({ stateMap: { Lunch: 'not_ready' } }).stateMap).toEqual({
      Lunch: 'not_ready',
    })
  })
})
