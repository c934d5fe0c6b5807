import type { ProviderId } from '../../../src-shared/model'
import type { Clock } from '../ports'
import type { SimulatedContactCenter } from '../simulator/types'
import { startEightByEightSandbox } from '../providers/8x8/sandbox'
import { startBrightPatternSandbox } from '../providers/brightpattern/sandbox'
import { startChronicallSandbox } from '../providers/chronicall/sandbox'
import { startGiosgSandbox } from '../providers/giosg/sandbox'
import { startThuliumSandbox } from '../providers/thulium/sandbox'
import type { SandboxServer } from './server'

export interface SandboxOptions {
  sim: SimulatedContactCenter
  clock: Clock
  /** Credentials the sandbox accepts (meaning per vendor: tenant + token, client id + secret, ...). */
  username: string
  secret: string
  host?: string
  port?: number
}

export type SandboxFactory = (opts: SandboxOptions) => Promise<SandboxServer>

/** Sandbox servers by provider id: each vendor's API served from the simulator, quirks included. */
export const SANDBOX_FACTORIES: Partial<Record<Exclude<ProviderId, 'simulator'>, SandboxFactory>> = {
  '8x8': startEightByEightSandbox,
  brightpattern: startBrightPatternSandbox,
  chronicall: startChronicallSandbox,
  giosg: startGiosgSandbox,
  thulium: startThuliumSandbox,
}
