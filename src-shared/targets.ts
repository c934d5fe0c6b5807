/**
 * The supervisor's own service-level targets (docs/ARCHITECTURE.md §5, config `targets`): per queue or chat room a
 * target (% of contacts answered within the threshold) and a threshold (seconds). The vendor's target is used where
 * it gives one (8x8, the simulator; Bright Pattern when its `service_level_target` column is subscribed); the user's
 * where it gives none, and over the vendor's when the user chose `override`. The engine applies them to every queue
 * and room it passes on, so the cards, the "worst" ranking, the rules and the NDJSON lines all see the same target.
 *
 * Nothing here computes a service level: the percentage is always the vendor's (or the simulator's). A user's
 * threshold says what the target means ("80 % within 20 s"); it cannot change how a vendor counted.
 */
import { z } from 'zod'
import type { ChatRoom, Queue, TargetOrigin, TargetSource } from './model'

/** One queue's or room's target as the user set it. At least one of the two values; `override` defaults to false. */
export const targetEntrySchema = z
  .strictObject({
    /** Share of contacts to answer within the threshold, 1–100. */
    serviceLevelPct: z
      .number({ error: () => 'must be a number from 1 to 100' })
      .min(1, 'must be at least 1 (%)')
      .max(100, 'must be at most 100 (%)')
      .optional(),
    /** Seconds within which a contact counts as answered in time, 1–86,400. */
    thresholdSec: z
      .number({ error: () => 'must be a number of seconds' })
      .int('must be whole seconds')
      .min(1, 'must be at least 1 second')
      .max(86_400, 'must be at most 86400 seconds (a day)')
      .optional(),
    /** Use these values even where the vendor sends its own. */
    override: z.boolean({ error: () => 'must be true or false' }).default(false),
  })
  .superRefine((t, ctx) => {
    if (t.serviceLevelPct === undefined && t.thresholdSec === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['serviceLevelPct'],
        message: 'a target needs serviceLevelPct, thresholdSec or both',
      })
    }
  })
export type TargetEntry = z.infer<typeof targetEntrySchema>

/** Queue or chat-room id → the user's target, per connection (an id names a queue or a room of that connection). */
export const targetsSchema = z.record(
  z.string().min(1, 'a queue or room id must not be empty'),
  targetEntrySchema,
)
export type Targets = Record<string, TargetEntry>

/** What the vendor said about one queue or room. */
export interface VendorTarget {
  pct: number | null
  thresholdSec: number | null
}

export interface TargetInEffect {
  serviceLevelTargetPct: number | null
  serviceLevelThresholdSec: number | null
  targetOrigin: TargetOrigin
}

/**
 * The target in effect, value by value: the user's where the vendor gives none or where the user chose to override,
 * else the vendor's.
 */
export function targetInEffect(vendor: VendorTarget, user: TargetEntry | undefined): TargetInEffect {
  const pick = (
    v: number | null,
    u: number | undefined,
  ): { value: number | null; from: TargetSource | null } => {
    if (u !== undefined && (v === null || user?.override === true)) return { value: u, from: 'user' }
    return v === null ? { value: null, from: null } : { value: v, from: 'vendor' }
  }
  const pct = pick(vendor.pct, user?.serviceLevelPct)
  const threshold = pick(vendor.thresholdSec, user?.thresholdSec)
  return {
    serviceLevelTargetPct: pct.value,
    serviceLevelThresholdSec: threshold.value,
    targetOrigin: {
      pctFrom: pct.from,
      thresholdFrom: threshold.from,
      vendorPct: vendor.pct,
      vendorThresholdSec: vendor.thresholdSec,
    },
  }
}

type Targetable = Pick<Queue, 'id' | 'serviceLevelTargetPct' | 'serviceLevelThresholdSec' | 'targetOrigin'>

/** The vendor's target of an entity: as parsed, or as kept by an earlier pass (a saved board read back, a re-apply). */
export function vendorTargetOf(e: Targetable | ChatRoom): VendorTarget {
  if (e.targetOrigin !== undefined)
    return { pct: e.targetOrigin.vendorPct, thresholdSec: e.targetOrigin.vendorThresholdSec }
  return { pct: e.serviceLevelTargetPct ?? null, thresholdSec: e.serviceLevelThresholdSec ?? null }
}

/**
 * Queues or chat rooms with their targets in effect. Works from what the vendor said every time (kept in
 * `targetOrigin`), so applying again after the user changed a target gives the new one, never a mix.
 */
export function applyTargets<E extends Targetable | ChatRoom>(
  items: readonly E[],
  targets: Readonly<Targets>,
): E[] {
  return items.map((e) => ({ ...e, ...targetInEffect(vendorTargetOf(e), targets[e.id]) }))
}

/**
 * How many percentage points a service level is below its target (negative: above it), or null without both: the
 * `serviceLevelGapPct` rule field (src-shared/rules/default-pack.ts).
 */
export function serviceLevelGap(
  targetPct: number | null | undefined,
  serviceLevelPct: number | null | undefined,
): number | null {
  if (targetPct === null || targetPct === undefined) return null
  if (serviceLevelPct === null || serviceLevelPct === undefined || !Number.isFinite(serviceLevelPct))
    return null
  return targetPct - serviceLevelPct
}

/** The service level a queue is judged by: the vendor's figure now, else today's (as the cards and the ranking). */
export function queueServiceLevel(q: Pick<Queue, 'serviceLevelPct' | 'today'>): number | null {
  return q.serviceLevelPct ?? q.today?.serviceLevelPct ?? null
}

/** A chat room's service level: only today's exists (Thulium's report). */
export function chatRoomServiceLevel(r: Pick<ChatRoom, 'today'>): number | null {
  return r.today?.serviceLevelPct ?? null
}
