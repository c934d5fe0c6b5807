import { describe, expect, it } from 'vitest'
import type { ConnectionView } from '../../../src-shared/ipc/contract'
import { checkDraft, draftFromView, fieldKeyOf, newDraft, toRawConnection, withProvider } from './draft'

const MESSAGES = { duplicateId: 'taken', notANumber: 'not a number' }

/** A Bright Pattern connection's options as saved (and as they come back out of the editor). */
const BP_OPTIONS = {
  auth: 'oauth',
  agentColumns: [],
  serviceColumns: [],
  totals: ['agents_logged'],
  services: ['Sales', 'Support'],
  teamIds: [],
  chatMessageLimit: 50,
  stateMap: { Lunch: 'not_ready' },
}

function view(over: Partial<ConnectionView> = {}): ConnectionView {
  return {
    id: 'bp',
    label: 'BP tenant',
    provider: 'brightpattern',
    baseUrl: 'https://acme.brightpattern.com',
    username: 'sup',
    pollSeconds: 3,
    requestedPollSeconds: 1,
    enabled: true,
    queueMedia: {},
    targets: {},
    options: BP_OPTIONS,
    secret: 'keychain',
    ...over,
  }
}

describe('connection drafts', () => {
  it('start a new connection from the vendor’s option defaults', () => {
    const d = newDraft('brightpattern')
    expect(d.options.totals).toBe('agents_logged\nagents_ready\nagents_busy')
    expect(d.options.auth).toBe('oauth')
    expect(d.options.chatMessageLimit).toBe('50')
    expect(d.options.stateMap).toEqual([])
    expect(newDraft('simulator').options).toEqual({
      seed: '42',
      agents: '40',
      incidents: true,
      timezone: '',
      startTime: '',
    })
  })

  it('round-trip a saved connection: the number the user asked for, lists, maps and unknown options', () => {
    const d = draftFromView(view({ options: { ...view().options, extra: 7 } }), 'BP_SECRET')
    expect(d.pollSeconds).toBe('1')
    expect(d.options.services).toBe('Sales\nSupport')
    expect(d.options.stateMap).toEqual([{ key: 'Lunch', value: 'not_ready' }])
    expect(toRawConnection(d)).toEqual({
      id: 'bp',
      label: 'BP tenant',
      provider: 'brightpattern',
      baseUrl: 'https://acme.brightpattern.com',
      username: 'sup',
      pollSeconds: 1,
      enabled: true,
      secretEnv: 'BP_SECRET',
      options: { extra: 7, ...BP_OPTIONS },
    })
  })

  it('leave empty fields out so the config’s defaults apply, and drop blank list lines and map rows', () => {
    const d = newDraft('giosg')
    d.id = ' web '
    d.options.roomIds = 'a\n\n  b  \n'
    const raw = toRawConnection(d)
    expect(raw).toEqual({
      id: 'web',
      provider: 'giosg',
      enabled: true,
      options: { includeShared: false, roomIds: ['a', 'b'], userIds: [], authScheme: 'Token' },
    })
  })

  it('switching vendor keeps the name and starts the vendor’s fields over', () => {
    const d = newDraft('giosg')
    d.id = 'x'
    d.label = 'X'
    d.baseUrl = 'http://old'
    const next = withProvider(d, '8x8')
    expect([next.id, next.label, next.baseUrl, next.options]).toEqual(['x', 'X', '', { format: 'json' }])
  })

  it('validate with the config’s rules and show each issue at its field', () => {
    const d = newDraft('8x8')
    d.id = 'eu voice'
    d.baseUrl = 'vcc-na7.8x8.com'
    d.pollSeconds = 'ten'
    const { issues, connection } = checkDraft(d, [], MESSAGES)
    expect(connection).toBeNull()
    expect(issues.map((i) => i.key)).toEqual(['id', 'baseUrl', 'pollSeconds'])
    expect(issues.find((i) => i.key === 'pollSeconds')?.message).toBe('not a number')
    expect(issues.find((i) => i.key === 'baseUrl')?.message).toBe('must be an http:// or https:// URL')
  })

  it('name the list entry an issue is about, and check ids against the existing ones', () => {
    const d = newDraft('giosg')
    d.id = 'web'
    d.options.roomIds = 'ok-room\nbad,room'
    const { issues } = checkDraft(d, ['web'], MESSAGES)
    expect(issues).toEqual([
      { key: 'options.roomIds', message: '“bad,room”: one id per entry, without commas or spaces' },
      { key: 'id', message: 'taken' },
    ])
  })

  it('give the effective poll interval when the vendor raises it', () => {
    const d = newDraft('8x8')
    Object.assign(d, {
      id: 'eu',
      baseUrl: 'https://vcc-na7.8x8.com/api/rtstats',
      username: 'acme',
      pollSeconds: '5',
    })
    const { connection } = checkDraft(d, [], MESSAGES)
    expect(connection).toMatchObject({ pollSeconds: 10, requestedPollSeconds: 5 })
  })

  it('map issue fields to the form fields they belong to', () => {
    expect(fieldKeyOf('options.stateMap.Lunch')).toBe('options.stateMap')
    expect(fieldKeyOf('options.roomIds[3]')).toBe('options.roomIds')
    expect(fieldKeyOf('baseUrl')).toBe('baseUrl')
    expect(fieldKeyOf(null)).toBeNull()
  })

  it('keeps a business day through editing and shows a wrong zone at the business day fields', () => {
    const d = draftFromView(view({ businessDay: { start: '06:00', timeZone: 'Europe/Warsaw' } }))
    expect([d.businessDayStart, d.businessDayZone]).toEqual(['06:00', 'Europe/Warsaw'])
    expect(toRawConnection(d).businessDay).toEqual({ start: '06:00', timeZone: 'Europe/Warsaw' })
    expect(toRawConnection({ ...d, businessDayZone: '' }).businessDay).toEqual({ start: '06:00' })
    expect(toRawConnection({ ...d, businessDayStart: '', businessDayZone: '' })).not.toHaveProperty(
      'businessDay',
    )
    const { issues } = checkDraft({ ...d, businessDayZone: 'Mars/Base' }, [], MESSAGES)
    expect(issues).toEqual([
      {
        key: 'businessDay',
        message: expect.stringMatching(/^timeZone: "Mars\/Base" is not an IANA time zone/),
      },
    ])
  })

  it('keeps team names and console links through editing: "-" switches a link off, empty follows the vendor', () => {
    const d = draftFromView(
      view({ teamNames: { '3': 'Sales' }, consoleUrls: { agent: '{origin}/agents/{id}', queue: '' } }),
    )
    expect(d.teamNames).toEqual([{ id: '3', name: 'Sales' }])
    expect(d.consoleUrls).toEqual({ home: '', agent: '{origin}/agents/{id}', queue: '-', chatRoom: '' })
    const raw = toRawConnection({ ...d, teamNames: [...d.teamNames, { id: ' ', name: 'ignored' }] })
    expect(raw.teamNames).toEqual({ '3': 'Sales' })
    expect(raw.consoleUrls).toEqual({ agent: '{origin}/agents/{id}', queue: '' })
    const blank = toRawConnection({
      ...d,
      teamNames: [],
      consoleUrls: { home: '', agent: '', queue: '', chatRoom: '' },
    })
    expect(blank).not.toHaveProperty('teamNames')
    expect(blank).not.toHaveProperty('consoleUrls')
    const { issues } = checkDraft(
      { ...d, teamNames: [{ id: '4', name: ' ' }], consoleUrls: { ...d.consoleUrls, agent: '{host}/x' } },
      [],
      MESSAGES,
    )
    expect(issues.map((i) => i.key).sort()).toEqual(['consoleUrls', 'teamNames'])
    expect(issues.find((i) => i.key === 'consoleUrls')?.message).toMatch(
      /^agent: unknown placeholder \{host\}/,
    )
  })
})
