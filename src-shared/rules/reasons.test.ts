import { describe, expect, it } from 'vitest'
import { validateConfig, validateRule } from '../config'
import { distinctReasons, foldReason, reasonMatches, reasonSet } from './reasons'

describe('rule reasons: matching', () => {
  it('ignores case, accents, Polish ł, compatibility forms, invisible characters and extra spaces', () => {
    expect(reasonMatches(['Przerwa'], 'PRZERWA ')).toBe(true)
    expect(reasonMatches(['Spotkanie zespołu'], 'spotkanie   ZESPOLU')).toBe(true)
    expect(reasonMatches(['Café'], 'cafe\u0301')).toBe(true) // combining accent
    expect(reasonMatches(['Lunch'], 'Ｌｕｎｃｈ')).toBe(true) // full-width letters
    expect(reasonMatches(['Lunch'], 'Lu\u200bnch')).toBe(true) // a zero-width space
    expect(reasonMatches(['Lunch'], '\u00a0Lunch\u2003')).toBe(true) // no-break and em spaces
    expect(foldReason('Łódź')).toBe('lodz')
  })

  it('takes whole reasons only, and an agent without a reason never matches a rule that names reasons', () => {
    expect(reasonMatches(['Break'], 'Breakfast')).toBe(false)
    expect(reasonMatches(['Break', 'Lunch'], 'Meeting')).toBe(false)
    expect(reasonMatches(['Break'], null)).toBe(false)
    expect(reasonMatches(['Break'], '')).toBe(false)
    expect(reasonMatches(['Break'], '\u200b ')).toBe(false)
    // A rule without reasons takes every agent, with a reason or without.
    expect(reasonMatches(undefined, null)).toBe(true)
    expect(reasonMatches(undefined, 'Meeting')).toBe(true)
  })

  it('copes with odd input: emoji, right-to-left text, lone surrogates and 500 reasons', () => {
    expect(reasonMatches(['☕ Coffee'], '☕ coffee')).toBe(true)
    expect(reasonMatches(['استراحة'], 'استراحة')).toBe(true)
    expect(reasonMatches(['\ud800x'], '\ud800X')).toBe(true)
    const many = Array.from({ length: 500 }, (_, i) => `Reason ${i}`)
    const set = reasonSet(many)
    expect(set?.size).toBe(500)
    expect(reasonMatches(many, 'REASON 499')).toBe(true)
    expect(reasonMatches(many, 'Reason 500')).toBe(false)
  })

  it('lists the reasons seen once each, first spelling kept, sorted, blanks left out', () => {
    expect(distinctReasons(['Lunch', 'break', null, ' ', 'LUNCH', 'Break ', undefined, 'Meeting'])).toEqual([
      'break',
      'Lunch',
      'Meeting',
    ])
  })
})

describe('rule reasons: the config validator', () => {
  const base = {
    id: 'break-lunch',
    name: 'Break and lunch over 15 min',
    entity: 'agent',
    state: 'not_ready',
    field: 'timeInStateSec',
    op: '>',
    warn: 900,
  }
  const issuesOf = (raw: Record<string, unknown>) => {
    const v = validateRule(raw)
    return v.ok ? [] : v.issues.map((i) => `${i.rule ?? '-'} ${i.field ?? '-'}: ${i.message}`)
  }

  it('keeps the reasons trimmed', () => {
    const v = validateRule({ ...base, reasons: [' Break ', 'Lunch'] })
    expect(v.ok && v.rule.reasons).toEqual(['Break', 'Lunch'])
  })

  it('names the rule and the field of a bad entry', () => {
    expect(issuesOf({ ...base, reasons: [] })).toEqual([
      'break-lunch reasons: name at least one reason, or leave reasons out to take every reason',
    ])
    expect(issuesOf({ ...base, reasons: ['Break', '  '] })).toEqual([
      'break-lunch reasons[1]: a reason must not be empty',
    ])
    expect(issuesOf({ ...base, reasons: ['Break', 7] })).toEqual([
      'break-lunch reasons[1]: Invalid input: expected string, received number',
    ])
    expect(issuesOf({ ...base, reasons: ['x'.repeat(121)] })).toEqual([
      'break-lunch reasons[0]: a reason has at most 120 characters',
    ])
    expect(issuesOf({ ...base, reasons: Array.from({ length: 500 }, (_, i) => `R${i}`) })).toEqual([
      'break-lunch reasons: at most 100 reasons',
    ])
    expect(issuesOf({ ...base, reasons: ['Przerwa', 'PRZERWA'] })).toEqual([
      'break-lunch reasons[1]: "PRZERWA" is the same reason as reasons[0] ("Przerwa"): reasons are compared without case or accents',
    ])
    expect(issuesOf({ ...base, reasons: 'Break' })).toEqual([
      'break-lunch reasons: Invalid input: expected array, received string',
    ])
  })

  it('takes reasons on agent rules only', () => {
    expect(
      issuesOf({
        id: 'q',
        name: 'Queue',
        entity: 'queue',
        field: 'waiting',
        op: '>',
        warn: 5,
        reasons: ['Break'],
      }),
    ).toEqual(['q reasons: only agent rules take reasons'])
  })

  it('names the rule, the path and the field in a whole config', () => {
    const r = validateConfig({ rules: [{ ...base, reasons: ['Break', ''] }] })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.issues).toEqual([
      {
        path: 'rules[0].reasons[1]',
        connection: null,
        rule: 'break-lunch',
        field: 'reasons[1]',
        message: 'a reason must not be empty',
      },
    ])
  })
})
