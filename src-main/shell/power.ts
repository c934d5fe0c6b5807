/**
 * Sleep and network, forwarded to the engine: nothing polls while the machine sleeps, everything polls once on
 * wake, and "this computer is offline" is told apart from a failing vendor.
 *
 * Electron's main process has no online/offline events (only the renderer does), so `net.isOnline()` is
 * checked on a short interval and on wake; only changes are forwarded.
 */
import { net, powerMonitor } from 'electron'
import type { Engine } from '../core/engine'
import type { Disposer, Logger } from '../core/ports'

export interface PowerOptions {
  log: Logger
  /** How often to check the network state, ms (default 3 s). */
  checkEveryMs?: number
}

export function watchPower(
  engine: Pick<Engine, 'suspend' | 'resume' | 'setOnline'>,
  opts: PowerOptions,
): Disposer {
  const { log } = opts
  let online = net.isOnline()
  engine.setOnline(online)

  const check = () => {
    const now = net.isOnline()
    if (now === online) return
    online = now
    log.info(now ? 'the network is back' : 'this computer went offline')
    engine.setOnline(now)
  }

  const onSuspend = () => {
    log.info('the computer is going to sleep: polling stops')
    engine.suspend()
  }
  const onResume = () => {
    log.info('the computer woke up: every connection polls now')
    // Network first, so the wake-up polls are not wasted on a network that is not back yet.
    check()
    engine.resume()
  }

  powerMonitor.on('suspend', onSuspend)
  powerMonitor.on('resume', onResume)
  const timer = setInterval(check, opts.checkEveryMs ?? 3000)

  return () => {
    clearInterval(timer)
    powerMonitor.off('suspend', onSuspend)
    powerMonitor.off('resume', onResume)
  }
}
