import { describe, expect, it } from 'vitest'
import { PROVIDER_IDS } from '../model'
import { mapColumnsOf, PROVIDER_DESCRIPTORS } from './index'

describe('provider descriptors', () => {
  it('describe each provider under its own id', () => {
    for (const id of PROVIDER_IDS) expect(PROVIDER_DESCRIPTORS[id].id).toBe(id)
  })

  it('have an editor field for every option, and only for options', () => {
    for (const id of PROVIDER_IDS) {
      const d = PROVIDER_DESCRIPTORS[id]
      expect(d.options.safeParse({}).success, `${id}: empty options take the defaults`).toBe(true)
      const optionKeys = Object.keys(
        (d.options as unknown as { shape: Record<string, unknown> }).shape,
      ).sort()
      expect(d.fields.map((f) => f.key).sort(), id).toEqual(optionKeys)
    }
  })

  it('say what the columns of each map hold', () => {
    const field = (id: keyof typeof PROVIDER_DESCRIPTORS, key: string) =>
      PROVIDER_DESCRIPTORS[id].fields.find((f) => f.key === key)!
    expect(mapColumnsOf(field('chronicall', 'roles'))).toEqual({ key: 'metricId', value: 'meaning' })
    expect(mapColumnsOf(field('chronicall', 'stateMap'))).toEqual({ key: 'vendorState', value: 'boardState' })
    expect(mapColumnsOf(field('thulium', 'queueLabels'))).toEqual({ key: 'queueId', value: 'queueName' })
    expect(mapColumnsOf({ key: 'x', label: 'X', help: '', kind: 'string-map' })).toEqual({
      key: 'key',
      value: 'value',
    })
  })

  it('suggest a meaning for a metric the connection reads, from its name and kind', () => {
    const roles = PROVIDER_DESCRIPTORS.chronicall.fields.find((f) => f.key === 'roles')!
    expect(
      roles.suggestForMetric?.({
        name: 'Calls in Queue',
        category: { type: 'GROUP', value: 'Sales' },
        kind: 'count',
      }),
    ).toBe('queue_waiting')
    // A name that reads like a wait but a value of the wrong kind stays a plain metric.
    expect(
      roles.suggestForMetric?.({
        name: 'Longest Wait',
        category: { type: 'GROUP', value: 'Sales' },
        kind: 'boolean',
      }),
    ).toBe('metric')
  })

  it('give every provider that reaches a server a base URL, and the simulator none', () => {
    const serverless = PROVIDER_IDS.filter((id) => PROVIDER_DESCRIPTORS[id].baseUrl === null)
    expect(serverless).toEqual(['simulator'])
  })
})
