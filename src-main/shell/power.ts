/**
 * Sleep and wake, forwarded to the engine: nothing polls while the machine sleeps, everything polls once on wake.
 * The network state is the Connectivity port's job (src-main/shell/connectivity.ts), which the engine follows.
 */
import { powerMonitor } from 'electron'
import type { Engine } from '../core/engine'
import type { Disposer, Logger } from '../core/ports'

export interface PowerOptions {
  log: Logger
}

export function watchPower(engine: Pick<Engine, 'suspend' | 'resume'>, opts: PowerOptions): Disposer {
  const { log } = opts
  const onSuspend = () => {
    log.info('the computer is going to sleep: polling stops')
    engine.suspend()
  }
  const onResume = () => {
    log.info('the computer woke up: every connection polls now')
    engine.resume()
  }
  powerMonitor.on('suspend', onSuspend)
  powerMonitor.on('resume', onResume)
  return () => {
    powerMonitor.off('suspend', onSuspend)
    powerMonitor.off('resume', onResume)
  }
}
