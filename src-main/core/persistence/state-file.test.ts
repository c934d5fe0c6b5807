import { describe, expect, it } from 'vitest'
import { thin } from './state-file'

describe('state file', () => {
  it('thins to one point per step but never drops a gap or the point after it', () => {
    const p: [number, number | null][] = [
      [0, 1],
      [5, 2],
      [10, 3],
      [12, null],
      [14, 4],
      [15, 5],
      [40, 6],
      [41, 7],
    ]
    expect(thin(p, 10)).toEqual([
      [0, 1],
      [10, 3],
      [12, null],
      [14, 4],
      [40, 6],
      [41, 7],
    ])
  })
})
