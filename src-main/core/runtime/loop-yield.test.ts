import { describe, expect, it } from 'vitest'
import { loopYield } from './loop-yield'

describe('loopYield', () => {
  it('resolves at once within a slice, and gives pending callbacks a turn once the slice is used up', async () => {
    const turn = loopYield(5)
    let ran = false
    setImmediate(() => (ran = true))
    await turn()
    expect(ran).toBe(false)
    const until = performance.now() + 6
    while (performance.now() < until) {
      // a slice of work
    }
    await turn()
    expect(ran).toBe(true)
    // A new slice starts after the turn.
    let again = false
    setImmediate(() => (again = true))
    await turn()
    expect(again).toBe(false)
  })
})
