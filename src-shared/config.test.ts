import { describe, expect, it } from 'vitest'
import { demoConfig, formatConfigIssue, parseConfigText, validateConfig, validateConnection } from './config'

const messages = (raw: unknown) => {
  const r = validateConfig(raw)
  return r.ok ? [] : r.issues.map(formatConfigIssue)
}

describe('config validation', () => {
  it('accepts the DESIGN §5 example and fills defaults', () => {
    const r = validateConfig({
      connections: [
        {
          id: 'eu-voice',
          label: 'EU voice',
          provider: '8x8',
          baseUrl: 'https://vcc-na7.8x8.com/api/rtstats/',
          username: 'acme',
          secretEnv: 'EU_VOICE_TOKEN',
          pollSeconds: 10,
          options: {},
        },
      ],
      rules: [
        {
          id: 'sales-wait',
          name: 'Sales: longest wait',
          entity: 'queue',
          connection: 'eu-voice',
          ids: ['115'],
          field: 'longestWaitSec',
          op: '>',
          warn: 60,
          critical: 120,
          clearBelow: 45,
          forSec: 20,
          notify: ['desktop', 'tray', 'sound'],
        },
      ],
    })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const c = r.config.connections[0]!
    expect(c.baseUrl).toBe('https://vcc-na7.8x8.com/api/rtstats')
    expect(c.options).toEqual({ format: 'json' })
    expect(c.enabled).toBe(true)
    expect(r.config.prefs).toEqual({ theme: 'system', language: 'en' })
  })

  it('names the connection and the field for an unknown provider', () => {
    expect(messages({ connections: [{ id: 'x', provider: 'avaya', baseUrl: 'https://a.b' }] })).toEqual([
      'connection "x", field "provider": must be one of giosg, brightpattern, thulium, 8x8, chronicall, simulator (connections[0].provider)',
    ])
  })

  it('names the connection and the field for a missing baseUrl', () => {
    const m = messages({ connections: [{ id: 'bp', provider: 'brightpattern', username: 'c' }] })
    expect(m).toHaveLength(1)
    expect(m[0]).toMatch(/^connection "bp", field "baseUrl": required for provider brightpattern/)
  })

  it('names the connection and the field for a negative pollSeconds', () => {
    expect(messages({ connections: [{ id: 'sim', provider: 'simulator', pollSeconds: -5 }] })).toEqual([
      'connection "sim", field "pollSeconds": must be greater than 0 (connections[0].pollSeconds)',
    ])
  })

  it('rejects unknown keys, in the connection and in provider options, so typos never pass', () => {
    const m = messages({
      connections: [
        { id: 'g', provider: 'giosg', pollSecs: 5, options: { timezone: 'Europe/Helsinki', roomIDs: ['1'] } },
      ],
    })
    expect(m).toEqual(['connection "g", field "pollSecs": unknown key "pollSecs" (check the spelling) (connections[0].pollSecs)'])
    const m2 = messages({ connections: [{ id: 'g', provider: 'giosg', options: { roomIDs: ['1'] } }] })
    expect(m2).toEqual([
      'connection "g", field "options.roomIDs": unknown key "roomIDs" (check the spelling) (connections[0].options.roomIDs)',
    ])
  })

  it('raises pollSeconds to the vendor minimum and remembers what was asked', () => {
    const r = validateConnection({ id: 'e', provider: '8x8', baseUrl: 'https://x.y/api/rtstats', username: 't', pollSeconds: 2 })
    expect(r.ok && r.connection.pollSeconds).toBe(10)
    expect(r.ok && r.connection.requestedPollSeconds).toBe(2)
  })

  it('rejects duplicate connection ids and rules pointing at unknown connections', () => {
    const m = messages({
      connections: [
        { id: 'a', provider: 'simulator' },
        { id: 'a', provider: 'simulator' },
      ],
      rules: [{ id: 'r', name: 'R', entity: 'queue', connection: 'nope', field: 'waiting', op: '>', warn: 3 }],
    })
    expect(m).toContain('connection "a", field "id": duplicate connection id "a" (connections[1].id)')
    expect(m).toContain('rule "r", field "connection": no connection with id "nope" (rules[0].connection)')
  })

  it('checks rules: field per entity, levels in order, hysteresis on the right side', () => {
    const m = messages({
      rules: [
        { id: 'f', name: 'F', entity: 'queue', field: 'waitingChats', op: '>', warn: 1 },
        { id: 'o', name: 'O', entity: 'queue', field: 'waiting', op: '>', warn: 10, critical: 5 },
        { id: 'h', name: 'H', entity: 'queue', field: 'serviceLevelPct', op: '<', warn: 80, clearAbove: 70 },
        { id: 'n', name: 'N', entity: 'queue', field: 'waiting', op: '>' },
      ],
    })
    expect(m).toHaveLength(4)
    expect(m[0]).toMatch(/rule "f", field "field": "waitingChats" is not a field of queue/)
    expect(m[1]).toMatch(/rule "o", field "critical": critical must be at or above warn/)
    expect(m[2]).toMatch(/rule "h", field "clearAbove"/)
    expect(m[3]).toMatch(/rule "n", field "warn": a rule needs a warn level/)
  })

  it('reports JSON syntax errors as issues, never throws', () => {
    const r = parseConfigText('{"connections": [}')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.issues[0]!.message).toMatch(/^not valid JSON/)
    expect(validateConfig(null).ok).toBe(false)
    expect(validateConfig({ connections: 'x' }).ok).toBe(false)
  })

  it('has a demo config on the simulator', () => {
    expect(demoConfig().connections.map((c) => c.provider)).toEqual(['simulator'])
  })
})
