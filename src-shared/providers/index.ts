import type { ProviderId } from '../model'
import type { ProviderDescriptor } from './descriptor'
import { brightPatternDescriptor } from './brightpattern'
import { chronicallDescriptor } from './chronicall'
import { eightByEightDescriptor } from './eightbyeight'
import { giosgDescriptor } from './giosg'
import { simulatorDescriptor } from './simulator'
import { thuliumDescriptor } from './thulium'

export type { ProviderDescriptor, DescriptorField, MapColumn } from './descriptor'
export { mapColumnsOf } from './descriptor'

/** Every provider's descriptor, keyed by id. Exhaustive: adding a ProviderId without a descriptor fails to compile. */
export const PROVIDER_DESCRIPTORS: Record<ProviderId, ProviderDescriptor> = {
  giosg: giosgDescriptor,
  brightpattern: brightPatternDescriptor,
  thulium: thuliumDescriptor,
  '8x8': eightByEightDescriptor,
  chronicall: chronicallDescriptor,
  simulator: simulatorDescriptor,
}
