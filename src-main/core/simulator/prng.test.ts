import { describe, expect, it } from 'vitest'
import { hashSeed, logNormal, mulberry32, shuffle, truncatedExponential, uniformInt } from './prng'

describe('prng', () => {
  it('replays the same sequence for the same seed, another for another seed', () => {
    const a = mulberry32(42)
    const b = mulberry32(42)
    const c = mulberry32(43)
    const xs = Array.from({ length: 5 }, () => a())
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs)
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs)
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
    }
  })

  it('hashes seeds and stream names to separate 32-bit seeds', () => {
    expect(hashSeed(42, 'roster')).toBe(hashSeed(42, 'roster'))
    expect(hashSeed(42, 'roster')).not.toBe(hashSeed(42, 'dynamics'))
    expect(hashSeed(1e15, 'x')).not.toBe(hashSeed(1e15 + 1, 'x'))
    expect(Number.isInteger(hashSeed(-7))).toBe(true)
    expect(hashSeed(-7)).toBeGreaterThanOrEqual(0)
  })

  it('draws within the documented bounds with the documented means', () => {
    const rng = mulberry32(3)
    const n = 20_000
    let sumTrunc = 0
    let sumLog = 0
    const trunc = { min: Infinity, max: -Infinity }
    const log = { min: Infinity, max: -Infinity }
    const ints = new Set<number>()
    for (let i = 0; i < n; i++) {
      const t = truncatedExponential(rng, 60, 95)
      trunc.min = Math.min(trunc.min, t)
      trunc.max = Math.max(trunc.max, t)
      sumTrunc += t
      const l = logNormal(rng, 240, 0.55, 30, 1500)
      log.min = Math.min(log.min, l)
      log.max = Math.max(log.max, l)
      sumLog += l
      ints.add(uniformInt(rng, 1, 3))
    }
    expect(trunc.min).toBeGreaterThanOrEqual(0)
    expect(trunc.max).toBeLessThanOrEqual(95)
    expect(trunc.max).toBeGreaterThan(90)
    expect(log.min).toBeGreaterThanOrEqual(30)
    expect(log.max).toBeLessThanOrEqual(1500)
    expect([...ints].sort()).toEqual([1, 2, 3])
    // Truncation at 95 s pulls the mean of a 60 s exponential down to about 37 s.
    expect(sumTrunc / n).toBeGreaterThan(33)
    expect(sumTrunc / n).toBeLessThan(41)
    expect(sumLog / n).toBeGreaterThan(225)
    expect(sumLog / n).toBeLessThan(255)
  })

  it('shuffles into a permutation', () => {
    const xs = shuffle(mulberry32(1), [1, 2, 3, 4, 5, 6, 7, 8])
    expect([...xs].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(xs).not.toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })
})
