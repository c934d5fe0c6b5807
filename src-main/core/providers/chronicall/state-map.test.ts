import { describe, expect, it } from 'vitest'
import { mapAgentState } from './state-map'

describe('mapAgentState', () => {
  it('maps the default states case-insensitively (docs/vendors/chronicall.md §7.1)', () => {
    expect(mapAgentState('Idle', {}).state).toBe('available')
    expect(mapAgentState('AVAILABLE', {}).state).toBe('available')
    expect(mapAgentState('ringing', {}).state).toBe('offered')
    expect(mapAgentState('Talking', {}).state).toBe('busy')
    expect(mapAgentState('ACW', {}).state).toBe('wrap_up')
    expect(mapAgentState('DND', {}).state).toBe('not_ready')
    expect(mapAgentState('Logged  Out', {})).toEqual({ state: 'logged_out', reason: null, mapped: true })
  })

  it('lets the user table override and extend the defaults', () => {
    expect(mapAgentState('talking', { Talking: 'offered' }).state).toBe('offered')
    expect(mapAgentState('Lunch', { LUNCH: 'not_ready' })).toEqual({
      state: 'not_ready',
      reason: null,
      mapped: true,
    })
  })

  it('maps "DND - Lunch" by its head and keeps the reason', () => {
    expect(mapAgentState('DND - Lunch', {})).toEqual({ state: 'not_ready', reason: 'Lunch', mapped: true })
    expect(mapAgentState('DND (Training)', {})).toEqual({
      state: 'not_ready',
      reason: 'Training',
      mapped: true,
    })
  })

  it('leaves unmapped strings unknown', () => {
    expect(mapAgentState('Supervising', {})).toEqual({ state: 'unknown', reason: null, mapped: false })
  })
})
