import type { ProviderId } from '../../../src-shared/model'
import type { ProviderFactory } from './types'
import { createEightByEightAdapter } from './8x8'
import { createBrightPatternAdapter } from './brightpattern'
import { createChronicallAdapter } from './chronicall'
import { createGiosgAdapter } from './giosg'
import { createSimulatorAdapter } from './simulator'
import { createThuliumAdapter } from './thulium'

/**
 * Adapter factories by provider id. Each vendor lives in its own folder (`client`, `parse`, `index`, `sandbox`);
 * this map is the only place that knows them all. Exhaustive: a ProviderId without an adapter fails to compile
 * (docs/ADDING-A-VENDOR.md).
 */
export const PROVIDER_FACTORIES: Record<ProviderId, ProviderFactory> = {
  '8x8': createEightByEightAdapter,
  brightpattern: createBrightPatternAdapter,
  chronicall: createChronicallAdapter,
  giosg: createGiosgAdapter,
  simulator: createSimulatorAdapter,
  thulium: createThuliumAdapter,
}
