import { describe, expect, it } from 'vitest'
import { formatConfigIssue, validateConfig, validateConfigKeepingValid } from './config'

const rule = (escalation: unknown, id = 'r1') => ({
  id,
  name: 'Waiting',
  entity: 'queue',
  field: 'waiting',
  op: '>',
  warn: 5,
  escalation,
})
const HOOKS = [{ id: 'ops', name: 'Ops channel', kind: 'slack' }]

function problems(doc: unknown): string[] {
  const r = validateConfig(doc)
  return r.ok ? [] : r.issues.map(formatConfigIssue)
}

describe('config: escalation ladders and webhooks', () => {
  it('takes a ladder and webhooks, defaulting agentNames to off', () => {
    const r = validateConfig({
      connections: [],
      webhooks: HOOKS,
      rules: [
        rule([
          { afterSec: 0, channel: 'tray' },
          { afterSec: 60, channel: 'notification' },
          { afterSec: 120, channel: 'sound', repeatEverySec: 30 },
          { afterSec: 300, channel: 'webhook', webhook: 'ops', repeatEverySec: 600 },
        ]),
      ],
      prefs: {
        alerts: { escalation: { critical: [{ afterSec: 180, channel: 'webhook', webhook: 'ops' }] } },
      },
    })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.config.webhooks).toEqual([{ id: 'ops', name: 'Ops channel', kind: 'slack', agentNames: false }])
    expect(r.config.rules[0]!.escalation).toHaveLength(4)
    expect(r.config.prefs.alerts?.escalation?.critical).toEqual([
      { afterSec: 180, channel: 'webhook', webhook: 'ops' },
    ])
  })

  it('a config without webhooks or ladders reads as before', () => {
    const r = validateConfig({ connections: [], rules: [rule(undefined)] })
    expect(r.ok && r.config.webhooks).toBeUndefined()
    expect(r.ok && r.config.rules[0]!.escalation).toBeUndefined()
  })

  it('names the rule, the step and the reason for a bad step', () => {
    expect(problems({ webhooks: HOOKS, rules: [rule([{ afterSec: 10, channel: 'webhook' }])] })).toEqual([
      'rule "r1", field "escalation[0].webhook": a webhook step needs the id of a webhook (rules[0].escalation[0].webhook)',
    ])
    expect(problems({ rules: [rule([{ afterSec: 10, channel: 'sound', webhook: 'ops' }])] })).toEqual([
      'rule "r1", field "escalation[0].webhook": only webhook steps name a webhook, not sound (rules[0].escalation[0].webhook)',
    ])
    expect(problems({ rules: [rule([{ afterSec: 10, channel: 'pager' }])] })[0]).toContain(
      'must be one of tray, notification, sound, webhook',
    )
    expect(problems({ rules: [rule([{ afterSec: -1, channel: 'tray' }])] })[0]).toContain('must be 0 or more')
    expect(problems({ rules: [rule([{ afterSec: 10, channel: 'tray', after: 3 }])] })[0]).toContain(
      'unknown key "after"',
    )
    expect(
      problems({
        rules: [
          rule([
            { afterSec: 60, channel: 'tray' },
            { afterSec: 30, channel: 'sound' },
          ]),
        ],
      }),
    ).toEqual([
      'rule "r1", field "escalation[1].afterSec": steps go in order of time: 30 s comes before the step above (60 s) (rules[0].escalation[1].afterSec)',
    ])
    expect(
      problems({
        webhooks: HOOKS,
        rules: [rule([{ afterSec: 0, channel: 'webhook', webhook: 'ops', repeatEverySec: 10 }])],
      }),
    ).toEqual([
      'rule "r1", field "escalation[0].repeatEverySec": a webhook step repeats at most every 60 seconds (rules[0].escalation[0].repeatEverySec)',
    ])
  })

  it('refuses a step naming a webhook that is not defined, in a rule and in the prefs', () => {
    expect(problems({ rules: [rule([{ afterSec: 10, channel: 'webhook', webhook: 'nope' }])] })).toEqual([
      'rule "r1", field "escalation[0].webhook": no webhook with id "nope" (define it under "webhooks") (rules[0].escalation[0].webhook)',
    ])
    const kept = validateConfigKeepingValid({
      rules: [],
      prefs: { alerts: { escalation: { warning: [{ afterSec: 10, channel: 'webhook', webhook: 'nope' }] } } },
    })
    expect(kept.ok && kept.issues.map(formatConfigIssue)).toEqual([
      'field "escalation[0].webhook": no webhook with id "nope" (define it under "webhooks") (prefs.alerts.escalation.warning[0].webhook)',
    ])
    expect(kept.ok && kept.config.prefs.alerts?.escalation).toEqual({})
  })

  it('checks webhook definitions: kind, duplicate ids, and never a URL', () => {
    expect(problems({ webhooks: [{ id: 'a', name: 'A', kind: 'discord' }] })[0]).toContain(
      'must be one of slack, teams, generic',
    )
    expect(
      problems({
        webhooks: [
          { id: 'a', name: 'A', kind: 'slack' },
          { id: 'a', name: 'B', kind: 'teams' },
        ],
      }),
    ).toEqual(['field "id": duplicate webhook id "a" (webhooks[1].id)'])
    expect(
      problems({ webhooks: [{ id: 'a', name: 'A', kind: 'slack', url: 'https://hooks.slack.com/x' }] }),
    ).toEqual(['field "url": unknown key "url" (check the spelling) (webhooks[0].url)'])
  })
})
