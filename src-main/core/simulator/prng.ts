/**
 * Seeded randomness for the simulator. Everything the model draws comes from here, never from Math.random, so
 * the same seed replays the same day. Not for anything security related.
 */

/** A float in [0, 1). */
export type Rng = () => number

/** mulberry32: a tiny 32-bit generator with a full 2^32 period, plenty for a simulation. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A 32-bit seed from any number of parts (FNV-1a over their text, then a murmur3 finaliser). Separate streams
 * (roster, dynamics, incidents) get separate seeds, so switching incidents off does not rename the agents.
 */
export function hashSeed(...parts: (string | number)[]): number {
  const text = parts.map(String).join('\u0000')
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng()
}

/** An integer in [min, max] (both included). */
export function uniformInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor((max - min + 1) * rng())
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

export function exponential(rng: Rng, mean: number): number {
  return -mean * Math.log(1 - rng())
}

/**
 * An exponential with the given mean, truncated to [0, max] by inverting its CDF: no pile-up at the cap, which a
 * plain `Math.min` would give.
 */
export function truncatedExponential(rng: Rng, mean: number, max: number): number {
  const tail = 1 - Math.exp(-max / mean)
  return -mean * Math.log(1 - rng() * tail)
}

/** Standard normal (Box–Muller). */
export function normal(rng: Rng): number {
  const u = 1 - rng()
  const v = rng()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

/**
 * Log-normal with the given arithmetic mean and shape `sigma`, clamped to [min, max]: handling times have a long
 * right tail (most calls are short, a few run long).
 */
export function logNormal(rng: Rng, mean: number, sigma: number, min: number, max: number): number {
  const mu = Math.log(mean) - (sigma * sigma) / 2
  const x = Math.exp(mu + sigma * normal(rng))
  return Math.min(max, Math.max(min, x))
}

/** Fisher–Yates, in place. */
export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    const a = items[i] as T
    items[i] = items[j] as T
    items[j] = a
  }
  return items
}
