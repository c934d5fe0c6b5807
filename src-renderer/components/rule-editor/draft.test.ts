import { describe, expect, it } from 'vitest'
import { DEFAULT_RULE_PACK } from '../../../src-shared/rules/default-pack'
import {
  checkDraft,
  draftFromRule,
  fieldOfIssue,
  idFromName,
  newDraft,
  rawFromDraft,
  withEntity,
} from './draft'

const WORDS = { notANumber: 'must be a number', idTaken: 'taken' }

describe('rule drafts', () => {
  it('round-trips every rule of the default pack unchanged', () => {
    for (const r of DEFAULT_RULE_PACK) {
      const check = checkDraft(draftFromRule(r), [], WORDS)
      expect(check.errors).toEqual({})
      expect(check.rule).toEqual(r)
    }
  })

  it('carries a forecast horizon and the speak switch, and names a horizon out of range', () => {
    const d = {
      ...newDraft(),
      name: 'Wait ahead',
      id: 'wait-ahead',
      forecastOn: true,
      forecastSec: '90',
      speak: false,
    }
    const ok = checkDraft(d, [], WORDS)
    expect(ok.rule).toMatchObject({ forecast: { horizonSec: 90 }, speak: false })
    expect(draftFromRule(ok.rule!)).toMatchObject({ forecastOn: true, forecastSec: '90', speak: false })
    expect(checkDraft({ ...d, forecastSec: '3' }, [], WORDS).errors.forecast).toEqual(['at least 10 seconds'])
    expect(checkDraft({ ...d, forecastSec: 'soon' }, [], WORDS).errors.forecast).toEqual(['must be a number'])
    // A field the forecast cannot follow: the switch does not apply and is left out.
    expect(rawFromDraft({ ...d, field: 'agentsAvailable' }).raw.forecast).toBeUndefined()
  })

  it('reads numbers from text and reports the ones that are not', () => {
    const d = { ...newDraft(), name: 'Sales wait', id: 'sales-wait', warn: '1,5', critical: 'lots' }
    const { raw, numberErrors } = rawFromDraft(d)
    expect(raw.warn).toBe(1.5)
    expect(raw.critical).toBeUndefined()
    expect(numberErrors).toEqual(['critical'])
    const check = checkDraft(d, [], WORDS)
    expect(check.rule).toBeNull()
    expect(check.errors).toEqual({ critical: ['must be a number'] })
  })

  it('puts validateRule’s messages on the fields they are about', () => {
    const d = { ...newDraft(), name: 'Wait', id: 'wait', warn: '120', critical: '60', clearBelow: '200' }
    const check = checkDraft(d, [], WORDS)
    expect(check.errors.critical).toEqual(['critical must be at or above warn for ">" rules'])
    expect(check.errors.clearBelow).toEqual(['clearBelow must be at or below the lowest level'])
    expect(check.general).toEqual([])

    const none = checkDraft({ ...d, warn: '', critical: '', clearBelow: '' }, [], WORDS)
    expect(none.errors.warn).toEqual(['a rule needs a warn level, a critical level or both'])
  })

  it('sends only what applies: clear level of the rule’s direction, media for queues, state and groups for agents', () => {
    const d = {
      ...newDraft(),
      name: 'SL',
      id: 'sl',
      field: 'serviceLevelPct',
      op: '<' as const,
      warn: '70',
      critical: '50',
      clearBelow: '99',
      clearAbove: '75',
      media: ['voice' as const],
      state: 'not_ready' as const,
      groups: 'a, b',
    }
    expect(rawFromDraft(d).raw).toEqual({
      id: 'sl',
      name: 'SL',
      enabled: true,
      entity: 'queue',
      field: 'serviceLevelPct',
      op: '<',
      warn: 70,
      critical: 50,
      clearAbove: 75,
      forSec: 0,
      media: ['voice'],
      notify: ['desktop', 'tray'],
    })
    const agent = withEntity(d, 'agent')
    expect(agent.field).toBe('timeInStateSec')
    const raw = rawFromDraft({ ...agent, op: '>', warn: '900', critical: '1200' }).raw
    expect(raw.state).toBe('not_ready')
    expect(raw.groups).toEqual(['a', 'b'])
    expect(raw.media).toBeUndefined()
  })

  it('names schedule problems by their field and a taken id on the id', () => {
    const d = { ...newDraft(), name: 'Wait', id: 'wait', scheduleOn: true, days: [], from: '25:00' }
    const check = checkDraft(d, ['wait'], WORDS)
    expect(check.errors.id).toEqual(['taken'])
    expect(check.errors.days?.length).toBe(1)
    expect(check.errors.from).toEqual(['must be HH:MM (24-hour)'])
    expect(fieldOfIssue({ field: 'schedule.to' })).toBe('to')
    expect(fieldOfIssue({ field: 'notify[1]' })).toBe('notify')
    expect(fieldOfIssue({ field: null })).toBeNull()
  })

  it('makes an id from a name', () => {
    expect(idFromName('Sales: longest wait > 2 min')).toBe('sales-longest-wait-2-min')
    expect(idFromName('Przerwa ponad 15 minut – zespół Łódź')).toBe('przerwa-ponad-15-minut-zespol-lodz')
  })

  it('sends an agent rule’s reasons, shows their problems at the reasons field, and round-trips them', () => {
    const d = {
      ...withEntity({ ...newDraft(), id: 'b', name: 'Break' }, 'agent'),
      state: 'not_ready' as const,
      reasons: ['Break', 'Lunch'],
      warn: '900',
      critical: '',
    }
    const check = checkDraft(d, [], WORDS)
    expect(check.rule?.reasons).toEqual(['Break', 'Lunch'])
    expect(draftFromRule(check.rule!).reasons).toEqual(['Break', 'Lunch'])
    const twice = checkDraft({ ...d, reasons: ['Break', 'BREAK'] }, [], WORDS)
    expect(twice.errors.reasons).toEqual([
      '"BREAK" is the same reason as reasons[0] ("Break"): reasons are compared without case or accents',
    ])
    // Reasons belong to agent rules: a queue rule drops them rather than sending them to be refused.
    expect(rawFromDraft({ ...d, entity: 'queue', field: 'waiting' }).raw.reasons).toBeUndefined()
    expect(fieldOfIssue({ field: 'reasons[3]' })).toBe('reasons')
  })

  it('makes a person rule from the draft', () => {
    const d = { ...withEntity({ ...newDraft(), id: 'p', name: 'Cross' }, 'person'), warn: '60', critical: '' }
    expect(d.field).toBe('availableWhileBusySec')
    expect(checkDraft(d, [], WORDS).rule).toMatchObject({ entity: 'person', field: 'availableWhileBusySec' })
  })
})
