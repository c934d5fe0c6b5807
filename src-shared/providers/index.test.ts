import { describe, expect, it } from 'vitest'
import { PROVIDER_IDS } from '../model'
import { mapColumnsOf, PROVIDER_DESCRIPTORS } from './index'
import { COMMON_LIMITS, effectiveLimits, LIMIT_OPTIONS } from './limits'

describe('provider descriptors', () => {
  it('describe each provider under its own id', () => {
    for (const id of PROVIDER_IDS) expect(PROVIDER_DESCRIPTORS[id].id).toBe(id)
  })

  it('have an editor field for every option but the installation limits, and only for options', () => {
    for (const id of PROVIDER_IDS) {
      const d = PROVIDER_DESCRIPTORS[id]
      expect(d.options.safeParse({}).success, `${id}: empty options take the defaults`).toBe(true)
      const optionKeys = Object.keys((d.options as unknown as { shape: Record<string, unknown> }).shape)
        .filter((k) => !(k in LIMIT_OPTIONS))
        .sort()
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

  it("take every HTTP vendor's limits in options, the connection's own over the defaults", () => {
    for (const id of PROVIDER_IDS) {
      const d = PROVIDER_DESCRIPTORS[id]
      if (d.baseUrl === null) continue
      const r = d.options.safeParse({ maxResponseMB: 2, redirectHosts: ['Login.Vendor.Example'] })
      expect(r.success, id).toBe(true)
      const limits = effectiveLimits(d.limits, r.data as Record<string, unknown>)
      expect(limits).toMatchObject({ maxResponseMB: 2, redirectHosts: ['login.vendor.example'] })
      expect(limits.maxRetryAfterSec).toBe(COMMON_LIMITS.maxRetryAfterSec)
      const bad = d.options.safeParse({ maxResponseMB: 0, redirectHosts: ['https://x.example/'] })
      expect(bad.success, id).toBe(false)
    }
  })
})
