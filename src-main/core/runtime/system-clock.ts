/* eslint-disable no-restricted-globals, no-restricted-properties -- the real Clock adapter wraps the globals. */
import type { Clock, Random } from '../ports'

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms))
    return () => clearTimeout(t)
  },
}

export const systemRandom: Random = () => Math.random()
