import type { z } from 'zod'
import type { ProviderId } from '../model'

/** One field the connection editor renders for a provider's `options` (or a top-level connection field). */
export interface DescriptorField {
  /** Key inside `options`. */
  key: string
  label: string
  help: string
  kind: 'text' | 'number' | 'boolean' | 'select' | 'string-list' | 'string-map' | 'state-map'
  choices?: { value: string; label: string }[]
  placeholder?: string
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
  baseUrl: { required: boolean; default: string | null; label: string; help: string; placeholder: string }
  username: { required: boolean; label: string; help: string } | null
  secret: { required: boolean; label: string; help: string } | null
  /** Seconds. `min` is enforced whatever the user sets (e.g. 8x8's 10 s server cache). */
  pollSeconds: { min: number; default: number; help: string }
  options: z.ZodType
  fields: DescriptorField[]
}
