/**
 * The Connectivity port in the desktop app: Electron's `net.isOnline()` (main has no online/offline events, so it
 * is checked on a short interval) plus a TCP probe of the vendor hosts, which tells "this computer is offline"
 * from "that vendor is down" without ever sending a vendor API request.
 */
import { net } from 'electron'
import type { Config } from '../../src-shared/config'
import type { Connectivity } from '../core/ports'
import { probeTargets, tcpProbeConnectivity } from '../core/runtime/net-probe'

export function electronConnectivity(config: () => Config, checkEveryMs = 3000): Connectivity {
  const probe = tcpProbeConnectivity(() => probeTargets(config())).probe
  return {
    isOnline: () => net.isOnline(),
    onChange(fn) {
      let online = net.isOnline()
      const timer = setInterval(() => {
        const now = net.isOnline()
        if (now === online) return
        online = now
        fn(now)
      }, checkEveryMs)
      return () => clearInterval(timer)
    },
    ...(probe ? { probe } : {}),
  }
}
