import { describe, expect, it } from 'vitest'
import type { Point } from './history-merge'
import { mergePoints, trimPoints } from './history-merge'

describe('mergePoints', () => {
  it('takes everything into an empty series', () => {
    expect(
      mergePoints(
        [],
        [
          [1, 2],
          [2, null],
        ],
      ),
    ).toEqual([
      [1, 2],
      [2, null],
    ])
  })

  it('appends only what is newer than the last point held', () => {
    const held: Point[] = [
      [1000, 1],
      [2000, 2],
    ]
    expect(
      mergePoints(held, [
        [2000, 2],
        [3000, 3],
        [4000, 4],
      ]),
    ).toEqual([
      [1000, 1],
      [2000, 2],
      [3000, 3],
      [4000, 4],
    ])
    // the held array itself is not changed
    expect(held).toHaveLength(2)
  })

  it('keeps a gap recorded at the same instant as the last value', () => {
    // main records a gap at the last point's time when a poll fails right after it
    expect(
      mergePoints(
        [[2000, 5]],
        [
          [2000, 5],
          [2000, null],
          [7000, 1],
        ],
      ),
    ).toEqual([
      [2000, 5],
      [2000, null],
      [7000, 1],
    ])
  })

  it('does not duplicate points already held at the last instant', () => {
    const held: Point[] = [
      [2000, 5],
      [2000, null],
    ]
    expect(
      mergePoints(held, [
        [2000, 5],
        [2000, null],
      ]),
    ).toEqual(held)
  })

  it('ignores points older than what is held (a wider fetch for another series)', () => {
    expect(
      mergePoints(
        [[5000, 1]],
        [
          [1000, 9],
          [5000, 1],
          [6000, 2],
        ],
      ),
    ).toEqual([
      [5000, 1],
      [6000, 2],
    ])
  })
})

describe('trimPoints', () => {
  it('drops points before the window and keeps the array when nothing is dropped', () => {
    const pts: Point[] = [
      [1, 1],
      [2, null],
      [3, 3],
    ]
    expect(trimPoints(pts, 2)).toEqual([
      [2, null],
      [3, 3],
    ])
    expect(trimPoints(pts, 0)).toBe(pts)
    expect(trimPoints(pts, 9)).toEqual([])
  })
})
