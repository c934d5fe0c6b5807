import { describe, expect, it } from 'vitest'
import { estimateSkew } from './skew'

describe('estimateSkew', () => {
  it('leaves in-sync clocks alone (the Date header only has whole seconds)', () => {
    expect(estimateSkew([{ date: 1_000_000, sentAt: 1_000_100, receivedAt: 1_000_400 }], 0)).toBe(0)
  })

  it('finds a server that runs ahead or behind, to within the Date header resolution', () => {
    const ahead = estimateSkew([{ date: 1_120_000, sentAt: 1_000_100, receivedAt: 1_000_300 }], 0)
    expect(ahead).toBeGreaterThanOrEqual(119_000)
    expect(ahead).toBeLessThanOrEqual(121_000)
    const behind = estimateSkew([{ date: 880_000, sentAt: 1_000_100, receivedAt: 1_000_300 }], 0)
    expect(behind).toBeGreaterThanOrEqual(-121_000)
    expect(behind).toBeLessThanOrEqual(-119_000)
  })

  it('keeps the previous estimate when it fits and when there is no Date header', () => {
    expect(estimateSkew([{ date: 1_120_000, sentAt: 1_000_100, receivedAt: 1_000_300 }], 120_300)).toBe(
      120_300,
    )
    expect(estimateSkew([{ date: null, sentAt: 1, receivedAt: 2 }], 5_000)).toBe(5_000)
    expect(estimateSkew([], -7)).toBe(-7)
  })
})
