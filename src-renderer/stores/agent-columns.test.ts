import { describe, expect, it } from 'vitest'
import type { AgentToday } from '../../src-shared/model'
import { columnTicks, columnValue, columnValueAt, parseColumns } from './agent-columns'

const T0 = Date.UTC(2026, 11, 4, 10, 0, 0)
const today: AgentToday = {
  handled: 12,
  rejected: 1,
  loginSec: 3_600,
  availableSec: 600,
  breakSec: null,
  wrapUpSec: 120,
  avgHandleSec: 240,
  talkSec: 1_800,
  missed: 2,
}

describe('agent columns', () => {
  it('reads each figure from today, null (never 0) where the vendor gives none', () => {
    expect(columnValue(today, 'talk')).toBe(1_800)
    expect(columnValue(today, 'missed')).toBe(2)
    expect(columnValue({ ...today, talkSec: null }, 'talk')).toBeNull()
    expect(columnValue(null, 'handled')).toBeNull()
    expect(columnValue({ ...today, handled: Number.NaN }, 'handled')).toBeNull()
  })

  it('ticks the time figure of the state the agent is in from the row’s asOf, and only that one', () => {
    const busy = { today, state: 'busy' as const, asOf: T0 }
    expect(columnValueAt(busy, 'talk', T0 + 65_000)).toBe(1_865)
    expect(columnValueAt(busy, 'available', T0 + 65_000)).toBe(600)
    expect(columnValueAt(busy, 'handled', T0 + 65_000)).toBe(12)
    const idle = { today, state: 'available' as const, asOf: T0 }
    expect(columnValueAt(idle, 'available', T0 + 10_000)).toBe(610)
    expect(columnValueAt(idle, 'talk', T0 + 10_000)).toBe(1_800)
    // A clock behind the row's asOf never takes a figure back; a missing figure stays missing.
    expect(columnValueAt(idle, 'available', T0 - 5_000)).toBe(600)
    expect(columnValueAt({ ...idle, today: null }, 'available', T0 + 10_000)).toBeNull()
    expect(columnTicks('talk')).toBe(true)
    expect(columnTicks('avgHandle')).toBe(false)
  })

  it('keeps only known columns from stored settings, once each, in the menu’s order', () => {
    expect(parseColumns(['talk', 'handled', 'talk', 'shoeSize', 3])).toEqual(['handled', 'talk'])
    expect(parseColumns('handled')).toEqual([])
  })
})
