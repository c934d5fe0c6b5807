import { describe, expect, it } from 'vitest'
import { validateConfig, validateConnection } from './config'
import { blankChatRoom, blankQueue } from './model'
import {
  applyTargets,
  queueServiceLevel,
  serviceLevelGap,
  targetEntrySchema,
  targetInEffect,
  type TargetEntry,
} from './targets'

const user = (t: Partial<TargetEntry>): TargetEntry => ({ override: false, ...t })

describe('targets in the config', () => {
  it('takes a target per queue or room id, override false by default, and writes it back the same', () => {
    const r = validateConnection({
      id: 'bp',
      provider: 'brightpattern',
      baseUrl: 'https://acme.brightpattern.com',
      username: 'u',
      targets: {
        Support: { serviceLevelPct: 90, thresholdSec: 30 },
        Sales: { thresholdSec: 15, override: true },
      },
    })
    expect(r.ok && r.connection.targets).toEqual({
      Support: { serviceLevelPct: 90, thresholdSec: 30, override: false },
      Sales: { thresholdSec: 15, override: true },
    })
    const none = validateConnection({ id: 'sim', provider: 'simulator' })
    expect(none.ok && none.connection.targets).toEqual({})
  })

  it('names the connection, the queue and the field of a bad target', () => {
    const r = validateConfig({
      connections: [
        {
          id: 'bp',
          provider: 'brightpattern',
          baseUrl: 'https://acme.brightpattern.com',
          username: 'u',
          targets: {
            Support: { serviceLevelPct: 120 },
            Sales: { thresholdSec: 2.5 },
            Email: {},
            Chat: { serviceLevelPct: 80, goal: 1 },
            Back: { serviceLevelPct: '80' },
          },
        },
      ],
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    const by = (field: string) => r.issues.find((i) => i.field === field)
    expect(by('targets.Support.serviceLevelPct')).toMatchObject({
      connection: 'bp',
      path: 'connections[0].targets.Support.serviceLevelPct',
      message: 'must be at most 100 (%)',
    })
    expect(by('targets.Sales.thresholdSec')?.message).toBe('must be whole seconds')
    expect(by('targets.Email.serviceLevelPct')?.message).toBe(
      'a target needs serviceLevelPct, thresholdSec or both',
    )
    expect(by('targets.Chat.goal')?.message).toMatch(/unknown key "goal"/)
    expect(by('targets.Back.serviceLevelPct')?.message).toBe('must be a number from 1 to 100')
  })

  it('refuses a target below 1 % or a threshold of 0 s', () => {
    expect(targetEntrySchema.safeParse({ serviceLevelPct: 0 }).success).toBe(false)
    expect(targetEntrySchema.safeParse({ thresholdSec: 0 }).success).toBe(false)
    expect(targetEntrySchema.safeParse({ serviceLevelPct: 1, thresholdSec: 86_400 }).success).toBe(true)
  })
})

describe('the target in effect', () => {
  const vendor = { pct: 80, thresholdSec: 20 }
  const none = { pct: null, thresholdSec: null }

  it('is the vendor’s when the user set nothing', () => {
    expect(targetInEffect(vendor, undefined)).toEqual({
      serviceLevelTargetPct: 80,
      serviceLevelThresholdSec: 20,
      targetOrigin: { pctFrom: 'vendor', thresholdFrom: 'vendor', vendorPct: 80, vendorThresholdSec: 20 },
    })
    expect(targetInEffect(none, undefined).targetOrigin).toMatchObject({ pctFrom: null, thresholdFrom: null })
  })

  it('is the user’s where the vendor gives none', () => {
    const t = targetInEffect(none, user({ serviceLevelPct: 90, thresholdSec: 30 }))
    expect(t).toMatchObject({ serviceLevelTargetPct: 90, serviceLevelThresholdSec: 30 })
    expect(t.targetOrigin).toMatchObject({ pctFrom: 'user', thresholdFrom: 'user' })
  })

  it('keeps the vendor’s over the user’s unless the user overrides, value by value', () => {
    const kept = targetInEffect(
      { pct: 80, thresholdSec: null },
      user({ serviceLevelPct: 95, thresholdSec: 15 }),
    )
    expect(kept).toMatchObject({ serviceLevelTargetPct: 80, serviceLevelThresholdSec: 15 })
    expect(kept.targetOrigin).toMatchObject({ pctFrom: 'vendor', thresholdFrom: 'user' })
    const over = targetInEffect(vendor, user({ serviceLevelPct: 95, override: true }))
    expect(over).toMatchObject({ serviceLevelTargetPct: 95, serviceLevelThresholdSec: 20 })
    expect(over.targetOrigin).toEqual({
      pctFrom: 'user',
      thresholdFrom: 'vendor',
      vendorPct: 80,
      vendorThresholdSec: 20,
    })
  })

  it('applies to queues and rooms by id, and again from what the vendor said when the user changes it', () => {
    const q = blankQueue('q1', 'Support', { serviceLevelTargetPct: 80, serviceLevelThresholdSec: 20 })
    const other = blankQueue('q2', 'Sales')
    const [a, b] = applyTargets([q, other], { q1: user({ serviceLevelPct: 95, override: true }) })
    expect(a).toMatchObject({ serviceLevelTargetPct: 95, serviceLevelThresholdSec: 20 })
    expect(b).toMatchObject({ serviceLevelTargetPct: null, serviceLevelThresholdSec: null })
    // The user takes the override away: the vendor's target comes back, not the 95 a first pass left.
    const [again] = applyTargets([a!], {})
    expect(again).toMatchObject({ serviceLevelTargetPct: 80, targetOrigin: { pctFrom: 'vendor' } })
    const [room] = applyTargets([blankChatRoom('r1', 'Chat')], { r1: user({ serviceLevelPct: 85 }) })
    expect(room).toMatchObject({ serviceLevelTargetPct: 85, serviceLevelThresholdSec: null })
  })
})

describe('the service-level gap', () => {
  it('is the target minus the service level, null without either', () => {
    expect(serviceLevelGap(80, 65)).toBe(15)
    expect(serviceLevelGap(80, 92)).toBe(-12)
    expect(serviceLevelGap(null, 65)).toBeNull()
    expect(serviceLevelGap(80, null)).toBeNull()
  })

  it('judges a queue by its service level now, else today’s', () => {
    const today = {
      received: 1,
      answered: 1,
      abandoned: 0,
      avgWaitSec: null,
      avgHandleSec: null,
      serviceLevelPct: 70,
    }
    expect(queueServiceLevel({ serviceLevelPct: 60, today })).toBe(60)
    expect(queueServiceLevel({ serviceLevelPct: null, today })).toBe(70)
    expect(queueServiceLevel({ serviceLevelPct: null, today: null })).toBeNull()
  })
})
