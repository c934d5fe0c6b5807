import { describe, expect, it } from 'vitest'
import { buildGroup, traySummary, type TextAlert } from './notify-text'

function alert(over: Partial<TextAlert> = {}): TextAlert {
  return {
    id: 'a1',
    rule: 'wait',
    ruleName: 'Longest wait',
    entity: 'queue',
    entityName: 'Sales',
    entityId: 'q1',
    field: 'longestWaitSec',
    value: 130,
    severity: 'critical',
    threshold: 120,
    ruleState: null,
    op: '>',
    ...over,
  }
}

describe('notification texts', () => {
  it('words one alert and several in English', () => {
    expect(buildGroup('critical', [alert()], 'names')).toMatchObject({
      title: 'Critical: Longest wait',
      body: 'Sales: longest wait 2 min 10 s (critical above 2 min)',
    })
    const many = buildGroup(
      'warning',
      [alert(), alert({ id: 'a2', entityName: 'Support', value: 3900 })],
      'names',
    )
    expect(many).toMatchObject({
      title: 'Warning: 2 queues breaching',
      body: 'Longest wait — Sales: longest wait 2 min 10 s\nLongest wait — Support: longest wait 1 h 5 min',
    })
  })

  it('words them in Polish, agents unnamed unless allowed', () => {
    expect(buildGroup('critical', [alert()], 'names', 'pl')).toMatchObject({
      title: 'Krytyczny: Longest wait',
      body: 'Sales: najdłuższe oczekiwanie 2 min 10 s (krytyczny: powyżej 2 min)',
    })
    const agent = alert({
      entity: 'agent',
      entityName: 'Aino',
      field: 'timeInStateSec',
      value: 901,
      ruleState: 'not_ready',
      severity: 'warning',
      threshold: 900,
    })
    expect(buildGroup('warning', [agent], 'minimal', 'pl')?.body).toBe(
      'Agent: niegotowy od 15 min 1 s (ostrzeżenie: powyżej 15 min)',
    )
    const five = Array.from({ length: 5 }, (_, i) =>
      alert({ id: `a${i}`, entity: i < 3 ? 'queue' : 'agent' }),
    )
    const group = buildGroup('critical', five, 'names', 'pl')
    expect(group?.title).toBe('Krytyczny: 5 alertów')
    expect(group?.body.split('\n').at(-1)).toBe('i jeszcze 1')
    expect(buildGroup('critical', five.slice(0, 3), 'names', 'pl')?.title).toBe(
      'Krytyczny: przekroczone progi (kolejki: 3)',
    )
  })

  it('words the tray in both languages', () => {
    const firing = [
      { severity: 'critical' as const, open: true },
      { severity: 'warning' as const, open: false },
    ]
    expect(traySummary(firing).tooltip).toBe('Floorwalker: 1 critical, 1 warning alerts (1 not acknowledged)')
    expect(traySummary(firing, 'pl').tooltip).toBe(
      'Floorwalker: alerty krytyczne: 1, ostrzeżenia: 1 (niepotwierdzone: 1)',
    )
    expect(traySummary([], 'pl').tooltip).toBe('Floorwalker: brak alertów')
  })
})
