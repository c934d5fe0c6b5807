import type { z } from 'zod'
import type { ConsoleTemplates } from '../console-links'
import type { Metric, ProviderId } from '../model'
import type { VendorLimits } from './limits'

/**
 * What the two columns of a map field hold, for the people filling it in. The board shows each in the user's
 * language (the renderer's `connections.map.<column>` messages).
 */
export type MapColumn =
  'key' | 'value' | 'vendorState' | 'boardState' | 'metricId' | 'meaning' | 'queueId' | 'queueName'

/** One field the connection editor renders for a provider's `options` (or a top-level connection field). */
export interface DescriptorField {
  /** Key inside `options`. */
  key: string
  label: string
  help: string
  kind: 'text' | 'number' | 'boolean' | 'select' | 'string-list' | 'string-map' | 'state-map'
  choices?: { value: string; label: string }[]
  placeholder?: string
  /** Maps: what the keys and the values are for this vendor (default: see {@link mapColumnsOf}). */
  columns?: { key: MapColumn; value: MapColumn }
  /**
   * Maps keyed by metric id: the value to suggest for a metric the connection already reads, so the user can add
   * it with one click (Chronicall: the meaning a metric's name suggests).
   */
  suggestForMetric?: (metric: Pick<Metric, 'name' | 'category' | 'kind'>) => string
}

/** The columns of a map field: its own, else "vendor state → board state" for state maps, else "key → value". */
export function mapColumnsOf(field: DescriptorField): { key: MapColumn; value: MapColumn } {
  if (field.columns) return field.columns
  return field.kind === 'state-map'
    ? { key: 'vendorState', value: 'boardState' }
    : { key: 'key', value: 'value' }
}

/**
 * What the app, the headless runner and the connections UI need to know about a provider, without any I/O.
 * `options` is a strict zod schema: an unknown option key is a config error, so typos never pass silently.
 */
export interface ProviderDescriptor {
  id: ProviderId
  /** Vendor / product name shown to users. */
  label: string
  /** One sentence a supervisor reads when choosing the vendor. */
  summary: string
  /** The vendor's server; null for a provider that reaches no server (the built-in simulator). */
  baseUrl: {
    required: boolean
    default: string | null
    label: string
    help: string
    placeholder: string
  } | null
  username: { required: boolean; label: string; help: string } | null
  secret: { required: boolean; label: string; help: string } | null
  /** Seconds. `min` is enforced whatever the user sets (e.g. 8x8's 10 s server cache). */
  pollSeconds: { min: number; default: number; help: string }
  /** What one answer may weigh and how long a Retry-After is honoured; a connection's options may override. */
  limits: VendorLimits
  /**
   * Every real tenant of this vendor has something to show (queues, rooms or metrics), so an answer holding no
   * agents, queues, chat rooms or metrics is a broken answer even on the first poll (8x8 answering `null`); false
   * where an empty board can be true (the simulator with nothing configured).
   */
  neverEmpty: boolean
  /**
   * Where agents' state reasons (`stateReason`) come from, for rules by reason (docs/FEATURES.md): `given` by the
   * vendor, `metric` only through the connection's own mapping (Chronicall's state text or a "reason" metric meaning),
   * `none` never (such a connection's agents never match a rule that names reasons).
   */
  stateReasons: 'given' | 'metric' | 'none'
  /**
   * Links to the vendor's own console (src-shared/console-links.ts): only what the vendor documents; a target
   * without a template has no link (docs/vendors/<id>.md, "Console links"). A connection may set its own.
   */
  console: ConsoleTemplates
  options: z.ZodType
  fields: DescriptorField[]
}
