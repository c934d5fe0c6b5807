import type { ProviderId } from '../../../src-shared/model'
import type { ProviderFactory } from './types'

/**
 * Adapter factories by provider id. Each vendor lives in its own folder (`client`, `parse`, `index`, `sandbox`);
 * this map is the only place that knows them all.
 */
export const PROVIDER_FACTORIES: Partial<Record<ProviderId, ProviderFactory>> = {
}
