/**
 * How much a vendor may send and how long it may silence us (docs/ARCHITECTURE.md §3.2, "Hostile answers"): each
 * provider's descriptor has defaults, and a connection may set its own in `options` (the same keys, for every HTTP
 * vendor). The engine applies them to every request and every snapshot of the connection. They are settings for
 * whoever runs the installation, set in the config file (docs/vendors/README.md): the connection editor has no
 * fields for them and keeps them as they are when the connection is edited.
 */
import { z } from 'zod'

export interface VendorLimits {
  /**
   * Largest answer, MB: the decoded body, and the compressed bytes on the wire (counted separately, same figure).
   * Past it the poll is `bad_response` "response larger than 8 MB (limit for 8x8)".
   */
  maxResponseMB: number
  /** Most entities one snapshot may hold (agents + queues + chat rooms + chat messages + metrics). */
  maxEntities: number
  /** Longest Retry-After honoured, seconds: a vendor asking for longer is asked again after this. */
  maxRetryAfterSec: number
}

/** Defaults most vendors share: a real tenant's answer is far below a few MB. */
export const COMMON_LIMITS: VendorLimits = { maxResponseMB: 8, maxEntities: 5_000, maxRetryAfterSec: 600 }

/** Most redirects one vendor request follows: vendors redirect once or twice (a moved URL), never 20 times. */
export const VENDOR_MAX_REDIRECTS = 5

const hostName = z
  .string()
  .regex(/^[A-Za-z0-9.-]+$|^\[?[0-9A-Fa-f:.]+\]?$/, 'must be a host name, without scheme, port or path')
  .transform((h) => h.toLowerCase().replace(/^\[|\]$/g, ''))

/** Connection options every HTTP vendor takes, beside its own (spread into each provider's options schema). */
export const LIMIT_OPTIONS = {
  maxResponseMB: z.number().positive('must be greater than 0').max(512, 'at most 512').optional(),
  maxEntities: z.number().int('must be a whole number').min(1).max(1_000_000, 'at most 1000000').optional(),
  maxRetryAfterSec: z.number().int('must be whole seconds').min(0).max(86_400, 'at most 86400').optional(),
  /**
   * Hosts a redirect may lead to besides the connection's own (e.g. a vendor's login host). Any other host is a
   * failure naming it: data from a host the user never named is not taken.
   */
  redirectHosts: z.array(hostName).max(20, 'at most 20 hosts').optional(),
}

/** A connection's limits: its own options over the provider's defaults. */
export function effectiveLimits(
  defaults: VendorLimits,
  options: Record<string, unknown>,
): VendorLimits & { redirectHosts: string[] } {
  const num = (k: keyof VendorLimits) => {
    const v = options[k]
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : defaults[k]
  }
  const hosts = options['redirectHosts']
  return {
    maxResponseMB: num('maxResponseMB'),
    maxEntities: num('maxEntities'),
    maxRetryAfterSec: num('maxRetryAfterSec'),
    redirectHosts: Array.isArray(hosts) ? hosts.filter((h): h is string => typeof h === 'string') : [],
  }
}
