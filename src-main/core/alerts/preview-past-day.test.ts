import { describe, expect, it } from 'vitest'
import { historyKey } from '../../../src-shared/live'
import { createAlertHandlers } from '../bridge/alert-handlers'
import { BridgeFailure } from '../bridge/types'
import { emptyDay, foldPoints, MINUTE_MS, type HistoryDay } from '../persistence/history-day-file'
import { memoryLogger } from '../runtime/logger'
import { queue, startHarness } from './test-support'

const LAST_WEEK = Date.UTC(2026, 10, 16)
const caller = { readOnly: false, by: null } as never

/** Last week's day of connection `c`: queue q1 waiting rises to 9 inside the minute 10:01 only (points every 15 s). */
function lastWeek(): HistoryDay {
  const day = emptyDay('c', '2026-11-16', LAST_WEEK, LAST_WEEK + 86_400_000)
  const at = (min: number, sec: number) => LAST_WEEK + 10 * 3_600_000 + min * MINUTE_MS + sec * 1000
  const points: [number, number | null][] = []
  for (let m = 0; m < 6; m++)
    for (const s of [0, 15, 30, 45]) points.push([at(m, s), m === 1 && s === 15 ? 9 : 2])
  foldPoints(day, historyKey('queue', 'c:q1', 'waiting'), points)
  foldPoints(
    day,
    historyKey('queue', 'c:q1', 'serviceLevelPct'),
    points.map(([t, v]) => [t, v === 9 ? 40 : 95]),
  )
  return day
}

async function handlers() {
  const h = await startHarness({ rules: [] })
  h.engine.poll('c', { queues: [queue('q1', { name: 'Sales' })] })
  const day = lastWeek()
  const a = createAlertHandlers({
    alerts: h.service,
    settings: null,
    historyDays: {
      storedDays: () => [{ connection: 'c', date: '2026-11-16' }],
      day: async (connection, date) => (connection === 'c' && date === '2026-11-16' ? day : null),
    },
    log: memoryLogger(),
  })
  return a.handlers
}

const waitingRule = {
  id: 'w',
  name: 'Waiting',
  entity: 'queue',
  field: 'waiting',
  op: '>',
  warn: 5,
  notify: ['tray'],
}

describe('the rule preview over a stored past day', () => {
  it('replays the day’s minutes, judging each minute by its worst value for the rule', async () => {
    const h = await handlers()
    const p = await h['rules:preview']({ rule: waitingRule, day: '2026-11-16' }, caller)
    expect(p).toMatchObject({ supported: true, entities: 1, firings: 1 })
    expect(p.from).toBe(LAST_WEEK + 10 * 3_600_000)
    expect(p.events.map((e) => [new Date(e.at).toISOString().slice(11, 16), e.state, e.value])).toEqual([
      ['10:01', 'firing', 9],
      ['10:02', 'resolved', 2],
    ])
    // A rule that fires below its level reads the lowest value of each minute.
    const sl = await h['rules:preview'](
      { rule: { ...waitingRule, field: 'serviceLevelPct', op: '<', warn: 80 }, day: '2026-11-16' },
      caller,
    )
    expect(sl.firings).toBe(1)
    expect(sl.events[0]?.value).toBe(40)
  })

  it('says which day has no history, and today’s preview still reads the ring', async () => {
    const h = await handlers()
    await expect(h['rules:preview']({ rule: waitingRule, day: '2026-11-17' }, caller)).rejects.toThrow(
      /no history is stored for 2026-11-17/,
    )
    await expect(h['rules:preview']({ rule: waitingRule, day: '2026-11-17' }, caller)).rejects.toBeInstanceOf(
      BridgeFailure,
    )
    const today = await h['rules:preview']({ rule: waitingRule }, caller)
    expect(today).toMatchObject({ supported: true, firings: 0, from: null })
  })
})
