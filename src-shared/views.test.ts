import { describe, expect, it } from 'vitest'
import { formatConfigIssue, validateConfig, validateConfigKeepingValid, validateSavedView } from './config'
import { findSavedView, viewIdFor, type SavedView } from './views'

const agentsView = (over: Record<string, unknown> = {}) => ({
  id: 'sales-breaks',
  name: 'Sales on break',
  page: 'agents',
  filter: { states: ['not_ready'], team: 'name:Sales team', reason: 'Break' },
  groupBy: 'team',
  sort: { key: 'timeInState', dir: 'desc' },
  ...over,
})
const queuesView = (over: Record<string, unknown> = {}) => ({
  id: 'chat-alerts',
  name: 'Chats in trouble',
  page: 'queues',
  filter: { kind: 'chats', alert: 'alerting' },
  order: 'busiest',
  ...over,
})

function issues(views: unknown): string[] {
  const r = validateConfig({ connections: [], rules: [], views })
  return r.ok ? [] : r.issues.map(formatConfigIssue)
}

describe('saved views in the config', () => {
  it('takes agents and queues views and fills in what they leave out', () => {
    const r = validateConfig({
      connections: [],
      rules: [],
      views: [agentsView(), queuesView({ filter: {} })],
    })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.config.views?.[0]).toEqual({
      id: 'sales-breaks',
      name: 'Sales on break',
      page: 'agents',
      filter: {
        states: ['not_ready'],
        team: 'name:Sales team',
        queue: null,
        connection: null,
        reason: 'Break',
        search: '',
      },
      groupBy: 'team',
      sort: { key: 'timeInState', dir: 'desc' },
    })
    expect(r.config.views?.[1]).toMatchObject({
      page: 'queues',
      filter: { kind: 'all', media: null, connection: null, alert: 'all', search: '' },
      order: 'busiest',
    })
  })

  it('a config without views has none, and keeps saying so (no key is added)', () => {
    const r = validateConfig({ connections: [], rules: [] })
    expect(r.ok && r.config.views).toBeUndefined()
  })

  it('names the view and the field of each mistake', () => {
    expect(issues([agentsView({ groupBy: 'skill' })])).toEqual([
      'view "sales-breaks", field "groupBy": must be one of none, team, connection (views[0].groupBy)',
    ])
    expect(issues([agentsView({ filter: { states: ['lunch'] } })])[0]).toMatch(
      /view "sales-breaks", field "filter.states\[0\]": must be one of available/,
    )
    expect(issues([queuesView({ filter: { media: 'fax' } })])[0]).toMatch(
      /view "chat-alerts", field "filter.media": must be one of voice, chat/,
    )
    expect(issues([queuesView({ filter: { alert: 'red' } })])[0]).toMatch(
      /must be one of all, alerting, critical, quiet/,
    )
    expect(issues([agentsView({ page: 'wallboard' })])[0]).toMatch(/"page" must be one of agents, queues/)
    expect(issues([agentsView({ name: '   ' })])[0]).toMatch(/field "name": must not be empty/)
    expect(issues([agentsView({ id: 'a b' })])[0]).toMatch(/field "id": letters, digits/)
    expect(issues([agentsView({ colour: 'red' })])[0]).toMatch(/field "colour": unknown key "colour"/)
    expect(issues([agentsView({ filter: { team: '' } })])[0]).toMatch(
      /field "filter.team": must not be empty \(use null/,
    )
    expect(issues([agentsView({ columns: ['handled', 'shoeSize'] })])[0]).toMatch(
      /field "columns\[1\]": must be one of handled, rejected, missed, talk, available, wrapUp, avgHandle/,
    )
    expect(issues([agentsView({ columns: ['handled', 'talk', 'available'] })])).toEqual([])
  })

  it('refuses a repeated id, a name used twice on one page and two defaults on one page', () => {
    expect(issues([agentsView(), agentsView({ name: 'Other' })])).toEqual([
      'view "sales-breaks", field "id": duplicate view id "sales-breaks" (views[1].id)',
    ])
    expect(issues([agentsView(), agentsView({ id: 'other', name: 'sales ON break' })])).toEqual([
      'view "other", field "name": another agents view is already called "sales ON break" (views[1].name)',
    ])
    // The same name on the two pages is fine: the page tells them apart.
    expect(issues([agentsView(), queuesView({ name: 'Sales on break' })])).toEqual([])
    expect(
      issues([
        agentsView({ default: true }),
        agentsView({ id: 'b', name: 'B', default: true }),
        queuesView({ default: true }),
      ]),
    ).toEqual(['view "b", field "default": only one agents view can be the default (views[1].default)'])
    expect(issues({})[0]).toMatch(/field "views"/)
  })

  it('the app keeps the valid views of its own settings and reports the others', () => {
    const r = validateConfigKeepingValid({ connections: [], rules: [], views: [agentsView(), { id: 'x' }] })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.config.views?.map((v) => v.id)).toEqual(['sales-breaks'])
    expect(r.issues.length).toBeGreaterThan(0)
    expect(r.issues[0]?.view).toBe('x')
  })

  it('validates one view for the board before saving', () => {
    expect(validateSavedView(queuesView()).ok).toBe(true)
    const bad = validateSavedView(queuesView({ order: 'worst' }))
    expect(bad.ok).toBe(false)
  })
})

describe('finding a saved view for the wallboard', () => {
  const views = [
    {
      ...agentsView(),
      filter: { states: [], team: null, queue: null, connection: null, reason: null, search: '' },
    },
    { ...queuesView(), id: 'sales', name: 'Złote kolejki' },
  ] as SavedView[]
  it('by id first, then by name regardless of case and accents', () => {
    expect(findSavedView(views, 'sales')?.name).toBe('Złote kolejki')
    expect(findSavedView(views, 'sales on BREAK')?.id).toBe('sales-breaks')
    expect(findSavedView(views, 'zlote kolejki')?.id).toBe('sales')
    expect(findSavedView(views, 'nothing')).toBeNull()
  })
  it('makes ids from names, unique among those taken', () => {
    expect(viewIdFor('Sprzedaż – przerwy', new Set())).toBe('sprzedaz-przerwy')
    expect(viewIdFor('Sales', new Set(['sales', 'sales-2']))).toBe('sales-3')
    expect(viewIdFor('!!!', new Set())).toBe('view')
  })
})
