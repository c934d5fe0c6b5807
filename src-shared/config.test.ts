import { describe, expect, it } from 'vitest'
import {
  alertPrefsOf,
  demoConfig,
  formatConfigIssue,
  parseConfigText,
  validateAlertPrefs,
  validateConfig,
  validateConnection,
  validateRule,
} from './config'
import { DEFAULT_RULE_PACK } from './rules/default-pack'

const messages = (raw: unknown) => {
  const r = validateConfig(raw)
  return r.ok ? [] : r.issues.map(formatConfigIssue)
}

describe('config validation', () => {
  it('accepts the docs/ARCHITECTURE.md §5 example and fills defaults', () => {
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
    expect(m).toEqual([
      'connection "g", field "pollSecs": unknown key "pollSecs" (check the spelling) (connections[0].pollSecs)',
    ])
    const m2 = messages({ connections: [{ id: 'g', provider: 'giosg', options: { roomIDs: ['1'] } }] })
    expect(m2).toEqual([
      'connection "g", field "options.roomIDs": unknown key "roomIDs" (check the spelling) (connections[0].options.roomIDs)',
    ])
  })

  it('raises pollSeconds to the vendor minimum and remembers what was asked', () => {
    const r = validateConnection({
      id: 'e',
      provider: '8x8',
      baseUrl: 'https://x.y/api/rtstats',
      username: 't',
      pollSeconds: 2,
    })
    expect(r.ok && r.connection.pollSeconds).toBe(10)
    expect(r.ok && r.connection.requestedPollSeconds).toBe(2)
  })

  it('rejects duplicate connection ids and rules pointing at unknown connections', () => {
    const m = messages({
      connections: [
        { id: 'a', provider: 'simulator' },
        { id: 'a', provider: 'simulator' },
      ],
      rules: [
        { id: 'r', name: 'R', entity: 'queue', connection: 'nope', field: 'waiting', op: '>', warn: 3 },
      ],
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
    if (!r.ok) expect(r.issues[0]!.message).toMatch(/^not valid JSONC at line 1, column 18: a value expected/)
    expect(validateConfig(null).ok).toBe(false)
    expect(validateConfig({ connections: 'x' }).ok).toBe(false)
  })

  it('has a demo config on the simulator', () => {
    expect(demoConfig().connections.map((c) => c.provider)).toEqual(['simulator'])
  })
})

describe('alert rules and prefs', () => {
  const base = { id: 'r', name: 'R', entity: 'queue', field: 'waiting', op: '>', warn: 5 }

  it('accepts media scopes, sound repeat and quiet hours, and keeps prefs without alerts as they were', () => {
    const r = validateConfig({
      rules: [{ ...base, media: ['voice', 'chat'], notify: ['desktop', 'sound'], soundRepeat: 30 }],
      prefs: { alerts: { quietHours: { from: '22:00', to: '07:00' }, quietAllow: ['r'] } },
    })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.config.rules[0]).toMatchObject({
      media: ['voice', 'chat'],
      soundRepeat: 30,
      forSec: 0,
      enabled: true,
    })
    expect(r.config.prefs.alerts).toEqual({
      quietHours: { from: '22:00', to: '07:00' },
      quietAllow: ['r'],
      notificationDetail: 'minimal',
      soundRepeat: 'once',
      snoozeMinutes: 15,
    })
    expect(alertPrefsOf({}).snoozeMinutes).toBe(15)
  })

  it('names the rule and the field for alert-specific mistakes', () => {
    const m = messages({
      rules: [
        { ...base, id: 'a', entity: 'agent', field: 'timeInStateSec', media: ['voice'] },
        { ...base, id: 'b', soundRepeat: 30 },
        { ...base, id: 'c', notify: ['sound'], soundRepeat: 2 },
        { ...base, id: 'd', clearAbove: 9 },
        { ...base, id: 'e', op: '<', clearBelow: 1 },
        { ...base, id: 'f', schedule: { days: [7], from: '9:00', to: '17:00' } },
        { ...base, id: 'g', notify: ['sound'], soundRepeat: 'twice' },
      ],
      prefs: { alerts: { notificationDetail: 'everything' } },
    })
    expect(m).toEqual([
      'rule "a", field "media": only queue rules take media (rules[0].media)',
      'rule "b", field "soundRepeat": soundRepeat needs "sound" in notify (rules[1].soundRepeat)',
      'rule "c", field "soundRepeat": at least 5 seconds (rules[2].soundRepeat)',
      'rule "d", field "clearAbove": clearAbove is for "<" rules; ">" rules clear below clearBelow (rules[3].clearAbove)',
      'rule "e", field "clearBelow": clearBelow is for ">" rules; "<" rules clear above clearAbove (rules[4].clearBelow)',
      expect.stringMatching(/^rule "f", field "schedule.days\[0\]": .*\(rules\[5\]\.schedule\.days\[0\]\)$/),
      expect.stringMatching(/^rule "f", field "schedule.from": must be HH:MM \(24-hour\)/),
      'rule "g", field "soundRepeat": must be "once" or a number of seconds from 5 to 3600 (rules[6].soundRepeat)',
      expect.stringMatching(/^field "alerts.notificationDetail": .*\(prefs\.alerts\.notificationDetail\)$/),
    ])
  })

  it('takes a forecast horizon on the fields a forecast follows, and names what is wrong otherwise', () => {
    const r = validateConfig({ rules: [{ ...base, forecast: { horizonSec: 120 } }] })
    expect(r.ok && r.config.rules[0]?.forecast).toEqual({ horizonSec: 120 })
    const m = messages({
      rules: [
        { ...base, id: 'a', field: 'agentsAvailable', forecast: { horizonSec: 60 } },
        { ...base, id: 'b', forecast: { horizonSec: 5 } },
        { ...base, id: 'c', forecast: { horizonSec: 90.5 } },
        { ...base, id: 'd', forecast: { horizonSec: 60, at: 1 } },
      ],
    })
    expect(m[0]).toMatch(
      /^rule "a", field "forecast": queue agentsAvailable cannot be forecast; a forecast follows queue waiting, longestWaitSec, serviceLevelPct; chatRoom waitingChats, maxWaitNowSec/,
    )
    expect(m[1]).toBe(
      'rule "b", field "forecast.horizonSec": at least 10 seconds (rules[1].forecast.horizonSec)',
    )
    expect(m[2]).toBe(
      'rule "c", field "forecast.horizonSec": must be whole seconds (rules[2].forecast.horizonSec)',
    )
    expect(m[3]).toBe(
      'rule "d", field "forecast.at": unknown key "at" (check the spelling) (rules[3].forecast.at)',
    )
  })

  it('validates one rule on its own (the rule editor)', () => {
    expect(validateRule({ ...base, warn: undefined })).toMatchObject({
      ok: false,
      issues: [{ rule: 'r', field: 'warn', message: 'a rule needs a warn level, a critical level or both' }],
    })
    expect(validateRule(base)).toMatchObject({ ok: true, rule: { notify: ['desktop', 'tray'] } })
    expect(validateAlertPrefs({ snoozeMinutes: 0 }).ok).toBe(false)
  })

  it('ships a valid default rule pack, used by a new install', () => {
    const r = validateConfig({ rules: DEFAULT_RULE_PACK })
    expect(r.ok).toBe(true)
    expect(r.ok && r.config.rules).toEqual(DEFAULT_RULE_PACK)
    expect(DEFAULT_RULE_PACK.map((x) => x.id)).toEqual([
      'longest-wait',
      'waiting-count',
      'service-level',
      'backlog-age',
      'chat-wait',
      'chat-service-level',
      'break-over-15',
      'wrap-up-long',
      'connection-down',
    ])
    expect(demoConfig().rules.map((x) => x.id)).toEqual(DEFAULT_RULE_PACK.map((x) => x.id))
  })

  it('gives a config without "rules" the default pack, and "rules": [] none', () => {
    const without = validateConfig({ connections: [] })
    expect(without.ok && without.config.rules.map((x) => x.id)).toEqual(DEFAULT_RULE_PACK.map((x) => x.id))
    const none = validateConfig({ connections: [], rules: [] })
    expect(none.ok && none.config.rules).toEqual([])
  })

  it('between the default rules, watches every queue whatever its media, "unknown" included', () => {
    const media = new Set(
      DEFAULT_RULE_PACK.filter((r) => r.entity === 'queue' && r.field === 'longestWaitSec').flatMap(
        (r) => r.media ?? [],
      ),
    )
    expect([...media].sort()).toEqual(
      ['backoffice', 'chat', 'email', 'other', 'unknown', 'voice', 'voicemail'].sort(),
    )
  })

  it("keeps the user's queue media on a connection and names a wrong one", () => {
    const ok = validateConnection({ id: 'c', provider: 'simulator', queueMedia: { '117': 'email' } })
    expect(ok.ok && ok.connection.queueMedia).toEqual({ '117': 'email' })
    const bad = validateConnection({ id: 'c', provider: 'simulator', queueMedia: { '117': 'fax' } })
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.issues[0]).toMatchObject({ connection: 'c', field: 'queueMedia.117' })
  })

  it('keeps a business day and names a wrong start or zone with the connection and the field', () => {
    const ok = validateConnection({
      id: 'c',
      provider: 'simulator',
      businessDay: { start: '06:00', timeZone: 'Europe/Warsaw' },
    })
    expect(ok.ok && ok.connection.businessDay).toEqual({ start: '06:00', timeZone: 'Europe/Warsaw' })
    const local = validateConnection({ id: 'c', provider: 'simulator', businessDay: { start: '22:30' } })
    expect(local.ok && local.connection.businessDay).toEqual({ start: '22:30', timeZone: null })
    const none = validateConnection({ id: 'c', provider: 'simulator' })
    expect(none.ok && none.connection.businessDay).toBeNull()
    const zone = validateConnection({
      id: 'eu',
      provider: 'simulator',
      businessDay: { start: '06:00', timeZone: 'Europe/Warszawa' },
    })
    expect(!zone.ok && zone.issues[0]).toMatchObject({ connection: 'eu', field: 'businessDay.timeZone' })
    expect(!zone.ok && formatConfigIssue(zone.issues[0]!)).toMatch(
      /"Europe\/Warszawa" is not an IANA time zone/,
    )
    const start = validateConnection({ id: 'eu', provider: 'simulator', businessDay: { start: '6:00' } })
    expect(!start.ok && start.issues[0]).toMatchObject({ connection: 'eu', field: 'businessDay.start' })
    const key = validateConnection({
      id: 'eu',
      provider: 'simulator',
      businessDay: { start: '06:00', tz: 'UTC' },
    })
    expect(!key.ok && key.issues[0]?.message).toMatch(/unknown key "tz"/)
  })
})
