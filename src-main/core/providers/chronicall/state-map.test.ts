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
    expect(mapAgentState('Logged  Out', {})).toEqual({
      state: 'logged_out',
      reason: null,
      mapped: true,
      onHold: false,
    })
  })

  it('lets the user table override and extend the defaults', () => {
    expect(mapAgentState('talking', { Talking: 'offered' }).state).toBe('offered')
    expect(mapAgentState('Lunch', { LUNCH: 'not_ready' })).toEqual({
      state: 'not_ready',
      reason: null,
      mapped: true,
      onHold: false,
    })
  })

  it('maps "DND - Lunch" by its head and keeps the reason', () => {
    expect(mapAgentState('DND - Lunch', {})).toEqual({
      state: 'not_ready',
      reason: 'Lunch',
      mapped: true,
      onHold: false,
    })
    expect(mapAgentState('DND (Training)', {})).toEqual({
      state: 'not_ready',
      reason: 'Training',
      mapped: true,
      onHold: false,
    })
  })

  it('reads hold from the text: busy with onHold, whole or by its head (docs/vendors/chronicall.md §7.1)', () => {
    expect(mapAgentState('Holding', {})).toEqual({ state: 'busy', reason: null, mapped: true, onHold: true })
    expect(mapAgentState('on  hold', {})).toMatchObject({ state: 'busy', onHold: true })
    expect(mapAgentState('Hold - Transfer', {})).toEqual({
      state: 'busy',
      reason: 'Transfer',
      mapped: true,
      onHold: true,
    })
    expect(mapAgentState('Talking', {}).onHold).toBe(false)
    // The user's table decides the state: "Hold" mapped to something other than busy is not a call on hold.
    expect(mapAgentState('Hold', { hold: 'not_ready' })).toMatchObject({ state: 'not_ready', onHold: false })
  })

  it('leaves unmapped strings unknown', () => {
    expect(mapAgentState('Supervising', {})).toEqual({
      state: 'unknown',
      reason: null,
      mapped: false,
      onHold: false,
    })
  })
})
