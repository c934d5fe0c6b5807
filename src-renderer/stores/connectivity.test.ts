import { describe, expect, it } from 'vitest'
import { connection, T0 } from '../testing/fixtures'
import { connectivityProblems, reasonOf } from './connectivity'

describe('reasonOf', () => {
  it('uses the reason main sends, else derives it from the state', () => {
    expect(reasonOf(connection('a', { state: 'stale', reason: 'offline' }))).toBe('offline')
    expect(reasonOf(connection('a', { state: 'ok', reason: null }))).toBeNull()
    expect(reasonOf(connection('a', { state: 'offline' }))).toBe('offline')
    expect(reasonOf(connection('a', { state: 'auth_failed' }))).toBe('credentials')
    for (const state of ['unreachable', 'error', 'rate_limited', 'stale'] as const)
      expect(reasonOf(connection('a', { state }))).toBe('vendor')
    expect(reasonOf(connection('a', { state: 'ok', stale: true }))).toBe('vendor')
    expect(reasonOf(connection('a', { state: 'connecting' }))).toBeNull()
  })
})

describe('connectivityProblems', () => {
  it('groups connections by condition, in a fixed order, with the age of their oldest data', () => {
    const problems = connectivityProblems([
      connection('bp', { state: 'auth_failed', reason: 'credentials', reasonSince: T0 - 5_000 }),
      connection('eu', { state: 'unreachable', reason: 'vendor', reasonSince: T0 - 60_000 }),
      connection('us', { state: 'error', reason: 'vendor', reasonSince: null, lastOkAt: T0 - 120_000 }),
      connection('ok', { state: 'ok', reason: null }),
      connection('cached', { state: 'ok', reason: 'cache' }),
      // Offline for 5 s after a restart, with numbers two minutes old: the banner says two minutes.
      connection('home', {
        state: 'offline',
        reason: 'offline',
        reasonSince: T0 - 5_000,
        lastOkAt: T0 - 120_000,
      }),
      connection('quiet', {
        state: 'paused',
        reason: 'paused',
        reasonSince: T0 - 10_000,
        lastOkAt: T0 - 150_000,
      }),
    ])
    expect(problems.map((p) => [p.kind, p.connections.map((c) => c.id), p.since])).toEqual([
      ['offline', ['home'], T0 - 120_000],
      ['vendor', ['eu', 'us'], T0 - 120_000],
      ['credentials', ['bp'], T0],
      ['paused', ['quiet'], T0 - 150_000],
    ])
  })

  it('is empty when everything is fine or only passing', () => {
    expect(connectivityProblems([connection('a'), connection('b', { reason: 'resuming' })])).toEqual([])
  })
})
